package generator

import (
	"bytes"
	"context"
	"path"
	"strings"
	"testing"
	"time"

	"github.com/handbook-dev/handbook/generator/internal/testsite"
	"github.com/handbook-dev/handbook/generator/site"
	"github.com/handbook-dev/handbook/generator/source"
)

// fuzzBudget is the render time budget of fuzzed pages; fuzzSlack is how
// much longer the whole load-and-render of one input may take before the
// input counts as a hang. Both are far above what any input needs when
// the budget works.
const (
	fuzzBudget = time.Second
	fuzzSlack  = 10 * time.Second
)

// FuzzBuildPage runs one page's text through the whole load-and-render
// path: front matter, the model (URLs from slug and url, collisions),
// Markdown with its time budget, link resolution, the audit and every
// template, into memory. No input may panic, take longer than the budget
// allows, write outside the site, or put a script of its own into a page.
func FuzzBuildPage(f *testing.F) {
	for _, seed := range []string{
		"---\ntitle: A\nowner: ops\nreviewed: 2026-01-01\nreview_interval: 6m\ntags: [x]\n---\n# A\n\nSee [b](b.md#steps) and ![i](i.png).\n",
		"---\nslug: ..\n---\n", "---\nurl: a/%2e%2e/b\n---\n", "---\nurl: elsewhere/x\n---\n[up](../_index.md)",
		"\ufeff---\r\ntitle: W\r\n...\r\nBody\r\n", "---\na: &a [1]\nb: *a\n---\n", "+++\ntitle = 'T'\n+++\n",
		"<script>alert(1)</script><img src=x onerror=alert(1)>[x](javascript:alert(1))",
		strings.Repeat("[a](b", 2000), strings.Repeat("*a_ ", 2000), strings.Repeat("> ", 2000) + "a",
		"> [!WARNING]\n> Careful.\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\nTerm\n: Definition\n\n[^1]\n\n[^1]: Note.\n",
		"```go\nfunc main() {}\n```\n", "---\nitems: [x]\n---\n", "---\ndraft: true\n---\n",
		"<p><img src=\"i.png\" srcset=\"i.png 1x, javascript:alert(1) 2x\"> <a href=\"b.md#steps\">b</a> <A HREF='&#106;avascript:alert(1)'>x</A></p>\n",
		"!!! note \"T\"\n    body [b](b.md#steps)\n\n??? tip\n    x\n", ":::tip[T <img src=x onerror=alert(1)>]\n```\n:::\n```\n:::\n:::note\nunclosed\n",
		"> [!div class=\"x\"]\n> [b](b.md)\n\n> [!VIDEO javascript:alert(1)]\n", "## T {#x onclick=\"alert(1)\"}\n\n<a name=\"s1\"></a>[s](#s1) [m](#main) <div id=\"sidebar\">x</div>\n",
	} {
		f.Add([]byte(seed))
	}
	dir := testsite.Write(f, map[string]string{
		"content/_index.md":       "Home.\n",
		"content/guide/_index.md": "Guide.\n",
		"content/guide/b.md":      "---\ntitle: B\n---\n## Steps\n\nSee [the fuzzed page](fuzz.md).\n",
		"content/guide/fuzz.md":   "Placeholder.\n",
		"content/guide/i.png":     "PNG",
	})
	m, diags, err := load(context.Background(), Options{Dir: dir, Now: fixedNow, SourceCommit: "fuzz"})
	if err != nil || m == nil {
		f.Fatalf("load: %v %v", err, diags)
	}
	pr, diags, err := m.prepare(context.Background(), Options{}, preparing{})
	if err != nil {
		f.Fatalf("prepare: %v %v", err, diags)
	}
	cfg := m.cfg
	cfg.Limits.RenderTime = fuzzBudget
	baseline := scriptTags(f, pr, m, "guide/b/index.html")

	f.Fuzz(func(t *testing.T, page []byte) {
		start := time.Now()
		docs := map[string]*source.Document{}
		for rel, d := range m.docs {
			docs[rel] = d
		}
		doc, d := source.Parse("content/guide/fuzz.md", page)
		delete(docs, "guide/fuzz.md")
		if doc != nil {
			docs["guide/fuzz.md"] = doc
		}
		diags := d
		s, d := site.New(cfg, m.tree, docs, site.Options{BuildTime: fixedNow})
		diags = append(diags, d...)
		s, d = s.Convert(pr.conv)
		diags = append(diags, d...)
		diags = append(diags, linkFindings(s, cfg.Audit, false)...)
		w := &mapWriter{files: map[string][]byte{}}
		if n, _ := diags.Count(); n == 0 {
			pr2 := *pr
			pr2.report = nil
			r := pr2.renderer(s, nil, nil)
			diags = append(diags, r.Render(w)...)
		}
		if took := time.Since(start); took > fuzzBudget+fuzzSlack {
			t.Fatalf("one page took %s to load and render", took)
		}
		for _, d := range diags {
			if d.Path == "" || strings.Contains(d.Message, "panic") {
				t.Fatalf("diagnostic without a path or about a panic: %s", d)
			}
		}
		for rel, data := range w.files {
			if rel != path.Clean(rel) || strings.HasPrefix(rel, "/") || strings.HasPrefix(rel, "../") || strings.ContainsAny(rel, "\\\x00") {
				t.Fatalf("output path %q is not inside the site", rel)
			}
			if strings.HasSuffix(rel, ".html") && bytes.Count(bytes.ToLower(data), []byte("<script")) > baseline {
				t.Fatalf("%s holds more <script> tags than the templates put there:\n%s", rel, data)
			}
		}
	})
}

// scriptTags counts the <script> tags the templates put into a page.
func scriptTags(f *testing.F, pr *prepared, m *model, page string) int {
	w := &mapWriter{files: map[string][]byte{}}
	if d := pr.renderer(pr.site, nil, nil).Render(w); len(d) > 0 {
		f.Fatal(d)
	}
	data, ok := w.files[page]
	if !ok {
		f.Fatalf("no %s", page)
	}
	return bytes.Count(bytes.ToLower(data), []byte("<script"))
}
