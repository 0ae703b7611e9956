package inventory

import (
	"strings"
	"testing"
	"time"
)

// TestAttestationForms reads an attestation as a date, as a mapping with
// what the owners confirmed, and from a CSV inventory's columns.
func TestAttestationForms(t *testing.T) {
	day := time.Date(2026, 9, 1, 0, 0, 0, 0, time.UTC)
	tests := []struct {
		name, file, src string
		want            Attestation
	}{
		{"date", "inv.yaml", "- {id: a, kind: team, name: A, attested: 2026-09-01}\n", Attestation{On: day, Needed: true}},
		{"mapping", "inv.yaml", "- id: a\n  kind: team\n  name: A\n  attested:\n    on: 2026-09-01\n    by: m@x\n    needed: false\n    owners: [m@x, n@x]\n    members: 12\n    sharing: existing-guests\n",
			Attestation{On: day, By: "m@x", Owners: []string{"m@x", "n@x"}, Members: 12, HasMembers: true, Sharing: "existing-guests"}},
		{"json", "inv.json", `[{"id": "a", "kind": "team", "name": "A", "attested": {"on": "2026-09-01", "by": "m@x", "members": 3}}]`,
			Attestation{On: day, By: "m@x", Needed: true, Members: 3, HasMembers: true}},
		{"csv", "inv.csv", "id,kind,name,attested_by,attested,attested_needed,attested_owners,attested_members,attested_sharing\na,team,A,m@x,2026-09-01,no,m@x;n@x,4,disabled\n",
			Attestation{On: day, By: "m@x", Owners: []string{"m@x", "n@x"}, Members: 4, HasMembers: true, Sharing: "disabled"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			inv, diags := load(t, tt.file, tt.src)
			if len(diags) > 0 {
				t.Fatal(diags)
			}
			got := inv.ByID("a").Attested
			if got == nil {
				t.Fatal("no attestation")
			}
			got.Pos = Pos{}
			if !got.On.Equal(tt.want.On) || got.By != tt.want.By || got.Needed != tt.want.Needed || strings.Join(got.Owners, ",") != strings.Join(tt.want.Owners, ",") ||
				got.Members != tt.want.Members || got.HasMembers != tt.want.HasMembers || got.Sharing != tt.want.Sharing {
				t.Errorf("got %+v\nwant %+v", *got, tt.want)
			}
		})
	}
}

// TestAttestationErrors: each mistake in an attestation has its message
// at the key it is about.
func TestAttestationErrors(t *testing.T) {
	item := "- id: a\n  kind: team\n  name: A\n"
	tests := []struct {
		name, file, src, want string
	}{
		{"not a date", "inv.yaml", item + "  attested: last week\n", "inv.yaml:4:13: attested"},
		{"a list", "inv.yaml", item + "  attested: [2026-09-01]\n", "inv.yaml:4:13: attested must be a date (attested: 2026-09-01) or a mapping such as {on: 2026-09-01, by: m.jansen@example.com}"},
		{"no date", "inv.yaml", item + "  attested: {by: m@x}\n", "inv.yaml:4:13: attested needs the date it was given: on: YYYY-MM-DD"},
		{"misspelt key", "inv.yaml", item + "  attested: {on: 2026-09-01, sharng: disabled}\n", `inv.yaml:4:30: attested: unknown key "sharng"; did you mean sharing?`},
		{"bad sharing", "inv.yaml", item + "  attested: {on: 2026-09-01, sharing: guests}\n", `inv.yaml:4:39: attested: sharing "guests" is not one of: disabled, existing-guests, new-and-existing-guests, anyone`},
		{"needed not yes or no", "inv.yaml", item + "  attested: {on: 2026-09-01, needed: maybe}\n", `inv.yaml:4:38: attested: needed must be true or false, found "maybe"`},
		{"csv by without date", "inv.csv", "id,kind,name,attested_by\na,team,A,m@x\n", "inv.csv:2:10: attested_* columns need the attested column with the date the attestation was given (YYYY-MM-DD)"},
		{"csv bad date", "inv.csv", "id,kind,name,attested\na,team,A,1-9-2026\n", `inv.csv:2:10: column attested: attested must be a date written as YYYY-MM-DD, found "1-9-2026"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, diags := load(t, tt.file, tt.src)
			if len(diags) != 1 {
				t.Fatalf("%d diagnostics, want 1: %v", len(diags), diags)
			}
			if got := diags[0].String(); !strings.HasPrefix(got, tt.want) {
				t.Errorf("got  %s\nwant %s…", got, tt.want)
			}
		})
	}
}
