package markdown

import (
	"strings"

	"github.com/yuin/goldmark/ast"
	east "github.com/yuin/goldmark/extension/ast"
)

// textCollector gathers a page's plain text per heading section while
// Convert walks the AST, so that the search index needs no second parse
// and never reads HTML.
type textCollector struct {
	src       []byte
	sections  []Section
	cur       strings.Builder
	inHeading int
}

// visit adds the text of n to the current section. It returns
// ast.WalkSkipChildren for nodes whose text it took as a whole (code
// blocks) or leaves out (raw HTML); Convert then skips them too, which
// loses nothing: they hold no links or headings.
func (t *textCollector) visit(n ast.Node, entering bool) ast.WalkStatus {
	if _, ok := n.(*ast.Heading); ok {
		if entering {
			t.inHeading++
		} else {
			t.inHeading--
		}
		return ast.WalkContinue
	}
	if !entering {
		if n.Type() == ast.TypeBlock {
			t.space()
		}
		return ast.WalkContinue
	}
	if t.inHeading > 0 {
		return ast.WalkContinue
	}
	switch n := n.(type) {
	case *ast.Text:
		t.write(n.Segment.Value(t.src))
		if n.SoftLineBreak() || n.HardLineBreak() {
			t.space()
		}
	case *ast.String:
		t.write(n.Value)
	case *ast.AutoLink:
		t.write(n.Label(t.src))
	case *ast.FencedCodeBlock, *ast.CodeBlock:
		lines := n.Lines()
		for i := 0; i < lines.Len(); i++ {
			seg := lines.At(i)
			t.write(seg.Value(t.src))
		}
		t.space()
		return ast.WalkSkipChildren
	case *ast.HTMLBlock, *ast.RawHTML:
		return ast.WalkSkipChildren
	case *east.TableCell:
		t.space()
	}
	return ast.WalkContinue
}

// write appends text with every run of white space as one space, so
// that a section's text needs no second pass.
func (t *textCollector) write(b []byte) {
	for len(b) > 0 {
		i := 0
		for i < len(b) && !isSpace(b[i]) {
			i++
		}
		t.cur.Write(b[:i])
		if i == len(b) {
			return
		}
		t.space()
		for i < len(b) && isSpace(b[i]) {
			i++
		}
		b = b[i:]
	}
}

func isSpace(c byte) bool {
	return c == ' ' || c == '\n' || c == '\t' || c == '\r' || c == '\f' || c == '\v'
}

func (t *textCollector) space() {
	if n := t.cur.Len(); n > 0 && t.cur.String()[n-1] != ' ' {
		t.cur.WriteByte(' ')
	}
}

// heading closes the current section and opens the heading's.
func (t *textCollector) heading(level int, id, title string) {
	t.close()
	t.sections = append(t.sections, Section{Level: level, ID: id, Heading: title})
}

func (t *textCollector) close() {
	if len(t.sections) == 0 {
		t.sections = append(t.sections, Section{})
	}
	last := &t.sections[len(t.sections)-1]
	last.Text = strings.TrimSpace(t.cur.String())
	t.cur = strings.Builder{}
}

func (t *textCollector) finish() []Section {
	t.close()
	return t.sections
}
