package include

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"path"
	"sort"
	"strings"
)

// Limits bound an expansion, so that no input can make it unbounded.
type Limits struct {
	// Depth is how deeply includes may nest (a page including a file is
	// depth 1).
	Depth int
	// Size is the largest expanded body, in bytes; FormatSize shows it
	// in messages (nil: a number of bytes).
	Size       int64
	FormatSize func(int64) string
	// ContentDir is the content folder's path in the project (docs): a
	// --8<-- path starting with it, as MkDocs projects write them (from
	// the project, pymdownx.snippets' default base_path), is also looked
	// up without it.
	ContentDir string
}

// tooLarge is the message for an expansion over the size limit.
func (l Limits) tooLarge() string {
	size := fmt.Sprintf("%d bytes", l.Size)
	if l.FormatSize != nil {
		size = l.FormatSize(l.Size)
	}
	return "the page with its includes is larger than the page size limit of " + size + "; include less, or raise limits.page_size in handbook.yaml"
}

// DefaultDepth is the nesting limit: real manuals nest two or three deep.
const DefaultDepth = 8

// Reader returns the bytes of the content file at rel (a clean slash
// path below the content root), or an error wrapping fs.ErrNotExist when
// the content has no such file.
type Reader func(rel string) ([]byte, error)

// Span says where a stretch of an expanded body came from: from Start
// (a byte offset of the body) to the next span's Start, the text is
// Source's (a content-relative path, "" for the page itself) from Line
// and Col on.
type Span struct {
	Start     int
	Source    string
	Line, Col int
}

// Error is an include that could not be expanded, at the directive's
// position in the file that holds it (Source "" is the page itself).
type Error struct {
	Source    string
	Line, Col int
	Msg       string
}

func (e Error) Error() string { return fmt.Sprintf("%s:%d:%d: %s", e.Source, e.Line, e.Col, e.Msg) }

// Result is an expanded body.
type Result struct {
	Body []byte
	// Spans map the body back to its files; nil when nothing was included.
	Spans []Span
	// Files lists every file included, directly or not, sorted.
	Files []string
}

// Expand replaces the directives of body, the Markdown of the page at
// page (content-relative) starting on file line bodyLine, by the files
// they name, read through read. Paths are relative to the file holding
// the directive; ~/ or / starts at the content root, and a snippet path
// not found beside its file is looked up from the content root too (as
// pymdownx.snippets' base_path). Front matter of an included file is
// dropped. Errors name the directive's position; the directive then
// expands to nothing.
func Expand(page string, body []byte, bodyLine int, read Reader, lim Limits) (Result, []Error) {
	if lim.Depth <= 0 {
		lim.Depth = DefaultDepth
	}
	e := &expander{read: read, lim: lim, files: map[string]bool{}}
	e.expand(page, "", body, bodyLine, "", false)
	if e.full && !e.reported() {
		e.errs = append(e.errs, Error{Line: bodyLine, Col: 1, Msg: lim.tooLarge()})
	}
	res := Result{Body: e.out}
	if len(e.files) > 0 || len(e.errs) > 0 || e.escaped {
		res.Spans = e.spans
	}
	for f := range e.files {
		res.Files = append(res.Files, f)
	}
	sort.Strings(res.Files)
	return res, e.errs
}

type expander struct {
	read    Reader
	lim     Limits
	out     []byte
	spans   []Span
	files   map[string]bool
	errs    []Error
	stack   []string // the files being expanded, the page first
	full    bool     // the size limit was hit: stop
	escaped bool
}

// expand writes text, the body of file (shown as source in spans; ""
// for the page) starting on line, into out. indent is written before
// every line but the first; inline writes everything on one line.
func (e *expander) expand(file, source string, text []byte, line int, indent string, inline bool) {
	e.stack = append(e.stack, file)
	defer func() { e.stack = e.stack[:len(e.stack)-1] }()
	pos := 0
	for _, d := range Scan(text) {
		if e.full {
			return
		}
		e.emit(source, text[:d.Start], pos, line, indent, inline)
		dl := line + d.Line - 1
		if d.Syntax == Escaped {
			e.escaped = true
			e.emit(source, text[:d.Start+len(d.Indent)], d.Start, line, indent, inline)
			e.emit(source, text[:d.End], d.Start+len(d.Indent)+1, line, indent, inline)
		} else {
			e.include(file, source, d, dl, indent, inline)
		}
		pos = d.End
	}
	e.emit(source, text, pos, line, indent, inline)
}

// emit writes text[from:] of source, whose first byte is on line.
func (e *expander) emit(source string, text []byte, from, line int, indent string, inline bool) {
	if from >= len(text) || e.full {
		return
	}
	// The line and column of text[from].
	l := line + bytes.Count(text[:from], []byte{'\n'})
	col := from - (bytes.LastIndexByte(text[:from], '\n') + 1) + 1
	seg := text[from:]
	for len(seg) > 0 {
		if e.grow(len(seg)+len(indent)) != nil {
			return
		}
		nl := bytes.IndexByte(seg, '\n')
		part := seg
		if nl >= 0 && (indent != "" || inline) {
			part = seg[:nl+1]
		}
		if indent != "" && !inline && len(e.out) > 0 && e.out[len(e.out)-1] == '\n' {
			if len(bytes.TrimRight(part, "\r\n")) > 0 {
				e.out = append(e.out, indent...)
			} else {
				// A blank line keeps the quote markers (a bare blank
				// line would end the quote), not trailing spaces.
				e.out = append(e.out, strings.TrimRight(indent, " \t")...)
			}
		}
		e.spans = append(e.spans, Span{Start: len(e.out), Source: source, Line: l, Col: col})
		if inline {
			e.out = append(e.out, bytes.TrimRight(part, "\r\n")...)
			if nl >= 0 {
				e.out = append(e.out, ' ')
			}
		} else {
			e.out = append(e.out, part...)
		}
		seg = seg[len(part):]
		l += bytes.Count(part, []byte{'\n'})
		col = 1
	}
}

// grow checks that n more bytes stay within the size limit.
func (e *expander) grow(n int) error {
	if e.lim.Size > 0 && int64(len(e.out)+n) > e.lim.Size {
		e.full = true
		return errTooLarge
	}
	return nil
}

var errTooLarge = errors.New("too large")

// include expands one directive found in file at line dl.
func (e *expander) include(file, source string, d Directive, dl int, indent string, inline bool) {
	fail := func(format string, args ...any) {
		e.errs = append(e.errs, Error{Source: source, Line: dl, Col: d.Col, Msg: "include " + d.Path + ": " + fmt.Sprintf(format, args...)})
	}
	target, data, err := e.resolve(file, d)
	switch {
	case errors.Is(err, errLeaves):
		fail("the path leaves the content folder; an included file must be inside it")
		return
	case errors.Is(err, fs.ErrNotExist):
		fail("no such file; the path is relative to the folder of %s (start it with ~/ for the content root)", display(file))
		return
	case err != nil:
		fail("%v", err)
		return
	}
	for i, f := range e.stack {
		if f == target {
			fail("include cycle %s; remove one of these includes", strings.Join(append(append([]string{}, e.stack[i:]...), target), " -> "))
			return
		}
	}
	if len(e.stack) > e.lim.Depth {
		fail("includes nest deeper than %d levels (%s); include the innermost file directly", e.lim.Depth, strings.Join(append(append([]string{}, e.stack...), target), " -> "))
		return
	}
	e.files[target] = true
	body, bodyLine := stripFrontMatter(data)
	if d.Block && !inline {
		// The included text starts where the directive's line did, with
		// its indentation, and ends with a line break.
		if e.grow(len(d.Lead)) != nil {
			fail("%s", e.lim.tooLarge())
			return
		}
		e.out = append(e.out, d.Lead...)
		e.expand(target, target, body, bodyLine, indent+d.Indent, false)
		if len(e.out) > 0 && e.out[len(e.out)-1] != '\n' && !e.full {
			e.out = append(e.out, '\n')
		}
	} else {
		e.expand(target, target, bytes.TrimSpace(body), bodyLine+leadingLines(body), indent, true)
	}
	if e.full && !e.reported() {
		fail("%s", e.lim.tooLarge())
	}
}

// reported reports whether the size limit's error was given already.
func (e *expander) reported() bool {
	for _, err := range e.errs {
		if strings.HasSuffix(err.Msg, e.lim.tooLarge()) {
			return true
		}
	}
	return false
}

var errLeaves = errors.New("leaves the content root")

// resolve finds and reads the file a directive in file names.
func (e *expander) resolve(file string, d Directive) (string, []byte, error) {
	p := strings.ReplaceAll(d.Path, "\\", "/")
	if d.Syntax == DocFX {
		if i := strings.IndexAny(p, "?#"); i >= 0 {
			p = p[:i]
		}
	}
	rooted := strings.HasPrefix(p, "~/") || strings.HasPrefix(p, "/")
	var candidates []string
	if rooted {
		candidates = []string{path.Clean(strings.TrimLeft(strings.TrimPrefix(p, "~"), "/"))}
	} else {
		candidates = []string{path.Join(path.Dir(file), p)}
		if d.Syntax == Snippet {
			candidates = append(candidates, path.Clean(p))
			if rest, ok := strings.CutPrefix(path.Clean(p), e.lim.ContentDir+"/"); ok && e.lim.ContentDir != "" {
				candidates = append(candidates, rest)
			}
		}
	}
	var firstErr error
	for _, c := range candidates {
		if c == "." || c == ".." || strings.HasPrefix(c, "../") {
			if firstErr == nil {
				firstErr = errLeaves
			}
			continue
		}
		data, err := e.read(c)
		if err == nil {
			return c, data, nil
		}
		if firstErr == nil || errors.Is(firstErr, errLeaves) && !errors.Is(err, fs.ErrNotExist) {
			firstErr = err
		}
	}
	return "", nil, firstErr
}

// display names a content-relative file in a message.
func display(file string) string {
	if file == "" || path.Dir(file) == "." {
		return "the content root"
	}
	return path.Dir(file) + "/"
}

// stripFrontMatter returns the text after a YAML front matter block (as
// DocFX include files often carry one) and the line it starts on.
func stripFrontMatter(src []byte) ([]byte, int) {
	src = bytes.TrimPrefix(src, []byte("\xef\xbb\xbf"))
	if !bytes.HasPrefix(src, []byte("---\n")) && !bytes.HasPrefix(src, []byte("---\r\n")) {
		return src, 1
	}
	line, i := 2, bytes.IndexByte(src, '\n')+1
	for i < len(src) {
		end := bytes.IndexByte(src[i:], '\n')
		next := len(src)
		if end >= 0 {
			next = i + end + 1
		}
		if l := bytes.TrimRight(src[i:next], "\r\n"); string(l) == "---" || string(l) == "..." {
			return src[next:], line + 1
		}
		i, line = next, line+1
	}
	return src, 1 // no closing line: not front matter
}

// leadingLines counts the line breaks before the first non-space byte.
func leadingLines(b []byte) int {
	t := bytes.TrimLeft(b, " \t\r\n")
	return bytes.Count(b[:len(b)-len(t)], []byte{'\n'})
}

// Locate returns the file position of byte offset of body, an expanded
// body whose spans are spans: the included file (content-relative, ""
// for the page itself), the line and the column.
func Locate(spans []Span, body []byte, offset int) (source string, line, col int) {
	i := sort.Search(len(spans), func(i int) bool { return spans[i].Start > offset }) - 1
	if i < 0 {
		return "", 1, offset + 1
	}
	s := spans[i]
	if offset > len(body) {
		offset = len(body)
	}
	seg := body[s.Start:offset]
	nl := bytes.LastIndexByte(seg, '\n')
	if nl < 0 {
		return s.Source, s.Line, s.Col + len(seg)
	}
	return s.Source, s.Line + bytes.Count(seg, []byte{'\n'}), len(seg) - nl
}

// InIncludeFolder reports whether the content file rel lies in a folder
// named includes or _includes (at any depth, any case): the folders
// DocFX and Jekyll projects keep their included files in. Markdown
// files there are never pages, whether or not a page includes them.
func InIncludeFolder(rel string) bool {
	dirs := strings.Split(rel, "/")
	for _, d := range dirs[:len(dirs)-1] {
		if strings.EqualFold(d, "includes") || strings.EqualFold(d, "_includes") {
			return true
		}
	}
	return false
}
