package markdown

import (
	"slices"
	"strings"
	"testing"
)

func TestConvert(t *testing.T) {
	tests := []struct {
		name    string
		body    string
		want    []string // substrings of the HTML
		notWant []string
	}{
		{"alert note", "> [!NOTE]\n> Read this.\n", []string{`<div class="admonition note" role="note"><p class="admonition-title">Note</p>`, "<p>Read this.</p>"}, []string{"[!NOTE]", "<blockquote>"}},
		{"alert lower case", "> [!warning]\n> Careful.\n", []string{`class="admonition warning" role="alert"`}, nil},
		{"alert every kind", "> [!TIP]\n> a\n\n> [!IMPORTANT]\n> b\n\n> [!CAUTION]\n> c\n", []string{"admonition tip", "admonition important", "admonition caution"}, nil},
		{"plain quote stays", "> [!UNKNOWN]\n> text\n", []string{"<blockquote>"}, []string{"admonition"}},
		{"alert with only marker", "> [!NOTE]\n", []string{`admonition note`}, []string{"[!NOTE]"}},
		{"chroma classes", "```bash\necho hi\n```\n", []string{`<pre class="chroma">`, `<span class="nb">echo</span>`}, []string{"style="}},
		{"gfm table", "| a | b |\n|---|---|\n| 1 | 2 |\n", []string{"<table>", "<td>1</td>"}, nil},
		{"task list", "- [x] done\n", []string{`<input checked="" disabled="" type="checkbox">`}, nil},
		{"strikethrough", "~~old~~\n", []string{"<del>old</del>"}, nil},
		{"autolink", "see https://example.org now\n", []string{`<a href="https://example.org">`}, nil},
		{"footnote", "x[^1]\n\n[^1]: note\n", []string{`id="fn:1"`}, nil},
		{"definition list", "Term\n: Meaning\n", []string{"<dl>", "<dt>Term</dt>", "<dd>Meaning</dd>"}, nil},
		{"unique heading ids", "## Steps\n\n## Steps\n", []string{`id="steps"`, `id="steps-1"`}, nil},
		{"raw kbd survives", "Press <kbd>Ctrl</kbd>.<br>\n", []string{"<kbd>Ctrl</kbd>", "<br"}, nil},
		{"raw table survives", "<table><tr><td colspan=\"2\">x</td></tr></table>\n", []string{"<table>", `colspan="2"`}, nil},
		{"script removed", "hi <script>alert(1)</script>\n", nil, []string{"<script"}},
		{"event handler removed", "<img src=\"x.png\" onerror=\"alert(1)\">\n", []string{`<img src="x.png"`}, []string{"onerror"}},
		{"raw javascript href removed", "<a href=\"javascript:alert(1)\">x</a>\n", nil, []string{"javascript:"}},
		{"style attribute removed", "<p style=\"color:red\">x</p>\n", nil, []string{"style="}},
	}
	c := New()
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
				if strings.Contains(strings.ToLower(html), strings.ToLower(w)) {
					t.Errorf("unexpected %q in\n%s", w, html)
				}
			}
		})
	}
}

func TestConvertCollectsHeadingsAndLinks(t *testing.T) {
	body := "# Title\n\nIntro [a](a.md) and ![img](x.png).\n\n## First\n\ntext\n\n### Sub `code`\n\n#### Deep\n\n[b](b.md#first)\n"
	var seen []LinkRef
	res, err := New().Convert(Document{Body: []byte(body), BodyLine: 5, Title: "Title", Resolve: func(r LinkRef) string {
		seen = append(seen, r)
		return "X" + r.Dest
	}})
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(string(res.HTML), "<h1") {
		t.Errorf("leading H1 equal to the title should be dropped:\n%s", res.HTML)
	}
	if got := len(res.TOC); got != 2 || res.TOC[0].ID != "first" || res.TOC[1].Text != "Sub code" || res.TOC[1].Level != 3 {
		t.Errorf("TOC = %+v", res.TOC)
	}
	if !res.HasID("deep") || res.HasID("nope") {
		t.Errorf("IDs = %v", res.IDs)
	}
	if len(seen) != 3 || seen[0].Dest != "a.md" || seen[0].Line != 7 || !seen[1].Image || seen[2].Line != 17 {
		t.Errorf("links = %+v", seen)
	}
	if !strings.Contains(string(res.HTML), `href="Xa.md"`) {
		t.Errorf("resolver result not used:\n%s", res.HTML)
	}
}

func TestUnsafeAutolinkBecomesText(t *testing.T) {
	res, err := New().Convert(Document{Body: []byte("<javascript:alert(1)>\n"), Resolve: func(r LinkRef) string {
		if strings.HasPrefix(r.Dest, "javascript:") {
			return "#"
		}
		return r.Dest
	}})
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(string(res.HTML), "href") {
		t.Errorf("unsafe autolink kept as a link: %s", res.HTML)
	}
}

// BenchmarkConvert measures the hot path: converting one typical page.
func BenchmarkConvert(b *testing.B) {
	body := []byte(strings.Repeat("## Section\n\nSome *text* with a [link](other.md) and `code`.\n\n```bash\nsystemctl restart nginx\n```\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n> [!NOTE]\n> Remember.\n\n", 4))
	c := New()
	resolve := func(r LinkRef) string { return "../other/" }
	b.SetBytes(int64(len(body)))
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		if _, err := c.Convert(Document{Body: body, BodyLine: 1, Resolve: resolve}); err != nil {
			b.Fatal(err)
		}
	}
}

func TestCollectText(t *testing.T) {
	body := "Intro *with* `code` and https://example.org/x.\n\n## Renew the certificate {#renew}\n\n- one\n- two\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n```bash\ncertbot renew\n```\n\n<div>raw html</div>\n\n### Sub\n\nlast words\n"
	res, err := New().Convert(Document{Body: []byte(body), BodyLine: 1, CollectText: true, SkipRender: true})
	if err != nil {
		t.Fatal(err)
	}
	want := []Section{
		{Text: "Intro with code and https://example.org/x."},
		{Level: 2, ID: "renew", Heading: "Renew the certificate", Text: "one two a b 1 2 certbot renew"},
		{Level: 3, ID: "sub", Heading: "Sub", Text: "last words"},
	}
	if len(res.Sections) != len(want) {
		t.Fatalf("sections = %+v", res.Sections)
	}
	for i, w := range want {
		if res.Sections[i] != w {
			t.Errorf("section %d = %+v, want %+v", i, res.Sections[i], w)
		}
	}
	if !res.Sanitised {
		t.Error("raw HTML not reported")
	}
}

// The first level-1 heading the template shows as the title is dropped
// from the body, but links to its id (other.md#its-title, as DocFX pages
// write them) still have a target: the page's top.
func TestDroppedTitleHeadingStaysATarget(t *testing.T) {
	for _, d := range []Document{
		{Body: []byte("# Updated policy\n\n## Overview\n"), BodyLine: 1, Title: "Updated policy"},
		{Body: []byte("# Other words\n\n## Overview\n"), BodyLine: 1, Title: "Title from front matter", DropFirstH1: true},
	} {
		res, err := New().Convert(d)
		if err != nil {
			t.Fatal(err)
		}
		if strings.Contains(string(res.HTML), "<h1") {
			t.Errorf("the title heading is still in the body: %s", res.HTML)
		}
		first := strings.ToLower(strings.ReplaceAll(strings.TrimPrefix(strings.SplitN(string(d.Body), "\n", 2)[0], "# "), " ", "-"))
		if !slices.Contains(res.IDs, first) || !slices.Contains(res.IDs, "overview") {
			t.Errorf("ids = %q, want %q and overview", res.IDs, first)
		}
	}
	// A heading that is not the title stays in the body.
	res, _ := New().Convert(Document{Body: []byte("# Something else\n"), BodyLine: 1, Title: "Title"})
	if !strings.Contains(string(res.HTML), `<h1 id="something-else">`) {
		t.Errorf("HTML = %s", res.HTML)
	}
}
