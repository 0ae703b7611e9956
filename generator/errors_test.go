package generator

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/handbook-dev/handbook/generator/internal/testsite"
)

func TestBuildErrors(t *testing.T) {
	tests := []struct {
		name  string
		files map[string]string
		want  []string // each must appear in some diagnostic
	}{
		{"template execution error names the project template",
			map[string]string{"content/_index.md": "hi", "templates/page.html": "{{define \"main\"}}\n<p>{{.Page.NoSuchField}}</p>\n{{end}}\n", "content/a.md": "x"},
			[]string{"templates/page.html:2:"}},
		{"template parse error",
			map[string]string{"content/_index.md": "hi", "templates/partials/footer.html": "<footer>\n{{if}}\n</footer>\n"},
			[]string{"templates/partials/footer.html:2:", "missing value for if"}},
		{"every front matter error is reported",
			map[string]string{"content/_index.md": "hi", "content/a.md": "---\nreviewed: next week\n---\n", "content/b.md": "---\ntitle: B\nreview_interval: 3x\n---\n", "content/c.md": "---\nweight: heavy\n---\n"},
			[]string{"content/a.md:2:11: reviewed must be a date", "content/b.md:3:18: review_interval", "unknown unit", "content/c.md:2:9: weight must be a whole number"}},
		{"unknown UI string override",
			map[string]string{"content/_index.md": "hi", "handbook.yaml": "strings:\n  on_this_pag: x\n"},
			[]string{"unknown UI string key(s) on_this_pag"}},
		{"output collision names both files",
			map[string]string{"content/_index.md": "hi", "content/a.md": "---\nurl: b/\n---\nx", "content/b.md": "y"},
			[]string{"content/a.md:2:1: maps to the same output b/index.html as content/b.md"}},
		{"content may not take a fixed file",
			map[string]string{"content/_index.md": "hi", "content/sitemap.xml": "<x/>"},
			[]string{"content/sitemap.xml: maps to sitemap.xml, a file handbook generates; move or rename it"}},
		{"unknown inventory id in a page",
			map[string]string{"content/_index.md": "hi", "content/a.md": "---\ntitle: A\nitems: [hr-hub, hr-hbu]\n---\n", "inventory/x.yaml": "- {id: hr-hub, kind: team, name: H}\n"},
			[]string{`content/a.md:3: items: no inventory item "hr-hbu"; check the id against the inventory files (did you mean hr-hub?)`}},
		{"inventory errors fail the build",
			map[string]string{"content/_index.md": "hi", "inventory/x.csv": "id,kind,name\na,wiki,A\n"},
			[]string{`inventory/x.csv:2:3: item a: unknown kind "wiki"`}},
		{"declared kinds and custom paths",
			map[string]string{"content/_index.md": "hi", "handbook.yaml": "inventory:\n  paths: [data/*.yaml]\n  kinds: [powerbi-workspace]\n", "data/x.yaml": "- {id: a, kind: wiki, name: A}\n"},
			[]string{`data/x.yaml:1:17: item a: unknown kind "wiki"; use one of: confluence-space, sharepoint-site, team, channel, onedrive, website, webshop, provider, powerbi-workspace`}},
		{"bad inventory glob",
			map[string]string{"content/_index.md": "hi", "handbook.yaml": "inventory:\n  paths: ['../x/*.yaml']\n"},
			[]string{`handbook.yaml:2:10: inventory.paths: "../x/*.yaml" is not a glob inside the project`}},
		{"missing content folder",
			map[string]string{"handbook.yaml": "title: x\n"},
			[]string{"content: no content folder"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := testsite.Write(t, tt.files)
			res, err := Build(context.Background(), Options{Dir: dir, Now: fixedNow})
			if !errors.Is(err, ErrFailed) {
				t.Fatalf("err = %v, want ErrFailed", err)
			}
			var all []string
			for _, d := range res.Diagnostics {
				all = append(all, d.String())
			}
			text := strings.Join(all, "\n")
			for _, w := range tt.want {
				if !strings.Contains(text, w) {
					t.Errorf("missing %q in diagnostics:\n%s", w, text)
				}
			}
			if _, err := os.Stat(filepath.Join(dir, "public")); !os.IsNotExist(err) {
				t.Errorf("a failed build created public/")
			}
		})
	}
}
