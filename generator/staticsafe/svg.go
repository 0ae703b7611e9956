// Package staticsafe sanitises the static files of the content that a
// browser runs as documents of the site's origin: SVG drawings and HTML
// files. Pages' raw HTML is sanitised by the Markdown stage; without this
// package a diagram.svg with a <script>, opened from a link, would run
// on the manual's origin with the reader's cookies.
//
// SVG is filtered as XML, token by token, against allow-lists of
// elements and attributes per namespace. bluemonday (the pages'
// sanitiser) was tried first: it parses with the HTML tokenizer, which
// lower-cases names, so viewBox, linearGradient, clipPath and
// foreignObject come out as viewbox, lineargradient, ... and a
// standalone SVG (parsed as XML, where names are case-sensitive) loses
// its scaling, gradients, clips and labels; it also drops namespaced
// attributes (xlink:href) and self-closing tags. No maintained Go module
// sanitises SVG, so this is a careful encoding/xml filter: names are
// kept exactly, prefixes are resolved to their namespaces (a prefix
// bound to the SVG namespace cannot smuggle a script past the list),
// entities other than the predefined and HTML ones are refused (no
// DOCTYPE is kept, so no <!ENTITY> can be expanded), and every URL and
// CSS url() is checked.
package staticsafe

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strings"
)

// Namespaces an SVG file may use.
const (
	nsSVG   = "http://www.w3.org/2000/svg"
	nsXHTML = "http://www.w3.org/1999/xhtml"
	nsXLink = "http://www.w3.org/1999/xlink"
	nsXML   = "http://www.w3.org/XML/1998/namespace"
)

// inertNamespaces hold the editors' metadata (Inkscape, Sodipodi, the
// RDF licence block Inkscape writes): browsers neither render nor run
// elements in them, so they are kept for the next edit.
var inertNamespaces = set(
	"http://www.inkscape.org/namespaces/inkscape",
	"http://sodipodi.sourceforge.net/DTD/sodipodi-0.dtd",
	"http://www.w3.org/1999/02/22-rdf-syntax-ns#",
	"http://creativecommons.org/ns#",
	"http://purl.org/dc/elements/1.1/",
	"http://purl.org/dc/terms/",
)

// Change is one thing a sanitiser removed, at its line and column in the
// source (0 when unknown).
type Change struct {
	Line, Col int
	What      string
}

// Result is a sanitised file and what was taken out of it.
type Result struct {
	Data    []byte
	Changes []Change
}

// svgFrame is one open element of the source.
type svgFrame struct {
	raw    string            // prefix:local as written
	ns     map[string]string // prefixes this element declares
	kept   bool              // written to the output
	space  string            // resolved namespace
	local  string            // local name
	styles *strings.Builder  // the text of a kept <style>
}

// SVG sanitises an SVG file. The error says why the file is not
// well-formed XML (a browser would not display it either), at its line.
func SVG(src []byte) (Result, error) {
	s := &svgFilter{dec: xml.NewDecoder(bytes.NewReader(src))}
	s.dec.Strict = true
	s.dec.Entity = xml.HTMLEntity
	s.out.Grow(len(src))
	if err := s.run(); err != nil {
		line, col := s.dec.InputPos()
		var se *xml.SyntaxError
		if errors.As(err, &se) {
			line, col = se.Line, 0
			err = errors.New(se.Msg)
		}
		return Result{Changes: s.changes}, &PosError{Line: line, Col: col, Err: err}
	}
	return Result{Data: s.out.Bytes(), Changes: s.changes}, nil
}

// PosError is a parse error at a line (and column, when known).
type PosError struct {
	Line, Col int
	Err       error
}

func (e *PosError) Error() string { return e.Err.Error() }

type svgFilter struct {
	dec      *xml.Decoder
	out      bytes.Buffer
	stack    []svgFrame
	skip     int  // depth inside a removed element
	open     bool // a start tag is written without its '>'
	seenRoot bool
	changes  []Change
}

func (s *svgFilter) note(format string, args ...any) {
	line, col := s.dec.InputPos()
	s.changes = append(s.changes, Change{Line: line, Col: col, What: fmt.Sprintf(format, args...)})
}

// closeOpen finishes a start tag written without its '>'.
func (s *svgFilter) closeOpen() {
	if s.open {
		s.out.WriteByte('>')
		s.open = false
	}
}

func (s *svgFilter) run() error {
	for {
		tok, err := s.dec.RawToken()
		if err == io.EOF {
			if len(s.stack) > 0 {
				return fmt.Errorf("element <%s> is not closed", s.stack[len(s.stack)-1].raw)
			}
			if !s.seenRoot {
				return errors.New("no <svg> element")
			}
			return nil
		}
		if err != nil {
			return err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			if err := s.start(t); err != nil {
				return err
			}
		case xml.EndElement:
			if err := s.end(t); err != nil {
				return err
			}
		case xml.CharData:
			s.text(t)
		case xml.ProcInst:
			if t.Target == "xml" && s.out.Len() == 0 {
				s.out.WriteString("<?xml")
				if len(t.Inst) > 0 {
					s.out.WriteByte(' ')
					s.out.Write(bytes.TrimSpace(t.Inst))
				}
				s.out.WriteString("?>\n")
				continue
			}
			if t.Target != "xml" {
				s.note("removed the processing instruction <?%s?>", t.Target)
			}
		case xml.Directive:
			// A DOCTYPE only names the SVG 1.1 DTD, which browsers do not
			// read; one with an internal subset declares entities.
			if bytes.ContainsAny(t, "[") || bytes.Contains(t, []byte("ENTITY")) {
				s.note("removed the DOCTYPE's declarations (<!ENTITY>)")
			}
		case xml.Comment:
			// Comments are left out: nothing reads them.
		}
	}
}

// lookup resolves a prefix against the open elements and el's own
// declarations.
func (s *svgFilter) lookup(prefix string, own map[string]string) (string, bool) {
	if prefix == "xml" {
		return nsXML, true
	}
	if uri, ok := own[prefix]; ok {
		return uri, true
	}
	for i := len(s.stack) - 1; i >= 0; i-- {
		if uri, ok := s.stack[i].ns[prefix]; ok {
			return uri, true
		}
	}
	return "", prefix == ""
}

func rawName(n xml.Name) string {
	if n.Space == "" {
		return n.Local
	}
	return n.Space + ":" + n.Local
}

func (s *svgFilter) start(t xml.StartElement) error {
	own := map[string]string{}
	for _, a := range t.Attr {
		switch {
		case a.Name.Space == "" && a.Name.Local == "xmlns":
			own[""] = a.Value
		case a.Name.Space == "xmlns":
			own[a.Name.Local] = a.Value
		}
	}
	space, ok := s.lookup(t.Name.Space, own)
	if !ok {
		return fmt.Errorf("the prefix %s: of <%s> is not declared", t.Name.Space, rawName(t.Name))
	}
	f := svgFrame{raw: rawName(t.Name), ns: own, space: space, local: t.Name.Local}
	if len(s.stack) == 0 {
		if s.seenRoot {
			return errors.New("a second root element")
		}
		s.seenRoot = true
		if space != nsSVG || t.Name.Local != "svg" {
			return fmt.Errorf("the root element is <%s>, not an <svg> of the SVG namespace", f.raw)
		}
	}
	if s.skip > 0 {
		s.skip++
		s.stack = append(s.stack, f)
		return nil
	}
	attrs, why := s.checkElement(f, t.Attr)
	if why == "" && len(s.stack) > 0 && s.stack[len(s.stack)-1].styles != nil {
		// A style sheet is its text: an element inside would add to it
		// unchecked.
		why = "<" + f.raw + "> inside <style>"
	}
	if why != "" {
		s.note("removed %s", why)
		s.skip = 1
		s.stack = append(s.stack, f)
		return nil
	}
	s.closeOpen()
	f.kept = true
	if space == nsSVG && f.local == "style" {
		f.styles = &strings.Builder{}
	}
	s.out.WriteByte('<')
	s.out.WriteString(f.raw)
	for _, a := range attrs {
		s.out.WriteByte(' ')
		s.out.WriteString(rawName(a.Name))
		s.out.WriteString(`="`)
		escapeAttr(&s.out, a.Value)
		s.out.WriteByte('"')
	}
	s.open = true
	s.stack = append(s.stack, f)
	return nil
}

func (s *svgFilter) end(t xml.EndElement) error {
	if len(s.stack) == 0 {
		return fmt.Errorf("</%s> closes no element", rawName(t.Name))
	}
	f := s.stack[len(s.stack)-1]
	if f.raw != rawName(t.Name) {
		return fmt.Errorf("</%s> closes <%s>", rawName(t.Name), f.raw)
	}
	s.stack = s.stack[:len(s.stack)-1]
	if s.skip > 0 {
		s.skip--
		return nil
	}
	if f.styles != nil {
		css := f.styles.String()
		if problem := cssProblem(css); problem != "" {
			s.note("removed a <style> sheet holding %s", problem)
			css = ""
		}
		if css != "" {
			s.closeOpen()
			xml.EscapeText(&s.out, []byte(css))
		}
	}
	if s.open {
		s.out.WriteString("/>")
		s.open = false
		return nil
	}
	s.out.WriteString("</")
	s.out.WriteString(f.raw)
	s.out.WriteByte('>')
	return nil
}

func (s *svgFilter) text(t xml.CharData) {
	if s.skip > 0 || len(s.stack) == 0 {
		return
	}
	if st := s.stack[len(s.stack)-1].styles; st != nil {
		st.Write(t)
		return
	}
	s.closeOpen()
	xml.EscapeText(&s.out, t)
}

// escapeAttr writes v as a double-quoted attribute value.
func escapeAttr(b *bytes.Buffer, v string) {
	xml.EscapeText(b, []byte(v)) // escapes & < > " ' and control white space
}

// checkElement decides whether f is kept and which of its attributes:
// why is non-empty (what is removed) when the element goes with its
// content. Attributes it drops are noted.
func (s *svgFilter) checkElement(f svgFrame, attrs []xml.Attr) (kept []xml.Attr, why string) {
	switch {
	case inertNamespaces[f.space]:
	case f.space == nsSVG:
		if !svgElements[f.local] {
			return nil, "<" + f.raw + ">"
		}
		if animations[f.local] {
			if name := attrValue(attrs, "attributeName"); !animatable(name) {
				return nil, fmt.Sprintf("<%s> animating %q", f.raw, name)
			}
		}
	case f.space == nsXHTML:
		if !htmlElements[f.local] {
			return nil, "<" + f.raw + ">"
		}
	default:
		return nil, fmt.Sprintf("<%s> of the namespace %q", f.raw, f.space)
	}
	for _, a := range attrs {
		if a.Name.Space == "xmlns" || (a.Name.Space == "" && a.Name.Local == "xmlns") {
			kept = append(kept, a)
			continue
		}
		if problem := s.checkAttr(f, a); problem != "" {
			s.note("removed %s of <%s>", problem, f.raw)
			continue
		}
		kept = append(kept, a)
	}
	return kept, ""
}

func attrValue(attrs []xml.Attr, local string) string {
	for _, a := range attrs {
		if a.Name.Space == "" && a.Name.Local == local {
			return a.Value
		}
	}
	return ""
}

// checkAttr returns what is wrong with a, or "" to keep it.
func (s *svgFilter) checkAttr(f svgFrame, a xml.Attr) string {
	name := rawName(a.Name)
	local := strings.ToLower(a.Name.Local)
	if strings.HasPrefix(local, "on") {
		return "the event handler " + name
	}
	space := ""
	if a.Name.Space != "" {
		var ok bool
		if space, ok = s.lookup(a.Name.Space, f.ns); !ok {
			return "the attribute " + name + " of an undeclared prefix"
		}
	}
	switch {
	case space == nsXLink && (a.Name.Local == "href" || a.Name.Local == "title"):
	case space == nsXML && (a.Name.Local == "space" || a.Name.Local == "lang"):
	case inertNamespaces[space]:
		return ""
	case space != "":
		return "the attribute " + name
	case inertNamespaces[f.space]:
		// Unprefixed attributes of an editor's element are its own.
		return ""
	case f.space == nsSVG && !svgAttr(a.Name.Local):
		return "the attribute " + name
	case f.space == nsXHTML && !htmlAttr(a.Name.Local):
		return "the attribute " + name
	}
	if a.Name.Local == "href" || a.Name.Local == "src" {
		if !refAllowed(f, a.Value) {
			return fmt.Sprintf("the reference %s=%q", name, shorten(a.Value))
		}
		return ""
	}
	if a.Name.Local != "style" && !strings.Contains(strings.ToLower(a.Value), "url(") {
		return ""
	}
	if problem := cssProblem(a.Value); problem != "" {
		return fmt.Sprintf("the attribute %s holding %s", name, problem)
	}
	return ""
}

// shorten keeps a removed value readable in a message (data: URLs run
// to megabytes).
func shorten(v string) string {
	if len(v) > 60 {
		return v[:57] + "..."
	}
	return v
}

// refAllowed reports whether an href or src may stay: a fragment of the
// file, a relative address on the site; on a hyperlink (<a>), also
// http(s), mailto and tel as on pages; on an image, a data: image.
// Other origins' resources (a <use> of another site's file, an external
// <image>) would be loaded from the reader's browser.
func refAllowed(f svgFrame, v string) bool {
	u := normaliseURL(v)
	if u == "" || strings.HasPrefix(u, "#") {
		return true
	}
	scheme := urlScheme(u)
	link := f.local == "a"
	image := f.local == "image" || f.local == "feImage" || f.local == "img"
	switch {
	case scheme == "" && (strings.HasPrefix(u, "//") || strings.HasPrefix(u, `\`) || strings.HasPrefix(u, `/\`)):
		return link
	case scheme == "":
		return true
	case link:
		return scheme == "http" || scheme == "https" || scheme == "mailto" || scheme == "tel"
	case image && scheme == "data":
		return dataImage(u)
	}
	return false
}

// normaliseURL undoes what browsers ignore in an address: leading and
// trailing spaces and controls, tabs and newlines anywhere.
func normaliseURL(v string) string {
	v = strings.Map(func(r rune) rune {
		if r == '\t' || r == '\n' || r == '\r' {
			return -1
		}
		return r
	}, v)
	return strings.TrimFunc(v, func(r rune) bool { return r <= ' ' })
}

// urlScheme returns the lower-cased scheme of u, or "" when u has none
// (a ':' after the first '/', '?' or '#' is not a scheme's).
func urlScheme(u string) string {
	i := strings.IndexAny(u, ":/?#")
	if i <= 0 || u[i] != ':' {
		return ""
	}
	return strings.ToLower(u[:i])
}

// dataImage reports whether a data: URL holds a raster image or an SVG
// (which an image shows without running its scripts).
func dataImage(u string) bool {
	mediaType := strings.ToLower(strings.TrimSpace(strings.SplitN(strings.SplitN(u[len("data:"):], ",", 2)[0], ";", 2)[0]))
	switch mediaType {
	case "image/png", "image/jpeg", "image/jpg", "image/gif", "image/webp", "image/svg+xml", "image/bmp":
		return true
	}
	return false
}

func set(names ...string) map[string]bool {
	m := make(map[string]bool, len(names))
	for _, n := range names {
		m[n] = true
	}
	return m
}
