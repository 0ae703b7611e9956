package site

import (
	"html"
	"net/url"
	"strings"
	"testing"

	"github.com/handbook-dev/handbook/generator/config"
	"github.com/handbook-dev/handbook/generator/source"
)

// fuzzSite is a small model built without touching the disk.
func fuzzSite(t testing.TB) (*Site, *Page) {
	tree := &source.Tree{Dirs: []string{"", "a", "a/b"}}
	docs := map[string]*source.Document{}
	for _, rel := range []string{"_index.md", "a/_index.md", "a/one.md", "a/b/two.md"} {
		tree.Files = append(tree.Files, source.File{Rel: rel, Path: "content/" + rel})
		docs[rel] = &source.Document{FrontMatter: source.FrontMatter{Title: rel}, BodyLine: 1}
	}
	tree.Files = append(tree.Files, source.File{Rel: "a/pic.png", Path: "content/a/pic.png"})
	s, diags := New(config.Default(), tree, docs, Options{})
	if len(diags) > 0 {
		t.Fatal(diags)
	}
	return s, s.PageBySource("a/one.md")
}

// FuzzResolveLink checks that no destination makes link resolution panic
// or lets a script-capable URL through, however it is disguised.
func FuzzResolveLink(f *testing.F) {
	for _, seed := range []string{
		"b/two.md", "../_index.md#x", "/a/one.md", "b/", "pic.png", "https://example.org", "mailto:a@b",
		"javascript:alert(1)", "JaVaScRiPt:x", "javascript&colon;x", "java\tscript:x", "%6Aavascript:x",
		"data:text/html,x", "vbscript:x", "../../../etc/passwd", "#", "?q#f", "b/two.md?x=1#Steps", " \x00",
	} {
		f.Add(seed, false)
		f.Add(seed, true)
	}
	s, from := fuzzSite(f)
	f.Fuzz(func(t *testing.T, dest string, image bool) {
		l := s.ResolveLink(from, dest, image)
		if l.Unsafe && l.Href != "#" {
			t.Fatalf("unsafe link kept: %q -> %q", dest, l.Href)
		}
		if l.Page != nil || l.File != nil {
			if !strings.HasPrefix(l.Href, "#") && (strings.HasPrefix(l.Href, "/") || strings.Contains(l.Href, "://")) {
				t.Fatalf("internal link %q resolved to non-relative %q", dest, l.Href)
			}
		}
		// Whatever is written into the HTML must not run script.
		h := strings.ToLower(html.UnescapeString(l.Href))
		if u, err := url.PathUnescape(h); err == nil {
			h = u
		}
		h = strings.Map(func(r rune) rune {
			if r <= ' ' || r == 0x7f {
				return -1
			}
			return r
		}, h)
		for _, bad := range []string{"javascript:", "vbscript:", "data:text"} {
			if strings.HasPrefix(h, bad) {
				t.Fatalf("script-capable href %q from %q", l.Href, dest)
			}
		}
		// Only allowed schemes reach the page.
		if scheme, _, ok := strings.Cut(h, ":"); ok && !strings.ContainsAny(scheme, "/?#") && len(scheme) > 1 && l.Problem == "" {
			switch scheme {
			case "http", "https", "mailto", "tel", "data":
			default:
				if u, err := url.Parse(l.Href); err == nil && u.Scheme != "" {
					t.Fatalf("href %q from %q has the scheme %s:", l.Href, dest, u.Scheme)
				}
			}
		}
	})
}
