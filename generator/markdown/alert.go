package markdown

import (
	"bytes"
	"strings"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// AlertKinds are the GitHub alert types, in the lower case used for CSS classes.
var AlertKinds = []string{"note", "tip", "important", "warning", "caution"}

// KindAlert is the node kind of an Alert.
var KindAlert = ast.NewNodeKind("Alert")

// Alert is the one admonition component every supported syntax renders
// as: GitHub and DocFX alerts (a block quote whose first line is [!NOTE],
// [!TIP], [!IMPORTANT], [!WARNING] or [!CAUTION]), MkDocs admonitions
// (!!! and ??? blocks) and Docusaurus admonitions (:::note ... :::).
type Alert struct {
	ast.BaseBlock
	// AlertType is one of AlertKinds.
	AlertType string
	// Word is the type as the page wrote it when it is not AlertType
	// ("danger", "info", "caution" mapped to warning): the default title
	// is then the site's title for Word, else Word capitalised, as MkDocs
	// and Docusaurus title them. An AlertTitle first child overrides it.
	Word string
	// NoTitle drops the title line (MkDocs' !!! note "").
	NoTitle bool
	// Collapsible renders the alert as <details> (MkDocs' ???), open
	// when Open is set (???+).
	Collapsible, Open bool

	// fence is the number of colons of a Docusaurus opening line, which
	// a closing line must at least repeat; closed is set once it closed,
	// fenced when that was by a closing line.
	fence          int
	closed, fenced bool
}

// Kind implements ast.Node.
func (a *Alert) Kind() ast.NodeKind { return KindAlert }

// Dump implements ast.Node.
func (a *Alert) Dump(source []byte, level int) {
	ast.DumpHelper(a, source, level, map[string]string{"AlertType": a.AlertType, "Word": a.Word}, nil)
}

// KindAlertTitle is the node kind of an AlertTitle.
var KindAlertTitle = ast.NewNodeKind("AlertTitle")

// AlertTitle is an alert's title written in the page (!!! note "Title",
// :::tip[Title]): a block holding one line of inline Markdown, which
// goldmark's inline parser parses like a paragraph's.
type AlertTitle struct{ ast.BaseBlock }

// Kind implements ast.Node.
func (t *AlertTitle) Kind() ast.NodeKind { return KindAlertTitle }

// Dump implements ast.Node.
func (t *AlertTitle) Dump(source []byte, level int) { ast.DumpHelper(t, source, level, nil, nil) }

// alertExtension turns marked block quotes into Alert nodes, parses the
// MkDocs and Docusaurus admonition blocks, and renders all of them as
// admonitions titled in the site's language.
type alertExtension struct{ titles map[string]string }

func (e alertExtension) Extend(m goldmark.Markdown) {
	m.Parser().AddOptions(
		parser.WithParagraphTransformers(util.Prioritized(quoteMarkerTransformer{}, 50)),
		parser.WithASTTransformers(util.Prioritized(alertTransformer{}, 500), util.Prioritized(learnImageTransformer{}, 500)),
		parser.WithBlockParsers(
			util.Prioritized(learnParser{}, 140),
			util.Prioritized(mkdocsParser{}, 150),
			util.Prioritized(docusaurusParser{}, 150),
		),
	)
	m.Renderer().AddOptions(renderer.WithNodeRenderers(util.Prioritized(alertRenderer(e), 500), util.Prioritized(learnRenderer{}, 500)))
}

// quoteMarker is what the first line of a block quote asked for.
type quoteMarker struct {
	quote *ast.Blockquote
	kind  string // an AlertKinds entry, "div" or "video"
	url   string // of a [!VIDEO url]
	line  text.Segment
}

var quoteMarkersKey = parser.NewContextKey()

// quoteMarkerTransformer removes a marker line ([!NOTE], DocFX's
// [!div class="..."] and [!VIDEO url]) from the first paragraph of a
// block quote before its inlines are parsed, and remembers the quote for
// alertTransformer, so no inline node surgery is needed.
type quoteMarkerTransformer struct{}

func (quoteMarkerTransformer) Transform(para *ast.Paragraph, reader text.Reader, pc parser.Context) {
	q, ok := para.Parent().(*ast.Blockquote)
	if !ok || q.FirstChild() != para || para.Lines().Len() == 0 {
		return
	}
	lines := para.Lines()
	first := lines.At(0)
	m := parseQuoteMarker(first.Value(reader.Source()))
	if m.kind == "" {
		return
	}
	m.quote, m.line = q, first
	if lines.Len() == 1 {
		q.RemoveChild(q, para)
	} else {
		rest := text.NewSegments()
		for i := 1; i < lines.Len(); i++ {
			rest.Append(lines.At(i))
		}
		para.SetLines(rest)
	}
	markers, _ := pc.Get(quoteMarkersKey).([]quoteMarker)
	pc.Set(quoteMarkersKey, append(markers, m))
}

// parseQuoteMarker reads [!KIND], [!div ...] or [!VIDEO url] (any case)
// alone on a line.
func parseQuoteMarker(line []byte) quoteMarker {
	line = bytes.TrimSpace(line)
	if len(line) < 4 || line[0] != '[' || line[1] != '!' || line[len(line)-1] != ']' {
		return quoteMarker{}
	}
	inner := string(line[2 : len(line)-1])
	word, rest, _ := strings.Cut(inner, " ")
	word = strings.ToLower(word)
	switch {
	case word == "div":
		return quoteMarker{kind: "div"}
	case word == "video" && strings.TrimSpace(rest) != "":
		return quoteMarker{kind: "video", url: strings.TrimSpace(rest)}
	case rest == "":
		for _, a := range AlertKinds {
			if a == word {
				return quoteMarker{kind: word}
			}
		}
	}
	return quoteMarker{}
}

type alertTransformer struct{}

func (alertTransformer) Transform(doc *ast.Document, reader text.Reader, pc parser.Context) {
	markers, _ := pc.Get(quoteMarkersKey).([]quoteMarker)
	for _, m := range markers {
		q := m.quote
		parent := q.Parent()
		if parent == nil {
			continue
		}
		switch m.kind {
		case "div": // a Learn layout wrapper: keep the content, drop the quote
			moveChildren(parent, q, q)
			parent.RemoveChild(parent, q)
		case "video": // a plain link to the video; the link checks see it
			p := ast.NewParagraph()
			p.Lines().Append(m.line) // positions the link for diagnostics
			link := ast.NewLink()
			link.Destination = []byte(m.url)
			link.AppendChild(link, ast.NewString([]byte(m.url)))
			p.AppendChild(p, link)
			parent.InsertBefore(parent, q, p)
			moveChildren(parent, q, q)
			parent.RemoveChild(parent, q)
		default:
			alert := &Alert{AlertType: m.kind}
			for c := q.FirstChild(); c != nil; {
				next := c.NextSibling()
				alert.AppendChild(alert, c)
				c = next
			}
			parent.ReplaceChild(parent, q, alert)
		}
	}
}

// moveChildren moves from's children before the child at of parent.
func moveChildren(parent, at, from ast.Node) {
	for c := from.FirstChild(); c != nil; {
		next := c.NextSibling()
		parent.InsertBefore(parent, at, c)
		c = next
	}
}

type alertRenderer alertExtension

func (r alertRenderer) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(KindAlert, r.render)
	reg.Register(KindAlertTitle, r.renderTitle)
}

func (r alertRenderer) render(w util.BufWriter, source []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
	a := n.(*Alert)
	if !entering {
		if a.Collapsible {
			_, _ = w.WriteString("</details>\n")
		} else {
			_, _ = w.WriteString("</div>\n")
		}
		return ast.WalkContinue, nil
	}
	if a.Collapsible {
		_, _ = w.WriteString(`<details class="admonition ` + a.AlertType + `"`)
		if a.Open {
			_, _ = w.WriteString(" open")
		}
		_, _ = w.WriteString(">")
	} else {
		role := "note"
		if a.AlertType == "warning" || a.AlertType == "caution" {
			role = "alert"
		}
		_, _ = w.WriteString(`<div class="admonition ` + a.AlertType + `" role="` + role + `">`)
	}
	if _, titled := a.FirstChild().(*AlertTitle); titled {
		return ast.WalkContinue, nil
	}
	if a.NoTitle && !a.Collapsible {
		_ = w.WriteByte('\n')
		return ast.WalkContinue, nil
	}
	word := a.Word
	if word == "" {
		word = a.AlertType
	}
	title := r.titles[word]
	if title == "" {
		title = strings.ToUpper(word[:1]) + word[1:]
	}
	open, closing := titleTags(a)
	_, _ = w.WriteString(open)
	_, _ = w.Write(util.EscapeHTML([]byte(title)))
	_, _ = w.WriteString(closing)
	return ast.WalkContinue, nil
}

func (r alertRenderer) renderTitle(w util.BufWriter, source []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
	a, _ := n.Parent().(*Alert)
	open, closing := titleTags(a)
	if entering {
		_, _ = w.WriteString(open)
	} else {
		_, _ = w.WriteString(closing)
	}
	return ast.WalkContinue, nil
}

// titleTags returns the markup around an alert's title: a summary for a
// collapsible alert, a paragraph otherwise.
func titleTags(a *Alert) (open, closing string) {
	if a != nil && a.Collapsible {
		return `<summary class="admonition-title">`, "</summary>\n"
	}
	return `<p class="admonition-title">`, "</p>\n"
}
