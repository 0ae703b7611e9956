package site_test

import (
	"strings"
	"testing"

	"github.com/handbook-dev/handbook/generator/config"
)

// TestAliasCollisions checks that an alias may take no address the site
// already uses, each refusal at the alias's line and column naming what
// is there, and that a link to a valid alias goes to its page.
func TestAliasCollisions(t *testing.T) {
	page := func(aliases string) string { return "---\ntitle: P\naliases: [" + aliases + "]\n---\nText.\n" }
	tests := []struct {
		name, aliases string
		want          string // "" for none
	}{
		{"free", "/old/restore/, /old.html", ""},
		{"a page's address", "/guide/first/", `content/ops/p.md:3:11: aliases: /guide/first/ is the address of content/guide/first.md, which is published there; remove the alias`},
		{"a page's address in another case", "/Guide/First/", `content/ops/p.md:3:11: aliases: /Guide/First/ is the address of content/guide/first.md`},
		{"a section's address", "/guide/", `content/ops/p.md:3:11: aliases: /guide/ is the address of content/guide/_index.md`},
		{"the home page", "/index.html", `content/ops/p.md:3:11: aliases: /index.html is the address of content/_index.md`},
		{"below a static file", "/guide/img/pic.png/", `content/ops/p.md:3:11: aliases: /guide/img/pic.png/ is inside guide/img/pic.png, the file of content/guide/img/pic.png; remove the alias`},
		{"a generated file", "/sitemap.xml/", `content/ops/p.md:3:11: aliases: /sitemap.xml/ is inside sitemap.xml, a file handbook generates; remove the alias`},
		{"a print view", "/guide/print.html", `content/ops/p.md:3:11: aliases: /guide/print.html is where handbook writes the print view of content/guide/_index.md; remove the alias`},
		{"a generated section", "/search/old/", `content/ops/p.md:3:11: aliases: /search/old/ is inside search/, handbook's generated search section; remove the alias`},
		{"the change log handbook generates", "/changes-log/", `content/ops/p.md:3:11: aliases: /changes-log/ is where handbook writes the list of records at /changes-log/; remove the alias`},
		{"the incident timeline, with no incidents to list", "/incidents/", ""},
		{"twice on one page", "/old/, /old", `content/ops/p.md:3:18: aliases: /old/ is listed twice (also at line 3); remove one`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			files := map[string]string{"_index.md": "# Home\n", "guide/_index.md": "# Guide\n", "guide/first.md": "# First\n", "guide/img/pic.png": "x", "ops/p.md": page(tt.aliases),
				"guide/patch.md": "---\ntitle: Patch\nkind: change\nplanned: 2026-11-20 06:00\ndone: 2026-11-20 06:40\nstatus: done\n---\nPatched.\n"}
			s, diags := buildLinkSite(t, files, config.Default())
			var got []string
			for _, d := range diags {
				got = append(got, d.String())
			}
			if tt.want == "" {
				if len(got) > 0 {
					t.Fatalf("diagnostics: %v", got)
				}
				if n := len(s.Aliases); n != strings.Count(tt.aliases, ",")+1 {
					t.Errorf("%d aliases, want every one", n)
				}
				return
			}
			if len(got) != 1 || !strings.HasPrefix(got[0], tt.want) {
				t.Errorf("diagnostics = %q, want one starting %q", got, tt.want)
			}
		})
	}
}

// TestAliasBetweenPages checks that two pages cannot share an alias: the
// later source path is reported, naming the other and its line.
func TestAliasBetweenPages(t *testing.T) {
	files := map[string]string{"_index.md": "# Home\n", "a.md": "---\naliases: [/old/]\n---\nA.\n", "b.md": "---\ntitle: B\naliases:\n  - /x/\n  - /OLD/\n---\nB.\n"}
	_, diags := buildLinkSite(t, files, config.Default())
	want := "content/b.md:5:5: aliases: /OLD/ is also an alias of content/a.md (line 2); an old address can redirect to one page only; remove one of them"
	if len(diags) != 1 || diags[0].String() != want {
		t.Errorf("diagnostics = %v, want %s", diags, want)
	}
}

// TestLinkToAlias checks that a link written to an old address goes to
// the page, with its anchor.
func TestLinkToAlias(t *testing.T) {
	files := map[string]string{"_index.md": "# Home\n", "ops/restore.md": "---\naliases: [/sharepoint/restore/, old.html]\n---\n## Steps\n", "guide/x.md": "# X\n"}
	s := newLinkSite(t, files)
	from := fromPage(t, s, "guide/x.md")
	for dest, want := range map[string]string{"/sharepoint/restore/#steps": "../../ops/restore/#steps", "../sharepoint/restore": "../../ops/restore/", "/old.html": "../../ops/restore/"} {
		l := s.ResolveLink(from, dest, false)
		if l.Problem != "" || l.Page == nil || l.Page.File.Rel != "ops/restore.md" || l.Href != want {
			t.Errorf("%s: %+v, want %s to ops/restore.md", dest, l, want)
		}
	}
}
