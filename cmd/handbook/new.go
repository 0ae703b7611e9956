package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"path/filepath"
	"strings"
	"time"

	"github.com/handbook-dev/handbook/generator/config"
	"github.com/handbook-dev/handbook/generator/inventory"
	"github.com/handbook-dev/handbook/generator/scaffold"
	"github.com/handbook-dev/handbook/generator/source"
)

const newUsage = `Usage:
  handbook new site DIR
  handbook new page content/SECTION/NAME.md [--kind runbook] [flags]

new site writes a ready site project into DIR (a new or empty folder):
handbook.yaml, a home page, a section with one procedure, an inventory
with one item and a README for writers. It builds at once.

new page writes a page with its front matter filled in: the title from
the file name, the owner from 'git config user.email' (else the section
page's owner), today as the review date, the section's platform.
It never overwrites a file.

Flags of new page:
  -C DIR        the site project folder (default: the current folder)
  --kind KIND   page (default), runbook (kind: runbook and the sections of
                audit.runbook_sections, so that it passes the audit),
                incident or change (the record fields they need, dated today)
  --owner WHO   the owner, instead of git config user.email
  --now DATE    the review date to write (YYYY-MM-DD; default today)
`

// cmdNew runs handbook new site and handbook new page.
func cmdNew(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 || (args[0] != "site" && args[0] != "page") {
		fmt.Fprintf(stderr, "handbook: new needs what to create: site or page\n\n%s", newUsage)
		return exitUsage
	}
	what := args[0]
	var nf newFlags
	fs := nf.flagSet()
	// Flags may come before or after the one argument.
	var target string
	rest := splitC(args[1:])
	fs.SetOutput(io.Discard)
	for {
		if err := fs.Parse(rest); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				fmt.Fprint(stderr, newUsage)
			} else {
				usageError(stderr, "new", "%s", flagError(fs, err))
			}
			return exitUsage
		}
		if fs.NArg() == 0 {
			break
		}
		if target != "" {
			fmt.Fprintf(stderr, "handbook: unexpected argument %q\n\n%s", fs.Arg(0), newUsage)
			return exitUsage
		}
		target, rest = fs.Arg(0), fs.Args()[1:]
	}
	if target == "" {
		fmt.Fprintf(stderr, "handbook: new %s needs a %s\n\n%s", what, map[string]string{"site": "folder", "page": "file name"}[what], newUsage)
		return exitUsage
	}
	dir, kind, owner, now := nf.dir, nf.kind, nf.owner, nf.now
	today := now.t
	if today.IsZero() {
		today = time.Now()
	}
	if what == "site" {
		files, err := scaffold.Site(target, today)
		if err != nil {
			fmt.Fprintf(stderr, "handbook: %v\n", err)
			return exitContent
		}
		fmt.Fprintf(stdout, "Created a site project in %s (%d files). Preview it:\n  cd %s && handbook serve\n", target, len(files), target)
		return exitOK
	}
	if owner == "" {
		owner = scaffold.GitEmail(dir)
	}
	// A path given from inside the content folder is taken as it is
	// meant: relative to the current folder, below the project.
	path := target
	if abs, err := filepath.Abs(target); err == nil {
		if proj, err := filepath.Abs(dir); err == nil {
			if rel, err := filepath.Rel(proj, abs); err == nil && !strings.HasPrefix(rel, "..") {
				path = rel
			}
		}
	}
	// An unreadable handbook.yaml leaves the default content folder; the
	// next build reports what is wrong with it.
	cfg, _ := config.Load(dir)
	var providers []*inventory.Item
	if kind == source.KindRequest {
		// Problems of the inventory are the build's to report.
		inv, _ := inventory.Load(dir, inventory.Options{Patterns: cfg.Inventory.Paths, Kinds: cfg.Inventory.Kinds, MaxItems: cfg.Limits.InventoryItems, MaxFileSize: cfg.Limits.InventorySize})
		for _, it := range inv.Items {
			if it.Kind == inventory.KindProvider {
				providers = append(providers, it)
			}
		}
	}
	rel, err := scaffold.Page(scaffold.PageOptions{Project: dir, Path: path, Kind: kind, Owner: owner, Today: today, ContentDir: cfg.ContentDir,
		RunbookSections: cfg.Audit.RunbookSections, Providers: providers})
	if err != nil {
		fmt.Fprintf(stderr, "handbook: %v\n", err)
		return exitContent
	}
	fmt.Fprintf(stdout, "Created %s\n", rel)
	return exitOK
}
