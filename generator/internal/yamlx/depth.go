package yamlx

import (
	"fmt"
	"strings"

	"github.com/goccy/go-yaml/ast"
	"github.com/goccy/go-yaml/parser"
)

// MaxDepth is how many lists and mappings deep a YAML or JSON file may
// nest. Front matter, handbook.yaml, inventories, category files and
// snapshots need well under ten levels; the limit leaves ample room and
// stops files that nest tens of thousands of levels in a few kilobytes:
// the YAML library's cost grows with the square of the depth (40,000
// levels in 80 kB took 2.5 GB and 26 s before it said anything).
const MaxDepth = 100

// Parse parses src with the YAML library after CheckDepth has measured
// its nesting, so a file nested too deep is refused before any value is
// built, and the library's syntax errors are told in a writer's words
// at the place of the mistake (see syntaxError).
func Parse(src []byte) (*ast.File, error) {
	if err := CheckDepth(src); err != nil {
		return nil, err
	}
	f, err := parser.ParseBytes(src, 0)
	if err != nil {
		return nil, syntaxError(src, err)
	}
	return f, nil
}

// CheckDepth measures how deep src nests lists and mappings, without
// building anything, and returns an *Error at the first place that is
// deeper than MaxDepth. It reads YAML's flow collections ([..], {..}),
// its block collections (indented keys and '- ' items, also several on
// one line like '- - - x') and JSON, which is YAML's flow syntax. It
// skips what cannot nest: quoted strings, comments and block scalars
// (| and >). It counts a bracket whenever it might open a collection, so
// it may count a level the parser would not (never one fewer), which no
// real file comes near at MaxDepth. Time is linear in len(src), memory
// bounded by MaxDepth.
func CheckDepth(src []byte) error {
	s := depthScanner{src: src, line: 1}
	if err := s.run(); err != nil {
		return err
	}
	return rawDepth(src)
}

// rawDepth is a backstop for the scanner below, which follows YAML's
// grammar and so can be misled where the YAML library departs from it (a
// quote or a tag it reads differently hides what follows from the
// scanner, but not from the library): it counts brackets opened and not
// yet closed, and runs of '- ' or '? ' indicators, anywhere, quoted or
// not, up to rawLimit. No real file has that many; text that does is
// refused too. The library needs about 17 KiB a level, so what passes
// both checks costs it at most some 20 MiB.
const rawLimit = 10 * MaxDepth

func rawDepth(src []byte) error {
	open, run := 0, 0
	line, lineStart := 1, 0
	for i := 0; i < len(src); i++ {
		c := src[i]
		switch {
		case c == '\n':
			line, lineStart, run = line+1, i+1, 0
			continue
		case c == '[' || c == '{':
			open++
		case c == ']' || c == '}':
			open = max(open-1, 0)
		case (c == '-' || c == '?') && (i+1 == len(src) || src[i+1] == ' ' || src[i+1] == '\t'):
			run++
		case c == ' ' || c == '\t':
			continue
		default:
			run = 0
		}
		if open+run > rawLimit {
			s := depthScanner{src: src, i: i, line: line, lineStart: lineStart}
			return s.tooDeep()
		}
	}
	return nil
}

// depthScanner holds the position in src and the open block levels.
type depthScanner struct {
	src       []byte
	i         int // offset of the next byte
	line      int // 1-based line of offset i
	lineStart int // offset of the first byte of the line
	// block holds the open block collections, innermost last.
	block []blockLevel
	// flow counts the open flow collections ([ and {), and flowDashes
	// the '- ' items inside them: the YAML library nests a list for each
	// one although YAML allows none there.
	flow, flowDashes int
}

// blockLevel is an open block collection: the column of its keys or of
// its '-' items, and which of the two it is.
type blockLevel struct {
	col  int
	kind byte // 'k' for a mapping, '-' for a sequence
}

func (s *depthScanner) col() int { return s.i - s.lineStart + 1 }

func (s *depthScanner) tooDeep() *Error {
	return &Error{Line: s.line, Col: s.col(), Msg: fmt.Sprintf(
		"lists and mappings nest more than %d levels deep here; handbook reads at most %d (real files need a handful): remove the extra levels, or write the value as text",
		MaxDepth, MaxDepth)}
}

// at reports whether the byte at offset j is c.
func (s *depthScanner) at(j int, c byte) bool { return j < len(s.src) && s.src[j] == c }

// blankAt reports whether offset j is a space, a tab, a line break or the
// end of the text: what must follow YAML's indicators '-', '?' and ':'.
func (s *depthScanner) blankAt(j int) bool {
	return j >= len(s.src) || s.src[j] == ' ' || s.src[j] == '\t' || s.src[j] == '\n' || s.src[j] == '\r'
}

// newline steps over the line break at s.i (\n, \r\n or a lone \r, which
// YAML counts as a break too) and reports whether there was one.
func (s *depthScanner) newline() bool {
	switch {
	case s.at(s.i, '\r') && s.at(s.i+1, '\n'):
		s.i += 2
	case s.at(s.i, '\n') || s.at(s.i, '\r'):
		s.i++
	default:
		return false
	}
	s.line++
	s.lineStart = s.i
	return true
}

func (s *depthScanner) toLineEnd() {
	for s.i < len(s.src) && s.src[s.i] != '\n' && s.src[s.i] != '\r' {
		s.i++
	}
}

// run reads the text line by line in block context, switching to flow
// context at an opening bracket until it is closed.
func (s *depthScanner) run() error {
	scalarIndent := -1 // while >= 0, lines indented deeper belong to a block scalar
	for s.i < len(s.src) {
		indent := 0
		for s.at(s.i, ' ') {
			s.i++
			indent++
		}
		blank := s.i >= len(s.src) || s.src[s.i] == '\n' || s.src[s.i] == '\r'
		if scalarIndent >= 0 && (blank || indent > scalarIndent) {
			s.toLineEnd()
			s.newline()
			continue
		}
		scalarIndent = -1
		if indent == 0 && (s.startsDocument("---") || s.startsDocument("...")) {
			s.block = s.block[:0]
			s.i += 3
		} else if indent == 0 && (s.hasPrefix("---") || s.hasPrefix("...")) {
			// The YAML library reads a marker even with text right after
			// it ("...[[[" is the end of a document and a flow sequence):
			// what follows is read as a node that may open levels.
			s.i += 3
		} else if indent == 0 && s.at(s.i, '%') { // a directive
			s.toLineEnd()
		}
		si, err := s.blockLine()
		if err != nil {
			return err
		}
		scalarIndent = si
		s.toLineEnd()
		s.newline()
	}
	return nil
}

func (s *depthScanner) hasPrefix(marker string) bool {
	return len(s.src)-s.i >= 3 && string(s.src[s.i:s.i+3]) == marker
}

func (s *depthScanner) startsDocument(marker string) bool {
	return len(s.src)-s.i >= 3 && string(s.src[s.i:s.i+3]) == marker && s.blankAt(s.i+3)
}

// blockLine reads the rest of a line in block context from a place
// where a node may start. It returns the indentation a following block
// scalar's lines must exceed, or -1.
func (s *depthScanner) blockLine() (int, error) {
	for {
		for s.at(s.i, ' ') || s.at(s.i, '\t') {
			s.i++
		}
		if s.i >= len(s.src) {
			return -1, nil
		}
		c := s.src[s.i]
		switch {
		case c == '\n' || c == '\r' || c == '#':
			return -1, nil
		case (c == '-' || c == '?') && s.blankAt(s.i+1):
			kind := byte('-')
			if c == '?' {
				kind = 'k'
			}
			if err := s.open(kind); err != nil {
				return -1, err
			}
			s.i++
		case c == ':' && s.blankAt(s.i+1): // the value of a '?' key
			s.i++
		case c == '&' || c == '!': // an anchor or a tag before the node
			s.skipProperty(false)
		case c == '|' || c == '>':
			indent := 0
			if len(s.block) > 0 {
				indent = s.block[len(s.block)-1].col - 1
			}
			return indent, nil
		default:
			keyCol := s.col()
			if c == '[' || c == '{' {
				if err := s.flowCollection(); err != nil {
					return -1, err
				}
			} else if c == '"' || c == '\'' {
				s.quoted()
			}
			// A plain scalar (or the rest after a collection or quoted
			// text) runs to the line's end or a comment; ': ' in it
			// makes what came before a key.
			for s.i < len(s.src) && s.src[s.i] != '\n' && s.src[s.i] != '\r' {
				if s.src[s.i] == ':' && s.blankAt(s.i+1) {
					break
				}
				if s.src[s.i] == '#' && s.i > 0 && (s.src[s.i-1] == ' ' || s.src[s.i-1] == '\t') {
					s.toLineEnd()
					break
				}
				s.i++
			}
			if !s.at(s.i, ':') {
				return -1, nil
			}
			if err := s.openAt(keyCol, 'k'); err != nil {
				return -1, err
			}
			s.i++
		}
	}
}

// open notes a block collection whose key or '-' is at s.i.
func (s *depthScanner) open(kind byte) error { return s.openAt(s.col(), kind) }

// openAt notes a key or '-' item at column col: it closes the levels
// indented deeper, continues a collection of the same kind at the same
// column, and otherwise opens a level (a list may sit at its key's
// column).
func (s *depthScanner) openAt(col int, kind byte) error {
	for len(s.block) > 0 {
		top := s.block[len(s.block)-1]
		if top.col < col {
			break
		}
		if top.col == col {
			if top.kind == kind {
				return nil
			}
			if top.kind == 'k' && kind == '-' {
				break
			}
		}
		s.block = s.block[:len(s.block)-1]
	}
	if len(s.block)+s.flow+s.flowDashes >= MaxDepth {
		i := s.i
		s.i = s.lineStart + col - 1
		err := s.tooDeep()
		s.i = i
		return err
	}
	s.block = append(s.block, blockLevel{col: col, kind: kind})
	return nil
}

// flowCollection reads from an opening bracket at s.i to the bracket
// that closes it, over as many lines as it takes. Every [ and { outside
// quoted text and comments counts as a level.
func (s *depthScanner) flowCollection() error {
	nodeStart := false // whether a node may start here: after [ { , or ': '
	afterQuoted := false
	for s.i < len(s.src) {
		if s.newline() {
			continue
		}
		c := s.src[s.i]
		switch {
		case c == '[' || c == '{' || (c == '-' && s.blankAt(s.i+1)):
			if len(s.block)+s.flow+s.flowDashes >= MaxDepth {
				return s.tooDeep()
			}
			if c == '-' {
				s.flowDashes++
				s.i++
				continue
			}
			s.flow++
			s.i++
			nodeStart, afterQuoted = true, false
			continue
		case c == ']' || c == '}':
			s.i++
			if s.flow > 0 {
				s.flow--
			}
			if s.flow == 0 {
				s.flowDashes = 0
				return nil
			}
			nodeStart, afterQuoted = false, false
			continue
		case c == ' ' || c == '\t':
			s.i++
			continue
		case c == '#' && s.i > 0 && (s.src[s.i-1] == ' ' || s.src[s.i-1] == '\t' || s.i == s.lineStart):
			s.toLineEnd()
			continue
		case c == ',' || (c == '?' && s.blankAt(s.i+1)) || (c == ':' && (afterQuoted || s.blankAt(s.i+1))):
			s.i++
			nodeStart, afterQuoted = true, false
			continue
		case nodeStart && (c == '"' || c == '\''):
			s.quoted()
			nodeStart, afterQuoted = false, true
			continue
		case nodeStart && (c == '&' || c == '!'):
			s.skipProperty(true)
			continue
		}
		s.i++
		nodeStart, afterQuoted = false, false
	}
	return nil
}

// skipProperty skips an anchor or a tag at s.i, up to a space, a line
// break or a bracket: the YAML library reads a tab as part of a tag, so
// "!t\t0[[[" opens levels that a tag ended at the tab would hide, and a
// bracket may open a level right after it. In flow context a comma or a
// closing bracket ends it too.
func (s *depthScanner) skipProperty(flow bool) {
	stop := " \n\r[{"
	if flow {
		stop = " \n\r[{,]}"
	}
	for s.i < len(s.src) && !strings.ContainsRune(stop, rune(s.src[s.i])) {
		s.i++
	}
}

// quoted skips a quoted scalar starting at s.i, over line breaks: '...'
// doubles a quote inside, "..." escapes with a backslash. One that is
// never closed runs to the end; the parser reports it.
func (s *depthScanner) quoted() {
	q := s.src[s.i]
	s.i++
	for s.i < len(s.src) {
		if s.newline() {
			continue
		}
		c := s.src[s.i]
		switch {
		case q == '"' && c == '\\':
			s.i++ // the escaped byte, unless a line break, is skipped below
			if s.i < len(s.src) && s.src[s.i] != '\n' && s.src[s.i] != '\r' {
				s.i++
			}
			continue
		case c == q && q == '\'' && s.at(s.i+1, '\''):
			s.i += 2
			continue
		case c == q:
			s.i++
			return
		}
		s.i++
	}
}
