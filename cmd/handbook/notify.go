package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"path/filepath"

	"flag"

	"github.com/handbook-dev/handbook/generator"
	"github.com/handbook-dev/handbook/generator/diag"
)

const notifyUsage = `Usage: handbook notify [flags]

notify tells each owner what falls due: one digest of their page reviews
and item attestations due within notify.within (default 14 days) and
overdue, by mail (notify.smtp, with STARTTLS) or, for the owners and
groups named in notify.channels, as a card in their Teams channel (a
Workflows webhook). An attestation overdue past audit.attestation.grace
also goes to the item's escalation contact, else its other owners.
data/notify-state.json remembers what was sent: a reminder is not
repeated within notify.every (default 7 days). Commit it, or keep it
between runs, as you keep the snapshots.

Credentials and webhook addresses are read from the variables handbook.yaml
names (notify.smtp.username_env, password_env, notify.channels), never
from the file itself.

Flags:
  -C DIR          the site project folder (default: the current folder)
  --dry-run DIR   write the messages into DIR (a .eml file per mail, a
                  .json card per channel) instead of sending them; the
                  state is left as it was
  --now DATE      the day to remind as of (YYYY-MM-DD; default today)

Exit status: 0 every digest delivered (or nothing due), 1 a digest could
not be delivered or the project has errors, 2 usage errors.
`

// notifyFlags are the flags of handbook notify.
type notifyFlags struct {
	dir, dryRun string
	now         dateFlag
}

func (f *notifyFlags) flagSet() *flag.FlagSet {
	fs := flag.NewFlagSet("notify", flag.ContinueOnError)
	fs.StringVar(&f.dir, "C", ".", "the site project folder `DIR`")
	fs.StringVar(&f.dryRun, "dry-run", "", "write the messages into `DIR` instead of sending them")
	fs.Var(&f.now, "now", "the `DATE` to remind as of (`YYYY-MM-DD`; default today)")
	return fs
}

// cmdNotify runs handbook notify.
func cmdNotify(args []string, stdout, stderr io.Writer) int {
	var nf notifyFlags
	fs := nf.flagSet()
	if !parse(fs, args, notifyUsage, stderr) {
		return exitUsage
	}
	if fs.NArg() > 0 {
		usageError(stderr, "notify", "unexpected argument %q", fs.Arg(0))
		return exitUsage
	}
	dry := nf.dryRun
	if dry != "" {
		if abs, err := filepath.Abs(dry); err == nil {
			dry = abs
		}
	}
	dels, diags, err := generator.Notify(context.Background(), generator.Options{Dir: nf.dir, Now: nf.now.t}, dry)
	for _, d := range diags {
		if d.Severity == diag.Error {
			fmt.Fprintln(stderr, d.String())
		}
	}
	if err != nil {
		if !errors.Is(err, generator.ErrFailed) {
			fmt.Fprintf(stderr, "handbook: notify: %v\n", err)
		}
		return exitContent
	}
	code := exitOK
	for _, d := range dels {
		what := fmt.Sprintf("%d overdue, %d due soon, %d escalated", d.Overdue, d.Soon, d.Escalated)
		switch {
		case d.Err != nil:
			fmt.Fprintf(stderr, "handbook: notify: %s (%s): %v\n", d.To, what, d.Err)
			code = exitContent
		case d.Via == "dry-run":
			fmt.Fprintf(stdout, "Wrote %s for %s: %s\n", filepath.Join(nf.dryRun, d.File), d.To, what)
		default:
			fmt.Fprintf(stdout, "Sent to %s by %s: %s\n", d.To, d.Via, what)
		}
	}
	if len(dels) == 0 {
		fmt.Fprintln(stdout, "Nothing to remind anyone of: nothing falls due that was not reminded of within notify.every.")
	}
	return code
}
