package markdown

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata")

// TestAdmonitions checks each admonition syntax writers bring along
// renders as the one alert component, with the HTML fragments it must
// and must not hold.
func TestAdmonitions(t *testing.T) {
	tests := []struct {
		name    string
		body    string
		want    []string
		notWant []string
	}{
		// GitHub and DocFX/Learn quote markers.
		{"docfx note with lines", "> [!NOTE]\n> First line.\n> Second line.\n", []string{`<div class="admonition note" role="note"><p class="admonition-title">Note</p>`, "<p>First line.\nSecond line.</p>"}, []string{"[!NOTE]", "<blockquote>"}},
		{"docfx mixed case", "> [!Tip]\n> a\n\n> [!important]\n> b\n\n> [!Caution]\n> c\n\n> [!WaRnInG]\n> d\n", []string{"admonition tip", "admonition important", `admonition caution" role="alert"`, `admonition warning" role="alert"`}, []string{"[!"}},
		{"docfx marker with text after stays a quote", "> [!NOTE] inline text\n", []string{"<blockquote>", "[!NOTE] inline text"}, []string{"admonition"}},
		{"docfx marker not first keeps quote", "> text\n> [!NOTE]\n", []string{"<blockquote>"}, []string{"admonition"}},
		{"docfx alert with list and code", "> [!WARNING]\n> Before you start:\n>\n> - back up\n> - stop the service\n>\n> ```bash\n> systemctl stop nginx\n> ```\n", []string{"admonition warning", "<li>back up</li>", `<pre class="chroma">`}, []string{"<blockquote>"}},
		{"docfx alert with a table", "> [!NOTE]\n> | a | b |\n> |---|---|\n> | 1 | 2 |\n", []string{"<p class=\"admonition-title\">Note</p>\n<table>", "<th>a</th>"}, []string{"[!NOTE]"}},
		{"docfx nested alerts", "> [!NOTE]\n> > [!WARNING]\n> > nested\n", []string{"Note</p>\n<div class=\"admonition warning\""}, []string{"<blockquote>"}},
		{"learn div wrapper unwrapped", "> [!div class=\"nextstepaction\"]\n> [Configure the gateway](gateway.md)\n", []string{`<p><a href="gateway.md">Configure the gateway</a></p>`}, []string{"[!div", "<blockquote>", "nextstepaction"}},
		{"learn div with checklist", "> [!div class=\"checklist\"]\n> * Create a vault\n> * Add a secret\n", []string{"<li>Create a vault</li>"}, []string{"[!div", "<blockquote>"}},
		{"learn video is a plain link", "> [!VIDEO https://learn.example.com/video/embed/abc]\n", []string{`<p><a href="https://learn.example.com/video/embed/abc">https://learn.example.com/video/embed/abc</a></p>`}, []string{"[!VIDEO", "<blockquote>", "<iframe"}},
		{"learn video without url stays a quote", "> [!VIDEO]\n", []string{"<blockquote>"}, nil},

		// MkDocs.
		{"mkdocs titled", "!!! note \"Before you *begin*\"\n    Read this.\n", []string{`<div class="admonition note" role="note"><p class="admonition-title">Before you <em>begin</em></p>`, "<p>Read this.</p>"}, []string{"!!!"}},
		{"mkdocs default title from type", "!!! warning\n    Careful.\n", []string{`<div class="admonition warning" role="alert"><p class="admonition-title">Warning</p>`}, nil},
		{"mkdocs other type keeps its word as title", "!!! danger\n    Stop.\n", []string{`<div class="admonition caution" role="alert"><p class="admonition-title">Danger</p>`}, nil},
		{"mkdocs no title", "!!! note \"\"\n    Bare.\n", []string{"<div class=\"admonition note\" role=\"note\">\n<p>Bare.</p>"}, []string{"admonition-title"}},
		{"mkdocs unknown type falls back to note", "!!! pied-piper \"Follow\"\n    x\n", []string{`<div class="admonition note"`, ">Follow</p>"}, nil},
		{"mkdocs unknown type untitled", "!!! custom\n    x\n", []string{`<p class="admonition-title">Custom</p>`}, nil},
		{"mkdocs extra classes ignored", "!!! tip inline end \"Side\"\n    x\n", []string{`<div class="admonition tip"`, ">Side</p>"}, []string{"inline", "end\""}},
		{"mkdocs no space after marker", "!!!note\n    x\n", []string{"admonition note"}, nil},
		{"mkdocs body ends at unindented line", "!!! note\n    inside\n\noutside\n", []string{"<p>inside</p>\n</div>\n<p>outside</p>"}, nil},
		{"mkdocs blank lines inside", "!!! note\n    one\n\n    two\n", []string{"<p>one</p>\n<p>two</p>\n</div>"}, nil},
		{"mkdocs indented code inside", "!!! note\n    Run:\n\n        make deploy\n", []string{"<pre><code>make deploy\n</code></pre>"}, nil},
		{"mkdocs nested", "!!! note \"Outer\"\n    text\n\n    !!! bug\n        inner\n", []string{">Outer</p>", `<div class="admonition caution" role="alert"><p class="admonition-title">Bug</p>` + "\n<p>inner</p>\n</div>\n</div>"}, nil},
		{"mkdocs collapsible", "??? question \"Why?\"\n    Because.\n", []string{`<details class="admonition note"><summary class="admonition-title">Why?</summary>`, "<p>Because.</p>\n</details>"}, []string{" open"}},
		{"mkdocs collapsible open", "???+ example\n    Shown.\n", []string{`<details class="admonition note" open><summary class="admonition-title">Example</summary>`}, nil},
		{"mkdocs collapsible empty title keeps a summary", "??? tip \"\"\n    x\n", []string{`<summary class="admonition-title">Tip</summary>`}, nil},
		{"mkdocs does not interrupt a paragraph", "Wow\n!!! note\n", []string{"<p>Wow\n!!! note</p>"}, []string{"admonition"}},
		{"mkdocs prose exclamations stay", "!!! This is great !!!\n", []string{"<p>!!! This is great !!!</p>"}, []string{"admonition"}},
		{"mkdocs title html escaped", "!!! note \"a < b & \\\"c\\\"\"\n    x\n", []string{`<p class="admonition-title">a &lt; b &amp; &quot;c&quot;</p>`}, nil},

		// Docusaurus.
		{"docusaurus note", ":::note\n\nSome **content**.\n\n:::\n", []string{`<div class="admonition note" role="note"><p class="admonition-title">Note</p>`, "<p>Some <strong>content</strong>.</p>\n</div>"}, []string{":::"}},
		{"docusaurus v3 title", ":::tip[Pro *tip*]\nUse it.\n:::\n", []string{`<div class="admonition tip" role="note"><p class="admonition-title">Pro <em>tip</em></p>`}, []string{":::"}},
		{"docusaurus v2 title", ":::tip Pro tip\nUse it.\n:::\n", []string{`<p class="admonition-title">Pro tip</p>`}, nil},
		{"docusaurus info", ":::info\nx\n:::\n", []string{`<div class="admonition note" role="note"><p class="admonition-title">Info</p>`}, nil},
		{"docusaurus warning", ":::warning\nx\n:::\n", []string{`admonition warning" role="alert"`}, nil},
		{"docusaurus danger", ":::danger\nx\n:::\n", []string{`<div class="admonition caution" role="alert"><p class="admonition-title">Danger</p>`}, nil},
		{"docusaurus caution", ":::caution\nx\n:::\n", []string{`<div class="admonition warning" role="alert"><p class="admonition-title">Caution</p>`}, nil},
		{"docusaurus attributes ignored", ":::note{#x}\nx\n:::\n", []string{"admonition note"}, []string{"{#x}"}},
		{"docusaurus nesting with more colons", "::::info Outer\n:::danger\ninner\n:::\nstill outer\n::::\nafter\n", []string{">Outer</p>\n<div class=\"admonition caution\"", "<p>inner</p>\n</div>\n<p>still outer</p>\n</div>\n<p>after</p>"}, []string{":::"}},
		{"docusaurus same colons nest innermost first", ":::note\nouter\n:::tip\ninner\n:::\nouter again\n:::\n", []string{"<p>inner</p>\n</div>\n<p>outer again</p>\n</div>"}, []string{":::"}},
		{"docusaurus closing inside code is code", ":::note\n```\n:::\n```\n:::\n", []string{"<code>:::\n</code>"}, []string{"<p>:::"}},
		{"docusaurus unterminated stays text", ":::note\nnever closed\n\n## Next section\n\nrest of page\n", []string{"<p>:::note\nnever closed</p>", `<h2 id="next-section">`, "<p>rest of page</p>"}, []string{"admonition"}},
		{"docusaurus shorter closer does not close", "::::note\nx\n:::\n", []string{"<p>::::note\nx\n:::</p>"}, []string{"admonition"}},
		{"docusaurus unknown type stays text", ":::flowchart\nx\n:::\n", []string{"<p>:::flowchart\nx\n:::</p>"}, []string{"admonition"}},
		{"Learn zone markers are not admonitions (learn.go)", ":::zone pivot=\"linux\"\nx\n:::zone-end\n", []string{"<p>x</p>"}, []string{"admonition", "zone"}},
		{"Learn image extension is an image, not an admonition (learn.go)", ":::image type=\"content\" source=\"media/x.png\" alt-text=\"Screenshot\":::\n", []string{`<img src="media/x.png" alt="Screenshot">`}, []string{"admonition"}},
		{"docusaurus in a list item", "1. Step\n\n   :::note\n   x\n   :::\n", []string{"<li>\n<p>Step</p>\n<div class=\"admonition note\""}, []string{":::"}},
		{"docusaurus title raw html sanitised", ":::tip[<script>x</script> <b onclick=\"x\">b</b>]\nx\n:::\n", []string{`<p class="admonition-title"> <b>b</b></p>`}, []string{"<script", "onclick"}},
	}
	c := New(WithAlertTitles(map[string]string{"note": "Note", "tip": "Tip", "important": "Important", "warning": "Warning", "caution": "Caution"}))
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, err := c.Convert(Document{Body: []byte(tt.body), BodyLine: 1})
			if err != nil {
				t.Fatal(err)
			}
			html := string(res.HTML)
			for _, w := range tt.want {
				if !strings.Contains(html, w) {
					t.Errorf("missing %q in\n%s", w, html)
				}
			}
			for _, w := range tt.notWant {
				if strings.Contains(html, w) {
					t.Errorf("unexpected %q in\n%s", w, html)
				}
			}
		})
	}
}

// TestAdmonitionTitlesFollowTheSiteLanguage checks that default titles
// come from the site's table, including for type words that are alert
// kinds of another colour (Docusaurus' caution).
func TestAdmonitionTitlesFollowTheSiteLanguage(t *testing.T) {
	c := New(WithAlertTitles(map[string]string{"note": "Opmerking", "warning": "Waarschuwing", "caution": "Let op"}))
	for body, want := range map[string]string{
		"!!! note\n    x\n":           `<p class="admonition-title">Opmerking</p>`,
		":::caution\nx\n:::\n":        `<div class="admonition warning" role="alert"><p class="admonition-title">Let op</p>`,
		"> [!WARNING]\n> x\n":         `<p class="admonition-title">Waarschuwing</p>`,
		"!!! danger\n    x\n":         `<p class="admonition-title">Danger</p>`,
		"!!! note \"Eigen\"\n    x\n": `<p class="admonition-title">Eigen</p>`,
	} {
		res, err := c.Convert(Document{Body: []byte(body)})
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(string(res.HTML), want) {
			t.Errorf("%q: missing %q in\n%s", body, want, res.HTML)
		}
	}
}

// TestAdmonitionLinksAndText checks that links inside admonitions and
// their titles are resolved like any other, and that their text reaches
// the search sections.
func TestAdmonitionLinksAndText(t *testing.T) {
	body := "## Setup\n\n:::tip[See [the guide](guide.md)]\nThen [restart](restart.md).\n:::\n\n!!! note\n    Read [this](this.md).\n\n> [!VIDEO https://video.example.com/v/1]\n"
	var dests []string
	res, err := New().Convert(Document{Body: []byte(body), BodyLine: 1, CollectText: true, Resolve: func(r LinkRef) string {
		dests = append(dests, r.Dest)
		return "R/" + r.Dest
	}})
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(dests, " "); got != "guide.md restart.md this.md https://video.example.com/v/1" {
		t.Errorf("resolved %s", got)
	}
	if l := res.Links[len(res.Links)-1]; l.Line != 10 {
		t.Errorf("video link at line %d, want 10", l.Line)
	}
	if !strings.Contains(string(res.HTML), `<p class="admonition-title">See <a href="R/guide.md">the guide</a></p>`) {
		t.Errorf("title link not resolved:\n%s", res.HTML)
	}
	if len(res.Sections) != 2 || !strings.Contains(res.Sections[1].Text, "See the guide") || !strings.Contains(res.Sections[1].Text, "Read this") {
		t.Errorf("sections = %+v", res.Sections)
	}
}

// TestAdmonitionGolden converts pages shaped like those of real manuals
// of each family and compares the HTML with testdata/*.golden.html
// (`go test -run Golden -update` rewrites them).
func TestAdmonitionGolden(t *testing.T) {
	pages, err := filepath.Glob("testdata/*.md")
	if err != nil || len(pages) == 0 {
		t.Fatalf("no pages: %v", err)
	}
	c := New()
	for _, page := range pages {
		t.Run(filepath.Base(page), func(t *testing.T) {
			body, err := os.ReadFile(page)
			if err != nil {
				t.Fatal(err)
			}
			res, err := c.Convert(Document{Body: body, BodyLine: 1})
			if err != nil {
				t.Fatal(err)
			}
			golden := strings.TrimSuffix(page, ".md") + ".golden.html"
			if *update {
				if err := os.WriteFile(golden, res.HTML, 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatal(err)
			}
			if string(want) != string(res.HTML) {
				t.Errorf("%s differs from %s:\n%s", page, golden, res.HTML)
			}
		})
	}
}

// TestAdmonitionNotes checks that a Docusaurus admonition that is not
// closed is reported at its line, with what to do, and never silently
// takes in the rest of the page; a cache hit reports it again.
func TestAdmonitionNotes(t *testing.T) {
	tests := []struct {
		name string
		body string
		want string // the note, as line:col: message
		html string // a substring of the HTML
	}{
		{"never closed", "Intro.\n\n:::note\nnever closed\n\n## Next\n", "12:1: :::note is never closed, so it is shown as text: add a line ::: where the admonition ends", "<p>:::note\nnever closed</p>"},
		{"closed with fewer colons", "::::tip[T]\nx\n:::\n", "10:1: ::::tip is never closed, so it is shown as text: add a line :::: where the admonition ends", "<p>::::tip[T]"},
		{"closing line inside code", ":::note\n```\n:::\n```\nafter\n", "10:1: this ::: admonition is not closed where it is opened (its closing line is inside a code block, or outside the list or quote it starts in), so it runs to the end of that: add a line ::: where it ends", `<div class="admonition note"`},
		{"closed", ":::note\nx\n:::\n", "", `<div class="admonition note"`},
	}
	c := New(WithCache(&memCache{m: map[[32]byte][]byte{}}))
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for _, skip := range []bool{false, true, false, true} {
				res, err := c.Convert(Document{Body: []byte(tt.body), BodyLine: 10, SkipRender: skip})
				if err != nil {
					t.Fatal(err)
				}
				var got []string
				for _, n := range res.Notes {
					got = append(got, fmt.Sprintf("%d:%d: %s", n.Line, n.Col, n.Message))
				}
				if strings.Join(got, "\n") != tt.want {
					t.Errorf("notes = %q, want %q", got, tt.want)
				}
				if !skip && !strings.Contains(string(res.HTML), tt.html) {
					t.Errorf("missing %q in\n%s", tt.html, res.HTML)
				}
			}
		})
	}
}
