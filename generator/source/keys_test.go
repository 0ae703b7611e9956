package source

import (
	"strings"
	"testing"

	"github.com/handbook-dev/handbook/generator/diag"
)

func TestCheckKeys(t *testing.T) {
	page := func(src string) *Document {
		doc, d := Parse("content/p.md", []byte(src))
		if len(d) > 0 {
			t.Fatal(d)
		}
		return doc
	}
	tests := []struct {
		name     string
		src      string
		declared []string
		strict   bool
		want     string // "" for no message
	}{
		{"a known key", "---\ntitle: T\nreviewed: 2026-01-01\n---\n", nil, false, ""},
		{"a record key", "---\ntitle: T\nstarted: 2026-01-01\nseverity: SEV1\n---\n", nil, false, ""},
		{"Docusaurus and Learn keys", "---\ntitle: T\nsidebar_position: 3\nms.date: 01/01/2026\nuid: a.b\n---\n", nil, false, ""},
		{"capitals", "---\ntitle: T\nOwner: x\n---\n", nil, false, `content/p.md:3:1: warning: unknown front matter key "Owner"; did you mean "owner"?`},
		{"a letter too many", "---\ntitle: T\nplatformm: x\n---\n", nil, false, `did you mean "platform"?`},
		{"strict", "---\ntitle: T\naudiance: [staff]\n---\n", nil, true, `content/p.md:3:1: unknown front matter key "audiance"; did you mean "audience"?`},
		{"declared", "---\ntitle: T\nteam: ops\n---\n", []string{"team"}, false, ""},
		{"not declared", "---\ntitle: T\ncolour: red\n---\n", []string{"team"}, false, `unknown front matter key "colour": handbook does not read it and front_matter_keys in handbook.yaml (line 7) does not declare it`},
		{"undeclared and far without a declaration", "---\ntitle: T\ncolour: red\n---\n", nil, false, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := CheckKeys(map[string]*Document{"p.md": page(tt.src)}, KeyCheck{Paths: map[string]string{"p.md": "content/p.md"}, Declared: tt.declared, DeclaredLine: 7})
			if tt.strict {
				d.Strict() // what a strict build does with every warning
			}
			got := ""
			if len(d) > 1 {
				t.Fatalf("%d messages for one key: %v", len(d), d)
			}
			if len(d) == 1 {
				got = d[0].String()
				if (d[0].Severity == diag.Error) != tt.strict {
					t.Errorf("severity %v with strict %v", d[0].Severity, tt.strict)
				}
			}
			if (tt.want == "") != (got == "") || !strings.Contains(got, tt.want) {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}
