// Package inventory loads the declared structure of a company's
// collaboration spaces and websites: Confluence spaces, SharePoint sites,
// Teams and channels, OneDrive accounts, websites and webshops, with their
// owners, groups, sharing and hierarchy. Items come from YAML, JSON and CSV
// files in the site project; every problem is reported at its file position.
package inventory

import (
	"sort"
	"strings"
	"time"
)

// Kinds are the built-in item kinds. A project may declare more in
// handbook.yaml (inventory.kinds).
var Kinds = []string{"confluence-space", "sharepoint-site", "team", "channel", "onedrive", "website", "webshop", KindProvider}

// Sharing levels, from the most restrictive to the most open.
var Sharing = []string{"disabled", "existing-guests", "new-and-existing-guests", "anyone"}

// Statuses of an item.
var Statuses = []string{"active", "archived", "retired"}

// SharingRank returns the position of a sharing level in Sharing (higher is
// more open), or -1.
func SharingRank(level string) int {
	for i, s := range Sharing {
		if s == level {
			return i
		}
	}
	return -1
}

// Item is one space, site, team, channel, account or website.
type Item struct {
	ID              string
	Kind            string
	Name            string
	URL             string
	ParentID        string
	Owners          []string
	Groups          []Grant
	Members         int
	HasMembers      bool // Members was given
	ExternalSharing string
	Sensitivity     string
	Created         time.Time
	LastActivity    time.Time
	Status          string
	Tags            []string
	Description     string
	// Components are the software the item runs (components.go).
	Components []Component
	// Hosting is the id of the provider item that hosts the item
	// (hosting: hostned); HostedBy is that item, linked by Load.
	Hosting  string
	HostedBy *Item
	// Hosts are the items whose hosting names this provider.
	Hosts []*Item
	// Attested is the owner's last attestation of the item, or nil
	// (attestation.go).
	Attested *Attestation
	// Escalation names whom an attestation overdue past its grace goes
	// to (addresses or groups; escalation: of an item other than a
	// provider, whose escalation is its support path); without it, the
	// item's other owners.
	Escalation []string
	// Provider holds the terms of an item of kind provider (provider.go).
	Provider *Provider
	// Extra holds every other key, kept and shown as is.
	Extra map[string]any

	// Pos is where the item is declared.
	Pos Pos
	// fields holds the position of each key, for findings about a field
	// (At). A list, not a map: it is a third of the memory of an item of a
	// large inventory, and an item has a few dozen keys at most.
	fields []fieldPos
	// terms keeps the provider keys as written until the item's kind is
	// known (readProvider): on items of other kinds they are extra fields.
	terms []field

	// Parent and Children are linked by Load.
	Parent   *Item
	Children []*Item
}

// Grant gives a group a permission level.
type Grant struct {
	Group string
	Level string
}

// Pos is a position in an inventory file.
type Pos struct {
	Path      string
	Line, Col int
}

// fieldPos is where a key of an item is, in the item's file.
type fieldPos struct {
	key       string
	line, col int32
}

// At returns the position of a field, or of the item.
func (it *Item) At(field string) Pos {
	for _, f := range it.fields {
		if f.key == field {
			return Pos{Path: it.Pos.Path, Line: int(f.line), Col: int(f.col)}
		}
	}
	return it.Pos
}

// setPos records where the key field is; a key given twice is where it
// was given last.
func (it *Item) setPos(field string, p Pos) {
	for i := range it.fields {
		if it.fields[i].key == field {
			it.fields[i].line, it.fields[i].col = int32(p.Line), int32(p.Col)
			return
		}
	}
	it.fields = append(it.fields, fieldPos{key: field, line: int32(p.Line), col: int32(p.Col)})
}

// Levels returns the distinct permission levels of the item's groups,
// the most powerful first (admin, owner, Full Control; then edit, member,
// contribute; then read, visitor, guest), as a reader scans a permission
// matrix; levels of other names follow in alphabetical order.
func (it *Item) Levels() []string {
	seen := map[string]bool{}
	var out []string
	for _, g := range it.Groups {
		if !seen[g.Level] {
			seen[g.Level] = true
			out = append(out, g.Level)
		}
	}
	sort.SliceStable(out, func(i, j int) bool {
		if ri, rj := LevelRank(out[i]), LevelRank(out[j]); ri != rj {
			return ri < rj
		}
		return out[i] < out[j]
	})
	return out
}

// levelRanks places the permission levels of the platforms handbook
// reads, in lower case: 0 administers, 1 edits, 2 reads.
var levelRanks = map[string]int{
	"admin": 0, "administrator": 0, "owner": 0, "owners": 0, "full control": 0, "full": 0, "manage": 0,
	"edit": 1, "editor": 1, "editors": 1, "member": 1, "members": 1, "contribute": 1, "write": 1, "design": 1,
	"read": 2, "reader": 2, "readers": 2, "view": 2, "viewer": 2, "viewers": 2, "visitor": 2, "visitors": 2, "guest": 2, "guests": 2,
}

// LevelRank is the rank of a permission level, 0 the most powerful; a
// level of another name ranks 3, after all known ones.
func LevelRank(level string) int {
	if r, ok := levelRanks[strings.ToLower(strings.TrimSpace(level))]; ok {
		return r
	}
	return 3
}

// Ancestors returns the chain of parents, outermost first.
func (it *Item) Ancestors() []*Item {
	var out []*Item
	for p := it.Parent; p != nil; p = p.Parent {
		out = append([]*Item{p}, out...)
	}
	return out
}

// Inventory is every item of the project.
type Inventory struct {
	// Items in a stable order: by kind (as in Kinds), then name, then id.
	Items []*Item
	// Roots are the items without a parent, in the same order.
	Roots []*Item
	// Kinds lists the kinds known to this project: built-in and declared.
	Kinds []string
	byID  map[string]*Item
	// rejected holds the ids of the items left out for an error already
	// reported (no kind, an unknown kind): a parent or a page naming one
	// is not reported as well.
	rejected map[string]bool
}

// Rejected reports whether id names an item left out of the inventory
// for an error already reported, so that what refers to it is not.
func (inv *Inventory) Rejected(id string) bool {
	return inv != nil && inv.rejected[id]
}

// ByID returns the item with the given id, or nil.
func (inv *Inventory) ByID(id string) *Item {
	if inv == nil {
		return nil
	}
	return inv.byID[id]
}

// CountByKind returns the number of items per kind, for every known kind.
func (inv *Inventory) CountByKind() map[string]int {
	m := map[string]int{}
	for _, it := range inv.Items {
		m[it.Kind]++
	}
	return m
}
