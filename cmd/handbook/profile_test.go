package main

import (
	"bytes"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestStartProfile: HANDBOOK_CPUPROFILE's and HANDBOOK_MEMPROFILE's
// paths get a profile pprof reads (gzip data) once stopped, the heap's
// even for a command too short to grow the heap; a path that cannot be
// created is reported once and the command runs on; no path writes
// nothing.
func TestStartProfile(t *testing.T) {
	dir := t.TempDir()
	for _, kind := range []struct {
		variable string
		start    func(path string, stderr io.Writer) (stop func())
	}{
		{"HANDBOOK_CPUPROFILE", startProfile},
		{"HANDBOOK_MEMPROFILE", startHeapProfile},
	} {
		missing := filepath.Join(dir, "missing", kind.variable)
		for _, tc := range []struct {
			name, path, stderr string
			written            bool
		}{
			{name: "no variable"},
			{name: "a writable path", path: filepath.Join(dir, kind.variable+".prof"), written: true},
			{name: "a missing folder", path: missing, stderr: "handbook: " + kind.variable + ": open " + missing + ": no such file or directory\n"},
		} {
			t.Run(kind.variable+"/"+tc.name, func(t *testing.T) {
				var stderr bytes.Buffer
				stop := kind.start(tc.path, &stderr)
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
}
