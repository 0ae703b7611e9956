// Package generator runs handbook's build: load the project, build the
// model, audit it, render it and publish the output atomically. Each
// stage lives in its own package below this one; Build only sequences them.
package generator

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/handbook-dev/handbook/assets"
	"github.com/handbook-dev/handbook/generator/audit"
	"github.com/handbook-dev/handbook/generator/branding"
	"github.com/handbook-dev/handbook/generator/bundle"
	"github.com/handbook-dev/handbook/generator/cache"
	"github.com/handbook-dev/handbook/generator/config"
	"github.com/handbook-dev/handbook/generator/diag"
	"github.com/handbook-dev/handbook/generator/history"
	"github.com/handbook-dev/handbook/generator/include"
	"github.com/handbook-dev/handbook/generator/internal/gitrepo"
	"github.com/handbook-dev/handbook/generator/internal/keyhash"
	"github.com/handbook-dev/handbook/generator/internal/workers"
	"github.com/handbook-dev/handbook/generator/inventory"
	"github.com/handbook-dev/handbook/generator/markdown"
	"github.com/handbook-dev/handbook/generator/privacy"
	"github.com/handbook-dev/handbook/generator/publish"
	"github.com/handbook-dev/handbook/generator/render"
	"github.com/handbook-dev/handbook/generator/search"
	"github.com/handbook-dev/handbook/generator/site"
	"github.com/handbook-dev/handbook/generator/snapshots"
	"github.com/handbook-dev/handbook/generator/source"
	"github.com/handbook-dev/handbook/generator/versiondiff"
	"github.com/handbook-dev/handbook/templates"
)

// Version is handbook's version, set at link time by the Makefile.
var Version = "dev"

// Folder names inside a site project (the pages' folder is the
// configuration's ContentDir).
const (
	TemplatesDir = "templates"
	AssetsDir    = "assets"
	DefaultOut   = "public"
)

// Options describe one build.
type Options struct {
	// Dir is the site project folder.
	Dir string
	// Out is the output folder; relative paths are relative to Dir.
	Out string
	// Force builds into an existing Out that holds files but no
	// handbook manifest (see outputDir).
	Force bool
	// Strict turns warnings (broken links) into errors.
	Strict bool
	// Drafts includes pages marked draft: true.
	Drafts bool
	// Now is the build time; zero means time.Now().
	Now time.Time
	// SourceCommit names the commit the project is built from; empty asks Git.
	SourceCommit string
	// CacheDir keeps converted pages between builds; relative paths are
	// relative to Dir. Empty means DefaultCache; NoCache keeps the cache
	// in memory for this build only.
	CacheDir string
	NoCache  bool

	// LockWait is how long a build waits for another build of the same
	// output folder, or using the same cache folder, to finish: builds
	// take an OS lock on each (see publish.Lock) for their whole run.
	// Zero waits DefaultLockWait; a negative value does not wait (the
	// build fails at once with an error naming the other build).
	LockWait time.Duration
	// Waiting, when set, is told that the build waits for another one
	// (a message such as "waiting for another build of public…").
	Waiting func(message string)

	// Audience builds only the pages for that audience (see
	// site.ForAudience); empty builds every page, or, when handbook.yaml
	// lists audiences, one site per audience into <Out>/<audience>/.
	Audience string
	// Version makes only that version of handbook.yaml's versions (serve
	// and audit; a build makes them all); empty means the latest.
	Version string
	// Language, for serve and audit in a manual of several languages,
	// makes the site of that language (default: the first of languages:).
	Language string

	// onlyOne makes one target of the plan, the one Audience and Version
	// name (serve and audit): without an audience, every page.
	onlyOne bool

	// stableSearch names the search metadata file without a hash (see
	// search.Options.StableMeta); handbook serve's sessions set it.
	stableSearch bool

	// history, when set, replaces the Git history read from Dir (a
	// version extracted from a tag has none of its own).
	history *history.Log
	// gitDir, when set, is the project folder in the writer's repository
	// for a version extracted from a ref: its other Git history (the
	// snapshots') is read there, up to SourceCommit.
	gitDir string

	// unshared renders every version's pages apart, as a test's
	// reference for the shared rendering.
	unshared bool

	// held are pages of the content folder held in memory, by their
	// content-relative path (a version extracted for this build only).
	held map[string]source.File

	// shared, when set, keeps parsed pages, decoded conversions, search
	// analyses and rendered pages for every version of one build.
	shared *cache.Store
	// spill, when set, holds the pages' bodies from their parse to their
	// conversion (a build of one version: versions compare bodies).
	spill *cache.Spill
}

// DefaultCache is the cache folder inside a site project.
const DefaultCache = ".handbook-cache"

// DefaultLockWait is how long a build waits for another build of its
// output or cache folder by default: long enough for a large manual's
// cold build, so that two CI jobs or a watcher and a writer queue up,
// short enough that a hung build is reported.
const DefaultLockWait = 10 * time.Minute

// Result reports what a build did.
type Result struct {
	Out         string
	Pages       int
	Files       int
	Bytes       int64
	Diagnostics diag.List
	Duration    time.Duration
	// Report holds the audit findings of a successful build (of the
	// first audience when there are several; in a manual of several
	// languages, the default language's with what the others' sites add,
	// as handbook audit reports them).
	Report *audit.Report
	// reportAudience is the audience Report is of.
	reportAudience string
	// CacheHits counts pages whose conversion came from the cache.
	CacheHits int
	// Reused counts the pages of a versioned build rendered once for
	// several versions: the renderings another version used.
	Reused int
	// Frozen counts the frozen versions (see frozen) taken over whole
	// from the last output instead of rendered.
	Frozen int
	// Audiences lists the audience folders built, when handbook.yaml
	// lists audiences.
	Audiences []string
	// Search describes the search index the build published.
	Search SearchStats
}

// SearchStats are the figures of the search index, for benchmarks.
type SearchStats struct {
	Docs, Terms, Shards, Files int
	Bytes                      int64
	Duration                   time.Duration
}

// ErrFailed is returned (wrapped) when content errors failed the build;
// the diagnostics say why.
var ErrFailed = errors.New("build failed")

// loaded is one source of a plan read once: its configuration, files,
// parsed pages, inventory, snapshots and history. It is not changed once
// loadSource returned it: every target reading the source derives its
// model from it (view), whatever its audience.
type loaded struct {
	project string
	out     string
	cfg     config.Config
	// docs are the parsed Markdown files by content-relative path, kept
	// so that handbook serve can tell a body edit from a metadata edit.
	docs map[string]*source.Document
	tree *source.Tree
	// siteOpts are the options every model of the source is built with
	// (its history, drafts, inventory, snapshots, the Markdown files
	// included into pages, which are no pages, and the folders' category
	// files); view sets the audience.
	siteOpts     site.Options
	sourceCommit string
	strict       bool
	// look is shared by the views of the source in one language (see
	// look.make); looks holds one per language of the manual.
	look  *look
	looks map[string]*look
}

// look is what every target of one source renders with: the
// translator, the templates and the bundled stylesheets and scripts,
// made once per source (a build for three audiences made them three
// times) and read-only afterwards.
type look struct {
	once    sync.Once
	tr      *render.Translator
	tmpl    *render.Templates
	bundled *bundle.Result
	diags   diag.List
}

// make makes the look of l the first time it is asked for.
func (lk *look) make(l *loaded) *look {
	lk.once.Do(func() {
		lk.diags = outsideLinks(l.project, TemplatesDir, AssetsDir)
		projectTemplates := dirFS(l.project, TemplatesDir)
		var d diag.List
		lk.tr, d = render.NewTranslator([]fs.FS{projectTemplates, templates.FS}, l.cfg.Language, l.cfg.Strings)
		lk.diags = append(lk.diags, d...)
		lk.tmpl, d = render.LoadTemplates([]render.Layer{{FS: projectTemplates, Display: TemplatesDir}, {FS: templates.FS, Display: TemplatesDir + " (built-in)"}}, render.Funcs(lk.tr), lk.tr.T)
		lk.diags = append(lk.diags, d...)
		// Its warnings are branding.Load's, for each target.
		css, images, _ := branding.Style(l.cfg, AssetsDir)
		lk.bundled, d = bundle.Build([]fs.FS{dirFS(l.project, AssetsDir), assets.FS}, AssetsDir, bundle.Options{BrandCSS: css, Exclude: images})
		lk.diags = append(lk.diags, d...)
	})
	return lk
}

// model is a target's model: a source seen by one audience.
type model struct {
	*loaded
	site *site.Site
}

// view derives the model of the source for an audience ("" for every
// page) and, in a manual of several languages, a language ("" for the
// default), whose site reaches the others' through roots: filtering is a
// view of the one load, not a reload.
func (l *loaded) view(audience, language string, roots map[string]string, folder string) (*model, diag.List) {
	v := *l
	v.siteOpts.Audience = audience
	// The site's own address: base_url and the folder the target is
	// published in, for what names pages absolutely (the sitemap, the
	// 404 page's links, feeds, calendars).
	if v.cfg.BaseURL != "" {
		v.cfg.BaseURL += folder
	}
	if language != "" && len(l.cfg.Languages) > 0 {
		v.siteOpts.Language, v.siteOpts.LanguageRoots = language, roots
		v.cfg.Language = language
		if language != l.cfg.Languages[0] {
			v.cfg.Strings = nil // handbook.yaml's strings: are in the default language
		}
		v.look = l.looks[language]
	}
	m := &model{loaded: &v}
	s, diags := m.newSite(l.tree, l.docs)
	s.SourceCommit = l.sourceCommit
	if l.strict {
		diags.Strict()
	}
	m.site = s
	return m, diags
}

// derive returns a model like m whose site, documents and tree are the
// ones given (serve's model after an edit); m is left as it was.
func (m *model) derive(s *site.Site, docs map[string]*source.Document, tree *source.Tree) *model {
	l := *m.loaded
	l.docs, l.tree = docs, tree
	return &model{loaded: &l, site: s}
}

// newSite builds a model of tree and docs with the options of m's: view
// builds the first by it and serve every later one, so that the two
// cannot differ (they did: serve's lacked the Git history).
func (m *model) newSite(tree *source.Tree, docs map[string]*source.Document) (*site.Site, diag.List) {
	return site.New(m.cfg, tree, docs, m.siteOpts)
}

// load loads the source of opts and views it for opts.Audience: the
// load and model stages of one target.
func load(ctx context.Context, opts Options) (*model, diag.List, error) {
	l, diags, err := loadSource(ctx, opts)
	if l == nil || err != nil {
		return nil, diags, err
	}
	m, d := l.view(opts.Audience, "", nil, "")
	return m, append(diags, d...), nil
}

// loadSource runs the load stage of one source: everything its targets'
// models are made of.
func loadSource(ctx context.Context, opts Options) (*loaded, diag.List, error) {
	project, err := filepath.Abs(opts.Dir)
	if err != nil {
		return nil, nil, err
	}
	cfg, diags := config.Load(project)
	diags = append(diags, audit.CheckPolicy(cfg.Audit)...)
	out, d := outputDir(project, cfg, opts.Out, opts.Force)
	diags = append(diags, d...)
	if len(d) > 0 {
		return nil, diags, nil
	}
	// The Git history is read while the content is walked and parsed:
	// one git log, in another process, costs no wall time here.
	type histResult struct {
		log *history.Log
		err error
	}
	histCh := make(chan histResult, 1)
	if opts.history != nil {
		histCh <- histResult{opts.history, nil}
	} else {
		go func() {
			l, err := history.Read(ctx, project, cfg.ContentDir)
			histCh <- histResult{l, err}
		}()
	}
	tree, d := source.Walk(project, cfg.ContentDir)
	diags = append(diags, d...)
	if tree == nil {
		return nil, diags, nil
	}
	if len(opts.held) > 0 {
		tree.AddHeld(cfg.ContentDir, opts.held)
	}
	for _, dir := range cfg.StaticDirs {
		if info, err := os.Stat(filepath.Join(project, filepath.FromSlash(dir))); err != nil || !info.IsDir() {
			diags.Warnf(config.FileName, 0, 0, "static_dirs: %s/ is not a folder of the project; create it or remove it from the list", dir)
			continue
		}
		st, d := source.Walk(project, dir)
		diags = append(diags, d...)
		if st != nil {
			diags = append(diags, tree.AddStatic(st)...)
		}
	}
	docs, d := parseAll(tree, cfg.Limits.PageSize, opts.shared, opts.spill)
	diags = append(diags, d...)
	docs, included, d := source.ExpandIncludes(tree, docs, cfg.Limits.PageSize)
	diags = append(diags, d...)
	diags = append(diags, source.CheckKeys(docs, source.KeyCheck{Paths: tree.Paths(), Declared: cfg.FrontMatterKeys,
		DeclaredLine: cfg.FrontMatterKeysLine})...)
	cats, d := source.Categories(tree, cfg.Limits.PageSize)
	diags = append(diags, d...)
	inv, d := inventory.Load(project, inventory.Options{Patterns: cfg.Inventory.Paths, Kinds: cfg.Inventory.Kinds, MaxItems: cfg.Limits.InventoryItems, MaxFileSize: cfg.Limits.InventorySize})
	diags = append(diags, d...)
	diags = append(diags, source.CheckValues(docs, search.ValueCheck(cfg, tree))...)
	snaps := &snapshots.Set{}
	if root, closeRoot, err := snapshots.OpenRoot(project); err == nil {
		snaps, d = snapshots.Load(root)
		closeRoot()
		diags = append(diags, d...)
		gitDir, rev := project, ""
		if opts.gitDir != "" {
			gitDir, rev = opts.gitDir, opts.SourceCommit
		}
		if snaps.Changes, err = snapshots.ChangesAt(ctx, gitDir, rev); err != nil {
			diags.Warnf(snapshots.Dir, 0, 0, "cannot read the snapshots' history: %v", err)
		}
	}
	hr := <-histCh
	hist, err := hr.log, hr.err
	switch {
	case errors.Is(err, history.ErrNoRepository):
		hist = nil // outside Git: file times date the pages
	case err != nil:
		diags.Warnf(cfg.ContentDir, 0, 0, "cannot read the Git history: %v; pages are dated by their files", err)
		hist = nil
	case hist.Shallow:
		// A note, not a warning: the checkout's depth is no mistake in
		// the project, and a strict CI build in a shallow clone (the
		// default of many CI systems) must not fail on it.
		diags.Notef(".git", 0, 0, "shallow clone: pages are dated by their updated front matter or file times and show no history; run git fetch --unshallow")
	}
	l := &loaded{project: project, out: out, cfg: cfg, docs: docs, tree: tree, strict: opts.Strict, look: &look{}, looks: map[string]*look{},
		siteOpts: site.Options{Drafts: opts.Drafts, BuildTime: opts.Now, Inventory: inv, Snapshots: snaps, History: hist, Included: included, Categories: cats}}
	repoDir := project
	if opts.gitDir != "" {
		repoDir = opts.gitDir // a version's tree, extracted from the project's repository
	}
	l.siteOpts.Translations = translationStates(ctx, repoDir, cfg, tree, docs, hist)
	for i, lang := range cfg.Languages {
		l.looks[lang] = &look{}
		if i == 0 {
			l.looks[lang] = l.look // the default language's is the source's own
		}
	}
	l.sourceCommit = opts.SourceCommit
	if l.sourceCommit == "" {
		l.sourceCommit = sourceCommit(ctx, project)
	}
	if opts.Strict {
		diags.Strict()
	}
	return l, diags, ctx.Err()
}

// Build builds the site project in opts.Dir: every target of its plan
// (each audience, each version), published in one swap. It returns a
// Result whose Diagnostics hold every error and warning found; the error
// is non-nil when the build failed, in which case the previous output is
// untouched.
func Build(ctx context.Context, opts Options) (*Result, error) {
	start := time.Now()
	if opts.Now.IsZero() {
		opts.Now = start
	}
	opts.onlyOne = false
	project, err := filepath.Abs(opts.Dir)
	if err != nil {
		return nil, err
	}
	// versions: and audiences: decide how many sites this build makes;
	// loadSource reports errors in handbook.yaml at their line, with the
	// content's.
	cfg, cfgDiags := config.Load(project)
	if len(cfgDiags) > 0 {
		cfg = config.Default()
	}
	res := &Result{}
	var diags diag.List
	fail := func() (*Result, error) {
		res.Diagnostics = mergeAcrossVersions(diags, cfg.Versions).Dedupe()
		res.Diagnostics.Sort()
		res.Duration = time.Since(start)
		return res, ErrFailed
	}
	out, d := outputDir(project, cfg, opts.Out, opts.Force)
	if len(d) > 0 {
		diags = append(cfgDiags, d...)
		return fail()
	}
	res.Out = out
	// The output folder is locked before anything reads it, and stays
	// locked until the build has swapped it into place.
	outLock, err := lockOutput(ctx, out, opts)
	if err != nil {
		return nil, err
	}
	defer outLock.Unlock()
	store, d := openCache(project, out, cfg.ContentDir, opts)
	if len(d) > 0 {
		diags = d
		return fail()
	}
	defer store.Close()
	if err := lockCache(ctx, store, opts); err != nil {
		return nil, err
	}
	if store.Persistent() && len(cfg.Versions) > 0 {
		go executableSum() // read while the refs resolve
	}
	p, d := newPlan(ctx, opts, project, out, cfg, store)
	if len(d) > 0 {
		diags = d
		return fail()
	}
	// The staging folder is listed while the sources load.
	stage, err := outLock.Begin()
	if err != nil {
		return nil, fmt.Errorf("cannot create the output folder: %w", err)
	}
	x := &executor{opts: opts, plan: p, store: store}
	diags, err = x.build(ctx, stage, res)
	if n, _ := diags.Count(); err != nil || n > 0 {
		stage.Abort()
		if err != nil {
			return nil, err
		}
		return fail()
	}
	if err := stage.Commit("handbook "+Version, opts.Now, res.Audiences...); err != nil {
		stage.Abort()
		return nil, fmt.Errorf("cannot publish to %s: %w", out, err)
	}
	if p.versioned {
		keepPublished(store, stage.Manifest(), x.outputKeys)
	}
	if err := store.Save(); err != nil {
		diags.Warnf(cacheDir(project, opts), 0, 0, "cannot save the cache: %v; the next build converts every page again", err)
	}
	res.CacheHits = store.Hits
	for _, f := range stage.Files() {
		res.Files++
		res.Bytes += f.Size
	}
	res.Diagnostics = mergeAcrossVersions(diags, cfg.Versions).Dedupe()
	res.Diagnostics.Sort()
	res.Duration = time.Since(start)
	return res, nil
}

// prepared is a loaded model converted and audited, with its templates,
// assets and search index: what rendering it needs.
type prepared struct {
	// site is the model's site converted, with its sanitised static
	// files: what is audited, indexed and rendered.
	site    *site.Site
	tr      *render.Translator
	conv    *markdown.Converter
	tmpl    *render.Templates
	bundled *bundle.Result
	// branding is the logo, icons and accent colour of handbook.yaml.
	branding branding.Branding
	report   *audit.Report
	// links are the link diagnostics (warnings, errors when strict).
	links diag.List
	// privacy reduces people in the published inventory and audit.
	privacy *privacy.Reducer
	idx     *search.Index
	// shared keeps the pages rendered for one version for the others
	// (nil outside a versioned build); reused counts the pages the last
	// render took from it.
	shared render.Shared
	reused int
}

// preparing is where prepare looks conversions up and, in a build, where
// it puts what only the render reads, so that the build's heap does not
// hold it: the zero value keeps everything in memory (serve, tests).
type preparing struct {
	// conversions, when set, is looked up before each page is converted.
	conversions markdown.Cache
	// searchOut, when set, is written the search index's files as they
	// are encoded: the index of a large manual is mostly snippets, which
	// nothing reads again.
	searchOut render.Writer
	// spill, when set, holds the pages' HTML until they are rendered;
	// the prepared site then keeps only what the render and the index
	// read of each page (site.Contents.ForRender).
	spill *cache.Spill
}

// prepare converts every page, audits the model, loads the templates and
// assets and builds the search index, as with says. The diagnostics
// include the link findings; the caller fails the build when they, or
// load's, hold an error.
func (m *model) prepare(ctx context.Context, opts Options, with preparing) (*prepared, diag.List, error) {
	lk := m.look.make(m.loaded)
	diags := slices.Clone(lk.diags)
	tr := lk.tr
	mopts := []markdown.Option{markdown.WithAlertTitles(tr.AlertTitles()), markdown.WithWordCounter(search.WordCounter, search.CountWords)}
	if with.conversions != nil {
		mopts = append(mopts, markdown.WithCache(with.conversions))
	}
	pr := &prepared{tr: tr, conv: markdown.New(mopts...), shared: opts.sharing(), tmpl: lk.tmpl}
	converted, d := m.site.ConvertSpilled(pr.conv, with.spill)
	diags = append(diags, d...)
	sanitised, d := site.SanitiseStatic(converted, m.cfg)
	diags = append(diags, d...)
	pr.site = converted.WithSanitised(sanitised)
	if err := ctx.Err(); err != nil {
		return nil, nil, err
	}
	pr.links = linkFindings(pr.site, m.cfg.Audit, opts.Strict)
	diags = append(diags, pr.links...)
	pr.report = audit.Run(pr.site, m.cfg.Audit)
	if with.spill != nil {
		pr.site = pr.site.WithContents(pr.site.Contents().ForRender())
	}
	pr.branding, d = branding.Load(m.cfg, m.project, AssetsDir, pr.site)
	diags = append(diags, d...)
	if lk.bundled != nil {
		// The target's own copy: the images join the shared bundle.
		bundled := *lk.bundled
		bundled.Files = append(slices.Clip(bundled.Files), pr.branding.Files...)
		pr.bundled = &bundled
	}
	pr.privacy, d = privacy.Setup(m.cfg, m.site.Snapshots.M365)
	diags = append(diags, d...)
	// Search: the index is built from the model and handed to publish
	// as it is encoded (a build), or kept for the render (serve).
	pr.idx = pr.index(m, pr.site, pr.report, opts, with.searchOut)
	if pr.idx.Err != nil {
		diags = append(diags, diag.From(pr.idx.Err, "public"))
	}
	if opts.Strict {
		diags.Strict()
	}
	return pr, diags, nil
}

// index builds the search index of s, writing its files to out when
// that is set.
func (pr *prepared) index(m *model, s *site.Site, report *audit.Report, opts Options, out render.Writer) *search.Index {
	sopts := search.Options{Lang: m.cfg.Language, InventoryLabel: pr.tr.T("inventory"), AuditLabel: pr.tr.T("audit"), KindLabel: pr.tr.Kind,
		Labels: render.SearchLabels(pr.tr), StableMeta: opts.stableSearch, Pointer: len(m.cfg.Languages) > 0, Person: pr.privacy.Person, Shared: pr.shared}
	if out != nil {
		sopts.Write = func(f search.File) error { return out.Write(f.Path, f.Data) }
	}
	return search.Build(s, report, sopts)
}

// sharing is the store the versions of a build share their pages and
// search documents through, or nil (an interface holding a nil
// *cache.Store would not be nil).
func (o Options) sharing() render.Shared {
	if o.shared == nil || o.unshared {
		return nil
	}
	return o.shared
}

// linkFindings checks every link and reports what the converter noticed
// in the Markdown: the findings of audit.BuildRules, with the severity
// the policy gives them, as handbook audit reports them; strict builds
// make the warnings errors.
func linkFindings(s *site.Site, policy config.Audit, strict bool) diag.List {
	findings := append(audit.Links(s, policy), audit.Markup(s, policy)...)
	if strict {
		findings.Strict()
	}
	return findings
}

// renderer renders s with what pr holds; versions and diff are set for a
// version of a versioned build.
func (pr *prepared) renderer(s *site.Site, versions *render.Versions, diff *versiondiff.Diff) *render.Renderer {
	return render.New(s, render.Options{Templates: pr.tmpl, Translator: pr.tr, Assets: pr.bundled, Audit: pr.report, Privacy: pr.privacy,
		Versions: versions, Diff: diff, SearchIndex: pr.idx.Meta, Shared: pr.shared, Brand: pr.branding.Brand})
}

// render writes the site, and the search index unless prepare wrote it,
// to w.
func (pr *prepared) render(w render.Writer, versions *render.Versions, diff *versiondiff.Diff) diag.List {
	r := pr.renderer(pr.site, versions, diff)
	d := r.Render(w)
	pr.reused = r.Reused()
	// A full disk fails every write with the same message: one suffices.
	return append(d, writeAll(w, pr.idx.Files)...).Dedupe()
}

// searchStats reports the index a build published.
func (pr *prepared) searchStats() SearchStats {
	i := pr.idx
	return SearchStats{Docs: i.Docs, Terms: i.Terms, Shards: i.Shards, Files: i.Count, Bytes: i.Bytes, Duration: i.Duration}
}

// oneTarget makes the model of the one target of opts's plan, for the
// commands that read a model without rendering it (audit, notify); it
// sets opts.Now to now when unset. Without an executor the error says
// why (ErrFailed for content errors, with their diagnostics); the
// caller closes the executor's store.
func oneTarget(ctx context.Context, opts *Options) (*executor, *target, diag.List, error) {
	if opts.Now.IsZero() {
		opts.Now = time.Now()
	}
	x, diags, err := one(ctx, *opts, false)
	if err != nil {
		return nil, nil, diags, err
	}
	if x == nil {
		diags.Sort()
		return nil, nil, diags, ErrFailed
	}
	return x, x.plan.only, diags, nil
}

// Audit loads the project and runs the audit rules on one target of its
// plan (opts.Audience, opts.Version: by default every page of the latest
// version) without rendering or writing anything; Markdown is parsed for
// links and headings only. The error is ErrFailed when the project has
// content errors (the diagnostics say which); the report is then nil.
func Audit(ctx context.Context, opts Options) (*audit.Report, diag.List, error) {
	report, langs, diags, err := auditOne(ctx, opts)
	if err != nil || opts.Language != "" || len(langs) < 2 {
		return report, diags, err
	}
	// A manual of several languages without --language: the default
	// language's report, with what each other language's site adds (its
	// translations' findings, its own pages').
	for _, l := range langs[1:] {
		o := opts
		o.Language = l
		other, _, d, err := auditOne(ctx, o)
		diags = append(diags, d...)
		if err != nil {
			return nil, diags.Dedupe(), err
		}
		report = report.WithLanguage(other, langs[0])
	}
	return report, diags.Dedupe(), nil
}

// auditOne audits the one target of opts's plan, and says the manual's
// languages.
func auditOne(ctx context.Context, opts Options) (*audit.Report, []string, diag.List, error) {
	x, t, diags, err := oneTarget(ctx, &opts)
	if x == nil {
		return nil, nil, diags, err
	}
	defer x.store.Close()
	analyzed, d := t.m.site.Analyze(markdown.New())
	diags = append(diags, inVersion(d, t.cfg)...)
	diags.Sort()
	if n, _ := diags.Count(); n > 0 {
		return nil, nil, diags, ErrFailed
	}
	return audit.Run(analyzed, t.m.cfg.Audit), t.m.cfg.Languages, diags, nil
}

// writeAll hands in-memory output files to the publish stage, with
// several writers per core as render does: writing blocks.
func writeAll(w render.Writer, files []search.File) diag.List {
	var (
		mu    sync.Mutex
		diags diag.List
	)
	workers.Each(4*workers.Cores(), files, func(f search.File) {
		if err := w.Write(f.Path, f.Data); err != nil {
			mu.Lock()
			diags = append(diags, diag.From(err, "public"))
			mu.Unlock()
		}
	})
	return diags
}

// sourceCommit returns the Git commit of the project, with "-dirty" when
// the work tree has changes, or "unknown" outside a Git repository. The
// exports carry it so that auditors can tie a published inventory to its
// source.
func sourceCommit(ctx context.Context, project string) string {
	repo := gitrepo.Open(project)
	commit, err := repo.Head(ctx)
	if err != nil {
		return "unknown"
	}
	if dirty, err := repo.Dirty(ctx); err == nil && dirty {
		commit += "-dirty"
	}
	return commit
}

// parsed is a file's parse, kept in a shared store by its path and bytes.
type parsed struct {
	doc   *source.Document
	diags diag.List
}

// parseAll reads and splits every Markdown file on all cores. A file over
// maxSize is not read: it is an error naming the limit. With shared set,
// a file whose path and bytes another version of the build parsed is not
// parsed again. With spill set, each body is written there as soon as
// it is parsed, unless it has includes to expand: the file is then let
// go, and the build holds its front matter only.
func parseAll(tree *source.Tree, maxSize int64, shared *cache.Store, spill *cache.Spill) (map[string]*source.Document, diag.List) {
	var (
		mu    sync.Mutex
		docs  = make(map[string]*source.Document, len(tree.Files))
		diags diag.List
		pages []source.File
	)
	for _, f := range tree.Files {
		if f.IsMarkdown() {
			pages = append(pages, f)
		}
	}
	workers.Each(workers.Cores(), pages, func(f source.File) {
		var doc *source.Document
		var d diag.List
		src, err := f.Data, error(nil)
		switch {
		case src == nil:
			src, err = source.ReadLimited(f.Abs, maxSize)
		case maxSize > 0 && int64(len(src)) > maxSize:
			err = source.ErrTooLarge
		}
		if errors.Is(err, source.ErrTooLarge) {
			d.Errorf(f.Path, 0, 0, "%s is larger than the page size limit of %s; split the page, or raise limits.page_size in handbook.yaml", source.FormatSize(f.Size), source.FormatSize(maxSize))
		} else if err != nil {
			d.Errorf(f.Path, 0, 0, "cannot read: %v", err)
		} else if shared == nil {
			doc, d = source.Parse(f.Path, src)
		} else {
			k := keyhash.New("parsed page")
			k.String(f.Path)
			k.Bytes(src)
			key := k.Sum()
			if v, ok := shared.Value(key); ok {
				doc, d = v.(parsed).doc, slices.Clone(v.(parsed).diags)
			} else {
				doc, d = source.Parse(f.Path, src)
				shared.SetValue(key, parsed{doc, slices.Clone(d)})
			}
		}
		if doc != nil && spill != nil && !include.Contains(doc.Body) {
			if doc, err = doc.WithBodyIn(spill); err != nil {
				d.Errorf(f.Path, 0, 0, "%v", err)
			}
		}
		mu.Lock()
		if doc != nil {
			docs[f.Rel] = doc
		}
		diags = append(diags, d...)
		mu.Unlock()
	})
	return docs, diags
}

// outputDir resolves the output folder and refuses one whose
// replacement would lose data: the project root or a folder above it, a
// folder holding a Git repository, one of the folders the project's
// sources live in (content, templates, assets, data with the pulled
// snapshots, the inventory's and static folders) or a folder inside or
// above one of them, and, unless force, an existing folder with files
// but no manifest of an earlier build (somebody else's files).
func outputDir(project string, cfg config.Config, out string, force bool) (string, diag.List) {
	var diags diag.List
	out = outputPath(project, out)
	isParent := func(parent, child string) bool {
		return parent == child || strings.HasPrefix(child, strings.TrimSuffix(parent, string(filepath.Separator))+string(filepath.Separator))
	}
	if isParent(out, project) {
		diags.Errorf(out, 0, 0, "the output folder may not be the site project or a folder above it: the build replaces the whole output folder; choose e.g. --out public")
		return out, diags
	}
	// A folder with a .git inside is somebody's repository (a checkout of
	// a pages branch, the project itself): replacing it loses its history.
	if _, err := os.Lstat(filepath.Join(out, ".git")); err == nil {
		diags.Errorf(out, 0, 0, "the output folder holds a .git folder, and the build replaces the whole output folder; build into another folder and copy the files into the repository")
		return out, diags
	}
	// The build replaces the output folder: it may not hold, or be inside,
	// one of the project's own folders.
	for _, name := range sourceFolders(cfg) {
		in := filepath.Join(project, filepath.FromSlash(name))
		if isParent(in, out) || isParent(out, in) {
			diags.Errorf(out, 0, 0, "the output folder may not be the project's %s/ folder, inside it, or above it: the build replaces the whole output folder; choose e.g. --out public", name)
			return out, diags
		}
	}
	if !force && !publish.Replaceable(out) {
		diags.Errorf(out, 0, 0, "the output folder holds files but no manifest.json of an earlier handbook build, and the build replaces the whole output folder; choose an empty or new folder (e.g. --out public), or add --force to replace these files")
	}
	return out, diags
}

// outputPath resolves the --out of a build of project (DefaultOut when
// empty; relative to the project).
func outputPath(project, out string) string {
	if out == "" {
		out = DefaultOut
	}
	if !filepath.IsAbs(out) {
		out = filepath.Join(project, out)
	}
	return filepath.Clean(out)
}

// lockWait is how long opts says to wait for another build.
func (o Options) lockWait() time.Duration {
	if o.LockWait == 0 {
		return DefaultLockWait
	}
	return o.LockWait
}

// lockOutput takes the lock of the output folder out (see
// publish.Lock), telling opts.Waiting when another build holds it.
func lockOutput(ctx context.Context, out string, opts Options) (*publish.OutputLock, error) {
	return publish.Lock(ctx, out, opts.lockWait(), func(pid int) {
		if opts.Waiting != nil {
			msg := "waiting for another build of " + out
			if pid > 0 {
				msg += fmt.Sprintf(" (process %d)", pid)
			}
			opts.Waiting(msg + "…")
		}
	})
}

// lockCache takes the lock of the build's cache folder, if it keeps
// one; the output's lock is taken first, always, so that two builds
// never wait for each other's.
func lockCache(ctx context.Context, store *cache.Store, opts Options) error {
	return store.Lock(ctx, opts.lockWait(), func() {
		if opts.Waiting != nil {
			opts.Waiting("waiting for another build using the cache " + store.Dir() + "…")
		}
	})
}

// sourceFolders are the project's folders that hold what a build or pull
// reads, relative to the project, slash-separated.
func sourceFolders(cfg config.Config) []string {
	folders := []string{cfg.ContentDir, TemplatesDir, AssetsDir, "data", "inventory"} // data/ holds the pulled snapshots
	for _, p := range cfg.Inventory.Paths {
		if dir := globFolder(filepath.ToSlash(p)); dir != "" {
			folders = append(folders, dir)
		}
	}
	return append(folders, cfg.StaticDirs...)
}

// globFolder is the folder an inventory glob starts in, before its first
// pattern character ("inventory" of inventory/**/*.yaml; "" for *.csv).
func globFolder(glob string) string {
	if i := strings.IndexAny(glob, "*?[{"); i >= 0 {
		glob = glob[:i]
	}
	dir := path.Dir(glob)
	if strings.HasSuffix(glob, "/") {
		dir = strings.TrimSuffix(glob, "/")
	}
	if dir == "." || dir == "/" {
		return ""
	}
	return dir
}

// WatchIgnore returns, for handbook serve's watcher, which paths of the
// project do not affect the site: everything at the top of the project
// but content/, templates/, assets/, data/ (snapshots), handbook.yaml
// and the folders the inventory globs start in, and the output folder
// (when it lies inside one of those). A project that is also a code
// repository (the example manual is) then rebuilds on edits to the
// manual only.
func WatchIgnore(opts Options) func(path string) bool {
	project, err := filepath.Abs(opts.Dir)
	if err != nil {
		return func(string) bool { return false }
	}
	cfg, d := config.Load(project)
	if len(d) > 0 {
		cfg = config.Default()
	}
	out, _ := outputDir(project, cfg, opts.Out, true)
	keep := map[string]bool{topFolder(cfg.ContentDir): true, TemplatesDir: true, AssetsDir: true, snapshots.Dir: true, config.FileName: true, "data": true, "inventory": true}
	for _, dir := range cfg.StaticDirs {
		keep[topFolder(dir)] = true
	}
	for _, f := range []config.File{cfg.Logo, cfg.Favicon} {
		if f.Path != "" {
			keep[topFolder(f.Path)] = true
		}
	}
	if len(d) == 0 {
		for _, p := range cfg.Inventory.Paths {
			keep[topFolder(filepath.ToSlash(p))] = true
		}
	}
	sep := string(filepath.Separator)
	return func(p string) bool {
		if p == out || strings.HasPrefix(p, out+sep) {
			return true
		}
		rel, err := filepath.Rel(project, p)
		if err != nil || rel == "." || strings.HasPrefix(rel, "..") {
			return false
		}
		return !keep[topFolder(filepath.ToSlash(rel))]
	}
}

// topFolder returns the first segment of a slash path (docs of docs/ops).
func topFolder(p string) string { return strings.SplitN(p, "/", 2)[0] }

// outsideLinks reports the symlinks of the project folders dirs (the
// folder itself, or a file or folder in it) that lead outside the
// project, or nowhere. dirFS's os.Root refuses to follow them, and the
// template and asset loaders would then skip the file without a word: a
// writer whose override "does nothing" deserves the reason.
func outsideLinks(project string, dirs ...string) diag.List {
	var diags diag.List
	for _, dir := range dirs {
		if _, err := os.Lstat(filepath.Join(project, dir)); err != nil {
			continue
		}
		_, d := source.Walk(project, dir)
		diags = append(diags, d...)
	}
	return diags
}

// dirFS returns the project's folder name as an fs.FS, or nil when it does
// not exist. Symlinks leaving the project are refused by os.Root.
func dirFS(project, name string) fs.FS {
	p := filepath.Join(project, name)
	if info, err := os.Stat(p); err != nil || !info.IsDir() {
		return nil
	}
	root, err := os.OpenRoot(project)
	if err != nil {
		return nil
	}
	sub, err := fs.Sub(root.FS(), name)
	if err != nil {
		return nil
	}
	return sub
}

// cacheDir is where a build keeps its cache between builds ("" for none).
func cacheDir(project string, opts Options) string {
	if opts.NoCache {
		return ""
	}
	dir := opts.CacheDir
	if dir == "" {
		dir = DefaultCache
	}
	if !filepath.IsAbs(dir) {
		dir = filepath.Join(project, dir)
	}
	return dir
}

// within reports whether path is dir or inside it.
func within(path, dir string) bool {
	rel, err := filepath.Rel(dir, path)
	return err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator))
}

// openCache opens the project's cache folder, refusing one that is inside,
// or holds, the output or content folder.
func openCache(project, out, contentDir string, opts Options) (*cache.Store, diag.List) {
	var diags diag.List
	dir := cacheDir(project, opts)
	for _, other := range []string{out, filepath.Join(project, contentDir)} {
		if dir != "" && (within(dir, other) || within(other, dir)) {
			diags.Errorf(dir, 0, 0, "the cache folder may not be inside, or hold, the output or content folder; choose another --cache-dir")
			return nil, diags
		}
	}
	return cache.New(dir), nil
}
