// Package pullrun is the handbook pull command: it reads the project's
// sources and inventory and runs each source's client (pull/web,
// pull/confluence, pull/graph) into a snapshot file. It is a package of
// its own, not part of package pull, because those clients import pull
// (the shared HTTP client, snapshot files and pull state): the command
// that imports the clients cannot live in the package they import.
package pullrun

import (
	"context"
	"crypto/x509"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/handbook-dev/handbook/generator/config"
	"github.com/handbook-dev/handbook/generator/diag"
	"github.com/handbook-dev/handbook/generator/inventory"
	"github.com/handbook-dev/handbook/generator/pull"
	"github.com/handbook-dev/handbook/generator/pull/confluence"
	"github.com/handbook-dev/handbook/generator/pull/eol"
	"github.com/handbook-dev/handbook/generator/pull/graph"
	"github.com/handbook-dev/handbook/generator/pull/web"
	"github.com/handbook-dev/handbook/generator/pulldata"
	"github.com/handbook-dev/handbook/internal/suggest"
)

// DefaultSnapshots is where pull writes snapshot files, relative to the project.
const DefaultSnapshots = "data/snapshots"

// ErrFailed is returned when handbook.yaml or the inventory has errors;
// the diagnostics say which.
var ErrFailed = errors.New("nothing was pulled: handbook.yaml or the inventory has errors")

// Options describe one handbook pull.
type Options struct {
	Dir string
	// What is web, or all.
	What string
	// Out is the snapshot folder; relative paths are relative to Dir.
	Out string
	// Only limits the pull to the source of that name.
	Only string
	// Full ignores the pull state (delta links, watermarks) an earlier
	// pull kept under <Out>/.state/ and walks every source completely.
	Full bool
	// Log receives progress lines; nil discards them.
	Log io.Writer
	// Now stamps the snapshot; zero is time.Now.
	Now time.Time
	// Web tunes the web checks (tests set their own roots).
	Web web.Options
	// HTTP is the client of API sources; nil uses the default.
	HTTP *http.Client
	// Version is handbook's version, stamped into each snapshot.
	Version string
}

// Result summarises a pull.
type Result struct {
	Sources []SourceResult
}

// SourceResult is the outcome for one source.
type SourceResult struct {
	Name, Type, Snapshot string
	Items, Failed        int
	Err                  error
}

// Pull fetches the configured sources into snapshot files. Each source
// is pulled independently: one failing does not stop the others. The
// diagnostics report configuration and inventory errors.
func Pull(ctx context.Context, opts Options) (*Result, diag.List, error) {
	project, err := filepath.Abs(opts.Dir)
	if err != nil {
		return nil, nil, err
	}
	cfg, diags := config.Load(project)
	inv, d := inventory.Load(project, inventory.Options{Patterns: cfg.Inventory.Paths, Kinds: cfg.Inventory.Kinds, MaxItems: cfg.Limits.InventoryItems, MaxFileSize: cfg.Limits.InventorySize})
	diags = append(diags, d...)
	if n, _ := diags.Count(); n > 0 {
		return nil, diags, ErrFailed
	}
	out := opts.Out
	if out == "" {
		out = DefaultSnapshots
	}
	if !filepath.IsAbs(out) {
		out = filepath.Join(project, out)
	}
	logf := func(format string, args ...any) {
		if opts.Log != nil {
			fmt.Fprintf(opts.Log, format+"\n", args...)
		}
	}
	sources := cfg.Sources
	if !hasType(sources, "web") {
		sources = append(sources, config.Source{Name: "web", Type: "web"})
	}
	if !hasType(sources, "eol") && hasComponents(inv) {
		sources = append(sources, config.Source{Name: "eol", Type: "eol"})
	}
	res := &Result{}
	for _, src := range sources {
		if opts.What != "all" && src.Type != opts.What && !strings.HasPrefix(src.Type, opts.What+"-") {
			continue
		}
		if opts.Only != "" && src.Name != opts.Only {
			continue
		}
		sr := SourceResult{Name: src.Name, Type: src.Type}
		switch src.Type {
		case "web":
			sr = pullWeb(ctx, src, inv, project, out, opts, logf)
		case "eol":
			sr = pullEOL(ctx, src, inv, out, opts, logf)
		case "confluence-cloud", "confluence-dc":
			sr = pullConfluence(ctx, src, out, opts, logf)
		case "m365":
			sr = pullGraph(ctx, src, out, opts, logf)
		}
		res.Sources = append(res.Sources, sr)
	}
	if len(res.Sources) == 0 {
		return nil, diags, fmt.Errorf("no source matches %q%s; sources: %s", opts.What, onlySuffix(opts.Only), names(sources))
	}
	return res, diags, nil
}

func hasType(sources []config.Source, t string) bool {
	for _, s := range sources {
		if s.Type == t {
			return true
		}
	}
	return false
}

func onlySuffix(only string) string {
	if only == "" {
		return ""
	}
	return " with --only " + only
}

func names(sources []config.Source) string {
	var n []string
	for _, s := range sources {
		n = append(n, s.Name+" ("+s.Type+")")
	}
	return strings.Join(n, ", ")
}

// pullWeb checks every website and webshop of the inventory and the
// source's extra checks, writes the snapshot and appends the history.
func pullWeb(ctx context.Context, src config.Source, inv *inventory.Inventory, project, out string, opts Options, logf func(string, ...any)) SourceResult {
	sr := SourceResult{Name: src.Name, Type: src.Type}
	var checks []web.Check
	for _, it := range inv.Items {
		if !src.SkipInventory && (it.Kind == "website" || it.Kind == "webshop") && it.URL != "" && it.Status != "retired" {
			checks = append(checks, web.Check{ID: it.ID, Name: it.Name, URL: it.URL, MaxResponse: src.MaxResponse})
		}
	}
	for _, c := range src.Checks {
		max := c.MaxResponse
		if max == 0 {
			max = src.MaxResponse
		}
		checks = append(checks, web.Check{ID: c.ID, Name: c.ID, URL: c.URL, HTTPURL: c.HTTPURL, Match: c.Match, MaxResponse: max})
	}
	sort.Slice(checks, func(i, j int) bool { return checks[i].ID < checks[j].ID })
	wopts := opts.Web
	if src.CAFile != "" {
		pool, err := trustedRoots(project, src.CAFile, wopts.Roots)
		if err != nil {
			sr.Err = err
			return sr
		}
		wopts.Roots = pool
	}
	if src.Concurrency > 0 {
		wopts.Concurrency = src.Concurrency
	}
	if len(src.ConnectTo) > 0 {
		wopts.ConnectTo = src.ConnectTo
	}
	if src.Timeout > 0 {
		wopts.Timeout = src.Timeout
	}
	now := opts.now()
	if wopts.Now == nil {
		wopts.Now = func() time.Time { return now }
	}
	logf("%s: checking %d sites", src.Name, len(checks))
	results := web.Run(ctx, checks, wopts)
	for _, r := range results {
		logf("  %s", r.Summary())
		if !r.Up {
			sr.Failed++
		}
	}
	sr.Items = len(results)
	if sr.Snapshot, sr.Err = writeSnapshot(out, src, opts.Version, fmt.Sprintf("%d sites", len(checks)), now, results); sr.Err != nil {
		return sr
	}
	if err := web.AppendHistory(filepath.Join(out, src.Name+"-history.jsonl"), results); err != nil {
		sr.Err = err
	}
	return sr
}

func hasComponents(inv *inventory.Inventory) bool {
	for _, it := range inv.Items {
		if len(it.Components) > 0 {
			return true
		}
	}
	return false
}

// pullEOL reads from endoflife.date the release cycles of every product
// the inventory's components name. A product it does not know is kept
// in the snapshot as unknown, and each component naming it is reported
// at its place in the inventory, with the product it most likely means.
func pullEOL(ctx context.Context, src config.Source, inv *inventory.Inventory, out string, opts Options, logf func(string, ...any)) SourceResult {
	sr := SourceResult{Name: src.Name, Type: src.Type}
	base := src.URL
	if base == "" {
		base = eol.DefaultBaseURL
	}
	u, err := url.Parse(base)
	if err != nil {
		sr.Err = fmt.Errorf("bad url %q: %v", base, err)
		return sr
	}
	var names []string
	for _, it := range inv.Items {
		for _, c := range it.Components {
			names = append(names, c.Name)
		}
	}
	c := &pull.Client{Source: src.Name, Host: u.Host, HTTP: opts.HTTP, Logf: logf, MaxConcurrent: src.Concurrency}
	logf("%s: reading %d products from %s", src.Name, len(slices.Compact(slices.Sorted(slices.Values(names)))), pull.Redact(base))
	products, err := eol.Pull(ctx, c, base, names)
	if err != nil {
		sr.Err = err
		return sr
	}
	var unknown []string
	for _, p := range products {
		if p.Unknown {
			unknown = append(unknown, p.Name)
		}
	}
	if len(unknown) > 0 {
		known, err := eol.Products(ctx, c, base)
		if err != nil {
			logf("%s: the list of products could not be read for suggestions: %v", src.Name, err)
		}
		for _, it := range inv.Items {
			for _, comp := range it.Components {
				if !slices.Contains(unknown, comp.Name) {
					continue
				}
				hint := "name the product as endoflife.date does (see https://endoflife.date)"
				if near, ok := suggest.Closest(comp.Name, known); ok {
					hint = "did you mean " + near + "?"
				}
				logf("%s:%d:%d: endoflife.date knows no product %q (item %s); %s", comp.Pos.Path, comp.Pos.Line, comp.Pos.Col, comp.Name, it.ID, hint)
			}
		}
	}
	sr.Items, sr.Failed = len(products), len(unknown)
	sr.Snapshot, sr.Err = writeSnapshot(out, src, opts.Version, pull.Redact(base), opts.now(), products)
	return sr
}

// pullConfluence pulls the spaces of a Confluence source. Credentials are
// read from the environment variables the source names.
func pullConfluence(ctx context.Context, src config.Source, out string, opts Options, logf func(string, ...any)) SourceResult {
	sr := SourceResult{Name: src.Name, Type: src.Type}
	cfg := confluence.Config{Name: src.Name, BaseURL: src.URL, Flavor: confluence.DataCenter}
	if src.Type == "confluence-cloud" {
		cfg.Flavor = confluence.Cloud
		if cfg.Email = os.Getenv(src.EmailEnv); cfg.Email == "" {
			sr.Err = fmt.Errorf("the environment variable %s (email_env) is not set", src.EmailEnv)
			return sr
		}
	}
	if cfg.Token = os.Getenv(src.TokenEnv); cfg.Token == "" {
		sr.Err = fmt.Errorf("the environment variable %s (token_env) is not set", src.TokenEnv)
		return sr
	}
	c, err := confluence.NewClient(cfg, logf)
	if err != nil {
		sr.Err = err
		return sr
	}
	c.HTTP = opts.HTTP
	c.MaxConcurrent = src.Concurrency
	start := time.Now()
	statePath := pull.StatePath(out, src.Name)
	// An incremental pull starts from the previous state and snapshot;
	// --full, a first pull, or either unreadable reads every space.
	var prev *confluence.Previous
	if !opts.Full {
		p := &confluence.Previous{}
		found, err := pull.ReadState(statePath, &p.State)
		if found && err == nil {
			found, err = pull.ReadSnapshotData(filepath.Join(out, src.Name+".json"), &p.Spaces)
		}
		if err != nil {
			logf("%s: %v; reading every space", src.Name, err)
		}
		if found && err == nil {
			prev = p
		}
	}
	logf("%s: pulling spaces from %s", src.Name, pull.Redact(src.URL))
	res, err := confluence.Pull(ctx, c, cfg, prev)
	if err != nil {
		sr.Err = err
		return sr
	}
	sr.Items = len(res.Spaces)
	logf("%s: %d spaces (%d read again) in %s, %s, %d warnings", src.Name, len(res.Spaces), res.Reread, time.Since(start).Round(time.Millisecond), requestSummary(c), len(res.Warnings))
	if sr.Snapshot, sr.Err = writeSnapshot(out, src, opts.Version, pull.Redact(src.URL), opts.now(), res.Spaces); sr.Err != nil {
		return sr
	}
	if err := pull.WriteState(statePath, res.State); err != nil {
		logf("%s: the pull state was not written (%v); the next pull reads every space", src.Name, err)
	}
	return sr
}

// pullGraph pulls a Microsoft 365 tenant through Graph with the app
// registration whose id and secret the source's variables hold. Unless
// opts.Full, it starts from the state the previous pull kept (delta
// links, sites' last modification) and the previous snapshot, so that
// only what changed is read again. Sites and teams that could not be
// read are recorded in the snapshot, and make the source fail at the end.
func pullGraph(ctx context.Context, src config.Source, out string, opts Options, logf func(string, ...any)) SourceResult {
	sr := SourceResult{Name: src.Name, Type: src.Type}
	cfg := graph.Config{Name: src.Name, Tenant: src.Tenant, GraphURL: src.GraphURL, LoginURL: src.LoginURL, HTTP: opts.HTTP, SkipSharingLinks: src.SkipSharingLinks}
	for _, v := range []struct {
		env, key string
		dst      *string
	}{{src.ClientIDEnv, "client_id_env", &cfg.ClientID}, {src.ClientSecretEnv, "client_secret_env", &cfg.ClientSecret}} {
		if *v.dst = os.Getenv(v.env); *v.dst == "" {
			sr.Err = fmt.Errorf("the environment variable %s (%s) is not set", v.env, v.key)
			return sr
		}
	}
	c, err := graph.NewClient(cfg, logf)
	if err != nil {
		sr.Err = err
		return sr
	}
	c.MaxConcurrent = src.Concurrency
	statePath := pull.StatePath(out, src.Name)
	var prevState *graph.State
	var prevSnap *pulldata.M365
	if !opts.Full {
		var st graph.State
		var snap pulldata.M365
		found, err := pull.ReadState(statePath, &st)
		if err != nil {
			logf("%s: %v", src.Name, err)
		}
		if found && err == nil {
			if ok, err := pull.ReadSnapshotData(filepath.Join(out, src.Name+".json"), &snap); ok && err == nil {
				prevState, prevSnap = &st, &snap
			} else if err != nil {
				logf("%s: %v; reading everything", src.Name, err)
			}
		}
	}
	start := time.Now()
	mode := "full"
	if prevState != nil {
		mode = "incremental"
	}
	logf("%s: pulling tenant %s (%s)", src.Name, src.Tenant, mode)
	snap, state, err := graph.Pull(ctx, c, cfg, prevState, prevSnap)
	if err != nil {
		sr.Err = err
		return sr
	}
	sr.Items = len(snap.Sites) + len(snap.Teams)
	logf("%s: %d sites, %d teams in %s, %s", src.Name, len(snap.Sites), len(snap.Teams), time.Since(start).Round(time.Millisecond), requestSummary(c))
	if sr.Snapshot, sr.Err = writeSnapshot(out, src, opts.Version, src.Tenant, opts.now(), snap); sr.Err != nil {
		return sr
	}
	if err := pull.WriteState(statePath, state); err != nil {
		logf("%s: the pull state was not kept (%v); the next pull reads everything", src.Name, err)
	}
	if sites, teams, first := snap.Failures(); sites+teams > 0 {
		sr.Failed = sites + teams
		sr.Err = fmt.Errorf("%d sites and %d teams could not be read (recorded in %s; the others were pulled); first: %s", sites, teams, sr.Snapshot, first)
	}
	return sr
}

// requestSummary says how many requests a source's pull sent and how
// often the service throttled it.
func requestSummary(c *pull.Client) string {
	st := c.Stats()
	return fmt.Sprintf("%d requests, %d throttled, %d retries", st.Requests, st.Throttled, st.Retries)
}

// trustedRoots returns the system's roots (or base) plus the certificates
// of the PEM file, read from inside the project.
func trustedRoots(project, file string, base *x509.CertPool) (*x509.CertPool, error) {
	root, err := os.OpenRoot(project)
	if err != nil {
		return nil, err
	}
	defer root.Close()
	pem, err := fs.ReadFile(root.FS(), filepath.ToSlash(filepath.Clean(file)))
	if err != nil {
		return nil, fmt.Errorf("ca_file %s: %v", file, err)
	}
	pool := base
	if pool == nil {
		if pool, err = x509.SystemCertPool(); err != nil || pool == nil {
			pool = x509.NewCertPool()
		}
	} else {
		pool = pool.Clone()
	}
	if !pool.AppendCertsFromPEM(pem) {
		return nil, fmt.Errorf("ca_file %s holds no PEM certificate", file)
	}
	return pool, nil
}

func (o Options) now() time.Time {
	if o.Now.IsZero() {
		return time.Now()
	}
	return o.Now
}

// writeSnapshot writes a source's data as <out>/<name>.json and returns the path.
func writeSnapshot(out string, src config.Source, version, from string, now time.Time, data any) (string, error) {
	path := filepath.Join(out, src.Name+".json")
	env := pulldata.Envelope{Source: src.Name, Type: src.Type, From: from, TakenAt: now, Handbook: "handbook " + version}
	return path, pull.WriteSnapshot(path, env, data)
}
