package markdown

import (
	"html"
	"regexp"
	"strconv"
	"strings"
	"sync"

	"github.com/yuin/goldmark/ast"
	east "github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/util"
)

// readableParser parses pages for ReadableText: parsing does not depend
// on a Converter's options (alert titles, cache), which only render.
var readableParser = sync.OnceValue(func() *Converter { return New() })

// ReadableText returns the text a reader sees of a page's Markdown, laid
// out as lines: a heading, a paragraph or a table row per line, list
// items marked "•" or numbered and indented by their depth, code blocks
// line by line as written, raw HTML's text without its tags. Markup
// (emphasis marks, link destinations, fences) is left out, so that a
// word diff of two versions shows what changed for the reader rather
// than in the source.
func ReadableText(body []byte) string {
	doc, _, err := readableParser().parse(body, nil, 0)
	if err != nil {
		return string(body)
	}
	w := &textWriter{src: body}
	w.blocks(doc, "")
	return strings.TrimSpace(w.b.String()) + "\n"
}

// textWriter writes ReadableText. first, when set, is the start of the
// next line (a list item's indent and marker) instead of its indent.
type textWriter struct {
	src   []byte
	b     strings.Builder
	first string
}

func (w *textWriter) blocks(n ast.Node, indent string) {
	for c := n.FirstChild(); c != nil; c = c.NextSibling() {
		w.block(c, indent)
	}
}

func (w *textWriter) block(n ast.Node, indent string) {
	switch n := n.(type) {
	case *ast.Heading, *ast.Paragraph, *ast.TextBlock, *AlertTitle:
		w.line(indent, w.inline(n))
		w.gap(indent)
	case *ast.FencedCodeBlock, *ast.CodeBlock:
		lines := n.Lines()
		for i := 0; i < lines.Len(); i++ {
			seg := lines.At(i)
			w.line(indent, strings.TrimRight(string(seg.Value(w.src)), "\r\n"))
		}
		w.gap(indent)
	case *ast.HTMLBlock:
		var raw strings.Builder
		lines := n.Lines()
		for i := 0; i < lines.Len(); i++ {
			seg := lines.At(i)
			raw.Write(seg.Value(w.src))
		}
		for _, l := range strings.Split(stripTags(raw.String()), "\n") {
			if l = strings.TrimSpace(l); l != "" {
				w.line(indent, l)
			}
		}
		w.gap(indent)
	case *ast.List:
		num := n.Start
		for item := n.FirstChild(); item != nil; item = item.NextSibling() {
			marker := "• "
			if n.IsOrdered() {
				marker = strconv.Itoa(num) + ". "
				num++
			}
			w.first = indent + marker
			w.blocks(item, indent+strings.Repeat(" ", len([]rune(marker))))
			w.first = ""
		}
		w.gap(indent)
	case *east.Table:
		for row := n.FirstChild(); row != nil; row = row.NextSibling() {
			var cells []string
			for cell := row.FirstChild(); cell != nil; cell = cell.NextSibling() {
				cells = append(cells, w.inline(cell))
			}
			w.line(indent, strings.Join(cells, " | "))
		}
		w.gap(indent)
	case *ast.ThematicBreak:
	default: // document, block quote, alert, admonition, ...
		w.blocks(n, indent)
	}
}

// line writes one line of text at indent.
func (w *textWriter) line(indent, text string) {
	if w.first != "" {
		indent, w.first = w.first, ""
	}
	w.b.WriteString(strings.TrimRight(indent+text, " \t"))
	w.b.WriteString("\n")
}

// gap separates top-level blocks by a blank line, as a page shows them;
// inside lists blocks follow each other.
func (w *textWriter) gap(indent string) {
	if indent == "" && !strings.HasSuffix(w.b.String(), "\n\n") {
		w.b.WriteString("\n")
	}
}

// inline returns the text of n's inline content on one line.
func (w *textWriter) inline(n ast.Node) string {
	var b strings.Builder
	_ = ast.Walk(n, func(c ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch c := c.(type) {
		case *ast.Text:
			b.WriteString(html.UnescapeString(string(util.UnescapePunctuations(c.Segment.Value(w.src)))))
			if c.SoftLineBreak() || c.HardLineBreak() {
				b.WriteString(" ")
			}
		case *ast.String:
			b.WriteString(string(c.Value))
		case *ast.AutoLink:
			b.Write(c.Label(w.src))
			return ast.WalkSkipChildren, nil
		case *ast.RawHTML:
			return ast.WalkSkipChildren, nil
		}
		return ast.WalkContinue, nil
	})
	return strings.Join(strings.Fields(b.String()), " ")
}

var htmlTag = regexp.MustCompile(`(?s)<!--.*?-->|<[^>]*>`)

// stripTags returns the text of a raw HTML block: its tags removed, its
// entities decoded.
func stripTags(s string) string { return html.UnescapeString(htmlTag.ReplaceAllString(s, "")) }
