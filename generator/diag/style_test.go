package diag

import "testing"

func TestStyleFormat(t *testing.T) {
	for _, tc := range []struct {
		name       string
		d          Diagnostic
		plain, tty string
	}{
		{"error at line and column", Diagnostic{Path: "content/a.md", Line: 3, Col: 8, Message: "draft must be true or false"},
			"content/a.md:3:8: draft must be true or false",
			"\x1b[1mcontent/a.md:3:8:\x1b[0m \x1b[1;31mdraft must be true or false\x1b[0m"},
		{"warning at a line", Diagnostic{Path: "content/a.md", Line: 5, Severity: Warning, Message: "link to b.md: no such page"},
			"content/a.md:5: warning: link to b.md: no such page",
			"\x1b[1mcontent/a.md:5:\x1b[0m \x1b[1;33mwarning:\x1b[0m link to b.md: no such page"},
		{"note without a line", Diagnostic{Path: "content", Severity: Note, Message: "shown as plain text"},
			"content: note: shown as plain text",
			"\x1b[1mcontent:\x1b[0m \x1b[1;36mnote:\x1b[0m shown as plain text"},
		{"excerpt stays plain", Diagnostic{Path: "a.md", Line: 1, Col: 2, Message: "bad", Excerpt: "   1 | x\n     |  ^\n"},
			"a.md:1:2: bad\n   1 | x\n     |  ^",
			"\x1b[1ma.md:1:2:\x1b[0m \x1b[1;31mbad\x1b[0m\n   1 | x\n     |  ^"},
	} {
		if got := tc.d.String(); got != tc.plain {
			t.Errorf("%s: String() = %q, want %q", tc.name, got, tc.plain)
		}
		if got := (Style{}).Format(tc.d); got != tc.plain {
			t.Errorf("%s: plain Format = %q, want %q", tc.name, got, tc.plain)
		}
		if got := (Style{Color: true}).Format(tc.d); got != tc.tty {
			t.Errorf("%s: colour Format = %q, want %q", tc.name, got, tc.tty)
		}
	}
}

func TestStyleSummary(t *testing.T) {
	plain, tty := Style{}, Style{Color: true}
	for _, tc := range []struct {
		name      string
		got, want string
	}{
		{"failure plain", plain.Failure("build failed"), "build failed"},
		{"failure", tty.Failure("build failed"), "\x1b[1;31mbuild failed\x1b[0m"},
		{"warning", tty.Warning("with 2 warnings"), "\x1b[1;33mwith 2 warnings\x1b[0m"},
		{"success", tty.Success("Built 3 pages"), "\x1b[1mBuilt 3 pages\x1b[0m"},
		{"nothing to paint", tty.Warning(""), ""},
		{"location", tty.Location("a.md:1:"), "\x1b[1ma.md:1:\x1b[0m"},
		{"error label", tty.Label("error", "error"), "\x1b[1;31merror\x1b[0m"},
		{"info label", tty.Label("info", "info:"), "\x1b[1;36minfo:\x1b[0m"},
		{"unknown severity", tty.Label("accepted", "accepted"), "accepted"},
		{"label plain", plain.Label("warning", "warning:"), "warning:"},
	} {
		if tc.got != tc.want {
			t.Errorf("%s: %q, want %q", tc.name, tc.got, tc.want)
		}
	}
}
