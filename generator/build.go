// Package generator runs handbook's build: load the project, build the
// model, audit it, render it and publish the output atomically. Each
// stage lives in its own package below this one; Build only sequences them.
package generator

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/handbook-dev/handbook/assets"
	"github.com/handbook-dev/handbook/generator/audit"
	"github.com/handbook-dev/handbook/generator/bundle"
	"github.com/handbook-dev/handbook/generator/cache"
	"github.com/handbook-dev/handbook/generator/config"
	"github.com/handbook-dev/handbook/generator/diag"
	"github.com/handbook-dev/handbook/generator/history"
	"github.com/handbook-dev/handbook/generator/internal/workers"
	"github.com/handbook-dev/handbook/generator/inventory"
	"github.com/handbook-dev/handbook/generator/markdown"
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

// Folder names inside a site project.
const (
	ContentDir   = "content"
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

	// history, when set, replaces the Git history read from Dir (a
	// version extracted from a tag has none of its own).
	history *history.Log
}

// DefaultCache is the cache folder inside a site project.
const DefaultCache = ".handbook-cache"

// Result reports what a build did.
type Result struct {
	Out         string
	Pages       int
	Files       int
	Bytes       int64
	Diagnostics diag.List
	Duration    time.Duration
	// Report holds the audit findings of a successful build.
	Report *audit.Report
	// CacheHits counts pages whose conversion came from the cache.
	CacheHits int
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

// model is a loaded site project: its configuration and model.
type model struct {
	project string
	out     string
	cfg     config.Config
	site    *site.Site
}

// load runs the load and model stages shared by Build and Audit.
func load(ctx context.Context, opts Options) (*model, diag.List, error) {
	project, err := filepath.Abs(opts.Dir)
	if err != nil {
		return nil, nil, err
	}
	out, diags := outputDir(project, opts.Out)
	if len(diags) > 0 {
		return nil, diags, nil
	}
	cfg, d := config.Load(project)
	diags = append(diags, d...)
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
			l, err := history.Read(ctx, project, ContentDir)
			histCh <- histResult{l, err}
		}()
	}
	tree, d := source.Walk(project, ContentDir)
	diags = append(diags, d...)
	if tree == nil {
		return nil, diags, nil
	}
	docs, d := parseAll(tree)
	diags = append(diags, d...)
	inv, d := inventory.Load(project, inventory.Options{Patterns: cfg.Inventory.Paths, Kinds: cfg.Inventory.Kinds})
	diags = append(diags, d...)
	snaps := &snapshots.Set{}
	if root, closeRoot, err := snapshots.OpenRoot(project); err == nil {
		snaps, d = snapshots.Load(root)
		closeRoot()
		diags = append(diags, d...)
		if snaps.Changes, err = snapshots.Changes(ctx, project); err != nil {
			diags.Warnf(snapshots.Dir, 0, 0, "cannot read the snapshots' history: %v", err)
		}
	}
	hr := <-histCh
	hist, err := hr.log, hr.err
	switch {
	case errors.Is(err, history.ErrNoRepository):
		hist = nil // outside Git: file times date the pages
	case err != nil:
		diags.Warnf(ContentDir, 0, 0, "cannot read the Git history: %v; pages are dated by their files", err)
		hist = nil
	case hist.Shallow:
		diags.Warnf(".git", 0, 0, "shallow clone: pages are dated by their updated front matter or file times and show no history; run git fetch --unshallow")
	}
	s, d := site.New(cfg, tree, docs, site.Options{Drafts: opts.Drafts, BuildTime: opts.Now, Inventory: inv, Snapshots: snaps, History: hist})
	diags = append(diags, d...)
	s.SourceCommit = opts.SourceCommit
	if s.SourceCommit == "" {
		s.SourceCommit = sourceCommit(ctx, project)
	}
	return &model{project: project, out: out, cfg: cfg, site: s}, diags, ctx.Err()
}

// Build builds the site project in opts.Dir. It returns a Result whose
// Diagnostics hold every error and warning found; the error is non-nil when
// the build failed, in which case the previous output is untouched. With
// versions: in handbook.yaml it builds each version side by side.
func Build(ctx context.Context, opts Options) (*Result, error) {
	start := time.Now()
	if opts.Now.IsZero() {
		opts.Now = start
	}
	if project, err := filepath.Abs(opts.Dir); err == nil {
		if cfg, d := config.Load(project); len(d) == 0 && len(cfg.Versions) > 0 {
			return buildVersions(ctx, opts, project, cfg.Versions, start)
		}
	}
	res := &Result{}
	fail := func(d diag.List) (*Result, error) {
		res.Diagnostics = append(res.Diagnostics, d...)
		res.Diagnostics.Sort()
		res.Duration = time.Since(start)
		return res, ErrFailed
	}
	var store *cache.Store
	defer func() {
		if store != nil {
			store.Close()
		}
	}()
	p, diags, err := prepare(ctx, opts, &store)
	if err != nil {
		return nil, err
	}
	if p == nil {
		return fail(diags)
	}
	res.Out = p.m.out
	stage, err := publish.Begin(p.m.out)
	if err != nil {
		return nil, fmt.Errorf("cannot create the output folder: %w", err)
	}
	if d := p.render(stage, nil, nil); len(d) > 0 {
		stage.Abort()
		return fail(append(diags, d...))
	}

	// Publish.
	if err := stage.Commit("handbook "+Version, opts.Now); err != nil {
		stage.Abort()
		return nil, fmt.Errorf("cannot publish to %s: %w", p.m.out, err)
	}
	if err := store.Save(); err != nil {
		diags.Warnf(cacheDir(p.m.project, opts), 0, 0, "cannot save the cache: %v; the next build converts every page again", err)
	}
	res.CacheHits = store.Hits
	res.Search = p.searchStats()
	files := stage.Files()
	res.Files = len(files)
	for _, f := range files {
		res.Bytes += f.Size
	}
	res.Pages = len(p.m.site.Pages)
	res.Report = p.report
	res.Diagnostics = diags
	res.Diagnostics.Sort()
	res.Duration = time.Since(start)
	return res, nil
}

// prepared is a site loaded, converted and audited, with its templates
// and assets, ready to render.
type prepared struct {
	m       *model
	tr      *render.Translator
	report  *audit.Report
	tmpl    *render.Templates
	bundled *bundle.Result
	idx     *search.Index
}

// prepare runs the stages before render: load, convert (through the
// cache, which it opens on first use), audit, templates and assets. It
// returns nil and the diagnostics when content errors stop the build.
func prepare(ctx context.Context, opts Options, store **cache.Store) (*prepared, diag.List, error) {
	m, diags, err := load(ctx, opts)
	if err != nil || m == nil {
		return nil, diags, err
	}
	return finish(ctx, m, opts, store, diags)
}

// finish runs the stages after load: convert, audit, templates, assets.
// diags holds what load reported; any error in it or found here stops the
// build after all are collected.
func finish(ctx context.Context, m *model, opts Options, store **cache.Store, diags diag.List) (*prepared, diag.List, error) {
	s, project, cfg := m.site, m.project, m.cfg
	if *store == nil {
		var d diag.List
		if *store, d = openCache(project, m.out, opts); len(d) > 0 {
			return nil, append(diags, d...), nil
		}
	}

	projectTemplates := dirFS(project, TemplatesDir)
	tr, d := render.NewTranslator([]fs.FS{projectTemplates, templates.FS}, cfg.Language, cfg.Strings)
	diags = append(diags, d...)
	conv := markdown.New(markdown.WithAlertTitles(tr.AlertTitles()), markdown.WithCache(*store))
	diags = append(diags, s.Convert(conv)...)
	if err := ctx.Err(); err != nil {
		return nil, diags, err
	}

	// Audit.
	findings := audit.Links(s)
	if opts.Strict {
		for i := range findings {
			findings[i].Severity = diag.Error
		}
	}
	diags = append(diags, findings...)
	report := audit.Run(s, cfg.Audit)

	tmpl, d := render.LoadTemplates([]render.Layer{{FS: projectTemplates, Display: TemplatesDir}, {FS: templates.FS, Display: TemplatesDir + " (built-in)"}}, render.Funcs(tr), tr.T)
	diags = append(diags, d...)
	bundled, d := bundle.Build([]fs.FS{dirFS(project, AssetsDir), assets.FS}, AssetsDir)
	diags = append(diags, d...)
	if n, _ := diags.Count(); n > 0 {
		return nil, diags, nil
	}
	// Search: the index is built from the model and handed to publish
	// with the rendered pages.
	idx := search.Build(s, report, search.Options{Lang: cfg.Language, InventoryLabel: tr.T("inventory"), AuditLabel: tr.T("audit"), Labels: render.SearchLabels(tr)})
	return &prepared{m: m, tr: tr, report: report, tmpl: tmpl, bundled: bundled, idx: idx}, diags, nil
}

// render writes the prepared site to w; versions and diff are set for a
// version of a versioned build.
func (p *prepared) render(w render.Writer, versions *render.Versions, diff *versiondiff.Diff) diag.List {
	r := render.New(p.m.site, render.Options{Templates: p.tmpl, Translator: p.tr, Assets: p.bundled, Audit: p.report, Versions: versions, Diff: diff, SearchIndex: p.idx.Meta})
	d := r.Render(w)
	return append(d, writeAll(w, p.idx.Files)...)
}

// searchStats reports the index a build published.
func (p *prepared) searchStats() SearchStats {
	i := p.idx
	return SearchStats{Docs: i.Docs, Terms: i.Terms, Shards: i.Shards, Files: len(i.Files), Bytes: i.Bytes, Duration: i.Duration}
}

// Audit loads the project and runs the audit rules without rendering or
// writing anything; Markdown is parsed for links and headings only. The
// error is ErrFailed when the project has content errors (the
// diagnostics say which); the report is then nil.
func Audit(ctx context.Context, opts Options) (*audit.Report, diag.List, error) {
	if opts.Now.IsZero() {
		opts.Now = time.Now()
	}
	m, diags, err := load(ctx, opts)
	if err != nil {
		return nil, diags, err
	}
	if m == nil {
		diags.Sort()
		return nil, diags, ErrFailed
	}
	diags = append(diags, m.site.Analyze(markdown.New())...)
	diags.Sort()
	if n, _ := diags.Count(); n > 0 {
		return nil, diags, ErrFailed
	}
	return audit.Run(m.site, m.cfg.Audit), diags, nil
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
	out, err := exec.CommandContext(ctx, "git", "-C", project, "rev-parse", "HEAD").Output()
	if err != nil {
		return "unknown"
	}
	commit := strings.TrimSpace(string(out))
	if st, err := exec.CommandContext(ctx, "git", "-C", project, "status", "--porcelain", "--untracked-files=no").Output(); err == nil && len(bytes.TrimSpace(st)) > 0 {
		commit += "-dirty"
	}
	return commit
}

// parseAll reads and splits every Markdown file on all cores.
func parseAll(tree *source.Tree) (map[string]*source.Document, diag.List) {
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
		src, err := os.ReadFile(f.Abs)
		var doc *source.Document
		var d diag.List
		if err != nil {
			d.Errorf(f.Path, 0, 0, "cannot read: %v", err)
		} else {
			doc, d = source.Parse(f.Path, src)
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

// outputDir resolves the output folder and refuses one that would
// overwrite the project or its content: the project root, the content
// folder, a parent of either, or a folder inside the content.
func outputDir(project, out string) (string, diag.List) {
	var diags diag.List
	if out == "" {
		out = DefaultOut
	}
	if !filepath.IsAbs(out) {
		out = filepath.Join(project, out)
	}
	out = filepath.Clean(out)
	isParent := func(parent, child string) bool {
		return parent == child || strings.HasPrefix(child, strings.TrimSuffix(parent, string(filepath.Separator))+string(filepath.Separator))
	}
	if isParent(out, project) {
		diags.Errorf(out, 0, 0, "the output folder may not be the site project or a folder above it: the build replaces the whole output folder; choose e.g. --out public")
		return out, diags
	}
	// The build replaces the output folder: it may not hold, or be inside,
	// one of the project's own folders.
	for _, name := range []string{ContentDir, TemplatesDir, AssetsDir} {
		in := filepath.Join(project, name)
		if isParent(in, out) || isParent(out, in) {
			diags.Errorf(out, 0, 0, "the output folder may not be the project's %s/ folder, inside it, or above it; choose e.g. --out public", name)
		}
	}
	return out, diags
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
func openCache(project, out string, opts Options) (*cache.Store, diag.List) {
	var diags diag.List
	dir := cacheDir(project, opts)
	for _, other := range []string{out, filepath.Join(project, ContentDir)} {
		if dir != "" && (within(dir, other) || within(other, dir)) {
			diags.Errorf(dir, 0, 0, "the cache folder may not be inside, or hold, the output or content folder; choose another --cache-dir")
			return nil, diags
		}
	}
	return cache.New(dir), nil
}
