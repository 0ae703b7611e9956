package generator

import (
	"context"
	"path/filepath"
	"time"

	"github.com/handbook-dev/handbook/generator/audit"
	"github.com/handbook-dev/handbook/generator/diag"
	"github.com/handbook-dev/handbook/generator/notify"
)

// Notify reminds the owners of the manual's due dates (handbook notify):
// it loads and models the project as Audit does, takes the due dates of
// every page and item (audit.Dues) on opts.Now's day, and hands them to
// notify.Run, which sends the digests, or writes them into dryRun.
func Notify(ctx context.Context, opts Options, dryRun string) ([]notify.Delivery, diag.List, error) {
	x, t, diags, err := oneTarget(ctx, &opts)
	if x == nil {
		return nil, diags, err
	}
	defer x.store.Close()
	if n, _ := diags.Count(); n > 0 {
		diags.Sort()
		return nil, diags, ErrFailed
	}
	day := time.Date(opts.Now.Year(), opts.Now.Month(), opts.Now.Day(), 0, 0, 0, 0, time.UTC)
	cfg := t.m.cfg
	project, err := filepath.Abs(opts.Dir)
	if err != nil {
		return nil, diags, err
	}
	dels, err := notify.Run(ctx, audit.Dues(t.m.site, day), notify.Options{Dir: project, Title: cfg.Title, BaseURL: cfg.BaseURL, Now: day,
		Config: cfg.Notify, Grace: cfg.Audit.Attestation.Grace, DryRun: dryRun, Version: Version})
	return dels, diags, err
}
