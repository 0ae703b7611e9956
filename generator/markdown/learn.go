package markdown

import (
	"bytes"
	"regexp"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// Microsoft Learn's DocFX extensions written as triple-colon lines
// (learn.microsoft.com/contribute/content/markdown-reference):
//
//	:::image type="content" source="media/x.png" alt-text="What it shows":::
//	:::image type="complex" source="media/x.png" alt-text="Short":::
//	   A long description.
//	:::image-end:::
//	:::zone pivot="windows"  ...  :::zone-end
//	:::moniker range=">=v2"  ...  :::moniker-end
//	:::row::: :::column::: ... :::column-end::: :::row-end:::
//
// An image becomes a Markdown image (checked, rewritten and copied like
// any other; with lightbox="big.png" a link to it around the image); the
// long description of a complex image follows it as text. The zone,
// moniker, row and column lines are layout markers of Learn's site: they
// are dropped and everything between them shown, every zone and moniker
// alike, since a manual has no pivot selector.

// learnLine matches a Learn triple-colon line: its directive and the
// rest of the line (attributes, and the closing ::: when written).
var learnLine = regexp.MustCompile(`^[ \t]{0,3}:::[ \t]*((?:image|zone|moniker|row|column)(?:-end)?)((?:[ \t:]).*?)?[ \t]*$`)

// learnAttr matches one key="value" attribute of a Learn line.
var learnAttr = regexp.MustCompile(`([a-zA-Z-]+)[ \t]*=[ \t]*"([^"]*)"`)

// KindLearnImage and KindLearnMarker are the node kinds of a Learn image
// (a paragraph holding the image) and of a dropped marker line.
var (
	KindLearnImage  = ast.NewNodeKind("LearnImage")
	KindLearnMarker = ast.NewNodeKind("LearnMarker")
)

// LearnImage is the paragraph a :::image::: line stands for. Its image
// is built from the attributes once the inlines are parsed
// (learnImageTransformer): goldmark's parser walks every node of the
// block tree, and an inline child there would be parsed as a block.
type LearnImage struct {
	ast.BaseBlock
	source, alt, lightbox text.Segment
}

// Kind implements ast.Node.
func (n *LearnImage) Kind() ast.NodeKind { return KindLearnImage }

// Dump implements ast.Node.
func (n *LearnImage) Dump(src []byte, level int) { ast.DumpHelper(n, src, level, nil, nil) }

// IsRaw keeps the parser from reading the block's line, which is kept
// only as the position of checks of an image without alt text.
func (n *LearnImage) IsRaw() bool { return true }

// learnMarker is a zone, moniker, row or column line, or the end of a
// complex image: it renders nothing.
type learnMarker struct{ ast.BaseBlock }

func (n *learnMarker) Kind() ast.NodeKind         { return KindLearnMarker }
func (n *learnMarker) Dump(src []byte, level int) { ast.DumpHelper(n, src, level, nil, nil) }

// learnParser parses the triple-colon lines above. It runs before the
// Docusaurus admonition parser, which leaves these words alone.
type learnParser struct{}

func (learnParser) Trigger() []byte { return []byte{':'} }

func (learnParser) Open(parent ast.Node, reader text.Reader, pc parser.Context) (ast.Node, parser.State) {
	line, seg := reader.PeekLine()
	m := learnLine.FindSubmatchIndex(bytes.TrimRight(line, "\r\n"))
	if m == nil {
		return nil, parser.NoChildren
	}
	word := string(line[m[2]:m[3]])
	var rest []byte // the attributes, when written
	if m[4] >= 0 {
		rest = line[m[4]:m[5]]
	}
	reader.AdvanceToEOL()
	if word != "image" {
		return &learnMarker{}, parser.NoChildren
	}
	attrs := map[string]text.Segment{}
	for _, a := range learnAttr.FindAllSubmatchIndex(rest, -1) {
		off := seg.Start + m[4]
		attrs[string(rest[a[2]:a[3]])] = text.NewSegment(off+a[4], off+a[5])
	}
	source, ok := attrs["source"]
	if !ok {
		// Not an image Learn would show either: keep the line as text.
		p := ast.NewParagraph()
		p.Lines().Append(seg.TrimRightSpace(reader.Source()))
		return p, parser.NoChildren
	}
	block := &LearnImage{source: source, alt: attrs["alt-text"], lightbox: attrs["lightbox"]}
	block.Lines().Append(seg)
	images, _ := pc.Get(learnImagesKey).([]*LearnImage)
	pc.Set(learnImagesKey, append(images, block))
	return block, parser.NoChildren
}

func (learnParser) Continue(ast.Node, text.Reader, parser.Context) parser.State { return parser.Close }
func (learnParser) Close(ast.Node, text.Reader, parser.Context)                 {}
func (learnParser) CanInterruptParagraph() bool                                 { return true }
func (learnParser) CanAcceptIndentedLine() bool                                 { return false }

// learnImagesKey holds the LearnImage blocks the parser opened, so
// that pages without any cost no walk.
var learnImagesKey = parser.NewContextKey()

// learnImageTransformer gives each LearnImage its image: a Markdown
// image of the source with the alt text, in a link to the lightbox.
type learnImageTransformer struct{}

func (learnImageTransformer) Transform(doc *ast.Document, reader text.Reader, pc parser.Context) {
	src := reader.Source()
	blocks, _ := pc.Get(learnImagesKey).([]*LearnImage)
	for _, b := range blocks {
		link := ast.NewLink()
		link.Destination = b.source.Value(src)
		img := ast.NewImage(link)
		if b.alt.Len() > 0 {
			img.AppendChild(img, ast.NewTextSegment(b.alt))
		}
		var n ast.Node = img
		if b.lightbox.Len() > 0 {
			a := ast.NewLink()
			a.Destination = b.lightbox.Value(src)
			a.AppendChild(a, img)
			n = a
		}
		b.AppendChild(b, n)
	}
}

// learnRenderer writes a Learn image as a paragraph and markers as
// nothing.
type learnRenderer struct{}

func (learnRenderer) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(KindLearnImage, func(w util.BufWriter, _ []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
		if entering {
			_, _ = w.WriteString("<p>")
		} else {
			_, _ = w.WriteString("</p>\n")
		}
		return ast.WalkContinue, nil
	})
	reg.Register(KindLearnMarker, func(util.BufWriter, []byte, ast.Node, bool) (ast.WalkStatus, error) {
		return ast.WalkSkipChildren, nil
	})
}
