package inventory

import (
	"strconv"
	"strings"
	"testing"
)

func TestComponents(t *testing.T) {
	tests := []struct {
		name, file, src string
		want            string // the components as name@version/patch_within@line:col, one item's
	}{
		{"yaml mappings and short forms", "inv.yaml", `- id: shop
  kind: website
  name: Shop
  components:
    - {name: magento, version: 2.4.6-p3, patch_within: 30d}
    - name: PHP
      version: 8.10
    - debian@12
`, "magento@2.4.6-p3/30d@5:8 php@8.10/@6:7 debian@12/@8:7"},
		{"json", "inv.json", `[{"id": "shop", "kind": "website", "name": "Shop", "components": [{"name": "nginx", "version": "1.22.1"}, "php@8.1"]}]`,
			"nginx@1.22.1/@1:68 php@8.1/@1:107"},
		{"csv", "inv.csv", "id,kind,name,components\nshop,website,Shop,magento@2.4.6-p3; php@8.1 ;\n", "magento@2.4.6-p3/@2:19 php@8.1/@2:19"},
		{"none", "inv.yaml", "- {id: shop, kind: website, name: Shop, components: []}\n", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			items, diags := Parse(tt.file, []byte(tt.src))
			if len(diags) > 0 {
				t.Fatal(diags)
			}
			var got []string
			for _, c := range items[0].Components {
				got = append(got, c.String()+"/"+c.PatchWithin.String()+"@"+strconv.Itoa(c.Pos.Line)+":"+strconv.Itoa(c.Pos.Col))
			}
			if g := strings.Join(got, " "); g != tt.want {
				t.Errorf("components = %s\nwant         %s", g, tt.want)
			}
			if len(items[0].Extra) > 0 {
				t.Errorf("components also kept as an extra key: %v", items[0].Extra)
			}
		})
	}
}

// TestComponentErrors: each mistake a writer makes in a components list
// has its message, at the component or key it is about.
func TestComponentErrors(t *testing.T) {
	item := "- id: shop\n  kind: website\n  name: Shop\n  components:\n"
	tests := []struct {
		name, file, src, want string
	}{
		{"no version", "inv.yaml", item + "    - name: php\n", `inv.yaml:5:7: components: php has no version; write the version the item runs, such as php@8.1 or {name: php, version: "8.1"}`},
		{"short form without version", "inv.yaml", item + "    - php\n", `inv.yaml:5:7: components: "php" needs a version, written name@version such as php@8.1`},
		{"no name", "inv.yaml", item + "    - version: \"8.1\"\n", "inv.yaml:5:7: components: a component has no name; name the product as endoflife.date does"},
		{"name with spaces", "inv.yaml", item + "    - {name: Adobe Commerce, version: \"2.4\"}\n", `inv.yaml:5:8: components: "adobe commerce" is not a product name`},
		{"misspelt key", "inv.yaml", item + "    - {name: php, version: \"8.1\", patch_whitin: 30d}\n", `inv.yaml:5:35: components: unknown key "patch_whitin"; did you mean patch_within?`},
		{"bad interval", "inv.yaml", item + "    - {name: php, version: \"8.1\", patch_within: soon}\n", `inv.yaml:5:49: components: patch_within "soon" is not an interval`},
		{"listed twice", "inv.yaml", item + "    - php@8.1\n    - php@8.2\n", "inv.yaml:6:7: components: php is listed twice (also at line 5)"},
		{"a mapping, not a list", "inv.yaml", item + "    php: \"8.1\"\n", "inv.yaml:5:8: components must be a list like [a, b], found a mapping"},
		{"nested list", "inv.yaml", item + "    - [php, \"8.1\"]\n", "inv.yaml:5:7: components: each component is a mapping"},
		{"csv without version", "inv.csv", "id,kind,name,components\nshop,website,Shop,magento\n", `inv.csv:2:19: column components: components: "magento" needs a version`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, diags := Parse(tt.file, []byte(tt.src))
			if len(diags) != 1 {
				t.Fatalf("%d diagnostics, want 1: %v", len(diags), diags)
			}
			if got := diags[0].String(); !strings.HasPrefix(got, tt.want) {
				t.Errorf("got  %s\nwant %s…", got, tt.want)
			}
		})
	}
}
