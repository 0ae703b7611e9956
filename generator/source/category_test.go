package source

import (
	"strings"
	"testing"

	"github.com/handbook-dev/handbook/generator/diag"
	"github.com/handbook-dev/handbook/generator/internal/costcheck"
)

func TestParseCategory(t *testing.T) {
	tests := []struct {
		name, file, src string
		want            Category
		diags           []string // the diagnostics' text, in order
	}{
		{name: "label and position", file: "content/guides/_category_.json", src: `{"label": "Guides", "position": 2}`,
			want: Category{Label: "Guides", Position: 2}},
		{name: "known keys passed over", file: "c/_category_.json", src: "{\n  \"label\": \"Tutorial\",\n  \"position\": 3,\n  \"collapsed\": false,\n  \"collapsible\": true,\n  \"className\": \"red\",\n  \"link\": {\"type\": \"generated-index\", \"description\": \"x\"},\n  \"customProps\": {\"a\": 1}\n}\n",
			want: Category{Label: "Tutorial", Position: 3}},
		{name: "a fractional position rounds up", file: "c/_category_.json", src: `{"position": 2.5}`, want: Category{Position: 3}},
		{name: "YAML", file: "c/_category_.yml", src: "label: Runbooks\nposition: 1\n", want: Category{Label: "Runbooks", Position: 1}},
		{name: "empty YAML", file: "c/_category_.yaml", src: ""},
		{name: "bad JSON at its line and column", file: "c/_category_.json", src: "{\n  \"label\": \"Guides\",\n  \"position\": 2,\n}\n",
			diags: []string{"c/_category_.json:4:1: not valid JSON: invalid character '}' looking for beginning of object key string; a category file holds an object such as {\"label\": \"Guides\", \"position\": 2}"}},
		{name: "unterminated JSON", file: "c/_category_.json", src: "{\"label\": \"Gui",
			diags: []string{"c/_category_.json:1:14: not valid JSON: unexpected end of JSON input"}},
		{name: "not an object", file: "c/_category_.json", src: `["Guides"]`,
			diags: []string{"c/_category_.json:1:1: must be a JSON object"}},
		{name: "position not a number", file: "c/_category_.json", src: "{\"label\": \"G\",\n \"position\": \"first\"}",
			want: Category{Label: "G"}, diags: []string{"c/_category_.json:2:14: position must be a number"}},
		{name: "label not text", file: "c/_category_.yml", src: "label:\n  a: b\n",
			diags: []string{"c/_category_.yml:2:4: label must be text"}},
		{name: "unknown key warned", file: "c/_category_.json", src: "{\"label\": \"G\",\n \"colour\": \"red\"}",
			want: Category{Label: "G"}, diags: []string{"c/_category_.json:2:2: warning: unknown key \"colour\" is ignored; handbook reads label and position"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, diags := ParseCategory(tt.file, []byte(tt.src))
			if got != tt.want {
				t.Errorf("got %+v, want %+v", got, tt.want)
			}
			if len(diags) != len(tt.diags) {
				t.Fatalf("diagnostics %v, want %q", diags, tt.diags)
			}
			for i, d := range diags {
				if !strings.HasPrefix(d.String(), tt.diags[i]) {
					t.Errorf("diagnostic %q, want %q", d.String(), tt.diags[i])
				}
			}
		})
	}
}

func TestIsCategory(t *testing.T) {
	for rel, want := range map[string]bool{"_category_.json": true, "a/b/_category_.yml": true, "a/_category_.yaml": true, "a/category.json": false, "a/_category_.json.bak": false, "a/_category_.md": false} {
		if got := IsCategory(rel); got != want {
			t.Errorf("IsCategory(%q) = %v, want %v", rel, got, want)
		}
	}
}

// FuzzParseCategory checks that no category file makes ParseCategory
// panic or report a position outside the file, and that none takes or
// allocates more than the fuzz budgets.
func FuzzParseCategory(f *testing.F) {
	for _, s := range []string{`{"label": "Guides", "position": 2}`, "{\n\"label\": 1,\n}", `{"position": 1e400}`, "label: [a\n", `{"link": {"type": "doc"}}`} {
		f.Add(s, true)
		f.Add(s, false)
	}
	f.Add(`{"label": "A", "link": `+strings.Repeat("[", 10000)+strings.Repeat("]", 10000)+"}", true)
	f.Add("link: "+strings.Repeat("{a: ", 5000)+"b"+strings.Repeat("}", 5000), false)
	f.Fuzz(func(t *testing.T, src string, json bool) {
		file := "c/_category_.yml"
		if json {
			file = "c/_category_.json"
		}
		var diags diag.List
		costcheck.Fuzz(t, len(src), func() { _, diags = ParseCategory(file, []byte(src)) })
		for _, d := range diags {
			if d.Path != file || d.Line < 0 || d.Col < 0 {
				t.Fatalf("bad diagnostic %+v", d)
			}
		}
	})
}
