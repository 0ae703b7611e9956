package markdown

import (
	"bytes"
	"strings"

	"github.com/alecthomas/chroma/v2"
	chromahtml "github.com/alecthomas/chroma/v2/formatters/html"
	"github.com/alecthomas/chroma/v2/lexers"
	"github.com/alecthomas/chroma/v2/styles"
	highlighting "github.com/yuin/goldmark-highlighting/v2"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/util"
)

// codeRenderer renders fenced code blocks as goldmark-highlighting's
// renderer does (with CSS classes, the github style, no guessing of the
// language), but with one chroma formatter for every block: the
// extension makes a formatter per block, and each new formatter works
// out the style's CSS for every token type again, 4.5% of the CPU time
// of a cold 10,000-page build. A block the fast path does not cover
// (attributes such as {hl_lines=[2]} or {linenos=true}, which need a
// formatter of their own; no language, or one chroma does not know)
// goes to the extension's renderer, so the output is the extension's
// in every case (TestCodeRendererMatchesTheExtension).
type codeRenderer struct {
	formatter *chromahtml.Formatter
	style     *chroma.Style
	other     renderer.NodeRendererFunc
}

func newCodeRenderer() *codeRenderer {
	c := &codeRenderer{formatter: chromahtml.New(chromahtml.WithClasses(true)), style: styles.Get(highlighting.NewConfig().Style)}
	highlighting.NewHTMLRenderer(highlighting.WithGuessLanguage(false), highlighting.WithFormatOptions(chromahtml.WithClasses(true))).
		RegisterFuncs(registerer(func(_ ast.NodeKind, f renderer.NodeRendererFunc) { c.other = f }))
	return c
}

type registerer func(ast.NodeKind, renderer.NodeRendererFunc)

func (r registerer) Register(k ast.NodeKind, f renderer.NodeRendererFunc) { r(k, f) }

// RegisterFuncs implements renderer.NodeRenderer.
func (c *codeRenderer) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(ast.KindFencedCodeBlock, c.render)
}

func (c *codeRenderer) render(w util.BufWriter, source []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	n := node.(*ast.FencedCodeBlock)
	if !entering {
		return ast.WalkContinue, nil
	}
	if n.Attributes() != nil || (n.Info != nil && bytes.IndexByte(n.Info.Segment.Value(source), '{') >= 0) {
		return c.other(w, source, node, entering)
	}
	lang := n.Language(source)
	if lang == nil {
		return c.other(w, source, node, entering)
	}
	lexer := lexers.Get(string(lang))
	if lexer == nil {
		return c.other(w, source, node, entering)
	}
	var code strings.Builder
	lines := n.Lines()
	for i := range lines.Len() {
		line := lines.At(i)
		code.Write(line.Value(source))
	}
	tokens, err := chroma.Coalesce(lexer).Tokenise(nil, code.String())
	if err != nil {
		return c.other(w, source, node, entering)
	}
	_ = c.formatter.Format(w, c.style, tokens)
	return ast.WalkContinue, nil
}
