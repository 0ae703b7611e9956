package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestStartProfile: HANDBOOK_CPUPROFILE's path gets a profile pprof
// reads (gzip data) once stopped; a path that cannot be created is
// reported once and the command runs on; no path writes nothing.
func TestStartProfile(t *testing.T) {
	dir := t.TempDir()
	for _, tc := range []struct {
		name, path, stderr string
		written            bool
	}{
		{name: "no variable"},
		{name: "a writable path", path: filepath.Join(dir, "build.prof"), written: true},
		{name: "a missing folder", path: filepath.Join(dir, "missing", "build.prof"), stderr: "handbook: HANDBOOK_CPUPROFILE: open " + filepath.Join(dir, "missing", "build.prof") + ": no such file or directory\n"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var stderr bytes.Buffer
			stop := startProfile(tc.path, &stderr)
			stop()
			if stderr.String() != tc.stderr {
				t.Errorf("stderr = %q, want %q", stderr.String(), tc.stderr)
			}
			data, err := os.ReadFile(tc.path)
			if got := err == nil && strings.HasPrefix(string(data), "\x1f\x8b"); got != tc.written {
				t.Errorf("profile written = %v (err %v, %d bytes), want %v", got, err, len(data), tc.written)
			}
		})
	}
}

// TestStartHeapProfile: HANDBOOK_MEMPROFILE's path holds a heap profile
// (gzip data) once stopped, even for a command too short to grow the
// heap; a path that cannot be created is reported once; no path writes
// nothing.
func TestStartHeapProfile(t *testing.T) {
	dir := t.TempDir()
	for _, tc := range []struct {
		name, path, stderr string
		written            bool
	}{
		{name: "no variable"},
		{name: "a writable path", path: filepath.Join(dir, "heap.prof"), written: true},
		{name: "a missing folder", path: filepath.Join(dir, "missing", "heap.prof"), stderr: "handbook: HANDBOOK_MEMPROFILE: open " + filepath.Join(dir, "missing", "heap.prof") + ": no such file or directory\n"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var stderr bytes.Buffer
			stop := startHeapProfile(tc.path, &stderr)
			held := make([][]byte, 0, 64)
			for range 64 {
				held = append(held, make([]byte, 1<<16))
			}
			stop()
			_ = held
			if stderr.String() != tc.stderr {
				t.Errorf("stderr = %q, want %q", stderr.String(), tc.stderr)
			}
			data, err := os.ReadFile(tc.path)
			if got := err == nil && strings.HasPrefix(string(data), "\x1f\x8b"); got != tc.written {
				t.Errorf("profile written = %v (err %v, %d bytes), want %v", got, err, len(data), tc.written)
			}
		})
	}
}
