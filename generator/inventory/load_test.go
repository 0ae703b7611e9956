package inventory

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/handbook-dev/handbook/generator/internal/costcheck"
)

func TestParseFormats(t *testing.T) {
	yamlSrc := `items:
  - id: hr-hub
    kind: sharepoint-site
    name: HR-Hub
    owners: [a@x.example, b@x.example]
    groups: {hr-staff: read, hr-editors: edit, Owners: Full Control}
    members: 40
    external_sharing: existing-guests
    sensitivity: internal
    last_activity: 2026-10-01
    cost_centre: 4100
  - id: hr-policies
    kind: sharepoint-site
    name: HR-Policies
    parent: hr-hub
    members: [a, b, c]
`
	jsonSrc := `{"items": [{"id": "web-corp", "kind": "website", "name": "Corporate site", "url": "https://www.example", "owners": ["web-ops"], "groups": {"editors": "edit"}, "created": "2020-01-31"}]}`
	csvSrc := "id,kind,name,owners,groups,tags,last_activity\n" +
		"team-ops,team,OPS-Team,a@x;b@x,ops:admin;staff:read,ops;core,2026-11-01\n" +
		"\n" +
		"ch-ops-alerts,channel,Alerts,a@x,,,\n"
	tests := []struct {
		name, file, src string
		check           func(t *testing.T, items []*Item)
	}{
		{"yaml", "inv.yaml", yamlSrc, func(t *testing.T, items []*Item) {
			if len(items) != 2 {
				t.Fatalf("%d items", len(items))
			}
			hub := items[0]
			if hub.ID != "hr-hub" || len(hub.Owners) != 2 || len(hub.Groups) != 3 || hub.Groups[2].Level != "Full Control" || hub.Members != 40 || hub.LastActivity.Day() != 1 || hub.Extra["cost_centre"] == nil {
				t.Errorf("hub = %+v", hub)
			}
			if got := hub.Levels(); strings.Join(got, ",") != "Full Control,edit,read" {
				t.Errorf("levels = %v", got)
			}
			if items[1].Members != 3 || items[1].ParentID != "hr-hub" {
				t.Errorf("policies = %+v", items[1])
			}
			if p := hub.At("groups"); p.Line != 6 {
				t.Errorf("groups at line %d, want 6", p.Line)
			}
		}},
		{"json", "inv.json", jsonSrc, func(t *testing.T, items []*Item) {
			if len(items) != 1 || items[0].Kind != "website" || items[0].Created.Year() != 2020 || items[0].Groups[0].Group != "editors" {
				t.Errorf("items = %+v", items)
			}
		}},
		{"csv", "inv.csv", csvSrc, func(t *testing.T, items []*Item) {
			if len(items) != 2 {
				t.Fatalf("%d items", len(items))
			}
			ops := items[0]
			if len(ops.Owners) != 2 || len(ops.Groups) != 2 || ops.Groups[0] != (Grant{"ops", "admin"}) || len(ops.Tags) != 2 || ops.Pos.Line != 2 {
				t.Errorf("ops = %+v", ops)
			}
			if items[1].Pos.Line != 4 || items[1].Owners[0] != "a@x" {
				t.Errorf("second row = %+v", items[1])
			}
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			items, diags := Parse(tt.file, []byte(tt.src))
			if len(diags) > 0 {
				t.Fatal(diags)
			}
			tt.check(t, items)
		})
	}
}

func TestLoadErrors(t *testing.T) {
	tests := []struct {
		name  string
		files map[string]string
		want  []string
	}{
		{"duplicate id", map[string]string{
			"inventory/a.yaml": "- id: x\n  kind: team\n  name: X\n",
			"inventory/b.yaml": "- id: y\n  kind: team\n  name: Y\n- id: x\n  kind: team\n  name: X2\n",
		}, []string{`inventory/b.yaml:4:7: duplicate id "x": already used at inventory/a.yaml:1`}},
		{"parent cycle", map[string]string{
			"inventory/a.yaml": "- id: a\n  kind: team\n  name: A\n  parent: c\n- id: b\n  kind: team\n  name: B\n  parent: a\n- id: c\n  kind: team\n  name: C\n  parent: b\n",
		}, []string{"inventory/a.yaml:4:11: item a: parent cycle"}},
		{"self parent", map[string]string{"inventory/a.yaml": "- {id: a, kind: team, name: A, parent: a}\n"}, []string{"item a: parent cycle a -> a"}},
		{"unknown parent", map[string]string{"inventory/a.yaml": "- id: a\n  kind: team\n  name: A\n  parent: nope\n"}, []string{`inventory/a.yaml:4:11: item a: parent "nope" is not an item`}},
		{"unknown kind", map[string]string{"inventory/a.yaml": "- id: a\n  kind: wiki\n  name: A\n"}, []string{`inventory/a.yaml:2:9: item a: unknown kind "wiki"; use one of: confluence-space`}},
		{"wrong type", map[string]string{"inventory/a.yaml": "- id: a\n  kind: team\n  name: A\n  owners: {a: b}\n"}, []string{"inventory/a.yaml:4:11: owners must be a list"}},
		{"bad date yaml", map[string]string{"inventory/a.yaml": "- id: a\n  kind: team\n  name: A\n  last_activity: last week\n"}, []string{"inventory/a.yaml:4:18: last_activity must be a date written as YYYY-MM-DD"}},
		{"bad date csv", map[string]string{"inventory/a.csv": "id,kind,name,created\na,team,A,2026-13-01\n"}, []string{`inventory/a.csv:2:10: column created: created must be a date written as YYYY-MM-DD, found "2026-13-01"`}},
		{"bad sharing", map[string]string{"inventory/a.json": `[{"id": "a", "kind": "team", "name": "A", "external_sharing": "everyone"}]`}, []string{`inventory/a.json:1:63: external_sharing "everyone" is not one of: disabled, existing-guests`}},
		{"bad members csv", map[string]string{"inventory/a.csv": "id,kind,name,members\na,team,A,many\n"}, []string{"inventory/a.csv:2:10: column members: members must be a whole number"}},
		{"bad group csv", map[string]string{"inventory/a.csv": "id,kind,name,groups\na,team,A,staff\n"}, []string{`inventory/a.csv:2:10: column groups: groups: "staff" must be written group:level`}},
		{"csv quote error", map[string]string{"inventory/a.csv": "id,kind,name\na,team,\"A\n"}, []string{"inventory/a.csv:2:"}},
		{"bad yaml", map[string]string{"inventory/a.yaml": "- id: a\n  kind: [team\n"}, []string{"inventory/a.yaml:"}},
		{"no id", map[string]string{"inventory/a.yaml": "- kind: team\n  name: A\n"}, []string{"inventory/a.yaml:1:3: item has no id"}},
		{"bad id", map[string]string{"inventory/a.yaml": "- id: a b\n  kind: team\n  name: A\n"}, []string{`inventory/a.yaml:1:7: id "a b" may hold only`}},
		{"not a list", map[string]string{"inventory/a.yaml": "items: 3\n"}, []string{"inventory/a.yaml:1:8: expected a list of items"}},
		{"unknown top key", map[string]string{"inventory/a.yaml": "item:\n  - id: a\n"}, []string{`inventory/a.yaml:1:1: unknown key "item"`}},
		{"all errors reported", map[string]string{
			"inventory/a.yaml": "- id: a\n  kind: wiki\n  name: A\n- id: b\n  kind: team\n  name: B\n  created: soon\n",
			"inventory/c.csv":  "id,kind,name,status\nc,team,C,gone\n",
		}, []string{"unknown kind", "created must be a date", `status "gone" is not one of`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			for name, src := range tt.files {
				p := filepath.Join(dir, filepath.FromSlash(name))
				if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(p, []byte(src), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			_, diags := Load(dir, Options{})
			var all []string
			for _, d := range diags {
				all = append(all, d.String())
			}
			text := strings.Join(all, "\n")
			for _, w := range tt.want {
				if !strings.Contains(text, w) {
					t.Errorf("missing %q in:\n%s", w, text)
				}
			}
		})
	}
}

// TestLoadBadKindOneError checks that an item left out for its kind is
// one error: the children naming it as parent are not reported too, and
// the did-you-mean names the kind it misspells.
func TestLoadBadKindOneError(t *testing.T) {
	const child = "- {id: s1, kind: sharepoint-site, name: S1, parent: hub}\n"
	tests := []struct {
		name, src string
		want      string
	}{
		{"misspelled kind", "- id: hub\n  kind: sharepoint-stie\n  name: Hub\n" + child,
			`inventory/a.yaml:2:9: item hub: unknown kind "sharepoint-stie"; did you mean "sharepoint-site"? Otherwise declare it under inventory.kinds in handbook.yaml`},
		{"undeclared kind", "- id: hub\n  kind: wiki\n  name: Hub\n" + child,
			`inventory/a.yaml:2:9: item hub: unknown kind "wiki"; use one of: confluence-space, sharepoint-site, team, channel, onedrive, website, webshop, provider, or declare it under inventory.kinds in handbook.yaml`},
		{"no kind", "- id: hub\n  name: Hub\n" + child,
			`inventory/a.yaml:1:3: item hub has no kind; use one of: confluence-space, sharepoint-site, team, channel, onedrive, website, webshop, provider`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			if err := os.MkdirAll(filepath.Join(dir, "inventory"), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(filepath.Join(dir, "inventory", "a.yaml"), []byte(tt.src), 0o644); err != nil {
				t.Fatal(err)
			}
			inv, diags := Load(dir, Options{})
			if len(diags) != 1 || diags[0].String() != tt.want {
				t.Errorf("diagnostics = %v, want the one line\n%s", diags, tt.want)
			}
			if !inv.Rejected("hub") || inv.Rejected("s1") || inv.ByID("s1") == nil {
				t.Errorf("Rejected(hub) = %v, Rejected(s1) = %v, ByID(s1) = %v", inv.Rejected("hub"), inv.Rejected("s1"), inv.ByID("s1"))
			}
		})
	}
}

func TestLoadLinksTree(t *testing.T) {
	dir := t.TempDir()
	_ = os.MkdirAll(filepath.Join(dir, "inventory"), 0o755)
	_ = os.WriteFile(filepath.Join(dir, "inventory", "a.yaml"), []byte("- {id: hub, kind: sharepoint-site, name: Hub}\n- {id: s1, kind: sharepoint-site, name: S1, parent: hub}\n- {id: t, kind: team, name: T}\n- {id: c, kind: channel, name: C, parent: t}\n- {id: x, kind: workspace, name: X}\n"), 0o644)
	inv, diags := Load(dir, Options{Kinds: []string{"workspace"}})
	if len(diags) > 0 {
		t.Fatal(diags)
	}
	if len(inv.Items) != 5 || len(inv.Roots) != 3 || len(inv.ByID("hub").Children) != 1 || inv.ByID("c").Parent.ID != "t" {
		t.Errorf("inventory = %+v", inv)
	}
	if inv.Items[0].Kind != "sharepoint-site" || inv.Items[4].Kind != "workspace" {
		t.Errorf("items not ordered by kind: %v, %v", inv.Items[0].Kind, inv.Items[4].Kind)
	}
}

func TestLoadRefusesSymlinkOutOfProject(t *testing.T) {
	outside := t.TempDir()
	_ = os.WriteFile(filepath.Join(outside, "secret.yaml"), []byte("- {id: s, kind: team, name: Secret}\n"), 0o644)
	dir := t.TempDir()
	_ = os.MkdirAll(filepath.Join(dir, "inventory"), 0o755)
	if err := os.Symlink(filepath.Join(outside, "secret.yaml"), filepath.Join(dir, "inventory", "leak.yaml")); err != nil {
		t.Skip(err)
	}
	inv, diags := Load(dir, Options{})
	if inv.ByID("s") != nil {
		t.Fatal("read an inventory file outside the project through a symlink")
	}
	if len(diags) == 0 || !strings.Contains(diags[0].String(), "inventory/leak.yaml") {
		t.Errorf("diagnostics = %v", diags)
	}
}

// FuzzParse checks that no inventory file makes the loaders panic, in any
// of the three formats, that every item they return has a position, and
// that none takes or allocates more than the fuzz budgets.
func FuzzParse(f *testing.F) {
	f.Add("inv.yaml", "items:\n  - id: a\n    kind: team\n    name: A\n    groups: {x: read}\n    members: [a]\n")
	f.Add("inv.json", `{"items":[{"id":"a","kind":"team","name":"A","created":"2020-01-01"}]}`)
	f.Add("inv.csv", "id,kind,name,groups,members\na,team,A,x:read;y:edit,3\n")
	f.Add("inv.csv", "id,\"kind\nx\",name\n\"a\n")
	f.Add("inv.yaml", "- &a {id: a}\n- *a\n")
	f.Add("inv.yaml", "- id: s\n  kind: website\n  components: [{name: php, version: \"8.1\", patch_within: 30d}, debian@12, [x]]\n")
	f.Add("inv.csv", "id,kind,components\ns,website,magento@2.4.6;php@;@8\n")
	f.Add("inv.yaml", hostnedYAML)
	f.Add("inv.csv", "id,kind,name,sla,hosting\nh,provider,H,P1:15m/4h;4h/3d @ Mon-Fri 08:00-18:00;P1:1h/,h\ns,website,S,,h\n")
	f.Add("inv.json", `{"items": `+strings.Repeat("[", 10000)+strings.Repeat("]", 10000)+"}")
	f.Add("inv.yaml", "- "+strings.Repeat("- ", 10000)+"a\n")
	f.Fuzz(func(t *testing.T, name, src string) {
		var items []*Item
		costcheck.Fuzz(t, len(src), func() { items, _ = Parse(name, []byte(src)); link(items, Kinds) })
		for _, it := range items {
			if it.Pos.Path != name || it.Pos.Line < 1 {
				t.Fatalf("item without a position: %+v", it.Pos)
			}
			for _, c := range it.Components {
				if c.Name == "" || c.Version == "" || c.Pos.Line < 1 {
					t.Fatalf("a component without its name, version or position: %+v", c)
				}
			}
			if it.HostedBy != nil && it.HostedBy.Kind != KindProvider {
				t.Fatalf("%s hosted by %s, of kind %s", it.ID, it.HostedBy.ID, it.HostedBy.Kind)
			}
			if it.Provider != nil {
				for _, tier := range it.Provider.SLA {
					if tier.Response.IsZero() && tier.Resolution.IsZero() {
						t.Fatalf("an SLA tier without a target: %+v", tier)
					}
				}
			}
		}
	})
}

// TestLevelsByPower checks that a permission matrix's columns run from
// the most powerful level to the least, whatever the platform calls
// them, not alphabetically (where Members, Owners and Visitors read
// the wrong way round).
func TestLevelsByPower(t *testing.T) {
	tests := []struct{ levels, want string }{
		{"Visitors,Owners,Members", "Owners,Members,Visitors"},
		{"read,edit,admin", "admin,edit,read"},
		{"Read,Edit,Full Control", "Full Control,Edit,Read"},
		{"Guests,Members,Owners", "Owners,Members,Guests"},
		{"Approve,read,Contribute,Owners", "Owners,Contribute,read,Approve"},
	}
	for _, tt := range tests {
		it := &Item{}
		for i, l := range strings.Split(tt.levels, ",") {
			it.Groups = append(it.Groups, Grant{Group: fmt.Sprint("g", i), Level: l})
		}
		if got := strings.Join(it.Levels(), ","); got != tt.want {
			t.Errorf("Levels of %s = %s, want %s", tt.levels, got, tt.want)
		}
	}
}
