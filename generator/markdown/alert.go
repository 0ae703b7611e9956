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

// Alert is a GitHub-style alert: a block quote whose first line is
// [!NOTE], [!TIP], [!IMPORTANT], [!WARNING] or [!CAUTION].
type Alert struct {
	ast.BaseBlock
	// AlertType is one of AlertKinds.
	AlertType string
}

// Kind implements ast.Node.
func (a *Alert) Kind() ast.NodeKind { return KindAlert }

// Dump implements ast.Node.
func (a *Alert) Dump(source []byte, level int) {
	ast.DumpHelper(a, source, level, map[string]string{"AlertType": a.AlertType}, nil)
}

// alertExtension turns marked block quotes into Alert nodes and renders
// them as admonitions titled in the site's language.
type alertExtension struct{ titles map[string]string }

func (e alertExtension) Extend(m goldmark.Markdown) {
	m.Parser().AddOptions(parser.WithASTTransformers(util.Prioritized(alertTransformer{}, 500)))
	m.Renderer().AddOptions(renderer.WithNodeRenderers(util.Prioritized(alertRenderer(e), 500)))
}

type alertTransformer struct{}

func (alertTransformer) Transform(doc *ast.Document, reader text.Reader, pc parser.Context) {
	src := reader.Source()
	var quotes []*ast.Blockquote
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if q, ok := n.(*ast.Blockquote); ok && entering {
			quotes = append(quotes, q)
		}
		return ast.WalkContinue, nil
	})
	for _, q := range quotes {
		para, ok := q.FirstChild().(*ast.Paragraph)
		if !ok || para.Lines().Len() == 0 {
			continue
		}
		first := para.Lines().At(0)
		kind := alertKind(first.Value(src))
		if kind == "" {
			continue
		}
		// Drop the marker's inline nodes, then the paragraph if it held only the marker.
		for c := para.FirstChild(); c != nil; {
			t, ok := c.(*ast.Text)
			if !ok || t.Segment.Start >= first.Stop {
				break
			}
			next := c.NextSibling()
			para.RemoveChild(para, c)
			c = next
		}
		if para.ChildCount() == 0 {
			q.RemoveChild(q, para)
		}
		alert := &Alert{AlertType: kind}
		for c := q.FirstChild(); c != nil; {
			next := c.NextSibling()
			alert.AppendChild(alert, c)
			c = next
		}
		q.Parent().ReplaceChild(q.Parent(), q, alert)
	}
}

func alertKind(line []byte) string {
	line = bytes.TrimSpace(line)
	if len(line) < 4 || line[0] != '[' || line[1] != '!' || line[len(line)-1] != ']' {
		return ""
	}
	k := strings.ToLower(string(line[2 : len(line)-1]))
	for _, a := range AlertKinds {
		if a == k {
			return k
		}
	}
	return ""
}

type alertRenderer alertExtension

func (r alertRenderer) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(KindAlert, r.render)
}

func (r alertRenderer) render(w util.BufWriter, source []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
	a := n.(*Alert)
	if entering {
		title := r.titles[a.AlertType]
		if title == "" {
			title = strings.ToUpper(a.AlertType[:1]) + a.AlertType[1:]
		}
		role := "note"
		if a.AlertType == "warning" || a.AlertType == "caution" {
			role = "alert"
		}
		_, _ = w.WriteString(`<div class="admonition ` + a.AlertType + `" role="` + role + `"><p class="admonition-title">`)
		_, _ = w.Write(util.EscapeHTML([]byte(title)))
		_, _ = w.WriteString("</p>\n")
	} else {
		_, _ = w.WriteString("</div>\n")
	}
	return ast.WalkContinue, nil
}
