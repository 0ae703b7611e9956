package generator

import (
	"context"
	"encoding/json"
	"fmt"
	"html"
	"io"
	"path/filepath"
	"runtime/pprof"
	"slices"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/handbook-dev/handbook/generator/cache"
	"github.com/handbook-dev/handbook/generator/config"
	"github.com/handbook-dev/handbook/generator/diag"
	"github.com/handbook-dev/handbook/generator/history"
	"github.com/handbook-dev/handbook/generator/internal/gitrepo"
	"github.com/handbook-dev/handbook/generator/internal/workers"
	"github.com/handbook-dev/handbook/generator/publish"
	"github.com/handbook-dev/handbook/generator/render"
	"github.com/handbook-dev/handbook/generator/site"
	"github.com/handbook-dev/handbook/generator/source"
	"github.com/handbook-dev/handbook/generator/versiondiff"
)

// VersionsFile lists the versions at the root of a versioned site.
const VersionsFile = "versions.json"

// versionBuild is one version of the manual in a versioned build.
type versionBuild struct {
	cfg    config.Version
	commit string
	// committed is the commit's date, for a version built from a ref.
	committed time.Time
	prefix    string // "" for the latest, "<name>/" for the others
	opts      Options
	m         *model
	urls      map[string]bool
	// pages and builtAt are how many pages the version has and when they
	// were rendered (by an earlier build, for a frozen version reused).
	pages   int
	builtAt time.Time
}

// inVersion names the version in the diagnostics of one built from a ref,
// whose paths are those of the ref's tree.
func inVersion(d diag.List, v config.Version) diag.List {
	if v.Ref != "" {
		for i := range d {
			d[i].Message += " (version " + v.Name + ")"
		}
	}
	return d
}

// mergeAcrossVersions reports a problem that several versions share once,
// naming them: a broken link in a page five versions have is one line,
// "… (versions 2026, 2025, 2024)", not five. A diagnostic of the version
// built from the work tree carries no version name of its own.
func mergeAcrossVersions(d diag.List, versions []config.Version) diag.List {
	type group struct {
		first int
		names []string
	}
	base := func(x diag.Diagnostic) (diag.Diagnostic, string) {
		for _, v := range versions {
			if v.Ref == "" {
				continue
			}
			if m, ok := strings.CutSuffix(x.Message, " (version "+v.Name+")"); ok {
				x.Message = m
				return x, v.Name
			}
		}
		for _, v := range versions {
			if v.Ref == "" {
				return x, v.Name
			}
		}
		return x, ""
	}
	groups := map[diag.Diagnostic]*group{}
	for i, x := range d {
		b, name := base(x)
		g := groups[b]
		if g == nil {
			g = &group{first: i}
			groups[b] = g
		}
		if name != "" && !slices.Contains(g.names, name) {
			g.names = append(g.names, name)
		}
	}
	out := make(diag.List, 0, len(d))
	for i, x := range d {
		b, _ := base(x)
		g := groups[b]
		switch {
		case len(g.names) < 2:
			out = append(out, x)
		case g.first == i:
			b.Message += " (versions " + strings.Join(g.names, ", ") + ")"
			out = append(out, b)
		}
	}
	return out
}

// buildVersions builds every version in versions into one output, in one
// atomic publish: the latest at the site root, the others in folders named
// after them, the latest's name and every alias as folders of redirects.
// Versions built from a ref are read with git archive into the cache, never
// through the writer's work tree or index; converted pages are shared by
// all versions through the content-hash cache, and a frozen version whose
// inputs did not change is taken over whole from the last output (see
// frozen).
func buildVersions(ctx context.Context, opts Options, project string, cfg config.Config, start time.Time, outLock *publish.OutputLock) (*Result, error) {
	versions := cfg.Versions
	res := &Result{}
	var diags diag.List
	var stage *publish.Stage
	fail := func() (*Result, error) {
		res.Diagnostics = append(res.Diagnostics, mergeAcrossVersions(diags, versions)...)
		res.Diagnostics.Sort()
		res.Duration = time.Since(start)
		return res, ErrFailed
	}
	var store *cache.Store
	committed := false
	defer func() {
		if stage != nil && !committed {
			stage.Abort()
		}
		if store != nil {
			store.Close()
		}
	}()
	out, d := outputDir(project, cfg, opts.Out, opts.Force)
	if len(d) > 0 {
		diags = d
		return fail()
	}
	res.Out = out
	if outLock == nil {
		var err error
		if outLock, err = lockOutput(ctx, out, opts); err != nil {
			return nil, err
		}
		defer outLock.Unlock()
	}
	if store, diags = openCache(project, out, cfg.ContentDir, opts); len(diags) > 0 {
		return fail()
	}
	if err := lockCache(ctx, store, opts); err != nil {
		return nil, err
	}
	if store.Persistent() {
		go executableSum() // read while the refs resolve
	}
	builds := make([]*versionBuild, len(versions))
	for i, v := range versions {
		builds[i] = &versionBuild{cfg: v}
		if !v.Latest {
			builds[i].prefix = v.Name + "/"
		}
		if v.Ref == "" {
			builds[i].commit = sourceCommit(ctx, project)
			continue
		}
		commit, at, err := resolveRef(ctx, project, v.Ref)
		if err != nil {
			diags.Errorf(config.FileName, v.Line, 0, "version %s: ref %q: %v; name a tag, branch or commit of this repository", v.Name, v.Ref, err)
			continue
		}
		builds[i].commit, builds[i].committed = commit, at
	}
	if n, _ := diags.Count(); n > 0 {
		return fail()
	}
	// The staging folder is listed while the versions load.
	stage, err := outLock.Begin()
	if err != nil {
		return nil, fmt.Errorf("cannot create the output folder: %w", err)
	}
	rs := newReuse(ctx, opts, project, store, builds)
	vdiags := make([]diag.List, len(versions))
	var loadErr error
	var mu sync.Mutex
	loadOne := func(i int) {
		var m *model
		var d diag.List
		var err error
		pprof.Do(ctx, pprof.Labels("version", versions[i].Name+" (load)"), func(ctx context.Context) {
			m, d, err = loadVersion(ctx, opts, project, out, cfg.ContentDir, store, builds[i], len(versions) > 1)
		})
		mu.Lock()
		defer mu.Unlock()
		vdiags[i] = append(vdiags[i], d...)
		if m != nil {
			builds[i].m = m
			if builds[i].urls == nil { // else the record's, which others read
				builds[i].urls = siteURLs(m.site)
			}
		}
		if err != nil && loadErr == nil {
			loadErr = err
		}
	}
	// The first version is loaded alone: its pages are parsed into the
	// shared store, where the others, loaded two at a time (much of a
	// load is waiting on git), find most of theirs.
	loadAll := func(todo []int) bool {
		if len(todo) == 0 {
			return true
		}
		loadOne(todo[0])
		workers.Each(2, todo[1:], loadOne)
		for _, i := range todo {
			diags = append(diags, vdiags[i]...)
		}
		n, _ := diags.Count()
		return loadErr == nil && n == 0 && !slices.ContainsFunc(todo, func(i int) bool { return builds[i].m == nil })
	}
	// A frozen version a build before rendered needs only its record
	// until it is known whether its output can be taken over.
	todo := rs.unrecorded(builds)
	if !loadAll(todo) {
		if loadErr != nil {
			return nil, loadErr
		}
		return fail()
	}
	// Take over the frozen versions the reused staging folder holds as
	// this build would render them, and load the others.
	reused, outputKeys := rs.takeOver(stage, out, builds)
	todo = todo[:0]
	for i, vb := range builds {
		if vb.m == nil && !reused[i] {
			todo = append(todo, i)
		}
	}
	if !loadAll(todo) {
		if loadErr != nil {
			return nil, loadErr
		}
		return fail()
	}
	diags = append(diags, versionCollisions(builds)...)
	if n, _ := diags.Count(); n > 0 {
		return fail()
	}

	infos := make([]render.VersionInfo, len(builds))
	for i, vb := range builds {
		urls := vb.urls
		infos[i] = render.VersionInfo{Name: vb.cfg.Name, Prefix: vb.prefix, Latest: vb.cfg.Latest, Has: func(u string) bool { return urls[u] }}
	}
	var rendered []int
	for i := range builds {
		if !reused[i] {
			rendered = append(rendered, i)
		}
	}
	if len(rendered) == 1 {
		// The only version rendered shares its pages with none: keying
		// each for the others would cost and save nothing.
		builds[rendered[0]].opts.shared = nil
	}
	// One version at a time is rendered, then its HTML let go, so memory
	// holds about one version's pages; the next version is converted,
	// audited and indexed while it renders, which keeps both cores busy
	// through the render's serial parts.
	type preparation struct {
		p   *prepared
		d   diag.List
		err error
	}
	prepareAsync := func(vb *versionBuild) <-chan preparation {
		ch := make(chan preparation, 1)
		go func() {
			var p *prepared
			var d diag.List
			var err error
			pprof.Do(ctx, pprof.Labels("version", vb.cfg.Name), func(ctx context.Context) {
				p, d, err = vb.m.prepare(ctx, vb.opts, store)
			})
			ch <- preparation{p, d, err}
		}()
		return ch
	}
	var next <-chan preparation
	if len(rendered) > 0 {
		next = prepareAsync(builds[rendered[0]])
	}
	defer func() {
		if next != nil {
			<-next // let the preparation under way finish before leaving
		}
	}()
	for k, i := range rendered {
		vb := builds[i]
		prep := <-next
		next = nil
		if prep.err != nil {
			return nil, prep.err
		}
		p, d := prep.p, inVersion(prep.d, vb.cfg)
		vdiags[i] = append(vdiags[i], d...)
		diags = append(diags, d...)
		if n, _ := d.Count(); n > 0 {
			return fail()
		}
		if k+1 < len(rendered) {
			next = prepareAsync(builds[rendered[k+1]])
		}
		var diff *versiondiff.Diff
		if i+1 < len(builds) {
			older := builds[i+1]
			if reused[i+1] {
				// A version taken over is compared from its record; when
				// that or its tree is missing or unreadable (a cache
				// edited by hand), it is loaded for the comparison, its
				// diagnostics being its record's.
				if o := rs.olds(i+1, older); o != nil {
					diff, _ = versiondiff.CompareOld(older.cfg.Name, o, vb.m.site)
				}
				if diff == nil {
					if loadOne(i + 1); older.m == nil {
						diags = append(diags, vdiags[i+1]...)
						return fail()
					}
				}
			}
			if diff == nil {
				diff = versiondiff.Compare(older.cfg.Name, older.m.site, vb.m.site)
				if reused[i+1] {
					older.m = nil // loaded for this comparison only
				}
			}
		}
		var rd diag.List
		pprof.Do(ctx, pprof.Labels("version", vb.cfg.Name), func(context.Context) {
			rd = p.render(prefixWriter{stage, vb.prefix}, &render.Versions{Current: i, All: infos}, diff)
		})
		vdiags[i] = append(vdiags[i], rd...)
		diags = append(diags, rd...)
		if n, _ := rd.Count(); n > 0 {
			return fail()
		}
		res.Reused += p.reused
		if vb.cfg.Latest {
			res.Report, res.Search = p.report, p.searchStats()
		}
		vb.pages, vb.builtAt = len(vb.m.site.Pages), opts.Now
		rs.keepRecord(i, vb, vdiags[i])
		// The newer versions' diffs are made: nothing reads this model
		// again, and its pages can go before the next version loads its
		// HTML.
		vb.m = nil
	}
	for i, vb := range builds {
		if reused[i] {
			rec := rs.record(i)
			vb.pages, vb.builtAt = rec.Pages, rec.BuiltAt
			diags = append(diags, rec.Diagnostics...)
			res.Frozen++
		}
		if err := writeRedirects(stage, builds, vb); err != nil {
			return nil, err
		}
		res.Pages += vb.pages
	}
	if err := stage.Write(VersionsFile, versionsJSON(builds)); err != nil {
		return nil, err
	}
	if err := stage.Commit("handbook "+Version, opts.Now); err != nil {
		return nil, fmt.Errorf("cannot publish to %s: %w", out, err)
	}
	committed = true
	rs.keepPublished(stage.Manifest(), outputKeys)
	if err := store.Save(); err != nil {
		diags.Warnf(cacheDir(project, opts), 0, 0, "cannot save the cache: %v; the next build converts every page again", err)
	}
	res.CacheHits = store.Hits
	for _, f := range stage.Files() {
		res.Files++
		res.Bytes += f.Size
	}
	res.Diagnostics = mergeAcrossVersions(diags, versions)
	res.Diagnostics.Sort()
	res.Duration = time.Since(start)
	return res, nil
}

// loadVersion loads one version: from the work tree, or from its ref's
// tree extracted into the cache. share puts its parsed pages in the
// store for the other versions. A frozen version is measured as of its
// commit's date: its review dates, certificates and open incidents are
// shown as they stood when it was current, and its output stays the same
// from one build to the next.
// contentDir is the project's content folder: an older version's tree is
// read from the same folder at its commit.
func loadVersion(ctx context.Context, opts Options, project, out, contentDir string, store *cache.Store, vb *versionBuild, share bool) (*model, diag.List, error) {
	var diags diag.List
	v := vb.cfg
	vopts := opts
	vopts.Out = out
	if share {
		vopts.shared = store
	}
	if v.Ref != "" {
		hist, err := history.ReadAt(ctx, project, contentDir, vb.commit)
		if err != nil {
			diags.Errorf(config.FileName, v.Line, 0, "version %s: cannot read its history: %v", v.Name, err)
			return nil, diags, nil
		}
		// Without a cache folder the tree is extracted for this build
		// only: its pages stay in memory rather than be written to a
		// temporary folder and deleted (10,000 files a version).
		holdPage := func(name string) bool {
			rel, ok := strings.CutPrefix(name, contentDir+"/")
			return ok && source.File{Rel: rel}.IsMarkdown()
		}
		dir, held, err := store.Tree(vb.commit, func() (io.ReadCloser, error) { return gitrepo.Open(project).Archive(ctx, vb.commit) }, holdPage)
		if err != nil {
			diags.Errorf(config.FileName, v.Line, 0, "version %s: cannot read %s: %v", v.Name, v.Ref, err)
			return nil, diags, nil
		}
		if len(held) > 0 {
			vopts.held = make(map[string]source.File, len(held))
			for name, h := range held {
				rel := strings.TrimPrefix(name, contentDir+"/")
				vopts.held[rel] = source.File{Abs: filepath.Join(dir, filepath.FromSlash(name)), Size: int64(len(h.Data)), ModTime: h.ModTime, Data: h.Data}
			}
		}
		vopts.Dir, vopts.SourceCommit, vopts.history, vopts.gitDir = dir, vb.commit, hist, project
		if frozen(v) {
			vopts.Now = vb.committed
		}
		// The version's own cache setting would point into the tree.
		vopts.CacheDir = cacheDir(project, opts)
	}
	m, d, err := load(ctx, vopts)
	if err != nil {
		return nil, nil, err
	}
	vb.opts = vopts
	return m, append(diags, inVersion(d, v)...), nil
}

// resolveRef names the commit a tag, branch or commit id points at, and
// its committer date.
func resolveRef(ctx context.Context, project, ref string) (string, time.Time, error) {
	repo := gitrepo.Open(project)
	commit, err := repo.ResolveCommit(ctx, ref)
	if err != nil {
		return "", time.Time{}, fmt.Errorf("no such commit")
	}
	at, err := repo.CommitTime(ctx, commit)
	if err != nil {
		return "", time.Time{}, fmt.Errorf("cannot read commit %s", commit)
	}
	return commit, at, nil
}

// siteURLs lists the URLs of a version's pages and inventory items, which
// the version switcher links.
func siteURLs(s *site.Site) map[string]bool {
	urls := make(map[string]bool, len(s.Pages)+len(s.Inventory.Items))
	for _, p := range s.Pages {
		urls[p.URL] = true
	}
	for _, it := range s.Inventory.Items {
		urls[s.ItemURL(it)] = true
	}
	return urls
}

// versionCollisions refuses a latest version whose pages would take the
// folder of another version or alias.
func versionCollisions(builds []*versionBuild) diag.List {
	var diags diag.List
	folders := map[string]string{}
	for _, vb := range builds {
		for _, name := range append([]string{vb.cfg.Name}, vb.cfg.Aliases...) {
			folders[strings.ToLower(name)+"/"] = name
		}
	}
	for _, vb := range builds {
		if !vb.cfg.Latest {
			continue
		}
		for _, p := range vb.m.site.Pages {
			top := strings.ToLower(strings.SplitAfterN(p.URL, "/", 2)[0])
			if name, ok := folders[top]; ok && p.File.Path != "" {
				diags.Errorf(p.Path(), 0, 0, "maps to %s, the folder of version %s; rename the section or the version", p.URL, name)
			}
		}
	}
	return diags
}

// writeRedirects writes, for the latest version's name and every alias of
// vb, a small page per page of vb that sends the reader to it: links to
// /2026/x/ keep working once 2026 is served at the root.
func writeRedirects(w render.Writer, builds []*versionBuild, vb *versionBuild) error {
	var folders []string
	if vb.cfg.Latest {
		folders = append(folders, vb.cfg.Name)
	}
	folders = append(folders, vb.cfg.Aliases...)
	urls := make([]string, 0, len(vb.urls))
	for u := range vb.urls {
		urls = append(urls, u)
	}
	sort.Strings(urls)
	for _, f := range folders {
		for _, u := range urls {
			from, to := f+"/"+u, vb.prefix+u
			href := site.Rel(from, to)
			if href == "" {
				href = "./"
			}
			if err := w.Write(from+"index.html", redirectPage(href)); err != nil {
				return err
			}
		}
	}
	return nil
}

// redirectPage is an HTML page that moves the reader to href at once,
// with a link for browsers that do not follow the refresh.
func redirectPage(href string) []byte {
	h := html.EscapeString(href)
	return []byte(`<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><meta name="robots" content="noindex">
<meta http-equiv="refresh" content="0; url=` + h + `"><link rel="canonical" href="` + h + `">
<title>Moved</title></head><body><p><a href="` + h + `">` + h + `</a></p></body></html>
`)
}

// versionsJSON is public/versions.json: every version with its ref,
// commit, folder, build time and aliases, for tools and auditors.
func versionsJSON(builds []*versionBuild) []byte {
	type entry struct {
		Name    string   `json:"name"`
		Ref     string   `json:"ref"`
		Commit  string   `json:"commit"`
		URL     string   `json:"url"`
		BuiltAt string   `json:"built_at"`
		Latest  bool     `json:"latest"`
		Aliases []string `json:"aliases"`
	}
	var list []entry
	for _, vb := range builds {
		ref := vb.cfg.Ref
		if ref == "" {
			ref = "(working tree)"
		}
		aliases := append([]string{}, vb.cfg.Aliases...)
		url := vb.prefix
		if url == "" {
			url = "./"
		}
		list = append(list, entry{Name: vb.cfg.Name, Ref: ref, Commit: vb.commit, URL: url, BuiltAt: vb.builtAt.UTC().Format(time.RFC3339), Latest: vb.cfg.Latest, Aliases: aliases})
	}
	data, _ := json.MarshalIndent(map[string]any{"versions": list}, "", "  ")
	return append(data, '\n')
}

// prefixWriter writes a version's files into its folder of the output.
type prefixWriter struct {
	w      render.Writer
	prefix string
}

func (p prefixWriter) Write(rel string, data []byte) error { return p.w.Write(p.prefix+rel, data) }
func (p prefixWriter) Copy(rel, src string) error          { return p.w.Copy(p.prefix+rel, src) }
