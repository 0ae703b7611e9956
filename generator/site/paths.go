package site

import (
	"path"
	"sort"
	"strings"

	"github.com/handbook-dev/handbook/generator/config"
	"github.com/handbook-dev/handbook/generator/diag"
)

// The registry of the output paths handbook generates. There are two
// classes:
//
//   - movable sections (Paths): folders of generated pages and files
//     (search/, status/, changes/, audit/, inventory/, tags/, assets/).
//     Content wins such a path: when a page, a folder or a static file of
//     the content sits there, the generated section moves below MovedBase
//     (or to the folder handbook.yaml's generated: names), a note says
//     where, and every link follows, because each stage asks Site.Paths.
//   - fixed files (FixedFiles): index.html, 404.html, sitemap.xml,
//     manifest.json and versions.json at the root, whose addresses
//     browsers, crawlers and handbook itself expect; content there is an
//     error at the page's line.
const (
	NotFoundPath = "404.html"
	SitemapPath  = "sitemap.xml"
	ManifestPath = "manifest.json"
	// VersionsPath lists the versions at the root of a versioned site.
	VersionsPath = "versions.json"
	// PrintFile is the print view written into every section's folder.
	PrintFile = "print.html"
	// MovedBase is the folder a movable section moves into when content
	// takes its default path: content can never take it, since a slugged
	// folder name never starts with '_'.
	MovedBase = "_handbook/"
)

// FixedFiles are the root files handbook writes whose paths never move.
var FixedFiles = []string{"index.html", NotFoundPath, SitemapPath, ManifestPath, VersionsPath}

// Paths says where each movable generated section of one site lives,
// each a folder below the site root ending in '/'.
type Paths struct {
	Search, Status, Changes, Audit, Inventory, Tags, Assets string
}

// Movable section names: the keys of handbook.yaml's generated: mapping.
var Movable = config.GeneratedSections

// DefaultPaths are the sections' paths when no content takes them.
func DefaultPaths() Paths {
	return Paths{Search: "search/", Status: "status/", Changes: "changes/", Audit: "audit/", Inventory: "inventory/", Tags: "tags/", Assets: "assets/"}
}

// field returns the section name's path in p, for the registry's loops.
func (p *Paths) field(name string) *string {
	switch name {
	case "search":
		return &p.Search
	case "status":
		return &p.Status
	case "changes":
		return &p.Changes
	case "audit":
		return &p.Audit
	case "inventory":
		return &p.Inventory
	case "tags":
		return &p.Tags
	case "assets":
		return &p.Assets
	}
	panic("site: unknown generated section " + name)
}

// Get returns the path of the section name (one of Movable).
func (p Paths) Get(name string) string { return *p.field(name) }

// Hierarchy is the inventory's tree page.
func (p Paths) Hierarchy() string { return p.Inventory + "hierarchy/" }

// InventoryCSV and InventoryJSON are the inventory's exports.
func (p Paths) InventoryCSV() string  { return p.Inventory + "inventory.csv" }
func (p Paths) InventoryJSON() string { return p.Inventory + "inventory.json" }

// InventoryChanges is the inventory's change log; InventoryChangesFeed its Atom feed.
func (p Paths) InventoryChanges() string     { return p.Inventory + "changes/" }
func (p Paths) InventoryChangesFeed() string { return p.Inventory + "changes/atom.xml" }

// ChangesFeed is the Atom feed of the manual's change log.
func (p Paths) ChangesFeed() string { return p.Changes + "atom.xml" }

// AuditOwners is the audit's list of findings by owner.
func (p Paths) AuditOwners() string { return p.Audit + "owners/" }

// Tag is the page of a tag's slug.
func (p Paths) Tag(slug string) string { return p.Tags + slug + "/" }

// resolvePaths places the movable sections: at handbook.yaml's
// generated: path when set, else at the default unless content takes it,
// else below MovedBase. taken holds every content output path (lower
// case); a section is taken when any of them is at or below its folder.
func resolvePaths(cfg config.Config, owners map[string]string) (Paths, diag.List) {
	var diags diag.List
	p := DefaultPaths()
	keys := make([]string, 0, len(owners))
	for k := range owners {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	// takenBy returns the first content source at or below folder dir.
	takenBy := func(dir string) string {
		dir = strings.ToLower(dir)
		i := sort.SearchStrings(keys, dir)
		if i < len(keys) && strings.HasPrefix(keys[i], dir) {
			return owners[keys[i]]
		}
		// A file named like the folder (content/search as a file).
		if src, ok := owners[strings.TrimSuffix(dir, "/")]; ok {
			return src
		}
		return ""
	}
	for _, name := range Movable {
		at := p.field(name)
		if g, ok := cfg.Generated[name]; ok {
			*at = g.Path
			if src := takenBy(g.Path); src != "" {
				diags.Errorf(config.FileName, g.Line, g.Col, "generated.%s: %s is taken by %s; choose a folder the content does not use", name, g.Path, src)
			}
			continue
		}
		src := takenBy(*at)
		if src == "" {
			continue
		}
		moved := MovedBase + *at
		if other := takenBy(moved); other != "" {
			diags.Errorf(other, 0, 0, "maps to %s, where handbook moves its %s section because %s takes %s; move the page, or set generated.%s in %s", moved, name, src, *at, name, config.FileName)
			continue
		}
		diags.Notef(contentFolder(src, *at), 0, 0, "the content has %s, so handbook's generated %s section moves to %s (set generated.%s in %s to choose another folder)", *at, name, moved, name, config.FileName)
		*at = moved
	}
	return p, diags
}

// contentFolder names the content folder of src that sits at the output
// folder dir (content/search for content/search/index.md), or src itself
// when the folder is a page's own URL (content/search.md).
func contentFolder(src, dir string) string {
	depth := strings.Count(dir, "/")
	parts := strings.Split(src, "/")
	// src is "content/<rel>": keep "content" plus depth segments when
	// src lies deeper than the folder itself.
	if len(parts) > depth+1 {
		return path.Join(parts[:depth+1]...) + "/"
	}
	return src
}
