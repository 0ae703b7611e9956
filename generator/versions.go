package generator

import (
	"context"
	"encoding/json"
	"fmt"
	"html"
	"io"
	"os/exec"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/handbook-dev/handbook/generator/cache"
	"github.com/handbook-dev/handbook/generator/config"
	"github.com/handbook-dev/handbook/generator/diag"
	"github.com/handbook-dev/handbook/generator/history"
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
	prefix string // "" for the latest, "<name>/" for the others
	opts   Options
	m      *model
	urls   map[string]bool
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
// all versions through the content-hash cache.
func buildVersions(ctx context.Context, opts Options, project string, versions []config.Version, start time.Time) (*Result, error) {
	res := &Result{}
	var diags diag.List
	fail := func() (*Result, error) {
		res.Diagnostics = append(res.Diagnostics, mergeAcrossVersions(diags, versions)...)
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
	out, d := outputDir(project, opts.Out)
	if len(d) > 0 {
		diags = d
		return fail()
	}
	res.Out = out
	if store, diags = openCache(project, out, opts); len(diags) > 0 {
		return fail()
	}
	// The first version is loaded alone: its pages are parsed into the
	// shared store, where the others, loaded two at a time (much of a
	// load is waiting on git), find most of theirs.
	loaded := make([]*versionBuild, len(versions))
	loadDiags := make([]diag.List, len(versions))
	var loadErr error
	var mu sync.Mutex
	loadOne := func(i int) {
		vb, d, err := loadVersion(ctx, opts, project, out, store, versions[i], len(versions) > 1)
		mu.Lock()
		defer mu.Unlock()
		loaded[i], loadDiags[i] = vb, d
		if err != nil && loadErr == nil {
			loadErr = err
		}
	}
	if len(versions) > 0 {
		loadOne(0)
	}
	rest := make([]int, 0, len(versions))
	for i := 1; i < len(versions); i++ {
		rest = append(rest, i)
	}
	workers.Each(2, rest, loadOne)
	if loadErr != nil {
		return nil, loadErr
	}
	var builds []*versionBuild
	for i := range versions {
		diags = append(diags, loadDiags[i]...)
		if loaded[i] != nil {
			builds = append(builds, loaded[i])
		}
	}
	if n, _ := diags.Count(); n > 0 || len(builds) != len(versions) {
		return fail()
	}
	diags = append(diags, versionCollisions(builds)...)
	if n, _ := diags.Count(); n > 0 {
		return fail()
	}

	stage, err := publish.Begin(out)
	if err != nil {
		return nil, fmt.Errorf("cannot create the output folder: %w", err)
	}
	infos := make([]render.VersionInfo, len(builds))
	for i, vb := range builds {
		urls := vb.urls
		infos[i] = render.VersionInfo{Name: vb.cfg.Name, Prefix: vb.prefix, Latest: vb.cfg.Latest, Has: func(u string) bool { return urls[u] }}
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
			p, d, err := vb.m.prepare(ctx, vb.opts, store)
			ch <- preparation{p, d, err}
		}()
		return ch
	}
	next := prepareAsync(builds[0])
	abort := func() {
		if next != nil {
			<-next // let the preparation under way finish before leaving
		}
		stage.Abort()
	}
	for i, vb := range builds {
		prep := <-next
		next = nil
		if prep.err != nil {
			abort()
			return nil, prep.err
		}
		p, d := prep.p, prep.d
		diags = append(diags, inVersion(d, vb.cfg)...)
		if n, _ := d.Count(); n > 0 {
			abort()
			return fail()
		}
		if i+1 < len(builds) {
			next = prepareAsync(builds[i+1])
		}
		var diff *versiondiff.Diff
		if i+1 < len(builds) {
			older := builds[i+1]
			diff = versiondiff.Compare(older.cfg.Name, older.m.site, vb.m.site)
		}
		if d := p.render(prefixWriter{stage, vb.prefix}, vb.m.site, &render.Versions{Current: i, All: infos}, diff); len(d) > 0 {
			abort()
			diags = append(diags, d...)
			return fail()
		}
		if err := writeRedirects(stage, builds, vb); err != nil {
			abort()
			return nil, err
		}
		res.Pages += len(vb.m.site.Pages)
		res.Reused += p.reused
		if vb.cfg.Latest {
			res.Report, res.Search = p.report, p.searchStats()
		}
		// The newer versions' diffs are made: nothing reads this model
		// again, and its pages can go before the next version loads its
		// HTML.
		vb.m = nil
	}
	if err := stage.Write(VersionsFile, versionsJSON(builds, opts.Now)); err != nil {
		stage.Abort()
		return nil, err
	}
	if err := stage.Commit("handbook "+Version, opts.Now); err != nil {
		stage.Abort()
		return nil, fmt.Errorf("cannot publish to %s: %w", out, err)
	}
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
// store for the other versions.
func loadVersion(ctx context.Context, opts Options, project, out string, store *cache.Store, v config.Version, share bool) (*versionBuild, diag.List, error) {
	var diags diag.List
	vb := &versionBuild{cfg: v}
	if !v.Latest {
		vb.prefix = v.Name + "/"
	}
	vopts := opts
	vopts.Out = out
	if share {
		vopts.shared = store
	}
	if v.Ref != "" {
		commit, err := resolveRef(ctx, project, v.Ref)
		if err != nil {
			diags.Errorf(config.FileName, v.Line, 0, "version %s: ref %q: %v; name a tag, branch or commit of this repository", v.Name, v.Ref, err)
			return nil, diags, nil
		}
		hist, err := history.ReadAt(ctx, project, ContentDir, commit)
		if err != nil {
			diags.Errorf(config.FileName, v.Line, 0, "version %s: cannot read its history: %v", v.Name, err)
			return nil, diags, nil
		}
		// Without a cache folder the tree is extracted for this build
		// only: its pages stay in memory rather than be written to a
		// temporary folder and deleted (10,000 files a version).
		holdPage := func(name string) bool {
			rel, ok := strings.CutPrefix(name, ContentDir+"/")
			return ok && source.File{Rel: rel}.IsMarkdown()
		}
		dir, held, err := store.Tree(commit, func() (io.ReadCloser, error) { return archive(ctx, project, commit, hist.Prefix) }, holdPage)
		if err != nil {
			diags.Errorf(config.FileName, v.Line, 0, "version %s: cannot read %s: %v", v.Name, v.Ref, err)
			return nil, diags, nil
		}
		if len(held) > 0 {
			vopts.held = make(map[string]source.File, len(held))
			for name, h := range held {
				rel := strings.TrimPrefix(name, ContentDir+"/")
				vopts.held[rel] = source.File{Abs: filepath.Join(dir, filepath.FromSlash(name)), Size: int64(len(h.Data)), ModTime: h.ModTime, Data: h.Data}
			}
		}
		vb.commit = commit
		vopts.Dir, vopts.SourceCommit, vopts.history = dir, commit, hist
		// The version's own cache setting would point into the tree.
		vopts.CacheDir = cacheDir(project, opts)
	} else {
		vb.commit = sourceCommit(ctx, project)
	}
	m, d, err := load(ctx, vopts)
	if err != nil {
		return nil, nil, err
	}
	vb.opts = vopts
	diags = append(diags, inVersion(d, v)...)
	if m == nil {
		return nil, diags, nil
	}
	vb.m, vb.urls = m, siteURLs(m.site)
	return vb, diags, nil
}

// resolveRef names the commit a tag, branch or commit id points at.
func resolveRef(ctx context.Context, project, ref string) (string, error) {
	out, err := exec.CommandContext(ctx, "git", "-C", project, "rev-parse", "--verify", "--quiet", "--end-of-options", ref+"^{commit}").Output()
	if err != nil {
		return "", fmt.Errorf("no such commit")
	}
	return strings.TrimSpace(string(out)), nil
}

// archive streams the project's tree at commit as a tar archive; prefix
// is the project's folder inside the repository.
func archive(ctx context.Context, project, commit, prefix string) (io.ReadCloser, error) {
	cmd := exec.CommandContext(ctx, "git", "-C", project, "archive", "--format=tar", commit+":"+strings.TrimSuffix(prefix, "/"))
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	return cmdReader{stdout, cmd}, nil
}

// cmdReader waits for its command when closed.
type cmdReader struct {
	io.ReadCloser
	cmd *exec.Cmd
}

func (c cmdReader) Close() error {
	_, _ = io.Copy(io.Discard, c.ReadCloser)
	c.ReadCloser.Close()
	if err := c.cmd.Wait(); err != nil {
		return fmt.Errorf("git archive: %v", err)
	}
	return nil
}

// siteURLs lists the URLs of a version's pages and inventory items, which
// the version switcher links.
func siteURLs(s *site.Site) map[string]bool {
	urls := make(map[string]bool, len(s.Pages)+len(s.Inventory.Items))
	for _, p := range s.Pages {
		urls[p.URL] = true
	}
	for _, it := range s.Inventory.Items {
		urls[site.ItemURL(it)] = true
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
func versionsJSON(builds []*versionBuild, builtAt time.Time) []byte {
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
		list = append(list, entry{Name: vb.cfg.Name, Ref: ref, Commit: vb.commit, URL: url, BuiltAt: builtAt.UTC().Format(time.RFC3339), Latest: vb.cfg.Latest, Aliases: aliases})
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
