package source_test

import (
	"strings"
	"testing"

	"github.com/handbook-dev/handbook/generator/source"
)

// TestParseAliases checks what aliases: accepts (paths from the site
// root, with or without the leading '/', a folder or an .html file,
// each at its line and column) and what it refuses, at the value.
func TestParseAliases(t *testing.T) {
	tests := []struct {
		name, fm string
		want     []source.Alias
		wantErr  string // the whole message, at path:line:col
	}{
		{"list", "aliases:\n  - /old/restore/\n  - old/restore-b\n  - /Old%20Name/\n", []source.Alias{
			{Path: "old/restore/", Line: 3, Col: 5}, {Path: "old/restore-b/", Line: 4, Col: 5}, {Path: "Old Name/", Line: 5, Col: 5}}, ""},
		{"flow list", "aliases: [/a/, /b/c.html]\n", []source.Alias{{Path: "a/", Line: 2, Col: 11}, {Path: "b/c.html", Line: 2, Col: 16}}, ""},
		{"one value", "aliases: /old/\n", []source.Alias{{Path: "old/", Line: 2, Col: 10}}, ""},
		{"empty", "aliases:\n", nil, ""},
		{"address", "aliases: [https://old.example.com/x/]\n", nil,
			`content/guide/page.md:2:11: aliases: "https://old.example.com/x/" is an address, not a path of this site, and handbook can publish redirects only here; write the old path from the site root, like /old/page/`},
		{"scheme without slashes", "aliases: ['mailto:a@b']\n", nil, `content/guide/page.md:2:11: aliases: "mailto:a@b" is an address`},
		{"network path", "aliases: [//old.example.com/x/]\n", nil, `content/guide/page.md:2:11: aliases: "//old.example.com/x/" is an address`},
		{"climbs out", "aliases:\n  - /a/\n  - /a/../../x/\n", nil, `content/guide/page.md:4:5: aliases: "a/../../x/" climbs out of the site with '..'`},
		{"encoded climb", "aliases: [/%2e%2e/x/]\n", nil, `content/guide/page.md:2:11: aliases: "%2e%2e/x/", once decoded, climbs out of the site`},
		{"query", "aliases: [/x?id=4]\n", nil, `content/guide/page.md:2:11: aliases: "/x?id=4" is not a path: it holds a query (?) or fragment (#)`},
		{"fragment", "aliases: [/x/#top]\n", nil, `content/guide/page.md:2:11: aliases: "/x/#top" is not a path`},
		{"root", "aliases: [/]\n", nil, `content/guide/page.md:2:11: aliases: "/" is no path; write the old path from the site root, like /old/page/`},
		{"hidden segment", "aliases: [/.git/x/]\n", nil, `content/guide/page.md:2:11: aliases: ".git/x/" has the segment ".git" starting with '.'`},
		{"markup", "aliases: ['/x\"><script>/']\n", nil, `content/guide/page.md:2:11: aliases: "x\"><script>/" holds '"'`},
		{"a list in the list", "aliases: [[a]]\n", nil, `content/guide/page.md:2:11: aliases must be text, found a list`},
		{"a mapping", "aliases: {a: b}\n", nil, `content/guide/page.md:2:10: aliases must be a list like [a, b], found a mapping`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc, diags := source.Parse(testPath, []byte("---\n"+tt.fm+"---\nBody.\n"))
			if tt.wantErr != "" {
				if len(diags) != 1 || !strings.HasPrefix(diags[0].String(), tt.wantErr) {
					t.Fatalf("diagnostics = %v, want one starting %q", diags, tt.wantErr)
				}
				return
			}
			if len(diags) > 0 {
				t.Fatal(diags)
			}
			if len(doc.Aliases) != len(tt.want) {
				t.Fatalf("aliases = %+v, want %+v", doc.Aliases, tt.want)
			}
			for i, a := range doc.Aliases {
				if a != tt.want[i] {
					t.Errorf("alias %d = %+v, want %+v", i, a, tt.want[i])
				}
			}
		})
	}
}

// TestAliasOutput checks the file an alias's redirect is written to.
func TestAliasOutput(t *testing.T) {
	for path, want := range map[string]string{"old/": "old/index.html", "a/b.html": "a/b.html", "Old Name/": "Old Name/index.html"} {
		if got := (source.Alias{Path: path}).Output(); got != want {
			t.Errorf("Output of %q = %q, want %q", path, got, want)
		}
	}
}

// FuzzParseAliases checks that an accepted alias always stays below the
// site root, names a file or folder an output may hold, and that every
// refusal is at a position in the front matter.
func FuzzParseAliases(f *testing.F) {
	for _, s := range []string{"/old/", "old.html", "../x/", "/%2e%2e/", "https://a/", "//a/b", "/x?y", "/a\\b/", "/Old%20Name/", "/a//b/", "/.well-known/", "%zz", "/x/./y/"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, alias string) {
		if strings.ContainsAny(alias, "\n\r'") {
			return // one single-quoted YAML scalar on its line
		}
		doc, diags := source.Parse(testPath, []byte("---\naliases: ['"+alias+"']\n---\n"))
		for _, d := range diags {
			if d.Line != 2 || d.Col < 1 {
				t.Errorf("diagnostic at %d:%d: %v", d.Line, d.Col, d)
			}
		}
		if doc == nil {
			return
		}
		for _, a := range doc.Aliases {
			if err := source.CheckOutputPath(a.Path, false); err != nil || strings.HasPrefix(a.Path, "/") {
				t.Errorf("accepted %q as %q: %v", alias, a.Path, err)
			}
			if out := a.Output(); !strings.HasSuffix(out, ".html") && !strings.HasSuffix(out, ".htm") {
				t.Errorf("accepted %q writes %q, not an HTML file", alias, out)
			}
		}
	})
}
