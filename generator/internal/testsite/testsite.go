// Package testsite writes small site projects for tests: a map of
// slash-separated paths to file contents, in a new temporary folder.
package testsite

import (
	"os"
	"path/filepath"
	"testing"
	"time"
)

// FileTime is the modification time of every file Write creates.
var FileTime = time.Date(2026, 10, 1, 9, 30, 0, 0, time.UTC)

// Write creates files (slash paths to contents) in a new temporary
// folder and returns the folder.
func Write(t testing.TB, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, data := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
		// Pages outside Git are dated by their files: fix the time so
		// that output is the same in every run.
		if err := os.Chtimes(p, FileTime, FileTime); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}
