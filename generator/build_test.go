package generator

import (
	"context"
	"flag"
	"os"
	"path/filepath"
	"regexp"
	"testing"
	"time"

	"github.com/rogpeppe/go-internal/txtar"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata/golden")

// writeArchive extracts a txtar archive into a new temporary folder.
func writeArchive(t testing.TB, name string) string {
	t.Helper()
	ar, err := txtar.ParseFile(name)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	for _, f := range ar.Files {
		p := filepath.Join(dir, f.Name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, f.Data, 0o644); err != nil {
			t.Fatal(err)
		}
		// Pages outside Git are dated by their files: fix the time.
		if err := os.Chtimes(p, fileTime, fileTime); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

var fileTime = time.Date(2026, 10, 1, 9, 30, 0, 0, time.UTC)

var fixedNow = time.Date(2026, 11, 24, 12, 0, 0, 0, time.UTC)

// assetHash hides the content hash in asset names so a stylesheet edit
// does not rewrite every golden file.
var assetHash = regexp.MustCompile(`(main|theme|style|meta)[-.]([A-Z0-9]{8}|[0-9a-f]{8})\.(js|css)`)

func TestGoldenSite(t *testing.T) {
	dir := writeArchive(t, "testdata/golden/site.txtar")
	res, err := Build(context.Background(), Options{Dir: dir, Now: fixedNow, SourceCommit: "0123abc"})
	if err != nil {
		t.Fatalf("build failed: %v\n%v", err, res.Diagnostics)
	}
	if len(res.Diagnostics) != 0 {
		t.Errorf("unexpected diagnostics: %v", res.Diagnostics)
	}
	for _, out := range []string{
		"index.html",
		"sharepoint/index.html",
		"sharepoint/restore/index.html",
		"sharepoint/lifecycle/index.html",
		"sharepoint/print.html",
		"nl/index.html",
		"nl/wachtwoord/index.html",
		"tags/index.html",
		"tags/restore/index.html",
		"404.html",
		"sitemap.xml",
		"inventory/index.html",
		"inventory/sp-hr-hub/index.html",
		"inventory/hierarchy/index.html",
		"inventory/inventory.csv",
		"inventory/inventory.json",
		"audit/index.html",
		"audit/software/index.html",
		"audit/audit.json",
		"audit/page-review-overdue/index.html",
		"audit/owners/web-ops-at-example-org/index.html",
		"status/index.html",
		"inventory/team-ops/index.html",
	} {
		t.Run(out, func(t *testing.T) {
			checkGolden(t, dir, filepath.Join("testdata", "golden"), out)
		})
	}
	if _, err := os.Stat(filepath.Join(dir, "public", "sharepoint", "diagram.svg")); err != nil {
		t.Errorf("image beside a page not copied: %v", err)
	}
}

// BenchmarkBuildExample builds the bundled example manual end to end.
func BenchmarkBuildExample(b *testing.B) {
	dir := b.TempDir()
	for _, d := range []string{"content", "inventory"} {
		if err := os.CopyFS(filepath.Join(dir, d), os.DirFS(filepath.Join("..", d))); err != nil {
			b.Fatal(err)
		}
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := Build(context.Background(), Options{Dir: dir, Now: fixedNow}); err != nil {
			b.Fatal(err)
		}
	}
}

// checkGolden compares the built file out with its golden copy under
// goldenDir (asset hashes hidden), or rewrites the copy with -update.
func checkGolden(t *testing.T, dir, goldenDir, out string) {
	t.Helper()
	got, err := os.ReadFile(filepath.Join(dir, "public", out))
	if err != nil {
		t.Fatal(err)
	}
	got = assetHash.ReplaceAll(got, []byte("$1-HASH.$3"))
	checkGoldenBytes(t, filepath.Join(goldenDir, filepath.FromSlash(out)+".golden"), got)
}
