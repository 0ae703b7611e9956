package server

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"runtime/debug"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/handbook-dev/handbook/generator"
	"github.com/handbook-dev/handbook/generator/incremental"
)

// BenchmarkEditToReload measures what a writer waits for: the time from
// saving a page to the reload event on the server's event stream, on the
// project in $HANDBOOK_BENCH_SITE (make bench-serve points it at the
// 10,000-page corpus of ../shared/bench/gencorpus). Each iteration edits
// the body of another page; the median and 90th percentile are reported.
// The pages are restored afterwards.
func BenchmarkEditToReload(b *testing.B) {
	editToReload(b, func(orig []byte, i int) []byte {
		return fmt.Appendf(append([]byte(nil), orig...), "\nEdited in iteration %d.\n", i)
	})
}

// BenchmarkRetitleToReload is BenchmarkEditToReload for an edit of a
// page's title, which every page of its section shows in its sidebar.
func BenchmarkRetitleToReload(b *testing.B) {
	editToReload(b, func(orig []byte, i int) []byte {
		return titleLine.ReplaceAll(orig, fmt.Appendf(nil, "title: \"Retitled page %d\"", i))
	})
}

var titleLine = regexp.MustCompile(`(?m)^title: .*$`)

func editToReload(b *testing.B, edit func(orig []byte, i int) []byte) {
	dir := os.Getenv("HANDBOOK_BENCH_SITE")
	if dir == "" {
		b.Skip("set HANDBOOK_BENCH_SITE to a site project (make bench-serve does)")
	}
	var pages []string
	_ = filepath.WalkDir(filepath.Join(dir, "content"), func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() && strings.HasSuffix(p, ".md") && !strings.HasSuffix(p, "_index.md") && len(pages) < 4000 {
			pages = append(pages, p)
		}
		return nil
	})
	if len(pages) == 0 {
		b.Skipf("no pages in %s/content", dir)
	}
	// The handbook command runs with GOGC=400 while its heap is small (cmd/handbook/gc.go);
	// measure under the same collector setting.
	defer debug.SetGCPercent(debug.SetGCPercent(400))
	originals := map[string][]byte{}
	b.Cleanup(func() {
		for p, data := range originals {
			_ = os.WriteFile(p, data, 0o644)
		}
	})

	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	ready := make(chan string, 1)
	go func() {
		err := Run(ctx, Options{Session: incremental.NewSession(generator.Options{Dir: dir}), Project: dir, Addr: "127.0.0.1:0",
			Quiet: true, Stdout: io.Discard, Stderr: io.Discard, Ready: func(a string) { ready <- a }})
		if err != nil {
			b.Error(err)
		}
	}()
	var addr string
	select {
	case addr = <-ready:
	case <-time.After(5 * time.Minute):
		b.Fatal("the first build did not finish")
	}
	req, _ := http.NewRequestWithContext(ctx, http.MethodGet, "http://"+addr+EventsPath, nil)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		b.Fatal(err)
	}
	defer resp.Body.Close()
	events := bufio.NewReader(resp.Body)
	next := func() string {
		for {
			line, err := events.ReadString('\n')
			if err != nil {
				b.Fatal(err)
			}
			if strings.HasPrefix(line, "event: ") {
				return strings.TrimSpace(strings.TrimPrefix(line, "event: "))
			}
		}
	}
	if e := next(); e != "ok" {
		b.Fatalf("first event %q", e)
	}

	var lat []time.Duration
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		p := pages[(i*7919)%len(pages)]
		if _, ok := originals[p]; !ok {
			data, err := os.ReadFile(p)
			if err != nil {
				b.Fatal(err)
			}
			originals[p] = data
		}
		edited := edit(originals[p], i)
		start := time.Now()
		if err := os.WriteFile(p, edited, 0o644); err != nil {
			b.Fatal(err)
		}
		for {
			e := next()
			if e == "reload" {
				break
			}
			if e == "failure" {
				b.Fatalf("the edit of %s failed the build", p)
			}
		}
		lat = append(lat, time.Since(start))
	}
	b.StopTimer()
	sort.Slice(lat, func(i, j int) bool { return lat[i] < lat[j] })
	b.ReportMetric(float64(lat[len(lat)/2].Microseconds())/1000, "ms-median")
	b.ReportMetric(float64(lat[len(lat)*9/10].Microseconds())/1000, "ms-p90")
}
