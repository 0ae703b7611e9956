package privacy

import (
	"strings"
	"testing"

	"github.com/handbook-dev/handbook/generator/config"
)

func TestReducer(t *testing.T) {
	names := map[string]string{"J.deVries@example.org": "Jan de Vries"}
	text := "owners: l.dekker@example.org; J.DeVries@example.org, hr-admins. Jan de Vries left."
	tests := []struct {
		mode, key string
		want      string
	}{
		{config.PrivacyAsGiven, "", text},
		{"", "", text},
		{config.PrivacyNames, "", "owners: L. Dekker; Jan de Vries, hr-admins. Jan de Vries left."},
		{config.PrivacyPseudonyms, "k1", "owners: person-"},
	}
	for _, tt := range tests {
		t.Run(tt.mode, func(t *testing.T) {
			r := New(tt.mode, names, []byte(tt.key))
			got := string(r.Text([]byte(text)))
			if !strings.HasPrefix(got, tt.want) {
				t.Errorf("Text = %q, want %q...", got, tt.want)
			}
			if tt.mode == config.PrivacyPseudonyms {
				if strings.Contains(got, "@") || strings.Contains(got, "Jan de Vries") || strings.Contains(got, "dekker") {
					t.Errorf("pseudonyms leave a person: %q", got)
				}
				if !strings.Contains(got, "hr-admins") {
					t.Errorf("a group name was changed: %q", got)
				}
				// Stable across builds, the same for any spelling of an
				// address, different under another key.
				again := string(New(tt.mode, names, []byte(tt.key)).Text([]byte(text)))
				other := string(New(tt.mode, names, []byte("k2")).Text([]byte(text)))
				if again != got || other == got {
					t.Errorf("pseudonyms: same key %q, other key %q, first %q", again, other, got)
				}
				if a, b := r.Person("J.DeVries@example.org"), r.Person("j.devries@EXAMPLE.org"); a != b {
					t.Errorf("%q and %q for one address", a, b)
				}
			}
		})
	}
}

func TestScope(t *testing.T) {
	for rel, want := range map[string]bool{"inventory/index.html": true, "inventory/inventory.csv": true, "audit/owners/x/index.html": true, "audit/audit.json": true, "guide/page/index.html": false, "status/index.html": false} {
		if got := Scope(rel, "inventory/", "audit/"); got != want {
			t.Errorf("Scope(%q) = %v, want %v", rel, got, want)
		}
	}
	// Moved sections (content took inventory/ and audit/): the content's
	// pages there are the manual's, the moved sections are covered.
	for rel, want := range map[string]bool{"_handbook/inventory/index.html": true, "_handbook/audit/audit.json": true, "inventory/index.html": false, "audit/runbook/index.html": false} {
		if got := Scope(rel, "_handbook/inventory/", "_handbook/audit/"); got != want {
			t.Errorf("Scope(%q) = %v, want %v", rel, got, want)
		}
	}
}

// TestLinesReducesAsText: written in pieces that split addresses and
// names anywhere, an export reduces exactly as the whole text does.
func TestLinesReducesAsText(t *testing.T) {
	names := map[string]string{"J.deVries@example.org": "Jan de Vries"}
	text := "id,owners\nsite-1,l.dekker@example.org;J.DeVries@example.org\nsite-2,Jan de Vries\n" +
		"site-3,\"a.b@example.org\nJan de Vries\"\nlast line without a newline, by x.y@example.org"
	for _, mode := range []string{config.PrivacyNames, config.PrivacyPseudonyms} {
		r := New(mode, names, []byte("k"))
		want := string(r.Text([]byte(text)))
		for _, piece := range []int{1, 2, 5, 17, len(text)} {
			var b strings.Builder
			lw := r.Lines(&b)
			for rest := text; rest != ""; {
				n := min(piece, len(rest))
				if _, err := lw.Write([]byte(rest[:n])); err != nil {
					t.Fatal(err)
				}
				rest = rest[n:]
			}
			if err := lw.Flush(); err != nil {
				t.Fatal(err)
			}
			if b.String() != want {
				t.Errorf("%s in pieces of %d:\n got %q\nwant %q", mode, piece, b.String(), want)
			}
		}
	}
}
