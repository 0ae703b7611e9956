package generator

import (
	"path/filepath"
	"testing"

	"github.com/handbook-dev/handbook/generator/internal/testsite"
)

func TestWatchIgnore(t *testing.T) {
	dir := testsite.Write(t, map[string]string{"handbook.yaml": "inventory:\n  paths: [registers/**/*.yaml]\n", "content/_index.md": "Home.\n"})
	ignore := WatchIgnore(Options{Dir: dir})
	for rel, want := range map[string]bool{
		"content/a.md": false, "content": false, "templates/page.html": false, "assets/x.css": false,
		"handbook.yaml": false, "inventory/a.yaml": false, "registers/x/a.yaml": false, "data/snapshots/web.json": false,
		"public/index.html": true, "public": true, "generator/build.go": true, "README.md": true, "bin/handbook": true,
	} {
		if got := ignore(filepath.Join(dir, filepath.FromSlash(rel))); got != want {
			t.Errorf("ignore(%s) = %v, want %v", rel, got, want)
		}
	}
	if ignore(dir) {
		t.Errorf("the project itself is ignored")
	}
}
