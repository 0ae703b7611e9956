package config

import (
	"reflect"
	"strings"
	"testing"
)

func TestLinksExternal(t *testing.T) {
	tests := []struct {
		name    string
		src     string
		want    []ExternalPrefix
		wantErr string
	}{
		{"block list", "links:\n  external:\n    - prefix: /powershell/\n      base: https://learn.microsoft.com/\n",
			[]ExternalPrefix{{Prefix: "/powershell/", Base: "https://learn.microsoft.com"}}, ""},
		{"flow entries", "links:\n  external:\n    - {prefix: /powershell/, base: https://learn.microsoft.com}\n    - {prefix: /azure, base: http://docs.example/en}\n",
			[]ExternalPrefix{{Prefix: "/powershell/", Base: "https://learn.microsoft.com"}, {Prefix: "/azure", Base: "http://docs.example/en"}}, ""},
		{"empty section", "links:\n", nil, ""},
		{"missing base", "links:\n  external:\n    - {prefix: /powershell/}\n", nil,
			"handbook.yaml:3:8: links.external: an entry needs a prefix and a base; base is missing"},
		{"missing prefix", "links:\n  external:\n    - base: https://learn.microsoft.com\n", nil,
			"handbook.yaml:3:7: links.external: an entry needs a prefix and a base; prefix is missing"},
		{"base not http", "links:\n  external:\n    - {prefix: /powershell/, base: ftp://files.example}\n", nil,
			"handbook.yaml:3:36: links.external: base \"ftp://files.example\" must be an http(s) address"},
		{"base without host", "links:\n  external:\n    - {prefix: /powershell/, base: /elsewhere}\n", nil,
			"handbook.yaml:3:36: links.external: base \"/elsewhere\" must be an http(s) address"},
		{"base with query", "links:\n  external:\n    - {prefix: /p/, base: 'https://x.example/?a=1'}\n", nil,
			"links.external: base \"https://x.example/?a=1\" must be an http(s) address"},
		{"prefix not rooted", "links:\n  external:\n    - {prefix: powershell/, base: https://learn.microsoft.com}\n", nil,
			"handbook.yaml:3:16: links.external: prefix \"powershell/\" must be a root-relative path starting with one '/'"},
		{"prefix protocol-relative", "links:\n  external:\n    - {prefix: //cdn.example/, base: https://learn.microsoft.com}\n", nil,
			"prefix \"//cdn.example/\" must be a root-relative path"},
		{"prefix root", "links:\n  external:\n    - {prefix: /, base: https://learn.microsoft.com}\n", nil,
			"handbook.yaml:3:16: links.external: prefix \"/\" would make every root-relative link external"},
		{"prefix with fragment", "links:\n  external:\n    - {prefix: '/a/#x', base: https://learn.microsoft.com}\n", nil,
			"prefix \"/a/#x\" is a path"},
		{"prefix twice", "links:\n  external:\n    - {prefix: /a/, base: https://a.example}\n    - {prefix: /a/, base: https://b.example}\n", nil,
			"handbook.yaml:4:16: links.external: prefix \"/a/\" is listed twice"},
		{"unknown entry key", "links:\n  external:\n    - {prefix: /a/, base: https://a.example, host: x}\n", nil,
			"handbook.yaml:3:46: unknown key \"host\" in links.external; known keys are: prefix, base"},
		{"unknown section key", "links:\n  externals: []\n", nil,
			"handbook.yaml:2:3: unknown key \"links.externals\"; known keys are: external"},
		{"external not a list", "links:\n  external: /powershell/\n", nil,
			"handbook.yaml:2:13: links.external must be a list of {prefix: /path/, base: https://other.site}"},
		{"links not a mapping", "links: [a]\n", nil,
			"handbook.yaml:1:8: links must be a mapping with the key external"},
		{"entry not a mapping", "links:\n  external:\n    - /powershell/\n", nil,
			"handbook.yaml:3:7: expected a mapping"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg, diags := Parse([]byte(tt.src))
			if tt.wantErr != "" {
				if len(diags) != 1 || !strings.Contains(diags[0].String(), tt.wantErr) {
					t.Fatalf("diagnostics = %v, want one containing %q", diags, tt.wantErr)
				}
				return
			}
			if len(diags) != 0 {
				t.Fatalf("unexpected diagnostics: %v", diags)
			}
			if !reflect.DeepEqual(cfg.Links.External, tt.want) {
				t.Errorf("external = %#v, want %#v", cfg.Links.External, tt.want)
			}
		})
	}
}

func TestLinksMatch(t *testing.T) {
	l := Links{External: []ExternalPrefix{{Prefix: "/powershell/", Base: "https://learn.microsoft.com"}, {Prefix: "/azure", Base: "https://docs.example/en"}}}
	tests := []struct {
		dest, path string
		want       string
	}{
		{"/powershell/module/x?view=ps-7#syntax", "/powershell/module/x", "https://learn.microsoft.com/powershell/module/x?view=ps-7#syntax"},
		{"/powershell", "/powershell", "https://learn.microsoft.com/powershell"},
		{"/azure", "/azure", "https://docs.example/en/azure"},
		{"/azure/vm/", "/azure/vm/", "https://docs.example/en/azure/vm/"},
		{"/azurevm/", "/azurevm/", ""},
		{"/powershellx/a", "/powershellx/a", ""},
		{"/guide/a.md", "/guide/a.md", ""},
	}
	for _, tt := range tests {
		got, ok := l.Match(tt.dest, tt.path)
		if got != tt.want || ok != (tt.want != "") {
			t.Errorf("Match(%q) = %q, %v; want %q", tt.dest, got, ok, tt.want)
		}
	}
}
