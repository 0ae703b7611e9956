package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"os"
	"os/signal"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/handbook-dev/handbook/generator"
	"github.com/handbook-dev/handbook/generator/audit"
	"github.com/handbook-dev/handbook/generator/config"
	"github.com/handbook-dev/handbook/generator/diag"
	"github.com/handbook-dev/handbook/generator/incremental"
	"github.com/handbook-dev/handbook/generator/pull/pullrun"
	"github.com/handbook-dev/handbook/generator/server"
	"github.com/handbook-dev/handbook/internal/suggest"
)

// Exit codes.
const (
	exitOK      = 0
	exitContent = 1 // the content has errors
	exitUsage   = 2 // the command line is wrong
)

const usage = `handbook builds a web-operations manual from Markdown into a static site.

Usage:
  handbook build [flags]     build the site project into public/
  handbook serve [flags]     build, then serve the site on http://127.0.0.1:1313/
  handbook audit [flags]     check reviews, ownership, links and the inventory; write no site
  handbook new site DIR      create a ready site project in DIR
  handbook new page PATH     create a page with its front matter filled in
  handbook pull web|eol|confluence|m365|all  fetch platform metadata into snapshot files
  handbook attest ITEM...    record that the owners confirmed an inventory item
  handbook notify [flags]    remind owners of their reviews and attestations due
  handbook version           print the version
  handbook help [command]    show help for a command

handbook -C DIR <command> runs the command in the site project DIR, as
git -C does (-CDIR works too, before the command and among its flags).

Run 'handbook help build' for the build flags.
`

const buildUsage = `Usage: handbook build [flags]

Builds the site project in the current folder (content/, and optionally
handbook.yaml, templates/ and assets/) into public/. A failed build leaves
the previous public/ untouched.

Flags:
  -C DIR        the site project folder (default: the current folder)
  --out DIR     the output folder (default: public, inside the project);
                the build replaces it whole, so it must be new, empty or
                an earlier build's (it holds manifest.json)
  --force       replace an --out folder that holds other files
  --strict      fail on warnings: every warning (a broken link, a
                misspelled key, an undeclared value) is an error
  --drafts      include pages marked draft: true
  --audience A  only the pages for audience A (those whose audience lists
                it, and those without one); links to the others become
                plain text, and are listed as notes. Without it, the
                audiences: of handbook.yaml, if any, are built each into
                its own folder of the output (with versions: each holds
                that audience's versioned site)
  --now DATE    the date reviews are measured against (YYYY-MM-DD; default today)
  --quiet       print only warnings and errors
  --cache-dir DIR   where converted pages are kept between builds
                (default: .handbook-cache, inside the project)
  --no-cache    keep no cache between builds
  --wait D      how long to wait for another build of the same output
                or cache folder to finish (default 10m; 0 fails at once)
  --color=WHEN  colour errors, warnings and paths: auto (default: when
                writing to a terminal, unless NO_COLOR is set), always
                or never; --color alone is always
  --no-color    the same as --color=never

Exit status: 0 built, 1 content errors, 2 usage errors.
`

const auditUsage = `Usage: handbook audit [flags]

Runs the audit rules (overdue reviews, missing owners, broken links,
inventory misalignments, ...) on the site project without writing a site,
and prints the findings. Fast enough for a pre-commit hook.

Flags:
  -C DIR              the site project folder (default: the current folder)
  --format FORMAT     text (default), json, csv or sarif (SARIF 2.1.0 for code scanning)
  --fail-on LEVEL     exit 1 when a finding of this severity or worse is open:
                      error (default), warning, info, or never; warning
                      and info also fail on the project's warnings (a
                      misspelled key, say), as build --strict does
  --now DATE          the date reviews are measured against (YYYY-MM-DD; default today)
  --drafts            include pages marked draft: true
  --audience A        only the pages for audience A, as its site shows them
                      (default: every page)
  --version V         only version V of the versions: of handbook.yaml
                      (default: the latest)
  --language L        only language L's site of the languages: of
                      handbook.yaml (default: the whole manual, the first
                      language's site with what each other language's
                      site adds: its translations' and its own pages'
                      findings)
  --color=WHEN        colour the messages on standard error: auto (default:
                      on a terminal, unless NO_COLOR is set), always or never;
                      the report itself is never coloured
  --no-color          the same as --color=never

Exit status: 0 no open finding at the --fail-on level, 1 findings at that
level or content errors, 2 usage errors.
`

const serveUsage = `Usage: handbook serve [flags]

Builds the site project into memory and serves it on
http://127.0.0.1:1313/ until interrupted (Ctrl-C). Every change to the
project rebuilds it (an edit to a page's text only re-renders what shows
that page) and reloads the open pages; a broken edit keeps the last good
build served and shows the errors over the page until they are fixed.
When the first build fails there is no build yet: the server still runs,
its page lists the errors, and the site appears once they are fixed.
public/ is left to handbook build.

Flags:
  -C DIR        the site project folder (default: the current folder)
  --out DIR     the output folder of handbook build, not watched (default: public)
  --bind ADDR   the address to listen on (default 127.0.0.1; anything else
                lets other machines read the manual, and is warned about)
  --port N      the port to listen on (default 1313; 0 picks a free one)
  --drafts      include pages marked draft: true
  --audience A  only the pages for audience A, as its folder of a build
                shows them (default: every page)
  --version V   only version V of the versions: of handbook.yaml, as a
                build publishes it (default: the latest); every edit
                rebuilds it whole
  --language L  only language L of the languages: of handbook.yaml, as a
                build publishes its site (default: the first)
  --now DATE    the date reviews are measured against (YYYY-MM-DD; default today)
  --navigate    open the page being edited in the browser tabs
  --quiet       print only warnings and errors
  --color=WHEN  colour errors, warnings and paths: auto (default: when
                writing to a terminal, unless NO_COLOR is set), always
                or never; --color alone is always
  --no-color    the same as --color=never

Exit status: 0 stopped, 1 the server failed, 2 usage errors (a port in use
among them).
`

// commandUsage is the text of `handbook help COMMAND`.
var commandUsage = map[string]string{
	"build": buildUsage, "serve": serveUsage, "audit": auditUsage, "pull": pullUsage, "new": newUsage, "attest": attestUsage, "notify": notifyUsage,
	"version": usage, "help": usage,
}

// commands are handbook's commands, for did-you-mean.
var commands = []string{"build", "serve", "audit", "pull", "new", "attest", "notify", "version", "help"}

func run(args []string, stdout, stderr io.Writer) int {
	// -C DIR before the command, as git takes it: the command runs in
	// DIR, and several -C options each go on from the one before.
	// Paths are still shown from where the user ran handbook.
	invokedIn, _ = os.Getwd()
	for len(args) > 0 {
		dir, n := leadingC(args)
		if n == 0 {
			break
		}
		if dir == "" {
			usageError(stderr, "", "option -C needs a folder, as in handbook -C docs build")
			return exitUsage
		}
		if err := os.Chdir(dir); err != nil {
			usageError(stderr, "", "-C %s: %v", dir, errors.Unwrap(err))
			return exitUsage
		}
		args = args[n:]
	}
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return exitUsage
	}
	switch args[0] {
	case "build":
		return cmdBuild(args[1:], stdout, stderr)
	case "serve":
		return cmdServe(args[1:], stdout, stderr)
	case "audit":
		return cmdAudit(args[1:], stdout, stderr)
	case "pull":
		return cmdPull(args[1:], stdout, stderr)
	case "new":
		return cmdNew(args[1:], stdout, stderr)
	case "attest":
		return cmdAttest(args[1:], stdout, stderr)
	case "notify":
		return cmdNotify(args[1:], stdout, stderr)
	case "version", "--version", "-version":
		fmt.Fprintf(stdout, "handbook %s\n", generator.Version)
		return exitOK
	case "help", "-h", "-help", "--help":
		if len(args) > 1 {
			if text, ok := commandUsage[args[1]]; ok {
				fmt.Fprint(stdout, text)
				return exitOK
			}
			usageError(stderr, "", "no help for unknown command %q%s", args[1], didYouMean(args[1], commands))
			return exitUsage
		}
		fmt.Fprint(stdout, usage)
		return exitOK
	}
	usageError(stderr, "", "unknown command %q%s", args[0], didYouMean(args[0], commands))
	return exitUsage
}

// leadingC reads a -C option at the start of args (-C DIR, -CDIR or
// -C=DIR, with one or two dashes): the folder and how many arguments it
// took, 0 when args does not start with one.
func leadingC(args []string) (dir string, n int) {
	a := strings.TrimPrefix(args[0], "-")
	if a == args[0] || !strings.HasPrefix(strings.TrimPrefix(a, "-"), "C") {
		return "", 0
	}
	rest := strings.TrimPrefix(strings.TrimPrefix(a, "-"), "C")
	switch {
	case rest == "" && len(args) > 1:
		return args[1], 2
	case rest == "":
		return "", 1
	default:
		return strings.TrimPrefix(rest, "="), 1
	}
}

// splitC writes -CDIR as -C DIR, which Go's flag package does not read,
// so that a command takes -C as git does in both spellings.
func splitC(args []string) []string {
	out := make([]string, 0, len(args)+1)
	for i, a := range args {
		if a == "--" {
			return append(out, args[i:]...)
		}
		if strings.HasPrefix(a, "-C") && len(a) > 2 && a[2] != '=' {
			out = append(out, "-C", a[2:])
			continue
		}
		out = append(out, a)
	}
	return out
}

// didYouMean is "; did you mean "X"?" for the command closest to word,
// or "" when none is close.
func didYouMean(word string, candidates []string) string {
	if meant, ok := suggest.Closest(word, candidates); ok {
		return fmt.Sprintf("; did you mean %q?", meant)
	}
	return ""
}

// usageError prints a command-line mistake as one line and where the
// help is, not the whole help: the mistake stays on the screen.
func usageError(stderr io.Writer, command, format string, args ...any) {
	name, help := "handbook", "handbook help"
	if command != "" {
		name, help = "handbook "+command, "handbook help "+command
	}
	fmt.Fprintf(stderr, "%s: %s\nRun '%s' for usage.\n", name, fmt.Sprintf(format, args...), help)
}

// flagError says what is wrong with a command's flags in one line, with
// the flag most likely meant when one was misspelled.
func flagError(fs *flag.FlagSet, err error) string {
	if m := badFlagValue.FindStringSubmatch(err.Error()); m != nil {
		return flagName(m[1]) + ": " + m[2]
	}
	name, unknown := strings.CutPrefix(err.Error(), "flag provided but not defined: -")
	if !unknown {
		return err.Error()
	}
	var names []string
	fs.VisitAll(func(f *flag.Flag) { names = append(names, f.Name) })
	msg := "unknown flag " + flagName(name)
	if meant, ok := suggest.Closest(name, names); ok {
		msg += "; did you mean " + flagName(meant) + "?"
	}
	return msg
}

// badFlagValue is the flag package's message for a value a flag refuses
// ("invalid value "x" for flag -now: ..."); the flag's own message
// names the value, so flagError keeps only that, after the flag.
var badFlagValue = regexp.MustCompile(`^invalid (?:boolean )?value ".*" for (?:flag )?-(\S+): (.*)$`)

// flagName writes a flag as the help does: -C, --strict.
func flagName(name string) string {
	if len(name) == 1 {
		return "-" + name
	}
	return "--" + name
}

// checkAudience refuses an --audience that cannot name a folder.
func checkAudience(audience, help string, stderr io.Writer) bool {
	if audience != "" && !config.ValidAudience(audience) {
		fmt.Fprintf(stderr, "handbook: --audience %q: use lower-case letters, digits, '-' and '_', e.g. staff\n\n%s", audience, help)
		return false
	}
	return true
}

// dateFlag is a YYYY-MM-DD flag value.
type dateFlag struct{ t time.Time }

func (d *dateFlag) String() string {
	if d.t.IsZero() {
		return ""
	}
	return d.t.Format(time.DateOnly)
}

func (d *dateFlag) Set(s string) error {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		return fmt.Errorf("%q is not a date written as YYYY-MM-DD", s)
	}
	d.t = t
	return nil
}

func parse(fs *flag.FlagSet, args []string, help string, stderr io.Writer) bool {
	fs.SetOutput(io.Discard)
	if err := fs.Parse(splitC(args)); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			fmt.Fprint(stderr, help)
			return false
		}
		usageError(stderr, fs.Name(), "%s", flagError(fs, err))
		return false
	}
	if fs.NArg() > 0 {
		usageError(stderr, fs.Name(), "unexpected argument %q", fs.Arg(0))
		return false
	}
	return true
}

func cmdBuild(args []string, stdout, stderr io.Writer) int {
	var f buildFlags
	fs := f.flagSet()
	if !parse(fs, args, buildUsage, stderr) || !checkAudience(f.audience, buildUsage, stderr) {
		return exitUsage
	}
	out, code := build(f, stdout, stderr)
	if code != exitOK {
		return code
	}
	if !f.quiet {
		fmt.Fprintf(stdout, "View it: open %s in a browser, or run 'handbook serve'.\n", filepath.Join(display(f.dir, out), "index.html"))
	}
	return exitOK
}

// build runs one build and reports it; it returns the output folder.
func build(f buildFlags, stdout, stderr io.Writer) (string, int) {
	wait := f.wait
	if wait <= 0 {
		wait = -1 // Options: a negative wait fails at once, zero is the default
	}
	res, err := generator.Build(context.Background(), generator.Options{Dir: f.dir, Out: f.out, Force: f.force, Strict: f.strict, Drafts: f.drafts, Now: f.now.t, CacheDir: f.cacheDir, NoCache: f.noCache, Audience: f.audience,
		LockWait: wait, Waiting: func(msg string) { fmt.Fprintln(stderr, "handbook: "+msg) }})
	errStyle, outStyle := f.color.style(stderr), f.color.style(stdout)
	if res != nil {
		for _, d := range res.Diagnostics {
			if f.quiet && d.Severity == diag.Note {
				continue // --quiet prints only warnings and errors
			}
			fmt.Fprintln(stderr, errStyle.Format(d))
		}
	}
	if err != nil {
		if errors.Is(err, generator.ErrFailed) {
			errs, warns := res.Diagnostics.Count()
			strict := ""
			if f.strict {
				strict = " (--strict counts warnings as errors)"
			}
			fmt.Fprintf(stderr, "%s %s, %s%s; the previous output was left as it was\n", errStyle.Failure("build failed:"), plural(errs, "error"), plural(warns, "warning"), strict)
			return "", exitContent
		}
		fmt.Fprintf(stderr, "handbook: %v\n", err)
		return "", exitContent
	}
	if !f.quiet {
		_, warns := res.Diagnostics.Count()
		into := display(f.dir, res.Out)
		if len(res.Audiences) > 0 {
			into += "{" + strings.Join(res.Audiences, ",") + "}/ (one site per audience)"
		}
		fmt.Fprintf(stdout, "Built %s (%s, %s) into %s in %s", plural(res.Pages, "page"), plural(res.Files, "file"), size(res.Bytes), into, res.Duration.Round(1e6))
		if warns > 0 {
			fmt.Fprintf(stdout, " with %s", outStyle.Warning(plural(warns, "warning")))
		}
		if res.Report != nil {
			fmt.Fprintf(stdout, "; %s", auditSummary(res.Report))
		}
		fmt.Fprintln(stdout)
		if res.Reused > 0 {
			fmt.Fprintf(stdout, "Versions: %s rendered once and reused by another version\n", plural(res.Reused, "page"))
		}
		if res.Frozen > 0 {
			fmt.Fprintf(stdout, "Versions: %s unchanged since the last build, published again as it was\n", plural(res.Frozen, "frozen version"))
		}
		si := res.Search
		fmt.Fprintf(stdout, "Search index: %s, %s, %s in %s files, built in %s\n", plural(si.Docs, "document"), plural(si.Terms, "term"), size(si.Bytes), strconv.Itoa(si.Files), si.Duration.Round(1e5))
	}
	if len(res.Audiences) > 0 {
		// One site per audience: the output's root has no home page.
		return filepath.Join(res.Out, res.Audiences[0]), exitOK
	}
	return res.Out, exitOK
}

func cmdAudit(args []string, stdout, stderr io.Writer) int {
	var af auditFlags
	if !parse(af.flagSet(), args, auditUsage, stderr) || !checkAudience(af.audience, auditUsage, stderr) {
		return exitUsage
	}
	dir, format, failOn, drafts, now := af.dir, af.format, af.failOn, af.drafts, af.now
	errStyle := af.color.style(stderr)
	threshold, ok := audit.ParseSeverity(failOn)
	if !ok && failOn != "never" {
		fmt.Fprintf(stderr, "handbook: --fail-on %q: use error, warning, info or never\n\n%s", failOn, auditUsage)
		return exitUsage
	}
	if !slices.Contains(audit.Formats, format) {
		fmt.Fprintf(stderr, "handbook: --format %q: use one of %s\n\n%s", format, strings.Join(audit.Formats, ", "), auditUsage)
		return exitUsage
	}
	report, diags, err := generator.Audit(context.Background(), generator.Options{Dir: dir, Drafts: drafts, Now: now.t, Audience: af.audience, Version: af.version, Language: af.language})
	// The project's warnings fail --fail-on warning (see below): then
	// they are printed in every format, or the exit status would have
	// no cause on the screen.
	warningsFail := failOn != "never" && threshold >= audit.Warning
	for _, d := range diags {
		if d.Severity == diag.Error || format == "text" || warningsFail && d.Severity == diag.Warning {
			fmt.Fprintln(stderr, errStyle.Format(d))
		}
	}
	if err != nil {
		if errors.Is(err, generator.ErrFailed) {
			fmt.Fprintln(stderr, errStyle.Failure("audit failed:")+" the project has content errors; fix them first")
		} else {
			fmt.Fprintf(stderr, "handbook: %v\n", err)
		}
		return exitContent
	}
	// The text report is for people, and is coloured on a terminal; the
	// other formats are for programs and files, and never are.
	write := func() error {
		return report.WriteFormat(stdout, format, audit.Meta{Generator: "handbook", Version: generator.Version})
	}
	if format == "text" {
		write = func() error { return report.WriteTextStyled(stdout, af.color.style(stdout)) }
	}
	if err := write(); err != nil {
		fmt.Fprintf(stderr, "handbook: %v\n", err)
		return exitContent
	}
	if failOn != "never" {
		for _, f := range report.Findings {
			if f.Accepted == nil && f.Severity <= threshold {
				return exitContent
			}
		}
		// The project's warnings (a misspelled key, an undeclared
		// audience) fail --fail-on warning as they fail build --strict.
		if _, warns := diags.Count(); warns > 0 && warningsFail {
			return exitContent
		}
	}
	return exitOK
}

const pullUsage = `Usage: handbook pull web|eol|confluence|m365|all [flags]

Fetches platform metadata into snapshot files (JSON, stable order, written
atomically) under data/snapshots/, one per source of handbook.yaml.

  web         every website and webshop of the inventory, and the checks of
              web sources: availability, response time, the http-to-https
              redirect, the TLS certificate's expiry and issuer, security
              headers, an optional body match; each run also appends a line
              per check to <source>-history.jsonl
  eol         the release cycles (release date, end of active and of
              security support, latest patch) of every product the
              inventory's components name, from the public endoflife.date
              API; a product it does not know is named with its place in
              the inventory and the product it most likely means
  confluence  spaces with permissions, labels, page count and last activity
              (confluence-cloud: email_env + token_env; confluence-dc:
              token_env, a personal access token)
  m365        SharePoint sites, Teams with owners, members (guests,
              disabled accounts) and channels, and the tenant's sharing
              setting, through Microsoft Graph (tenant, client_id_env,
              client_secret_env: an app registration)

Credentials come only from the environment variables the sources name.

Flags:
  -C DIR        the site project folder (default: the current folder)
  --out DIR     the snapshot folder (default: data/snapshots)
  --only NAME   pull only the source with this name
  --full        walk everything again, ignoring the delta links and
                watermarks an earlier pull kept in <out>/.state/
  --quiet       print only the summary and errors
  --color=WHEN  colour errors, warnings and paths: auto (default: when
                writing to a terminal, unless NO_COLOR is set), always
                or never; --color alone is always
  --no-color    the same as --color=never

Exit status: 0 pulled, 1 a source failed (the others still complete),
2 usage errors.
`

func cmdPull(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 || strings.HasPrefix(args[0], "-") {
		fmt.Fprintf(stderr, "handbook: pull needs what to pull: web, eol, confluence, m365 or all\n\n%s", pullUsage)
		return exitUsage
	}
	what := args[0]
	if what != "web" && what != "eol" && what != "confluence" && what != "m365" && what != "all" {
		fmt.Fprintf(stderr, "handbook: cannot pull %q: this version pulls web, eol, confluence, m365 or all\n\n%s", what, pullUsage)
		return exitUsage
	}
	var pf pullFlags
	if !parse(pf.flagSet(), args[1:], pullUsage, stderr) {
		return exitUsage
	}
	dir, out, only, quiet, full := pf.dir, pf.out, pf.only, pf.quiet, pf.full
	errStyle := pf.color.style(stderr)
	var log io.Writer = stderr
	if quiet {
		log = nil
	}
	res, diags, err := pullrun.Pull(context.Background(), pullrun.Options{Dir: dir, What: what, Out: out, Only: only, Log: log, Full: full, Version: generator.Version})
	for _, d := range diags {
		fmt.Fprintln(stderr, errStyle.Format(d))
	}
	if err != nil {
		fmt.Fprintf(stderr, "handbook: %v\n", err)
		return exitContent
	}
	code := exitOK
	for _, s := range res.Sources {
		if s.Err != nil {
			fmt.Fprintf(stderr, "%s: %s %v\n", s.Name, errStyle.Failure("failed:"), s.Err)
			code = exitContent
			continue
		}
		file := strings.TrimSuffix(display(dir, s.Snapshot), string(filepath.Separator))
		switch s.Type {
		case "web":
			fmt.Fprintf(stdout, "%s: %d checked, %d down; wrote %s\n", s.Name, s.Items, s.Failed, file)
		case "eol":
			fmt.Fprintf(stdout, "%s: %d products, %d unknown to endoflife.date; wrote %s\n", s.Name, s.Items, s.Failed, file)
		default:
			fmt.Fprintf(stdout, "%s: %d items; wrote %s\n", s.Name, s.Items, file)
		}
	}
	return code
}

func cmdServe(args []string, stdout, stderr io.Writer) int {
	var f serveFlags
	if !parse(f.flagSet(), args, serveUsage, stderr) || !checkAudience(f.audience, serveUsage, stderr) {
		return exitUsage
	}
	port, bind, navigate := f.port, f.bind, f.navigate
	if ip := net.ParseIP(bind); bind != "localhost" && (ip == nil || !ip.IsLoopback()) {
		fmt.Fprintf(stderr, "handbook serve: %s listening on %s, not only on this machine's loopback address: other machines on the network can read the manual, drafts included if --drafts is given\n", f.color.style(stderr).Warning("warning:"), bind)
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	opts := generator.Options{Dir: f.dir, Out: f.out, Drafts: f.drafts, Now: f.now.t, Audience: f.audience, Version: f.version, Language: f.language}
	err := server.Run(ctx, server.Options{
		Session:  incremental.NewSession(opts),
		Project:  f.dir,
		Ignore:   generator.WatchIgnore(opts),
		Addr:     net.JoinHostPort(bind, strconv.Itoa(port)),
		Navigate: navigate,
		Quiet:    f.quiet,
		Style:    f.color.style(stderr),
		Stdout:   stdout,
		Stderr:   stderr,
		Ready: func(a string) {
			fmt.Fprintf(stdout, "Serving the site on http://%s/ (Ctrl-C to stop)\n", a)
		},
	})
	if errors.Is(err, syscall.EADDRINUSE) {
		// One line, as for the other mistakes on the command line: the
		// port is taken, most often by another handbook serve.
		fmt.Fprintf(stderr, "handbook serve: port %d is in use on %s (another handbook serve?); run with --port 0 for a free port, or choose another with --port N\n", port, bind)
		return exitUsage
	}
	if err != nil {
		fmt.Fprintf(stderr, "handbook: %v\n", err)
		return exitContent
	}
	return exitOK
}

// auditSummary states the audit's counts after a build, in the words of
// handbook audit's last line: the build runs the same rules with the
// same severities (the broken links and markup it printed among them).
func auditSummary(r *audit.Report) string {
	errs, warns, infos, accepted := r.Counts()
	if errs+warns+infos+accepted == 0 {
		return "audit: no findings"
	}
	s := fmt.Sprintf("audit: %s, %s, %d info", plural(errs, "error"), plural(warns, "warning"), infos)
	if accepted > 0 {
		s += fmt.Sprintf(", %d accepted", accepted)
	}
	return s + " (handbook audit lists them)"
}

func plural(n int, word string) string {
	if n == 1 {
		return "1 " + word
	}
	return strconv.Itoa(n) + " " + word + "s"
}

func size(n int64) string {
	switch {
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%.1f kB", float64(n)/(1<<10))
	}
	return fmt.Sprintf("%d bytes", n)
}

// invokedIn is the folder handbook was run in, before a leading -C
// changed it.
var invokedIn string

// display shows out relative to the folder the user ran handbook in.
// A relative out is relative to the project folder dir (-C DIR), so
// "public" built with -C docs, before or after the command, is shown as
// docs/public/.
func display(dir, out string) string {
	if !filepath.IsAbs(out) {
		out = filepath.Join(dir, out)
	}
	abs, err := filepath.Abs(out)
	if err != nil || invokedIn == "" {
		return out
	}
	if rel, err := filepath.Rel(invokedIn, abs); err == nil && !strings.HasPrefix(rel, "..") {
		return rel + string(filepath.Separator)
	}
	return out
}
