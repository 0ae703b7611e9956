package search

import (
	"slices"

	"github.com/handbook-dev/handbook/generator/config"
	"github.com/handbook-dev/handbook/generator/inventory"
	"github.com/handbook-dev/handbook/generator/source"
)

// ValueCheck is what source.CheckValues checks the pages' audience and
// platform values against: the audiences and platforms handbook.yaml
// declares, and, when it declares no platforms, the platforms of the
// inventory's kinds (built-in and declared; a provider is none), as the search's platform
// facet names them (ItemPlatform).
func ValueCheck(cfg config.Config, tree *source.Tree) source.ValueCheck {
	var known []string
	for _, kind := range append(slices.Clone(inventory.Kinds), cfg.Inventory.Kinds...) {
		if kind == inventory.KindProvider {
			continue // a hosting company, not a platform pages are about
		}
		if p := ItemPlatform(kind); !slices.Contains(known, p) {
			known = append(known, p)
		}
	}
	return source.ValueCheck{Paths: tree.Paths(), Audiences: cfg.Audiences, AudiencesLine: cfg.AudiencesLine,
		Platforms: cfg.Platforms, PlatformsLine: cfg.PlatformsLine, KnownPlatforms: known}
}
