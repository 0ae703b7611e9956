package site

import (
	"errors"
	"fmt"
	"html/template"
	"slices"
	"sort"
	"strings"
	"sync"
	"time"

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
		mu      sync.Mutex
		diags   diag.List
		skipped int
		slowest []pageTime
	)
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
		err := s.convertPage(conv, p, skipRender, left)
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
	s.dropFilesOfExcludedPages(conv)
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
	return diags
}

// dropFilesOfExcludedPages leaves out of the site the files (images,
// attachments) that only pages left out for the audience link to: a page
// restricted to admins takes its screenshots with it, even when it shares
// a folder with pages for everyone. Files no page links to stay.
func (s *Site) dropFilesOfExcludedPages(conv *markdown.Converter) {
	if len(s.excludedPages) == 0 || len(s.Files) == 0 {
		return
	}
	shown := map[*StaticFile]bool{}
	for _, p := range s.Pages {
		if p.Content != nil {
			for _, l := range p.Content.Links {
				if l.File != nil {
					shown[l.File] = true
				}
			}
		}
	}
	hidden := map[*StaticFile]bool{}
	for _, p := range s.excludedPages {
		// Links only: no HTML, and never over the page's budget.
		if err := s.convertPage(conv, p, true, 0); err != nil || p.Content == nil {
			continue
		}
		for _, l := range p.Content.Links {
			if l.File != nil && !shown[l.File] {
				hidden[l.File] = true
			}
		}
	}
	if len(hidden) == 0 {
		return
	}
	kept := s.Files[:0]
	for _, f := range s.Files {
		if hidden[f] {
			s.excluded[f.File.Rel] = true
			delete(s.fileByRel, f.File.Rel)
			continue
		}
		kept = append(kept, f)
	}
	s.Files = kept
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
// incremental rebuilds; the error is ErrBudget-wrapped when the page ran
// over its time budget.
func (s *Site) ConvertPage(conv *markdown.Converter, p *Page) error {
	return s.convertPage(conv, p, false, s.Config.Limits.RenderTime)
}

// convertPage converts p within the page's budget, or within left when
// the build's budget has less.
func (s *Site) convertPage(conv *markdown.Converter, p *Page, skipRender bool, left time.Duration) error {
	budget := s.Config.Limits.RenderTime
	if left > 0 && (budget <= 0 || left < budget) {
		budget = left
	}
	c := &Content{}
	res, err := conv.Convert(markdown.Document{
		Body:        p.Body,
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
