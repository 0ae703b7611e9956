package versiondiff

import (
	"strings"
	"testing"
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
