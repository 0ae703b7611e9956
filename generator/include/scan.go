// Package include expands the include directives of a Markdown page
// before it is converted, so that every later stage (conversion and its
// cache key, link checks, the audit, the search index) sees one text.
//
// Two forms name the same mechanism:
//
//	--8<-- "path/to/file.md"
//
// on a line of its own is handbook's own form, the line of MkDocs'
// pymdownx.snippets: writers coming from MkDocs know it, it cannot be
// mistaken for a link or any other Markdown, and MkDocs projects build
// as written. It is expanded everywhere, inside fenced code blocks too
// (where it puts a script or a configuration file into the block), and
// ";--8<--" writes the line itself. DocFX's
//
//	[!INCLUDE[title](path/to/file.md)]
//
// (also "[!INCLUDE [title](path)]", any case) is expanded outside code:
// on a line of its own as a block, anywhere else inline.
package include

import (
	"bytes"
	"net/url"
	"regexp"
	"strings"
)

// Syntax is the form a directive was written in.
type Syntax uint8

const (
	// Snippet is the --8<-- "path" line.
	Snippet Syntax = iota + 1
	// DocFX is [!INCLUDE[title](path)].
	DocFX
	// Escaped is a ;--8<-- line, written without its ';'.
	Escaped
)

// Directive is one include directive found in a text.
type Directive struct {
	// Start and End are the byte offsets of what the expansion replaces:
	// for a block directive its whole line with the line break.
	Start, End int
	// Path is the path as written (DocFX paths URL-unescaped).
	Path   string
	Syntax Syntax
	// Block is set for a directive alone on its line, or alone after
	// list and quote markers (1. [!INCLUDE[..](..)], as Learn writes a
	// step). Lead is what comes before it on the line, written before
	// the first included line; Indent is written before every other
	// one: Lead with its list markers as spaces, so that an include
	// inside a list item or a quote stays in it.
	Block        bool
	Lead, Indent string
	// Line and Col are the 1-based position of the directive in the text.
	Line, Col int
}

// marker is the snippet line's scissors.
const marker = "--8<--"

// Contains reports quickly whether src may hold a directive.
func Contains(src []byte) bool {
	return bytes.Contains(src, []byte(marker)) || bytes.Contains(src, []byte("[!")) && containsFold(src, "[!include")
}

func containsFold(s []byte, lower string) bool {
	for i := 0; i+len(lower) <= len(s); i++ {
		if s[i] == '[' && strings.EqualFold(string(s[i:i+len(lower)]), lower) {
			return true
		}
	}
	return false
}

// Scan returns the directives of src in order. It never fails: text that
// is not a well-formed directive stays text.
func Scan(src []byte) []Directive {
	var (
		out   []Directive
		fence fenceState
	)
	for start, line := 0, 1; start < len(src); line++ {
		end := bytes.IndexByte(src[start:], '\n')
		next := len(src)
		if end >= 0 {
			end += start
			next = end + 1
		} else {
			end = len(src)
		}
		text := src[start:end]
		if d, ok := snippetLine(text); ok {
			d.Start, d.End, d.Line, d.Col = start, next, line, len(d.Indent)+1
			out = append(out, d)
		} else if !fence.step(text) {
			out = append(out, docfxLine(text, start, next, line)...)
		}
		start = next
	}
	return out
}

// fenceState follows fenced code blocks, in which DocFX directives are
// text. A fence is recognised at any indentation, as inside list items.
type fenceState struct {
	char byte
	n    int
}

// step reports whether the line is inside a fence or is a fence line.
func (f *fenceState) step(line []byte) bool {
	t := bytes.TrimLeft(line, " \t")
	for len(t) > 0 && t[0] == '>' { // fences inside block quotes
		t = bytes.TrimLeft(t[1:], " \t")
	}
	n := 0
	if len(t) > 0 && (t[0] == '`' || t[0] == '~') {
		for n < len(t) && t[n] == t[0] {
			n++
		}
	}
	if f.n == 0 {
		if n >= 3 && !(t[0] == '`' && bytes.IndexByte(t[n:], '`') >= 0) {
			f.char, f.n = t[0], n
			return true
		}
		return false
	}
	if n >= f.n && t[0] == f.char && len(bytes.TrimSpace(t[n:])) == 0 {
		f.n = 0
	}
	return true
}

// snippetLine reads a --8<-- "path" (or ;--8<-- ...) line.
func snippetLine(line []byte) (Directive, bool) {
	t := bytes.TrimRight(line, " \t\r")
	body := bytes.TrimLeft(t, " \t")
	indent := string(t[:len(t)-len(body)])
	syntax := Snippet
	if bytes.HasPrefix(body, []byte(";"+marker)) {
		syntax, body = Escaped, body[1:]
	}
	if !bytes.HasPrefix(body, []byte(marker)) {
		return Directive{}, false
	}
	rest := bytes.TrimLeft(body[len(marker):], " \t")
	if len(rest) == len(body)-len(marker) || len(rest) < 2 || (rest[0] != '"' && rest[0] != '\'') || rest[len(rest)-1] != rest[0] {
		return Directive{}, false
	}
	p := string(rest[1 : len(rest)-1])
	if strings.ContainsAny(p, "\"'") {
		return Directive{}, false
	}
	return Directive{Path: p, Syntax: syntax, Block: true, Lead: indent, Indent: indent}, true
}

// docfxLine finds the DocFX directives on one line outside code spans.
func docfxLine(line []byte, start, next, lineNo int) []Directive {
	var out []Directive
	for i := 0; i < len(line); {
		switch c := line[i]; {
		case c == '`':
			n := 0
			for i+n < len(line) && line[i+n] == '`' {
				n++
			}
			if j := closingTicks(line[i+n:], n); j >= 0 {
				i += n + j + n
			} else {
				i += n
			}
			continue
		case c == '\\':
			i += 2
			continue
		case c == '[' && i+9 <= len(line) && strings.EqualFold(string(line[i:i+9]), "[!include"):
			if p, n, ok := docfxAt(line[i:]); ok {
				d := Directive{Start: start + i, End: start + i + n, Path: p, Syntax: DocFX, Line: lineNo, Col: i + 1}
				before, after := line[:i], bytes.TrimRight(line[i+n:], "\r")
				if blockLead.Match(before) && len(bytes.TrimSpace(after)) == 0 {
					d.Block, d.Lead, d.Indent, d.Start, d.End = true, string(before), continuation(before), start, next
				}
				out = append(out, d)
				i += n
				continue
			}
		}
		i++
	}
	return out
}

// blockLead matches what may stand before a block include on its line:
// indentation, block quote markers and list markers.
var blockLead = regexp.MustCompile(`^[ \t]*(?:>[ \t]*|(?:[-*+]|\d{1,9}[.)])[ \t]+)*$`)

// continuation returns the prefix of a block's following lines that
// keeps them in the list item or quote whose markers lead: each list
// marker becomes spaces, quote markers and whitespace stay.
func continuation(lead []byte) string {
	b := []byte(string(lead))
	for i, c := range b {
		if c != '>' && c != ' ' && c != '\t' {
			b[i] = ' '
		}
	}
	return string(b)
}

// closingTicks returns the offset in s of a run of exactly n backticks, or -1.
func closingTicks(s []byte, n int) int {
	for i := 0; i < len(s); {
		if s[i] != '`' {
			i++
			continue
		}
		j := i
		for j < len(s) && s[j] == '`' {
			j++
		}
		if j-i == n {
			return i
		}
		i = j
	}
	return -1
}

// docfxAt parses [!INCLUDE[title](path)] at the start of s, returning the
// path and the directive's length.
func docfxAt(s []byte) (string, int, bool) {
	i := len("[!include")
	for i < len(s) && (s[i] == ' ' || s[i] == '\t') {
		i++
	}
	if i >= len(s) || s[i] != '[' {
		return "", 0, false
	}
	depth := 0
	for ; i < len(s); i++ {
		if s[i] == '\\' {
			i++
			continue
		}
		if s[i] == '[' {
			depth++
		} else if s[i] == ']' {
			if depth--; depth == 0 {
				break
			}
		}
	}
	if i+1 >= len(s) || s[i+1] != '(' {
		return "", 0, false
	}
	i += 2
	j := bytes.IndexByte(s[i:], ')')
	if j < 0 || i+j+1 >= len(s) || s[i+j+1] != ']' {
		return "", 0, false
	}
	dest := strings.TrimSpace(string(s[i : i+j]))
	if strings.HasPrefix(dest, "<") {
		if k := strings.IndexByte(dest, '>'); k > 0 {
			dest = dest[1:k]
		}
	} else if k := strings.IndexAny(dest, " \t"); k >= 0 { // a link title follows
		dest = dest[:k]
	}
	if u, err := url.PathUnescape(dest); err == nil {
		dest = u
	}
	if dest == "" {
		return "", 0, false
	}
	return dest, i + j + 2, true
}
