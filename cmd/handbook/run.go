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
	"strconv"
	"strings"

	"github.com/handbook-dev/handbook/generator"
	"github.com/handbook-dev/handbook/generator/server"
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
  handbook version           print the version
  handbook help [command]    show help for a command

Run 'handbook help build' for the build flags.
`

const buildUsage = `Usage: handbook build [flags]

Builds the site project in the current folder (content/, and optionally
handbook.yaml, templates/ and assets/) into public/. A failed build leaves
the previous public/ untouched.

Flags:
  -C DIR        the site project folder (default: the current folder)
  --out DIR     the output folder (default: public, inside the project)
  --strict      fail on warnings, such as broken links
  --drafts      include pages marked draft: true
  --quiet       print only warnings and errors

Exit status: 0 built, 1 content errors, 2 usage errors.
`

const serveUsage = `Usage: handbook serve [flags]

Builds the site project, then serves it on http://127.0.0.1:1313/ until
interrupted (Ctrl-C). It listens on the loopback interface only.

Flags:
  -C DIR        the site project folder (default: the current folder)
  --out DIR     the output folder (default: public, inside the project)
  --port N      the port to listen on (default 1313; 0 picks a free one)
  --drafts      include pages marked draft: true
  --quiet       print only warnings and errors
`

func run(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return exitUsage
	}
	switch args[0] {
	case "build":
		return cmdBuild(args[1:], stdout, stderr)
	case "serve":
		return cmdServe(args[1:], stdout, stderr)
	case "version", "--version", "-version":
		fmt.Fprintf(stdout, "handbook %s\n", generator.Version)
		return exitOK
	case "help", "-h", "-help", "--help":
		if len(args) > 1 {
			switch args[1] {
			case "build":
				fmt.Fprint(stdout, buildUsage)
				return exitOK
			case "serve":
				fmt.Fprint(stdout, serveUsage)
				return exitOK
			case "version", "help":
				fmt.Fprint(stdout, usage)
				return exitOK
			}
			fmt.Fprintf(stderr, "handbook: no help for unknown command %q\n\n%s", args[1], usage)
			return exitUsage
		}
		fmt.Fprint(stdout, usage)
		return exitOK
	}
	fmt.Fprintf(stderr, "handbook: unknown command %q\n\n%s", args[0], usage)
	return exitUsage
}

type buildFlags struct {
	dir, out              string
	strict, quiet, drafts bool
}

func (b *buildFlags) register(fs *flag.FlagSet) {
	fs.StringVar(&b.dir, "C", ".", "site project folder")
	fs.StringVar(&b.out, "out", "", "output folder")
	fs.BoolVar(&b.quiet, "quiet", false, "print only warnings and errors")
	fs.BoolVar(&b.drafts, "drafts", false, "include draft pages")
}

func parse(fs *flag.FlagSet, args []string, help string, stderr io.Writer) bool {
	fs.SetOutput(io.Discard)
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			fmt.Fprint(stderr, help)
			return false
		}
		fmt.Fprintf(stderr, "handbook: %v\n\n%s", err, help)
		return false
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "handbook: unexpected argument %q\n\n%s", fs.Arg(0), help)
		return false
	}
	return true
}

func cmdBuild(args []string, stdout, stderr io.Writer) int {
	var f buildFlags
	fs := flag.NewFlagSet("build", flag.ContinueOnError)
	f.register(fs)
	fs.BoolVar(&f.strict, "strict", false, "fail on warnings")
	if !parse(fs, args, buildUsage, stderr) {
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
	res, err := generator.Build(context.Background(), generator.Options{Dir: f.dir, Out: f.out, Strict: f.strict, Drafts: f.drafts})
	if res != nil {
		for _, d := range res.Diagnostics {
			fmt.Fprintln(stderr, d.String())
		}
	}
	if err != nil {
		if errors.Is(err, generator.ErrFailed) {
			errs, warns := res.Diagnostics.Count()
			fmt.Fprintf(stderr, "build failed: %s, %s; the previous output was left as it was\n", plural(errs, "error"), plural(warns, "warning"))
			return "", exitContent
		}
		fmt.Fprintf(stderr, "handbook: %v\n", err)
		return "", exitContent
	}
	if !f.quiet {
		_, warns := res.Diagnostics.Count()
		fmt.Fprintf(stdout, "Built %s (%s, %s) into %s in %s", plural(res.Pages, "page"), plural(res.Files, "file"), size(res.Bytes), display(f.dir, res.Out), res.Duration.Round(1e6))
		if warns > 0 {
			fmt.Fprintf(stdout, " with %s", plural(warns, "warning"))
		}
		fmt.Fprintln(stdout)
	}
	return res.Out, exitOK
}

func cmdServe(args []string, stdout, stderr io.Writer) int {
	var f buildFlags
	var port int
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	f.register(fs)
	fs.IntVar(&port, "port", 1313, "port")
	if !parse(fs, args, serveUsage, stderr) {
		return exitUsage
	}
	out, code := build(f, stdout, stderr)
	if code != exitOK {
		return code
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	addr := net.JoinHostPort("127.0.0.1", strconv.Itoa(port))
	err := server.Serve(ctx, out, addr, func(a string) {
		fmt.Fprintf(stdout, "Serving %s on http://%s/ (Ctrl-C to stop)\n", display(f.dir, out), a)
	})
	if err != nil {
		fmt.Fprintf(stderr, "handbook: %v\n", err)
		return exitContent
	}
	return exitOK
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

// display shows out relative to the folder the user ran handbook in.
func display(dir, out string) string {
	wd, err := os.Getwd()
	if err != nil {
		return out
	}
	if rel, err := filepath.Rel(wd, out); err == nil && !strings.HasPrefix(rel, "..") {
		return rel + string(filepath.Separator)
	}
	_ = dir
	return out
}
