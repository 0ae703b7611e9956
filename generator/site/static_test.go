package site_test

import (
	"strings"
	"testing"

	"github.com/handbook-dev/handbook/generator/config"
	"github.com/handbook-dev/handbook/generator/site"
	"github.com/handbook-dev/handbook/generator/source"
)

// TestSanitiseStatic: only .svg, .html and .htm files are sanitised,
// unless unsanitised_files names them; a pattern naming none warns.
func TestSanitiseStatic(t *testing.T) {
	script := []byte(`<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script><rect width="1" height="1"/></svg>`)
	tests := []struct {
		name, path  string
		unsanitised []string
		wantChanged bool
		wantDiags   []string // parts of the messages, in order
	}{
		{name: "svg", path: "content/img/a.svg", wantChanged: true, wantDiags: []string{"content/img/a.svg:1:", "published sanitised: removed", "list it in unsanitised_files"}},
		{name: "html", path: "content/a.htm", wantChanged: true, wantDiags: []string{"content/a.htm: warning: published sanitised: removed", "<script>"}},
		{name: "opted out", path: "content/img/a.svg", unsanitised: []string{"content/img/*.svg"}},
		{name: "other extension", path: "content/a.txt"},
		{name: "unused pattern", path: "content/a.txt", unsanitised: []string{"content/b.svg"}, wantDiags: []string{`handbook.yaml:7: warning: unsanitised_files: "content/b.svg" names no .html, .htm or .svg file`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rel := strings.TrimPrefix(tt.path, "content/")
			f := &site.StaticFile{File: source.File{Path: tt.path, Rel: rel, Data: script}, URL: rel}
			sanitised, diags := site.SanitiseStatic(&site.Site{Files: []*site.StaticFile{f}}, config.Config{UnsanitisedFiles: tt.unsanitised, UnsanitisedLine: 7})
			got := sanitised[f.File.Rel]
			if changed := got != nil && string(got) != string(script); changed != tt.wantChanged || strings.Contains(string(got), "<script") {
				t.Errorf("Sanitised = %q", got)
			}
			var lines []string
			for _, d := range diags {
				lines = append(lines, d.String())
			}
			msgs := strings.Join(lines, "\n")
			if len(tt.wantDiags) == 0 && len(diags) > 0 {
				t.Errorf("diagnostics: %s", msgs)
			}
			for _, want := range tt.wantDiags {
				if !strings.Contains(msgs, want) {
					t.Errorf("diagnostics %q lack %q", msgs, want)
				}
			}
		})
	}
}
