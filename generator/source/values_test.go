package source

import (
	"strings"
	"testing"

	"github.com/handbook-dev/handbook/generator/diag"
)

func TestCheckValues(t *testing.T) {
	known := []string{"confluence", "sharepoint", "teams", "onedrive", "website", "webshop"}
	tests := []struct {
		name      string
		pages     []string // a.md, b.md, ...
		audiences []string
		platforms []string
		want      []string // the messages, in order
	}{
		{"nothing declared, nothing close", []string{"---\naudience: [admni, x]\nplatform: jira\n---\n"}, nil, nil, nil},
		{"nothing declared, a platform close to the inventory's",
			[]string{"---\nplatform: sharepont\n---\n"}, nil, nil,
			[]string{`content/a.md:2:11: warning: unknown platform "sharepont"; did you mean "sharepoint"?`}},
		{"a known platform", []string{"---\nplatform: teams\n---\n"}, nil, nil, nil},
		{"a declared audience in another case", []string{"---\naudience: Staff\n---\n"}, []string{"staff"}, nil, nil},
		{"an audience close to a declared one, in a list",
			[]string{"---\ntitle: A\naudience: [staff, admni]\n---\n"}, []string{"admin", "staff"}, nil,
			[]string{`content/a.md:3:19: warning: unknown audience "admni"; did you mean "admin"?`}},
		{"an audience in a block list",
			[]string{"---\naudience:\n  - staff\n  - admni\n---\n"}, []string{"admin", "staff"}, nil,
			[]string{`content/a.md:4:5: warning: unknown audience "admni"; did you mean "admin"?`}},
		{"an audience far from the declared ones",
			[]string{"---\naudience: finance\n---\n"}, []string{"admin", "staff"}, nil,
			[]string{`content/a.md:2:11: warning: unknown audience "finance": audiences in handbook.yaml (line 4) declares admin, staff; correct it or declare it there.`}},
		{"declared platforms replace the known ones",
			[]string{"---\nplatform: jira\n---\n", "---\nplatform: website\n---\n"}, nil, []string{"jira"},
			[]string{`content/b.md:2:11: warning: unknown platform "website": platforms in handbook.yaml (line 9) declares jira; correct it or declare it there.`}},
		{"declared empty", []string{"---\nplatform: jira\n---\n"}, nil, []string{},
			[]string{`unknown platform "jira": platforms in handbook.yaml (line 9) declares none;`}},
		{"grouped over pages, once per page",
			[]string{"---\naudience: [admni, admni]\n---\n", "---\naudience: admni\n---\n", "---\naudience: admni\n---\n", "---\naudience: admin\n---\n"}, []string{"admin"}, nil,
			[]string{`content/a.md:2:12: warning: unknown audience "admni" (on 3 pages: also content/b.md and 1 more); did you mean "admin"?`}},
		{"TOML front matter: the first line", []string{"+++\nplatform = \"sharepont\"\n+++\n"}, nil, nil,
			[]string{`content/a.md:1:1: warning: unknown platform "sharepont"; did you mean "sharepoint"?`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			docs := map[string]*Document{}
			paths := map[string]string{}
			for i, src := range tt.pages {
				rel := string(rune('a'+i)) + ".md"
				doc, d := Parse("content/"+rel, []byte(src))
				if len(d) > 0 {
					t.Fatal(d)
				}
				docs[rel], paths[rel] = doc, "content/"+rel
			}
			got := CheckValues(docs, ValueCheck{Paths: paths, Audiences: tt.audiences, AudiencesLine: 4, Platforms: tt.platforms, PlatformsLine: 9, KnownPlatforms: known})
			if len(got) != len(tt.want) {
				t.Fatalf("got %d messages %v, want %d %q", len(got), got, len(tt.want), tt.want)
			}
			for i, d := range got {
				if d.Severity != diag.Warning || !strings.Contains(d.String(), tt.want[i]) {
					t.Errorf("got %q (%v), want %q", d.String(), d.Severity, tt.want[i])
				}
			}
		})
	}
}
