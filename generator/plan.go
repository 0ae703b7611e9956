package generator

import (
	"context"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/handbook-dev/handbook/generator/cache"
	"github.com/handbook-dev/handbook/generator/config"
	"github.com/handbook-dev/handbook/generator/diag"
)

// A plan lists every site one run of handbook makes, decided from
// handbook.yaml, the options and the repository before anything is
// loaded. Each target is one source (the work tree or a commit) seen by
// one audience as one version, written below one output prefix. Build
// makes every target of the plan; serve and audit make one (--audience,
// --version). The executor (execute.go) loads each distinct source once
// and derives every target's model from it.
//
// Prefixes nest in the order audience, language, version, each left out
// when handbook.yaml does not configure it (and the default language's
// too): public/staff/nl/2025/ is the staff's Dutch site as of version
// 2025. A group is one audience's site in one language, or its versions.
type plan struct {
	project, out string
	cfg          config.Config
	// versioned is set when handbook.yaml lists versions: the targets of
	// a group are the versions of one site, with a switcher, redirects
	// and versions.json.
	versioned bool
	// groups are the audience folders (one group, at the root, without
	// audiences), each holding one site or the versions of one.
	groups []*group
	// sources are the distinct trees the targets read.
	sources []*planSource
	// only, when set, is the target serve or audit makes; the others of
	// its group are still known (the switcher links them, the diff
	// compares with the older version).
	only *target
}

// group is the targets of one audience folder in one language.
type group struct {
	audience string
	// language is the group's language in a manual of several, else "".
	language string
	// audiencePrefix is the audience folder below the output ("staff/"),
	// or ""; prefix is it with the language's folder ("staff/nl/").
	audiencePrefix, prefix string
	// targets are one site, or its versions in the order handbook.yaml
	// lists them (newest first: each is compared with the next).
	targets []*target
	// reuse holds the keys of the group's frozen versions and the records
	// of those a build before rendered; reused says which the executor
	// took over from the last output.
	reuse  *reuse
	reused []bool
}

// planSource is one tree the plan reads: the work tree (ref "") or a
// commit, measured as of a date. It is loaded once, however many
// targets read it (see execute.go's source).
type planSource struct {
	// version is the first version naming the source, for messages.
	version   config.Version
	commit    string
	committed time.Time
	now       time.Time

	once   sync.Once
	loaded *loaded
	// opts are the options the source was loaded with, which its
	// targets are prepared with.
	opts  Options
	diags diag.List
	err   error
	// users counts the targets yet to take their model from it, so that
	// its parsed pages can go after the last.
	users int
}

// target is one site of a plan: a source seen by an audience, as a version.
type target struct {
	group *group
	src   *planSource
	// cfg is the target's version (zero without versions).
	cfg config.Version
	// prefix is the version's folder inside its group: "" for the latest
	// (and without versions), "<name>/" for the others.
	prefix string
	opts   Options
	m      *model
	urls   map[string]bool
	// pages and builtAt are how many pages the target has and when they
	// were rendered (by an earlier build, for a frozen version reused).
	pages   int
	builtAt time.Time
	// diags are the target's own diagnostics, kept in a frozen
	// version's record.
	diags diag.List
}

// folder is the target's prefix below the output: audience, then version.
func (t *target) folder() string { return t.group.prefix + t.prefix }

// newPlan makes the plan of opts for the project whose configuration
// is cfg, with the frozen versions' keys looked up in store (nil for
// none): its audiences (opts.Audience alone, else handbook.yaml's
// audiences, each in its folder, else one site of every page) times its
// versions (opts.Version alone for serve and audit, else every version
// of handbook.yaml). Refs are resolved here: a ref that names no commit
// is an error at its handbook.yaml line.
func newPlan(ctx context.Context, opts Options, project, out string, cfg config.Config, store *cache.Store) (*plan, diag.List) {
	var diags diag.List
	p := &plan{project: project, out: out, cfg: cfg, versioned: len(cfg.Versions) > 0}
	audiences, folders := []string{opts.Audience}, false
	if opts.Audience == "" && len(cfg.Audiences) > 0 && !opts.onlyOne {
		audiences, folders = cfg.Audiences, true
	}
	if opts.Audience != "" && len(cfg.Audiences) > 0 && !slices.Contains(cfg.Audiences, opts.Audience) {
		diags.Errorf(config.FileName, cfg.AudiencesLine, 0, "--audience %s is not among the audiences declared here (%s); choose one of them, or declare it", opts.Audience, strings.Join(cfg.Audiences, ", "))
	}
	versions := cfg.Versions
	if !p.versioned {
		if opts.Version != "" {
			diags.Errorf(config.FileName, 0, 0, "--version %s: this project lists no versions; leave --version out, or list versions: in handbook.yaml", opts.Version)
		}
		versions = []config.Version{{Latest: true}}
	} else if opts.Version != "" && !slices.ContainsFunc(versions, func(v config.Version) bool { return v.Name == opts.Version }) {
		var names []string
		for _, v := range versions {
			names = append(names, v.Name)
		}
		diags.Errorf(config.FileName, versions[0].Line, 0, "--version %s is not among the versions listed here (%s); choose one of them", opts.Version, strings.Join(names, ", "))
	}
	if len(diags) > 0 {
		return nil, diags
	}
	// One source per version: the work tree, or the commit its ref names
	// (two versions naming one ref, measured as of one date, share it).
	byKey := map[string]*planSource{}
	srcs := make([]*planSource, len(versions))
	for i, v := range versions {
		src := &planSource{version: v, now: opts.Now}
		if v.Ref == "" {
			src.commit = opts.SourceCommit
			if src.commit == "" {
				src.commit = sourceCommit(ctx, project)
			}
		} else {
			commit, at, err := resolveRef(ctx, project, v.Ref)
			if err != nil {
				diags.Errorf(config.FileName, v.Line, 0, "version %s: ref %q: %v; name a tag, branch or commit of this repository", v.Name, v.Ref, err)
				continue
			}
			src.commit, src.committed = commit, at
			if frozen(v) {
				src.now = at
			}
		}
		key := v.Ref + "\x00" + src.commit + "\x00" + src.now.String()
		if v.Ref == "" {
			key = "" // the work tree
		}
		if byKey[key] == nil {
			byKey[key] = src
			p.sources = append(p.sources, src)
		}
		srcs[i] = byKey[key]
	}
	if len(diags) > 0 {
		return nil, diags
	}
	languages := []string{""}
	if len(cfg.Languages) > 0 {
		languages = cfg.Languages
		if opts.onlyOne {
			languages = []string{cfg.Languages[0]}
			if opts.Language != "" {
				languages = []string{opts.Language}
			}
		}
	}
	if opts.Language != "" && !slices.Contains(cfg.Languages, opts.Language) {
		if len(cfg.Languages) == 0 {
			diags.Errorf(config.FileName, 0, 0, "--language %s: this manual lists no languages; leave --language out, or list languages: in handbook.yaml", opts.Language)
		} else {
			diags.Errorf(config.FileName, cfg.LanguagesLine, 0, "--language %s is not among the languages listed here (%s); choose one of them", opts.Language, strings.Join(cfg.Languages, ", "))
		}
		return nil, diags
	}
	for _, aud := range audiences {
		for _, lang := range languages {
			g := &group{audience: aud, language: lang}
			if folders {
				g.audiencePrefix = aud + "/"
			}
			g.prefix = g.audiencePrefix
			if lang != "" && lang != cfg.Languages[0] {
				g.prefix += lang + "/"
			}
			for i, v := range versions {
				t := &target{group: g, src: srcs[i], cfg: v}
				if !v.Latest {
					t.prefix = v.Name + "/"
				}
				srcs[i].users++
				g.targets = append(g.targets, t)
				if opts.onlyOne && (opts.Version == "" && v.Latest || v.Name == opts.Version && opts.Version != "") {
					p.only = t
				}
			}
			// A frozen version whose key is that of a version the last
			// output holds is taken over from it (see reuse): the keys are
			// the plan's, the taking over the executor's.
			if p.versioned && store != nil {
				o := opts
				o.Audience, o.Language = aud, lang
				g.reuse = newReuse(ctx, o, project, store, g.targets)
			}
			p.groups = append(p.groups, g)
		}
	}
	return p, nil
}

// languageRoots are, for a target of language lang, the paths from its
// root (language folder, then version folder) to the roots of the same
// version in the manual's other languages: ../fr/ from nl/, ../../2025/
// from nl/2025/ to the default language's.
func (t *target) languageRoots(languages []string) map[string]string {
	if len(languages) == 0 {
		return nil
	}
	own := strings.TrimPrefix(t.group.prefix, t.group.audiencePrefix) + t.prefix
	up := strings.Repeat("../", strings.Count(own, "/"))
	roots := map[string]string{}
	for i, l := range languages {
		if l == t.group.language {
			continue
		}
		folder := l + "/"
		if i == 0 {
			folder = ""
		}
		roots[l] = up + folder + t.prefix
	}
	return roots
}

// String describes a target for messages and profiles: "staff, version 2025".
func (t *target) String() string {
	var parts []string
	if t.group.audience != "" {
		parts = append(parts, "audience "+t.group.audience)
	}
	if t.group.language != "" {
		parts = append(parts, "language "+t.group.language)
	}
	if t.cfg.Name != "" {
		parts = append(parts, "version "+t.cfg.Name)
	}
	if len(parts) == 0 {
		return "site"
	}
	return strings.Join(parts, ", ")
}
