package site_test

import (
	"reflect"
	"slices"
	"testing"

	"github.com/handbook-dev/handbook/generator/config"
	"github.com/handbook-dev/handbook/generator/diag"
	"github.com/handbook-dev/handbook/generator/markdown"
	"github.com/handbook-dev/handbook/generator/site"
)

// Converting (or analysing) a site returns a new one: the pages, files
// and lookups of the site converted stay as they were, so that an
// earlier stage's result can be shared (handbook serve keeps the last
// good build while it converts an edit).
func TestConvertLeavesItsSiteAlone(t *testing.T) {
	files := map[string]string{
		"_index.md":        "---\ntitle: Home\n---\nSee [the guide](guide/restore.md#steps) and ![the screen](guide/screen.png).\n",
		"guide/_index.md":  "---\ntitle: Guide\n---\nThe guide.\n",
		"guide/restore.md": "---\ntitle: Restore\n---\n## Steps\n\nRestore it, [back](../_index.md).\n",
		"guide/admin.md":   "---\ntitle: Admin\naudience: [admins]\n---\n![Only admins see this](secret.png)\n",
		"guide/screen.png": "png",
		"guide/secret.png": "png",
	}
	convert := func(s *site.Site) (*site.Site, diag.List) { return s.Convert(markdown.New()) }
	analyze := func(s *site.Site) (*site.Site, diag.List) { return s.Analyze(markdown.New()) }
	tests := []struct {
		name     string
		audience string
		convert  func(*site.Site) (*site.Site, diag.List)
		// dropped is a file the converted site leaves out.
		dropped string
	}{
		{"convert", "", convert, ""},
		{"analyze", "", analyze, ""},
		{"convert for an audience, which leaves out a file", "ops", convert, "guide/secret.png"},
		{"analyze for an audience, which leaves out a file", "ops", analyze, "guide/secret.png"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, d := buildLinkSiteWith(t, files, config.Default(), site.Options{Audience: tt.audience})
			if len(d) > 0 {
				t.Fatal(d)
			}
			pages := make([]site.Page, len(s.Pages))
			for i, p := range s.Pages {
				pages[i] = *p
			}
			siteFiles := slices.Clone(s.Files)
			converted, d := tt.convert(s)
			if len(d) > 0 {
				t.Fatal(d)
			}
			for i, p := range s.Pages {
				if !reflect.DeepEqual(*p, pages[i]) {
					t.Errorf("%s changed in the site converted", p.Path())
				}
				if s.Content(p) != nil {
					t.Errorf("%s has content in the site converted", p.Path())
				}
				if converted.Content(p) == nil {
					t.Errorf("%s has no content in the converted site", p.Path())
				}
			}
			if !slices.Equal(s.Files, siteFiles) {
				t.Errorf("files of the site converted changed: %v, were %v", s.Files, siteFiles)
			}
			for _, f := range siteFiles {
				if s.FileByRel(f.File.Rel) != f || s.Excluded(f.File.Rel) {
					t.Errorf("%s is no longer a file of the site converted", f.File.Rel)
				}
				if left := converted.FileByRel(f.File.Rel) == nil; left != (f.File.Rel == tt.dropped) || converted.Excluded(f.File.Rel) != left {
					t.Errorf("%s: left out of the converted site = %v, want %v", f.File.Rel, left, f.File.Rel == tt.dropped)
				}
			}
			if tt.dropped != "" && len(converted.Files) != len(siteFiles)-1 {
				t.Errorf("the converted site has %d files, want %d", len(converted.Files), len(siteFiles)-1)
			}
		})
	}
}
