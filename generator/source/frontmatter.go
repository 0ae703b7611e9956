package source

import (
	"bytes"
	"errors"
	"fmt"
	"math"
	"regexp"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/BurntSushi/toml"
	"github.com/adrg/frontmatter"
	"github.com/goccy/go-yaml"
	"github.com/handbook-dev/handbook/generator/diag"
	"github.com/handbook-dev/handbook/generator/include"
	"github.com/handbook-dev/handbook/generator/internal/yamlx"
)

// FrontMatter holds a page's metadata. Known keys are typed; every other
// key is kept in Params for templates.
type FrontMatter struct {
	Title       string
	Description string
	Owner       string
	Reviewed    time.Time
	// Updated is when the page last changed, for pages outside Git (or
	// in a shallow clone); Git's history takes precedence.
	Updated        time.Time
	ReviewInterval Interval
	Audience       []string
	Platform       string
	Tags           []string
	Weight         int
	Draft          bool
	Lang           string
	// TranslationKey joins a page to its translations when their files
	// are named differently (else name.nl.md is name.md's); TranslatedFrom
	// pins the commit of the source page a translation was made from.
	TranslationKey string
	TranslatedFrom string
	// Slug replaces the last segment of the page's URL; URL replaces the
	// whole path below the site root (ending in '/'). Both are checked
	// to stay inside the output.
	Slug string
	URL  string
	// URLFromSlug is set when URL came from a Docusaurus slug written
	// from the docs root (slug: /getting-started), which a section's own
	// page may carry without error: it stays at its folder's URL.
	URLFromSlug bool
	// Aliases are the page's old addresses, published as redirects to it.
	Aliases []Alias
	// Items lists the ids of the inventory items the page is about;
	// ItemsLine is the file line of the key, for unknown-id errors.
	Items     []string
	ItemsLine int
	Params    map[string]any
	// Lines holds the file line of each key, so findings about a key can
	// point at it.
	Lines map[string]int
	// ValuePos holds the file position of each value of the keys whose
	// values CheckValues checks (audience, platform), in their order.
	ValuePos map[string][]Position

	// Kind is the page's kind (see Kinds), "" when it sets none; Cascade
	// is what a section's own page passes down to the pages below it.
	// RecordFields keeps the record keys as written (see ParseRecord).
	Kind         string
	Cascade      Cascade
	RecordFields []Field
}

// KnownKeys lists the front-matter keys handbook interprets.
// commitRE is an abbreviated or full commit hash.
var commitRE = regexp.MustCompile(`^[0-9a-fA-F]{7,64}$`)

var KnownKeys = []string{"title", "description", "owner", "reviewed", "updated", "review_interval", "audience", "platform", "tags", "weight", "draft", "lang", "items", "kind", "cascade", "slug", "url", "aliases", "translation_key", "translated_from"}

// Interval is a review interval such as 90d, 6w, 6m or 1y.
type Interval struct {
	N    int
	Unit byte // 'd', 'w', 'm' or 'y'; 0 when unset
}

// IsZero reports whether no interval was given.
func (i Interval) IsZero() bool { return i.Unit == 0 }

// After returns t moved forward by the interval, counting months and years
// on the calendar rather than as fixed numbers of days.
func (i Interval) After(t time.Time) time.Time {
	switch i.Unit {
	case 'd':
		return t.AddDate(0, 0, i.N)
	case 'w':
		return t.AddDate(0, 0, 7*i.N)
	case 'm':
		return t.AddDate(0, i.N, 0)
	case 'y':
		return t.AddDate(i.N, 0, 0)
	}
	return t
}

func (i Interval) String() string {
	if i.IsZero() {
		return ""
	}
	return strconv.Itoa(i.N) + string(i.Unit)
}

var intervalRE = regexp.MustCompile(`^(\d+)\s*([a-zA-Z]+)$`)

// ParseInterval reads an interval like 90d, 6m or 1y.
func ParseInterval(s string) (Interval, error) {
	m := intervalRE.FindStringSubmatch(strings.TrimSpace(s))
	if m == nil {
		return Interval{}, fmt.Errorf("%q is not an interval; write a number and a unit, e.g. 90d, 6w, 6m or 1y", s)
	}
	n, err := strconv.Atoi(m[1])
	if errors.Is(err, strconv.ErrRange) {
		n, err = math.MaxInt32, nil
	}
	if err != nil || n <= 0 {
		return Interval{}, fmt.Errorf("%q: the number must be positive", s)
	}
	var iv Interval
	switch strings.ToLower(m[2]) {
	case "d", "day", "days":
		iv = Interval{n, 'd'}
	case "w", "week", "weeks":
		iv = Interval{n, 'w'}
	case "m", "month", "months":
		iv = Interval{n, 'm'}
	case "y", "year", "years":
		iv = Interval{n, 'y'}
	default:
		return Interval{}, fmt.Errorf("%q has an unknown unit %q; use d (days), w (weeks), m (months) or y (years), e.g. 90d", s, m[2])
	}
	if iv.N > maxInterval[iv.Unit] {
		return Interval{}, fmt.Errorf("%q is longer than %d years, the longest review interval; reviews further apart are no reviews", s, MaxIntervalYears)
	}
	return iv, nil
}

// MaxIntervalYears bounds a review interval (it also keeps the date
// arithmetic far from overflowing).
const MaxIntervalYears = 10

// maxInterval is MaxIntervalYears in each unit.
var maxInterval = map[byte]int{'d': MaxIntervalYears*365 + MaxIntervalYears/4 + 1, 'w': MaxIntervalYears*365/7 + 1, 'm': MaxIntervalYears * 12, 'y': MaxIntervalYears}

// lineOfText reads a one-line text value (a title, an owner), trimmed.
func lineOfText(e yamlx.Entry) (string, error) {
	s, err := e.String()
	if err != nil {
		return "", err
	}
	s = strings.TrimSpace(s)
	return s, noControls(e, s, "")
}

// noControls refuses control characters other than those allowed: a NUL
// or an escape sequence in a title reaches every page's HTML, the search
// index and the feeds, where no reader can see or type it.
func noControls(e yamlx.Entry, s, allowed string) error {
	for _, r := range s {
		if (r < ' ' || r == 0x7f || (r >= 0x80 && r < 0xa0)) && !strings.ContainsRune(allowed, r) {
			return e.Errorf("%s holds the control character %U, which no reader can see; remove it", e.Key, r)
		}
	}
	return nil
}

var langRE = regexp.MustCompile(`^[a-zA-Z]{2,3}(-[a-zA-Z0-9]{2,8})*$`)

// Document is a Markdown file split into front matter and body.
type Document struct {
	FrontMatter
	// Body is the Markdown after the front matter; nil when Spilled
	// holds it.
	Body    []byte
	Spilled *SpilledBody
	// BodyLine is the 1-based line of the file on which Body starts, so
	// positions inside the body can be reported as file positions.
	BodyLine int
	// Spans map an expanded Body back to the files its includes came
	// from; Includes lists those files (content-relative, sorted). Both
	// are nil before expansion and for a page that includes nothing.
	Spans    []include.Span
	Includes []string
	// HeadingTitle is the text of the body's first level-1 heading, used
	// as the title when front matter has none.
	HeadingTitle string
}

type yamlData struct {
	entries      []yamlx.Entry
	called       bool
	positionless bool
}

// Parse splits src, the text of the file at path, into front matter and
// body. Problems are returned as diagnostics with file positions and an
// excerpt; on any front-matter error the partly decoded values are dropped.
func Parse(path string, src []byte) (*Document, diag.List) {
	var diags diag.List
	doc := &Document{}
	// Editors on Windows often save a byte-order mark, which would hide
	// the front matter's opening line.
	src = bytes.TrimPrefix(src, []byte("\ufeff"))
	startLine := 1 + leadingBlankLines(src)
	src = documentEnd(src)
	var data yamlData
	unmarshalYAML := func(b []byte, v any) error {
		d := v.(*yamlData)
		d.called = true
		entries, err := yamlx.Mapping(b)
		d.entries = entries
		return err
	}
	unmarshalTOML := func(b []byte, v any) error {
		d := v.(*yamlData)
		d.called = true
		var m map[string]any
		if err := toml.Unmarshal(b, &m); err != nil {
			e := &yamlx.Error{Line: 1, Col: 1, Msg: "TOML: " + err.Error()}
			var pe toml.ParseError
			if errors.As(err, &pe) {
				e.Line, e.Col, e.Msg = pe.Position.Line, pe.Position.Col, "TOML: "+pe.Message
			}
			return e
		}
		node, err := yaml.ValueToNode(m)
		if err != nil {
			return &yamlx.Error{Line: 1, Col: 1, Msg: err.Error()}
		}
		d.entries, err = yamlx.Entries(node)
		d.positionless = true // the TOML library keeps no positions
		return err
	}
	body, err := frontmatter.Parse(bytes.NewReader(src), &data,
		frontmatter.NewFormat("---", "---", unmarshalYAML),
		frontmatter.NewFormat("+++", "+++", unmarshalTOML),
	)
	if err != nil {
		var ye *yamlx.Error
		if errors.As(err, &ye) {
			// Lines count from the top of the file, in the message too.
			ye = ye.Shift(startLine)
			diags = append(diags, diag.Diagnostic{Path: path, Line: ye.Line, Col: ye.Col, Message: "front matter: " + ye.Msg, Excerpt: Excerpt(src, ye.Line, ye.Col)})
		} else {
			diags.Errorf(path, startLine, 1, "front matter: %v", err)
		}
		return nil, diags
	}
	if !data.called {
		if first := firstLine(src[len(src)-len(body):]); first == "---" || first == "+++" {
			diags.Errorf(path, startLine, 1, "front matter opened with %q is never closed; add a %q line after the last key", first, first)
			return nil, diags
		}
	}
	for _, e := range data.entries {
		if _, ok := recordKeys[e.Key]; ok {
			f := Field{Entry: e, Line: startLine, Col: 1}
			if !data.positionless {
				f.Line, f.Col = e.Pos()
				f.Line += startLine
			}
			doc.RecordFields = append(doc.RecordFields, f)
		}
		if err := doc.set(e); err != nil {
			var ye *yamlx.Error
			if errors.As(err, &ye) {
				line, col := startLine+ye.Line, ye.Col
				if data.positionless {
					line, col = startLine, 1
				}
				diags = append(diags, diag.Diagnostic{Path: path, Line: line, Col: col, Message: ye.Msg, Excerpt: Excerpt(src, line, col)})
			}
		}
	}
	if len(diags) > 0 {
		return nil, diags
	}
	doc.Lines = make(map[string]int, len(data.entries))
	for _, e := range data.entries {
		doc.Lines[e.Key] = startLine + e.Line
		if data.positionless {
			doc.Lines[e.Key] = startLine
		}
	}
	doc.ValuePos = valuePositions(data.entries, startLine, data.positionless)
	doc.ItemsLine = doc.Lines["items"]
	for i := range doc.Aliases {
		a := &doc.Aliases[i]
		a.Line += startLine
		if data.positionless {
			a.Line, a.Col = startLine, 1
		}
	}
	// Docusaurus orders a sidebar by sidebar_position (a number, possibly
	// fractional); without weight: it orders the page the same way here.
	if _, ok := doc.Lines["weight"]; !ok {
		if w, ok := numberParam(doc.Params["sidebar_position"]); ok {
			doc.Weight = w
		}
	}
	doc.Cascade.Line = doc.Lines["cascade"]
	// The body is the end of the file: taken from src, it does not keep
	// the front matter reader's buffer (up to twice the file) alive as
	// long as the page.
	if bytes.HasSuffix(src, body) {
		body = src[len(src)-len(body):]
	}
	doc.Body = body
	if strings.EqualFold(path[max(0, len(path)-4):], ".mdx") {
		doc.Body = blankMDXStatements(body)
	}
	doc.BodyLine = 1 + bytes.Count(src[:len(src)-len(body)], []byte{'\n'})
	doc.HeadingTitle = FirstHeading(body)
	return doc, nil
}

func (fm *FrontMatter) set(e yamlx.Entry) error {
	var err error
	switch e.Key {
	case "title":
		fm.Title, err = lineOfText(e)
	case "description":
		fm.Description, err = e.String()
		if err == nil {
			err = noControls(e, fm.Description, "\n\t")
		}
	case "owner":
		fm.Owner, err = lineOfText(e)
	case "reviewed":
		fm.Reviewed, err = e.Date()
	case "updated":
		fm.Updated, err = e.Date()
	case "review_interval":
		var s string
		if s, err = e.String(); err == nil {
			var perr error
			if fm.ReviewInterval, perr = ParseInterval(s); perr != nil {
				err = e.Errorf("review_interval %v", perr)
			}
		}
	case "audience":
		fm.Audience, err = e.Strings()
	case "platform":
		fm.Platform, err = e.String()
		fm.Platform = strings.TrimSpace(fm.Platform)
	case "tags":
		fm.Tags, err = e.Strings()
	case "weight":
		fm.Weight, err = e.Int()
	case "draft":
		fm.Draft, err = e.Bool()
	case "items":
		fm.Items, err = e.Strings()
	case "kind":
		fm.Kind, err = parseKind(e)
	case "cascade":
		fm.Cascade, err = parseCascade(e)
	case "slug":
		var s string
		if s, err = e.String(); err == nil {
			s = strings.TrimSpace(s)
			if strings.HasPrefix(s, "/") {
				err = fm.setRootSlug(e, s)
				break
			}
			fm.Slug = s
			if perr := CheckOutputPath(fm.Slug, true); perr != nil {
				err = e.Errorf("slug %v", perr)
			}
		}
	case "url":
		fm.URLFromSlug = false
		if fm.URL, err = e.String(); err == nil {
			fm.URL = strings.TrimSpace(fm.URL)
			if perr := CheckOutputPath(fm.URL, false); perr != nil {
				err = e.Errorf("url %v", perr)
			} else {
				fm.URL = strings.TrimSuffix(fm.URL, "/") + "/"
			}
		}
	case "aliases":
		fm.Aliases, err = parseAliases(e)
	case "lang":
		if fm.Lang, err = e.String(); err == nil && !langRE.MatchString(fm.Lang) {
			err = e.Errorf("lang %q is not a language code; write e.g. en or nl", fm.Lang)
		}
	case "translation_key":
		if fm.TranslationKey, err = e.String(); err == nil {
			fm.TranslationKey = strings.TrimSpace(fm.TranslationKey)
		}
	case "translated_from":
		if fm.TranslatedFrom, err = e.String(); err == nil && !commitRE.MatchString(strings.TrimSpace(fm.TranslatedFrom)) {
			err = e.Errorf("translated_from %q is not a commit; write the hash (at least 7 characters) of the source page's commit the translation was made from, as git log shows it", fm.TranslatedFrom)
		}
		fm.TranslatedFrom = strings.ToLower(strings.TrimSpace(fm.TranslatedFrom))
	default:
		var v any
		if v, err = e.Any(); err == nil {
			if fm.Params == nil {
				fm.Params = map[string]any{}
			}
			fm.Params[e.Key] = v
		}
	}
	return err
}

// setRootSlug reads a slug written from the root, as Docusaurus pages
// carry them (slug: /admin/backups): the page's whole URL, like url:,
// which wins when both are set. "slug: /" (Docusaurus's docs home) is
// kept as page data only: the home page is the content folder's own page.
func (fm *FrontMatter) setRootSlug(e yamlx.Entry, s string) error {
	u := strings.Trim(s, "/")
	if u == "" {
		if fm.Params == nil {
			fm.Params = map[string]any{}
		}
		fm.Params["slug"] = s
		return nil
	}
	if err := CheckOutputPath(u, false); err != nil {
		return e.Errorf("slug %v", err)
	}
	if fm.URL == "" {
		fm.URL, fm.URLFromSlug = u+"/", true
	}
	return nil
}

// blankMDXStatements blanks the import and export statements of an MDX
// page (import Tabs from '@theme/Tabs';), which are code for its
// publisher's bundler, not text: each becomes an empty line, so lines
// keep their numbers. Lines inside fenced code blocks stay.
func blankMDXStatements(body []byte) []byte {
	var out []byte
	fence := ""
	for rest := body; len(rest) > 0; {
		line := rest
		if i := bytes.IndexByte(rest, '\n'); i >= 0 {
			line = rest[:i+1]
		}
		rest = rest[len(line):]
		t := strings.TrimRight(string(line), "\r\n")
		trimmed := strings.TrimLeft(t, " ")
		switch {
		case fence != "":
			if strings.HasPrefix(trimmed, fence) && strings.Trim(trimmed, fence[:1]) == "" {
				fence = ""
			}
		case strings.HasPrefix(trimmed, "```") || strings.HasPrefix(trimmed, "~~~"):
			fence = trimmed[:3]
		case len(t)-len(trimmed) < 4 && (strings.HasPrefix(trimmed, "import ") || strings.HasPrefix(trimmed, "export ")):
			if out == nil {
				out = append(out, body[:len(body)-len(rest)-len(line)]...)
			}
			out = append(out, line[len(strings.TrimRight(string(line), "\r\n")):]...)
			continue
		}
		if out != nil {
			out = append(out, line...)
		}
	}
	if out == nil {
		return body
	}
	return out
}

// numberParam returns a page-data number as a weight, rounded.
func numberParam(v any) (int, bool) {
	switch n := v.(type) {
	case int:
		return n, true
	case int64:
		return int(n), true
	case uint64:
		return int(n), true
	case float64:
		if math.IsNaN(n) || math.IsInf(n, 0) || math.Abs(n) > 1e9 {
			return 0, false
		}
		return int(math.Round(n)), true
	}
	return 0, false
}

// Excerpt shows line of src with a caret under col, the way compilers do.
func Excerpt(src []byte, line, col int) string {
	if line < 1 {
		return ""
	}
	lines := bytes.Split(src, []byte{'\n'})
	if line > len(lines) {
		return ""
	}
	text := strings.TrimRight(string(lines[line-1]), "\r")
	gutter := fmt.Sprintf("%5d | ", line)
	caret := ""
	if col > 0 && col <= len(text)+1 {
		// A long line (a hostile one holds 200 kB) is cut to the
		// part around the column.
		if len(text) > excerptWidth {
			from := max(0, min(col-1-excerptWidth/2, len(text)-excerptWidth))
			to := from + excerptWidth
			for from > 0 && !utf8.RuneStart(text[from]) {
				from--
			}
			for to > from+1 && to < len(text) && !utf8.RuneStart(text[to]) {
				to-- // invalid UTF-8 may have no start byte at all
			}
			cut := text[from:to]
			col -= from
			if from > 0 {
				cut, col = "..."+cut, col+3
			}
			if to < len(text) {
				cut += "..."
			}
			text = cut
		}
		caret = "\n" + strings.Repeat(" ", len(gutter)-2) + "| " + strings.Repeat(" ", col-1) + "^"
	} else if len(text) > excerptWidth {
		text = text[:excerptWidth] + "..."
	}
	return gutter + text + caret
}

// excerptWidth is the most of a line Excerpt shows.
const excerptWidth = 100

// documentEnd lets YAML front matter end with YAML's document end
// marker "..." (as Pandoc and Jekyll allow) by rewriting that line to
// "---" when it comes before any "---" line. The two are the same
// length, so every offset and line stays where it was.
func documentEnd(src []byte) []byte {
	rest := src[len(src)-len(bytes.TrimLeft(src, " \t\r\n")):]
	if !bytes.HasPrefix(rest, []byte("---")) {
		return src
	}
	off := len(src) - len(rest)
	first := true
	for off < len(src) {
		end := bytes.IndexByte(src[off:], '\n')
		if end < 0 {
			end = len(src) - off
		}
		line := strings.TrimRight(string(src[off:off+end]), " \t\r")
		switch {
		case first:
			first = false
		case line == "---":
			return src
		case line == "...":
			out := bytes.Clone(src)
			copy(out[off:], "---")
			return out
		}
		off += end + 1
	}
	return src
}

func leadingBlankLines(src []byte) int {
	n := 0
	for len(src) > 0 {
		i := bytes.IndexByte(src, '\n')
		if i < 0 || len(bytes.TrimSpace(src[:i])) != 0 {
			return n
		}
		n++
		src = src[i+1:]
	}
	return n
}

func firstLine(src []byte) string {
	src = bytes.TrimLeft(src, " \t\r\n")
	if i := bytes.IndexByte(src, '\n'); i >= 0 {
		src = src[:i]
	}
	return string(bytes.TrimSpace(src))
}

// FirstHeading returns the text of the first level-1 ATX heading of a
// Markdown body outside fenced and indented code, or "".
func FirstHeading(body []byte) string {
	var fence string // the opening fence while inside one: its character repeated
	for len(body) > 0 {
		i := bytes.IndexByte(body, '\n')
		line := body
		if i >= 0 {
			line, body = body[:i], body[i+1:]
		} else {
			body = nil
		}
		indent := len(line) - len(bytes.TrimLeft(line, " "))
		t := strings.TrimSpace(string(line))
		if fence != "" {
			// A closing fence uses the same character, at least as many times, and nothing else.
			if indent < 4 && strings.HasPrefix(t, fence) && strings.Trim(t, fence[:1]) == "" {
				fence = ""
			}
			continue
		}
		if indent >= 4 || (len(line) > 0 && line[0] == '\t') {
			continue
		}
		if f := fenceOf(t); f != "" {
			fence = f
			continue
		}
		if strings.HasPrefix(t, "# ") || t == "#" {
			return strings.TrimSpace(strings.TrimRight(strings.TrimSpace(strings.TrimPrefix(t, "#")), "#"))
		}
	}
	return ""
}

// fenceOf returns the fence a line opens (three or more backticks or
// tildes), or "".
func fenceOf(t string) string {
	if len(t) < 3 || (t[0] != '`' && t[0] != '~') {
		return ""
	}
	n := 0
	for n < len(t) && t[n] == t[0] {
		n++
	}
	if n < 3 {
		return ""
	}
	return t[:n]
}
