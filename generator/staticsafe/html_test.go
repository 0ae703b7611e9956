package staticsafe

import (
	"strings"
	"testing"
)

func TestHTML(t *testing.T) {
	tests := []struct {
		name, src string
		gone      []string
		kept      []string
		changes   []string
	}{
		{"script and handlers", `<!DOCTYPE html><html lang="nl"><head><title>Rooster &amp; wachtdienst</title><script src="https://cdn.example/x.js"></script></head><body onload="steal()"><h1>Rooster</h1><p onclick="alert(1)">Week 12</p><script>alert(document.cookie)</script><a href="javascript:alert(1)">x</a><a href="../runbooks/">runbooks</a></body></html>`,
			[]string{"alert", "steal", "cdn.example", "javascript"},
			[]string{`<html lang="nl">`, "<title>Rooster &amp; wachtdienst</title>", "<h1>Rooster</h1>", "<p>Week 12</p>", `<a href="../runbooks/"`},
			[]string{"removed <script> (2 times)", "removed onclick on <p>", "removed href on <a>"}},
		{"iframe and form", `<body><iframe src="https://evil.example/"></iframe><form action="https://evil.example/"><input name="password"></form><table><tr><td>ok</td></tr></table></body>`,
			[]string{"iframe", "evil", "password"}, []string{"<td>ok</td>"}, []string{"removed <iframe>", "removed <form>"}},
		{"clean file", `<!DOCTYPE html><html><head><title>Plain</title></head><body><h2 id="a">A</h2><p>Text with <b>bold</b>.</p></body></html>`,
			nil, []string{`<h2 id="a">A</h2>`, "<title>Plain</title>"}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := HTML([]byte(tt.src))
			out := string(res.Data)
			for _, g := range tt.gone {
				if strings.Contains(out, g) {
					t.Errorf("output still holds %q:\n%s", g, out)
				}
			}
			for _, k := range tt.kept {
				if !strings.Contains(out, k) {
					t.Errorf("output lost %q:\n%s", k, out)
				}
			}
			var whats []string
			for _, c := range res.Changes {
				whats = append(whats, c.What)
			}
			all := strings.Join(whats, "\n")
			for _, c := range tt.changes {
				if !strings.Contains(all, c) {
					t.Errorf("changes %q, want %q", whats, c)
				}
			}
			if tt.changes == nil && len(whats) > 0 {
				t.Errorf("changes %q for a clean file", whats)
			}
		})
	}
}
