// Package site is handbook's model of a manual: sections (folders), pages,
// static files and tags, with their URLs and navigation order. It is built
// once from the loaded sources by New and read by every later stage; a
// stage that adds to it (Convert, WithSanitised, WithEdits) returns a new
// Site sharing the rest, and never changes the one it was given.
package site

import (
	"path"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/handbook-dev/handbook/generator/config"
	"github.com/handbook-dev/handbook/generator/history"
	"github.com/handbook-dev/handbook/generator/include"
	"github.com/handbook-dev/handbook/generator/inventory"
	"github.com/handbook-dev/handbook/generator/snapshots"
	"github.com/handbook-dev/handbook/generator/source"
)

// Site is the whole manual.
type Site struct {
	Config config.Config
	// Root is the top section; its page is the home page.
	Root *Section
	// Pages lists every page, section pages included, in navigation order.
	Pages []*Page
	// Sections lists every section in navigation order.
	Sections []*Section
	// Files are the non-Markdown files copied beside the pages.
	Files []*StaticFile
	// Tags lists the tags used by pages, sorted by name.
	Tags []*Tag
	// BuildTime is when the build started; audits measure review dates against it.
	BuildTime time.Time
	// SourceCommit is the Git commit the project was built from, or "unknown".
	SourceCommit string

	// Inventory is the declared structure of spaces, sites and teams;
	// never nil (empty when the project has none).
	Inventory *inventory.Inventory
	// Snapshots are what handbook pull recorded of the platforms; never nil.
	Snapshots *snapshots.Set
	// History is the Git history of the content; nil outside Git.
	History *history.Log
	// Incidents, Changes and Requests are the pages of kind incident,
	// change and request, newest first (see records.go).
	Incidents, Changes, Requests []*Page

	// Aliases are the pages' old addresses, published as redirects.
	Aliases []*Alias

	// Language is the language the site was built for in a manual of
	// several (config's Languages), "" in a manual of one.
	Language string
	// Audience is the audience the site was built for ("" for all).
	Audience string
	// Paths is where the generated sections (search, tags, ...) live:
	// their defaults unless content takes them (see paths.go).
	Paths Paths

	// included holds the Markdown files included into pages, which are
	// not pages themselves (see Options.Included).
	included map[string]bool

	// excluded holds the content-relative paths of the pages, files and
	// folders left out for the audience, so that links to them become
	// plain text rather than broken links.
	excluded map[string]bool
	// excludedPages are the pages left out for the audience in folders
	// that are not: their images and attachments are left out as well.
	excludedPages []*Page
	// unreadable holds the content-relative paths of the Markdown files
	// that make no page because they failed to read or parse (their
	// errors fail the build): links to them are not reported as broken
	// too, so that one mistake is one message.
	unreadable map[string]bool
	// aliasByPath maps each alias, lower case and without its final
	// '/', to its alias, so that links to an old address resolve.
	aliasByPath  map[string]*Alias
	itemPages    map[*inventory.Item][]*Page
	pageBySource map[string]*Page // content-relative source path
	sectionByDir map[string]*Section
	fileByRel    map[string]*StaticFile
	// lookups are the indexes made at their first use, shared by the
	// sites derived from this one that have the same pages and files.
	lookups *lookups

	recordsByItem map[*inventory.Item][]*Page
	// byTranslationKey holds each page and its translations (translations.go).
	byTranslationKey map[string][]*Page
	pageLanguages    map[string]PageLanguage
	// translationStates are the translations' states, by source path.
	translationStates map[string]*TranslationState
	// elsewhere are the pages of the manual's other languages, published
	// in their own sites; languageRoots the paths to those sites' roots.
	elsewhere      []*Elsewhere
	elsewhereByKey map[string][]*Elsewhere
	elsewhereByRel map[string]*Elsewhere
	languageRoots  map[string]string
	// requestsFor holds the requests that serve an incident or a change,
	// by the record's Index; requestsOf a provider's requests.
	requestsFor map[int][]*Page
	requestsOf  map[*inventory.Item][]*Page

	// contents are the pages' converted Markdown, by Page.Index (nil
	// before Convert); sanitised the published bytes of the static
	// files handbook sanitised, by content-relative path. Convert,
	// WithContents and WithSanitised derive a site that holds them:
	// no stage changes the site an earlier one returned.
	contents  Contents
	sanitised Sanitised
}

// lookups are indexes of a site's paths made when first needed.
type lookups struct {
	// folded maps lower-cased content paths to the one path each names
	// ("" when two differ only in case), made at the first foldCase.
	foldOnce sync.Once
	folded   map[string]string
	// pagesByDir and pagesByStem group the pages' sources by folder and
	// by file name, made at the first broken link (see closestPage).
	pageNamesOnce sync.Once
	pagesByDir    map[string][]string
	pagesByStem   map[string][]string
}

// derive returns a shallow copy of s, for a stage to return a site
// that differs from s in what the stage made, sharing everything else.
func (s *Site) derive() *Site {
	d := *s
	return &d
}

// Page is one page of the manual: a Markdown file, or the generated page
// of a section folder that has no index file.
type Page struct {
	source.FrontMatter
	// File is the source; File.Path is empty for a generated section page.
	File source.File
	// generatedPath is the folder a generated section page stands for in
	// diagnostics (content/sharepoint/).
	generatedPath string
	// Body is the Markdown after the front matter (nil when Spilled
	// holds it: read it with Markdown), BodyLine its first line.
	Body     []byte
	Spilled  *source.SpilledBody
	BodyLine int
	// Spans map Body back to the files included into it (nil when none).
	Spans []include.Span
	// TitleFromHeading is set when the title was taken from the body's
	// first level-1 heading, which the page then does not repeat.
	TitleFromHeading bool
	// URL is the page's path below the site root, ending in '/'; the home page's is "".
	URL string
	// StaticIndex, on a generated section page, is the folder's own
	// index.html, published at the page's address instead of the page.
	StaticIndex *StaticFile
	// Parent is the section the page is listed in (nil for the home page).
	Parent *Section
	// Section is set when this page is a section's own page.
	Section *Section
	// Prev and Next are the neighbours in navigation order.
	Prev, Next *Page
	// Index is the page's position in Site.Pages, and its identity
	// across the sites derived from one another: the page a pointer held
	// by the structure (Prev, Next, a section's Children, a tag's Pages,
	// a link's target) names is, in a site s, s.Pages[Index], which an
	// edit of its body may have replaced (see WithEdits). Its converted
	// Markdown is Site.Content(p).
	Index int
	// Items are the inventory items the page names in its front matter.
	Items []*inventory.Item
	// Modified is when the page last changed and ModifiedBy who changed
	// it; ModifiedFrom says where the date comes from (DateFromGit,
	// DateFromFrontMatter or DateFromFile).
	Modified     time.Time
	ModifiedBy   string
	ModifiedFrom string
	// History lists the commits that changed the page, newest first
	// (at most Config.History.Max).
	History []*history.Commit
	// Kind (in FrontMatter) is the page's kind after the cascade;
	// KindFrom says which cascade set it, "" when the page did.
	KindFrom string
	// Record holds the fields of an incident, change or request page,
	// else nil.
	Record *source.Record
	// Language is the page's language in a manual of several (LanguageOf),
	// "" in a manual of one; translationKey joins it to its translations.
	Language       string
	translationKey string
	// Provider is the provider item the record's provider: names, else nil.
	Provider *inventory.Item
	// Serves holds, on a request, the incident and change records it
	// serves (incident:, change:); read them through Site.Current.
	Serves []*Page
}

// Where a page's Modified date comes from.
const (
	DateFromGit         = "git"
	DateFromFrontMatter = "front matter"
	DateFromFile        = "file"
)

// Section is a folder of the content tree.
type Section struct {
	// Dir is the content-relative folder ("" for the root).
	Dir string
	// Page is the section's own page (_index.md, index.md, README.md, or generated).
	Page *Page
	// Parent is the enclosing section (nil for the root).
	Parent *Section
	// Children are the pages listed in the section: its regular pages and
	// the pages of its subsections, ordered by weight, then title.
	Children []*Page
}

// StaticFile is a file copied from the content tree to the output as is,
// or, for an SVG or HTML file, sanitised.
type StaticFile struct {
	File source.File
	// URL is the output path below the site root.
	URL string
}

// Tag groups the pages that carry it.
type Tag struct {
	Name  string
	Slug  string
	Pages []*Page
}

// IsHome reports whether p is the home page.
func (p *Page) IsHome() bool { return p.URL == "" }

// Dir is the content-relative folder of the page's source, against which
// its relative links resolve.
func (p *Page) Dir() string {
	if p.Section != nil {
		return p.Section.Dir
	}
	return path.Dir(p.File.Rel)
}

// Path returns the path shown in diagnostics for the page.
func (p *Page) Path() string {
	if p.File.Path != "" {
		return p.File.Path
	}
	return p.generatedPath
}

// OutputPath is the file the page is written to below the output root.
func (p *Page) OutputPath() string { return p.URL + "index.html" }

// Ancestors returns the sections above p, outermost first, for breadcrumbs.
func (p *Page) Ancestors() []*Section {
	var out []*Section
	s := p.Parent
	for s != nil {
		out = append(out, s)
		s = s.Parent
	}
	for i, j := 0, len(out)-1; i < j; i, j = i+1, j-1 {
		out[i], out[j] = out[j], out[i]
	}
	return out
}

// ReviewDue returns when the page is next due for review, or the zero
// time when it has no review date or interval.
func (p *Page) ReviewDue() time.Time {
	if p.Reviewed.IsZero() || p.ReviewInterval.IsZero() {
		return time.Time{}
	}
	return p.ReviewInterval.After(p.Reviewed)
}

// PageBySource returns the page built from the content-relative path rel.
func (s *Site) PageBySource(rel string) *Page { return s.Current(s.pageBySource[rel]) }

// Counterpart returns the page of s that stands where p, a page of
// another model of the same project, stood: the page of the same source,
// or the generated page of the same folder; nil when there is none.
func (s *Site) Counterpart(p *Page) *Page {
	switch {
	case p == nil:
		return nil
	case p.File.Rel != "":
		return s.PageBySource(p.File.Rel)
	case p.Section != nil:
		if sec := s.sectionByDir[p.Section.Dir]; sec != nil {
			return s.Current(sec.Page)
		}
	}
	return nil
}

// Current returns the value in s of the page p names (nil for nil): p
// itself, or the page an edit of its body put in its place (WithEdits).
func (s *Site) Current(p *Page) *Page {
	if p == nil || p.Index >= len(s.Pages) {
		return p
	}
	if q := s.Pages[p.Index]; q.URL == p.URL && q.File.Rel == p.File.Rel {
		return q
	}
	return p // a page of another model
}

// Excluded reports whether the content-relative path rel (a page, file
// or folder) is left out for the audience being built.
func (s *Site) Excluded(rel string) bool { return s.excluded[rel] }

// SectionByDir returns the section of the content-relative folder dir.
func (s *Site) SectionByDir(dir string) *Section { return s.sectionByDir[dir] }

// FileByRel returns the static file at the content-relative path rel.
func (s *Site) FileByRel(rel string) *StaticFile { return s.fileByRel[rel] }

// RelURL returns the link from page from to the site path target (a URL
// as stored in Page.URL), relative so that the output works at any base
// path and from the file system. It climbs to the root and descends, so
// every page at one depth links to target with the same string.
func RelURL(from *Page, target string) string {
	depth := strings.Count(from.URL, "/")
	if depth == 0 && target == "" {
		return "./"
	}
	return strings.Repeat("../", depth) + target
}

// RootPrefix returns the relative path from page URL u to the site root.
func RootPrefix(u string) string { return strings.Repeat("../", strings.Count(u, "/")) }

// sortChildren orders pages by weight (weighted pages first, lowest first),
// then title, then URL so the order never depends on the file system.
func sortChildren(pages []*Page) {
	sort.SliceStable(pages, func(i, j int) bool {
		a, b := pages[i], pages[j]
		if (a.Weight == 0) != (b.Weight == 0) {
			return a.Weight != 0
		}
		if a.Weight != b.Weight {
			return a.Weight < b.Weight
		}
		at, bt := strings.ToLower(a.Title), strings.ToLower(b.Title)
		if at != bt {
			return at < bt
		}
		return a.URL < b.URL
	})
}

// Rel returns the shortest relative link from the page at URL from to the
// URL to. Navigation uses it to keep the sidebar small; content links use
// RelURL, whose fixed shape print views can rebase.
func Rel(from, to string) string {
	fd := strings.Split(strings.TrimSuffix(from, "/"), "/")
	td := strings.Split(strings.TrimSuffix(to, "/"), "/")
	if from == "" {
		fd = nil
	}
	if to == "" {
		td = nil
	}
	i := 0
	for i < len(fd) && i < len(td) && fd[i] == td[i] {
		i++
	}
	var b strings.Builder
	for j := i; j < len(fd); j++ {
		b.WriteString("../")
	}
	for _, seg := range td[i:] {
		b.WriteString(seg)
		b.WriteByte('/')
	}
	if b.Len() == 0 {
		return "./"
	}
	return b.String()
}
