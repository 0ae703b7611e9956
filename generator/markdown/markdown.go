// Package markdown holds the one goldmark configuration handbook renders
// pages with, and its extensions: GitHub alerts, link rewriting, heading
// collection for the table of contents, and sanitising of raw HTML.
package markdown

import (
	"bytes"
	"fmt"
	"slices"
	"sort"
	"sync"
	"time"

	"github.com/handbook-dev/handbook/generator/include"
	"github.com/microcosm-cc/bluemonday"
	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	east "github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/renderer/html"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// Converter turns a page body into HTML. It is safe for concurrent use.
type Converter struct {
	md       goldmark.Markdown
	policy   *bluemonday.Policy
	tocLevel int
	bufs     sync.Pool
	cache    Cache
	settings [32]byte
	// countWords counts the words of a text (WithWordCounter).
	countWords func(string) int
}

// Option configures a Converter.
type Option func(*Converter, *options)

type options struct {
	alertTitles map[string]string
	wordCounter string
}

// WithWordCounter makes Convert count the words of the text it collects
// (Document.CollectText) with count, into Result.Words: the search
// index weighs every page against the mean length of all, and a count
// kept with a cached conversion spares it reading every page's text
// back to count. name identifies count's behaviour in the cache keys.
func WithWordCounter(name string, count func(text string) int) Option {
	return func(c *Converter, o *options) { c.countWords, o.wordCounter = count, name }
}

// WithAlertTitles sets the titles shown on alerts, keyed by alert kind
// ("note", "warning", ...), so they follow the site's language.
func WithAlertTitles(titles map[string]string) Option {
	return func(_ *Converter, o *options) { o.alertTitles = titles }
}

// CountsWords reports whether Convert counts words (WithWordCounter).
func (c *Converter) CountsWords() bool { return c.countWords != nil }

// WithTOCLevel sets the deepest heading level listed in the table of
// contents (default 3).
func WithTOCLevel(level int) Option {
	return func(c *Converter, _ *options) { c.tocLevel = level }
}

// New returns a Converter with GFM, footnotes, definition lists, heading
// ids, chroma highlighting with CSS classes and GitHub alerts.
func New(opts ...Option) *Converter {
	c := &Converter{tocLevel: 3}
	var o options
	for _, opt := range opts {
		opt(c, &o)
	}
	c.settings = settingsKey(o.alertTitles, c.tocLevel, o.wordCounter)
	c.md = goldmark.New(
		goldmark.WithExtensions(
			extension.GFM,
			extension.Footnote,
			extension.DefinitionList,
			alertExtension{titles: o.alertTitles},
		),
		goldmark.WithParserOptions(
			parser.WithAutoHeadingID(),
			parser.WithHeadingAttribute(),
			parser.WithASTTransformers(util.Prioritized(headingAttributeTransformer{}, 100)),
			budgetParserOption(),
		),
		// Raw HTML is let through the renderer and then sanitised as a
		// whole (see Sanitise), so that common markup like <kbd> survives.
		goldmark.WithRendererOptions(html.WithUnsafe(), renderer.WithNodeRenderers(util.Prioritized(rewrittenHTMLRenderer{}, 500), util.Prioritized(newCodeRenderer(), 200))),
	)
	c.policy = newPolicy()
	c.bufs.New = func() any { return new(bytes.Buffer) }
	return c
}

// Heading is an entry of a page's table of contents.
type Heading struct {
	Level int
	ID    string
	Text  string
}

// LinkRef is a link or image destination as written, with its position:
// of a Markdown link or image, or of an <a href>, <img src> or <img
// srcset> in raw HTML (the position of its tag). Source is the
// content-relative path of the included file the link was written in
// (see Document.Spans), "" for the page itself; Line and Col are
// positions in that file.
type LinkRef struct {
	Dest   string
	Line   int
	Col    int
	Image  bool
	Source string `json:",omitempty"`
}

// Resolver maps a link destination written in the page to the href to
// write; it is called once per link and image, in document order. The
// href Unlink drops the link and keeps its text (an image: its alt text).
type Resolver func(ref LinkRef) (href string)

// Unlink is the href a Resolver returns for a link that must not be
// written, such as one to a page left out for the build's audience.
const Unlink = "\x00unlink"

// Document describes the page being converted.
type Document struct {
	// Body is the Markdown; BodyLine the file line it starts on.
	Body     []byte
	BodyLine int
	// Spans map Body back to the files its includes came from (see
	// package include); nil when the page includes nothing.
	Spans []include.Span
	// Title is the page's title: a leading level-1 heading with the same
	// text (or DropFirstH1) is removed, since the template shows the title.
	Title       string
	DropFirstH1 bool
	// Resolve rewrites link destinations; nil keeps them.
	Resolve Resolver
	// SkipRender parses and collects headings and links but writes no
	// HTML, for audits that need no site.
	SkipRender bool
	// CollectText keeps the plain text of each heading section in
	// Result.Sections, for the search index, from the same walk.
	CollectText bool
	// Budget bounds the time the conversion may take; zero means no
	// bound. A conversion over it returns ErrBudget.
	Budget time.Duration
}

// Result is a converted page.
type Result struct {
	HTML []byte
	// Text is HTML as a string when a cache that keeps values gave it:
	// one string shared by every version of a build that has the page,
	// instead of a copy per version. Empty otherwise.
	Text string
	// TOC lists headings of levels 2 to the TOC level.
	TOC []Heading
	// IDs holds every heading id (and footnote id) of the page, sorted, for
	// checking #anchors of links to it.
	IDs []string
	// Links lists every link and image destination in document order.
	Links []LinkRef
	// Sanitised reports that the page had raw HTML, which was sanitised.
	Sanitised bool
	// Sections holds the page's plain text split at its headings (with
	// Document.CollectText): the text before the first heading, then one
	// entry per heading.
	Sections []Section
	// Words counts the words of the sections' headings and of their
	// text, with the WithWordCounter's function (zero without one).
	Words [2]int
	// Notes are problems in the Markdown the writer should fix, such as
	// an admonition that is never closed; the page converts regardless.
	Notes []Note
}

// Note is a problem found in a page's Markdown, at a position of the file.
type Note struct {
	// Source is the included file the note is about ("" for the page),
	// as in LinkRef.
	Source    string
	Line, Col int
	Message   string
}

// Section is the plain text under one heading, up to the next heading.
type Section struct {
	// Level and ID are the heading's (0 and "" for the text before the
	// first heading); Heading is its text.
	Level   int
	ID      string
	Heading string
	Text    string
}

// HasID reports whether the page has an element with the given id.
func (r *Result) HasID(id string) bool {
	i := sort.SearchStrings(r.IDs, id)
	return i < len(r.IDs) && r.IDs[i] == id
}

// Convert parses and renders one page. It parses the document once and
// collects everything later stages need in the same walk.
//
// With a Budget, the parser checks the deadline as it goes and stops;
// should a part that cannot be interrupted (a renderer, a highlighter)
// still run on, Convert returns ErrBudget a quarter of the budget later
// and leaves that conversion to finish unobserved, so a build never
// waits on one page.
func (c *Converter) Convert(d Document) (*Result, error) {
	var key [32]byte
	if c.cache != nil {
		res, k, known, knownDests, ok := c.cached(d)
		if ok {
			return res, nil
		}
		key = k
		// Record every Resolve call, to key the HTML by its results and
		// to replay them on a later hit; references the lookup resolved
		// already are answered from there, not resolved twice.
		resolve := d.Resolve
		var resolved []LinkRef
		var dests []string
		d.Resolve = func(ref LinkRef) string {
			var dest string
			if i := len(resolved); i < len(known) && known[i] == ref {
				dest = knownDests[i]
			} else if resolve != nil {
				dest = resolve(ref)
			} else {
				dest = ref.Dest
			}
			resolved, dests = append(resolved, ref), append(dests, dest)
			return dest
		}
		res, err := c.budgeted(d)
		if err == nil {
			c.store(key, res, resolved, dests, !d.SkipRender)
		}
		return res, err
	}
	return c.budgeted(d)
}

// budgeted converts d within its Budget, if it has one.
func (c *Converter) budgeted(d Document) (*Result, error) {
	if d.Budget <= 0 {
		return c.convert(d, nil)
	}
	b := &budget{deadline: time.Now().Add(d.Budget)}
	type outcome struct {
		res *Result
		err error
	}
	done := make(chan outcome, 1)
	go func() {
		res, err := c.convert(d, b)
		done <- outcome{res, err}
	}()
	timer := time.NewTimer(d.Budget + d.Budget/4)
	defer timer.Stop()
	select {
	case o := <-done:
		return o.res, o.err
	case <-timer.C:
		return nil, fmt.Errorf("%w of %s", ErrBudget, d.Budget)
	}
}

// parse parses src, stopping with ErrBudget when b runs out.
// The notes are what the parsers found worth telling the writer.
func (c *Converter) parse(src []byte, b *budget, limit time.Duration) (doc ast.Node, notes []parseNote, err error) {
	defer recoverBudget(&err, limit)
	var r text.Reader = text.NewReader(src)
	pc := parser.NewContext()
	if b != nil {
		r = budgetReader{Reader: r, b: b}
		pc.Set(budgetKey, b)
	}
	doc = c.md.Parser().Parse(r, parser.WithContext(pc))
	notes, _ = pc.Get(notesKey).([]parseNote)
	return doc, notes, nil
}

func (c *Converter) convert(d Document, b *budget) (*Result, error) {
	src := d.Body
	doc, notes, err := c.parse(src, b, d.Budget)
	if err != nil {
		return nil, err
	}
	res := &Result{}
	lines := newLineIndex(src, d.BodyLine, d.Spans)
	for _, n := range notes {
		note := Note{Message: n.message}
		note.Source, note.Line, note.Col = lines.pos(n.offset)
		res.Notes = append(res.Notes, note)
	}

	if h, ok := doc.FirstChild().(*ast.Heading); ok && h.Level == 1 {
		if d.DropFirstH1 || plainText(h, src) == d.Title {
			doc.RemoveChild(doc, h)
			// Links to it (other.md#its-title, as DocFX pages write
			// them) reach the page's top, where the title is.
			if v, ok := h.AttributeString("id"); ok {
				if id, ok := v.([]byte); ok {
					res.IDs = append(res.IDs, string(id))
				}
			}
		}
	}
	var unsafeAutoLinks []*ast.AutoLink
	var unlinks []ast.Node
	var headingIDs map[string]bool // read at the first raw HTML
	var rewritten []rewrittenRaw   // raw HTML whose addresses or anchors were rewritten
	var collect *textCollector
	if d.CollectText {
		collect = &textCollector{src: src}
	}
	err = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		status := ast.WalkContinue
		if collect != nil {
			status = collect.visit(n, entering)
		}
		if !entering {
			return ast.WalkContinue, nil
		}
		switch n := n.(type) {
		case *ast.Heading:
			id := ""
			if idv, ok := n.AttributeString("id"); ok {
				id = string(idv.([]byte))
				res.IDs = append(res.IDs, id)
				if n.Level >= 2 && n.Level <= c.tocLevel {
					res.TOC = append(res.TOC, Heading{Level: n.Level, ID: id, Text: plainText(n, src)})
				}
			}
			if collect != nil {
				collect.heading(n.Level, id, plainText(n, src))
			}
		case *ast.Link:
			ref := LinkRef{Dest: string(n.Destination)}
			ref.Source, ref.Line, ref.Col = lines.pos(firstOffset(n))
			res.Links = append(res.Links, ref)
			if d.Resolve != nil {
				if n.Destination = []byte(d.Resolve(ref)); string(n.Destination) == Unlink {
					unlinks = append(unlinks, n)
				}
			}
		case *ast.Image:
			ref := LinkRef{Dest: string(n.Destination), Image: true}
			ref.Source, ref.Line, ref.Col = lines.pos(firstOffset(n))
			res.Links = append(res.Links, ref)
			if d.Resolve != nil {
				if n.Destination = []byte(d.Resolve(ref)); string(n.Destination) == Unlink {
					unlinks = append(unlinks, n)
				}
			}
		case *ast.AutoLink:
			if n.AutoLinkType == ast.AutoLinkURL {
				ref := LinkRef{Dest: string(n.URL(src))}
				ref.Source, ref.Line, ref.Col = lines.pos(firstOffset(n))
				if d.Resolve != nil && d.Resolve(ref) == "#" {
					unsafeAutoLinks = append(unsafeAutoLinks, n)
				}
			}
		case *ast.HTMLBlock, *ast.RawHTML:
			res.Sanitised = true
			// Its ids and <a name>s are link targets like heading ids;
			// those keptAnchor refuses are taken off.
			if headingIDs == nil {
				headingIDs = headingIDsOf(doc)
			}
			ids, bad := c.rawAnchors(rawHTML(n, src), headingIDs)
			res.IDs = append(res.IDs, ids...)
			h := rewriteRawHTML(src, rawHTMLSegments(n), lines, d.Resolve, &res.Links)
			if bad {
				if h == nil {
					h = rawHTML(n, src)
				}
				h = withoutBadAnchors(h, headingIDs)
			}
			if h != nil {
				rewritten = append(rewritten, rewrittenRaw{n, h})
			}
		case *east.FootnoteList:
			for c := n.FirstChild(); c != nil; c = c.NextSibling() {
				if fn, ok := c.(*east.Footnote); ok {
					res.IDs = append(res.IDs, "fn:"+itoa(fn.Index))
				}
			}
		}
		return status, nil
	})
	if err != nil {
		return nil, err
	}
	for _, a := range unsafeAutoLinks { // keep the text, drop the link
		a.Parent().ReplaceChild(a.Parent(), a, ast.NewString(a.Label(src)))
	}
	for _, r := range rewritten {
		r.node.Parent().ReplaceChild(r.node.Parent(), r.node, rewrittenNode(r.node, r.html))
	}
	for _, n := range unlinks { // the children take the link's place
		parent := n.Parent()
		for c := n.FirstChild(); c != nil; {
			next := c.NextSibling()
			parent.InsertBefore(parent, n, c)
			c = next
		}
		parent.RemoveChild(parent, n)
	}
	sort.Strings(res.IDs)
	res.IDs = slices.Compact(res.IDs)
	if collect != nil {
		res.Sections = collect.finish()
		if c.countWords != nil {
			for _, s := range res.Sections {
				res.Words[0] += c.countWords(s.Heading)
				res.Words[1] += c.countWords(s.Text)
			}
		}
	}
	if d.SkipRender {
		return res, nil
	}
	if b != nil && time.Now().After(b.deadline) {
		return nil, fmt.Errorf("%w of %s", ErrBudget, d.Budget)
	}

	buf := c.bufs.Get().(*bytes.Buffer)
	defer c.bufs.Put(buf)
	buf.Reset()
	if err := c.md.Renderer().Render(buf, src, doc); err != nil {
		return nil, err
	}
	if res.Sanitised {
		res.HTML = c.policy.SanitizeBytes(buf.Bytes())
	} else {
		res.HTML = bytes.Clone(buf.Bytes())
	}
	return res, nil
}

// plainText returns the text of n's inline content, without markup.
func plainText(n ast.Node, src []byte) string {
	var b bytes.Buffer
	_ = ast.Walk(n, func(c ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch t := c.(type) {
		case *ast.Text:
			b.Write(t.Segment.Value(src))
			if t.SoftLineBreak() {
				b.WriteByte(' ')
			}
		case *ast.String:
			b.Write(t.Value)
		case *ast.CodeSpan:
			for g := t.FirstChild(); g != nil; g = g.NextSibling() {
				if tx, ok := g.(*ast.Text); ok {
					b.Write(tx.Segment.Value(src))
				}
			}
			return ast.WalkSkipChildren, nil
		}
		return ast.WalkContinue, nil
	})
	return string(bytes.TrimSpace(b.Bytes()))
}

// firstOffset returns the source offset of the first text inside an inline
// node, which positions a link for diagnostics.
func firstOffset(n ast.Node) int {
	off := -1
	_ = ast.Walk(n, func(c ast.Node, entering bool) (ast.WalkStatus, error) {
		if t, ok := c.(*ast.Text); ok && entering {
			off = t.Segment.Start
			return ast.WalkStop, nil
		}
		return ast.WalkContinue, nil
	})
	if off < 0 {
		for p := n.Parent(); p != nil; p = p.Parent() {
			if p.Type() == ast.TypeBlock && p.Lines().Len() > 0 {
				return p.Lines().At(0).Start
			}
		}
		return 0
	}
	return off
}

func itoa(i int) string {
	var b [20]byte
	n := len(b)
	if i == 0 {
		return "0"
	}
	for i > 0 {
		n--
		b[n] = byte('0' + i%10)
		i /= 10
	}
	return string(b[n:])
}

// lineIndex maps body offsets to file lines and columns, through the
// include spans when the body has any.
type lineIndex struct {
	starts []int
	first  int
	spans  []include.Span
	src    []byte
}

func newLineIndex(src []byte, firstLine int, spans []include.Span) lineIndex {
	if spans != nil {
		return lineIndex{spans: spans, src: src}
	}
	starts := []int{0}
	for i, c := range src {
		if c == '\n' {
			starts = append(starts, i+1)
		}
	}
	if firstLine < 1 {
		firstLine = 1
	}
	return lineIndex{starts: starts, first: firstLine}
}

func (l lineIndex) pos(offset int) (source string, line, col int) {
	if l.spans != nil {
		return include.Locate(l.spans, l.src, offset)
	}
	i := sort.Search(len(l.starts), func(i int) bool { return l.starts[i] > offset }) - 1
	if i < 0 {
		i = 0
	}
	return "", l.first + i, offset - l.starts[i] + 1
}
