package search

import (
	"sort"
	"strings"

	"github.com/handbook-dev/handbook/generator/audit"
	"github.com/handbook-dev/handbook/generator/inventory"
	"github.com/handbook-dev/handbook/generator/markdown"
	"github.com/handbook-dev/handbook/generator/site"
)

// Kinds of search documents, the values of the kind facet.
const (
	KindProcedure = "procedure"
	KindItem      = "item"
	KindAudit     = "audit"
)

// kindOrder numbers documents kind by kind, so that the kind facet is a
// few ranges of document numbers in the metadata rather than a list.
var kindOrder = map[string]int{KindProcedure: 0, KindItem: 1, KindAudit: 2}

// Fields of a document, with the weight of a word in each: a word in the
// title counts most, then headings, then the keywords (owner, tags,
// inventory names and ids), then the body text.
const (
	fieldTitle = iota
	fieldHeadings
	fieldKeywords
	fieldBody
	nFields
)

var (
	fieldWeight = [nFields]float64{8, 3, 2, 1}
	// fieldB is BM25's length normalisation per field: short fields
	// (titles) barely depend on their length.
	fieldB = [nFields]float64{0.3, 0.5, 0.3, 0.75}
)

// doc is one search result: a page, an inventory item or an audit page.
type doc struct {
	url, title, crumbs, kind, lang, platform string
	audience, tags, owners                   []string
	// text holds each field's text; sections the text per heading,
	// shown as snippets. When indexSections is set, the sections'
	// headings and text are the headings and body fields (a page's are
	// not copied into text).
	text          [nFields]string
	sections      []markdown.Section
	indexSections bool
	// content, when set, holds a page's sections instead (read by
	// sectionsNow each time they are needed: a build's spill file keeps
	// them, and the index of a large manual does not hold every page's
	// text at once); description stands in for a page without text.
	content     *site.Content
	description string
	// held are content's sections while the document is analysed and
	// its snippet made (hold), read once for both when first needed
	// (read).
	held          []markdown.Section
	holding, read bool
	// words, when counted, are the words of a page's section headings
	// and text (site.Content.Words).
	words   [2]int
	counted bool
	// key hashes the fields above once keyed (shared.go).
	key   [32]byte
	keyed bool
}

// collect builds the documents from the model.
func collect(s *site.Site, report *audit.Report, opts Options) []*doc {
	defaultLang := opts.Lang
	var docs []*doc
	for _, p := range s.Pages {
		if p.File.Path == "" {
			continue // a generated section listing: its pages are results themselves
		}
		d := &doc{url: p.URL, title: p.Title, kind: KindProcedure, lang: p.Lang, platform: p.Platform, audience: p.Audience, tags: p.Tags}
		if d.lang == "" {
			d.lang = defaultLang
		}
		if p.Owner != "" {
			d.owners = []string{p.Owner}
		}
		var crumbs []string
		for _, a := range p.Ancestors() {
			if a.Parent != nil {
				crumbs = append(crumbs, a.Page.Title)
			}
		}
		d.crumbs = strings.Join(crumbs, " › ")
		d.text[fieldTitle] = p.Title
		kw := []string{p.Owner, p.Description, strings.Join(p.Tags, " ")}
		for _, it := range p.Items {
			// A procedure that names an item is found by the item's
			// name, id and address.
			kw = append(kw, it.Name, it.ID, it.URL)
		}
		d.text[fieldKeywords] = strings.Join(kw, " ")
		if c := s.Content(p); c != nil {
			d.content, d.indexSections = c, true
			d.words, d.counted = c.Words, c.Counted
		}
		d.description = p.Description
		docs = append(docs, d)
	}
	for _, it := range s.Inventory.Items {
		docs = append(docs, itemDoc(it, s, opts))
	}
	if report != nil {
		for _, r := range report.Rules {
			docs = append(docs, ruleDoc(r, report.ForRule(r.ID), opts))
		}
	}
	sort.SliceStable(docs, func(i, j int) bool {
		a, b := docs[i], docs[j]
		if a.kind != b.kind {
			return kindOrder[a.kind] < kindOrder[b.kind]
		}
		if a.platform != b.platform {
			return a.platform < b.platform
		}
		return a.url < b.url
	})
	return docs
}

// sectionsNow returns d's sections: a page's text read from its content
// (a page without any shows its description). A page whose text cannot be
// read back from the build's spill file has none here; its render, which
// reads the same file, fails the build.
func (d *doc) sectionsNow() []markdown.Section {
	sections := d.sections
	switch {
	case d.holding && d.read:
		sections = d.held
	case d.content != nil:
		sections, _ = d.content.Text()
		if d.holding {
			d.held, d.read = sections, true
		}
	}
	if len(sections) == 0 && d.description != "" {
		sections = []markdown.Section{{Text: d.description}}
	}
	return sections
}

// hold keeps d's sections, once read, for what follows until release:
// the analysis and the snippet of a page read its text back from the
// build's spill file once, not twice.
func (d *doc) hold() { d.holding = true }

// release lets the sections hold kept go.
func (d *doc) release() { d.held, d.holding, d.read = nil, false, false }

// ItemPlatform maps an inventory kind to the platform facet value pages
// use: a reader filtering on sharepoint sees its sites too.
func ItemPlatform(kind string) string {
	switch kind {
	case "confluence-space":
		return "confluence"
	case "sharepoint-site":
		return "sharepoint"
	case "team", "channel":
		return "teams"
	}
	return kind // onedrive, website, webshop and declared kinds name their platform
}

func itemDoc(it *inventory.Item, s *site.Site, opts Options) *doc {
	lang := opts.Lang
	owners := it.Owners
	if opts.Person != nil {
		owners = make([]string, len(it.Owners))
		for i, o := range it.Owners {
			owners[i] = opts.Person(o)
		}
	}
	d := &doc{url: s.ItemURL(it), title: it.Name, kind: KindItem, lang: lang, platform: ItemPlatform(it.Kind), owners: owners, tags: it.Tags}
	if d.title == "" {
		d.title = it.ID
	}
	kind := it.Kind
	if opts.KindLabel != nil {
		kind = opts.KindLabel(kind)
	}
	d.crumbs = opts.InventoryLabel + " › " + kind
	d.text[fieldTitle] = d.title
	d.text[fieldKeywords] = strings.Join(append([]string{it.ID, it.URL, it.Kind, strings.Join(owners, " "), strings.Join(it.Tags, " ")}, groupNames(it)...), " ")
	var body []string
	if it.Description != "" {
		body = append(body, it.Description)
	}
	keys := make([]string, 0, len(it.Extra))
	for k := range it.Extra {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		if v, ok := it.Extra[k].(string); ok {
			body = append(body, k+": "+v)
		}
	}
	for _, p := range s.PagesAbout(it) {
		body = append(body, p.Title)
	}
	d.text[fieldBody] = strings.Join(body, ". ")
	text := strings.Join(append([]string{it.ID, it.URL, strings.Join(owners, ", ")}, body...), " · ")
	d.sections = []markdown.Section{{Text: text}}
	return d
}

func groupNames(it *inventory.Item) []string {
	var out []string
	for _, g := range it.Groups {
		out = append(out, g.Group)
	}
	return out
}

func ruleDoc(r *audit.Rule, findings []*audit.Finding, opts Options) *doc {
	lang := opts.Lang
	d := &doc{url: opts.auditDir + r.ID + "/", title: r.Title, kind: KindAudit, lang: lang, crumbs: opts.AuditLabel}
	d.text[fieldTitle] = r.Title
	d.text[fieldKeywords] = r.ID + " " + r.Subject
	var body strings.Builder
	body.WriteString(r.Fix)
	// The findings' subjects make a rule page a result for the page or
	// item it lists; a handful is enough to show up.
	for i, f := range findings {
		if i == 50 {
			break
		}
		body.WriteString(" · ")
		body.WriteString(f.Title)
		body.WriteString(": ")
		body.WriteString(f.Message)
	}
	d.text[fieldBody] = body.String()
	d.sections = []markdown.Section{{Text: r.ID + " · " + d.text[fieldBody]}}
	return d
}
