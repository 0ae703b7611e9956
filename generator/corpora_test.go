package generator

import (
	"bytes"
	"context"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// corpusDir holds site projects shaped like real families of manuals
// (see each one's README.md): they must build as they are.
const corpusDir = "../testdata/corpora"

// copyCorpus copies a corpus project into a temporary folder, outside
// Git, with every file dated fileTime so that pages are dated alike on
// every machine.
func copyCorpus(t testing.TB, name string) string {
	t.Helper()
	dir := t.TempDir()
	if err := os.CopyFS(dir, os.DirFS(filepath.Join(corpusDir, name))); err != nil {
		t.Fatal(err)
	}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		return os.Chtimes(p, fileTime, fileTime)
	})
	if err != nil {
		t.Fatal(err)
	}
	return dir
}

// leftoverSyntax matches the source syntax of the other publishers that
// must never reach a reader as text: DocFX includes and alerts, MkDocs
// and Docusaurus admonitions, Learn's :::image blocks, heading
// attributes.
var leftoverSyntax = regexp.MustCompile(`\[!(?i:INCLUDE|NOTE|TIP|IMPORTANT|CAUTION|WARNING|div)|(?m)^(?:<p>)?(?:!!!|\?\?\?\+?|:::+) ?[a-z]|:::image|\{ ?#[a-z-]+ ?\}`)

func TestRealCorpora(t *testing.T) {
	tests := []struct {
		corpus string
		// golden lists outputs compared with their golden copies under
		// testdata/golden/corpora/<corpus>/.
		golden []string
		// files must exist in the output.
		files []string
	}{
		{
			corpus: "learn",
			golden: []string{"external-sharing-overview/index.html", "turn-external-sharing-on-or-off/index.html", "change-external-sharing-site/index.html"},
			files:  []string{"index.html", "media/external-sharing/sharing-page.png", "media/external-sharing/sharing-settings@2x.png", "manage-site-collection-storage-limits/index.html"},
		},
		{
			corpus: "runbooks",
			golden: []string{"index.html", "search/index.html", "google-cloud-storage-2/index.html", "google-cloud-storage/index.html"},
			files:  []string{"status/index.html", "changes/index.html", "audit/index.html", "inventory/index.html", "tags/index.html", "assets/index.html", "assets/img/cdn-requests.png", "incidents/declare-an-incident/index.html"},
		},
		{
			corpus: "mkdocs",
			golden: []string{"getting-started/index.html", "admin/users/index.html"},
			files:  []string{"assets/images/logo.png", "assets/stylesheets/extra.css", "admin/backups/index.html", "teams/naming/index.html"},
		},
		{
			corpus: "docusaurus",
			golden: []string{"index.html", "deployments/rollback/index.html", "deployments/deploy-a-release/index.html", "operations/certificates/index.html"},
			files:  []string{"operations/certificates/index.html", "incidents/handling/index.html", "operations/img/cycle.png", "img/pipeline.png"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.corpus, func(t *testing.T) {
			dir := copyCorpus(t, tt.corpus)
			res, err := Build(context.Background(), Options{Dir: dir, Now: fixedNow, SourceCommit: "0123abc", NoCache: true})
			if err != nil {
				t.Fatalf("build failed: %v\n%v", err, res.Diagnostics)
			}
			// Every message the build printed is pinned: a migrating
			// team reads them first.
			var msgs bytes.Buffer
			for _, d := range res.Diagnostics {
				msgs.WriteString(d.String() + "\n")
			}
			checkGoldenBytes(t, filepath.Join("testdata", "golden", "corpora", tt.corpus, "diagnostics.txt"), msgs.Bytes())
			for _, out := range tt.golden {
				checkGolden(t, dir, filepath.Join("testdata", "golden", "corpora", tt.corpus), out)
			}
			for _, f := range tt.files {
				if _, err := os.Stat(filepath.Join(dir, "public", filepath.FromSlash(f))); err != nil {
					t.Errorf("missing output: %v", err)
				}
			}
			// No page shows another publisher's syntax as text.
			err = filepath.WalkDir(filepath.Join(dir, "public"), func(p string, d fs.DirEntry, err error) error {
				if err != nil || d.IsDir() || !strings.HasSuffix(p, ".html") {
					return err
				}
				b, err := os.ReadFile(p)
				if err != nil {
					return err
				}
				if m := leftoverSyntax.Find(b); m != nil {
					t.Errorf("%s shows source syntax %q", strings.TrimPrefix(p, dir), m)
				}
				return nil
			})
			if err != nil {
				t.Fatal(err)
			}
		})
	}
}

// checkGoldenBytes compares got with the golden file, or rewrites it
// with -update.
func checkGoldenBytes(t *testing.T, golden string, got []byte) {
	t.Helper()
	if *update {
		if err := os.MkdirAll(filepath.Dir(golden), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(golden, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (run go test ./generator -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs; if the change is intended, run go test ./generator -update\n--- got ---\n%s", golden, got)
	}
}
