package browser

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/handbook-dev/handbook/generator"
	"github.com/handbook-dev/handbook/generator/server"
)

// A pageKind is one kind of page a reader meets, at a URL of the bundled
// example manual (or, for the version diff, of the two-version site).
// The readers' tests (phone widths, axe-core, screenshots) run over all of
// them, so a page kind added to handbook is added here once.
type pageKind struct {
	Name string
	// Path is below the served root; it may carry a query (search).
	Path string
	// Versioned pages come from the two-version site, not the example.
	Versioned bool
	// Ready is a CSS selector that is visible once the page is usable
	// (scripts have run); "main h1" when empty.
	Ready string
}

// pageKinds lists every page kind of issue 16's proof.
var pageKinds = []pageKind{
	{Name: "home", Path: "/"},
	{Name: "section", Path: "/confluence/"},
	{Name: "procedure", Path: "/confluence/create-a-space/"},
	{Name: "runbook", Path: "/website/runbooks/certificate-expired/"},
	{Name: "dutch-page", Path: "/nl/staff/report-a-problem/"},
	{Name: "incident-list", Path: "/incidents/log/"},
	{Name: "incident-record", Path: "/incidents/log/registrar-dns-outage/"},
	{Name: "change-log", Path: "/changes-log/"},
	{Name: "change-record", Path: "/changes-log/dns-ttl-300/"},
	{Name: "inventory-list", Path: "/inventory/", Ready: ".table-filter input"},
	{Name: "inventory-item", Path: "/inventory/web-shop/"},
	{Name: "provider", Path: "/inventory/hostned/"},
	{Name: "provider-request", Path: "/website/requests/ov-certificate-load-balancer/"},
	{Name: "hierarchy", Path: "/inventory/hierarchy/"},
	{Name: "audit-dashboard", Path: "/audit/"},
	{Name: "audit-rule", Path: "/audit/item-min-owners/"},
	{Name: "owner-page", Path: "/audit/owners/m-jansen-at-lakeside-logistics-example/"},
	{Name: "software-lifecycle", Path: "/audit/software/"},
	{Name: "status", Path: "/status/"},
	{Name: "site-changes", Path: "/changes/"},
	{Name: "search-results", Path: "/search/?q=guest+access", Ready: ".search-results .search-hit"},
	{Name: "tags", Path: "/tags/"},
	{Name: "tag", Path: "/tags/access/"},
	{Name: "print-section", Path: "/confluence/print.html"},
	{Name: "not-found", Path: "/no/such/page/"},
	{Name: "version-diff", Path: "/changes/2025/", Versioned: true},
	{Name: "version-page-diff", Path: "/changes/2025/pages/sharepoint/restore/", Versioned: true},
}

// kindByName is the page kind called name, waiting for "main h1" when
// it names nothing else to wait for.
func kindByName(t *testing.T, name string) pageKind {
	for _, k := range pageKinds {
		if k.Name == name {
			if k.Ready == "" {
				k.Ready = "main h1"
			}
			return k
		}
	}
	t.Fatalf("no page kind %s", name)
	return pageKind{}
}

// exampleNow is the date the example is built at in these tests, so that
// what is due, overdue or expired does not move with the calendar.
var exampleNow = time.Date(2026, 11, 2, 9, 0, 0, 0, time.UTC)

// sites serves the whole bundled example (content, inventory, snapshots
// and handbook.yaml, as `make site` builds it) and the two-version site,
// each built once per test run and shared by the tests that read them.
type sites struct {
	once      sync.Once
	err       error
	dir       string
	example   *httptest.Server
	versioned *httptest.Server
}

var shared sites

// served returns the base URLs of the example and the versioned site.
func served(t *testing.T) (example, versioned string) {
	t.Helper()
	chromium(t) // skip before building when there is no browser
	shared.once.Do(func() {
		// A t.Fatal inside start ends the goroutine; the other tests
		// then see this error instead of a nil server.
		shared.err = fmt.Errorf("building the shared sites failed in %s", t.Name())
		shared.err = shared.start(t)
	})
	if shared.err != nil {
		t.Fatal(shared.err)
	}
	return shared.example.URL, shared.versioned.URL
}

// url is the address of a page kind.
func (k pageKind) url(example, versioned string) string {
	if k.Versioned {
		return versioned + k.Path
	}
	return example + k.Path
}

func (s *sites) start(t *testing.T) error {
	dir, err := os.MkdirTemp("", "handbook-pagekinds-")
	if err != nil {
		return err
	}
	s.dir = dir
	ex := filepath.Join(dir, "example")
	if err := copyExample(ex); err != nil {
		return err
	}
	// The site's change log reads Git history: one commit of the example.
	for _, args := range [][]string{{"init", "-q", "-b", "main"}, {"add", "-A"}, {"commit", "-q", "-m", "Example manual"}} {
		cmd := exec.Command("git", append([]string{"-C", ex}, args...)...)
		cmd.Env = append(os.Environ(), "GIT_AUTHOR_NAME=Web Ops", "GIT_AUTHOR_EMAIL=web-ops@example.com", "GIT_COMMITTER_NAME=Web Ops",
			"GIT_COMMITTER_EMAIL=web-ops@example.com", "GIT_AUTHOR_DATE=2026-10-30T10:00:00Z", "GIT_COMMITTER_DATE=2026-10-30T10:00:00Z")
		if out, err := cmd.CombinedOutput(); err != nil {
			return fmt.Errorf("git %v: %v\n%s", args, err, out)
		}
	}
	if res, err := generator.Build(context.Background(), generator.Options{Dir: ex, Now: exampleNow}); err != nil {
		return fmt.Errorf("building the example: %v %v", err, res.Diagnostics)
	}
	s.example = httptest.NewServer(server.Handler(filepath.Join(ex, "public")))
	s.versioned = httptest.NewServer(server.Handler(versionedSiteAt(t, filepath.Join(dir, "versioned"))))
	return nil
}

func (s *sites) stop() {
	if s.example != nil {
		s.example.Close()
	}
	if s.versioned != nil {
		s.versioned.Close()
	}
	if s.dir != "" {
		os.RemoveAll(s.dir)
	}
}

func TestMain(m *testing.M) {
	code := m.Run()
	shared.stop()
	os.Exit(code)
}

// TestPageKindsServed checks the list itself: every page kind answers
// (the 404 page with its status) and has a heading, so the readers' tests
// never pass by looking at an error page.
func TestPageKindsServed(t *testing.T) {
	example, versioned := served(t)
	for _, k := range pageKinds {
		resp, err := http.Get(k.url(example, versioned))
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		want := http.StatusOK
		if k.Name == "not-found" {
			want = http.StatusNotFound
		}
		if resp.StatusCode != want || !strings.Contains(string(body), "<h1") {
			t.Errorf("%s (%s): status %d, heading %v", k.Name, k.Path, resp.StatusCode, strings.Contains(string(body), "<h1"))
		}
	}
}
