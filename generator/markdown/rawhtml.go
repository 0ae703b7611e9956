package markdown

import (
	"bytes"
	"io"
	"strings"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/renderer"
	ghtml "github.com/yuin/goldmark/renderer/html"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
	"golang.org/x/net/html"
)

// Raw HTML carries links and images too: manuals written for DocFX or
// MkDocs use <img src> for sized screenshots and <a href> inside tables.
// Their addresses are written for the source layout (../media/x.png,
// other.md), which pretty URLs break, so they go through the same
// Resolver as Markdown links, in document order, and the tag is written
// again with the resolved address. The HTML is read with the x/net/html
// tokenizer and rewritten tags are serialised by it (attribute values
// escaped), so no address can break out of its attribute; everything
// else is kept byte for byte, and the sanitiser runs over the result.

// rawHTMLURLAttrs lists the address attributes checked and rewritten, by
// element; srcset holds several addresses.
var rawHTMLURLAttrs = map[string][]string{
	"a":   {"href"},
	"img": {"src", "srcset"},
}

// rawHTMLSource is the text of a raw HTML node: its segments joined, and
// where each starts in the page body, to position what is found in it.
type rawHTMLSource struct {
	buf    []byte
	starts []int // offset in buf of each segment
	origin []int // offset in the body of each segment
}

func newRawHTMLSource(src []byte, segs []text.Segment) rawHTMLSource {
	var r rawHTMLSource
	for _, s := range segs {
		r.starts = append(r.starts, len(r.buf))
		r.origin = append(r.origin, s.Start)
		r.buf = append(r.buf, s.Value(src)...)
	}
	return r
}

// bodyOffset maps an offset in buf to the body.
func (r rawHTMLSource) bodyOffset(off int) int {
	i := len(r.starts) - 1
	for i > 0 && r.starts[i] > off {
		i--
	}
	if i < 0 {
		return 0
	}
	return r.origin[i] + off - r.starts[i]
}

// rawHTMLSegments returns the source segments of a raw HTML node.
func rawHTMLSegments(n ast.Node) []text.Segment {
	switch n := n.(type) {
	case *ast.HTMLBlock:
		segs := append([]text.Segment(nil), n.Lines().Sliced(0, n.Lines().Len())...)
		if n.HasClosure() {
			segs = append(segs, n.ClosureLine)
		}
		return segs
	case *ast.RawHTML:
		return n.Segments.Sliced(0, n.Segments.Len())
	}
	return nil
}

// rewriteRawHTML passes the addresses of the raw HTML in segs through
// resolve (when not nil), appending each to refs, and returns the HTML
// with the resolved addresses, or nil when it is unchanged.
func rewriteRawHTML(src []byte, segs []text.Segment, lines lineIndex, resolve Resolver, refs *[]LinkRef) []byte {
	if !mayHaveURLs(src, segs) {
		return nil
	}
	r := newRawHTMLSource(src, segs)
	z := html.NewTokenizer(bytes.NewReader(r.buf))
	out := make([]byte, 0, len(r.buf)+16)
	changed := false
	pos := 0
	for {
		tt := z.Next()
		if tt == html.ErrorToken {
			if z.Err() != io.EOF {
				return nil // cannot happen on a bytes.Reader; keep the source
			}
			out = append(out, z.Raw()...)
			break
		}
		start := len(out)
		raw := z.Raw()
		out = append(out, raw...) // before Token, which rewrites raw in place
		tagStart := pos
		pos += len(raw)
		if tt != html.StartTagToken && tt != html.SelfClosingTagToken {
			continue
		}
		name, hasAttr := z.TagName() // Token would not see the name after this
		attrs := rawHTMLURLAttrs[string(name)]
		if attrs == nil || !hasAttr {
			continue
		}
		tok := html.Token{Type: tt, Data: string(name)}
		for hasAttr {
			var k, v []byte
			k, v, hasAttr = z.TagAttr()
			tok.Attr = append(tok.Attr, html.Attribute{Key: string(k), Val: string(v)})
		}
		var at LinkRef // the tag's position, in the file it was written in
		at.Source, at.Line, at.Col = lines.pos(r.bodyOffset(tagStart))
		if rewriteTag(&tok, attrs, at, resolve, refs) {
			out = out[:start]
			if tok.Type != html.ErrorToken {
				out = append(out, tok.String()...)
			}
			changed = true
		}
	}
	if !changed {
		return nil
	}
	return out
}

// rewriteTag resolves the address attributes of tok and reports whether
// any changed. A link resolved to Unlink loses its href (its text stays);
// an image so resolved is dropped (tok.Type becomes ErrorToken), and so
// is a srcset candidate.
func rewriteTag(tok *html.Token, attrs []string, at LinkRef, resolve Resolver, refs *[]LinkRef) bool {
	image := tok.Data == "img"
	changed := false
	kept := tok.Attr[:0]
	for _, a := range tok.Attr {
		if a.Namespace != "" || !contains(attrs, a.Key) {
			kept = append(kept, a)
			continue
		}
		if a.Key == "srcset" {
			v, ok := rewriteSrcset(a.Val, at, resolve, refs)
			if ok {
				changed = changed || v != a.Val
				a.Val = v
				kept = append(kept, a)
			} else {
				changed = true
			}
			continue
		}
		ref := LinkRef{Dest: strings.TrimSpace(a.Val), Source: at.Source, Line: at.Line, Col: at.Col, Image: image}
		*refs = append(*refs, ref)
		href := ref.Dest
		if resolve != nil {
			href = resolve(ref)
		}
		switch {
		case href == Unlink && image:
			tok.Type = html.ErrorToken
			return true
		case href == Unlink:
			changed = true
		default:
			changed = changed || href != a.Val
			a.Val = href
			kept = append(kept, a)
		}
	}
	tok.Attr = kept
	return changed
}

// rewriteSrcset resolves every address of a srcset value and writes the
// candidates again with their descriptors; ok is false when no candidate
// is left.
func rewriteSrcset(v string, at LinkRef, resolve Resolver, refs *[]LinkRef) (string, bool) {
	var b strings.Builder
	for _, c := range ParseSrcset(v) {
		ref := LinkRef{Dest: c.URL, Source: at.Source, Line: at.Line, Col: at.Col, Image: true}
		*refs = append(*refs, ref)
		href := ref.Dest
		if resolve != nil {
			href = resolve(ref)
		}
		if href == Unlink {
			continue
		}
		if b.Len() > 0 {
			b.WriteString(", ")
		}
		b.WriteString(href)
		if c.Descriptor != "" {
			b.WriteString(" " + c.Descriptor)
		}
	}
	return b.String(), b.Len() > 0
}

// SrcsetCandidate is one image of a srcset attribute.
type SrcsetCandidate struct {
	URL        string
	Descriptor string // "2x", "480w" or empty
}

// ParseSrcset splits a srcset value into its candidates, as the HTML
// standard's parsing algorithm does: an address runs to the next space
// (trailing commas end the candidate), descriptors run to the next comma
// outside parentheses.
func ParseSrcset(v string) []SrcsetCandidate {
	var out []SrcsetCandidate
	isSpace := func(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' }
	i := 0
	for i < len(v) {
		for i < len(v) && (isSpace(v[i]) || v[i] == ',') {
			i++
		}
		if i == len(v) {
			break
		}
		start := i
		for i < len(v) && !isSpace(v[i]) {
			i++
		}
		url := v[start:i]
		c := SrcsetCandidate{URL: strings.TrimRight(url, ",")}
		if strings.HasSuffix(url, ",") { // no descriptors
			out = append(out, c)
			continue
		}
		start, depth := i, 0
		for i < len(v) && (depth > 0 || v[i] != ',') {
			switch v[i] {
			case '(':
				depth++
			case ')':
				depth = max(depth-1, 0)
			}
			i++
		}
		c.Descriptor = strings.Join(strings.Fields(v[start:i]), " ")
		out = append(out, c)
	}
	return out
}

// mayHaveURLs is a quick test that spares the tokenizer the raw HTML
// with no address attribute at all (closing tags, <br>, <kbd>): it looks
// for "src" or "href" in any case.
func mayHaveURLs(src []byte, segs []text.Segment) bool {
	for _, s := range segs {
		v := s.Value(src)
		for i := 0; i+3 <= len(v); i++ {
			switch v[i] | 0x20 {
			case 's':
				if v[i+1]|0x20 == 'r' && v[i+2]|0x20 == 'c' {
					return true
				}
			case 'h':
				if i+4 <= len(v) && v[i+1]|0x20 == 'r' && v[i+2]|0x20 == 'e' && v[i+3]|0x20 == 'f' {
					return true
				}
			}
		}
	}
	return false
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// KindRewrittenHTML is the kind of the raw HTML nodes whose addresses
// were rewritten; they render their HTML as it is (then sanitised).
var (
	KindRewrittenHTMLBlock = ast.NewNodeKind("RewrittenHTMLBlock")
	KindRewrittenRawHTML   = ast.NewNodeKind("RewrittenRawHTML")
)

type rewrittenHTMLBlock struct {
	ast.BaseBlock
	html []byte
}

func (n *rewrittenHTMLBlock) Kind() ast.NodeKind         { return KindRewrittenHTMLBlock }
func (n *rewrittenHTMLBlock) IsRaw() bool                { return true }
func (n *rewrittenHTMLBlock) Dump(src []byte, level int) { ast.DumpHelper(n, src, level, nil, nil) }
func (n *rewrittenRawHTML) Kind() ast.NodeKind           { return KindRewrittenRawHTML }
func (n *rewrittenRawHTML) Dump(src []byte, level int)   { ast.DumpHelper(n, src, level, nil, nil) }
func (n *rewrittenRawHTML) Inline()                      {}

type rewrittenRawHTML struct {
	ast.BaseInline
	html []byte
}

// rewrittenRaw is a raw HTML node and the HTML that takes its place.
type rewrittenRaw struct {
	node ast.Node
	html []byte
}

// rewrittenNode returns the node that takes n's place with the HTML h.
func rewrittenNode(n ast.Node, h []byte) ast.Node {
	if n.Type() == ast.TypeBlock {
		b := &rewrittenHTMLBlock{html: h}
		b.SetBlankPreviousLines(n.HasBlankPreviousLines())
		return b
	}
	return &rewrittenRawHTML{html: h}
}

type rewrittenHTMLRenderer struct{}

func (rewrittenHTMLRenderer) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	render := func(w util.BufWriter, _ []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
		if entering {
			var h []byte
			switch n := n.(type) {
			case *rewrittenHTMLBlock:
				h = n.html
			case *rewrittenRawHTML:
				h = n.html
			}
			ghtml.DefaultWriter.SecureWrite(w, h) // as goldmark writes raw HTML: NUL becomes U+FFFD
		}
		return ast.WalkSkipChildren, nil
	}
	reg.Register(KindRewrittenHTMLBlock, render)
	reg.Register(KindRewrittenRawHTML, render)
}
