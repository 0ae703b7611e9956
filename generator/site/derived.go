package site

import (
	"time"

	"github.com/handbook-dev/handbook/generator/source"
)

// Sanitised are the bytes published instead of the static files
// handbook sanitised (see generator/staticsafe), by content-relative
// path.
type Sanitised map[string][]byte

// WithSanitised returns a site derived from s whose static files named
// in b are published as b holds them; s is left as it was.
func (s *Site) WithSanitised(b Sanitised) *Site {
	d := s.derive()
	d.sanitised = b
	return d
}

// Sanitised returns what is published of f instead of its bytes, or nil
// when f is copied as it is.
func (s *Site) Sanitised(f *StaticFile) []byte { return s.sanitised[f.File.Rel] }

// SanitisedFiles returns the sanitised static files, for a site built
// anew from the same files (handbook serve).
func (s *Site) SanitisedFiles() Sanitised { return s.sanitised }

// Edited returns a new value of page p whose body and page-local front
// matter (template parameters, key lines) are doc's and whose file was
// saved at modTime, dated again: handbook serve's edit of a page's body,
// which keeps its place in the site. p is left as it was; WithEdits puts
// the new value into a site.
func (s *Site) Edited(p *Page, doc *source.Document, modTime time.Time) *Page {
	np := *p
	np.Body, np.Spilled, np.BodyLine, np.Spans = doc.Body, doc.Spilled, doc.BodyLine, doc.Spans
	np.Params, np.Lines, np.ItemsLine = doc.Params, doc.Lines, doc.ItemsLine
	np.File.ModTime = modTime
	s.date(&np, s.Config.PageHistory)
	return &np
}

// WithEdits returns a site derived from s in which the pages of edited
// (made by Edited) take the places of the pages they were made from, and
// contents are the pages' converted Markdown. Everything else is shared
// with s, which is left as it was: the other pages, the sections, tags
// and links, whose pointers to an edited page name it by its Index
// (see Current).
func (s *Site) WithEdits(edited []*Page, contents Contents) *Site {
	d := s.derive()
	d.contents = contents
	if len(edited) == 0 {
		return d
	}
	d.Pages = append([]*Page(nil), s.Pages...)
	d.Incidents = append([]*Page(nil), s.Incidents...)
	d.Changes = append([]*Page(nil), s.Changes...)
	d.Requests = append([]*Page(nil), s.Requests...)
	for _, np := range edited {
		old := s.Pages[np.Index]
		d.Pages[np.Index] = np
		for _, list := range [][]*Page{d.Incidents, d.Changes, d.Requests} {
			for i, p := range list {
				if p == old {
					list[i] = np
				}
			}
		}
	}
	return d
}
