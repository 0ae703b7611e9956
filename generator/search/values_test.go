package search

import (
	"slices"
	"testing"

	"github.com/handbook-dev/handbook/generator/config"
	"github.com/handbook-dev/handbook/generator/source"
)

// TestValueCheck: the known platforms are those of the built-in and
// declared kinds as the platform facet names them, each once; the
// declared audiences and platforms come from handbook.yaml.
func TestValueCheck(t *testing.T) {
	tree := &source.Tree{Files: []source.File{{Rel: "a.md", Path: "content/a.md"}, {Rel: "logo.png", Path: "content/logo.png"}}}
	tests := []struct {
		name          string
		cfg           config.Config
		wantKnown     []string
		wantPlatforms []string
	}{
		{name: "built-in kinds", wantKnown: []string{"confluence", "sharepoint", "teams", "onedrive", "website", "webshop"}},
		{name: "declared kinds", cfg: config.Config{Inventory: config.Inventory{Kinds: []string{"printer", "team"}}},
			wantKnown: []string{"confluence", "sharepoint", "teams", "onedrive", "website", "webshop", "printer"}},
		{name: "declared platforms", cfg: config.Config{Platforms: []string{"sap"}, PlatformsLine: 4},
			wantKnown: []string{"confluence", "sharepoint", "teams", "onedrive", "website", "webshop"}, wantPlatforms: []string{"sap"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			vc := ValueCheck(tt.cfg, tree)
			if !slices.Equal(vc.KnownPlatforms, tt.wantKnown) {
				t.Errorf("KnownPlatforms = %q, want %q", vc.KnownPlatforms, tt.wantKnown)
			}
			if !slices.Equal(vc.Platforms, tt.wantPlatforms) || vc.PlatformsLine != tt.cfg.PlatformsLine {
				t.Errorf("Platforms = %q at %d", vc.Platforms, vc.PlatformsLine)
			}
			if len(vc.Paths) != 1 || vc.Paths["a.md"] != "content/a.md" {
				t.Errorf("Paths = %v, want the one page", vc.Paths)
			}
		})
	}
}
