package versiondiff

import (
	"strings"
	"testing"

	"github.com/handbook-dev/handbook/generator/site"
	"github.com/handbook-dev/handbook/generator/source"
)

func TestWords(t *testing.T) {
	for _, tc := range []struct {
		a, b, want string
		added, del int
	}{
		{"Open the recycle bin.", "Open the second-stage recycle bin.", "Open the <ins>second-stage </ins>recycle bin.", 1, 0},
		{"Restore the site.\n", "Restore the whole site.\n", "Restore the <ins>whole </ins>site.\n", 1, 0},
		{"Use <b>old</b> & x", "Use <b>new</b> & x", "Use &lt;b&gt;<del>old</del><ins>new</ins>&lt;/b&gt; &amp; x", 1, 1},
		{"wachtwoord wijzigen", "wachtwoord wijzigen", "wachtwoord wijzigen", 0, 0},
	} {
		got, added, del := Words(tc.a, tc.b)
		if string(got) != tc.want || added != tc.added || del != tc.del {
			t.Errorf("Words(%q, %q) = %q +%d -%d, want %q +%d -%d", tc.a, tc.b, got, added, del, tc.want, tc.added, tc.del)
		}
	}
}

func TestWordsManyUnits(t *testing.T) {
	var a, b strings.Builder
	for i := 0; i < 9000; i++ {
		a.WriteString("w" + strings.Repeat("x", i%50) + string(rune('a'+i%26)) + " ")
	}
	b.WriteString(a.String() + "tail")
	got, added, _ := Words(a.String(), b.String())
	if added != 1 || !strings.HasSuffix(string(got), "<ins>tail</ins>") {
		t.Errorf("added %d, tail %q", added, string(got)[len(got)-30:])
	}
}

func FuzzSplitKeepsEveryByte(f *testing.F) {
	f.Add("Open the recycle bin, then restore.\n\n- step")
	f.Fuzz(func(t *testing.T, s string) {
		if strings.Join(split(s), "") != s {
			t.Errorf("split(%q) loses bytes", s)
		}
	})
}

// TestCompareDiffsReadableText checks that a changed page's diff is of
// the text readers see: markup (emphasis, link destinations, fences)
// that changed or stayed is not shown, list items and code keep their
// lines, and the text is escaped.
func TestCompareDiffsReadableText(t *testing.T) {
	page := func(body string) *site.Site {
		p := &site.Page{File: source.File{Rel: "sharepoint/restore.md", Path: "content/sharepoint/restore.md"},
			URL: "sharepoint/restore/", Body: []byte(body)}
		p.Title = "Restore a site"
		return &site.Site{Pages: []*site.Page{p}}
	}
	old := page("## Steps\n\n1. Open **the** [recycle bin](bin.md).\n2. Run:\n\n   ```powershell\n   Restore-Site <id>\n   ```\n")
	cur := page("## Steps\n\n1. Open the *second-stage* [recycle bin](../bin.md#top).\n2. Run:\n\n   ```powershell\n   Restore-Site <id> -Force\n   ```\n")
	d := Compare("2025", old, cur)
	if len(d.Changed) != 1 {
		t.Fatalf("changed %d pages, want 1", len(d.Changed))
	}
	c := d.Changed[0]
	want := "Steps\n\n1. Open the <ins>second-stage </ins>recycle bin.\n2. Run:\n   Restore-Site &lt;id&gt;<ins> -Force</ins>\n"
	if string(c.HTML) != want || c.Added != 3 || c.Deleted != 0 { // "-" and "Force" are two units of Words
		t.Errorf("diff\n%q +%d -%d, want\n%q +3 -0", c.HTML, c.Added, c.Deleted, want)
	}
	for _, markup := range []string{"**", "](", "```", "##", "bin.md"} {
		if strings.Contains(string(c.HTML), markup) {
			t.Errorf("diff shows Markdown %q: %s", markup, c.HTML)
		}
	}
}
