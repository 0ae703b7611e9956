package privacy

import (
	"strings"
	"testing"

	"github.com/handbook-dev/handbook/generator/config"
	"github.com/handbook-dev/handbook/generator/pulldata"
	"github.com/handbook-dev/handbook/generator/snapshots"
)

// TestSetup: the display names come from the Microsoft 365 snapshots'
// team owners and members, and pseudonyms without a secret key warn.
func TestSetup(t *testing.T) {
	m365 := []*snapshots.M365{{Data: pulldata.M365{Teams: []pulldata.Team{{
		Owners:  []pulldata.Person{{UPN: "j.devries@example.org", Name: "Jan de Vries"}},
		Members: []pulldata.Person{{UPN: "l.dekker@example.org", Name: "Lotte Dekker"}, {UPN: "nameless@example.org"}},
	}}}}}
	tests := []struct {
		mode, key   string
		person      string
		want        string // Person(person), or its prefix for pseudonyms
		wantWarning bool
	}{
		{mode: config.PrivacyNames, person: "j.devries@example.org", want: "Jan de Vries"},
		{mode: config.PrivacyNames, person: "l.dekker@example.org", want: "Lotte Dekker"},
		{mode: config.PrivacyAsGiven, person: "l.dekker@example.org", want: "l.dekker@example.org"},
		{mode: config.PrivacyPseudonyms, person: "l.dekker@example.org", want: "person-", wantWarning: true},
		{mode: config.PrivacyPseudonyms, key: "a long secret", person: "l.dekker@example.org", want: "person-"},
	}
	for _, tt := range tests {
		t.Run(tt.mode+"/"+tt.person, func(t *testing.T) {
			t.Setenv(PseudonymKeyEnv, tt.key)
			r, diags := Setup(config.Config{Privacy: tt.mode}, m365)
			if got := r.Person(tt.person); !strings.HasPrefix(got, tt.want) {
				t.Errorf("Person(%q) = %q, want %q", tt.person, got, tt.want)
			}
			warned := len(diags) == 1 && strings.Contains(diags[0].String(), "pseudonyms without a secret in "+PseudonymKeyEnv)
			if warned != tt.wantWarning || len(diags) > 1 {
				t.Errorf("diagnostics %v, want a warning: %v", diags, tt.wantWarning)
			}
		})
	}
}
