package main

import (
	"flag"
	"time"

	"github.com/handbook-dev/handbook/generator"
)

// The flags of the commands, one type and one flag set per command.
// Their usage strings are the manual's text:
// docs/content/reference/_includes/flags-*.md is generated from them
// (make docs-ref), a backquoted word naming the flag's value.

// buildFlags are the flags of handbook build; serve shares the first ones.
type buildFlags struct {
	dir, out, cacheDir, audience string
	quiet, drafts, strict        bool
	noCache, force               bool
	now                          dateFlag
	color                        colorFlag
	// wait is how long to wait for another build holding the output or
	// cache lock.
	wait time.Duration
}

// register defines the flags build and serve share.
func (b *buildFlags) register(fs *flag.FlagSet) {
	fs.StringVar(&b.dir, "C", ".", "the site project folder `DIR`, like `git -C`")
	fs.StringVar(&b.out, "out", "", "the output folder `DIR` (default `public`, relative to the project)")
	fs.BoolVar(&b.quiet, "quiet", false, "print only warnings and errors")
	fs.BoolVar(&b.drafts, "drafts", false, "include pages marked `draft: true`")
	fs.Var(&b.now, "now", "the `DATE` reviews and activity are measured against (`YYYY-MM-DD`; default today), for reproducible builds; older versions of a versioned site are measured against their commit's date instead")
	fs.StringVar(&b.audience, "audience", "", "only the pages for audience `A` (those whose `audience` lists it, and those without one); without it, the `audiences:` of `handbook.yaml`, if any, are each built into `<out>/<audience>/`")
	b.color.register(fs)
}

// flagSet is the flag set of handbook build. serve keeps its build in
// memory, so the cache and output-lock flags are build's alone.
func (b *buildFlags) flagSet() *flag.FlagSet {
	fs := flag.NewFlagSet("build", flag.ContinueOnError)
	b.register(fs)
	fs.StringVar(&b.cacheDir, "cache-dir", "", "where converted pages are kept between builds, a folder `DIR` (default `.handbook-cache` in the project; git-ignore it)")
	fs.BoolVar(&b.noCache, "no-cache", false, "keep no cache between builds")
	fs.BoolVar(&b.strict, "strict", false, "fail on warnings: every warning (a broken link, a misspelled key, an undeclared value) is an error")
	fs.BoolVar(&b.force, "force", false, "replace an `--out` folder that holds files of something other than an earlier build")
	fs.DurationVar(&b.wait, "wait", generator.DefaultLockWait, "how long to wait for another build of the same output or cache folder, a duration `D` (`0` fails at once)")
	return fs
}

// serveFlags are the flags of handbook serve.
type serveFlags struct {
	buildFlags
	version  string
	language string
	port     int
	bind     string
	navigate bool
}

// versionUsage is the --version flag of serve and audit, which make one
// version of a versioned site where build makes them all.
const versionUsage = "only version `V` of the `versions:` of `handbook.yaml`, as a build publishes it (default: the latest)"

// languageUsage is the --language flag of serve and audit, which make one
// language of a manual of several where build makes them all.
const auditLanguageUsage = "only language `L`'s site of the `languages:` of `handbook.yaml` (default: the whole manual, the first language's site with what each other language's site adds: its translations' findings and its own pages')"

const languageUsage = "only language `L` of the `languages:` of `handbook.yaml`, as a build publishes its site (default: the first)"

func (f *serveFlags) flagSet() *flag.FlagSet {
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	f.register(fs)
	fs.StringVar(&f.version, "version", "", versionUsage)
	fs.StringVar(&f.language, "language", "", languageUsage)
	fs.IntVar(&f.port, "port", 1313, "the port `N` to listen on (`0` picks a free one)")
	fs.StringVar(&f.bind, "bind", "127.0.0.1", "the address `ADDR` to listen on; anything but loopback prints a warning, since other machines can then read the manual")
	fs.BoolVar(&f.navigate, "navigate", false, "open tabs follow to the page being edited")
	return fs
}

// auditFlags are the flags of handbook audit.
type auditFlags struct {
	dir, format, failOn string
	audience, version   string
	language            string
	drafts              bool
	now                 dateFlag
	color               colorFlag
}

func (f *auditFlags) flagSet() *flag.FlagSet {
	fs := flag.NewFlagSet("audit", flag.ContinueOnError)
	fs.StringVar(&f.dir, "C", ".", "the site project folder `DIR`")
	fs.StringVar(&f.format, "format", "text", "the output format `F`: `text` (grouped by rule, each line `path:line: severity: message`), `json`, `csv`, or `sarif` (SARIF 2.1.0, for GitHub/GitLab code scanning on pull requests)")
	fs.StringVar(&f.failOn, "fail-on", "error", "exit 1 when an open finding of severity `L` or worse exists: `error`, `warning`, `info`, or `never`; `warning` and `info` also fail on the project's warnings (a misspelled key, say), as `build --strict` does")
	fs.BoolVar(&f.drafts, "drafts", false, "include pages marked `draft: true`")
	fs.Var(&f.now, "now", "the `DATE` reviews are measured against (`YYYY-MM-DD`; default today)")
	fs.StringVar(&f.audience, "audience", "", "only the pages for audience `A`, as its site shows them (default: every page)")
	fs.StringVar(&f.version, "version", "", versionUsage)
	fs.StringVar(&f.language, "language", "", auditLanguageUsage)
	f.color.register(fs)
	return fs
}

// pullFlags are the flags of handbook pull.
type pullFlags struct {
	dir, out, only string
	quiet, full    bool
	color          colorFlag
}

func (f *pullFlags) flagSet() *flag.FlagSet {
	fs := flag.NewFlagSet("pull", flag.ContinueOnError)
	fs.StringVar(&f.dir, "C", ".", "the site project folder `DIR`")
	fs.StringVar(&f.out, "out", "", "the snapshot folder `DIR` (default `data/snapshots`)")
	fs.StringVar(&f.only, "only", "", "pull only the source with this `NAME`")
	fs.BoolVar(&f.quiet, "quiet", false, "print only the summary and errors")
	fs.BoolVar(&f.full, "full", false, "walk everything again, ignoring the delta links and watermarks an earlier pull kept in `<out>/.state/`")
	f.color.register(fs)
	return fs
}

// newFlags are the flags of handbook new.
type newFlags struct {
	dir, kind, owner string
	now              dateFlag
}

func (f *newFlags) flagSet() *flag.FlagSet {
	fs := flag.NewFlagSet("new", flag.ContinueOnError)
	fs.StringVar(&f.dir, "C", ".", "the site project folder `DIR`")
	fs.StringVar(&f.kind, "kind", "page", "the `KIND` of page: `page`, `runbook` (`kind: runbook` and the sections of `audit.runbook_sections`, so that it passes the audit), `incident` or `change` (the record fields they need, dated today)")
	fs.StringVar(&f.owner, "owner", "", "the owner `WHO`, instead of `git config user.email`")
	fs.Var(&f.now, "now", "the review `DATE` to write (`YYYY-MM-DD`; default today)")
	return fs
}

// flagSets make each command's flag set as the command does, in the
// order of the usage text: the manual's reference of flags is generated
// from them, and a test checks that each command's help lists them.
var flagSets = []commandFlags{
	{"build", func() *flag.FlagSet { return new(buildFlags).flagSet() }},
	{"serve", func() *flag.FlagSet { return new(serveFlags).flagSet() }},
	{"audit", func() *flag.FlagSet { return new(auditFlags).flagSet() }},
	{"new", func() *flag.FlagSet { return new(newFlags).flagSet() }},
	{"pull", func() *flag.FlagSet { return new(pullFlags).flagSet() }},
	{"attest", func() *flag.FlagSet { return new(attestFlags).flagSet() }},
	{"notify", func() *flag.FlagSet { return new(notifyFlags).flagSet() }},
}

// commandFlags makes a command's flag set.
type commandFlags struct {
	command string
	flagSet func() *flag.FlagSet
}

// commandFlagSets are the flag sets of every command that takes flags.
func commandFlagSets() []*flag.FlagSet {
	sets := make([]*flag.FlagSet, len(flagSets))
	for i, c := range flagSets {
		sets[i] = c.flagSet()
	}
	return sets
}
