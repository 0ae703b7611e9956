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
