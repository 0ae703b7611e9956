package markdown

import (
	"bytes"
	"regexp"
	"strings"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
	"golang.org/x/net/html"
)

// idPattern is what an id, a heading's {#custom-id} or an <a name> must
// look like to be kept, verbatim: letters, digits and _ - : . are what
// heading ids and the anchors of published manuals use, and need no
// escaping in HTML or in a URL fragment. Others are dropped (raw HTML)
// or replaced by the heading's generated id.
var idPattern = regexp.MustCompile(`^[\p{L}\p{N}_\-:.]+$`)

// classPattern is what a heading's {.class} must look like to be kept.
var classPattern = regexp.MustCompile(`^[\w\- :]+$`)

// reservedID reports the ids the built-in templates give their own
// elements (the skip link's #main, the menu link's #sidebar, the search
// page's results): an element of the page's raw HTML with one of them
// would take those links over, so raw HTML loses such an id or name
// (headings keep the ids generated from their text, as before).
// Content ids are otherwise kept verbatim, without a prefix, so links
// written for the manual's old publisher keep working.
func reservedID(id string) bool {
	switch id {
	case "main", "sidebar", "search-results":
		return true
	}
	return strings.HasPrefix(id, "hb-")
}

// headingAttributeTransformer keeps, of the attributes a heading's
// {#id .class key=value} gave it, an id that matches idPattern and is
// not reserved (another is replaced by the id generated from the
// heading's text) and classes
// that match classPattern. Everything else (event handlers, style,
// data-) is dropped: pages without raw HTML are not sanitised, so the
// renderer must never see them.
type headingAttributeTransformer struct{}

func (headingAttributeTransformer) Transform(doc *ast.Document, reader text.Reader, pc parser.Context) {
	src := reader.Source()
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if _, ok := n.(*ast.Paragraph); ok {
			return ast.WalkSkipChildren, nil // inlines hold no heading
		}
		h, ok := n.(*ast.Heading)
		if !ok || !entering {
			return ast.WalkContinue, nil
		}
		attrs := h.Attributes()
		if attrs == nil {
			return ast.WalkSkipChildren, nil
		}
		var id, class []byte
		for _, a := range attrs {
			v, _ := a.Value.([]byte)
			switch string(a.Name) {
			case "id":
				id = v
			case "class":
				class = v
			}
		}
		written := hasAttributeBlock(h, src)
		if len(attrs) == 1 && id != nil && idPattern.Match(id) && !(written && reservedID(string(id))) {
			return ast.WalkSkipChildren, nil // the common case: an id only
		}
		h.RemoveAttributes()
		if id == nil || !idPattern.Match(id) || written && reservedID(string(id)) {
			if id != nil && reservedID(string(id)) {
				pc.IDs().Put(id) // so that the generated id differs
			}
			id = pc.IDs().Generate([]byte(plainText(h, src)), ast.KindHeading)
		}
		h.SetAttributeString("id", id)
		if class != nil && classPattern.Match(class) {
			h.SetAttributeString("class", class)
		}
		return ast.WalkSkipChildren, nil
	})
}

// hasAttributeBlock reports whether the page wrote {...} after the
// heading's text, as opposed to the id being generated: generated ids
// stay as they were, even one equal to a reserved id ("## Main").
func hasAttributeBlock(h *ast.Heading, src []byte) bool {
	lines := h.Lines()
	if lines.Len() == 0 {
		return false
	}
	rest := src[lines.At(lines.Len()-1).Stop:]
	if end := bytes.IndexByte(rest, '\n'); end >= 0 {
		rest = rest[:end]
	}
	return bytes.IndexByte(rest, '{') >= 0
}

// rawHTML returns the raw HTML a node holds, as written.
func rawHTML(n ast.Node, src []byte) []byte {
	var b bytes.Buffer
	switch n := n.(type) {
	case *ast.HTMLBlock:
		for i := 0; i < n.Lines().Len(); i++ {
			seg := n.Lines().At(i)
			b.Write(seg.Value(src))
		}
		if n.HasClosure() {
			b.Write(n.ClosureLine.Value(src))
		}
	case *ast.RawHTML:
		for i := 0; i < n.Segments.Len(); i++ {
			seg := n.Segments.At(i)
			b.Write(seg.Value(src))
		}
	}
	return b.Bytes()
}

// keptAnchor reports whether raw HTML may keep an id or <a name>.
// bluemonday's policy for user content already allows any id that
// merely contains a letter or digit (its pattern is not anchored), so
// this check, not the sanitiser, decides.
func keptAnchor(v string) bool { return idPattern.MatchString(v) && !reservedID(v) }

// rawAnchors returns the ids and <a name>s of a raw HTML fragment that
// survive the sanitiser and keptAnchor, which are link targets like
// heading ids, and whether the fragment has others, which must be taken
// off (withoutBadAnchors).
//
// An id a heading of the page already has (Learn writes <a id="x"></a>
// before the heading whose generated id is x) is a target either way, but
// two elements with one id are invalid HTML: bad is set for it too, and
// the raw copy is taken off.
func (c *Converter) rawAnchors(frag []byte, headingIDs map[string]bool) (ids []string, bad bool) {
	if !mayHoldAnchor(frag) {
		return nil, false
	}
	z := html.NewTokenizer(bytes.NewReader(c.policy.SanitizeBytes(frag)))
	for {
		switch z.Next() {
		case html.ErrorToken:
			return ids, bad
		case html.StartTagToken, html.SelfClosingTagToken:
			name, more := z.TagName()
			for more {
				var k, v []byte
				k, v, more = z.TagAttr()
				if string(k) == "id" || string(k) == "name" && string(name) == "a" {
					if keptAnchor(string(v)) {
						ids = append(ids, string(v))
					} else {
						bad = true
					}
					bad = bad || string(k) == "id" && headingIDs[string(v)]
				}
			}
		}
	}
}

// mayHoldAnchor reports whether frag has "id" or "name" in any case,
// so that most fragments (<br>, <img src>, <kbd>) skip the sanitiser
// run rawAnchors needs.
func mayHoldAnchor(frag []byte) bool {
	for i := 0; i+1 < len(frag); i++ {
		switch frag[i] | 0x20 {
		case 'i':
			if frag[i+1]|0x20 == 'd' {
				return true
			}
		case 'n':
			if i+3 < len(frag) && frag[i+1]|0x20 == 'a' && frag[i+2]|0x20 == 'm' && frag[i+3]|0x20 == 'e' {
				return true
			}
		}
	}
	return false
}

// withoutBadAnchors returns frag without the ids and names keptAnchor
// refuses and the ids a heading has; the rest is kept byte for byte (it
// is sanitised with the page afterwards).
func withoutBadAnchors(frag []byte, headingIDs map[string]bool) []byte {
	var out bytes.Buffer
	z := html.NewTokenizer(bytes.NewReader(frag))
	for {
		tt := z.Next()
		if tt == html.ErrorToken {
			return out.Bytes()
		}
		raw := bytes.Clone(z.Raw())
		if tt != html.StartTagToken && tt != html.SelfClosingTagToken {
			out.Write(raw)
			continue
		}
		tok := z.Token()
		kept := tok.Attr[:0]
		for _, a := range tok.Attr {
			if (a.Key == "id" || a.Key == "name") && !keptAnchor(a.Val) || a.Key == "id" && headingIDs[a.Val] {
				continue
			}
			kept = append(kept, a)
		}
		if len(kept) == len(tok.Attr) {
			out.Write(raw)
			continue
		}
		tok.Attr = kept
		out.WriteString(tok.String())
	}
}

// headingIDsOf returns the ids the page's headings have (generated or
// written {#id}), which goldmark's parser gave them before any raw HTML
// is looked at.
func headingIDsOf(doc ast.Node) map[string]bool {
	ids := map[string]bool{}
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if h, ok := n.(*ast.Heading); ok && entering {
			if v, ok := h.AttributeString("id"); ok {
				if b, ok := v.([]byte); ok {
					ids[string(b)] = true
				}
			}
			return ast.WalkSkipChildren, nil
		}
		return ast.WalkContinue, nil
	})
	return ids
}
