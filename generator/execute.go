package generator

import (
	"context"
	"io"
	"path/filepath"
	"runtime/pprof"
	"slices"
	"strings"
	"sync"

	"github.com/handbook-dev/handbook/generator/cache"
	"github.com/handbook-dev/handbook/generator/config"
	"github.com/handbook-dev/handbook/generator/diag"
	"github.com/handbook-dev/handbook/generator/history"
	"github.com/handbook-dev/handbook/generator/internal/gitrepo"
	"github.com/handbook-dev/handbook/generator/internal/workers"
	"github.com/handbook-dev/handbook/generator/markdown"
	"github.com/handbook-dev/handbook/generator/publish"
	"github.com/handbook-dev/handbook/generator/render"
	"github.com/handbook-dev/handbook/generator/source"
	"github.com/handbook-dev/handbook/generator/versiondiff"
)

// executor runs a plan: it loads each source once, derives every
// target's model from it, converts, audits, indexes and renders each
// target into its prefix of w. Build, Audit and the serve session are
// its callers; only Build's writer publishes.
type executor struct {
	opts  Options
	plan  *plan
	store *cache.Store
	// outputKeys are the output keys of the frozen versions' folders
	// (see reuse.keepPublished).
	outputKeys map[string]string
	// spill holds the converted pages' HTML of a build until each is
	// rendered.
	spill *cache.Spill
}

// source returns the source's load, loading it the first time; the
// diagnostics come with the first call only, so that a source read by
// several targets reports its problems once.
func (x *executor) source(ctx context.Context, src *planSource) (*loaded, diag.List, error) {
	first := false
	src.once.Do(func() {
		first = true
		src.loaded, src.diags, src.err = x.loadSource(ctx, src)
	})
	if !first {
		return src.loaded, nil, src.err
	}
	return src.loaded, src.diags, src.err
}

// share reports whether the sources share their parsed pages through
// the store: several trees of one repository hold mostly the same files.
func (x *executor) share() bool { return len(x.plan.sources) > 1 }

// loadSource loads one source: the work tree, or its ref's tree extracted
// into the cache. A frozen version is measured as of its commit's date
// (src.now): its review dates, certificates and open incidents are shown
// as they stood when it was current, and its output stays the same from
// one build to the next. An older version's tree is read from the
// project's content folder at its commit.
func (x *executor) loadSource(ctx context.Context, src *planSource) (*loaded, diag.List, error) {
	var diags diag.List
	v, project, contentDir := src.version, x.plan.project, x.plan.cfg.ContentDir
	vopts := x.opts
	vopts.Out, vopts.Now, vopts.SourceCommit = x.plan.out, src.now, src.commit
	if x.share() {
		vopts.shared = x.store
	}
	if !x.plan.versioned {
		vopts.spill = x.spill
	}
	if v.Ref != "" {
		hist, err := history.ReadAt(ctx, project, contentDir, src.commit)
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
		dir, held, err := x.store.Tree(src.commit, func() (io.ReadCloser, error) { return gitrepo.Open(project).Archive(ctx, src.commit) }, holdPage)
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
		vopts.Dir, vopts.history, vopts.gitDir = dir, hist, project
		// The version's own cache setting would point into the tree.
		vopts.CacheDir = cacheDir(project, x.opts)
	}
	l, d, err := loadSource(ctx, vopts)
	if err != nil {
		return nil, nil, err
	}
	src.opts = vopts
	return l, append(diags, inVersion(d, v)...), nil
}

// view makes t's model from its source, loading that the first time.
func (x *executor) view(ctx context.Context, t *target) (diag.List, error) {
	l, diags, err := x.source(ctx, t.src)
	if l == nil || err != nil {
		return diags, err
	}
	m, d := l.view(t.group.audience, t.group.language, t.languageRoots(x.plan.cfg.Languages), t.folder())
	t.m, t.opts = m, t.src.opts
	if t.urls == nil { // else the record's (see reuse.unrecorded)
		t.urls = siteURLs(m.site)
	}
	return append(diags, inVersion(d, t.cfg)...), nil
}

// views makes the models of targets: the first alone, so that its pages
// are parsed into the shared store where the others, loaded two at a
// time (much of a load is waiting on git), find most of theirs. It
// reports whether every target has its model (a model whose load found
// errors among them: its conversion may find more, which the build
// reports before it fails).
func (x *executor) views(ctx context.Context, targets []*target, diags *diag.List) (bool, error) {
	if len(targets) == 0 {
		return true, nil
	}
	var (
		mu      sync.Mutex
		loadErr error
	)
	found := make([]diag.List, len(targets))
	one := func(i int) {
		t := targets[i]
		var d diag.List
		var err error
		pprof.Do(ctx, pprof.Labels("target", t.String()+" (load)"), func(ctx context.Context) {
			d, err = x.view(ctx, t)
		})
		mu.Lock()
		defer mu.Unlock()
		found[i] = d
		t.diags = append(t.diags, d...)
		if err != nil && loadErr == nil {
			loadErr = err
		}
	}
	one(0)
	rest := make([]int, 0, len(targets)-1)
	for i := 1; i < len(targets); i++ {
		rest = append(rest, i)
	}
	workers.Each(2, rest, one)
	for _, d := range found {
		*diags = append(*diags, d...)
	}
	return loadErr == nil && !slices.ContainsFunc(targets, func(t *target) bool { return t.m == nil }), loadErr
}

// preparation is a target converted, audited and indexed, or why not.
type preparation struct {
	p   *prepared
	d   diag.List
	err error
}

// prepareAsync prepares t in the background: while one target renders,
// the next is converted, audited and indexed, which keeps both cores
// busy through the render's serial parts.
func (x *executor) prepareAsync(ctx context.Context, stage *publish.Stage, t *target, alone bool) <-chan preparation {
	ch := make(chan preparation, 1)
	go func() {
		var p preparation
		pprof.Do(ctx, pprof.Labels("target", t.String()), func(ctx context.Context) {
			p.p, p.d, p.err = t.m.prepare(ctx, t.opts, preparing{conversions: x.conversions(alone), searchOut: prefixWriter{stage, t.folder()}, spill: x.spill})
		})
		ch <- p
	}()
	return ch
}

// conversions is where a target's pages are looked up before they are
// converted: the cache folder, read and written entry by entry; without
// one, the build's memory when other targets convert the same pages
// (versions, audiences), and nowhere for a target built alone, whose
// conversions nothing would read again. A target built alone keeps no
// decoded conversions either: they would be held to the build's end.
func (x *executor) conversions(alone bool) markdown.Cache {
	switch {
	case !alone:
		return x.store
	case x.store.Persistent():
		return entriesOnly{x.store}
	}
	return nil
}

// entriesOnly is a store's entries without its in-memory values.
type entriesOnly struct{ s *cache.Store }

func (e entriesOnly) Get(key [32]byte) ([]byte, bool) { return e.s.Get(key) }
func (e entriesOnly) Put(key [32]byte, value []byte)  { e.s.Put(key, value) }

// versionInfos are the versions of a group as its switcher shows them.
func versionInfos(g *group) []render.VersionInfo {
	infos := make([]render.VersionInfo, len(g.targets))
	for i, t := range g.targets {
		urls := t.urls
		infos[i] = render.VersionInfo{Name: t.cfg.Name, Prefix: t.prefix, Latest: t.cfg.Latest, Has: func(u string) bool { return urls[u] }}
	}
	return infos
}

// diff compares target i of its group with the older version after it
// (nil for the oldest, and without versions). A version taken over from
// the last output is compared from its record; when that or its tree is
// missing or unreadable (a cache edited by hand), it is loaded for the
// comparison.
func (x *executor) diff(ctx context.Context, g *group, i int, rs *reuse, reused []bool, diags *diag.List) (*versiondiff.Diff, bool, error) {
	if !x.plan.versioned || i+1 >= len(g.targets) {
		return nil, true, nil
	}
	t, older := g.targets[i], g.targets[i+1]
	if reused[i+1] {
		if o := rs.olds(i+1, older); o != nil {
			if d, _ := versiondiff.CompareOld(older.cfg.Name, o, t.m.site); d != nil {
				return d, true, nil
			}
		}
		ok, err := x.views(ctx, []*target{older}, diags)
		if !ok || err != nil {
			return nil, false, err
		}
		defer func() { older.m = nil }() // loaded for this comparison only
	}
	return versiondiff.Compare(older.cfg.Name, older.m.site, t.m.site), true, nil
}

// build makes every target of the plan into stage, which the caller
// commits: the loads and the frozen versions taken over first, so that
// every load error is reported before anything renders, then each
// audience's targets, newest version first, each target converted,
// audited and indexed while the one before it renders.
func (x *executor) build(ctx context.Context, stage *publish.Stage, res *Result) (diag.List, error) {
	p := x.plan
	var diags diag.List
	x.outputKeys = map[string]string{}
	spill, err := cache.NewSpill("")
	if err != nil {
		return nil, err
	}
	defer spill.Close()
	x.spill = spill
	for _, g := range p.groups {
		if ok, err := x.loadGroup(ctx, stage, g, &diags); !ok || err != nil {
			return diags, err
		}
	}
	// With errors found, every target is still converted, for the
	// errors only its conversion finds, and none is rendered.
	failed, _ := diags.Count()
	var rendered []*target
	for _, g := range p.groups {
		for i, t := range g.targets {
			if !g.reused[i] {
				rendered = append(rendered, t)
			}
		}
	}
	if len(rendered) == 1 || !p.versioned {
		// A target rendered alone shares its pages with none: keying
		// each for the others would cost and save nothing.
		for _, t := range rendered {
			t.opts.shared = nil
		}
	}
	var next <-chan preparation
	if len(rendered) > 0 {
		next = x.prepareAsync(ctx, stage, rendered[0], len(rendered) == 1)
	}
	defer func() {
		if next != nil {
			<-next // let the preparation under way finish before leaving
		}
	}()
	k := 0
	for _, g := range p.groups {
		for i, t := range g.targets {
			if g.reused[i] {
				continue
			}
			prep := <-next
			next = nil
			if prep.err != nil {
				return diags, prep.err
			}
			d := inVersion(prep.d, t.cfg)
			t.diags = append(t.diags, d...)
			diags = append(diags, d...)
			if k++; k < len(rendered) {
				next = x.prepareAsync(ctx, stage, rendered[k], false)
			}
			if n, _ := d.Count(); n > 0 || failed > 0 {
				failed += n
				continue
			}
			if ok, err := x.render(ctx, stage, g, i, prep.p, res, &diags); !ok || err != nil {
				return diags, err
			}
		}
		if failed == 0 {
			if err := x.finishGroup(stage, g, res, &diags); err != nil {
				return diags, err
			}
		}
	}
	return diags, nil
}

// loadGroup makes the models of a group's targets, but for the frozen
// versions whose output the reused staging folder holds as this build
// would render it: those are taken over (see reuse). A frozen version a
// build before rendered needs only its record until it is known whether
// its output can be taken over.
func (x *executor) loadGroup(ctx context.Context, stage *publish.Stage, g *group, diags *diag.List) (bool, error) {
	p := x.plan
	if ok, err := x.views(ctx, g.reuse.unrecorded(g.targets), diags); !ok || err != nil {
		return ok, err
	}
	var keys map[string]string
	g.reused, keys = g.reuse.takeOver(stage, p.out, g.targets)
	for folder, key := range keys {
		x.outputKeys[folder] = key
	}
	var todo []*target
	for i, t := range g.targets {
		if t.m == nil && !g.reused[i] {
			todo = append(todo, t)
		}
	}
	if ok, err := x.views(ctx, todo, diags); !ok || err != nil {
		return ok, err
	}
	if p.versioned {
		*diags = append(*diags, versionCollisions(g.targets)...)
	}
	return true, nil
}

// render renders target i of g, prepared as pr, into its folder of
// stage, and lets its model go: the newer versions' diffs are made and
// nothing reads it again.
func (x *executor) render(ctx context.Context, stage *publish.Stage, g *group, i int, pr *prepared, res *Result, diags *diag.List) (bool, error) {
	t := g.targets[i]
	diff, ok, err := x.diff(ctx, g, i, g.reuse, g.reused, diags)
	if !ok || err != nil {
		return false, err
	}
	var versions *render.Versions
	if x.plan.versioned {
		versions = &render.Versions{Current: i, All: versionInfos(g)}
	}
	var d diag.List
	pprof.Do(ctx, pprof.Labels("target", t.String()), func(context.Context) {
		d = pr.render(prefixWriter{stage, t.folder()}, versions, diff)
	})
	t.diags = append(t.diags, d...)
	*diags = append(*diags, d...)
	if n, _ := d.Count(); n > 0 {
		return false, nil
	}
	res.Reused += pr.reused
	switch langs := x.plan.cfg.Languages; {
	case !t.cfg.Latest:
	case res.Report == nil:
		res.Report, res.Search, res.reportAudience = pr.report, pr.searchStats(), t.group.audience
	case len(langs) > 1 && t.group.language != langs[0] && t.group.audience == res.reportAudience:
		res.Report = res.Report.WithLanguage(pr.report, langs[0])
	}
	t.pages, t.builtAt = len(t.m.site.Pages), x.opts.Now
	g.reuse.keepRecord(i, t, t.diags)
	t.m = nil
	if t.src.users--; t.src.users == 0 {
		t.src.loaded = nil
	}
	return true, nil
}

// finishGroup counts a group's pages, takes in the records of the
// frozen versions taken over, and writes a versioned site's redirects
// and versions.json.
func (x *executor) finishGroup(stage *publish.Stage, g *group, res *Result, diags *diag.List) error {
	for i, t := range g.targets {
		if g.reused[i] {
			rec := g.reuse.record(i)
			t.pages, t.builtAt = rec.Pages, rec.BuiltAt
			*diags = append(*diags, rec.Diagnostics...)
			res.Frozen++
		}
		res.Pages += t.pages
		if x.plan.versioned {
			if err := writeRedirects(prefixWriter{stage, g.prefix}, g.targets, t); err != nil {
				return err
			}
		}
	}
	if x.plan.versioned {
		if err := stage.Write(g.prefix+VersionsFile, versionsJSON(g.targets)); err != nil {
			return err
		}
	}
	if g.audiencePrefix != "" && !slices.Contains(res.Audiences, g.audience) {
		res.Audiences = append(res.Audiences, g.audience)
	}
	return nil
}

// one plans the one target serve or audit makes (opts.Audience and
// opts.Version, else every page of the latest version) and makes its
// model, and, with versions, those of the other versions of its group,
// which its switcher links and its what-changed pages compare with
// (withVersions). Nothing is written: the output folder is only checked.
// The executor's store is in memory; the caller closes it.
func one(ctx context.Context, opts Options, withVersions bool) (*executor, diag.List, error) {
	opts.Force, opts.onlyOne = true, true
	project, err := filepath.Abs(opts.Dir)
	if err != nil {
		return nil, nil, err
	}
	cfg, cfgDiags := config.Load(project)
	if len(cfgDiags) > 0 {
		// loadSource reports them, with the content's.
		cfg = config.Default()
	}
	out, diags := outputDir(project, cfg, opts.Out, true)
	if len(diags) > 0 {
		return nil, append(cfgDiags, diags...), nil
	}
	p, diags := newPlan(ctx, opts, project, out, cfg, nil)
	if len(diags) > 0 {
		return nil, diags, nil
	}
	x := &executor{opts: opts, plan: p, store: cache.New("")}
	targets := []*target{p.only}
	if withVersions && p.versioned {
		targets = p.only.group.targets
	}
	ok, err := x.views(ctx, targets, &diags)
	if err != nil || !ok {
		x.store.Close()
		return nil, mergeAcrossVersions(diags, cfg.Versions).Dedupe(), err
	}
	return x, diags, nil
}
