package generator

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/handbook-dev/handbook/generator/cache"
)

func TestCacheKeepsConversionsBetweenBuilds(t *testing.T) {
	dir := writeArchive(t, "testdata/golden/site.txtar")
	first, err := Build(context.Background(), Options{Dir: dir, Now: fixedNow, SourceCommit: "x"})
	if err != nil {
		t.Fatal(err, first.Diagnostics)
	}
	before := readFile(t, dir, "public/sharepoint/restore/index.html")
	entries := countFiles(t, filepath.Join(dir, DefaultCache))
	if first.CacheHits != 0 || entries == 0 {
		t.Fatalf("first build: %d hits, %d cache files", first.CacheHits, entries)
	}
	second, err := Build(context.Background(), Options{Dir: dir, Now: fixedNow, SourceCommit: "x"})
	if err != nil {
		t.Fatal(err, second.Diagnostics)
	}
	if second.CacheHits != entries {
		t.Errorf("second build: %d hits, want %d (every page's analysis and HTML)", second.CacheHits, entries)
	}
	if after := readFile(t, dir, "public/sharepoint/restore/index.html"); after != before {
		t.Error("a page from the cache differs from the page converted")
	}
	// A removed page's entries leave the cache with the next build.
	if err := os.Remove(filepath.Join(dir, "content/sharepoint/restore.md")); err != nil {
		t.Fatal(err)
	}
	if res, err := Build(context.Background(), Options{Dir: dir, Now: fixedNow, SourceCommit: "x"}); err != nil {
		t.Fatal(err, res.Diagnostics)
	}
	if n := countFiles(t, filepath.Join(dir, DefaultCache)); n >= entries {
		t.Errorf("cache holds %d files after a page was removed, %d before", n, entries)
	}
	// --no-cache leaves no folder behind; a cache inside the output is refused.
	dir2 := writeArchive(t, "testdata/golden/site.txtar")
	if res, err := Build(context.Background(), Options{Dir: dir2, Now: fixedNow, NoCache: true}); err != nil || countFiles(t, filepath.Join(dir2, DefaultCache)) != 0 {
		t.Errorf("--no-cache: %v %v", err, res.Diagnostics)
	}
	res, err := Build(context.Background(), Options{Dir: dir2, Now: fixedNow, CacheDir: "public/cache"})
	if err == nil || len(res.Diagnostics) == 0 || !strings.Contains(res.Diagnostics[0].String(), "the cache folder may not be inside") {
		t.Errorf("cache inside the output: %v %v", err, res)
	}
}

func countFiles(t *testing.T, dir string) int {
	n := 0
	filepath.WalkDir(dir, func(p string, e os.DirEntry, err error) error {
		if err == nil && !e.IsDir() && e.Name() != cache.LockFile {
			n++
		}
		return nil
	})
	return n
}
