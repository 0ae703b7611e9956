package attest

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/handbook-dev/handbook/generator/inventory"
)

// attestIn writes an inventory file, loads it, attests item id as
// m.jansen on 2026-12-03 (with what the inventory declares) and returns
// the file as written.
func attestIn(t *testing.T, name, src, id string, needed bool) (string, error) {
	t.Helper()
	dir := t.TempDir()
	p := filepath.Join(dir, "inventory", name)
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	inv, diags := inventory.Load(dir, inventory.Options{})
	if len(diags) > 0 {
		t.Fatal(diags)
	}
	it := inv.ByID(id)
	a := it.Attest(time.Date(2026, 12, 3, 0, 0, 0, 0, time.UTC), "m.jansen@lakeside.example")
	a.Needed = needed
	if _, err := Write(dir, it, a); err != nil {
		return "", err
	}
	out, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	return string(out), nil
}

// TestWrite records attestations in YAML (block items, with comments,
// replacing an earlier attestation), JSON (one key per line and one
// line per item) and CSV (columns added), and each file reads back.
func TestWrite(t *testing.T) {
	tests := []struct {
		name, file, src, id string
		needed              bool
		want                string
	}{
		{"yaml", "sites.yaml", `# SharePoint sites
items:
  - id: sp-hr   # the HR hub
    kind: sharepoint-site
    name: HR - Hub
    owners: [a@x, b@x]
    members: 12
    external_sharing: existing-guests

  # The next site.
  - id: sp-ops
    kind: sharepoint-site
    name: OPS
`, "sp-hr", true, `# SharePoint sites
items:
  - id: sp-hr   # the HR hub
    kind: sharepoint-site
    name: HR - Hub
    owners: [a@x, b@x]
    members: 12
    external_sharing: existing-guests
    attested:
      on: 2026-12-03
      by: m.jansen@lakeside.example
      needed: true
      owners: [a@x, b@x]
      members: 12
      sharing: existing-guests

  # The next site.
  - id: sp-ops
    kind: sharepoint-site
    name: OPS
`},
		{"yaml replaced, last item", "sites.yaml", `- id: sp-ops
  kind: sharepoint-site
  name: OPS
  attested:
    on: 2025-01-01
    by: old@x
  status: active
- id: sp-fin
  kind: sharepoint-site
  name: FIN
  attested: 2024-01-01`, "sp-fin", false, `- id: sp-ops
  kind: sharepoint-site
  name: OPS
  attested:
    on: 2025-01-01
    by: old@x
  status: active
- id: sp-fin
  kind: sharepoint-site
  name: FIN
  attested:
    on: 2026-12-03
    by: m.jansen@lakeside.example
    needed: false
`},
		{"yaml replaced in the middle", "sites.yaml", "- id: sp-ops\n  kind: sharepoint-site\n  name: OPS\n  attested:\n    on: 2025-01-01\n    by: old@x\n  status: active\n", "sp-ops", true,
			"- id: sp-ops\n  kind: sharepoint-site\n  name: OPS\n  attested:\n    on: 2026-12-03\n    by: m.jansen@lakeside.example\n    needed: true\n  status: active\n"},
		{"json one key per line", "web.json", "[\n  {\n    \"id\": \"web\",\n    \"kind\": \"website\",\n    \"name\": \"Web\",\n    \"owners\": [\"a@x\"]\n  },\n  {\n    \"id\": \"shop\",\n    \"kind\": \"webshop\",\n    \"name\": \"Shop\"\n  }\n]\n", "web", true,
			"[\n  {\n    \"id\": \"web\",\n    \"kind\": \"website\",\n    \"name\": \"Web\",\n    \"owners\": [\"a@x\"],\n    \"attested\": {\"on\": \"2026-12-03\", \"by\": \"m.jansen@lakeside.example\", \"needed\": true, \"owners\": [\"a@x\"]}\n  },\n  {\n    \"id\": \"shop\",\n    \"kind\": \"webshop\",\n    \"name\": \"Shop\"\n  }\n]\n"},
		{"json one line per item, replaced", "web.json", `[{"id": "web", "kind": "website", "name": "Web", "attested": {"on": "2020-01-01"}, "status": "active"}]`, "web", true,
			`[{"id": "web", "kind": "website", "name": "Web", "attested": {"on": "2026-12-03", "by": "m.jansen@lakeside.example", "needed": true}, "status": "active"}]`},
		{"csv", "teams.csv", "id,kind,name,owners,members\nt1,team,One,a@x;b@x,4\nt2,team,\"Two, too\",a@x,\n", "t1", true,
			"id,kind,name,owners,members,attested,attested_by,attested_owners,attested_members\nt1,team,One,a@x;b@x,4,2026-12-03,m.jansen@lakeside.example,a@x;b@x,4\nt2,team,\"Two, too\",a@x,,,,,\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := attestIn(t, tt.file, tt.src, tt.id, tt.needed)
			if err != nil {
				t.Fatal(err)
			}
			if got != tt.want {
				t.Errorf("got\n%s\nwant\n%s", got, tt.want)
			}
		})
	}
}

// TestWriteRefused: an item written as a flow mapping is not edited, and
// says how to attest it.
func TestWriteRefused(t *testing.T) {
	_, err := attestIn(t, "sites.yaml", "- {id: sp, kind: sharepoint-site, name: SP}\n", "sp", true)
	if err == nil || !strings.Contains(err.Error(), "inventory/sites.yaml:1: the item is written as a flow mapping") {
		t.Errorf("err = %v", err)
	}
}

// FuzzEdit edits any text at any position: an error or an edit, never a
// panic; an edit of valid JSON is valid JSON.
func FuzzEdit(f *testing.F) {
	f.Add("- id: a\n  kind: team\n  name: A\n", 1, 3, false)
	f.Add("items:\n  - id: a   # c\n    attested:\n      on: 2020-01-01\n    kind: team\n", 2, 5, false)
	f.Add(`[{"id": "a", "kind": "team", "attested": {"on": "2020-01-01"}}]`, 1, 3, true)
	f.Add("[\n  {\n    \"id\": \"a\"\n  }\n]\n", 3, 5, true)
	a := inventory.Attestation{On: time.Date(2026, 12, 3, 0, 0, 0, 0, time.UTC), By: "m@x", Needed: true, Owners: []string{"a@x"}}
	f.Fuzz(func(t *testing.T, src string, line, col int, isJSON bool) {
		if !isJSON {
			editYAML([]byte(src), line, col, a)
			return
		}
		out, err := editJSON([]byte(src), line, col, a)
		if err == nil && json.Valid([]byte(src)) && !json.Valid(out) {
			t.Fatalf("valid JSON edited into invalid JSON:\n%s\n->\n%s", src, out)
		}
	})
}
