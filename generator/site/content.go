package site

import (
	"encoding/binary"
	"errors"
	"fmt"
	"html/template"
	"maps"
	"slices"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/handbook-dev/handbook/generator/cache"
	"github.com/handbook-dev/handbook/generator/diag"
	"github.com/handbook-dev/handbook/generator/internal/workers"
	"github.com/handbook-dev/handbook/generator/markdown"
)

// Content is a page's converted Markdown: HTML with rewritten links, its
// table of contents, heading ids and the links it contains.
type Content struct {
	// HTML is the page's HTML, "" when a spill file holds it (a build's
	// Convert with a Spill): read it with Markup.
	HTML template.HTML
	// spill, spilled and text locate the HTML and the Sections in a
	// spill file (textSpilled: the Sections are there).
	spill       *cache.Spill
	spilled     cache.SpillRef
	text        cache.SpillRef
	textSpilled bool
	TOC         []markdown.Heading
	// Result keeps the heading ids for anchor checks.
	Result *markdown.Result
	// Links pairs every link as written with what it resolved to.
	Links []PageLink
	// Sections is the page's plain text per heading section, for the
	// search index (set by Convert, not by Analyze); nil when a spill
	// file holds it: read it with Text. Words counts the words of its
	// headings and of its text when the converter counts them
	// (markdown.WithWordCounter); Counted says it did.
	Sections []markdown.Section
	Words    [2]int
	Counted  bool
}

// Text returns the page's plain text per heading section, read back
// from the spill file that holds it, if one does.
func (c *Content) Text() ([]markdown.Section, error) {
	if !c.textSpilled {
		return c.Sections, nil
	}
	text, err := c.spill.GetString(c.text)
	if err != nil {
		return nil, err
	}
	return decodeSections(text)
}

// appendSections encodes sections for a spill file: their number, then
// each one's level and the lengths and bytes of its id, heading and
// text, as unsigned varints.
func appendSections(b []byte, sections []markdown.Section) []byte {
	size := binary.MaxVarintLen64
	for _, s := range sections {
		size += 4*binary.MaxVarintLen64 + len(s.ID) + len(s.Heading) + len(s.Text)
	}
	b = slices.Grow(b, size)
	b = binary.AppendUvarint(b, uint64(len(sections)))
	for _, s := range sections {
		b = binary.AppendUvarint(b, uint64(s.Level))
		for _, str := range [...]string{s.ID, s.Heading, s.Text} {
			b = binary.AppendUvarint(b, uint64(len(str)))
			b = append(b, str...)
		}
	}
	return b
}

// errSections is a spill file's sections that do not decode.
var errSections = errors.New("a temporary file holds damaged page text")

// decodeSections decodes what appendSections wrote; the sections' strings
// are parts of b, not copies.
func decodeSections(b string) ([]markdown.Section, error) {
	next := func() (uint64, bool) {
		var v uint64
		for i := 0; i < len(b) && i < binary.MaxVarintLen64; i++ {
			c := b[i]
			v |= uint64(c&0x7f) << (7 * i)
			if c < 0x80 {
				if i == binary.MaxVarintLen64-1 && c > 1 {
					return 0, false // overflows 64 bits
				}
				b = b[i+1:]
				return v, true
			}
		}
		return 0, false
	}
	str := func() (string, bool) {
		n, ok := next()
		if !ok || n > uint64(len(b)) {
			return "", false
		}
		s := b[:n]
		b = b[n:]
		return s, true
	}
	count, ok := next()
	if !ok || count > uint64(len(b)) {
		return nil, errSections
	}
	sections := make([]markdown.Section, count)
	for i := range sections {
		level, ok1 := next()
		id, ok2 := str()
		heading, ok3 := str()
		text, ok4 := str()
		if !ok1 || !ok2 || !ok3 || !ok4 {
			return nil, errSections
		}
		sections[i] = markdown.Section{Level: int(level), ID: id, Heading: heading, Text: text}
	}
	return sections, nil
}

// Markup returns the page's HTML, read back from the spill file that
// holds it, if one does.
func (c *Content) Markup() (template.HTML, error) {
	if c.spill == nil {
		return c.HTML, nil
	}
	html, err := c.spill.GetString(c.spilled)
	return template.HTML(html), err // #nosec: the HTML convertPage wrote there
}

// Markdown returns the page's body, read back from the spill file that
// holds it, if one does.
func (p *Page) Markdown() ([]byte, error) {
	if p.Spilled == nil {
		return p.Body, nil
	}
	return p.Spilled.Read()
}

// PageLink is a link written in a page and its resolution.
type PageLink struct {
	markdown.LinkRef
	Link
}

// Path returns the file the link was written in, as diagnostics show
// it: the page's, or that of the included file it came from.
func (l PageLink) Path(p *Page) string { return p.SourcePath(l.Source) }

// SourcePath returns the path diagnostics show for a position in the
// page's Markdown: the page's own path, or, for source (a content-relative
// path, as markdown.LinkRef.Source), that of the included file.
func (p *Page) SourcePath(source string) string {
	if source == "" {
		return p.Path()
	}
	return strings.TrimSuffix(p.File.Path, p.File.Rel) + source
}

// Contents are the pages' converted Markdown, by Page.Index: what
// Convert returns, and Site.Content reads. A Contents is never changed
// once a site holds it; an edit makes a copy (With).
type Contents []*Content

// With returns a copy of c in which the page at index i has content.
func (c Contents) With(i int, content *Content) Contents {
	out := slices.Clone(c)
	out[i] = content
	return out
}

// ForRender returns a copy of c with only what rendering and indexing
// read: each page's HTML, its table of contents and its text (or where
// the spill file holds them). A build derives its site's contents with
// it once links are checked and the site is audited, and lets every
// page's links, heading ids and notes go.
func (c Contents) ForRender() Contents {
	out := make(Contents, len(c))
	for i, content := range c {
		if content != nil {
			out[i] = &Content{HTML: content.HTML, TOC: content.TOC, Sections: content.Sections, Words: content.Words, Counted: content.Counted,
				spill: content.spill, spilled: content.spilled, text: content.text, textSpilled: content.textSpilled}
		}
	}
	return out
}

// Content returns the converted Markdown of p (a page of s, or a page
// a pointer of s's structure names), or nil before Convert.
func (s *Site) Content(p *Page) *Content {
	if p.Index < len(s.contents) {
		return s.contents[p.Index]
	}
	return nil
}

// Contents returns the converted Markdown of every page.
func (s *Site) Contents() Contents { return s.contents }

// WithContents returns a site derived from s that holds c as its pages'
// converted Markdown; s is left as it was.
func (s *Site) WithContents(c Contents) *Site {
	d := s.derive()
	d.contents = c
	return d
}

// Convert converts every page's Markdown on all cores, resolving links
// against the model. It parses each document exactly once. It returns a
// site derived from s that holds the converted pages (and leaves out the
// files only pages left out for the audience link to); s is left as it
// was.
func (s *Site) Convert(conv *markdown.Converter) (*Site, diag.List) {
	return s.convert(conv, false, nil)
}

// ConvertSpilled is Convert writing each page's HTML to spill as it is
// converted, rather than keeping it, when spill is not nil: a build
// holds every page's links, headings and text until it renders, but
// only the page it renders needs its HTML (see Content.Markup).
func (s *Site) ConvertSpilled(conv *markdown.Converter, spill *cache.Spill) (*Site, diag.List) {
	return s.convert(conv, false, spill)
}

// Analyze is Convert without the HTML: it resolves links and collects
// headings for audits, at a fraction of the cost.
func (s *Site) Analyze(conv *markdown.Converter) (*Site, diag.List) {
	return s.convert(conv, true, nil)
}

func (s *Site) convert(conv *markdown.Converter, skipRender bool, spill *cache.Spill) (*Site, diag.List) {
	var (
		mu      sync.Mutex
		diags   diag.List
		skipped int
		slowest []pageTime
	)
	contents := make(Contents, len(s.Pages))
	// The build's budget bounds the sum, as the page's bounds each page.
	deadline := time.Now().Add(s.Config.Limits.BuildTime)
	workers.Each(workers.Cores(), s.Pages, func(p *Page) {
		left := time.Until(deadline)
		if s.Config.Limits.BuildTime > 0 && left <= 0 {
			mu.Lock()
			skipped++
			mu.Unlock()
			return
		}
		start := time.Now()
		c, err := s.convertPage(conv, p, skipRender, left, spill)
		contents[p.Index] = c // each worker its own element
		took := time.Since(start)
		mu.Lock()
		defer mu.Unlock()
		slowest = keepSlowest(slowest, pageTime{p, took}, 3)
		switch {
		case err == nil:
		case errors.Is(err, markdown.ErrBudget) && time.Until(deadline) <= 0 && took < s.Config.Limits.RenderTime:
			skipped++ // stopped by the build's budget, not its own
		case errors.Is(err, markdown.ErrBudget):
			diags.Errorf(p.Path(), 0, 0, "%v; long runs of unclosed brackets, links or emphasis are slow to parse: simplify the page, or raise limits.render_time in handbook.yaml", err)
		default:
			diags.Errorf(p.Path(), 0, 0, "cannot convert Markdown: %v", err)
		}
	})
	d := s.withoutFilesOfExcludedPages(conv, contents)
	d.contents = contents
	if skipped > 0 {
		var names []string
		for _, pt := range slowest {
			names = append(names, fmt.Sprintf("%s (%s)", pt.p.Path(), pt.took.Round(time.Millisecond)))
		}
		slow := ";"
		if len(names) > 0 {
			slow = "; the slowest: " + strings.Join(names, ", ") + "; simplify them, or"
		}
		diags.Errorf("handbook.yaml", 0, 0, "converting the pages took longer than limits.build_time (%s): %d of %d pages were not converted%s raise limits.build_time",
			s.Config.Limits.BuildTime, skipped, len(s.Pages), slow)
	}
	return d, diags
}

// withoutFilesOfExcludedPages returns a site derived from s that leaves
// out the files (images, attachments) that only pages left out for the
// audience link to: a page restricted to admins takes its screenshots
// with it, even when it shares a folder with pages for everyone. Files
// no page links to stay. contents are the converted pages of s.
func (s *Site) withoutFilesOfExcludedPages(conv *markdown.Converter, contents Contents) *Site {
	d := s.derive()
	if len(s.excludedPages) == 0 || len(s.Files) == 0 {
		return d
	}
	shown := map[*StaticFile]bool{}
	for _, c := range contents {
		if c != nil {
			for _, l := range c.Links {
				if l.File != nil {
					shown[l.File] = true
				}
			}
		}
	}
	hidden := map[*StaticFile]bool{}
	for _, p := range s.excludedPages {
		// Links only: no HTML, and never over the page's budget.
		c, err := s.convertPage(conv, p, true, 0, nil)
		if err != nil || c == nil {
			continue
		}
		for _, l := range c.Links {
			if l.File != nil && !shown[l.File] {
				hidden[l.File] = true
			}
		}
	}
	if len(hidden) == 0 {
		return d
	}
	d.excluded, d.fileByRel = maps.Clone(s.excluded), maps.Clone(s.fileByRel)
	d.Files = nil
	for _, f := range s.Files {
		if hidden[f] {
			d.excluded[f.File.Rel] = true
			delete(d.fileByRel, f.File.Rel)
			continue
		}
		d.Files = append(d.Files, f)
	}
	// The case-folded paths no longer hold the files left out.
	d.lookups = &lookups{}
	return d
}

type pageTime struct {
	p    *Page
	took time.Duration
}

// keepSlowest adds pt to the n slowest pages, slowest first.
func keepSlowest(list []pageTime, pt pageTime, n int) []pageTime {
	i := sort.Search(len(list), func(i int) bool { return list[i].took < pt.took })
	if i >= n {
		return list
	}
	list = slices.Insert(list, i, pt)
	return list[:min(len(list), n)]
}

// ConvertPage converts one page again after its body changed, for
// incremental rebuilds, and returns its content (see Contents.With); the
// error is ErrBudget-wrapped when the page ran over its time budget.
func (s *Site) ConvertPage(conv *markdown.Converter, p *Page) (*Content, error) {
	return s.convertPage(conv, p, false, s.Config.Limits.RenderTime, nil)
}

// convertPage converts p within the page's budget, or within left when
// the build's budget has less, writing its HTML to spill when that is
// set.
func (s *Site) convertPage(conv *markdown.Converter, p *Page, skipRender bool, left time.Duration, spill *cache.Spill) (*Content, error) {
	budget := s.Config.Limits.RenderTime
	if left > 0 && (budget <= 0 || left < budget) {
		budget = left
	}
	body, err := p.Markdown()
	if err != nil {
		return nil, err
	}
	c := &Content{}
	res, err := conv.Convert(markdown.Document{
		Body:        body,
		BodyLine:    p.BodyLine,
		Spans:       p.Spans,
		Title:       p.Title,
		DropFirstH1: p.TitleFromHeading,
		SkipRender:  skipRender,
		CollectText: !skipRender,
		Budget:      budget,
		Resolve: func(ref markdown.LinkRef) string {
			l := s.ResolveLinkIn(p, ref.Source, ref.Dest, ref.Image)
			c.Links = append(c.Links, PageLink{LinkRef: ref, Link: l})
			return l.Href
		},
	})
	if err != nil {
		return nil, err
	}
	switch {
	case spill != nil && !skipRender:
		html := res.HTML
		if res.Text != "" {
			html = []byte(res.Text)
		}
		if c.spilled, err = spill.Put(html); err != nil {
			return nil, err
		}
		if len(res.Sections) > 0 {
			if c.text, err = spill.Put(appendSections(nil, res.Sections)); err != nil {
				return nil, err
			}
			c.textSpilled = true
		}
		c.spill = spill
	case res.Text != "":
		c.HTML = template.HTML(res.Text) // #nosec: goldmark output, raw HTML sanitised, shared between versions
	default:
		c.HTML = template.HTML(res.HTML) // #nosec: goldmark output, raw HTML sanitised
	}
	c.TOC = res.TOC
	c.Words, c.Counted = res.Words, conv.CountsWords() && !skipRender
	if !c.textSpilled {
		c.Sections = res.Sections
	}
	// The Result keeps the ids and notes; its HTML, copied into c.HTML,
	// and its text would be held twice for as long as the page.
	kept := *res
	kept.HTML, kept.Text, kept.Sections = nil, "", nil
	c.Result = &kept
	return c, nil
}
