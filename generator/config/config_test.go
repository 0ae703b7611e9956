package config

import (
	"strings"
	"testing"
)

func TestParse(t *testing.T) {
	tests := []struct {
		name    string
		src     string
		check   func(Config) bool
		wantErr string
	}{
		{"empty", "", func(c Config) bool { return c.Title == "Handbook" && c.Language == "en" }, ""},
		{"all keys", "title: Ops\nbase_url: https://intranet.example/manual\nlanguage: nl\nfooter: Contoso\nstrings:\n  menu: Menu!\nprint_max_pages: 10\n",
			func(c Config) bool {
				return c.Title == "Ops" && c.BaseURL == "https://intranet.example/manual/" && c.Language == "nl" && c.Footer == "Contoso" && c.Strings["menu"] == "Menu!" && c.PrintMaxPages == 10
			}, ""},
		{"path base url", "base_url: /manual\n", func(c Config) bool { return c.BaseURL == "/manual/" }, ""},
		{"unknown key", "title: x\ntitel: y\n", nil, "handbook.yaml:2:1: unknown key \"titel\""},
		{"bad language", "language: sv\n", nil, "handbook.yaml:1:11: language \"sv\" has no translation table; use one of: en, nl, fr, de"},
		{"French", "language: FR\n", func(c Config) bool { return c.Language == "fr" }, ""},
		{"languages", "languages: [EN, nl, fr]\n", func(c Config) bool {
			return c.Language == "en" && strings.Join(c.Languages, ",") == "en,nl,fr" && c.LanguagesLine == 1
		}, ""},
		{"languages set the language", "languages: [nl, en]\n", func(c Config) bool { return c.Language == "nl" }, ""},
		{"language agreeing with languages", "language: nl\nlanguages: [nl, en]\n", func(c Config) bool { return c.Language == "nl" }, ""},
		{"language against languages", "language: en\nlanguages: [nl, en]\n", nil, "handbook.yaml:2:12: languages: starts with nl, but language: is en; the first of languages: is the default language, so leave language: out or list en first"},
		{"language without a table", "languages: [en, sv]\n", nil, `handbook.yaml:1:12: languages: "sv" has no translation table; use en, nl, fr, de`},
		{"language twice", "languages: [en, nl, EN]\n", nil, "handbook.yaml:1:12: languages: en is listed twice"},
		{"no languages", "languages: []\n", nil, "handbook.yaml:1:12: languages: list the manual's languages"},
		{"attestation", "audit:\n  attestation: {interval: 1y, by_kind: {team: 6m}, by_sensitivity: {confidential: 90d}, grace: 14d}\n", func(c Config) bool {
			a := c.Audit.Attestation
			return a.Configured() && a.For("team", "internal").String() == "6m" && a.For("team", "confidential").String() == "90d" &&
				a.For("website", "").String() == "1y" && a.Grace.String() == "14d"
		}, ""},
		{"attestation of some kinds", "audit:\n  attestation: {kinds: [sharepoint-site], interval: 1y}\n", func(c Config) bool {
			a := c.Audit.Attestation
			return a.For("sharepoint-site", "").String() == "1y" && a.For("team", "").IsZero()
		}, ""},
		{"no attestation", "audit:\n  min_owners: 1\n", func(c Config) bool {
			return !c.Audit.Attestation.Configured() && c.Audit.Attestation.For("team", "").IsZero()
		}, ""},
		{"attestation key", "audit:\n  attestation: {intervall: 1y}\n", nil, `handbook.yaml:2:17: unknown key "audit.attestation.intervall"; did you mean interval?`},
		{"attestation interval", "audit:\n  attestation:\n    by_kind: {team: 6x}\n", nil, `handbook.yaml:3:21: audit.attestation.by_kind.team: "6x" has an unknown unit "x"`},
		{"attestation as text", "audit:\n  attestation: yearly\n", nil, "handbook.yaml:2:16: audit.attestation must be a mapping such as {interval: 1y, by_sensitivity: {confidential: 90d}}"},
		{"bad base url", "base_url: ftp://x\n", nil, "handbook.yaml:1:11: base_url must be"},
		{"markup in the base url", "base_url: 'https://intranet.example/x\"><script>alert(1)</script>'\n", nil, `handbook.yaml:1:11: base_url holds '"', which has no place in an address`},
		{"a space in the base url", "base_url: /my manual/\n", nil, "base_url holds ' '"},
		{"wrong type", "print_max_pages: many\n", nil, "handbook.yaml:1:18: print_max_pages must be a whole number"},
		{"bad yaml", "title: [a\n", nil, "handbook.yaml:1:"},
		{"title as list", "title: [a, b]\n", nil, "handbook.yaml:1:8: title must be text"},
		// A version's folder may not stand where the latest version's
		// generated files and sections are (hardening 10).
		{"version named like a generated section", "versions:\n  - name: search\n    latest: true\n", nil, `handbook.yaml:2:1: version name "search" is the generated section search/, which handbook writes at the site root; choose another name, such as vsearch`},
		{"version named like the sitemap", "versions:\n  - {name: '2025', latest: true}\n  - name: Sitemap.XML\n", nil, `handbook.yaml:3:1: version name "Sitemap.XML" is the file sitemap.xml, which handbook writes at the site root`},
		{"alias named like the manifest", "versions:\n  - {name: '2025', latest: true, aliases: [manifest.json]}\n", nil, `version name "manifest.json" is the file manifest.json`},
		{"unsanitised files", "unsanitised_files: [content/tools/*.html, 'static/**/*.svg']\n", func(c Config) bool { return len(c.UnsanitisedFiles) == 2 && c.UnsanitisedLine == 1 }, ""},
		{"unsanitised files outside", "unsanitised_files: [../x.html]\n", nil, `handbook.yaml:1:20: unsanitised_files: "../x.html" is not a glob inside the project`},
		{"default content folder", "", func(c Config) bool { return c.ContentDir == "content" }, ""},
		{"content folder of an MkDocs project", "content_dir: docs/\n", func(c Config) bool { return c.ContentDir == "docs" }, ""},
		{"nested content folder", "content_dir: ./SharePoint/SharePointOnline\n", func(c Config) bool { return c.ContentDir == "SharePoint/SharePointOnline" }, ""},
		{"content folder is the project", "content_dir: .\n", nil, "handbook.yaml:1:14: content_dir must name a folder inside the project"},
		{"content folder outside", "content_dir: ../docs\n", nil, "handbook.yaml:1:14: content_dir \"../docs\" leaves the project"},
		{"absolute content folder", "content_dir: /srv/docs\n", nil, "handbook.yaml:1:14: content_dir \"/srv/docs\" leaves the project"},
		{"static folders", "content_dir: docs\nstatic_dirs: [static, website/static/]\n", func(c Config) bool {
			return len(c.StaticDirs) == 2 && c.StaticDirs[0] == "static" && c.StaticDirs[1] == "website/static"
		}, ""},
		{"static folder outside", "static_dirs: [../static]\n", nil, "handbook.yaml:1:14: static_dirs \"../static\" leaves the project"},
		{"static folder is assets", "static_dirs: [assets]\n", nil, "handbook.yaml:1:14: static_dirs \"assets\" is the project's assets/ folder"},
		{"static folder in the content folder", "content_dir: docs\nstatic_dirs: [docs/img]\n", nil, "handbook.yaml:2:14: static_dirs: docs/img/ overlaps content_dir docs/"},
		{"content folder is templates", "content_dir: templates\n", nil, "handbook.yaml:1:14: content_dir \"templates\" is the project's templates/ folder"},
		{"generated folders", "generated:\n  search: find\n  tags: /site/labels/\n  assets: _site/static/\n", func(c Config) bool {
			return c.Generated["search"] == GeneratedPath{"find/", 2, 11} && c.Generated["tags"].Path == "site/labels/" && c.Generated["assets"].Path == "_site/static/" && len(c.Generated) == 3
		}, ""},
		{"generated unknown section", "generated:\n  serch: find/\n", nil, "handbook.yaml:2:3: unknown key \"generated.serch\"; known keys are: search, status, changes, audit, inventory, tags, assets"},
		{"generated climbing", "generated:\n  search: ../find/\n", nil, "handbook.yaml:2:11: generated.search: \"../find/\" is not a folder below the site root"},
		{"generated upper case", "generated:\n  search: Find/\n", nil, "handbook.yaml:2:11: generated.search: \"Find/\" is not a folder below the site root"},
		{"generated empty", "generated:\n  search: \"\"\n", nil, "handbook.yaml:2:11: generated.search: \"\" is not a folder"},
		{"generated overlap", "generated:\n  search: x/\n  tags: x/y/\n", nil, "handbook.yaml:3:9: generated.tags: x/y/ overlaps generated.search (x/)"},
		{"generated not a mapping", "generated: find/\n", nil, "handbook.yaml:1:12: generated must be a mapping of section names"},
		// connect_to (issue 16): a web source checks a site by its real
		// name at another address; every mapping is checked at its line.
		{"connect to", "sources:\n  - name: web\n    type: web\n    connect_to:\n      www.Example.org:443: 127.0.0.1:18443\n      '[::1]:80': '[::1]:8080'\n", func(c Config) bool {
			m := c.Sources[0].ConnectTo
			return len(m) == 2 && m["www.example.org:443"] == "127.0.0.1:18443" && m["[::1]:80"] == "[::1]:8080"
		}, ""},
		{"connect to without port", "sources:\n  - name: web\n    type: web\n    connect_to:\n      www.example.org:443: 127.0.0.1:18443\n      shop.example.org: 127.0.0.1:18443\n", nil,
			`handbook.yaml:6:7: connect_to: "shop.example.org" has no port; write the site as host:port`},
		{"connect to a bad address", "sources:\n  - name: web\n    type: web\n    connect_to:\n      www.example.org:443: 127.0.0.1:99999\n", nil,
			`handbook.yaml:5:28: connect_to: www.example.org:443 goes to "127.0.0.1:99999", which has no port number from 1 to 65535`},
		{"connect to not a mapping", "sources:\n  - name: web\n    type: web\n    connect_to: 127.0.0.1:18443\n", nil, "handbook.yaml:4:17: connect_to must map host:port to host:port"},
		{"connect to on another source", "sources:\n  - name: wiki\n    type: confluence-dc\n    url: https://wiki.example\n    token_env: T\n    connect_to:\n      wiki.example:443: 10.0.0.5:443\n", nil,
			"handbook.yaml:6:5: connect_to applies to web sources; source wiki is of type confluence-dc"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg, diags := Parse([]byte(tt.src))
			if tt.wantErr != "" {
				if len(diags) == 0 || !strings.Contains(diags[0].String(), tt.wantErr) {
					t.Fatalf("diagnostics = %v, want %q", diags, tt.wantErr)
				}
				return
			}
			if len(diags) != 0 {
				t.Fatalf("unexpected diagnostics: %v", diags)
			}
			if !tt.check(cfg) {
				t.Errorf("config = %+v", cfg)
			}
		})
	}
}
