package site_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/handbook-dev/handbook/generator/config"
	"github.com/handbook-dev/handbook/generator/diag"
	"github.com/handbook-dev/handbook/generator/markdown"
	"github.com/handbook-dev/handbook/generator/site"
	"github.com/handbook-dev/handbook/generator/source"
)

// linkSite is the content tree the link tests resolve against.
var linkSite = map[string]string{
	"_index.md":              "---\ntitle: Home\n---\nWelcome.\n",
	"top.md":                 "---\ntitle: Top\n---\nTop page.\n",
	"guide/_index.md":        "---\ntitle: Guide\n---\nThe guide.\n",
	"guide/first.md":         "---\ntitle: First\n---\nFirst page.\n",
	"guide/other.md":         "---\ntitle: Other\n---\n## Setup\n\nText.\n",
	"guide/My Page.md":       "---\ntitle: Spaced\n---\nText.\n",
	"guide/img/pic.png":      "\x89PNG\r\n\x1a\n",
	"guide/files/report.pdf": "%PDF-1.4\n",
	"guide/sub/deep.md":      "---\ntitle: Deep\n---\nNo index file in this folder.\n",
	"guide/wip.md":           "---\ntitle: Work in progress\ndraft: true\n---\nDraft.\n",
	"ops/README.md":          "---\ntitle: Operations\n---\nOps.\n",
	"ops/restore.md":         "---\ntitle: Restore\n---\nRestore.\n",
	"What-s-New.md":          "# What's new\n",
}

// newLinkSite writes files below a temporary project's content folder and
// builds the model the way generator.Build does.
func newLinkSite(tb testing.TB, files map[string]string) *site.Site {
	tb.Helper()
	return newLinkSiteConfig(tb, files, config.Default())
}

// newLinkSiteConfig is newLinkSite with a configuration.
func newLinkSiteConfig(tb testing.TB, files map[string]string, cfg config.Config) *site.Site {
	tb.Helper()
	s, diags := buildLinkSite(tb, files, cfg)
	if len(diags) > 0 {
		tb.Fatalf("site.New: %v", diags)
	}
	return s
}

// buildLinkSite is newLinkSiteConfig returning the model's diagnostics.
func buildLinkSite(tb testing.TB, files map[string]string, cfg config.Config) (*site.Site, diag.List) {
	tb.Helper()
	return buildLinkSiteWith(tb, files, cfg, site.Options{})
}

// buildLinkSiteWith is buildLinkSite with the model's options.
func buildLinkSiteWith(tb testing.TB, files map[string]string, cfg config.Config, opts site.Options) (*site.Site, diag.List) {
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
	tree, diags := source.Walk(project, "content")
	if len(diags) > 0 {
		tb.Fatalf("Walk: %v", diags)
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
		doc, diags := source.Parse(f.Path, src)
		if len(diags) > 0 {
			tb.Fatalf("Parse %s: %v", f.Path, diags)
		}
		docs[f.Rel] = doc
	}
	return site.New(cfg, tree, docs, opts)
}

// Two files that differ only in case (each with its URL, and a warning)
// leave a link in a third case unresolved: no guess.
func TestResolveLinkCaseTwinsNoGuess(t *testing.T) {
	s, diags := buildLinkSite(t, map[string]string{"_index.md": "# Home\n", "a/Twin.pdf": "x", "a/twin.pdf": "y", "a/Only.pdf": "z"}, config.Default())
	if len(diags) != 1 || !strings.Contains(diags[0].Message, "map to the same output") {
		t.Fatalf("diagnostics: %v", diags)
	}
	home := fromPage(t, s, "")
	if l := s.ResolveLink(home, "a/TWIN.pdf", false); l.Problem != "no such page or file" {
		t.Errorf("a/TWIN.pdf: %+v, want no such page or file", l)
	}
	if l := s.ResolveLink(home, "A/only.PDF", false); l.File == nil || l.Problem != "" {
		t.Errorf("A/only.PDF: %+v, want a/Only.pdf", l)
	}
}

// fromPage finds the page built from rel, or a section's page when rel
// names a folder ending in '/'.
func fromPage(tb testing.TB, s *site.Site, rel string) *site.Page {
	tb.Helper()
	if strings.HasSuffix(rel, "/") || rel == "" {
		sec := s.SectionByDir(strings.TrimSuffix(rel, "/"))
		if sec == nil {
			tb.Fatalf("no section %q", rel)
		}
		return sec.Page
	}
	p := s.PageBySource(rel)
	if p == nil {
		tb.Fatalf("no page %q", rel)
	}
	return p
}

const unsafeProblem = "can run script"

func TestResolveLink(t *testing.T) {
	s := newLinkSite(t, linkSite)
	tests := []struct {
		name  string
		from  string // content-relative source, or a folder ending in '/' for a section page
		dest  string
		image bool

		wantHref     string
		wantPage     string // source path of the target page; "/" + dir for a section page
		wantFile     string // content-relative path of the target static file
		wantFragment string
		wantProblem  string // substring; "" for none
		wantUnsafe   bool
		wantInternal bool
	}{
		// Pages.
		{name: "sibling page", from: "guide/first.md", dest: "other.md",
			wantHref: "../../guide/other/", wantPage: "guide/other.md", wantInternal: true},
		{name: "sibling page with anchor", from: "guide/first.md", dest: "other.md#setup",
			wantHref: "../../guide/other/#setup", wantPage: "guide/other.md", wantFragment: "setup", wantInternal: true},
		{name: "sibling page with query and anchor", from: "guide/first.md", dest: "other.md?v=1#setup",
			wantHref: "../../guide/other/?v=1#setup", wantPage: "guide/other.md", wantFragment: "setup", wantInternal: true},
		{name: "explicit ./", from: "guide/first.md", dest: "./other.md",
			wantHref: "../../guide/other/", wantPage: "guide/other.md", wantInternal: true},
		{name: "page in a subfolder", from: "guide/first.md", dest: "sub/deep.md",
			wantHref: "../../guide/sub/deep/", wantPage: "guide/sub/deep.md", wantInternal: true},
		{name: "page in another section", from: "guide/first.md", dest: "../ops/restore.md",
			wantHref: "../../ops/restore/", wantPage: "ops/restore.md", wantInternal: true},
		{name: "percent-encoded file name", from: "guide/first.md", dest: "My%20Page.md",
			wantHref: "../../guide/my-page/", wantPage: "guide/My Page.md", wantInternal: true},
		{name: "absolute path from the content root", from: "guide/first.md", dest: "/top.md",
			wantHref: "../../top/", wantPage: "top.md", wantInternal: true},
		{name: "absolute path into a section", from: "guide/sub/deep.md", dest: "/ops/restore.md#steps",
			wantHref: "../../../ops/restore/#steps", wantPage: "ops/restore.md", wantFragment: "steps", wantInternal: true},
		{name: "from the home page", from: "", dest: "guide/other.md",
			wantHref: "guide/other/", wantPage: "guide/other.md", wantInternal: true},

		// Letter case: written on a case-insensitive file system (and
		// for a case-insensitive publisher, as Learn is), the link works
		// when one file matches; two that differ only in case are no guess.
		{name: "page in another case", from: "guide/first.md", dest: "../what-s-new.md#x",
			wantHref: "../../what-s-new/#x", wantPage: "What-s-New.md", wantFragment: "x", wantInternal: true},
		{name: "file in another case", from: "guide/first.md", dest: "IMG/Pic.PNG",
			wantHref: "../../guide/img/pic.png", wantFile: "guide/img/pic.png", wantInternal: true},
		{name: "folder in another case", from: "guide/first.md", dest: "../OPS/",
			wantHref: "../../ops/", wantPage: "/ops", wantInternal: true},
		{name: "backslashes, as written on Windows for DocFX", from: "guide/first.md", dest: "img\\pic.png", image: true,
			wantHref: "../../guide/img/pic.png", wantFile: "guide/img/pic.png", wantInternal: true},
		// A DocFX tab heading, # [Windows](#tab/windows): text, unchecked.
		{name: "DocFX tab link", from: "guide/first.md", dest: "#tab/windows", wantHref: markdown.Unlink},

		// Sections.
		{name: "section folder with ../", from: "guide/first.md", dest: "../ops/",
			wantHref: "../../ops/", wantPage: "/ops", wantInternal: true},
		{name: "section folder without slash", from: "guide/first.md", dest: "../ops",
			wantHref: "../../ops/", wantPage: "/ops", wantInternal: true},
		{name: "section README.md", from: "guide/first.md", dest: "../ops/README.md",
			wantHref: "../../ops/", wantPage: "/ops", wantInternal: true},
		{name: "own section _index.md", from: "guide/first.md", dest: "_index.md",
			wantHref: "../../guide/", wantPage: "/guide", wantInternal: true},
		{name: "home _index.md", from: "guide/first.md", dest: "../_index.md",
			wantHref: "../../", wantPage: "/", wantInternal: true},
		{name: "home from the home page", from: "", dest: "_index.md",
			wantHref: "./", wantPage: "/", wantInternal: true},
		{name: "generated section page", from: "guide/first.md", dest: "sub/",
			wantHref: "../../guide/sub/", wantPage: "/guide/sub", wantInternal: true},
		{name: "from a generated section page", from: "guide/sub/", dest: "deep.md",
			wantHref: "../../guide/sub/deep/", wantPage: "guide/sub/deep.md", wantInternal: true},
		{name: "from a README section page", from: "ops/", dest: "restore.md",
			wantHref: "../ops/restore/", wantPage: "ops/restore.md", wantInternal: true},

		// Static files.
		{name: "image beside the page", from: "guide/first.md", dest: "img/pic.png", image: true,
			wantHref: "../../guide/img/pic.png", wantFile: "guide/img/pic.png", wantInternal: true},
		{name: "download link", from: "ops/restore.md", dest: "../guide/files/report.pdf",
			wantHref: "../../guide/files/report.pdf", wantFile: "guide/files/report.pdf", wantInternal: true},

		// Same page.
		{name: "anchor on the same page", from: "guide/other.md", dest: "#setup",
			wantHref: "#setup", wantPage: "guide/other.md", wantFragment: "setup", wantInternal: true},

		// External.
		{name: "https", from: "guide/first.md", dest: "https://example.com/a?b=c#d", wantHref: "https://example.com/a?b=c#d"},
		{name: "http", from: "guide/first.md", dest: "http://example.com/", wantHref: "http://example.com/"},
		{name: "mailto", from: "guide/first.md", dest: "mailto:servicedesk@example.com", wantHref: "mailto:servicedesk@example.com"},
		{name: "tel", from: "guide/first.md", dest: "tel:+31201234567", wantHref: "tel:+31201234567"},
		{name: "protocol-relative", from: "guide/first.md", dest: "//example.com/x", wantHref: "//example.com/x"},
		{name: "empty", from: "guide/first.md", dest: "", wantHref: ""},

		// Broken.
		{name: "missing page", from: "guide/first.md", dest: "missing.md",
			wantHref: "missing.md", wantProblem: "no such page", wantInternal: true},
		{name: "missing page with anchor", from: "guide/first.md", dest: "missing.md#x",
			wantHref: "missing.md#x", wantProblem: "no such page", wantInternal: true},
		{name: "draft page is missing", from: "guide/first.md", dest: "wip.md",
			wantHref: "wip.md", wantProblem: "no such page", wantInternal: true},
		{name: "missing image", from: "guide/first.md", dest: "img/nope.png", image: true,
			wantHref: "img/nope.png", wantProblem: "no such file", wantInternal: true},
		{name: "missing image named .md", from: "guide/first.md", dest: "nope.md", image: true,
			wantHref: "nope.md", wantProblem: "no such file", wantInternal: true},
		{name: "image leaving the content", from: "guide/first.md", dest: "../../logo.png", image: true,
			wantHref: "../../logo.png", wantProblem: "no such file: the path leaves the content folder", wantInternal: true},
		{name: "missing download", from: "guide/first.md", dest: "files/nope.pdf",
			wantHref: "files/nope.pdf", wantProblem: "no such page or file", wantInternal: true},
		{name: "path leaving the content", from: "guide/first.md", dest: "../../secret.md",
			wantHref: "../../secret.md", wantProblem: "leaves the content folder", wantInternal: true},
		{name: "absolute path leaving the content", from: "guide/first.md", dest: "/../handbook.yaml",
			wantHref: "/../handbook.yaml", wantProblem: "leaves the content folder", wantInternal: true},

		// Script-capable schemes are neutralised.
		{name: "javascript", from: "guide/first.md", dest: "javascript:alert(1)",
			wantHref: "#", wantUnsafe: true, wantProblem: unsafeProblem},
		{name: "JAVASCRIPT", from: "guide/first.md", dest: "JAVASCRIPT:alert(1)",
			wantHref: "#", wantUnsafe: true, wantProblem: unsafeProblem},
		{name: "mixed case", from: "guide/first.md", dest: "JaVaScRiPt:alert(1)",
			wantHref: "#", wantUnsafe: true, wantProblem: unsafeProblem},
		{name: "named entity colon", from: "guide/first.md", dest: "javascript&colon;alert(1)",
			wantHref: "#", wantUnsafe: true, wantProblem: unsafeProblem},
		{name: "numeric entities", from: "guide/first.md", dest: "&#106;avascript&#x3A;alert(1)",
			wantHref: "#", wantUnsafe: true, wantProblem: unsafeProblem},
		{name: "control characters", from: "guide/first.md", dest: "java\tscript:alert(1)",
			wantHref: "#", wantUnsafe: true, wantProblem: unsafeProblem},
		{name: "leading space", from: "guide/first.md", dest: "  javascript:alert(1)",
			wantHref: "#", wantUnsafe: true, wantProblem: unsafeProblem},
		{name: "vbscript", from: "guide/first.md", dest: "vbscript:msgbox(1)",
			wantHref: "#", wantUnsafe: true, wantProblem: unsafeProblem},
		{name: "data:text/html", from: "guide/first.md", dest: "data:text/html;base64,PHNjcmlwdD4=",
			wantHref: "#", wantUnsafe: true, wantProblem: unsafeProblem},
		{name: "data:text/html as image", from: "guide/first.md", dest: "data:text/html;base64,PHNjcmlwdD4=", image: true,
			wantHref: "#", wantUnsafe: true, wantProblem: unsafeProblem},
		{name: "data:image/png as link", from: "guide/first.md", dest: "data:image/png;base64,iVBORw0KGgo=",
			wantHref: "#", wantUnsafe: true, wantProblem: unsafeProblem},
		{name: "data:image/png as image", from: "guide/first.md", dest: "data:image/png;base64,iVBORw0KGgo=", image: true,
			wantHref: "data:image/png;base64,iVBORw0KGgo="},
		{name: "data:image/svg+xml as image", from: "guide/first.md", dest: "data:image/svg+xml;base64,PHN2Zz4=", image: true,
			wantHref: "#", wantUnsafe: true, wantProblem: unsafeProblem},
		// An allow-list: schemes that open a program on the reader's
		// machine are refused like script.
		{name: "ms-msdt", from: "guide/first.md", dest: "ms-msdt:/id PCWDiagnostic /skip force",
			wantHref: "#", wantUnsafe: true, wantProblem: "uses the ms-msdt: scheme, which can open a program"},
		{name: "search-ms", from: "guide/first.md", dest: "search-ms:query=invoice&crumb=location:\\\\evil.example\\share",
			wantHref: "#", wantUnsafe: true, wantProblem: "uses the search-ms: scheme"},
		{name: "file", from: "guide/first.md", dest: "file:///etc/passwd",
			wantHref: "#", wantUnsafe: true, wantProblem: "uses the file: scheme"},
		{name: "smb", from: "guide/first.md", dest: "smb://fileserver/share",
			wantHref: "#", wantUnsafe: true, wantProblem: "uses the smb: scheme"},
		{name: "ms-word", from: "guide/first.md", dest: "ms-word:ofe|u|https://evil.example/x.docx",
			wantHref: "#", wantUnsafe: true, wantProblem: "uses the ms-word: scheme"},
		{name: "an encoded scheme", from: "guide/first.md", dest: "ms-msdt%3A/id",
			wantHref: "#", wantUnsafe: true, wantProblem: "uses the ms-msdt: scheme"},
		{name: "mailto", from: "guide/first.md", dest: "mailto:servicedesk@example.org", wantHref: "mailto:servicedesk@example.org"},
		{name: "tel", from: "guide/first.md", dest: "tel:+31201234567", wantHref: "tel:+31201234567"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			from := fromPage(t, s, tc.from)
			got := s.ResolveLink(from, tc.dest, tc.image)
			if got.Href != tc.wantHref {
				t.Errorf("Href = %q, want %q", got.Href, tc.wantHref)
			}
			var wantPage *site.Page
			switch {
			case strings.HasPrefix(tc.wantPage, "/"):
				wantPage = fromPage(t, s, strings.TrimPrefix(tc.wantPage+"/", "/"))
			case tc.wantPage != "":
				wantPage = fromPage(t, s, tc.wantPage)
			}
			if got.Page != wantPage {
				t.Errorf("Page = %v, want %v", pageName(got.Page), pageName(wantPage))
			}
			var wantFile *site.StaticFile
			if tc.wantFile != "" {
				if wantFile = s.FileByRel(tc.wantFile); wantFile == nil {
					t.Fatalf("no static file %q", tc.wantFile)
				}
			}
			if got.File != wantFile {
				t.Errorf("File = %v, want %v", got.File, wantFile)
			}
			if got.Fragment != tc.wantFragment {
				t.Errorf("Fragment = %q, want %q", got.Fragment, tc.wantFragment)
			}
			if tc.wantProblem == "" && got.Problem != "" || !strings.Contains(got.Problem, tc.wantProblem) {
				t.Errorf("Problem = %q, want %q", got.Problem, tc.wantProblem)
			}
			if got.Unsafe != tc.wantUnsafe {
				t.Errorf("Unsafe = %v, want %v", got.Unsafe, tc.wantUnsafe)
			}
			if got.IsInternal() != tc.wantInternal {
				t.Errorf("IsInternal() = %v, want %v", got.IsInternal(), tc.wantInternal)
			}
		})
	}
}

// TestResolveLinkExternalPrefix checks that links.external turns
// root-relative links under a declared prefix into the other site's
// addresses, unchecked, and leaves every other link as it was.
func TestResolveLinkExternalPrefix(t *testing.T) {
	cfg := config.Default()
	cfg.Links.External = []config.ExternalPrefix{{Prefix: "/powershell/", Base: "https://learn.microsoft.com"}, {Prefix: "/guide", Base: "https://other.example/docs"}}
	s := newLinkSiteConfig(t, linkSite, cfg)
	from := fromPage(t, s, "ops/restore.md")
	tests := []struct {
		dest, wantHref, wantProblem string
		wantInternal                bool
	}{
		{"/powershell/module/get-item?view=ps-7#syntax", "https://learn.microsoft.com/powershell/module/get-item?view=ps-7#syntax", "", false},
		{"/powershell", "https://learn.microsoft.com/powershell", "", false},
		// A declared prefix wins over a folder of the same name here.
		{"/guide/first.md", "https://other.example/docs/guide/first.md", "", false},
		// Relative links and other prefixes are checked as before.
		{"../guide/first.md", "../../guide/first/", "", true},
		{"/powershellx/a.md", "/powershellx/a.md", "no such page", true},
		{"/azure/x", "/azure/x", "no such page or file", true},
	}
	for _, tc := range tests {
		got := s.ResolveLink(from, tc.dest, false)
		if got.Href != tc.wantHref || got.Problem != tc.wantProblem || got.IsInternal() != tc.wantInternal {
			t.Errorf("ResolveLink(%q) = %+v; want href %q, problem %q, internal %v", tc.dest, got, tc.wantHref, tc.wantProblem, tc.wantInternal)
		}
	}
}

// TestResolveLinkSameDepthSameHref checks the property print views rely on:
// pages at the same depth link to a target with the same string.
func TestResolveLinkSameDepthSameHref(t *testing.T) {
	s := newLinkSite(t, linkSite)
	a := s.ResolveLink(fromPage(t, s, "guide/first.md"), "/ops/restore.md", false)
	b := s.ResolveLink(fromPage(t, s, "ops/restore.md"), "restore.md", false)
	c := s.ResolveLink(fromPage(t, s, "top.md"), "ops/restore.md", false)
	if a.Href != "../../ops/restore/" || c.Href != "../ops/restore/" || b.Href != "../../ops/restore/" {
		t.Errorf("hrefs = %q, %q, %q", a.Href, b.Href, c.Href)
	}
}

func pageName(p *site.Page) string {
	if p == nil {
		return "<nil>"
	}
	return p.Path() + " (" + p.URL + ")"
}

func BenchmarkResolveLink(b *testing.B) {
	s := newLinkSite(b, linkSite)
	from := fromPage(b, s, "guide/first.md")
	dests := []struct {
		dest  string
		image bool
	}{
		{"other.md", false},
		{"other.md#setup", false},
		{"../ops/", false},
		{"/top.md", false},
		{"img/pic.png", true},
		{"https://example.com/", false},
		{"missing.md", false},
		{"javascript&colon;alert(1)", false},
	}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		d := dests[i%len(dests)]
		_ = s.ResolveLink(from, d.dest, d.image)
	}
}
