package site

import (
	"errors"
	"html/template"
	"strings"
	"sync"

	"github.com/handbook-dev/handbook/generator/diag"
	"github.com/handbook-dev/handbook/generator/internal/workers"
	"github.com/handbook-dev/handbook/generator/markdown"
)

// Content is a page's converted Markdown: HTML with rewritten links, its
// table of contents, heading ids and the links it contains.
type Content struct {
	HTML template.HTML
	TOC  []markdown.Heading
	// Result keeps the heading ids for anchor checks.
	Result *markdown.Result
	// Links pairs every link as written with what it resolved to.
	Links []PageLink
	// Sections is the page's plain text per heading section, for the
	// search index (set by Convert, not by Analyze).
	Sections []markdown.Section
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

// Convert converts every page's Markdown on all cores, resolving links
// against the model. It parses each document exactly once.
func (s *Site) Convert(conv *markdown.Converter) diag.List { return s.convert(conv, false) }

// Analyze is Convert without the HTML: it resolves links and collects
// headings for audits, at a fraction of the cost.
func (s *Site) Analyze(conv *markdown.Converter) diag.List { return s.convert(conv, true) }

func (s *Site) convert(conv *markdown.Converter, skipRender bool) diag.List {
	var (
		mu    sync.Mutex
		diags diag.List
	)
	workers.Each(workers.Cores(), s.Pages, func(p *Page) {
		if err := s.convertPage(conv, p, skipRender); err != nil {
			mu.Lock()
			if errors.Is(err, markdown.ErrBudget) {
				diags.Errorf(p.Path(), 0, 0, "%v; long runs of unclosed brackets, links or emphasis are slow to parse: simplify the page, or raise limits.render_time in handbook.yaml", err)
			} else {
				diags.Errorf(p.Path(), 0, 0, "cannot convert Markdown: %v", err)
			}
			mu.Unlock()
		}
	})
	return diags
}

// ConvertPage converts one page again after its body changed, for
// incremental rebuilds; the error is ErrBudget-wrapped when the page ran
// over its time budget.
func (s *Site) ConvertPage(conv *markdown.Converter, p *Page) error {
	return s.convertPage(conv, p, false)
}

func (s *Site) convertPage(conv *markdown.Converter, p *Page, skipRender bool) error {
	c := &Content{}
	res, err := conv.Convert(markdown.Document{
		Body:        p.Body,
		BodyLine:    p.BodyLine,
		Spans:       p.Spans,
		Title:       p.Title,
		DropFirstH1: p.TitleFromHeading,
		SkipRender:  skipRender,
		CollectText: !skipRender,
		Budget:      s.Config.Limits.RenderTime,
		Resolve: func(ref markdown.LinkRef) string {
			l := s.ResolveLinkIn(p, ref.Source, ref.Dest, ref.Image)
			c.Links = append(c.Links, PageLink{LinkRef: ref, Link: l})
			return l.Href
		},
	})
	if err != nil {
		return err
	}
	if res.Text != "" {
		c.HTML = template.HTML(res.Text) // #nosec: goldmark output, raw HTML sanitised, shared between versions
	} else {
		c.HTML = template.HTML(res.HTML) // #nosec: goldmark output, raw HTML sanitised
	}
	c.TOC = res.TOC
	c.Result = res
	c.Sections = res.Sections
	p.Content = c
	return nil
}
