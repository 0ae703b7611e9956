package yamlx

import (
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"strings"

	"github.com/goccy/go-yaml"
	"github.com/goccy/go-yaml/token"
)

// This file turns the YAML library's syntax errors into a writer's words.
// The library says where it noticed a problem, in its own terms ("value
// is not allowed in this context. map key-value is pre-defined"); a writer
// needs to know what they typed wrong, where, and how to write it instead.
// Each rule below recognises one everyday mistake from the library's
// message, its tokens and the source text, and places the error where the
// mistake is: the apostrophe that ended a quoted value, the '[' that is
// never closed, the colon inside a value. What no rule recognises still
// gets a plain message at the library's position.
//
// Columns count runes, as the YAML library's do.

// syntax is one error of the YAML library with the text it was reading.
type syntax struct {
	lines     [][]rune
	msg       string
	tk        *token.Token // may be nil
	line, col int          // where the library noticed the problem, from 1
}

// syntaxRules are tried in order; the first that recognises the mistake
// writes the message.
var syntaxRules = []func(*syntax) *Error{
	(*syntax).tab,
	(*syntax).quoteEndedEarly,
	(*syntax).noSpaceAfterIndicator,
	(*syntax).reservedStart,
	(*syntax).colonInValue,
	(*syntax).unclosedQuote,
	(*syntax).badEscape,
	(*syntax).unclosedBracket,
	(*syntax).extraBracket,
	(*syntax).duplicateKey,
	(*syntax).listOnKeyLine,
	(*syntax).indentation,
	(*syntax).textWithoutKey,
}

// syntaxError returns err, an error of the YAML library reading src, as an
// *Error in plain words at the place of the mistake.
func syntaxError(src []byte, err error) *Error {
	s := &syntax{lines: splitLines(src), line: 1, col: 1}
	var ye yaml.Error
	if !errors.As(err, &ye) {
		s.msg = err.Error()
		return s.fallback()
	}
	s.msg, s.tk = ye.GetMessage(), ye.GetToken()
	if s.tk != nil && s.tk.Position != nil {
		s.line, s.col = max(s.tk.Position.Line, 1), max(s.tk.Position.Column, 1)
	}
	for _, rule := range syntaxRules {
		if e := rule(s); e != nil {
			return e
		}
	}
	return s.fallback()
}

func splitLines(src []byte) [][]rune {
	parts := strings.Split(string(src), "\n")
	lines := make([][]rune, len(parts))
	for i, p := range parts {
		lines[i] = []rune(strings.TrimSuffix(p, "\r"))
	}
	return lines
}

// text returns line n (from 1), or nothing outside the text.
func (s *syntax) text(n int) []rune {
	if n < 1 || n > len(s.lines) {
		return nil
	}
	return s.lines[n-1]
}

// at returns the rune at line n, column c (both from 1), or 0.
func (s *syntax) at(n, c int) rune {
	l := s.text(n)
	if c < 1 || c > len(l) {
		return 0
	}
	return l[c-1]
}

// errorAt makes an *Error at line n, column c of the text.
func errorAt(n, c int, format string, args ...any) *Error {
	return &Error{Line: max(n, 1), Col: max(c, 1), Msg: fmt.Sprintf(format, args...)}
}

// errorNaming makes an *Error at line n, column c whose message names
// other lines of the text: msg writes it with every line number moved by
// shift, so that Shift can move them with Line.
func errorNaming(n, c int, msg func(shift int) string) *Error {
	return &Error{Line: max(n, 1), Col: max(c, 1), Msg: msg(0), lines: msg}
}

// prev returns the token before t that is not a comment.
func prev(t *token.Token) *token.Token {
	for t = t.Prev; t != nil && t.Type == token.CommentType; t = t.Prev {
	}
	return t
}

func tokenPos(t *token.Token) (line, col int) {
	if t == nil || t.Position == nil {
		return 0, 0
	}
	return t.Position.Line, t.Position.Column
}

// indent returns the number of leading spaces of line n.
func (s *syntax) indent(n int) int {
	l := s.text(n)
	i := 0
	for i < len(l) && l[i] == ' ' {
		i++
	}
	return i
}

// firstOnLine reports whether only spaces come before column c of line n.
func (s *syntax) firstOnLine(n, c int) bool {
	return c >= 1 && s.indent(n) == c-1
}

// contentLine reports whether line n holds something other than spaces
// and a comment.
func (s *syntax) contentLine(n int) bool {
	t := strings.TrimSpace(string(s.text(n)))
	return t != "" && !strings.HasPrefix(t, "#")
}

// plainValue returns the text from column c of line n to the end of the
// line or to a comment (" #"), trimmed: a value written without quotes.
func (s *syntax) plainValue(n, c int) string {
	l := s.text(n)
	if c < 1 || c > len(l) {
		return ""
	}
	v := string(l[c-1:])
	if i := strings.Index(v, " #"); i >= 0 {
		v = v[:i]
	}
	return strings.TrimSpace(v)
}

// short cuts a piece of the writer's text to fit in a message.
func short(s string) string {
	const most = 40
	if r := []rune(s); len(r) > most {
		return string(r[:most]) + "..."
	}
	return s
}

func spaces(n int) string {
	if n == 1 {
		return "1 space"
	}
	return strconv.Itoa(n) + " spaces"
}

// tab finds the tab the library refused, which it may report a line
// early or at the start of the line.
func (s *syntax) tab() *Error {
	if !strings.Contains(s.msg, "\t") && !strings.Contains(s.msg, "tab character") {
		return nil
	}
	for _, n := range []int{s.line, s.line + 1, s.line - 1} {
		l := s.text(n)
		for i, r := range l {
			if r == '\t' {
				return errorAt(n, i+1, "a tab indents this line, and YAML indents with spaces only; replace the tab with spaces")
			}
			if r != ' ' && r != '-' {
				break
			}
		}
	}
	return errorAt(s.line, s.col, "a tab where YAML expects spaces; replace the tab with spaces")
}

// closingQuote returns the column of the quote that ends the quoted value
// opening at column open of line, or -1: YAML ends a single-quoted value
// at the first ' that is not doubled, a double-quoted one at the first "
// that no backslash escapes.
func closingQuote(line []rune, open int) int {
	q := line[open-1]
	for i := open; i < len(line); i++ { // line[i] is column i+1
		switch {
		case q == '"' && line[i] == '\\':
			i++
		case q == '\'' && line[i] == q && i+1 < len(line) && line[i+1] == q:
			i++
		case line[i] == q:
			return i + 1
		}
	}
	return -1
}

// quoted writes text as one YAML value: in double quotes when it holds no
// quote or backslash that they would need escaped, else in single quotes.
func quoted(text string) string {
	if !strings.ContainsAny(text, `"\`) {
		return `"` + text + `"`
	}
	return singleQuoted(text)
}

func singleQuoted(text string) string {
	return "'" + strings.ReplaceAll(text, "'", "''") + "'"
}

// quoteEndedEarly recognises a value that starts with a quote and goes on
// after the quote that ends it: an apostrophe inside single quotes
// ('Don't panic'), a quoted word inside double quotes ("The "Ops"
// guide"), or a quoted word at the start of a longer value ("Ops" guide).
func (s *syntax) quoteEndedEarly() *Error {
	if s.tk == nil || !(strings.HasPrefix(s.msg, "value is not allowed in this context") || strings.HasSuffix(s.msg, "must be specified")) {
		return nil
	}
	p := prev(s.tk)
	if p == nil || (p.Type != token.SingleQuoteType && p.Type != token.DoubleQuoteType) {
		return nil
	}
	n, open := tokenPos(p)
	q := s.at(n, open)
	if n != s.line || (q != '\'' && q != '"') {
		return nil
	}
	line := s.text(n)
	end := closingQuote(line, open)
	if end < 0 || end >= s.col {
		return nil
	}
	last := end
	for c := end + 1; c <= len(line); c++ {
		if line[c-1] == q {
			last = c
		}
	}
	if last == end {
		return errorAt(n, open, "this value starts with a quote, so it ends at the closing quote in column %d, and YAML cannot read the text after it; quote the whole value: %s",
			end, quoted(s.plainValue(n, open)))
	}
	// Where the value ended: the word before the quote that ended it.
	before := strings.TrimRight(string(line[open:end-1]), " ")
	word := before[strings.LastIndexByte(before, ' ')+1:]
	inner := string(line[open : last-1])
	if q == '\'' {
		meant := strings.ReplaceAll(inner, "''", "'")
		if strings.ContainsAny(meant, `"\`) {
			return errorAt(n, end, "the single-quoted value ends at the apostrophe in %s', and YAML cannot read the rest; double the apostrophe: %s",
				short(word), singleQuoted(meant))
		}
		return errorAt(n, end, "the single-quoted value ends at the apostrophe in %s', and YAML cannot read the rest; use double quotes, %s, or double the apostrophe, %s",
			short(word), `"`+meant+`"`, singleQuoted(meant))
	}
	meant := strings.ReplaceAll(inner, `\"`, `"`)
	return errorAt(n, end, `the double-quoted value ends at the quote after %s, and YAML cannot read the rest; use single quotes, %s, or write each inner quote as \", %s`,
		short(word), singleQuoted(meant), `"`+strings.ReplaceAll(meant, `"`, `\"`)+`"`)
}

// keyWithoutSpace matches key:value written without the space YAML needs
// after the colon of a key.
var keyWithoutSpace = regexp.MustCompile(`^([\p{L}\p{N}_.-]+):([^\s:/].*)$`)

// missingSpace returns an error at the colon when text, at line n and
// column c, is key:value without a space after the colon; else nil.
func missingSpace(n, c int, text string) *Error {
	if i := strings.Index(text, " #"); i >= 0 {
		text = text[:i]
	}
	m := keyWithoutSpace.FindStringSubmatch(strings.TrimSpace(text))
	if m == nil {
		return nil
	}
	key, value := m[1], strings.TrimSpace(m[2])
	return errorAt(n, c+len([]rune(key)), "%s has no space after the colon, so YAML reads it as text, not as a key and its value; write %s: %s",
		short(key+":"+value), key, value)
}

// noSpaceAfterIndicator recognises owner:web-ops for owner: web-ops, and
// -item for - item.
func (s *syntax) noSpaceAfterIndicator() *Error {
	if s.tk == nil || !s.firstOnLine(s.line, s.col) ||
		!(s.msg == "non-map value is specified" || s.msg == "unexpected key name" || strings.HasPrefix(s.msg, "value is not allowed in this context")) {
		return nil
	}
	rest := s.plainValue(s.line, s.col)
	if len(rest) > 1 && rest[0] == '-' && rest[1] != ' ' && rest[1] != '-' {
		return errorAt(s.line, s.col, "a list item needs a space after the dash; write - %s", short(rest[1:]))
	}
	return missingSpace(s.line, s.col, rest)
}

// indicators are the characters that mean something to YAML at the start
// of a value, with what they mean.
var indicators = map[rune]string{
	'@': "is reserved",
	'`': "is reserved",
	'%': "starts a directive",
	'&': "marks an anchor",
	'*': "refers to an anchor (an alias)",
	'!': "starts a tag",
	'|': "starts a block of text on the lines below",
	'>': "starts a block of text on the lines below",
}

// valueStart returns the column where the value of the key on line n
// starts, or 0.
func (s *syntax) valueStart(n int) int {
	l := s.text(n)
	i := strings.Index(string(l), ": ")
	if i < 0 {
		return 0
	}
	c := len([]rune(string(l)[:i])) + 2
	for c < len(l) && l[c] == ' ' {
		c++
	}
	return c + 1
}

// reservedStart recognises a value that starts with one of YAML's
// indicators: @ordinary text, `code`, %, &, * or |text.
func (s *syntax) reservedStart() *Error {
	var ind rune
	n, c := s.line, s.col
	switch {
	case strings.HasSuffix(s.msg, "is a reserved character") && strings.HasPrefix(s.msg, "'"):
		ind = []rune(s.msg)[1]
	case strings.HasPrefix(s.msg, "unexpected directive value"):
		if s.firstOnLine(n, c) {
			return errorAt(n, c, "a line starting with %% is a YAML directive, which may come only before the first key; remove the line, or quote it if it is text")
		}
		ind = '%'
	case s.msg == "undefined anchor value" || s.msg == "could not find anchor value" || s.msg == "undefined anchor name":
		ind = '&'
	case strings.HasPrefix(s.msg, "invalid header option"):
		ind = '|'
		if v := s.valueStart(n); s.at(n, v) == '>' {
			ind = '>'
		}
	case strings.HasPrefix(s.msg, "value is not allowed in this context"):
		v := s.valueStart(n)
		ind = s.at(n, v)
		if v == 0 || v >= c || (ind != '*' && ind != '&' && ind != '!') {
			return nil
		}
		c = v
	default:
		return nil
	}
	l := s.text(n)
	for i := max(c-1, 0); i < len(l); i++ {
		if l[i] == ind {
			c = i + 1
			break
		}
	}
	return errorAt(n, c, "a value cannot start with %c, which in YAML %s; quote the value: %s", ind, indicators[ind], quoted(s.plainValue(n, c)))
}

// colonInValue recognises a colon and a space inside a value written
// without quotes (title: Step 1: log in), and a key indented deeper than
// the key above it, whose value it then seems to continue.
func (s *syntax) colonInValue() *Error {
	if s.tk == nil || s.msg != "mapping value is not allowed in this context" {
		return nil
	}
	n := s.line
	last := n + strings.Count(strings.TrimRight(s.tk.Origin, "\n"), "\n")
	for ln := n; ln <= last; ln++ {
		l := s.text(ln)
		from := 0
		if ln == n {
			from = s.col - 1
		}
		for i := max(from, 0); i < len(l); i++ {
			if l[i] == '#' && i > 0 && l[i-1] == ' ' {
				break
			}
			if l[i] != ':' || (i+1 < len(l) && l[i+1] != ' ' && l[i+1] != '\t') {
				continue
			}
			if ln == n {
				key := strings.TrimSpace(string(l[:s.col-1]))
				return errorAt(n, i+1, "a colon followed by a space starts a key in YAML, so a value written without quotes cannot hold one; quote the value: %s",
					strings.TrimSpace(key+" "+quoted(s.plainValue(n, s.col))))
			}
			return s.deeperThanKey(ln, strings.TrimSpace(string(l[:i])))
		}
	}
	return nil
}

// deeperThanKey reports the key word on line n, indented deeper than the
// key whose value the library was reading.
func (s *syntax) deeperThanKey(n int, word string) *Error {
	colon := prev(s.tk)
	if colon == nil || colon.Type != token.MappingValueType {
		return nil
	}
	key := prev(colon)
	kl, kc := tokenPos(key)
	if key == nil || kl < 1 {
		return nil
	}
	ind := s.indent(n)
	return errorNaming(n, ind+1, func(shift int) string {
		return fmt.Sprintf("%s on line %d is indented %s, deeper than %s on line %d (%s), so YAML reads it as more of the value of %s; indent it as far as %s",
			short(word), n+shift, spaces(ind), short(key.Value), kl+shift, spaces(kc-1), short(key.Value), short(key.Value))
	})
}

// unclosedQuote recognises a quote that opens a value and is never
// closed, and a backslash in double quotes that swallowed the closing
// quote ("C:\Users\x").
func (s *syntax) unclosedQuote() *Error {
	var q rune
	switch s.msg {
	case "could not find end character of double-quoted text":
		q = '"'
	case "could not find end character of single-quoted text":
		q = '\''
	default:
		return nil
	}
	n, c := s.line, s.col
	l := s.text(n)
	for i := max(c-1, 0); i < len(l); i++ {
		if l[i] == q {
			c = i + 1
			break
		}
	}
	if q == '"' {
		if end := lastIndex(l, '"'); end > c {
			for i := c; i < end-1; i++ {
				if l[i] == '\\' {
					return s.escape(n, c, i+1, end)
				}
			}
		}
		return errorAt(n, c, `the double quote that opens this value is never closed; add the closing " at the end of the value, or remove this one`)
	}
	return errorAt(n, c, "the single quote that opens this value is never closed; add the closing ' at the end of the value, or remove this one")
}

// lastIndex returns the column of the last r in l, or 0.
func lastIndex(l []rune, r rune) int {
	for i := len(l) - 1; i >= 0; i-- {
		if l[i] == r {
			return i + 1
		}
	}
	return 0
}

// badEscape recognises an escape sequence YAML does not know in a
// double-quoted value ("a\qb").
func (s *syntax) badEscape() *Error {
	if !strings.HasPrefix(s.msg, "found unknown escape character") && !strings.Contains(s.msg, "escaped UTF") && !strings.Contains(s.msg, "surrogate") {
		return nil
	}
	l := s.text(s.line)
	slash := 0
	for i := min(s.col, len(l)) - 1; i >= 0; i-- {
		if l[i] == '\\' {
			slash = i + 1
			break
		}
	}
	open := 0
	for i := slash - 1; i >= 1; i-- {
		if l[i-1] == '"' {
			open = i
			break
		}
	}
	if slash == 0 || open == 0 {
		return nil
	}
	return s.escape(s.line, open, slash, lastIndex(l, '"'))
}

// escape reports the backslash at column slash of line n, inside the
// double-quoted value from column open to column end.
func (s *syntax) escape(n, open, slash, end int) *Error {
	l := s.text(n)
	seq := `\`
	if slash < len(l) {
		seq += string(l[slash])
	}
	meant := string(l[open:max(end-1, open)])
	return errorAt(n, slash, `a backslash in double quotes starts an escape sequence (\n, \t, \"), and %s is not one YAML can read here; write \\ for each backslash, or use single quotes, which keep backslashes as they are: %s`,
		seq, singleQuoted(meant))
}

// unclosedBracket recognises a [ or { that is never closed, which the
// library may notice lines later.
func (s *syntax) unclosedBracket() *Error {
	switch s.msg {
	case "sequence end token ']' not found", "could not find flow mapping end token '}'",
		"',' or ']' must be specified", "',' or '}' must be specified", "could not find flow map content":
	default:
		return nil
	}
	if s.tk == nil {
		return nil
	}
	open := s.tk
	if open.Type != token.SequenceStartType && open.Type != token.MappingStartType {
		open = nil
		depth := 0
	walk:
		for t := s.tk.Prev; t != nil; t = t.Prev {
			switch t.Type {
			case token.SequenceEndType, token.MappingEndType:
				depth++
			case token.SequenceStartType, token.MappingStartType:
				if depth == 0 {
					open = t
					break walk
				}
				depth--
			}
		}
	}
	n, c := tokenPos(open)
	if open == nil || n < 1 {
		return nil
	}
	bracket, closer, what := '[', ']', "list"
	if open.Type == token.MappingStartType {
		bracket, closer, what = '{', '}', "mapping"
	}
	return errorAt(n, c, "the %c that opens this %s is never closed; close it with %c, or quote the value if the %c is part of the text: %s",
		bracket, what, closer, bracket, quoted(s.plainValue(n, c)))
}

// extraBracket recognises a ] or } that closes nothing.
func (s *syntax) extraBracket() *Error {
	closesNothing := strings.HasPrefix(s.msg, "could not find '[' character") || strings.HasPrefix(s.msg, "could not find '{' character")
	if s.tk == nil || !(closesNothing || strings.HasPrefix(s.msg, "value is not allowed in this context") &&
		(s.tk.Type == token.SequenceEndType || s.tk.Type == token.MappingEndType)) {
		return nil
	}
	opener := '['
	if s.tk.Type == token.MappingEndType {
		opener = '{'
	}
	return errorAt(s.line, s.col, "this %s closes no %c; remove it, or quote the value if it is part of the text", s.tk.Value, opener)
}

var duplicateKeyRE = regexp.MustCompile(`^mapping key "(.*)" already defined at \[(\d+):\d+\]$`)

// duplicateKey names a key written twice and the line of the first.
func (s *syntax) duplicateKey() *Error {
	m := duplicateKeyRE.FindStringSubmatch(s.msg)
	if m == nil {
		return nil
	}
	first, _ := strconv.Atoi(m[2])
	return duplicateKeyError(s.line, s.col, m[1], first)
}

// duplicateKeyError is the error for a key at line n, column c that a
// mapping already has on line first.
func duplicateKeyError(n, c int, key string, first int) *Error {
	return errorNaming(n, c, func(shift int) string {
		return fmt.Sprintf("key %q appears twice, first on line %d; keep one", key, first+shift)
	})
}

// listOnKeyLine recognises a list item on the line of its key (tags: - a).
func (s *syntax) listOnKeyLine() *Error {
	if s.msg != "block sequence entries are not allowed in this context" {
		return nil
	}
	return errorAt(s.line, s.col, "a list cannot start on the line of its key; put each - item on a line of its own below the key, indented, or write the list as [a, b]; if the - is part of the text, quote the value: %s",
		quoted(s.plainValue(s.line, s.col)))
}

// anchor is a place lines of a mapping or list line up with: a key, a
// list item's dash, or text.
type anchor struct {
	line, indent int
	name         string
}

var keyStart = regexp.MustCompile(`^([^\s#'"\[\]{},][^#]*?|"[^"]*"|'[^']*'):(\s|$)`)

// anchors returns the places on line n that lines below may line up with,
// shallowest first: "  - id: a" has the dash at 2 and the key id at 4.
func (s *syntax) anchors(n int) []anchor {
	l := s.text(n)
	i := s.indent(n)
	var out []anchor
	for i < len(l) && l[i] == '-' && (i+1 == len(l) || l[i+1] == ' ') {
		out = append(out, anchor{n, i, "the list item"})
		for i++; i < len(l) && l[i] == ' '; i++ {
		}
	}
	rest := string(l[min(i, len(l)):])
	if m := keyStart.FindStringSubmatch(rest); m != nil {
		out = append(out, anchor{n, i, strings.TrimSpace(m[1])})
	} else if len(out) == 0 && rest != "" {
		out = append(out, anchor{n, i, "the text"})
	}
	return out
}

func (a anchor) describe(shift int) string {
	return fmt.Sprintf("%s on line %d is indented %d", short(a.name), a.line+shift, a.indent)
}

// indentation recognises a key or list item that lines up with nothing
// above it: it names the lines that disagree.
func (s *syntax) indentation() *Error {
	if s.tk == nil || !strings.HasPrefix(s.msg, "value is not allowed in this context") || !s.firstOnLine(s.line, s.col) {
		return nil
	}
	n, ind := s.line, s.col-1
	what := short(s.tk.Value)
	if s.tk.Type == token.SequenceEntryType {
		what = "the list item"
	}
	above := n - 1
	for above >= 1 && !s.contentLine(above) {
		above--
	}
	if above < 1 {
		return nil
	}
	near := s.anchors(above)
	if len(near) == 0 {
		return nil
	}
	sibling := near[len(near)-1]
	var parent *anchor
find:
	for ln := above; ln >= 1; ln-- {
		as := s.anchors(ln)
		for i := len(as) - 1; i >= 0; i-- {
			if as[i].indent < ind {
				parent = &as[i]
				break find
			}
		}
	}
	return errorNaming(n, ind+1, func(shift int) string {
		switch {
		case sibling.indent == ind:
			return fmt.Sprintf("%s on line %d is indented as far as %s on line %d, but one level holds either keys or list items, not both; indent the list items deeper than their key",
				what, n+shift, short(sibling.name), sibling.line+shift)
		case sibling.indent < ind:
			return fmt.Sprintf("%s on line %d is indented %s, deeper than %s on line %d (%s), which already has its value; indent it as far as the key or list item it belongs with",
				what, n+shift, spaces(ind), short(sibling.name), sibling.line+shift, spaces(sibling.indent))
		}
		others := sibling.describe(shift)
		if parent != nil && *parent != sibling {
			others += " and " + parent.describe(shift)
		}
		return fmt.Sprintf("%s on line %d is indented %s, which lines up with nothing above it: %s; the keys of one mapping and the items of one list line up exactly, so indent it as far as the one it belongs with",
			what, n+shift, spaces(ind), others)
	})
}

// textWithoutKey recognises a line of text or a list item among keys.
func (s *syntax) textWithoutKey() *Error {
	if s.tk == nil || s.msg != "non-map value is specified" {
		return nil
	}
	if s.tk.Type == token.SequenceEntryType {
		return errorAt(s.line, s.col, "a list item where a key is expected; put the list below its key, indented deeper than the key, or remove the -")
	}
	return errorAt(s.line, s.col, "this line holds text without a key; write it as key: value, or indent it to continue the value above")
}

// jargon rewrites the library's terms that mean nothing to a writer.
var jargon = strings.NewReplacer(
	". map key-value is pre-defined", "",
	"mapping value is not allowed in this context", "a ': ' that YAML cannot place here",
	"value is not allowed in this context", "text that YAML cannot place here",
	"non-map value is specified", "text where a key: value line is expected",
	"map key", "key",
)

var libraryPosition = regexp.MustCompile(`\[(\d+):(\d+)\]`)

// fallback is the message for a mistake no rule recognises: the
// library's words without its jargon, at the place it noticed.
func (s *syntax) fallback() *Error {
	msg, _, _ := strings.Cut(strings.TrimSpace(s.msg), "\n")
	if i := strings.Index(msg, "] "); strings.HasPrefix(msg, "[") && i >= 0 {
		msg = msg[i+2:] // the library's own "[line:col] " before its message
	}
	msg = jargon.Replace(msg)
	return errorNaming(s.line, s.col, func(shift int) string {
		named := libraryPosition.ReplaceAllStringFunc(msg, func(ref string) string {
			n, _ := strconv.Atoi(libraryPosition.FindStringSubmatch(ref)[1])
			return "on line " + strconv.Itoa(n+shift)
		})
		return "YAML cannot read this (" + named + "); check the quotes, colons and indentation of this line"
	})
}
