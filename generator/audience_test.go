package generator

import (
	"context"
	"html"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/handbook-dev/handbook/generator/config"
	"github.com/handbook-dev/handbook/generator/source"
)

// phrase is a run of six plain words: text the HTML shows as written,
// whatever markup surrounds it.
var phrase = regexp.MustCompile(`[A-Za-z]+(?: [A-Za-z]+){5}`)

// TestAudienceLeavesNothingOfExcludedPages builds the example manual for
// staff and greps every file of the output for the unique text of every
// page that is not for staff (its own audience, or its section's, lacks
// staff): titles and six-word phrases that no staff page, nor the
// inventory, snapshots or settings published to everyone, contains. None may
// appear: not in pages, navigation, listings, print views, tag pages,
// the inventory, the audit, the exports, the sitemap or the manifest.
func TestAudienceLeavesNothingOfExcludedPages(t *testing.T) {
	project, err := filepath.Abs("..")
	if err != nil {
		t.Fatal(err)
	}
	out := t.TempDir()
	res, err := Build(context.Background(), Options{Dir: project, Out: out, Now: fixedNow, SourceCommit: "test", Audience: "staff"})
	if err != nil {
		t.Fatalf("build: %v %v", err, res.Diagnostics)
	}

	// Which pages are for staff, read straight from the sources.
	docs := map[string]*source.Document{}
	content := filepath.Join(project, config.DefaultContentDir)
	_ = filepath.WalkDir(content, func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && strings.HasSuffix(p, ".md") {
			src, _ := os.ReadFile(p)
			rel, _ := filepath.Rel(content, p)
			if doc, _ := source.Parse(rel, src); doc != nil {
				docs[filepath.ToSlash(rel)] = doc
			}
		}
		return nil
	})
	forStaff := func(doc *source.Document) bool {
		if len(doc.Audience) == 0 {
			return true
		}
		for _, a := range doc.Audience {
			if a == "staff" {
				return true
			}
		}
		return false
	}
	excluded := func(rel string) bool {
		for dir := path.Dir(rel); ; dir = path.Dir(dir) {
			if idx := docs[path.Join(dir, "_index.md")]; idx != nil && path.Join(dir, "_index.md") != rel && dir != "." && !forStaff(idx) {
				return true
			}
			if dir == "." {
				break
			}
		}
		return !forStaff(docs[rel])
	}
	var staffText strings.Builder
	for rel, doc := range docs {
		if !excluded(rel) {
			staffText.WriteString(doc.Title + "\n" + string(doc.Body) + "\n")
		}
	}
	// The inventory, the snapshots and the settings are published to
	// every audience: text they share with a page is not the page's.
	for _, dir := range []string{"inventory", "data", "handbook.yaml"} {
		_ = filepath.WalkDir(filepath.Join(project, dir), func(p string, d fs.DirEntry, err error) error {
			if err == nil && !d.IsDir() {
				data, _ := os.ReadFile(p)
				staffText.Write(data)
			}
			return nil
		})
	}
	unique := func(s string) bool { return !strings.Contains(staffText.String(), s) }

	var secrets []string
	pages := 0
	for rel, doc := range docs {
		if !excluded(rel) {
			continue
		}
		pages++
		if doc.Title != "" && unique(doc.Title) {
			secrets = append(secrets, doc.Title)
		}
		fenced := false
		for _, line := range strings.Split(string(doc.Body), "\n") {
			if strings.HasPrefix(strings.TrimSpace(line), "```") {
				fenced = !fenced
			}
			if fenced {
				continue // highlighted code splits words with markup
			}
			for _, ph := range phrase.FindAllString(line, -1) {
				if unique(ph) {
					secrets = append(secrets, ph)
				}
			}
		}
	}
	if pages < 30 || len(secrets) < 300 {
		t.Fatalf("only %d excluded pages with %d unique texts: the example no longer tests this", pages, len(secrets))
	}

	files := 0
	err = filepath.WalkDir(out, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		files++
		text := html.UnescapeString(string(data))
		for _, s := range secrets {
			if strings.Contains(text, s) {
				rel, _ := filepath.Rel(out, p)
				t.Errorf("%s holds %q of a page not for staff", rel, s)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("%d pages not for staff, %d unique texts, none in %d output files", pages, len(secrets), files)
	home, _ := os.ReadFile(filepath.Join(out, "index.html"))
	if !strings.Contains(string(home), "Lakeside") {
		t.Errorf("the staff home page looks empty")
	}
}
