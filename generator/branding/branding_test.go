package branding

import (
	"regexp"
	"strings"
	"testing"

	"github.com/handbook-dev/handbook/generator/config"
	"github.com/handbook-dev/handbook/generator/internal/testsite"
	"github.com/handbook-dev/handbook/generator/site"
	"github.com/handbook-dev/handbook/generator/source"
)

func TestLoad(t *testing.T) {
	project := testsite.Write(t, map[string]string{
		"assets/logo.svg": "<svg xmlns=\"http://www.w3.org/2000/svg\">\n<rect width=\"1\" height=\"1\"/>\n<script>alert(1)</script></svg>\n",
		"img/icon.png":    "\x89PNG\r\n\x1a\n",
	})
	staticICO := &site.StaticFile{File: source.File{Rel: "favicon.ico", Path: "content/favicon.ico"}, URL: "favicon.ico"}
	tests := []struct {
		name       string
		cfg        config.Config
		static     []*site.StaticFile
		wantLogo   string // pattern
		wantIcons  []string
		wantRoot   []string
		wantAssets []string
		wantDiag   string // part of the one diagnostic, when one
	}{
		{name: "built-in icon", wantIcons: []string{"favicon.ico", "favicon.svg"}, wantRoot: []string{"favicon.svg", "favicon.ico"}},
		{name: "the content's favicon.ico wins", static: []*site.StaticFile{staticICO}, wantIcons: []string{"favicon.ico", "favicon.svg"}, wantRoot: []string{"favicon.svg"}},
		{name: "logo in assets, sanitised; png favicon", cfg: config.Config{Logo: config.File{Path: "assets/logo.svg", Line: 3}, Favicon: config.File{Path: "img/icon.png", Line: 4}},
			wantLogo: `^assets/logo-[0-9a-f]{8}\.svg$`, wantIcons: []string{"assets/favicon-"}, wantRoot: []string{"favicon.ico"}, wantAssets: []string{"logo.svg"},
			wantDiag: "assets/logo.svg:3:9: warning: published sanitised: removed <script>"},
		{name: "missing logo", cfg: config.Config{Logo: config.File{Path: "logo.png", Line: 5}},
			wantIcons: []string{"favicon.ico", "favicon.svg"}, wantRoot: []string{"favicon.svg", "favicon.ico"}, wantDiag: "handbook.yaml:5: logo: logo.png does not exist; the path is relative to the project folder"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := &site.Site{Files: tt.static, Paths: site.DefaultPaths()}
			b, diags := Load(tt.cfg, project, "assets", s)
			if tt.wantLogo == "" && b.Brand.Logo != "" || tt.wantLogo != "" && !regexp.MustCompile(tt.wantLogo).MatchString(b.Brand.Logo) {
				t.Errorf("Logo = %q, want %q", b.Brand.Logo, tt.wantLogo)
			}
			for _, f := range b.Files {
				if strings.Contains(string(f.Data), "<script") {
					t.Errorf("%s kept its script", f.Path)
				}
			}
			var icons, root []string
			for _, i := range b.Brand.Icons {
				icons = append(icons, i.Href)
			}
			for _, a := range b.Brand.RootFiles {
				root = append(root, a.Path)
			}
			if len(icons) != len(tt.wantIcons) {
				t.Errorf("icons %q, want %q", icons, tt.wantIcons)
			}
			for i := range min(len(icons), len(tt.wantIcons)) {
				if !strings.HasPrefix(icons[i], tt.wantIcons[i]) {
					t.Errorf("icons %q, want %q", icons, tt.wantIcons)
				}
			}
			if strings.Join(root, ",") != strings.Join(tt.wantRoot, ",") || strings.Join(b.Assets, ",") != strings.Join(tt.wantAssets, ",") {
				t.Errorf("root files %q (want %q), assets %q (want %q)", root, tt.wantRoot, b.Assets, tt.wantAssets)
			}
			if tt.wantDiag == "" && len(diags) > 0 || tt.wantDiag != "" && (len(diags) != 1 || !strings.Contains(diags[0].String(), tt.wantDiag)) {
				t.Errorf("diagnostics %v, want %q", diags, tt.wantDiag)
			}
		})
	}
}
