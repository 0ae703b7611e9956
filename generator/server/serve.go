package server

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"path/filepath"
	"time"

	"github.com/handbook-dev/handbook/generator"
	"github.com/handbook-dev/handbook/generator/diag"
	"github.com/handbook-dev/handbook/generator/incremental"
)

// Options configure Run.
type Options struct {
	// Session builds the site; Project is the folder watched for changes.
	Session *incremental.Session
	Project string
	// Ignore reports paths whose changes do not matter (the output folder).
	Ignore func(path string) bool
	// Addr is the address to listen on, e.g. 127.0.0.1:1313.
	Addr string
	// Navigate makes open pages go to the page whose source was edited.
	Navigate bool
	// Quiet prints only warnings and errors.
	Quiet bool
	// Style writes diagnostics and failures to Stderr (in colour on a
	// terminal; see cmd/handbook).
	Style diag.Style
	// Stdout receives progress, Stderr diagnostics.
	Stdout, Stderr io.Writer
	// Ready is called with the bound address once the site is served.
	Ready func(addr string)
	// Debounce and PollInterval tune the Watcher (zero: its defaults).
	Debounce, PollInterval time.Duration

	warned map[string]bool // warnings already printed
}

// reindexAfter is the pause in edits after which the search index is
// brought up to date.
const reindexAfter = 400 * time.Millisecond

// Run builds the site into memory, serves it and rebuilds on every
// change until ctx is done. A failed build never stops it: the last good
// build stays served and open pages show the errors.
func Run(ctx context.Context, o Options) error {
	ln, err := net.Listen("tcp", o.Addr)
	if err != nil {
		return err
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	live := NewLive(ln.Addr().String())
	if err := o.rebuild(ctx, live, nil); err != nil {
		ln.Close()
		return err
	}
	root, err := filepath.Abs(o.Project)
	if err != nil {
		ln.Close()
		return err
	}
	w := &Watcher{Root: root, Ignore: o.Ignore, Log: o.Stderr, Debounce: o.Debounce, PollInterval: o.PollInterval}
	batches, err := w.Watch(ctx)
	if err != nil {
		ln.Close()
		return fmt.Errorf("cannot watch %s: %w", o.Project, err)
	}
	// Request contexts end with ctx, so that event streams let the
	// server shut down.
	srv := newServer(live, func(net.Listener) context.Context { return ctx })
	served := make(chan error, 1)
	go func() { served <- srv.Serve(limitConnections(ln)) }()
	if o.Ready != nil {
		o.Ready(ln.Addr().String())
	}
	// The search index follows the pages once the writer pauses (see
	// incremental.Session.Reindex): a burst of edits is not held up by it.
	idle := time.NewTimer(time.Hour)
	idle.Stop()
	for {
		select {
		case <-idle.C:
			if ix := o.Session.Reindex(); ix != nil {
				live.Publish(ix.Output, "", false)
			}
		case <-ctx.Done():
			shutdown, stop := context.WithTimeout(context.Background(), 2*time.Second)
			defer stop()
			_ = srv.Shutdown(shutdown)
			return nil
		case err := <-served:
			if errors.Is(err, http.ErrServerClosed) {
				return nil
			}
			return err
		case batch := <-batches:
			if err := o.rebuild(ctx, live, batch); err != nil {
				return err
			}
			idle.Reset(reindexAfter)
		}
	}
}

// rebuild runs one build and publishes it, or shows its errors.
func (o *Options) rebuild(ctx context.Context, live *Live, changed []string) error {
	up, err := o.Session.Rebuild(ctx, changed)
	if err != nil && !errors.Is(err, generator.ErrFailed) {
		if ctx.Err() != nil {
			return nil
		}
		return err
	}
	// Errors always; each warning once, not again on every rebuild.
	if o.warned == nil {
		o.warned = map[string]bool{}
	}
	for _, d := range up.Diagnostics {
		text := d.String()
		if d.Severity == diag.Error || !o.warned[text] {
			fmt.Fprintln(o.Stderr, o.Style.Format(d))
		}
		if d.Severity != diag.Error {
			o.warned[text] = true
		}
	}
	if err != nil {
		fmt.Fprintln(o.Stderr, failedMessage(up, o.Style))
		live.Fail(up.Diagnostics)
		return nil
	}
	navigate := ""
	if o.Navigate && len(up.Pages) > 0 {
		navigate = "/" + up.Pages[0]
	}
	live.Publish(up.Output, navigate, len(up.Changed) > 0)
	if !o.Quiet {
		how := "whole site"
		if up.Incremental {
			how = "incremental"
		}
		fmt.Fprintf(o.Stdout, "Built %d files (%s, %d changed) in %s\n", up.Rendered, how, len(up.Changed), up.Duration.Round(time.Millisecond))
	}
	return nil
}

// failedMessage is the line a failed build prints: the last good build
// stays served, or, when no build has succeeded yet, there is none, and
// the server's page lists the errors until a build succeeds.
func failedMessage(up *incremental.Update, style diag.Style) string {
	errs, _ := up.Diagnostics.Count()
	if up.Output == nil {
		return fmt.Sprintf("%s the build failed with %s; the server keeps running, its page lists the errors, and the site appears once they are fixed", style.Failure("no build yet:"), errorCount(errs))
	}
	return fmt.Sprintf("%s with %s; still serving the last good build", style.Failure("rebuild failed"), errorCount(errs))
}

func errorCount(n int) string {
	if n == 1 {
		return "1 error"
	}
	return fmt.Sprintf("%d errors", n)
}
