package render

import (
	"fmt"
	"html/template"
	"io"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/handbook-dev/handbook/generator/internal/jsonx"
	"github.com/handbook-dev/handbook/generator/inventory"
	"github.com/handbook-dev/handbook/generator/site"
	"github.com/handbook-dev/handbook/generator/spreadsheet"
)

// ItemView is an inventory item as templates show it.
type ItemView struct {
	// Item is the item; templates read its fields as .Item.Name etc.
	Item *inventory.Item
	Href string
	// KindLabel is the item's kind as readers call it ("SharePoint site").
	KindLabel string
	// FindingsHTML lists the findings about the item; Open counts those
	// not accepted.
	FindingsHTML template.HTML
	Open         int
	// Matrix is the permissions matrix: one row per group, one column per level.
	Levels []string
	Matrix []MatrixRow
	// Extra lists the item's other keys, sorted.
	Extra []KeyValue
	// Ancestors, then the item, then its children, as a tree.
	Ancestors []Link
	Children  []TreeNode
	Pages     []Item
	// FieldsHTML, MatrixHTML and TreeHTML are the prebuilt fragments of
	// the item's page (see itemhtml.go).
	FieldsHTML, MatrixHTML, TreeHTML template.HTML
	// ComponentsHTML lists the software the item runs.
	ComponentsHTML template.HTML
	// PulledHTML shows what the last pulls found about the item.
	PulledHTML template.HTML
	// ProviderHTML shows a provider's terms, the items it hosts and its
	// requests against the SLA.
	ProviderHTML template.HTML
	// RecordsHTML lists the incidents and changes that name the item;
	// Pages then holds the other pages about it.
	RecordsHTML template.HTML
}

// MatrixRow is one group of a permissions matrix.
type MatrixRow struct {
	Group  string
	Grants []bool // by level, as in ItemView.Levels
}

// KeyValue is one extra field of an item.
type KeyValue struct {
	Key   string
	Value string
}

// TreeNode is an item in a hierarchy.
type TreeNode struct {
	Title, Href, Kind, Status string
	Children                  []TreeNode
}

// KindCount is a line of the inventory overview; Label is the kind's
// label in the site's language.
type KindCount struct {
	Kind, Label string
	Count       int
}

func (r *Renderer) itemLink(at string, it *inventory.Item) string {
	return site.Rel(at, r.site.ItemURL(it))
}

func (r *Renderer) tree(at string, items []*inventory.Item) []TreeNode {
	var out []TreeNode
	for _, it := range items {
		out = append(out, TreeNode{Title: it.Name, Href: r.itemLink(at, it), Kind: r.opts.Translator.Kind(it.Kind), Status: it.Status, Children: r.tree(at, it.Children)})
	}
	return out
}

// inventoryWholeJobs render the outputs about the whole inventory.
func (r *Renderer) inventoryWholeJobs(w Writer) []func() error {
	inv := r.site.Inventory
	if inv == nil || len(inv.Items) == 0 {
		return nil
	}
	return []func() error{
		func() error { return r.inventoryIndex(w) },
		func() error { return r.exportJSON(w) },
		func() error { return r.exportCSV(w) },
		func() error { return r.hierarchy(w) },
	}
}

// inventoryJobs render one page per item.
func (r *Renderer) inventoryJobs(w Writer) []func() error {
	inv := r.site.Inventory
	if inv == nil {
		return nil
	}
	var jobs []func() error
	for _, it := range inv.Items {
		jobs = append(jobs, func() error { return r.item(w, it) })
	}
	return jobs
}

func (r *Renderer) inventoryView(at, title, kind string) *View {
	v := &View{Site: r.siteView(site.RootPrefix(at)), Kind: kind, Title: title, Lang: r.site.Config.Language}
	v.Sidebar = r.nav.sidebar(r.site.Root.Page, at)
	v.Crumbs = []Link{{Title: r.site.Root.Page.Title, Href: site.Rel(at, "")}}
	if at != r.site.Paths.Inventory {
		v.Crumbs = append(v.Crumbs, Link{Title: r.opts.Translator.T("inventory"), Href: site.Rel(at, r.site.Paths.Inventory)})
	}
	return v
}

func (r *Renderer) inventoryIndex(w Writer) error {
	inv := r.site.Inventory
	v := r.inventoryView(r.site.Paths.Inventory, r.opts.Translator.T("inventory"), "inventory")
	counts := inv.CountByKind()
	for _, k := range inv.Kinds {
		if counts[k] > 0 {
			v.KindCounts = append(v.KindCounts, KindCount{Kind: k, Label: r.opts.Translator.Kind(k), Count: counts[k]})
		}
	}
	for _, it := range inv.Items {
		v.Items = append(v.Items, r.itemView(r.site.Paths.Inventory, it, false))
	}
	v.RowsHTML = r.inventoryRows(v.Items)
	if r.opts.Audit != nil {
		v.FindingsHTML = r.findingsHTML(r.findingViews(r.site.Paths.Inventory, r.opts.Audit.ForRule("undeclared")))
	}
	return r.execute(w, "inventory.html", r.site.Paths.Inventory+"index.html", v)
}

func (r *Renderer) hierarchy(w Writer) error {
	v := r.inventoryView(r.site.Paths.Hierarchy(), r.opts.Translator.T("hierarchy"), "hierarchy")
	v.TreeHTML = treeHTML(r.tree(r.site.Paths.Hierarchy(), r.site.Inventory.Roots))
	return r.execute(w, "hierarchy.html", r.site.Paths.Hierarchy()+"index.html", v)
}

func (r *Renderer) itemView(at string, it *inventory.Item, full bool) ItemView {
	iv := ItemView{Item: it, Href: r.itemLink(at, it), KindLabel: r.opts.Translator.Kind(it.Kind)}
	if r.opts.Audit != nil {
		for _, f := range r.opts.Audit.ForItem(it) {
			if f.Accepted == nil {
				iv.Open++
			}
		}
		if full {
			iv.FindingsHTML = r.findingsHTML(r.findingViews(at, r.opts.Audit.ForItem(it)))
		}
	}
	if !full {
		return iv
	}
	iv.Levels = it.Levels()
	for _, g := range it.Groups {
		row := MatrixRow{Group: g.Group, Grants: make([]bool, len(iv.Levels))}
		for i, l := range iv.Levels {
			row.Grants[i] = l == g.Level
		}
		// One group may hold several levels: merge its rows.
		if n := len(iv.Matrix); n > 0 && iv.Matrix[n-1].Group == g.Group {
			for i := range row.Grants {
				iv.Matrix[n-1].Grants[i] = iv.Matrix[n-1].Grants[i] || row.Grants[i]
			}
			continue
		}
		iv.Matrix = append(iv.Matrix, row)
	}
	// Groups by their most powerful level, as the columns run (a grant
	// is in the first column it holds).
	first := func(row MatrixRow) int {
		for i, g := range row.Grants {
			if g {
				return i
			}
		}
		return len(row.Grants)
	}
	sort.SliceStable(iv.Matrix, func(i, j int) bool { return first(iv.Matrix[i]) < first(iv.Matrix[j]) })
	for k, val := range it.Extra {
		iv.Extra = append(iv.Extra, KeyValue{Key: k, Value: fmt.Sprint(val)})
	}
	sort.Slice(iv.Extra, func(i, j int) bool { return iv.Extra[i].Key < iv.Extra[j].Key })
	for _, a := range it.Ancestors() {
		iv.Ancestors = append(iv.Ancestors, Link{Title: a.Name, Href: r.itemLink(at, a)})
	}
	iv.Children = r.tree(at, it.Children)
	for _, p := range r.site.PagesAbout(it) {
		if p.Record != nil {
			continue
		}
		iv.Pages = append(iv.Pages, Item{Title: p.Title, Href: site.Rel(at, p.URL), Description: p.Description, Owner: p.Owner})
	}
	iv.FieldsHTML = r.itemFields(at, it, iv.Extra)
	iv.MatrixHTML = r.itemMatrix(iv.Levels, iv.Matrix)
	iv.ComponentsHTML = r.itemComponents(it.Components)
	iv.TreeHTML = r.itemTree(it, iv.Ancestors, iv.Children)
	iv.PulledHTML = r.pulledHTML(it)
	iv.ProviderHTML = r.providerHTML(at, it)
	iv.RecordsHTML = r.itemRecords(at, it)
	return iv
}

func (r *Renderer) item(w Writer, it *inventory.Item) error {
	at := r.site.ItemURL(it)
	v := r.inventoryView(at, it.Name, "item")
	iv := r.itemView(at, it, true)
	v.Item = &iv
	return r.execute(w, "item.html", at+"index.html", v)
}

// exportColumns are the columns of inventory.csv, in order.
var exportColumns = []string{"id", "kind", "name", "url", "parent", "owners", "groups", "members", "external_sharing", "sensitivity", "created", "last_activity", "status", "tags", "description", "components", "hosting", "procedures", "built_at", "source_commit"}

func date(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.Format(time.DateOnly)
}

// components is the components cell of inventory.csv, in the form an
// inventory's CSV reads back: name@version;name@version.
func components(it *inventory.Item) string {
	out := make([]string, len(it.Components))
	for i, c := range it.Components {
		out[i] = c.String()
	}
	return strings.Join(out, ";")
}

func grants(it *inventory.Item) []string {
	var out []string
	for _, g := range it.Groups {
		out = append(out, g.Group+":"+g.Level)
	}
	return out
}

func (r *Renderer) procedures(it *inventory.Item) []string {
	var out []string
	for _, p := range r.site.PagesAbout(it) {
		if p.Record == nil { // incidents and changes are not procedures
			out = append(out, p.URL)
		}
	}
	return out
}

// exportCSV writes the inventory for auditors who work in spreadsheets:
// the same columns as the input CSV format, plus the procedures that name
// each item, the build time and the source commit on every row.
func (r *Renderer) exportCSV(w Writer) error {
	return Stream(w, r.site.Paths.InventoryCSV(), func(out io.Writer) error {
		cw := spreadsheet.NewWriter(out)
		_ = cw.Write(exportColumns)
		built := r.site.BuildTime.UTC().Format(time.RFC3339)
		for _, it := range r.site.Inventory.Items {
			members := ""
			if it.HasMembers {
				members = strconv.Itoa(it.Members)
			}
			_ = cw.Write([]string{it.ID, it.Kind, it.Name, it.URL, it.ParentID, strings.Join(it.Owners, ";"), strings.Join(grants(it), ";"), members,
				it.ExternalSharing, it.Sensitivity, date(it.Created), date(it.LastActivity), it.Status, strings.Join(it.Tags, ";"), it.Description,
				components(it), it.Hosting, strings.Join(r.procedures(it), ";"), built, r.site.SourceCommit})
		}
		cw.Flush()
		return cw.Error()
	})
}

type exportItem struct {
	ID              string            `json:"id"`
	Kind            string            `json:"kind"`
	Name            string            `json:"name"`
	URL             string            `json:"url,omitempty"`
	Parent          string            `json:"parent,omitempty"`
	Owners          []string          `json:"owners"`
	Groups          map[string]string `json:"groups,omitempty"`
	Members         *int              `json:"members,omitempty"`
	ExternalSharing string            `json:"external_sharing,omitempty"`
	Sensitivity     string            `json:"sensitivity,omitempty"`
	Created         string            `json:"created,omitempty"`
	LastActivity    string            `json:"last_activity,omitempty"`
	Status          string            `json:"status"`
	Tags            []string          `json:"tags,omitempty"`
	Description     string            `json:"description,omitempty"`
	Components      []exportComponent `json:"components,omitempty"`
	Hosting         string            `json:"hosting,omitempty"`
	Provider        *exportProvider   `json:"provider,omitempty"`
	Extra           map[string]any    `json:"extra,omitempty"`
	Procedures      []string          `json:"procedures"`
	Source          string            `json:"source"`
}

// exportComponent is a component as the JSON export lists it.
type exportComponent struct {
	Name        string `json:"name"`
	Version     string `json:"version"`
	PatchWithin string `json:"patch_within,omitempty"`
}

// exportProvider is a provider's terms as the JSON export lists them.
type exportProvider struct {
	Contract      string      `json:"contract,omitempty"`
	ContractEnds  string      `json:"contract_ends,omitempty"`
	Portal        string      `json:"portal,omitempty"`
	Contacts      []string    `json:"contacts,omitempty"`
	SLA           []exportSLA `json:"sla,omitempty"`
	Escalation    []string    `json:"escalation,omitempty"`
	OpenRequests  int         `json:"open_requests"`
	RequestsLate  int         `json:"requests_past_sla"`
	TotalRequests int         `json:"requests"`
}

// exportSLA is one SLA tier: targets as written, and in minutes of the
// tier's hours.
type exportSLA struct {
	Priority          string `json:"priority,omitempty"`
	Response          string `json:"response,omitempty"`
	Resolution        string `json:"resolution,omitempty"`
	ResponseMinutes   int    `json:"response_minutes,omitempty"`
	ResolutionMinutes int    `json:"resolution_minutes,omitempty"`
	Hours             string `json:"hours"`
}

func (r *Renderer) exportProvider(it *inventory.Item) *exportProvider {
	p := it.Provider
	if p == nil {
		return nil
	}
	e := &exportProvider{Contract: strings.Join(nonEmpty(p.Contract.Name, p.Contract.Reference), ", "), ContractEnds: date(p.Contract.Ends), Portal: p.Portal}
	for _, c := range p.Contacts {
		e.Contacts = append(e.Contacts, c.String())
	}
	for _, tier := range p.SLA {
		hours := tier.Hours.Text
		if tier.Hours.AroundTheClock() {
			hours = "24/7"
		}
		e.SLA = append(e.SLA, exportSLA{Priority: tier.Priority, Response: tier.Response.Text, Resolution: tier.Resolution.Text,
			ResponseMinutes: int(tier.Response.D / time.Minute), ResolutionMinutes: int(tier.Resolution.D / time.Minute), Hours: hours})
	}
	for _, step := range p.Escalation {
		s := step.Contact
		if !step.After.IsZero() {
			s = "after " + step.After.Text + ": " + s
		}
		e.Escalation = append(e.Escalation, s)
	}
	for _, q := range r.site.RequestsOf(it) {
		e.TotalRequests++
		if q.Record.Open() {
			e.OpenRequests++
		}
		if r.site.RequestSLA(q).Overdue {
			e.RequestsLate++
		}
	}
	return e
}

func (r *Renderer) exportJSON(w Writer) error {
	items := func(yield func(exportItem) bool) {
		for _, it := range r.site.Inventory.Items {
			if !yield(r.exportItem(it)) {
				return
			}
		}
	}
	return Stream(w, r.site.Paths.InventoryJSON(), func(out io.Writer) error {
		return jsonx.Write(out, []jsonx.Field{
			{Key: "generator", Value: "handbook"},
			{Key: "built_at", Value: r.site.BuildTime.UTC()},
			{Key: "source_commit", Value: r.site.SourceCommit},
			{Key: "items", List: true},
		}, items)
	})
}

// exportItem is it as the JSON export lists it.
func (r *Renderer) exportItem(it *inventory.Item) exportItem {
	e := exportItem{ID: it.ID, Kind: it.Kind, Name: it.Name, URL: it.URL, Parent: it.ParentID, Owners: it.Owners,
		ExternalSharing: it.ExternalSharing, Sensitivity: it.Sensitivity, Created: date(it.Created), LastActivity: date(it.LastActivity),
		Status: it.Status, Tags: it.Tags, Description: it.Description, Hosting: it.Hosting, Provider: r.exportProvider(it), Extra: it.Extra, Procedures: r.procedures(it),
		Source: fmt.Sprintf("%s:%d", it.Pos.Path, it.Pos.Line)}
	if e.Owners == nil {
		e.Owners = []string{}
	}
	if e.Procedures == nil {
		e.Procedures = []string{}
	}
	if it.HasMembers {
		m := it.Members
		e.Members = &m
	}
	for _, c := range it.Components {
		e.Components = append(e.Components, exportComponent{Name: c.Name, Version: c.Version, PatchWithin: c.PatchWithin.String()})
	}
	if len(it.Groups) > 0 {
		e.Groups = map[string]string{}
		for _, g := range it.Groups {
			e.Groups[g.Group] = g.Level
		}
	}
	return e
}
