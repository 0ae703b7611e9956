package markdown

import (
	"bytes"
	"reflect"
	"strings"
	"testing"

	"github.com/yuin/goldmark/text"
	"golang.org/x/net/html"
)

func textReader(src []byte) text.Reader { return text.NewReader(src) }

func TestRawHTMLAddresses(t *testing.T) {
	// resolve maps every address to "R(" + dest + ")", except those the
	// test names in unlink and inject.
	tests := []struct {
		name     string
		body     string
		resolve  map[string]string // dest -> href; missing: "R/" + dest
		wantRefs []LinkRef
		want     []string
		notWant  []string
	}{
		{name: "img block",
			body:     "Intro.\n\n<img src=\"../media/x.png\" alt=\"X\" width=\"200\">\n",
			wantRefs: []LinkRef{{Dest: "../media/x.png", Line: 3, Col: 1, Image: true}},
			want:     []string{`<img src="R/../media/x.png" alt="X" width="200"`}},
		{name: "inline a href",
			body:     "See <a href=\"other.md#setup\">the other page</a> now.\n",
			wantRefs: []LinkRef{{Dest: "other.md#setup", Line: 1, Col: 5}},
			want:     []string{`<a href="R/other.md#setup">the other page</a>`}},
		{name: "upper case tag and attribute",
			body:     "<IMG SRC=\"x.png\">\n",
			wantRefs: []LinkRef{{Dest: "x.png", Line: 1, Col: 1, Image: true}},
			want:     []string{`<img src="R/x.png"`}},
		{name: "srcset candidates keep their descriptors",
			body: "<p><img src=\"a.png\" srcset=\"a.png 1x, a@2x.png 2x\"></p>\n",
			wantRefs: []LinkRef{{Dest: "a.png", Line: 1, Col: 4, Image: true}, {Dest: "a.png", Line: 1, Col: 4, Image: true},
				{Dest: "a@2x.png", Line: 1, Col: 4, Image: true}},
			want: []string{`src="R/a.png"`, `srcset="R/a.png 1x, R/a@2x.png 2x"`}},
		{name: "position inside a multi-line block",
			body:     "text\n\n<div>\n<p>one</p>\n  <a href=\"x.md\">x</a>\n</div>\n",
			wantRefs: []LinkRef{{Dest: "x.md", Line: 5, Col: 3}},
			want:     []string{`<a href="R/x.md">x</a>`}},
		{name: "position inside a quote",
			body:     "> quoted\n>\n> <img src=\"q.png\">\n",
			wantRefs: []LinkRef{{Dest: "q.png", Line: 3, Col: 3, Image: true}},
			want:     []string{`<img src="R/q.png"`}},
		{name: "entities decoded in the reference, escaped in the output",
			body:     "<a href=\"a.md?x=1&amp;y=2\">a</a>\n",
			wantRefs: []LinkRef{{Dest: "a.md?x=1&y=2", Line: 1, Col: 1}},
			want:     []string{`href="R/a.md?x=1&amp;y=2"`}},
		{name: "a resolved address cannot add attributes",
			body:     "<img src=\"x.png\">\n",
			resolve:  map[string]string{"x.png": `x.png" onerror="alert(1)`},
			wantRefs: []LinkRef{{Dest: "x.png", Line: 1, Col: 1, Image: true}},
			notWant:  []string{"onerror"}},
		{name: "unlinked link keeps its text",
			body:     "<a href=\"gone.md\">kept text</a>\n",
			resolve:  map[string]string{"gone.md": Unlink},
			wantRefs: []LinkRef{{Dest: "gone.md", Line: 1, Col: 1}},
			want:     []string{"kept text"},
			notWant:  []string{"gone.md", "href"}},
		{name: "unlinked image is dropped",
			body:     "<p>a <img src=\"gone.png\"> b</p>\n",
			resolve:  map[string]string{"gone.png": Unlink},
			wantRefs: []LinkRef{{Dest: "gone.png", Line: 1, Col: 6, Image: true}},
			want:     []string{"<p>a  b</p>"},
			notWant:  []string{"<img"}},
		{name: "unsafe srcset candidate is dropped by the sanitiser",
			body:     "<img src=\"a.png\" srcset=\"javascript:alert(1) 2x\">\n",
			resolve:  map[string]string{"javascript:alert(1)": "javascript:alert(1)"},
			wantRefs: []LinkRef{{Dest: "a.png", Line: 1, Col: 1, Image: true}, {Dest: "javascript:alert(1)", Line: 1, Col: 1, Image: true}},
			want:     []string{`<img src="R/a.png"`},
			notWant:  []string{"srcset", "javascript"}},
		{name: "other raw HTML is kept as written",
			body:    "<details open><summary>More</summary>\n\nPress <kbd>Ctrl</kbd>.\n\n</details>\n",
			want:    []string{"<details open=\"\"><summary>More</summary>", "<kbd>Ctrl</kbd>"},
			notWant: []string{"R/"}},
		{name: "Markdown and raw HTML references in document order",
			body: "[first](a.md) <a href=\"b.md\">second</a> ![third](c.png)\n",
			wantRefs: []LinkRef{{Dest: "a.md", Line: 1, Col: 2}, {Dest: "b.md", Line: 1, Col: 15},
				{Dest: "c.png", Line: 1, Col: 43, Image: true}},
			want: []string{`href="R/a.md"`, `href="R/b.md"`, `src="R/c.png"`}},
	}
	c := New()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var seen []LinkRef
			res, err := c.Convert(Document{Body: []byte(tt.body), BodyLine: 1, Resolve: func(r LinkRef) string {
				seen = append(seen, r)
				if h, ok := tt.resolve[r.Dest]; ok {
					return h
				}
				return "R/" + r.Dest
			}})
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(seen, tt.wantRefs) {
				t.Errorf("resolved %+v\nwant     %+v", seen, tt.wantRefs)
			}
			if !reflect.DeepEqual(res.Links, tt.wantRefs) {
				t.Errorf("Links %+v\nwant  %+v", res.Links, tt.wantRefs)
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

// TestRewriteRawHTMLEscapes checks the rewrite itself, before the
// sanitiser: a resolved address is escaped inside its attribute, and the
// rest of the raw HTML is kept byte for byte.
func TestRewriteRawHTMLEscapes(t *testing.T) {
	src := []byte("<div title=\"keep  me\">\n<img src=\"x.png\" alt='a'>\n</div>\n")
	seg := New().md.Parser().Parse(textReader(src)).FirstChild()
	var refs []LinkRef
	got := rewriteRawHTML(src, rawHTMLSegments(seg), newLineIndex(src, 1, nil), func(LinkRef) string { return `x.png" onerror="alert(1)` }, &refs)
	want := "<div title=\"keep  me\">\n<img src=\"x.png&#34; onerror=&#34;alert(1)\" alt=\"a\">\n</div>\n"
	if string(got) != want {
		t.Errorf("rewritten:\n%s\nwant:\n%s", got, want)
	}
	if len(refs) != 1 || refs[0] != (LinkRef{Dest: "x.png", Line: 2, Col: 1, Image: true}) {
		t.Errorf("refs = %+v", refs)
	}
}

// TestRawHTMLUnchangedWithoutResolver checks that a conversion without a
// resolver still lists raw HTML addresses and writes the HTML as before.
func TestRawHTMLUnchangedWithoutResolver(t *testing.T) {
	body := "<img src=\"x.png\" alt=\"x\">\n\nText <a href=\"y.md\">y</a>.\n"
	res, err := New().Convert(Document{Body: []byte(body), BodyLine: 10})
	if err != nil {
		t.Fatal(err)
	}
	want := []LinkRef{{Dest: "x.png", Line: 10, Col: 1, Image: true}, {Dest: "y.md", Line: 12, Col: 6}}
	if !reflect.DeepEqual(res.Links, want) {
		t.Errorf("Links = %+v, want %+v", res.Links, want)
	}
	if !strings.Contains(string(res.HTML), `<img src="x.png" alt="x">`) || !strings.Contains(string(res.HTML), `<a href="y.md">y</a>`) {
		t.Errorf("HTML = %s", res.HTML)
	}
}

func TestParseSrcset(t *testing.T) {
	tests := []struct {
		in   string
		want []SrcsetCandidate
	}{
		{"", nil},
		{"a.png", []SrcsetCandidate{{URL: "a.png"}}},
		{"a.png 1x, b.png 2x", []SrcsetCandidate{{"a.png", "1x"}, {"b.png", "2x"}}},
		{"  a.png   480w ,b.png 800w  ", []SrcsetCandidate{{"a.png", "480w"}, {"b.png", "800w"}}},
		{"a.png,b.png 2x", []SrcsetCandidate{{URL: "a.png,b.png", Descriptor: "2x"}}},
		{"a.png, b.png", []SrcsetCandidate{{URL: "a.png"}, {URL: "b.png"}}},
		{"a.png,, ,b.png", []SrcsetCandidate{{URL: "a.png"}, {URL: "b.png"}}},
		{"a.png 1x (odd, thing), b.png", []SrcsetCandidate{{"a.png", "1x (odd, thing)"}, {URL: "b.png"}}},
		{"img/x%20y.png?v=1 2x", []SrcsetCandidate{{"img/x%20y.png?v=1", "2x"}}},
	}
	for _, tt := range tests {
		if got := ParseSrcset(tt.in); !reflect.DeepEqual(got, tt.want) {
			t.Errorf("ParseSrcset(%q) = %+v, want %+v", tt.in, got, tt.want)
		}
	}
}

// FuzzParseSrcset checks that candidates are well formed and that writing
// them again, as the rewrite does, parses to the same candidates.
func FuzzParseSrcset(f *testing.F) {
	for _, s := range []string{"a.png 1x, b.png 2x", "a,b 1x", "x (a,b), y", ",,,", " \t\n"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		cands := ParseSrcset(in)
		var parts []string
		for _, c := range cands {
			if c.URL == "" || strings.ContainsAny(c.URL, " \t\n\r\f") || strings.HasPrefix(c.URL, ",") || strings.HasSuffix(c.URL, ",") {
				t.Fatalf("ParseSrcset(%q): bad candidate %+v", in, c)
			}
			p := c.URL
			if c.Descriptor != "" {
				p += " " + c.Descriptor
			}
			parts = append(parts, p)
		}
		again := ParseSrcset(strings.Join(parts, ", "))
		if len(cands) > 0 && !reflect.DeepEqual(again, cands) {
			t.Fatalf("ParseSrcset(%q) = %+v; written again it parses as %+v", in, cands, again)
		}
	})
}

// FuzzRewriteRawHTML checks that no raw HTML makes the rewrite panic, and
// that a resolved address never adds an attribute, whatever it holds:
// the rewritten HTML has no more onerror attributes than the input.
func FuzzRewriteRawHTML(f *testing.F) {
	for _, s := range []string{
		`<img src="a.png" srcset="a.png 1x, b.png 2x">`, `<a href=x.md>t</a>`, `<A HREF='y'>`, `<img src="y`,
		`<a href=x><textarea><img src=z>`, `<img src=a onerror=b>`, "<div>\n<a\nhref=\"c\">c</a></div>",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		src := []byte(in)
		var refs []LinkRef
		inject := func(LinkRef) string { return `x" onerror="alert(1)` }
		out := rewriteRawHTML(src, []text.Segment{text.NewSegment(0, len(src))}, newLineIndex(src, 1, nil), inject, &refs)
		if out == nil {
			return
		}
		if got, had := countAttr(out, "onerror"), countAttr(src, "onerror"); got > had {
			t.Fatalf("rewrite of %q added attributes: %q", in, out)
		}
	})
}

// countAttr counts the attributes named key in the tags of h.
func countAttr(h []byte, key string) int {
	n := 0
	z := html.NewTokenizer(bytes.NewReader(h))
	for {
		switch z.Next() {
		case html.ErrorToken:
			return n
		case html.StartTagToken, html.SelfClosingTagToken:
			for _, a := range z.Token().Attr {
				if a.Key == key {
					n++
				}
			}
		}
	}
}
