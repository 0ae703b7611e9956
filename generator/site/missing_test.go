package site_test

import (
	"maps"
	"testing"
	"time"

	"github.com/handbook-dev/handbook/generator/history"
)

// TestMissingHint checks what a broken link suggests: the new name of a
// page renamed in Git (written as the link was), else the closest page
// of its folder, else the one page of the same name elsewhere, and
// nothing when no page comes close.
func TestMissingHint(t *testing.T) {
	files := maps.Clone(linkSite)
	files["guide/b.md"] = "---\ntitle: B\n---\nB.\n"
	s := newLinkSite(t, files)
	rename := &history.Commit{Hash: "0123456789abcdef0123456789abcdef01234567", When: time.Date(2026, 3, 1, 11, 0, 0, 0, time.UTC)}
	s.History = &history.Log{Renames: map[string]history.Rename{
		"guide/old.md":      {To: "ops/restore.md", Commit: rename},
		"guide/gone.md":     {To: "guide/deleted-later.md", Commit: rename},
		"guide/files/a.pdf": {To: "guide/files/report.pdf", Commit: rename},
	}}
	tests := []struct {
		name, from, dest string
		want             string
	}{
		{"renamed", "guide/first.md", "old.md#steps", "no such page; it was renamed to ../ops/restore.md in 0123456 (2026-03-01)"},
		{"renamed, from the root", "guide/first.md", "/guide/old.md", "no such page; it was renamed to /ops/restore.md in 0123456 (2026-03-01)"},
		{"renamed, from the home page", "", "guide/old.md", "no such page; it was renamed to ops/restore.md in 0123456 (2026-03-01)"},
		{"renamed file", "guide/first.md", "files/a.pdf", "no such page or file; it was renamed to files/report.pdf in 0123456 (2026-03-01)"},
		{"renamed to a page since deleted", "guide/first.md", "gone.md", "no such page"},
		{"misspelled in its folder", "guide/first.md", "othr.md", "no such page; did you mean other.md?"},
		{"misspelled, from another folder", "ops/restore.md", "../guide/frist.md", "no such page; did you mean ../guide/first.md?"},
		{"moved to another folder", "guide/first.md", "restore.md", "no such page; did you mean ../ops/restore.md?"},
		{"moved, from the root", "guide/first.md", "/restore.md", "no such page; did you mean /ops/restore.md?"},
		{"nothing close", "guide/first.md", "missing.md", "no such page"},
		{"one letter is no misspelling", "guide/first.md", "a.md", "no such page"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			l := s.ResolveLink(fromPage(t, s, tt.from), tt.dest, false)
			if l.Problem != tt.want {
				t.Errorf("%s from %q: problem %q, want %q", tt.dest, tt.from, l.Problem, tt.want)
			}
		})
	}
}
