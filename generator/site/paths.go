package site

import (
	"path"
	"slices"
	"sort"
	"strings"

	"github.com/handbook-dev/handbook/generator/config"
	"github.com/handbook-dev/handbook/generator/diag"
)

// The registry of the output paths handbook generates. There are three
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
//     browsers, crawlers and handbook itself expect, and each section's
//     print view (PrintFile); content there is an error at the page's
//     line.
//   - files content wins without a move: the built-in icons (IconFiles)
//     and the record lists (IncidentsURL, ChangeLogURL), which handbook
//     leaves out when content is there.
//
// Site.Generated answers for every class; publish refuses a second
// write of one path in a build, so no two writers ever race.
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

// FixedFiles are the root files handbook writes whose paths never move
// (config.RootFiles, which version names are checked against).
var FixedFiles = config.RootFiles

// IconFiles are the built-in browser icons written at the site root,
// where browsers ask for favicon.ico without a link. Content wins them:
// a file of the content there is published instead.
var IconFiles = []string{IconICO, IconSVG}

// The built-in icons' files (IconFiles).
const (
	IconICO = "favicon.ico"
	IconSVG = "favicon.svg"
)

// generatedFiles maps the lower-cased output files handbook generates
// at fixed places (FixedFiles but the home page's index.html, and every
// section's print view) to a description: content there is an error at
// its path (checkCollisions), and so is an alias (collectAliases).
func (s *Site) generatedFiles() map[string]string {
	generated := map[string]string{}
	for _, f := range FixedFiles {
		if f != "index.html" { // the home page's, claimed like any page's
			generated[f] = "a file handbook generates"
		}
	}
	for _, sec := range s.Sections {
		generated[strings.ToLower(sec.Page.URL+PrintFile)] = "the print view of " + sec.Page.Path()
	}
	return generated
}

// Generated says what handbook itself writes at the output path out (a
// path below the site root, compared without case), or "" for none: a
// file of generatedFiles, a file inside a movable section, a built-in
// icon, or a record list it generates. It is the whole registry in one
// question; the test that every file a render writes is either the
// content's or named here keeps it complete.
func (s *Site) Generated(out string) string {
	out = strings.ToLower(out)
	if what, ok := s.generatedFiles()[out]; ok {
		return what
	}
	for _, name := range Movable {
		if strings.HasPrefix(out, strings.ToLower(s.Paths.Get(name))) {
			return "handbook's generated " + name + " section"
		}
	}
	if slices.Contains(IconFiles, out) {
		return "handbook's built-in icon"
	}
	return s.recordList(out)
}

// recordList names the record list the site generates at the output
// file out (lower case), or "" when it generates none there.
func (s *Site) recordList(out string) string {
	for _, u := range []string{IncidentsURL, ChangeLogURL} {
		if out == u+"index.html" && s.RecordListGenerated(u) {
			return "the list of records at /" + u
		}
	}
	return ""
}

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

// produced reports whether this site writes the section name at all:
// a move of one it does not write needs no note.
func (s *Site) produced(name string) bool {
	switch name {
	case "status":
		return len(s.Snapshots.Web) > 0
	case "inventory":
		return len(s.Inventory.Items) > 0
	case "changes":
		return (s.History != nil && len(s.History.Commits) > 0) || len(s.Snapshots.Changes) > 0 || len(s.Config.Versions) > 0
	}
	return true
}

// resolvePaths places the movable sections: at handbook.yaml's
// generated: folder when set, else at the default unless content takes
// it, else below MovedBase. owners holds every content output path in
// lower case with its source; a section is taken when one of them is at
// or below its folder, or is a file of the folder's name.
func (s *Site) resolvePaths(owners map[string]string) (Paths, diag.List) {
	var diags diag.List
	p := DefaultPaths()
	keys := make([]string, 0, len(owners))
	for k := range owners {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	takenBy := func(dir string) string {
		dir = strings.ToLower(dir)
		if i := sort.SearchStrings(keys, dir); i < len(keys) && strings.HasPrefix(keys[i], dir) {
			return owners[keys[i]]
		}
		return owners[strings.TrimSuffix(dir, "/")]
	}
	configured := s.Config.Generated
	for _, name := range Movable {
		at := p.field(name)
		if g, ok := configured[name]; ok {
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
			diags.Errorf(other, 0, 0, "maps to %s, where handbook moves its %s section because %s takes %s; move it, or set generated.%s in %s", moved, name, src, *at, name, config.FileName)
			continue
		}
		if s.produced(name) {
			diags.Notef(contentFolder(src, *at), 0, 0, "the content has %s, so handbook's generated %s section moves to %s (set generated.%s in %s to choose another folder)", *at, name, moved, name, config.FileName)
		}
		*at = moved
	}
	// A configured folder may not hold another section or a fixed file.
	for _, name := range Movable {
		g, ok := configured[name]
		if !ok {
			continue
		}
		for _, other := range Movable {
			if o := p.Get(other); other != name && (strings.HasPrefix(o, g.Path) || strings.HasPrefix(g.Path, o)) {
				diags.Errorf(config.FileName, g.Line, g.Col, "generated.%s: %s overlaps the %s section at %s; give each section a folder of its own", name, g.Path, other, o)
			}
		}
		for _, f := range FixedFiles {
			if strings.HasPrefix(g.Path, f+"/") {
				diags.Errorf(config.FileName, g.Line, g.Col, "generated.%s: %s would put a folder where handbook writes the file %s; choose another folder", name, g.Path, f)
			}
		}
	}
	return p, diags
}

// contentFolder names the content folder at the output folder dir
// (content/search/ for content/search/runbook.md at search/), or src
// itself when it does not lie below such a folder (a page whose url:
// front matter puts it there, or content/search.md).
func contentFolder(src, dir string) string {
	depth := strings.Count(dir, "/")
	parts := strings.Split(src, "/")
	if len(parts) > depth+1 {
		folder := path.Join(parts[:depth+1]...) + "/"
		if strings.EqualFold(urlDir(strings.Join(parts[1:depth+1], "/")), dir) {
			return folder
		}
	}
	return src
}

// urlDir slugs each segment of a content folder, ending in '/'.
func urlDir(dir string) string {
	segs := strings.Split(dir, "/")
	for i, seg := range segs {
		segs[i] = slug(seg)
	}
	return strings.Join(segs, "/") + "/"
}
