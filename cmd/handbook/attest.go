package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"time"

	"github.com/handbook-dev/handbook/generator/attest"
	"github.com/handbook-dev/handbook/generator/config"
	"github.com/handbook-dev/handbook/generator/diag"
	"github.com/handbook-dev/handbook/generator/inventory"
	"github.com/handbook-dev/handbook/generator/scaffold"
	"github.com/handbook-dev/handbook/internal/suggest"
)

const attestUsage = `Usage: handbook attest [flags] ITEM...

attest records that the owners of each inventory ITEM (its id) confirmed
it: still needed (or, with --not-needed, no longer needed), with the
owners, members and external sharing the inventory declares. It writes
attested: into the inventory file at the item's place (a YAML or JSON
file keeps its comments and layout; a CSV file gains attested and
attested_by columns), so that the review is a commit an auditor can see.
The audit then measures the next attestation from this one
(audit.attestation), and a later pull that finds sharing wider, owners
changed or more members than confirmed is a finding.

Flags:
  -C DIR          the site project folder (default: the current folder)
  --by WHO        who attests (default: git config user.email)
  --now DATE      the day of the attestation (YYYY-MM-DD; default today)
  --not-needed    the owners answered that the item is no longer needed

Exit status: 0 recorded, 1 an item unknown or a file that could not be
edited (the others are still recorded), 2 usage errors.
`

// attestFlags are the flags of handbook attest.
type attestFlags struct {
	dir, by   string
	now       dateFlag
	notNeeded bool
}

func (f *attestFlags) flagSet() *flag.FlagSet {
	fs := flag.NewFlagSet("attest", flag.ContinueOnError)
	fs.StringVar(&f.dir, "C", ".", "the site project folder `DIR`")
	fs.StringVar(&f.by, "by", "", "who attests, `WHO` (default: `git config user.email`)")
	fs.Var(&f.now, "now", "the `DATE` of the attestation (`YYYY-MM-DD`; default today)")
	fs.BoolVar(&f.notNeeded, "not-needed", false, "the owners answered that the item is no longer needed")
	return fs
}

// cmdAttest runs handbook attest.
func cmdAttest(args []string, stdout, stderr io.Writer) int {
	var af attestFlags
	fs := af.flagSet()
	fs.SetOutput(io.Discard)
	var ids []string
	rest := splitC(args)
	for {
		if err := fs.Parse(rest); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				fmt.Fprint(stderr, attestUsage)
			} else {
				usageError(stderr, "attest", "%s", flagError(fs, err))
			}
			return exitUsage
		}
		if fs.NArg() == 0 {
			break
		}
		ids, rest = append(ids, fs.Arg(0)), fs.Args()[1:]
	}
	if len(ids) == 0 {
		fmt.Fprintf(stderr, "handbook: attest needs the id of an inventory item\n\n%s", attestUsage)
		return exitUsage
	}
	by := af.by
	if by == "" {
		by = scaffold.GitEmail(af.dir)
	}
	if by == "" {
		usageError(stderr, "attest", "say who attests with --by (git config user.email is not set)")
		return exitUsage
	}
	day := af.now.t
	if day.IsZero() {
		now := time.Now()
		day = time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, time.UTC)
	}
	cfg, diags := config.Load(af.dir)
	if n, _ := diags.Count(); n > 0 {
		printDiags(stderr, diags)
		return exitContent
	}
	inv, diags := inventory.Load(af.dir, inventory.Options{Patterns: cfg.Inventory.Paths, Kinds: cfg.Inventory.Kinds, MaxItems: cfg.Limits.InventoryItems, MaxFileSize: cfg.Limits.InventorySize})
	if n, _ := diags.Count(); n > 0 {
		printDiags(stderr, diags)
		fmt.Fprintln(stderr, "handbook: attest edits only an inventory that reads without errors; fix the errors above first")
		return exitContent
	}
	code := exitOK
	for _, id := range ids {
		it := inv.ByID(id)
		if it == nil {
			var known []string
			for _, it := range inv.Items {
				known = append(known, it.ID)
			}
			msg := ""
			if near, ok := suggest.Closest(id, known); ok {
				msg = "; did you mean " + near + "?"
			}
			fmt.Fprintf(stderr, "handbook: attest: no inventory item %q%s\n", id, msg)
			code = exitContent
			continue
		}
		a := it.Attest(day, by)
		a.Needed = !af.notNeeded
		name, err := attest.Write(af.dir, it, a)
		if err != nil {
			fmt.Fprintf(stderr, "handbook: attest: %v\n", err)
			code = exitContent
			continue
		}
		needed := "still needed"
		if !a.Needed {
			needed = "no longer needed"
		}
		fmt.Fprintf(stdout, "Attested %s (%s) on %s by %s, %s: %s\n", it.ID, it.Name, day.Format(time.DateOnly), by, needed, name)
	}
	return code
}

// printDiags prints the errors among diags, one per line.
func printDiags(w io.Writer, diags diag.List) {
	for _, d := range diags {
		if d.Severity == diag.Error {
			fmt.Fprintln(w, d.String())
		}
	}
}
