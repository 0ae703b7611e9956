package config

import (
	"strings"
	"testing"

	"github.com/handbook-dev/handbook/generator/diag"
	"github.com/handbook-dev/handbook/generator/internal/costcheck"
)

// FuzzParse checks that no handbook.yaml makes Parse panic, that every
// problem is reported at a position inside the file, and that the limits
// stay positive whatever is written; an external link prefix accepted is
// root-relative with an http(s) base. No input may take or allocate more
// than the fuzz budgets (deep nesting is refused before it is built).
func FuzzParse(f *testing.F) {
	for _, seed := range []string{
		"title: x\nlanguage: nl\n", "limits:\n  page_size: 1KiB\n  render_time: 1ms\n", "audiences: [staff, admin]\nprivacy: names\n",
		"audit:\n  waivers:\n    - {rule: x, subject: y, reason: z, accepted_by: a, expires: 2027-01-01}\n",
		"title: &t x\nfooter: *t\n", "sources:\n  - {name: web, type: web, timeout: 1s}\n", "strings: {a: b}\n", ": :\n", "- a\n",
		"links:\n  external:\n    - {prefix: /powershell/, base: https://learn.microsoft.com}\n",
	} {
		f.Add([]byte(seed))
	}
	f.Add([]byte("strings: " + strings.Repeat("{a: ", 5000) + "b" + strings.Repeat("}", 5000)))
	f.Add([]byte("title: " + strings.Repeat("[", 10000) + strings.Repeat("]", 10000)))
	f.Fuzz(func(t *testing.T, src []byte) {
		var cfg Config
		var diags diag.List
		costcheck.Fuzz(t, len(src), func() { cfg, diags = Parse(src) })
		// YAML counts a lone CR as a line break too.
		lines := 1 + strings.Count(string(src), "\n") + strings.Count(string(src), "\r")
		for _, d := range diags {
			if d.Path != FileName || d.Line < 0 || d.Line > lines+1 {
				t.Fatalf("diagnostic outside the file (%d lines): %s", lines, d)
			}
		}
		if cfg.Limits.PageSize <= 0 || cfg.Limits.RenderTime <= 0 {
			t.Fatalf("limits not positive: %+v", cfg.Limits)
		}
		for _, x := range cfg.Links.External {
			if !strings.HasPrefix(x.Prefix, "/") || x.Prefix == "/" || !strings.HasPrefix(strings.ToLower(x.Base), "http") {
				t.Fatalf("external prefix accepted: %+v", x)
			}
		}
		for _, a := range cfg.Audiences {
			if !ValidAudience(a) {
				t.Fatalf("audience %q accepted", a)
			}
		}
	})
}
