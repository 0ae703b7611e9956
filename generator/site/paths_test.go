package site_test

import (
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/handbook-dev/handbook/generator/config"
	"github.com/handbook-dev/handbook/generator/diag"
	"github.com/handbook-dev/handbook/generator/site"
	"github.com/handbook-dev/handbook/generator/source"
)

// buildSite writes files below a temporary project's content folder and
// builds the model as generator.Build does (category files included),
// returning every diagnostic rather than failing on them.
func buildSite(tb testing.TB, yaml string, files map[string]string) (*site.Site, diag.List) {
	tb.Helper()
	project := tb.TempDir()
	for rel, text := range files {
		p := filepath.Join(project, "content", filepath.FromSlash(rel))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			tb.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			tb.Fatal(err)
		}
	}
	cfg, diags := config.Parse([]byte(yaml))
	if len(diags) > 0 {
		tb.Fatalf("config: %v", diags)
	}
	tree, d := source.Walk(project, "content")
	if len(d) > 0 {
		tb.Fatalf("Walk: %v", d)
	}
	docs := map[string]*source.Document{}
	for _, f := range tree.Files {
		if !f.IsMarkdown() {
			continue
		}
		src, err := os.ReadFile(f.Abs)
		if err != nil {
			tb.Fatal(err)
		}
		doc, d := source.Parse(f.Path, src)
		diags = append(diags, d...)
		docs[f.Rel] = doc
	}
	cats, d := source.Categories(tree, 1<<20)
	diags = append(diags, d...)
	s, d := site.New(cfg, tree, docs, site.Options{Categories: cats})
	return s, append(diags, d...)
}

func messages(l diag.List, sev diag.Severity) []string {
	var out []string
	for _, d := range l {
		if d.Severity == sev {
			out = append(out, d.String())
		}
	}
	return out
}

const home = "---\ntitle: Home\n---\nHome.\n"

func TestGeneratedSectionsMove(t *testing.T) {
	defaults := site.DefaultPaths()
	tests := []struct {
		name  string
		yaml  string
		files map[string]string
		// moved are the sections expected away from their defaults.
		moved map[string]string
		notes []string // one per note, substrings
		errs  []string
	}{
		{name: "nothing collides", files: map[string]string{"_index.md": home, "guide/a.md": "# A\n"}},
		{name: "a folder search/ with README", files: map[string]string{"_index.md": home, "search/README.md": "# Search service\n"},
			moved: map[string]string{"search": "_handbook/search/"},
			notes: []string{"content/search/: note: the content has search/, so handbook's generated search section moves to _handbook/search/ (set generated.search in handbook.yaml"}},
		{name: "MkDocs docs/assets/ with static files only", files: map[string]string{"_index.md": home, "assets/logo.png": "png"},
			moved: map[string]string{"assets": "_handbook/assets/"},
			notes: []string{"content/assets/: note:", "moves to _handbook/assets/"}},
		{name: "a page search.md", files: map[string]string{"_index.md": home, "search.md": "# Search\n"},
			moved: map[string]string{"search": "_handbook/search/"},
			notes: []string{"content/search.md: note:"}},
		{name: "a folder differing in case", files: map[string]string{"_index.md": home, "Tags/x.md": "# X\n"},
			moved: map[string]string{"tags": "_handbook/tags/"},
			notes: []string{"content/Tags/: note:"}},
		{name: "every movable section at once", files: map[string]string{"_index.md": home, "search/a.md": "# A\n", "audit/a.md": "# A\n", "tags/a.md": "# A\n", "assets/a.css": "a{}"},
			moved: map[string]string{"search": "_handbook/search/", "audit": "_handbook/audit/", "tags": "_handbook/tags/", "assets": "_handbook/assets/"},
			notes: []string{"search section", "audit section", "tags section", "assets section"}},
		{name: "a section this site does not write moves without a note", files: map[string]string{"_index.md": home, "status/a.md": "# A\n", "inventory/a.md": "# A\n"},
			moved: map[string]string{"status": "_handbook/status/", "inventory": "_handbook/inventory/"}},
		{name: "a static changes/index.html", files: map[string]string{"_index.md": home, "changes/index.html": "<p>ours</p>"},
			moved: map[string]string{"changes": "_handbook/changes/"}},
		{name: "handbook.yaml chooses the folder", yaml: "generated:\n  search: find\n", files: map[string]string{"_index.md": home, "search/a.md": "# A\n"},
			moved: map[string]string{"search": "find/"}},
		{name: "handbook.yaml moves a free section", yaml: "generated:\n  tags: labels/\n", files: map[string]string{"_index.md": home},
			moved: map[string]string{"tags": "labels/"}},
		{name: "handbook.yaml names a folder the content has", yaml: "title: T\ngenerated:\n  search: guide/\n", files: map[string]string{"_index.md": home, "guide/a.md": "# A\n"},
			moved: map[string]string{"search": "guide/"},
			errs:  []string{"handbook.yaml:3:11: generated.search: guide/ is taken by content/guide/a.md; choose a folder the content does not use"}},
		{name: "handbook.yaml names another section's folder", yaml: "generated:\n  search: tags/\n", files: map[string]string{"_index.md": home},
			moved: map[string]string{"search": "tags/"},
			errs:  []string{"handbook.yaml:2:11: generated.search: tags/ overlaps the tags section at tags/"}},
		{name: "handbook.yaml names a folder at a fixed file", yaml: "generated:\n  search: sitemap.xml/x\n", files: map[string]string{"_index.md": home},
			moved: map[string]string{"search": "sitemap.xml/x/"},
			errs:  []string{"handbook.yaml:2:11: generated.search: sitemap.xml/x/ would put a folder where handbook writes the file sitemap.xml"}},
		{name: "content at the moved place too", files: map[string]string{"_index.md": home, "search/a.md": "# A\n", "x.md": "---\nurl: _handbook/search/\n---\nX\n"},
			errs: []string{"content/x.md: maps to _handbook/search/, where handbook moves its search section because content/search/a.md takes search/"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, diags := buildSite(t, tt.yaml, tt.files)
			for _, name := range site.Movable {
				want := defaults.Get(name)
				if m, ok := tt.moved[name]; ok {
					want = m
				}
				if got := s.Paths.Get(name); got != want && tt.errs == nil {
					t.Errorf("Paths.%s = %q, want %q", name, got, want)
				}
			}
			notes := messages(diags, diag.Note)
			if len(tt.notes) > 0 && len(notes) == 0 {
				t.Errorf("no note, want %q", tt.notes)
			}
			for _, want := range tt.notes {
				found := false
				for _, n := range notes {
					found = found || strings.Contains(n, want)
				}
				if !found {
					t.Errorf("notes %q lack %q", notes, want)
				}
			}
			if len(tt.notes) == 0 && len(notes) > 0 {
				t.Errorf("unexpected notes %q", notes)
			}
			if got := len(notes); len(tt.notes) > 0 && got > len(tt.moved) {
				t.Errorf("%d notes for %d moved sections: %q", got, len(tt.moved), notes)
			}
			errs := messages(diags, diag.Error)
			if len(errs) != len(tt.errs) {
				t.Fatalf("errors %q, want %q", errs, tt.errs)
			}
			for i, want := range tt.errs {
				if !strings.HasPrefix(errs[i], want) {
					t.Errorf("error %q, want %q", errs[i], want)
				}
			}
		})
	}
}

func TestFixedFilesStayErrors(t *testing.T) {
	tests := []struct {
		name  string
		files map[string]string
		want  string
	}{
		{"404.html", map[string]string{"_index.md": home, "404.html": "<p>x</p>"}, "content/404.html: maps to 404.html, a file handbook generates; move or rename it"},
		{"sitemap.xml", map[string]string{"_index.md": home, "sitemap.xml": "<x/>"}, "content/sitemap.xml: maps to sitemap.xml, a file handbook generates"},
		{"manifest.json", map[string]string{"_index.md": home, "manifest.json": "{}"}, "content/manifest.json: maps to manifest.json, a file handbook generates"},
		{"versions.json", map[string]string{"_index.md": home, "versions.json": "[]"}, "content/versions.json: maps to versions.json, a file handbook generates"},
		{"a home index.html beside _index.md", map[string]string{"_index.md": home, "index.html": "<p>x</p>"}, "content/index.html: maps to the same output index.html as content/_index.md"},
		{"a print.html in a section", map[string]string{"_index.md": home, "guide/a.md": "# A\n", "guide/print.html": "x"}, "content/guide/print.html: maps to guide/print.html, the print view of content/guide/"},
		{"url: at the page's line", map[string]string{"_index.md": home, "a.md": "---\ntitle: A\nurl: b/\n---\n", "b.md": "# B\n"}, "content/a.md:3:1: maps to the same output b/index.html as content/b.md"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, diags := buildSite(t, "", tt.files)
			errs := messages(diags, diag.Error)
			if len(errs) != 1 || !strings.HasPrefix(errs[0], tt.want) {
				t.Errorf("errors %q, want one starting %q", errs, tt.want)
			}
		})
	}
}

// A folder of static HTML keeps its index.html at the folder's address:
// the generated section page is not written over it.
func TestStaticIndexStandsIn(t *testing.T) {
	s, diags := buildSite(t, "", map[string]string{"_index.md": home, "changes/index.html": "<p>ours</p>", "legacy/index.html": "<p>old</p>", "legacy/a.html": "x"})
	if errs := messages(diags, diag.Error); len(errs) > 0 {
		t.Fatalf("errors: %q", errs)
	}
	for _, dir := range []string{"changes", "legacy"} {
		sec := s.SectionByDir(dir)
		if sec.Page.StaticIndex == nil || sec.Page.StaticIndex.URL != dir+"/index.html" {
			t.Errorf("section %s: StaticIndex = %v, want its index.html", dir, sec.Page.StaticIndex)
		}
	}
	if s.Paths.Changes != "_handbook/changes/" {
		t.Errorf("Paths.Changes = %q, want it moved", s.Paths.Changes)
	}
}

func TestTwinSources(t *testing.T) {
	files := map[string]string{
		"_index.md":                      home,
		"google_cloud_storage/README.md": "# GCS (underscore)\n",
		"google-cloud-storage/README.md": "# GCS (dash)\n",
		"google-cloud-storage/setup.md":  "# Setup\n",
		"db/Foo.md":                      "# Foo upper\n",
		"db/foo.md":                      "# foo lower\n",
		"db/foo-2.md":                    "# Already named foo-2\n",
		"db/restore.md":                  "# Restore\n\n## Steps\n",
		"a.md":                           "# A page\n",
		"a/_index.md":                    "# A section\n",
		"img/Logo.png":                   "png",
		"img/logo.png":                   "png",
		"links.md":                       "[u](google_cloud_storage/README.md) [d](google-cloud-storage/setup.md) [F](db/Foo.md) [f](db/foo.md#x) [a](a.md) [s](a/) [L](img/Logo.png) [l](img/logo.png) [r](./db/restore.md#steps)\n",
	}
	s, diags := buildSite(t, "", files)
	if errs := messages(diags, diag.Error); len(errs) > 0 {
		t.Fatalf("errors: %q", errs)
	}
	urls := map[string]string{}
	for _, p := range s.Pages {
		if p.File.Rel != "" {
			urls[p.File.Rel] = p.URL
		}
	}
	for _, f := range s.Files {
		urls[f.File.Rel] = f.URL
	}
	want := map[string]string{
		// The name that is already its slug keeps it; a folder wins over a page.
		"google-cloud-storage/README.md": "google-cloud-storage/",
		"google-cloud-storage/setup.md":  "google-cloud-storage/setup/",
		"google_cloud_storage/README.md": "google-cloud-storage-2/",
		"db/foo.md":                      "db/foo/",
		"db/foo-2.md":                    "db/foo-2/",
		"db/Foo.md":                      "db/foo-3/",
		"db/restore.md":                  "db/restore/", // no twin: today's URL
		"a/_index.md":                    "a/",
		"a.md":                           "a-2/",
		"img/logo.png":                   "img/logo.png",
		"img/Logo.png":                   "img/Logo-2.png",
	}
	for rel, w := range want {
		if urls[rel] != w {
			t.Errorf("%s: URL %q, want %q", rel, urls[rel], w)
		}
	}
	warns := messages(diags, diag.Warning)
	sort.Strings(warns)
	wantWarns := []string{
		"content/a.md: warning: content/a/ and content/a.md map to the same output a/: content/a/ keeps it, content/a.md at a-2/; rename one to choose its URL",
		"content/db/Foo.md: warning: content/db/foo.md and content/db/Foo.md map to the same output db/foo/: content/db/foo.md keeps it, content/db/Foo.md at db/foo-3/; rename one to choose its URL",
		"content/google_cloud_storage/: warning: content/google-cloud-storage/ and content/google_cloud_storage/ map to the same output google-cloud-storage/: content/google-cloud-storage/ keeps it, content/google_cloud_storage/ at google-cloud-storage-2/; rename one to choose its URL",
		"content/img/Logo.png: warning: content/img/logo.png and content/img/Logo.png map to the same output img/logo.png: content/img/logo.png keeps it, content/img/Logo.png at img/Logo-2.png; rename one to choose its URL",
	}
	if strings.Join(warns, "\n") != strings.Join(wantWarns, "\n") {
		t.Errorf("warnings:\n%s\nwant:\n%s", strings.Join(warns, "\n"), strings.Join(wantWarns, "\n"))
	}
	// Links written to either twin reach its page.
	from := s.PageBySource("links.md")
	for dest, href := range map[string]string{
		"google_cloud_storage/README.md": "../google-cloud-storage-2/",
		"google-cloud-storage/setup.md":  "../google-cloud-storage/setup/",
		"db/Foo.md":                      "../db/foo-3/",
		"db/foo.md#x":                    "../db/foo/#x",
		"a.md":                           "../a-2/",
		"a/":                             "../a/",
		"img/Logo.png":                   "../img/Logo-2.png",
		"img/logo.png":                   "../img/logo.png",
		"./db/restore.md#steps":          "../db/restore/#steps",
	} {
		if got := s.ResolveLink(from, dest, false); got.Href != href || got.Problem != "" {
			t.Errorf("link %s: href %q (problem %q), want %q", dest, got.Href, got.Problem, href)
		}
	}
}

// The same tree gives the same URLs however often it is built (the walk's
// order or map order never decides which twin keeps its name).
func TestTwinSourcesDeterministic(t *testing.T) {
	files := map[string]string{"_index.md": home, "x_y/a.md": "# 1\n", "x-y/a.md": "# 2\n", "X-Y.md": "# 3\n", "x y/a.md": "# 4\n"}
	var first map[string]string
	for range 5 {
		s, _ := buildSite(t, "", files)
		got := map[string]string{}
		for _, p := range s.Pages {
			got[p.File.Rel] = p.URL
		}
		if first == nil {
			first = got
			continue
		}
		for k, v := range first {
			if got[k] != v {
				t.Fatalf("%s: %q then %q", k, v, got[k])
			}
		}
	}
	if first["x-y/a.md"] != "x-y/a/" {
		t.Errorf("x-y/a.md at %q, want x-y/a/ (its folder's name is its slug)", first["x-y/a.md"])
	}
}

func TestCategoryFiles(t *testing.T) {
	s, diags := buildSite(t, "", map[string]string{
		"_index.md":                        home,
		"tutorial-basics/_category_.json":  `{"label": "Tutorial - Basics", "position": 2, "link": {"type": "generated-index"}}`,
		"tutorial-basics/create-a-page.md": "# Create a page\n",
		"tutorial-extras/_category_.yml":   "label: Tutorial - Extras\nposition: 1\ncollapsed: true\n",
		"tutorial-extras/a.md":             "# A\n",
		"own-title/_category_.json":        `{"label": "Not shown", "position": 3}`,
		"own-title/README.md":              "# The README's title\n",
		"weighted/_category_.json":         `{"position": 9}`,
		"weighted/_index.md":               "---\nweight: 1\n---\nWeighted.\n",
		"intro.md":                         "---\nweight: 5\n---\n# Intro\n",
	})
	if len(diags) > 0 {
		t.Fatalf("diagnostics: %v", diags)
	}
	var order []string
	for _, c := range s.Root.Children {
		order = append(order, c.Title)
	}
	// weighted (1), Tutorial - Extras (1 via position), Tutorial - Basics (2), own-title (3), Intro (5).
	want := []string{"Tutorial - Extras", "Weighted", "Tutorial - Basics", "The README's title", "Intro"}
	if strings.Join(order, " | ") != strings.Join(want, " | ") {
		t.Errorf("home's children %q, want %q", order, want)
	}
	for _, f := range s.Files {
		if strings.Contains(f.URL, "_category_") {
			t.Errorf("category file published at %s", f.URL)
		}
	}
}

func TestCategoryBadJSONFailsAtItsPosition(t *testing.T) {
	_, diags := buildSite(t, "", map[string]string{"_index.md": home, "g/_category_.json": "{\n  \"label\": \"G\"\n  \"position\": 2\n}\n"})
	errs := messages(diags, diag.Error)
	if len(errs) != 1 || !strings.HasPrefix(errs[0], "content/g/_category_.json:3:3: not valid JSON: invalid character '\"' after object key:value pair") {
		t.Errorf("errors %q", errs)
	}
}

// A runbook repository: no front matter anywhere, README.md as each
// folder's page, links between READMEs and to anchors.
func TestRunbookTree(t *testing.T) {
	s, diags := buildSite(t, "", map[string]string{
		"README.md":                    "# Operations runbooks\n\nStart at [the database](db/README.md).\n",
		"db/README.md":                 "# Database\n\nSee [restore](./restore.md#steps) and [search](../search/README.md).\n",
		"db/restore.md":                "# Restoring the database\n\n## Steps\n\n1. Stop.\n",
		"db/failover_procedure.md":     "No heading here.\n",
		"search/README.md":             "# Search cluster\n\nBack to [db](../db/README.md).\n",
		"search/reindex.md":            "# Reindex\n",
		"status/README.md":             "# Status page service\n",
		"incidents/README.md":          "# Incidents\n",
		"incidents/2026-01-db-down.md": "# DB down\n",
	})
	if errs := messages(diags, diag.Error); len(errs) > 0 {
		t.Fatalf("errors: %q", errs)
	}
	for rel, want := range map[string][2]string{
		"README.md":                {"", "Operations runbooks"},
		"db/README.md":             {"db/", "Database"},
		"db/restore.md":            {"db/restore/", "Restoring the database"},
		"db/failover_procedure.md": {"db/failover-procedure/", "Failover procedure"},
		"search/README.md":         {"search/", "Search cluster"},
		"search/reindex.md":        {"search/reindex/", "Reindex"},
	} {
		p := s.PageBySource(rel)
		if p == nil || p.URL != want[0] || p.Title != want[1] {
			t.Errorf("%s: %+v, want URL %q title %q", rel, p, want[0], want[1])
		}
	}
	if s.Paths.Search != "_handbook/search/" || s.Paths.Status != "_handbook/status/" {
		t.Errorf("paths %+v: search/ and status/ should have moved", s.Paths)
	}
	for _, l := range []struct{ from, dest, href string }{
		{"db/README.md", "./restore.md#steps", "../db/restore/#steps"},
		{"db/README.md", "../search/README.md", "../search/"},
		{"search/README.md", "../db/README.md", "../db/"},
		{"README.md", "db/README.md", "db/"},
	} {
		got := s.ResolveLink(s.PageBySource(l.from), l.dest, false)
		if got.Href != l.href || got.Problem != "" {
			t.Errorf("%s -> %s: %q (%q), want %q", l.from, l.dest, got.Href, got.Problem, l.href)
		}
	}
}

// TestFixedFilesNameTheConstants: the registry's fixed files are the
// list version names are checked against (config.RootFiles), and hold
// every root file handbook writes.
func TestFixedFilesNameTheConstants(t *testing.T) {
	for _, f := range []string{"index.html", site.NotFoundPath, site.SitemapPath, site.ManifestPath, site.VersionsPath} {
		if !slices.Contains(site.FixedFiles, f) {
			t.Errorf("FixedFiles lacks %s", f)
		}
	}
}
