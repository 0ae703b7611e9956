package main

import (
	"flag"

	"github.com/handbook-dev/handbook/generator"
)

// The flag sets of the commands. Their usage strings are the manual's
// text: docs/content/reference/_includes/flags-*.md is generated from
// them (make docs-ref), a backquoted word naming the flag's value.

func (b *buildFlags) register(fs *flag.FlagSet) {
	fs.StringVar(&b.dir, "C", ".", "the site project folder `DIR`, like `git -C`")
	fs.StringVar(&b.out, "out", "", "the output folder `DIR` (default `public`, relative to the project)")
	fs.BoolVar(&b.quiet, "quiet", false, "print only warnings and errors")
	fs.BoolVar(&b.drafts, "drafts", false, "include pages marked `draft: true`")
	fs.Var(&b.now, "now", "the `DATE` reviews and activity are measured against (`YYYY-MM-DD`; default today), for reproducible builds; older versions of a versioned site are measured against their commit's date instead")
	fs.StringVar(&b.cacheDir, "cache-dir", "", "where converted pages are kept between builds, a folder `DIR` (default `.handbook-cache` in the project; git-ignore it)")
	fs.BoolVar(&b.noCache, "no-cache", false, "keep no cache between builds")
	fs.StringVar(&b.audience, "audience", "", "only the pages for audience `A` (those whose `audience` lists it, and those without one); without it, the `audiences:` of `handbook.yaml`, if any, are each built into `<out>/<audience>/`")
}

// buildFlagSet is the flag set of handbook build.
func buildFlagSet(f *buildFlags) *flag.FlagSet {
	fs := flag.NewFlagSet("build", flag.ContinueOnError)
	f.register(fs)
	fs.BoolVar(&f.strict, "strict", false, "fail on warnings: every warning (a broken link, a misspelled key, an undeclared value) is an error")
	fs.BoolVar(&f.force, "force", false, "replace an `--out` folder that holds files of something other than an earlier build")
	fs.DurationVar(&f.wait, "wait", generator.DefaultLockWait, "how long to wait for another build of the same output or cache folder, a duration `D` (`0` fails at once)")
	return fs
}

// serveFlagSet is the flag set of handbook serve.
func serveFlagSet(f *buildFlags, port *int, bind *string, navigate *bool) *flag.FlagSet {
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	f.register(fs)
	fs.IntVar(port, "port", 1313, "the port `N` to listen on (`0` picks a free one)")
	fs.StringVar(bind, "bind", "127.0.0.1", "the address `ADDR` to listen on; anything but loopback prints a warning, since other machines can then read the manual")
	fs.BoolVar(navigate, "navigate", false, "open tabs follow to the page being edited")
	return fs
}

// auditFlagSet is the flag set of handbook audit.
func auditFlagSet(dir, format, failOn *string, drafts *bool, now *dateFlag) *flag.FlagSet {
	fs := flag.NewFlagSet("audit", flag.ContinueOnError)
	fs.StringVar(dir, "C", ".", "the site project folder `DIR`")
	fs.StringVar(format, "format", "text", "the output format `F`: `text` (grouped by rule, each line `path:line: severity: message`), `json`, `csv`, or `sarif` (SARIF 2.1.0, for GitHub/GitLab code scanning on pull requests)")
	fs.StringVar(failOn, "fail-on", "error", "exit 1 when an open finding of severity `L` or worse exists: `error`, `warning`, `info`, or `never`; `warning` and `info` also fail on the project's warnings (a misspelled key, say), as `build --strict` does")
	fs.BoolVar(drafts, "drafts", false, "include pages marked `draft: true`")
	fs.Var(now, "now", "the `DATE` reviews are measured against (`YYYY-MM-DD`; default today)")
	return fs
}

// pullFlagSet is the flag set of handbook pull.
func pullFlagSet(dir, out, only *string, quiet, full *bool) *flag.FlagSet {
	fs := flag.NewFlagSet("pull", flag.ContinueOnError)
	fs.StringVar(dir, "C", ".", "the site project folder `DIR`")
	fs.StringVar(out, "out", "", "the snapshot folder `DIR` (default `data/snapshots`)")
	fs.StringVar(only, "only", "", "pull only the source with this `NAME`")
	fs.BoolVar(quiet, "quiet", false, "print only the summary and errors")
	fs.BoolVar(full, "full", false, "walk everything again, ignoring the delta links and watermarks an earlier pull kept in `<out>/.state/`")
	return fs
}

// newFlagSet is the flag set of handbook new.
func newFlagSet(dir, kind, owner *string, now *dateFlag) *flag.FlagSet {
	fs := flag.NewFlagSet("new", flag.ContinueOnError)
	fs.StringVar(dir, "C", ".", "the site project folder `DIR`")
	fs.StringVar(kind, "kind", "page", "the `KIND` of page: `page` or `runbook` (the usual runbook headings)")
	fs.StringVar(owner, "owner", "", "the owner `WHO`, instead of `git config user.email`")
	fs.Var(now, "now", "the review `DATE` to write (`YYYY-MM-DD`; default today)")
	return fs
}

// commandFlagSets are the flag sets of every command that takes flags,
// bound to values of their own, in the order of the usage text: the
// manual's reference of flags is generated from them.
func commandFlagSets() []*flag.FlagSet {
	str, boolean := func() *string { return new(string) }, func() *bool { return new(bool) }
	return []*flag.FlagSet{
		buildFlagSet(new(buildFlags)),
		serveFlagSet(new(buildFlags), new(int), str(), boolean()),
		auditFlagSet(str(), str(), str(), boolean(), new(dateFlag)),
		newFlagSet(str(), str(), str(), new(dateFlag)),
		pullFlagSet(str(), str(), str(), boolean(), boolean()),
	}
}
