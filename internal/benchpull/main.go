// Command benchpull measures handbook pull against the fake tenant at
// scale (internal/fakeplatform/scale) for `make bench-pull`: it serves
// the tenant on loopback, writes a temporary project whose m365 and
// confluence-cloud sources point at it, pulls each source once (the
// first pull), switches the tenant to state B (about 1% of the items
// changed in about 1% of the sites, a few teams and spaces), pulls
// again (the incremental pull), and prints for each run the wall time,
// the requests the tenant received (each request inside a $batch on its
// own), the 429s it sent, the pull process's peak RSS, and the ratio of
// incremental to first requests.
//
//	go run ./internal/benchpull -handbook bin/handbook -scale 0.1
package main

import (
	"bytes"
	"flag"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"text/tabwriter"
	"time"

	"github.com/handbook-dev/handbook/internal/fakeplatform/scale"
)

// run is one pull of one source.
type run struct {
	phase, source       string
	wall                time.Duration
	requests, throttled int64
	batches             int64
	peakRSS             int64 // bytes
	err                 error
	log                 string
}

func main() {
	handbook := flag.String("handbook", "bin/handbook", "the handbook binary to measure")
	factor := flag.Float64("scale", 1, "the tenant's counts times this factor (1: 10,000 sites, 200,000 items, 2,000 teams, 500 spaces)")
	rps := flag.Int("rps", 50, "requests a second per app above which the tenant answers 429 (0: never)")
	concurrency := flag.Int("concurrency", 0, "the sources' concurrency: key (0: leave it out, the pull's default)")
	faults := flag.Bool("faults", true, "a few sites answer 423/403 and a few teams 404, as in a real tenant (the issue's point 14)")
	keep := flag.Bool("keep", false, "keep the temporary project (snapshots, state, pull logs)")
	timeout := flag.Duration("timeout", 2*time.Hour, "give up on a pull after this long")
	flag.Parse()
	bin, err := filepath.Abs(*handbook)
	if err == nil {
		_, err = os.Stat(bin)
	}
	if err != nil {
		fatalf("the handbook binary: %v (make build first)", err)
	}

	cfg := scale.Default().Scaled(*factor)
	cfg.RPS, cfg.Faults = *rps, *faults
	tenant := scale.New(cfg)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		fatalf("listen: %v", err)
	}
	go func() { _ = http.Serve(ln, tenant.Handler()) }()
	addr := "http://" + ln.Addr().String()

	dir, err := os.MkdirTemp("", "handbook-bench-pull-")
	if err != nil {
		fatalf("%v", err)
	}
	if !*keep {
		defer os.RemoveAll(dir)
	}
	conc := ""
	if *concurrency > 0 {
		conc = fmt.Sprintf("    concurrency: %d\n", *concurrency)
	}
	yaml := "# handbook.yaml of make bench-pull: both sources point at the fake tenant at scale.\nsources:\n" +
		"  - name: m365\n    type: m365\n    tenant: " + cfg.TenantDomain + "\n    client_id_env: BENCH_GRAPH_CLIENT_ID\n    client_secret_env: BENCH_GRAPH_CLIENT_SECRET\n" +
		"    graph_url: " + addr + "\n    login_url: " + addr + "\n" + conc +
		"  - name: confluence\n    type: confluence-cloud\n    url: " + addr + "\n    email_env: BENCH_CONFLUENCE_EMAIL\n    token_env: BENCH_CONFLUENCE_API_TOKEN\n" + conc
	if err := os.WriteFile(filepath.Join(dir, "handbook.yaml"), []byte(yaml), 0o644); err != nil {
		fatalf("%v", err)
	}
	env := append(os.Environ(), "BENCH_GRAPH_CLIENT_ID="+cfg.ClientID, "BENCH_GRAPH_CLIENT_SECRET="+cfg.ClientSecret,
		"BENCH_CONFLUENCE_EMAIL="+cfg.Email, "BENCH_CONFLUENCE_API_TOKEN="+cfg.APIToken)

	fmt.Printf("bench-pull: %s against the fake tenant on %s: %d sites (+%d OneDrives), %d drive items, %d teams, %d spaces, 429 above %d requests/s per app, faults %v\n",
		*handbook, addr, cfg.Sites, cfg.PersonalSites, cfg.Items, cfg.Teams, cfg.Spaces, cfg.RPS, cfg.Faults)
	var runs []run
	pull := func(phase, source string) {
		tenant.ResetCounters()
		r := run{phase: phase, source: source, log: filepath.Join(dir, phase+"-"+source+".log")}
		logf, err := os.Create(r.log)
		if err != nil {
			fatalf("%v", err)
		}
		cmd := exec.Command(bin, "pull", source, "-C", dir)
		cmd.Env, cmd.Stdout, cmd.Stderr = env, logf, logf
		fmt.Printf("  %s pull of %s ...\n", phase, source)
		start := time.Now()
		if err := cmd.Start(); err != nil {
			fatalf("%v", err)
		}
		timer := time.AfterFunc(*timeout, func() { _ = cmd.Process.Kill() })
		r.err = cmd.Wait()
		timer.Stop()
		r.wall = time.Since(start)
		logf.Close()
		if ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok {
			r.peakRSS = ru.Maxrss * 1024 // kilobytes on Linux
		}
		c := tenant.Counters()
		if source == "m365" {
			r.requests, r.throttled, r.batches = c.GraphRequests, c.GraphThrottled, c.GraphBatches
		} else {
			r.requests, r.throttled = c.ConfluenceRequests, c.ConfluenceThrottled
		}
		runs = append(runs, r)
	}
	for _, src := range []string{"m365", "confluence"} {
		pull("first", src)
	}
	tenant.SetState(scale.StateB)
	for _, src := range []string{"m365", "confluence"} {
		pull("incremental", src)
	}
	failed := report(os.Stdout, runs, cfg)
	if *keep {
		fmt.Printf("project, snapshots and pull logs kept in %s\n", dir)
	}
	if failed {
		os.Exit(1)
	}
}

// report prints the table and the goals of the issue; it says whether a
// pull failed.
func report(w *os.File, runs []run, cfg scale.Config) bool {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "run\tsource\twall\trequests\t$batch\t429s\tpeak RSS\tresult\t")
	failed := false
	first := map[string]int64{}
	var firstAll, incrAll int64
	for _, r := range runs {
		result := "ok"
		if r.err != nil {
			failed = true
			result = "FAILED (" + r.err.Error() + ")"
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%d\t%d\t%d\t%.1f MiB\t%s\t\n", r.phase, r.source, r.wall.Round(100*time.Millisecond), r.requests, r.batches, r.throttled, float64(r.peakRSS)/(1<<20), result)
		if r.phase == "first" {
			first[r.source] = r.requests
			firstAll += r.requests
		} else {
			incrAll += r.requests
		}
	}
	tw.Flush()
	var ratios []string
	for _, r := range runs {
		if r.phase == "incremental" && first[r.source] > 0 {
			ratios = append(ratios, fmt.Sprintf("%s %.1f%%", r.source, 100*float64(r.requests)/float64(first[r.source])))
		}
	}
	if firstAll > 0 {
		ratios = append(ratios, fmt.Sprintf("both %.1f%%", 100*float64(incrAll)/float64(firstAll)))
	}
	fmt.Fprintf(w, "incremental/first requests: %s (goal: at most 10%%)\n", strings.Join(ratios, ", "))
	var peak int64
	for _, r := range runs {
		peak = max(peak, r.peakRSS)
	}
	fmt.Fprintf(w, "peak RSS of any pull: %.1f MiB (goal: under 500 MiB at scale 1)\n", float64(peak)/(1<<20))
	for _, r := range runs {
		if r.err != nil {
			fmt.Fprintf(w, "\n%s pull of %s failed; the end of its log:\n%s", r.phase, r.source, tail(r.log, 12))
		}
	}
	return failed
}

// tail is the last n lines of a file.
func tail(path string, n int) string {
	data, err := os.ReadFile(path)
	if err != nil {
		return err.Error() + "\n"
	}
	lines := bytes.Split(bytes.TrimRight(data, "\n"), []byte("\n"))
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return "  " + string(bytes.Join(lines, []byte("\n  "))) + "\n"
}

func fatalf(format string, args ...any) {
	fmt.Fprintf(os.Stderr, "benchpull: "+format+"\n", args...)
	os.Exit(2)
}
