package generator

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/handbook-dev/handbook/generator/internal/testsite"
	"github.com/handbook-dev/handbook/generator/pull"
	"github.com/handbook-dev/handbook/generator/pulldata"
)

func git(t *testing.T, dir string, args ...string) {
	t.Helper()
	testsite.Git(t, dir, args...)
}

// commitSnapshot writes a snapshot taken at when and commits it then.
func commitSnapshot(t *testing.T, dir string, env pulldata.Envelope, data any, when string) {
	t.Helper()
	env.TakenAt, _ = time.Parse(time.RFC3339, when)
	env.Handbook = "test"
	if err := pull.WriteSnapshot(filepath.Join(dir, "data", "snapshots", env.Source+".json"), env, data); err != nil {
		t.Fatal(err)
	}
	git(t, dir, "add", "-A")
	cmd := exec.Command("git", "-C", dir, "commit", "-q", "-m", "pull")
	cmd.Env = append(os.Environ(), "GIT_AUTHOR_NAME=t", "GIT_AUTHOR_EMAIL=t@example.org", "GIT_COMMITTER_NAME=t", "GIT_COMMITTER_EMAIL=t@example.org", "GIT_COMMITTER_DATE="+when, "GIT_AUTHOR_DATE="+when)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("%v %s", err, out)
	}
}

func TestInventoryChangeLogOfSites(t *testing.T) {
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("no git")
	}
	dir := testsite.Write(t, map[string]string{
		"content/_index.md":         "Home.\n",
		"inventory/sharepoint.yaml": "- {id: sp-leg, kind: sharepoint-site, name: LEG - Contracts, url: 'https://x.sharepoint.com/sites/leg', owners: [a, b]}\n",
	})
	git(t, dir, "init", "-q")
	env := pulldata.Envelope{Source: "m365", Type: "m365"}
	site := pulldata.Site{ID: "s1", Name: "LEG - Contracts", URL: "https://x.sharepoint.com/sites/leg", ExternalSharing: "disabled", Drives: []pulldata.Drive{}}
	commitSnapshot(t, dir, env, pulldata.M365{Sites: []pulldata.Site{site, {ID: "s2", Name: "Old", URL: "https://x.sharepoint.com/sites/old"}}}, "2026-11-01T08:00:00Z")
	site.ExternalSharing = "anyone"
	site.SharedItems = []pulldata.SharedItem{{Drive: "Documents", Path: "/Signed/Framework.pdf", Links: []pulldata.SharingLink{{Scope: "anonymous", Type: "view"}}}}
	commitSnapshot(t, dir, env, pulldata.M365{Sites: []pulldata.Site{site}}, "2026-11-20T08:00:00Z")
	// The next pull could not read the site (locked): its shared items
	// are unknown, not removed.
	locked := pulldata.Site{ID: "s1", Name: "LEG - Contracts", URL: "https://x.sharepoint.com/sites/leg", Drives: []pulldata.Drive{}, Error: "423 Locked"}
	commitSnapshot(t, dir, env, pulldata.M365{Sites: []pulldata.Site{locked}}, "2026-11-21T08:00:00Z")
	if res, err := Build(context.Background(), Options{Dir: dir, Now: fixedNow}); err != nil {
		t.Fatal(err, res.Diagnostics)
	}
	page, _ := os.ReadFile(filepath.Join(dir, "public", "inventory", "changes", "index.html"))
	for _, want := range []string{"site LEG - Contracts: sharing in use disabled → anyone", "site LEG - Contracts: shared item Documents/Signed/Framework.pdf added", "site Old (https://x.sharepoint.com/sites/old) disappeared"} {
		if !strings.Contains(string(page), want) {
			t.Errorf("change log lacks %q", want)
		}
	}
	if strings.Contains(string(page), "Framework.pdf removed") {
		t.Errorf("a site the pull could not read lost its shared items in the change log")
	}
}

func TestInventoryChangeLog(t *testing.T) {
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("no git")
	}
	dir := testsite.Write(t, map[string]string{
		"content/_index.md":         "Home.\n",
		"inventory/confluence.yaml": "- {id: conf-ops, kind: confluence-space, name: Ops, key: OPS, owners: [a, b]}\n",
	})
	write := func(spaces []pulldata.Space, when string) {
		commitSnapshot(t, dir, pulldata.Envelope{Source: "confluence", Type: "confluence-cloud"}, spaces, when)
	}
	git(t, dir, "init", "-q")
	write([]pulldata.Space{{Key: "OPS", Name: "Ops", Status: "current", Admins: []string{"ops-admins"}}, {Key: "OLD", Name: "Old", Status: "current"}}, "2026-11-01T08:00:00Z")
	write([]pulldata.Space{{Key: "OPS", Name: "Ops", Status: "current", Admins: []string{"ops-admins", "jan"}, Anonymous: true}, {Key: "NEW", Name: "New", Status: "current"}}, "2026-11-20T08:00:00Z")
	res, err := Build(context.Background(), Options{Dir: dir, Now: fixedNow})
	if err != nil {
		t.Fatal(err, res.Diagnostics)
	}
	page, _ := os.ReadFile(filepath.Join(dir, "public", "inventory", "changes", "index.html"))
	for _, want := range []string{"2026-11-20", "space NEW (New) appeared", "space OLD (Old) disappeared", "space OPS: anonymous access granted", "space OPS: administrator jan added"} {
		if !strings.Contains(string(page), want) {
			t.Errorf("change log lacks %q", want)
		}
	}
	data, _ := os.ReadFile(filepath.Join(dir, "public", "inventory", "changes", "atom.xml"))
	checkAtom(t, data, 4)
	if !strings.Contains(string(data), "<updated>2026-11-20T08:00:00Z</updated>") {
		t.Errorf("the feed's updated is not the newest change:\n%s", data)
	}
}

// TestInventoryChangeLogPerVersion: an older version built from a tag
// lists the inventory changes up to its commit, the latest all of them.
func TestInventoryChangeLogPerVersion(t *testing.T) {
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("no git")
	}
	dir := testsite.Write(t, map[string]string{
		"content/_index.md":         "Home.\n",
		"inventory/confluence.yaml": "- {id: conf-ops, kind: confluence-space, name: Ops, key: OPS, owners: [a, b]}\n",
		".gitignore":                "public/\n.handbook-cache/\n",
	})
	git(t, dir, "init", "-q")
	write := func(spaces []pulldata.Space, when string) {
		commitSnapshot(t, dir, pulldata.Envelope{Source: "confluence", Type: "confluence-cloud"}, spaces, when)
	}
	write([]pulldata.Space{{Key: "OPS", Name: "Ops", Status: "current"}}, "2026-10-01T08:00:00Z")
	write([]pulldata.Space{{Key: "OPS", Name: "Ops", Status: "archived"}}, "2026-10-10T08:00:00Z")
	git(t, dir, "tag", "v1")
	write([]pulldata.Space{{Key: "OPS", Name: "Ops", Status: "archived"}, {Key: "HR", Name: "People"}}, "2026-10-20T08:00:00Z")
	writeIn(t, dir, "handbook.yaml", "title: T\nversions:\n  - {name: v2, latest: true}\n  - {name: v1, ref: v1}\n")
	for _, opts := range []Options{{Dir: dir, Now: fixedNow}, {Dir: dir, Now: fixedNow, NoCache: true}} {
		buildInto(t, opts)
		latest := readFile(t, dir, "public/inventory/changes/index.html")
		old := readFile(t, dir, "public/v1/inventory/changes/index.html")
		for _, c := range []struct {
			page, text string
			want       bool
		}{{latest, "People", true}, {latest, "current → archived", true}, {old, "current → archived", true}, {old, "People", false}} {
			if strings.Contains(c.page, c.text) != c.want {
				t.Errorf("no cache %v: inventory change log mentions %q: %v, want %v", opts.NoCache, c.text, !c.want, c.want)
			}
		}
	}
}
