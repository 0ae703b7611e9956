// Command benchsearch measures handbook's search for `make bench-search`
// on a built corpus: the index's build time against the whole build's,
// its size, and the bytes a reader's browser downloads for 20 fixed
// queries, side by side with Pagefind indexing the same built HTML.
//
// Both searches run in a real headless Chromium with its cache disabled
// (every query is a first visit) against one local server that gzips
// text files as a web server would; the server counts the bytes of each
// response body. handbook's figure is its index files (metadata, the
// shards of the query's words, the snippets of the ten results shown)
// plus the whole site script, which holds the search code; Pagefind's is
// everything under pagefind/ that its API loads for a search and the
// data of ten results. Pagefind is installed with npm into a temporary
// folder and removed afterwards; it is never a dependency of handbook.
//
// Last, both answer the known-answer queries of the browser ranking test
// on the example manual: relevance, beside the bytes.
package main

import (
	"bytes"
	"compress/gzip"
	"context"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"
	"github.com/handbook-dev/handbook/internal/knownanswers"
)

// queries are the 20 fixed queries: words of the corpus's vocabulary,
// one to three words, English and Dutch, a prefix and a typo.
var queries = []string{
	"restore backup",
	"certificate renew",
	"guest sharing policy",
	"password rotate",
	"webshop checkout payment",
	"retention label archive",
	"incident outage",
	"database migration",
	"deploy release rollback",
	"monitor alert threshold",
	"audit review",
	"confidential",
	"beheer",
	"storing melden",
	"leverancier onderhoud",
	"hub navigation",
	"token secret",
	"nightly export",
	"naming convention",
	"certif",
}

func main() {
	site := flag.String("site", "", "the site project holding content/ (the corpus)")
	handbook := flag.String("handbook", "bin/handbook", "the handbook binary")
	runs := flag.Int("n", 3, "builds to time")
	pfVersion := flag.String("pagefind", "1.6.0", "the Pagefind version to install from npm; empty skips Pagefind")
	example := flag.String("example", ".", "the project holding the example manual (content/, inventory/) for the known-answer queries; empty skips them")
	flag.Parse()
	if *site == "" {
		fmt.Fprintln(os.Stderr, "usage: benchsearch -site DIR [-handbook bin/handbook] [-n 3] [-pagefind 1.6.0]")
		os.Exit(2)
	}
	public := filepath.Join(*site, "public")

	// 1. Builds: the whole build and the index's share of it.
	var whole, index []time.Duration
	var indexLine string
	for i := 0; i < *runs; i++ {
		out, err := exec.Command(*handbook, "build", "-C", *site).Output()
		check(err, "handbook build")
		w, ix, line := parseBuild(string(out))
		whole, index, indexLine = append(whole, w), append(index, ix), line
		fmt.Fprintf(os.Stderr, "build %d: %s, index %s\n", i+1, w, ix)
	}
	fmt.Printf("corpus: %s\n%s\n\n", *site, indexLine)
	fmt.Printf("| build (%d runs, medians) | time |\n|---|---|\n", *runs)
	fmt.Printf("| whole build | %s |\n| search index (search.Build) | %s |\n| index share of the build | **%.1f%%** |\n\n", median(whole).Round(time.Millisecond), median(index).Round(time.Millisecond), 100*float64(median(index))/float64(median(whole)))
	ours := sizeOf(filepath.Join(public, "search"), func(p string) bool { return !strings.HasSuffix(p, "index.html") })

	// 2. Pagefind on the same HTML.
	var theirs sizes
	var pfTime time.Duration
	pagefind := ""
	if *pfVersion != "" {
		tmp, err := os.MkdirTemp("", "pagefind-bench-")
		check(err, "temporary folder")
		defer os.RemoveAll(tmp)
		fmt.Fprintf(os.Stderr, "installing pagefind@%s into %s\n", *pfVersion, tmp)
		cmd := exec.Command("npm", "install", "--prefix", tmp, "--no-audit", "--no-fund", "--silent", "pagefind@"+*pfVersion)
		cmd.Stderr = os.Stderr
		check(cmd.Run(), "npm install pagefind")
		pagefind = filepath.Join(tmp, "node_modules", ".bin", "pagefind")
		start := time.Now()
		runPagefind(pagefind, public)
		pfTime = time.Since(start)
		theirs = sizeOf(filepath.Join(public, "pagefind"), func(string) bool { return true })
	}
	fmt.Printf("| index | files | bytes | gzipped |\n|---|---|---|---|\n")
	fmt.Printf("| handbook | %d | %s | %s |\n", ours.files, mb(ours.raw), mb(ours.gz))
	if theirs.files > 0 {
		fmt.Printf("| Pagefind %s (indexing took %s) | %d | %s | %s |\n", *pfVersion, pfTime.Round(time.Millisecond), theirs.files, mb(theirs.raw), mb(theirs.gz))
	}
	fmt.Println()

	// 3. Bytes per query in Chromium.
	srv := newServer(public)
	defer srv.Close()
	ctx, cancel := browser()
	defer cancel()
	check(chromedp.Run(ctx, network.Enable(), network.SetCacheDisabled(true)), "chromium")
	fmt.Printf("| query | handbook results | handbook bytes (gzip) | handbook bytes (raw) | Pagefind results | Pagefind bytes |\n|---|---|---|---|---|---|\n")
	var hb, hbRaw, pf []int
	for _, q := range queries {
		n, gz, raw := ourQuery(ctx, srv, q)
		hb, hbRaw = append(hb, gz), append(hbRaw, raw)
		pfCell, pfN := "–", "–"
		if theirs.files > 0 {
			count, b := pagefindQuery(ctx, srv, q)
			pf = append(pf, b)
			pfCell, pfN = kb(b), fmt.Sprint(count)
		}
		fmt.Printf("| `%s` | %s | %s | %s | %s | %s |\n", q, n, kb(gz), kb(hbRaw[len(hbRaw)-1]), pfN, pfCell)
	}
	fmt.Printf("| **median** | | **%s** | %s | | **%s** |\n", kb(medianInt(hb)), kb(medianInt(hbRaw)), kb(medianInt(pf)))
	fmt.Printf("| **max** | | **%s** | %s | | **%s** |\n", kb(maxInt(hb)), kb(maxInt(hbRaw)), kb(maxInt(pf)))
	if *example != "" {
		relevance(ctx, *example, *handbook, pagefind)
	}
}

func runPagefind(pagefind, public string) {
	cmd := exec.Command(pagefind, "--site", public, "--root-selector", "main")
	cmd.Stdout, cmd.Stderr = io.Discard, os.Stderr
	check(cmd.Run(), "pagefind")
}

// relevance builds the example manual and asks both searches the
// known-answer queries: is the expected page among the first three?
func relevance(ctx context.Context, example, handbook, pagefind string) {
	dir, err := os.MkdirTemp("", "benchsearch-example-")
	check(err, "temporary folder")
	defer os.RemoveAll(dir)
	for _, d := range []string{"content", "inventory", "data", "assets"} {
		check(os.CopyFS(filepath.Join(dir, d), os.DirFS(filepath.Join(example, d))), "copy the example")
	}
	cfg, err := os.ReadFile(filepath.Join(example, "handbook.yaml"))
	check(err, "read the example's handbook.yaml")
	check(os.WriteFile(filepath.Join(dir, "handbook.yaml"), cfg, 0o644), "copy the example's handbook.yaml")
	check(exec.Command(handbook, "build", "-C", dir, "--quiet").Run(), "build the example")
	public := filepath.Join(dir, "public")
	if pagefind != "" {
		runPagefind(pagefind, public)
	}
	srv := newServer(public)
	defer srv.Close()
	fmt.Printf("\nKnown-answer queries on the example manual (expected page in the top 3):\n\n| query | expected | handbook | Pagefind |\n|---|---|---|---|\n")
	var ours, theirs int
	for _, k := range knownanswers.Queries {
		var hrefs []string
		err := chromedp.Run(ctx,
			chromedp.Navigate(srv.URL+"/"+k.Site()+"search/?q="+url.QueryEscape(k.Query)),
			chromedp.WaitVisible(`#search-results .search-count, #search-results .search-empty`, chromedp.ByQuery),
			chromedp.Evaluate(`Array.from(document.querySelectorAll("#search-results .search-hit a")).slice(0, 3).map(a => a.getAttribute("href"))`, &hrefs),
		)
		check(err, "handbook query "+k.Query)
		a := rank(hrefs, k.Want)
		b := "–"
		if pagefind != "" {
			var urls []string
			err := chromedp.Run(ctx,
				chromedp.Navigate(srv.URL+"/__pagefind.html?n=3&q="+url.QueryEscape(k.Query)),
				chromedp.Poll(`window.done && window.done.urls`, &urls, chromedp.WithPollingTimeout(30*time.Second)),
			)
			check(err, "pagefind query "+k.Query)
			b = rank(urls, k.Site()+k.Want)
			if b != "no" {
				theirs++
			}
		}
		if a != "no" {
			ours++
		}
		fmt.Printf("| `%s` (%s) | %s | %s | %s |\n", k.Query, k.Why, k.Want, a, b)
	}
	fmt.Printf("| **found in the top 3** | | **%d of %d** | **%d of %d** |\n", ours, len(knownanswers.Queries), theirs, len(knownanswers.Queries))
}

// rank returns the position of want among the result links, or "no".
func rank(hrefs []string, want string) string {
	for i, h := range hrefs {
		h = strings.TrimLeft(strings.TrimPrefix(h, "../"), "/")
		if j := strings.IndexAny(h, "#?"); j >= 0 {
			h = h[:j]
		}
		if h == want {
			return fmt.Sprint(i + 1)
		}
	}
	return "no"
}

var (
	builtRE = regexp.MustCompile(`Built .* in ([0-9.]+[a-zµ]+)`)
	indexRE = regexp.MustCompile(`(Search index: .*), built in ([0-9.]+[a-zµ]+)`)
)

func parseBuild(out string) (whole, index time.Duration, line string) {
	b, i := builtRE.FindStringSubmatch(out), indexRE.FindStringSubmatch(out)
	if b == nil || i == nil {
		check(fmt.Errorf("unexpected output:\n%s", out), "handbook build")
	}
	whole, err := time.ParseDuration(b[1])
	check(err, "build time")
	index, err = time.ParseDuration(i[2])
	check(err, "index time")
	return whole, index, i[1]
}

type sizes struct {
	files   int
	raw, gz int64
}

func sizeOf(dir string, keep func(string) bool) sizes {
	var s sizes
	_ = filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !keep(p) {
			return err
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		s.files++
		s.raw += int64(len(data))
		s.gz += int64(len(gz(data)))
		return nil
	})
	return s
}

func gz(b []byte) []byte {
	var buf bytes.Buffer
	w := gzip.NewWriter(&buf)
	_, _ = w.Write(b)
	_ = w.Close()
	return buf.Bytes()
}

// server serves the built site, gzipping text files, and counts the
// body bytes sent for each path.
type server struct {
	*httptest.Server
	mu    sync.Mutex
	sent  map[string]int
	raw   map[string]int
	order []string
}

const harness = `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>pagefind</title></head><body><script type="module">
const q = new URLSearchParams(location.search).get("q");
const pagefind = await import("/pagefind/pagefind.js");
await pagefind.init();
const search = await pagefind.search(q);
const n = Number(new URLSearchParams(location.search).get("n") || 10);
const data = await Promise.all(search.results.slice(0, n).map(r => r.data()));
window.done = {count: search.results.length, urls: data.map(d => d.url)};
</script></body></html>`

func newServer(public string) *server {
	s := &server{sent: map[string]int{}, raw: map[string]int{}}
	files := http.FileServer(http.Dir(public))
	s.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/__pagefind.html" {
			w.Header().Set("Content-Type", "text/html")
			s.count(r.URL.Path, len(harness), len(harness))
			_, _ = io.WriteString(w, harness)
			return
		}
		rec := httptest.NewRecorder()
		files.ServeHTTP(rec, r)
		body := rec.Body.Bytes()
		for k, v := range rec.Header() {
			w.Header()[k] = v
		}
		raw := len(body)
		switch filepath.Ext(r.URL.Path) {
		case ".js", ".json", ".css", ".html", "":
			if strings.Contains(r.Header.Get("Accept-Encoding"), "gzip") && rec.Code == http.StatusOK {
				body = gz(body)
				w.Header().Set("Content-Encoding", "gzip")
				w.Header().Del("Content-Length")
			}
		}
		s.count(r.URL.Path, len(body), raw)
		w.WriteHeader(rec.Code)
		_, _ = w.Write(body)
	}))
	return s
}

func (s *server) count(path string, sent, raw int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.sent[path] += sent
	s.raw[path] += raw
	s.order = append(s.order, path)
}

func (s *server) reset() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.sent, s.raw, s.order = map[string]int{}, map[string]int{}, nil
}

// total sums the bytes sent for the paths keep accepts.
func (s *server) total(keep func(string) bool) (sent, raw int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for p, n := range s.sent {
		if keep(p) {
			sent += n
			raw += s.raw[p]
		}
	}
	return sent, raw
}

func ourQuery(ctx context.Context, s *server, q string) (results string, sent, raw int) {
	s.reset()
	var count string
	err := chromedp.Run(ctx,
		chromedp.Navigate(s.URL+"/search/?q="+url.QueryEscape(q)),
		chromedp.WaitVisible(`#search-results .search-count, #search-results .search-empty`, chromedp.ByQuery),
		chromedp.Text(`#search-results`, &count, chromedp.ByQuery),
	)
	check(err, "handbook query "+q)
	time.Sleep(200 * time.Millisecond) // let stray requests finish
	sent, raw = s.total(func(p string) bool {
		return (strings.HasPrefix(p, "/search/") && p != "/search/" && !strings.HasSuffix(p, "index.html")) || strings.HasPrefix(p, "/assets/main-")
	})
	if m := regexp.MustCompile(`(\d+) `).FindStringSubmatch(count); m != nil && !strings.Contains(count, "No results") {
		results = m[1]
	} else {
		results = "0"
	}
	return results, sent, raw
}

func pagefindQuery(ctx context.Context, s *server, q string) (count, sent int) {
	s.reset()
	var done struct {
		Count int `json:"count"`
	}
	err := chromedp.Run(ctx,
		chromedp.Navigate(s.URL+"/__pagefind.html?q="+url.QueryEscape(q)),
		chromedp.Poll(`window.done`, &done, chromedp.WithPollingTimeout(30*time.Second)),
	)
	check(err, "pagefind query "+q)
	time.Sleep(200 * time.Millisecond)
	sent, _ = s.total(func(p string) bool { return strings.HasPrefix(p, "/pagefind/") })
	return done.Count, sent
}

func browser() (context.Context, context.CancelFunc) {
	exe := os.Getenv("HANDBOOK_CHROMIUM")
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if exe != "" {
			break
		}
		if p, err := exec.LookPath(name); err == nil {
			exe = p
		}
	}
	if exe == "" {
		check(fmt.Errorf("no Chromium found (apt-get install chromium)"), "chromium")
	}
	dir, err := os.MkdirTemp("", "benchsearch-chromium-")
	check(err, "temporary folder")
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(exe), chromedp.NoSandbox, chromedp.DisableGPU,
		chromedp.Flag("disable-quic", true), chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true), chromedp.Flag("disable-sync", true),
		chromedp.UserDataDir(dir),
	)
	alloc, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancelCtx := chromedp.NewContext(alloc)
	ctx, cancelTimeout := context.WithTimeout(ctx, 10*time.Minute)
	return ctx, func() { cancelTimeout(); cancelCtx(); cancelAlloc(); os.RemoveAll(dir) }
}

func median(ds []time.Duration) time.Duration {
	s := append([]time.Duration(nil), ds...)
	sort.Slice(s, func(i, j int) bool { return s[i] < s[j] })
	return s[len(s)/2]
}

func medianInt(xs []int) int {
	if len(xs) == 0 {
		return 0
	}
	s := append([]int(nil), xs...)
	sort.Ints(s)
	return s[len(s)/2]
}

func maxInt(xs []int) int {
	m := 0
	for _, x := range xs {
		m = max(m, x)
	}
	return m
}

func kb(n int) string {
	if n == 0 {
		return "–"
	}
	return fmt.Sprintf("%.1f kB", float64(n)/1000)
}

func mb(n int64) string { return fmt.Sprintf("%.1f MB", float64(n)/1e6) }

func check(err error, what string) {
	if err != nil {
		fmt.Fprintf(os.Stderr, "benchsearch: %s: %v\n", what, err)
		os.Exit(1)
	}
}
