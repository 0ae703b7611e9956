package site

import (
	"cmp"
	"path"
	"sort"
	"strings"
	"time"
	"unicode"

	"github.com/handbook-dev/handbook/generator/config"
	"github.com/handbook-dev/handbook/generator/diag"
	"github.com/handbook-dev/handbook/generator/history"
	"github.com/handbook-dev/handbook/generator/inventory"
	"github.com/handbook-dev/handbook/generator/snapshots"
	"github.com/handbook-dev/handbook/generator/source"
)

// sectionFiles are the names of a section's own page, in order of preference
// (the conventions of Hugo, MkDocs and GitHub).
var sectionFiles = []string{"_index.md", "index.md", "readme.md"}

// Options tune how the model is built.
type Options struct {
	// Drafts includes pages marked draft: true.
	Drafts bool
	// BuildTime is stored in Site.BuildTime.
	BuildTime time.Time
	// Inventory is linked to the pages that name its items.
	Inventory *inventory.Inventory
	// Snapshots are kept in the model for the audit and the pages.
	Snapshots *snapshots.Set
	// History is the content's Git history (nil outside Git); it dates
	// the pages and lists their changes.
	History *history.Log
	// Audience, when set, keeps only the pages for that audience: those
	// whose audience lists it, and those without an audience.
	Audience string
	// Language, in a manual of several languages (config's Languages),
	// keeps the pages of that language (LanguageOf; "" is the default
	// language's). LanguageRoots holds, for each language, the path from
	// this site's root to that language's (../fr/ from nl/), which links
	// to the pages of other languages and the language switcher take.
	Language      string
	LanguageRoots map[string]string
	// Translations are where the translations stand against their
	// sources, by the translation's content-relative path.
	Translations map[string]*TranslationState
	// Included are the content-relative paths of the Markdown files
	// included into pages (include.IsIncludeFolder's and the targets of
	// includes): they make no page, and a folder holding only such files
	// (and no page below it) makes no section.
	Included map[string]bool
	// Categories are the folders' _category_.json files (Docusaurus):
	// a section's label and position where its own page sets none.
	Categories map[string]source.Category
}

// ForAudience reports whether a page whose front matter lists audiences
// is for audience: every page is when audience is empty, and a page
// that lists none is for everyone.
func ForAudience(audiences []string, audience string) bool {
	if audience == "" || len(audiences) == 0 {
		return true
	}
	for _, a := range audiences {
		if strings.EqualFold(strings.TrimSpace(a), audience) {
			return true
		}
	}
	return false
}

// New builds the model from the content tree and the parsed Markdown
// files (keyed by content-relative path). Files whose document is missing
// (they failed to parse) are left out; their errors were reported already.
func New(cfg config.Config, tree *source.Tree, docs map[string]*source.Document, opts Options) (*Site, diag.List) {
	var diags diag.List
	s := &Site{
		Config:       cfg,
		BuildTime:    opts.BuildTime,
		pageBySource: map[string]*Page{},
		sectionByDir: map[string]*Section{},
		fileByRel:    map[string]*StaticFile{},
		unreadable:   map[string]bool{},
		lookups:      &lookups{},
		Inventory:    opts.Inventory,
	}
	if s.Inventory == nil {
		s.Inventory = &inventory.Inventory{}
	}
	s.Snapshots = opts.Snapshots
	if s.Snapshots == nil {
		s.Snapshots = &snapshots.Set{}
	}
	s.included = opts.Included
	lang := opts.Language
	if len(cfg.Languages) > 0 && lang == "" {
		lang = cfg.Languages[0]
	}
	s.Language, s.languageRoots = lang, opts.LanguageRoots
	s.pageLanguages = TranslationKeys(cfg.Languages, tree, docs)
	s.translationStates = opts.Translations
	own, urls, noPages, d := s.layout(tree, docs, lang)
	diags = append(diags, d...)
	// The pages of the other languages: where each is published, for the
	// language switcher and for links to a page not translated.
	for _, other := range cfg.Languages {
		if other == lang {
			continue
		}
		oown, ourls, _, _ := s.layout(tree, docs, other)
		required := requirements(oown, docs)
		for _, f := range tree.Files {
			doc := docs[f.Rel]
			if !f.IsMarkdown() || doc == nil || s.included[f.Rel] || (doc.Draft && !opts.Drafts) || !ForAudience(doc.Audience, opts.Audience) {
				continue
			}
			pl := s.pageLanguages[f.Rel]
			if pl.Language != other {
				continue
			}
			key := pl.Key
			u := ourls.file[f.Rel]
			if o, ok := oown[parentDir(f.Rel)]; ok && o.Rel == f.Rel {
				u = ourls.dir[parentDir(f.Rel)]
			} else if doc.URL != "" {
				u = doc.URL
			}
			_, stem := LanguageOf(cfg.Languages, f.Rel, doc.Lang)
			title := cmp.Or(doc.Title, doc.HeadingTitle, humanize(strings.TrimSuffix(path.Base(stem), path.Ext(stem))))
			e := &Elsewhere{Rel: f.Rel, Path: f.Path, Language: other, URL: u, Title: title, Owner: doc.Owner, translationKey: key}
			if other == cfg.Languages[0] {
				dir := parentDir(f.Rel)
				if o, ok := oown[dir]; ok && o.Rel == f.Rel && dir != "" {
					dir = parentDir(dir) // a folder's own page: the requirement above it
				}
				e.Required = required(dir)
			}
			s.elsewhere = append(s.elsewhere, e)
		}
	}
	// A section whose own page is not for the audience is left out with
	// everything below it: no page may be more public than its section.
	s.Audience = opts.Audience
	s.excluded = map[string]bool{}
	for _, dir := range tree.Dirs {
		if dir != "" && s.excluded[parentDir(dir)] {
			s.excluded[dir] = true
			continue
		}
		if o, ok := own[dir]; ok && dir != "" && docs[o.Rel] != nil && !ForAudience(docs[o.Rel].Audience, opts.Audience) {
			s.excluded[dir] = true
		}
	}
	for _, dir := range tree.Dirs {
		if s.excluded[dir] || noPages[dir] {
			continue
		}
		sec := &Section{Dir: dir}
		s.sectionByDir[dir] = sec
		if dir != "" {
			sec.Parent = s.sectionByDir[parentDir(dir)]
		}
	}
	s.Root = s.sectionByDir[""]
	s.History = opts.History

	for _, f := range tree.Files {
		if s.excluded[parentDir(f.Rel)] {
			s.excluded[f.Rel] = true
			continue
		}
		if source.IsCategory(f.Rel) {
			continue // read for its folder's section, not published
		}
		if !f.IsMarkdown() {
			sf := &StaticFile{File: f, URL: urls.file[f.Rel]}
			s.Files = append(s.Files, sf)
			s.fileByRel[f.Rel] = sf
			continue
		}
		doc := docs[f.Rel]
		if doc == nil && !s.included[f.Rel] {
			s.unreadable[f.Rel] = true
		}
		if doc == nil || (doc.Draft && !opts.Drafts) || s.included[f.Rel] {
			continue
		}
		if l, _ := LanguageOf(cfg.Languages, f.Rel, doc.Lang); l != lang {
			continue // a page of another language's site (Elsewhere)
		}
		if !ForAudience(doc.Audience, opts.Audience) {
			s.excluded[f.Rel] = true
			// Kept aside so that the files only it shows are left out
			// too (see dropFilesOfExcludedPages).
			s.excludedPages = append(s.excludedPages, &Page{FrontMatter: doc.FrontMatter, File: f, Body: doc.Body, Spilled: doc.Spilled, BodyLine: doc.BodyLine, Spans: doc.Spans})
			continue
		}
		p := &Page{FrontMatter: doc.FrontMatter, File: f, Body: doc.Body, Spilled: doc.Spilled, BodyLine: doc.BodyLine, Spans: doc.Spans}
		if n := cfg.Limits.TagsPerPage; n > 0 && len(p.Tags) > n {
			diags.Errorf(f.Path, doc.Lines["tags"], 1, "the page has %d tags, over limits.tags_per_page (%d), and each tag is a page of the site; keep the tags readers search by", len(p.Tags), n)
			p.Tags = p.Tags[:n]
		}
		if p.Title == "" && doc.HeadingTitle != "" {
			p.Title, p.TitleFromHeading = doc.HeadingTitle, true
		}
		dir := parentDir(f.Rel)
		if o, ok := own[dir]; ok && o.Rel == f.Rel {
			sec := s.sectionByDir[dir]
			sec.Page, p.Section, p.Parent = p, sec, sec.Parent
			p.URL = urls.dir[dir]
			if p.Title == "" {
				p.Title = sectionTitle(sec, cfg)
			}
			for _, key := range []string{"slug", "url"} {
				// A Docusaurus category page's slug (from the root) is
				// left alone: the page is its folder's.
				if key == "slug" && p.Slug == "" {
					continue
				}
				if line, ok := doc.Lines[key]; ok && !(key == "url" && p.URLFromSlug) {
					diags.Errorf(f.Path, line, 1, "%s: a section's own page is published at its folder's URL; rename the folder instead", key)
				}
			}
		} else {
			p.Parent = s.sectionByDir[dir]
			p.URL = urls.file[f.Rel]
			if p.FrontMatter.URL != "" {
				p.URL = p.FrontMatter.URL
			}
			if p.Title == "" {
				p.Title = humanize(strings.TrimSuffix(path.Base(f.Rel), path.Ext(f.Rel)))
			}
			p.Parent.Children = append(p.Parent.Children, p)
		}
		s.pageBySource[f.Rel] = p
		s.date(p, cfg.PageHistory)
	}

	// Sections without an own page get a generated one; link each section
	// into its parent.
	for _, dir := range tree.Dirs {
		sec := s.sectionByDir[dir]
		if sec == nil {
			continue // not for the audience
		}
		if sec.Page == nil {
			sec.Page = &Page{Section: sec, Parent: sec.Parent, URL: urls.dir[dir], File: source.File{Rel: path.Join(dir, "_index.md")}, generatedPath: path.Join(cfg.ContentDir, dir) + "/"}
			sec.Page.Title = sectionTitle(sec, cfg)
			sec.Page.File.Rel = ""
			// A folder of Markdown-less HTML (content/changes/index.html)
			// keeps its own index page: the generated one is not written.
			if sf := s.fileByRel[path.Join(dir, "index.html")]; sf != nil && sf.URL == sec.Page.URL+"index.html" {
				sec.Page.StaticIndex = sf
			}
		}
		if c, ok := opts.Categories[dir]; ok && dir != "" {
			// The own page's title (front matter or first heading) and
			// weight: win over the category's label and position.
			own := docs[sec.Page.File.Rel]
			if c.Label != "" && (own == nil || (own.Title == "" && own.HeadingTitle == "")) {
				sec.Page.Title = c.Label
			}
			if c.Position != 0 && (own == nil || own.Lines["weight"] == 0) {
				sec.Page.Weight = c.Position
			}
		}
		if sec.Parent != nil {
			sec.Parent.Children = append(sec.Parent.Children, sec.Page)
		}
	}
	for _, sec := range s.sectionByDir {
		sortChildren(sec.Children)
	}
	s.order(s.Root)
	for i, p := range s.Pages {
		p.Index = i
		if i > 0 {
			p.Prev = s.Pages[i-1]
			s.Pages[i-1].Next = p
		}
	}
	s.collectTags()
	owners, d := s.checkCollisions(docs)
	diags = append(diags, d...)
	s.Paths, d = s.resolvePaths(owners)
	diags = append(diags, d...)
	diags = append(diags, s.translations()...)
	diags = append(diags, s.linkItems()...)
	diags = append(diags, s.records()...)
	// After records: an alias may not take a record list handbook writes.
	diags = append(diags, s.collectAliases(owners)...)
	return s, diags
}

// layout decides, for the pages of language lang ("" in a manual of one
// language: every page), each folder's own page, the URLs of the folders
// and files, and which folders hold no page at any depth. A page of
// another language plays no part: name.nl.md is published in the Dutch
// site as name/, and _index.nl.md is its folder's own page there.
func (s *Site) layout(tree *source.Tree, docs map[string]*source.Document, lang string) (own map[string]source.File, urls contentURLs, noPages map[string]bool, diags diag.List) {
	mine := func(f source.File) (bool, string) {
		var l string
		if doc := docs[f.Rel]; doc != nil {
			l = doc.Lang
		}
		pl, key := LanguageOf(s.Config.Languages, f.Rel, l)
		return pl == lang, key
	}
	own = map[string]source.File{}
	// A folder with no page at any depth (a DocFX media/ or includes/
	// folder, MkDocs's assets/) makes no section: its files are published
	// and nothing lists it. One with an index.html of its own stays.
	noPages = map[string]bool{}
	for _, dir := range tree.Dirs {
		noPages[dir] = dir != ""
	}
	for _, f := range tree.Files {
		isPage := f.IsMarkdown() && !s.included[f.Rel]
		if isPage {
			isPage, _ = mine(f)
		}
		if isPage || path.Base(f.Rel) == "index.html" {
			for dir := parentDir(f.Rel); dir != "" && noPages[dir]; dir = parentDir(dir) {
				noPages[dir] = false
			}
		}
	}
	for _, f := range tree.Files {
		if !f.IsMarkdown() || s.included[f.Rel] {
			continue
		}
		ok, key := mine(f)
		if !ok {
			continue
		}
		dir, name := parentDir(f.Rel), strings.ToLower(path.Base(key))
		if rank(name) < 0 {
			continue
		}
		if cur, ok := own[dir]; !ok || rank(name) < rank(strings.ToLower(path.Base(s.stem(cur.Rel, docs)))) {
			own[dir] = f
		}
	}
	// A Docusaurus docs folder names its home page with slug: / (often
	// intro.md) instead of an index file: at the top of the content
	// folder, such a page is the home page.
	if _, ok := own[""]; !ok {
		for _, f := range tree.Files {
			if doc := docs[f.Rel]; doc != nil && f.IsMarkdown() && !s.included[f.Rel] && parentDir(f.Rel) == "" && doc.Params["slug"] == "/" {
				if ok, _ := mine(f); ok {
					own[""] = f
					break
				}
			}
		}
	}
	urls, diags = assignURLs(tree, docs, own, s.Config.ContentDir, func(f source.File) (bool, string) { return mine(f) })
	return own, urls, noPages, diags
}

// stem is the page file rel without its language suffix (LanguageOf).
func (s *Site) stem(rel string, docs map[string]*source.Document) string {
	var l string
	if doc := docs[rel]; doc != nil {
		l = doc.Lang
	}
	_, key := LanguageOf(s.Config.Languages, rel, l)
	return key
}

func (s *Site) order(sec *Section) {
	s.Sections = append(s.Sections, sec)
	s.Pages = append(s.Pages, sec.Page)
	for _, c := range sec.Children {
		if c.Section != nil {
			s.order(c.Section)
		} else {
			s.Pages = append(s.Pages, c)
		}
	}
}

func (s *Site) collectTags() {
	bySlug := map[string]*Tag{}
	for _, p := range s.Pages {
		for _, name := range p.Tags {
			sl := slug(name)
			if sl == "" {
				continue
			}
			t := bySlug[sl]
			if t == nil {
				t = &Tag{Name: name, Slug: sl}
				bySlug[sl] = t
				s.Tags = append(s.Tags, t)
			}
			if n := len(t.Pages); n == 0 || t.Pages[n-1] != p {
				t.Pages = append(t.Pages, p)
			}
		}
	}
	sort.Slice(s.Tags, func(i, j int) bool { return s.Tags[i].Slug < s.Tags[j].Slug })
}

// TagURL returns the URL of a tag's page.
func (s *Site) TagURL(t *Tag) string { return s.Paths.Tag(t.Slug) }

// TagBySlug returns the tag of a slug, or nil.
func (s *Site) TagBySlug(name string) *Tag {
	sl := slug(name)
	i := sort.Search(len(s.Tags), func(i int) bool { return s.Tags[i].Slug >= sl })
	if i < len(s.Tags) && s.Tags[i].Slug == sl {
		return s.Tags[i]
	}
	return nil
}

// checkCollisions reports two sources that map to the same output path
// (left only by front matter slug: and url:, since assignURLs gave names
// that differ), and content at one of the fixed files (FixedFiles, print
// views). Paths are compared case-insensitively because sites are often
// served from, or copied to, case-insensitive file systems (Windows
// shares). It returns every content output path, in lower case, with its
// source, for resolvePaths to place the generated sections around them.
func (s *Site) checkCollisions(docs map[string]*source.Document) (map[string]string, diag.List) {
	var diags diag.List
	owner := map[string]string{}
	ownerLine := map[string]int{}
	generated := s.generatedFiles()
	line := func(p *Page) int {
		if d := docs[p.File.Rel]; d != nil {
			for _, key := range []string{"url", "slug"} {
				if l, ok := d.Lines[key]; ok {
					return l
				}
			}
		}
		return 0
	}
	claim := func(out, src string, line int) {
		key := strings.ToLower(out)
		if what, ok := generated[key]; ok {
			diags.Errorf(src, line, min(line, 1), "maps to %s, %s; move or rename it", out, what)
			return
		}
		if prev, ok := owner[key]; ok {
			// At the url: or slug: line that chose the address, if any;
			// else at the later of the two paths.
			at, other, atLine := src, prev, line
			switch {
			case line == 0 && ownerLine[key] > 0:
				at, other, atLine = prev, src, ownerLine[key]
			case line == 0 && src < prev:
				at, other = prev, src
			}
			diags.Errorf(at, atLine, min(atLine, 1), "maps to the same output %s as %s; rename one of them", out, other)
			return
		}
		owner[key], ownerLine[key] = src, line
	}
	for _, p := range s.Pages {
		if p.StaticIndex == nil {
			claim(p.OutputPath(), p.Path(), line(p))
		}
	}
	for _, f := range s.Files {
		claim(f.URL, f.File.Path, 0)
	}
	diags = append(diags, folderOverFile(owner, ownerLine, generated)...)
	return owner, diags
}

// folderOverFile refuses an output below a path that is a file of the
// output: url: manifest.json/ (manifest.json/index.html) where handbook
// writes manifest.json, slug: index.html beside the home page's
// index.html. The file system holds one or the other, so the build
// would fail when publishing, or every later one would. owner and
// generated map lower-cased output files to their source or description.
func folderOverFile(owner map[string]string, ownerLine map[string]int, generated map[string]string) diag.List {
	var diags diag.List
	keys := make([]string, 0, len(owner))
	for k := range owner {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, key := range keys {
		src, line := owner[key], ownerLine[key]
		for dir := path.Dir(key); dir != "."; dir = path.Dir(dir) {
			if what, ok := generated[dir]; ok {
				diags.Errorf(src, line, min(line, 1), "maps to %s, inside %s, %s; move or rename it, or change its url: or slug:", key, dir, what)
				break
			}
			if other, ok := owner[dir]; ok {
				diags.Errorf(src, line, min(line, 1), "maps to %s, inside %s, the output of %s; move or rename it, or change its url: or slug:", key, dir, other)
				break
			}
		}
	}
	return diags
}

func rank(name string) int {
	for i, n := range sectionFiles {
		if n == name {
			return i
		}
	}
	return -1
}

func parentDir(rel string) string {
	d := path.Dir(rel)
	if d == "." {
		return ""
	}
	return d
}

// slug makes a URL segment: lower case, spaces and underscores as '-',
// keeping letters (any script), digits, '-' and '.' (not at either end).
func slug(s string) string {
	var b strings.Builder
	lastDash := false
	for _, r := range strings.ToLower(strings.TrimSpace(s)) {
		switch {
		case unicode.IsLetter(r) || unicode.IsDigit(r) || r == '.':
			b.WriteRune(r)
			lastDash = false
		case r == '-' || r == '_' || unicode.IsSpace(r):
			if !lastDash && b.Len() > 0 {
				b.WriteByte('-')
				lastDash = true
			}
		}
	}
	// A segment of dots alone would be "." or ".." in a path: the tag
	// ".." would write tags/../index.html over the home page.
	return strings.Trim(strings.TrimRight(b.String(), "-"), ".")
}

// Slug exposes the URL-segment rule for other stages (tag links).
func Slug(s string) string { return slug(s) }

func sectionTitle(sec *Section, cfg config.Config) string {
	if sec.Dir == "" {
		return cfg.Title
	}
	return humanize(path.Base(sec.Dir))
}

// humanize turns a file or folder name into a title: "restore-a-site" →
// "Restore a site".
func humanize(name string) string {
	name = strings.NewReplacer("-", " ", "_", " ").Replace(name)
	name = strings.Join(strings.Fields(name), " ")
	if name == "" {
		return name
	}
	r := []rune(name)
	r[0] = unicode.ToUpper(r[0])
	return string(r)
}

// date sets when a page last changed, by whom and from where: the newest
// commit that touched it; in a shallow clone (whose oldest commit claims
// every file) or outside Git, the updated front-matter date, else the
// file's modification time.
func (s *Site) date(p *Page, keep int) {
	if h := s.History; h != nil && !h.Shallow {
		if commits := h.ByPath[p.File.Rel]; len(commits) > 0 {
			p.Modified, p.ModifiedBy, p.ModifiedFrom = commits[0].When, commits[0].Author, DateFromGit
			p.History = commits[:min(len(commits), keep)]
			return
		}
	}
	if !p.Updated.IsZero() {
		p.Modified, p.ModifiedFrom = p.Updated, DateFromFrontMatter
		return
	}
	if !p.File.ModTime.IsZero() {
		p.Modified, p.ModifiedFrom = p.File.ModTime, DateFromFile
	}
}
