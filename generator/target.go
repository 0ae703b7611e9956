package generator

import (
	"context"
	"slices"
	"time"

	"github.com/handbook-dev/handbook/generator/audit"
	"github.com/handbook-dev/handbook/generator/config"
	"github.com/handbook-dev/handbook/generator/diag"
	"github.com/handbook-dev/handbook/generator/markdown"
	"github.com/handbook-dev/handbook/generator/render"
	"github.com/handbook-dev/handbook/generator/site"
	"github.com/handbook-dev/handbook/generator/source"
	"github.com/handbook-dev/handbook/generator/versiondiff"
)

// Target is one target of a plan prepared in memory: loaded, converted,
// audited and indexed, ready to render. handbook serve's incremental
// engine (generator/incremental) keeps one between edits and derives new
// ones from it (Derive); a Target is never changed once made.
type Target struct {
	opts Options
	m    *model
	pr   *prepared
	// versions and diff are set for a version of a versioned site: its
	// switcher, and its what-changed pages.
	versions *render.Versions
	diff     *versiondiff.Diff
}

// PrepareTarget makes the one target of the plan opts name
// (opts.Audience, opts.Version; by default every page of the latest
// version) ready to render into memory. Its search metadata file has a
// fixed name, which its pages keep when the index is rebuilt
// (Reindexed). The error is ErrFailed when the content has errors, which
// the diagnostics list.
func PrepareTarget(ctx context.Context, opts Options) (*Target, diag.List, error) {
	if opts.Now.IsZero() {
		opts.Now = time.Now()
	}
	opts.stableSearch = true
	x, diags, err := one(ctx, opts, true)
	if err != nil {
		return nil, diags, err
	}
	if x == nil {
		return nil, diags, ErrFailed
	}
	defer x.store.Close()
	t := x.plan.only
	pr, d, err := t.m.prepare(ctx, t.opts, preparing{})
	if err != nil {
		return nil, diags, err
	}
	diags = append(diags, inVersion(d, t.cfg)...)
	if n, _ := diags.Count(); n > 0 {
		return nil, diags, ErrFailed
	}
	tg := &Target{opts: t.opts, m: t.m, pr: pr}
	if x.plan.versioned {
		g := t.group
		i := slices.Index(g.targets, t)
		tg.versions = &render.Versions{Current: i, All: versionInfos(g)}
		diff, ok, err := x.diff(ctx, g, i, nil, make([]bool, len(g.targets)), &diags)
		if err != nil {
			return nil, diags, err
		}
		if !ok {
			return nil, diags, ErrFailed
		}
		tg.diff = diff
	}
	return tg, diags, nil
}

// Versioned reports whether the target is a version of a versioned
// site, whose switcher and what-changed pages depend on the others.
func (t *Target) Versioned() bool { return t.versions != nil }

// Project is the site project's folder.
func (t *Target) Project() string { return t.m.project }

// Config is the project's handbook.yaml.
func (t *Target) Config() config.Config { return t.m.cfg }

// Docs are the parsed Markdown files by content-relative path, not
// changed once the target is made.
func (t *Target) Docs() map[string]*source.Document { return t.m.docs }

// Tree is the content's walk.
func (t *Target) Tree() *source.Tree { return t.m.tree }

// Included reports whether the content file rel is included into pages
// (and so is no page itself).
func (t *Target) Included(rel string) bool { return t.m.siteOpts.Included[rel] }

// Site is the converted site the target renders.
func (t *Target) Site() *site.Site { return t.pr.site }

// Report is the target's audit.
func (t *Target) Report() *audit.Report { return t.pr.report }

// Converter converts the target's pages (a page edited in serve).
func (t *Target) Converter() *markdown.Converter { return t.pr.conv }

// NewSite builds a model of tree and docs as the target's was built (its
// history, inventory, snapshots, audience).
func (t *Target) NewSite(tree *source.Tree, docs map[string]*source.Document) (*site.Site, diag.List) {
	s, d := t.m.newSite(tree, docs)
	s.SourceCommit = t.m.sourceCommit
	return s, d
}

// Links checks the links of the converted site s as a build does.
func (t *Target) Links(s *site.Site) diag.List {
	return linkFindings(s, t.m.cfg.Audit, t.opts.Strict)
}

// Derive returns the target after an edit: built is the model as built
// from docs and tree, converted its converted site, report and links its
// audit and link findings. t is left as it was; the search index is the
// one before the edit until Reindexed.
func (t *Target) Derive(built *site.Site, docs map[string]*source.Document, tree *source.Tree, converted *site.Site, report *audit.Report, links diag.List) *Target {
	pr := *t.pr
	pr.site, pr.report, pr.links = converted, report, links
	d := *t
	d.m, d.pr = t.m.derive(built, docs, tree), &pr
	return &d
}

// Renderer renders the target's site.
func (t *Target) Renderer() *render.Renderer {
	return t.pr.renderer(t.pr.site, t.versions, t.diff)
}

// RenderSearch writes the target's search index files to w.
func (t *Target) RenderSearch(w render.Writer) diag.List { return writeAll(w, t.pr.idx.Files) }

// Reindexed returns the target with its search index built again from
// its site and audit.
func (t *Target) Reindexed() *Target {
	pr := *t.pr
	pr.idx = pr.index(t.m, pr.site, pr.report, t.opts, nil)
	d := *t
	d.pr = &pr
	return &d
}
