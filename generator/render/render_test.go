package render

import (
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/handbook-dev/handbook/assets"
	"github.com/handbook-dev/handbook/generator/bundle"
	"github.com/handbook-dev/handbook/generator/config"
	"github.com/handbook-dev/handbook/generator/inventory"
	"github.com/handbook-dev/handbook/generator/markdown"
	"github.com/handbook-dev/handbook/generator/site"
	"github.com/handbook-dev/handbook/generator/source"
	"github.com/handbook-dev/handbook/templates"
)

// discard is a Writer that keeps nothing but counts; Render calls it from
// every worker.
type discard struct {
	mu           sync.Mutex
	files, bytes int
}

func (d *discard) Write(rel string, data []byte) error {
	d.mu.Lock()
	d.files++
	d.bytes += len(data)
	d.mu.Unlock()
	return nil
}

func (d *discard) Copy(rel, src string) error { return d.Write(rel, nil) }

// exampleRenderer models the bundled example manual in ../../content.
func exampleRenderer(tb testing.TB) (*Renderer, *site.Site) {
	tb.Helper()
	project, _ := filepath.Abs("../..")
	tree, diags := source.Walk(project, "content")
	if len(diags) > 0 {
		tb.Fatal(diags)
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
		if len(d) > 0 {
			tb.Fatal(d)
		}
		docs[f.Rel] = doc
	}
	inv, diags := inventory.Load(project, inventory.Options{})
	if len(diags) > 0 {
		tb.Fatal(diags)
	}
	s, diags := site.New(config.Default(), tree, docs, site.Options{BuildTime: time.Date(2026, 11, 24, 0, 0, 0, 0, time.UTC), Inventory: inv})
	if len(diags) > 0 {
		tb.Fatal(diags)
	}
	tr, d := NewTranslator([]fs.FS{templates.FS}, "en", nil)
	if len(d) > 0 {
		tb.Fatal(d)
	}
	s, _ = s.Convert(markdown.New(markdown.WithAlertTitles(tr.AlertTitles())))
	tmpl, d := LoadTemplates([]Layer{{FS: templates.FS, Display: "templates"}}, Funcs(tr), tr.T)
	if len(d) > 0 {
		tb.Fatal(d)
	}
	b, d := bundle.Build([]fs.FS{assets.FS}, "assets", bundle.Options{})
	if len(d) > 0 {
		tb.Fatal(d)
	}
	return New(s, Options{Templates: tmpl, Translator: tr, Assets: b}), s
}

func TestRenderExample(t *testing.T) {
	r, s := exampleRenderer(t)
	var w discard
	if d := r.Render(&w); len(d) > 0 {
		t.Fatal(d)
	}
	// pages + print views + tags + tag index + 404 + sitemap + files + assets
	min := len(s.Pages) + len(s.Sections) + len(s.Tags) + 3 + len(s.Files) + 2
	if w.files < min {
		t.Errorf("wrote %d files, want at least %d", w.files, min)
	}
}

func TestSidebarWindow(t *testing.T) {
	r, s := exampleRenderer(t)
	n := newNavigation(s, 2, "All %d pages")
	_ = r
	for _, p := range s.Pages {
		if p.Parent == nil || len(p.Parent.Children) <= 2 {
			continue
		}
		html := string(n.sidebar(p, p.URL))
		if !strings.Contains(html, `aria-current="page"`) {
			t.Errorf("%s: current page not marked in a windowed list", p.URL)
		}
		if !strings.Contains(html, "All ") {
			t.Errorf("%s: windowed list has no link to the whole section", p.URL)
		}
		return
	}
	t.Skip("no section with more than two pages")
}

func TestRebase(t *testing.T) {
	in := `<a href="../../x/y/">a</a><img src="../../p.png"><a href="https://e.org">e</a><a href="#h">h</a>`
	got := rebase(in, 2, 1)
	want := `<a href="../x/y/">a</a><img src="../p.png"><a href="https://e.org">e</a><a href="#h">h</a>`
	if got != want {
		t.Errorf("rebase = %s", got)
	}
	in = `<img src="../../a.png" srcset="../../a.png 1x, ../../b.png 2x, https://e.org/c.png 3x"><p>srcset, ../../x</p>`
	want = `<img src="../a.png" srcset="../a.png 1x, ../b.png 2x, https://e.org/c.png 3x"><p>srcset, ../../x</p>`
	if got := rebase(in, 2, 1); got != want {
		t.Errorf("rebase of srcset = %s\nwant %s", got, want)
	}
}

// BenchmarkRenderPage measures executing the page template for one page,
// sidebar included, which runs once per page of every build.
func BenchmarkRenderPage(b *testing.B) {
	r, s := exampleRenderer(b)
	var p *site.Page
	for _, q := range s.Pages {
		if q.Section == nil && p == nil {
			p = q
		}
	}
	var w discard
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if err := r.page(&w, p); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(w.bytes)/float64(b.N), "bytes/page")
}

// BenchmarkRenderItem measures one inventory item's page, which a large
// inventory renders tens of thousands of times.
func BenchmarkRenderItem(b *testing.B) {
	r, s := exampleRenderer(b)
	it := s.Inventory.ByID("sp-hub-operations")
	if it == nil {
		it = s.Inventory.Items[0]
	}
	var w discard
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if err := r.item(&w, it); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(w.bytes)/float64(b.N), "bytes/page")
}
