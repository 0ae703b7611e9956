package markdown

import (
	"bytes"
	"regexp"
	"sort"
	"strings"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// The MkDocs and Docusaurus parsers are written here rather than taken
// from a goldmark extension: the ones published each cover one syntax,
// render their own markup (not handbook's alert component, its site
// titles and roles) and either swallow the page after an unclosed
// fence or have no way to say so; these are two small block parsers
// sharing the Alert node.

// admonitionTypes maps the type words of MkDocs (Python-Markdown's
// admonition, Material for MkDocs' set) and Docusaurus to the alert kind
// whose colour they share in those tools: blue notes, green tips, purple
// important, orange warnings and red cautions.
var admonitionTypes = map[string]string{
	"note": "note", "abstract": "note", "summary": "note", "tldr": "note",
	"info": "note", "todo": "note", "question": "note", "help": "note",
	"faq": "note", "example": "note", "quote": "note", "cite": "note",
	"seealso": "note",
	"tip":     "tip", "hint": "tip", "success": "tip", "check": "tip", "done": "tip",
	"important": "important",
	"warning":   "warning", "attention": "warning", "caution": "warning",
	"danger": "caution", "error": "caution", "failure": "caution",
	"fail": "caution", "missing": "caution", "bug": "caution",
}

// newAlert returns the Alert for a type word written in the page; an
// unknown word (MkDocs accepts any) is a note titled with the word.
func newAlert(word string) *Alert {
	word = strings.ToLower(word)
	kind, ok := admonitionTypes[word]
	if !ok {
		kind = "note"
	}
	a := &Alert{AlertType: kind}
	if word != kind {
		a.Word = word
	}
	return a
}

// addTitle gives a its title from the bytes [start, stop) of the current
// line (as PeekLine returned it, with seg's padding in front).
func addTitle(a *Alert, seg text.Segment, start, stop int) {
	t := &AlertTitle{}
	t.Lines().Append(text.NewSegment(seg.Start+start-seg.Padding, seg.Start+stop-seg.Padding))
	a.AppendChild(a, t)
}

// mkdocsOpen matches an MkDocs admonition line as Python-Markdown's
// admonition and pymdownx.details read it: !!! (or ??? collapsed, ???+
// open), a type and extra class words, and an optional quoted title.
var mkdocsOpen = regexp.MustCompile(`^[ \t]*(!!!|\?\?\?\+?)[ \t]*([A-Za-z][\w-]*)(?:[ \t]+[\w-]+)*(?:[ \t]+"(.*)")?[ \t]*\r?\n?$`)

// mkdocsParser parses MkDocs admonitions: the opening line, then a body
// indented by four spaces (blank lines included) that may hold any
// blocks, nested admonitions too.
type mkdocsParser struct{}

func (mkdocsParser) Trigger() []byte { return []byte{'!', '?'} }

func (mkdocsParser) Open(parent ast.Node, reader text.Reader, pc parser.Context) (ast.Node, parser.State) {
	line, seg := reader.PeekLine()
	m := mkdocsOpen.FindSubmatchIndex(line)
	if m == nil {
		return nil, parser.NoChildren
	}
	a := newAlert(string(line[m[4]:m[5]]))
	marker := string(line[m[2]:m[3]])
	a.Collapsible = marker != "!!!"
	a.Open = marker == "???+"
	if m[6] >= 0 {
		if start, stop := trimSpan(line, m[6], m[7]); start < stop {
			addTitle(a, seg, start, stop)
		} else {
			a.NoTitle = true
		}
	}
	reader.AdvanceToEOL()
	return a, parser.HasChildren
}

func (mkdocsParser) Continue(node ast.Node, reader text.Reader, pc parser.Context) parser.State {
	line, _ := reader.PeekLine()
	if util.IsBlank(line) {
		reader.AdvanceToEOL()
		return parser.Continue | parser.HasChildren
	}
	if indent, _ := util.IndentWidth(line, reader.LineOffset()); indent < 4 {
		return parser.Close
	}
	pos, padding := util.IndentPosition(line, reader.LineOffset(), 4)
	reader.AdvanceAndSetPadding(pos, padding)
	return parser.Continue | parser.HasChildren
}

func (mkdocsParser) Close(node ast.Node, reader text.Reader, pc parser.Context) {}

func (mkdocsParser) CanInterruptParagraph() bool { return false }

func (mkdocsParser) CanAcceptIndentedLine() bool { return false }

// docusaurusParser parses Docusaurus admonitions: :::type, :::type[Title]
// (v3) or :::type Title (v2), any blocks, and a closing line of at least
// as many colons. Outer containers use more colons than inner ones; a
// closing line goes to the innermost container it can close, and never
// ends one from inside a fenced code block. Only known type words open
// one, so DocFX's :::image, :::zone and :::moniker lines stay text.
type docusaurusParser struct{}

func (docusaurusParser) Trigger() []byte { return []byte{':'} }

func (docusaurusParser) Open(parent ast.Node, reader text.Reader, pc parser.Context) (ast.Node, parser.State) {
	line, seg := reader.PeekLine()
	fence, word, titleStart, titleStop, ok := parseDocusaurusOpen(line)
	if !ok {
		return nil, parser.NoChildren
	}
	if _, known := admonitionTypes[strings.ToLower(word)]; !known {
		return nil, parser.NoChildren
	}
	// An opening line that nothing closes stays text rather than taking
	// the rest of the page into the admonition.
	if !closersOf(pc, reader.Source()).closes(seg.Stop, fence) {
		fences := strings.Repeat(":", fence)
		addNote(pc, seg.Start, fences+word+" is never closed, so it is shown as text: add a line "+fences+" where the admonition ends")
		return nil, parser.NoChildren
	}
	a := newAlert(word)
	a.fence = fence
	if titleStart < titleStop {
		addTitle(a, seg, titleStart, titleStop)
	}
	reader.AdvanceToEOL()
	return a, parser.HasChildren
}

func (docusaurusParser) Continue(node ast.Node, reader text.Reader, pc parser.Context) parser.State {
	a := node.(*Alert)
	line, _ := reader.PeekLine()
	if n := closingFence(line); n >= a.fence && !innerTakes(pc, a, n) {
		reader.AdvanceToEOL()
		a.fenced = true
		return parser.Close
	}
	return parser.Continue | parser.HasChildren
}

func (docusaurusParser) Close(node ast.Node, reader text.Reader, pc parser.Context) {
	a := node.(*Alert)
	a.closed = true
	if !a.fenced { // its closing line was taken by a code block or lies outside its container
		fences := strings.Repeat(":", a.fence)
		addNote(pc, a.Pos(), "this "+fences+" admonition is not closed where it is opened (its closing line is inside a code block, or outside the list or quote it starts in), so it runs to the end of that: add a line "+fences+" where it ends")
	}
}

// parseNote is a Note the parser found, at a source offset.
type parseNote struct {
	offset  int
	message string
}

var notesKey = parser.NewContextKey()

func addNote(pc parser.Context, offset int, message string) {
	notes, _ := pc.Get(notesKey).([]parseNote)
	pc.Set(notesKey, append(notes, parseNote{offset, message}))
}

func (docusaurusParser) CanInterruptParagraph() bool { return true }

func (docusaurusParser) CanAcceptIndentedLine() bool { return false }

// innerTakes reports whether a block opened inside a should get a
// closing line of n colons instead: a fenced code block (where it is
// text) or an inner Docusaurus admonition it closes.
func innerTakes(pc parser.Context, a *Alert, n int) bool {
	blocks := pc.OpenedBlocks()
	inside := false
	for _, b := range blocks {
		if b.Node == a {
			inside = true
			continue
		}
		if !inside {
			continue
		}
		switch in := b.Node.(type) {
		case *ast.FencedCodeBlock:
			return true
		case *Alert:
			if in.fence > 0 && !in.closed && in.fence <= n {
				return true
			}
		}
	}
	return false
}

// parseDocusaurusOpen reads an opening line: three or more colons, the
// type word, then [Title] with optional {attributes}, {attributes}
// alone, or a space and the title. The title is line[titleStart:titleStop].
func parseDocusaurusOpen(line []byte) (fence int, word string, titleStart, titleStop int, ok bool) {
	i := 0
	for i < len(line) && (line[i] == ' ' || line[i] == '\t') {
		i++
	}
	start := i
	for i < len(line) && line[i] == ':' {
		i++
	}
	fence = i - start
	if fence < 3 {
		return 0, "", 0, 0, false
	}
	for i < len(line) && line[i] == ' ' {
		i++
	}
	ws := i
	for i < len(line) && (line[i] >= 'a' && line[i] <= 'z' || line[i] >= 'A' && line[i] <= 'Z') {
		i++
	}
	if i == ws {
		return 0, "", 0, 0, false
	}
	word = string(line[ws:i])
	rest := bytes.TrimRight(line[i:], " \t\r\n")
	end := i + len(rest)
	switch {
	case len(rest) == 0:
		return fence, word, 0, 0, true
	case rest[0] == '[':
		close := bytes.LastIndexByte(rest, ']')
		if close < 0 {
			return 0, "", 0, 0, false
		}
		if after := rest[close+1:]; len(after) > 0 && (after[0] != '{' || after[len(after)-1] != '}') {
			return 0, "", 0, 0, false
		}
		titleStart, titleStop = trimSpan(line, i+1, i+close)
		return fence, word, titleStart, titleStop, true
	case rest[0] == '{' && rest[len(rest)-1] == '}':
		return fence, word, 0, 0, true
	case rest[0] == ' ' || rest[0] == '\t':
		if bytes.HasSuffix(rest, []byte(":::")) { // DocFX's one-line :::x ...::: forms
			return 0, "", 0, 0, false
		}
		titleStart, titleStop = trimSpan(line, i, end)
		return fence, word, titleStart, titleStop, true
	}
	return 0, "", 0, 0, false
}

// closingFence returns the number of colons of a closing line (colons
// alone, indented less than four columns), or 0.
func closingFence(line []byte) int {
	i := 0
	for i < len(line) && i < 4 && line[i] == ' ' {
		i++
	}
	start := i
	for i < len(line) && line[i] == ':' {
		i++
	}
	n := i - start
	if n < 3 || i-n >= 4 || !util.IsBlank(line[i:]) {
		return 0
	}
	return n
}

// closers lists the lines of a document that could close a Docusaurus
// admonition, found in one pass on the first opening line, so that
// checking each opening line for a closer is a binary search, not a
// scan of the rest of the page.
type closers struct {
	ends []int // offset of each closing line's end, ascending
	most []int // most[i] is the largest fence of lines i and after
}

var closersKey = parser.NewContextKey()

func closersOf(pc parser.Context, src []byte) *closers {
	if c, ok := pc.Get(closersKey).(*closers); ok {
		return c
	}
	c := &closers{}
	var fences []int
	for off := 0; off < len(src); {
		end := bytes.IndexByte(src[off:], '\n')
		if end < 0 {
			end = len(src)
		} else {
			end += off + 1
		}
		// A closer may sit in a block quote or list item: ignore the
		// markers and indentation in front of it.
		line := bytes.TrimLeft(src[off:end], " \t>")
		if n := closingFence(line); n > 0 {
			c.ends = append(c.ends, end)
			fences = append(fences, n)
		}
		off = end
	}
	c.most = make([]int, len(fences))
	for i := len(fences) - 1; i >= 0; i-- {
		c.most[i] = fences[i]
		if i+1 < len(fences) && c.most[i+1] > fences[i] {
			c.most[i] = c.most[i+1]
		}
	}
	pc.Set(closersKey, c)
	return c
}

// closes reports whether a closing line of at least fence colons follows
// offset.
func (c *closers) closes(offset, fence int) bool {
	i := sort.SearchInts(c.ends, offset+1)
	return i < len(c.most) && c.most[i] >= fence
}

// trimSpan returns [start, stop) of line without surrounding blanks.
func trimSpan(line []byte, start, stop int) (int, int) {
	for start < stop && (line[start] == ' ' || line[start] == '\t') {
		start++
	}
	for stop > start && (line[stop-1] == ' ' || line[stop-1] == '\t') {
		stop--
	}
	return start, stop
}
