package generator

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/handbook-dev/handbook/generator/audit"
	"github.com/handbook-dev/handbook/generator/internal/testsite"
	"github.com/handbook-dev/handbook/generator/markdown"
)

// linkDiagnostics loads a project of files (a home page added) and
// returns the link diagnostics a build prints, as strings.
func linkDiagnostics(t *testing.T, files map[string]string) []string {
	t.Helper()
	all := map[string]string{"content/_index.md": "---\ntitle: Home\n---\nHome.\n", "content/guide/_index.md": "---\ntitle: Guide\n---\nGuide.\n"}
	for k, v := range files {
		all[k] = v
	}
	m, diags, err := load(context.Background(), Options{Dir: testsite.Write(t, all), Now: fixedNow})
	if err != nil || m == nil {
		t.Fatalf("load: %v %v", err, diags)
	}
	analyzed, d := m.site.Analyze(markdown.New())
	if len(d) > 0 {
		t.Fatalf("Analyze: %v", d)
	}
	links := linkFindings(analyzed, m.cfg.Audit, false)
	links.Sort()
	var out []string
	for _, d := range links {
		out = append(out, d.String())
	}
	return out
}

// links returns n Markdown links "[t](format % i)", one per line.
func links(format string, n int) string {
	var b strings.Builder
	for i := range n {
		fmt.Fprintf(&b, "See [t%d]("+format+").\n", i, i)
	}
	return b.String()
}

func TestLinkDiagnostics(t *testing.T) {
	page := func(body string) string { return "---\ntitle: P\n---\n" + body }
	threshold := audit.GroupThreshold
	tests := []struct {
		name  string
		files map[string]string
		want  []string
	}{
		{"image in Markdown", map[string]string{"content/guide/p.md": page("Text.\n\n![Shot](../media/shot.png)\n")},
			[]string{"content/guide/p.md:6:3: warning: image ../media/shot.png: no such file"}},
		{"image in raw HTML", map[string]string{"content/guide/p.md": page("<p>Step 1:\n<img src=\"../media/raw.png\" srcset=\"../media/raw@2x.png 2x\" alt=\"raw\"></p>\n")},
			[]string{"content/guide/p.md:5:1: warning: image ../media/raw.png: no such file",
				"content/guide/p.md:5:1: warning: image ../media/raw@2x.png: no such file"}},
		{"link in raw HTML", map[string]string{"content/guide/p.md": page("A <a href=\"nope.md\">link</a>.\n")},
			[]string{"content/guide/p.md:4:3: warning: link to nope.md: no such page"}},
		{"links to another site of the publisher are one line", map[string]string{
			"content/guide/a.md": page(links("/powershell/module/cmd-%d", threshold-2)),
			"content/guide/b.md": page("Text.\n\n" + links("/powershell/scripting/s%d?view=7", 2)),
			"content/guide/c.md": page("A [relative](../nope.md) one stays.\n")},
			[]string{fmt.Sprintf("content/guide/a.md:4:6: warning: %d links to /powershell/… (2 pages) have no page here; if these belong to another site, declare the prefix under links.external in handbook.yaml (handbook audit lists each one)", threshold),
				"content/guide/c.md:4:4: warning: link to ../nope.md: no such page"}},
		{"below the threshold each link is a line", map[string]string{
			"content/guide/a.md": page(links("/powershell/module/cmd-%d", threshold-1))},
			func() []string {
				var w []string
				for i := range threshold - 1 {
					w = append(w, fmt.Sprintf("content/guide/a.md:%d:6: warning: link to /powershell/module/cmd-%d: no such page or file", 4+i, i))
				}
				return w
			}()},
		{"the same missing image from many pages is one line", func() map[string]string {
			m := map[string]string{}
			for i := range threshold {
				m[fmt.Sprintf("content/guide/p%02d.md", i)] = page("![logo](../media/logo.png)\n")
			}
			return m
		}(), []string{fmt.Sprintf("content/guide/p00.md:4:3: warning: %d images of media/logo.png (%d pages): no such file (handbook audit lists each one)", threshold, threshold)}},
		{"a missing root-relative folder of images", map[string]string{
			"content/guide/a.md": page(strings.ReplaceAll(links("/media/i%d.png", threshold), "See [", "See !["))},
			[]string{fmt.Sprintf("content/guide/a.md:4:7: warning: %d images under /media/… (1 page) have no file here; if these belong to another site, declare the prefix under links.external in handbook.yaml (handbook audit lists each one)", threshold)}},
		{"root-relative links into a section here are not another site", map[string]string{
			"content/guide/a.md": page(links("/guide/gone-%d.md", threshold))},
			func() []string {
				var w []string
				for i := range threshold {
					w = append(w, fmt.Sprintf("content/guide/a.md:%d:6: warning: link to /guide/gone-%d.md: no such page", 4+i, i))
				}
				return w
			}()},
		{"declared external prefixes are not checked", map[string]string{
			"handbook.yaml":      "links:\n  external:\n    - {prefix: /powershell/, base: https://learn.microsoft.com}\n",
			"content/guide/a.md": page(links("/powershell/module/cmd-%d", threshold) + "<a href=\"/powershell/x\">raw</a>\n")},
			nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := linkDiagnostics(t, tt.files)
			if strings.Join(got, "\n") != strings.Join(tt.want, "\n") {
				t.Errorf("diagnostics:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(tt.want, "\n"))
			}
		})
	}
}

// TestGroupedLinksAllInAuditExport checks that grouping shortens the
// build's log only: the audit's JSON export lists every broken link.
func TestGroupedLinksAllInAuditExport(t *testing.T) {
	n := 3 * audit.GroupThreshold
	dir := testsite.Write(t, map[string]string{
		"content/_index.md": "---\ntitle: Home\n---\n" + links("/powershell/module/cmd-%d", n),
	})
	report, diags, err := Audit(context.Background(), Options{Dir: dir, Now: fixedNow})
	if err != nil {
		t.Fatalf("%v: %v", err, diags)
	}
	var buf bytes.Buffer
	if err := report.WriteFormat(&buf, "json", audit.Meta{Generator: "handbook"}); err != nil {
		t.Fatal(err)
	}
	var export struct {
		Findings []struct {
			Rule    string `json:"rule"`
			Line    int    `json:"line"`
			Message string `json:"message"`
		} `json:"findings"`
	}
	if err := json.Unmarshal(buf.Bytes(), &export); err != nil {
		t.Fatalf("%v in\n%s", err, buf.Bytes())
	}
	seen := map[string]bool{}
	for _, f := range export.Findings {
		if f.Rule == "page-broken-link" {
			seen[f.Message] = true
		}
	}
	for i := range n {
		if want := fmt.Sprintf("Home: link to /powershell/module/cmd-%d: no such page or file", i); !seen[want] {
			t.Errorf("the export lacks %q", want)
		}
	}
	if len(seen) != n {
		t.Errorf("the export has %d broken links, want %d", len(seen), n)
	}
}
