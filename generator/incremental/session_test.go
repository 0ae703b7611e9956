package incremental

import (
	"bytes"
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/handbook-dev/handbook/generator"
	"github.com/handbook-dev/handbook/generator/diag"
	"github.com/handbook-dev/handbook/generator/internal/testsite"
)

// sessionSite is a small project whose pages link to each other's
// headings, so that a body edit can change another page's findings.
var sessionSite = map[string]string{
	"content/_index.md":            "---\ntitle: Home\n---\nSee [the guide](guide/).\n",
	"content/top.md":               "---\ntitle: Top\n---\nA page at the top level.\n",
	"content/guide/_index.md":      "---\ntitle: Guide\n---\nThe guide.\n",
	"content/guide/restore.md":     "---\ntitle: Restore\nowner: ops\ntags: [sp]\nitems: [hr]\n---\n## Steps\n\nRestore it.\n",
	"content/guide/backup.md":      "---\ntitle: Backup\nowner: ops\ntags: [sp]\n---\nThen [restore](restore.md#steps).\n",
	"content/guide/deep/_index.md": "---\ntitle: Deep\n---\nDeeper.\n",
	"content/guide/deep/x.md":      "---\ntitle: X\n---\nSee [backup](../backup.md).\n\n--8<-- \"../../includes/prereq.md\"\n",
	"content/includes/prereq.md":   "You need [the backup](../guide/backup.md) first.\n",
	"content/other/_index.md":      "Other.\n",
	"content/other/deep/note.md":   "---\ntitle: Note\n---\nA note.\n",
	"content/other/failover.md":    "---\ntitle: Failover\nkind: runbook\n---\n## Steps\n\nFail over.\n",
	"content/other/patch.md":       "---\ntitle: Patch\nkind: change\nplanned: 2026-11-20 06:00\ndone: 2026-11-20 06:40\nstatus: done\n---\n## Steps\n\nPatch it.\n",
	"content/other/ticket.md":      "---\ntitle: Ticket\nkind: request\nprovider: hostned\npriority: P3\nopened: 2026-11-19 09:00\nchange: patch.md\n---\nAsked.\n",
	"inventory/items.yaml":         "- {id: hr, kind: team, name: HR, owners: [a@example.org, b@example.org]}\n- {id: hostned, kind: provider, name: HostNed, owners: [a@example.org, b@example.org], sla: {P3: 4h/3d}}\n",
}

func TestSessionIncrementalMatchesFullBuild(t *testing.T) {
	tests := []struct {
		name        string
		edit        map[string]string // content files to write; "" removes
		incremental bool
		failed      bool
		changed     []string // output paths that must be among the changed
	}{
		{"body edit", map[string]string{"guide/restore.md": "---\ntitle: Restore\nowner: ops\ntags: [sp]\nitems: [hr]\n---\n## Steps\n\nRestore it from the recycle bin.\n"},
			true, false, []string{"guide/restore/index.html", "guide/print.html", "print.html"}},
		{"removing a heading breaks another page's link", map[string]string{"guide/restore.md": "---\ntitle: Restore\nowner: ops\ntags: [sp]\nitems: [hr]\n---\n## Procedure\n\nRestore it.\n"},
			true, false, []string{"guide/restore/index.html", "guide/backup/index.html", "audit/index.html"}},
		{"a runbook's new section reaches the audit", map[string]string{"other/failover.md": "---\ntitle: Failover\nkind: runbook\n---\n## Steps\n\nFail over.\n\n## Rollback\n\nFail back.\n"},
			true, false, []string{"other/failover/index.html", "audit/runbook-sections/index.html"}},
		{"a change's rollback section reaches the change log and the audit", map[string]string{"other/patch.md": "---\ntitle: Patch\nkind: change\nplanned: 2026-11-20 06:00\ndone: 2026-11-20 06:40\nstatus: done\n---\n## Steps\n\nPatch it.\n\n## Rollback\n\nUndo it.\n"},
			true, false, []string{"other/patch/index.html", "changes-log/index.html", "audit/change-no-rollback/index.html"}},
		{"a change's status edit reaches the change log", map[string]string{"other/patch.md": "---\ntitle: Patch\nkind: change\nplanned: 2026-11-20 06:00\nstatus: planned\n---\n## Steps\n\nPatch it.\n"},
			true, false, []string{"other/patch/index.html", "changes-log/index.html"}},
		{"a change's title edit reaches the change log", map[string]string{"other/patch.md": "---\ntitle: Patch the farm\nkind: change\nplanned: 2026-11-20 06:00\ndone: 2026-11-20 06:40\nstatus: done\n---\n## Steps\n\nPatch it.\n"},
			true, false, []string{"other/patch/index.html", "changes-log/index.html"}},
		{"a request answered and closed reaches its provider, the change it serves and the change log", map[string]string{"other/ticket.md": "---\ntitle: Ticket\nkind: request\nprovider: hostned\npriority: P3\nopened: 2026-11-19 09:00\nanswered: 2026-11-19 10:00\nclosed: 2026-11-20 16:00\nchange: patch.md\n---\nAsked.\n"},
			true, false, []string{"other/ticket/index.html", "inventory/hostned/index.html", "other/patch/index.html", "changes-log/index.html", "audit/index.html"}},
		{"a change's title edit reaches the request serving it", map[string]string{"other/patch.md": "---\ntitle: Patch the farm\nkind: change\nplanned: 2026-11-20 06:00\ndone: 2026-11-20 06:40\nstatus: done\n---\n## Steps\n\nPatch it.\n"},
			true, false, []string{"other/ticket/index.html", "changes-log/index.html"}},
		{"template params are page-local", map[string]string{"guide/restore.md": "---\ntitle: Restore\nowner: ops\ntags: [sp]\nitems: [hr]\nsystem: SharePoint\n---\n## Steps\n\nRestore it.\n"},
			true, false, nil},
		{"two pages at once", map[string]string{"guide/restore.md": "---\ntitle: Restore\nowner: ops\ntags: [sp]\nitems: [hr]\n---\n## Steps\n\nOne.\n", "other/deep/note.md": "---\ntitle: Note\n---\nTwo.\n"},
			true, false, []string{"guide/restore/index.html", "other/deep/note/index.html", "other/print.html"}},
		{"a title change renders the pages that show it", map[string]string{"guide/restore.md": "---\ntitle: Restore a site\nowner: ops\ntags: [sp]\nitems: [hr]\n---\n## Steps\n\nRestore it.\n"},
			true, false, []string{"guide/restore/index.html", "guide/backup/index.html", "guide/deep/x/index.html", "guide/index.html", "tags/sp/index.html", "inventory/hr/index.html", "guide/print.html"}},
		{"a weight change reorders", map[string]string{"guide/restore.md": "---\ntitle: Restore\nowner: ops\ntags: [sp]\nitems: [hr]\nweight: 1\n---\n## Steps\n\nRestore it.\n"},
			true, false, []string{"guide/index.html", "sitemap.xml"}},
		{"an owner change reaches the audit", map[string]string{"guide/restore.md": "---\ntitle: Restore\nowner: someone-else\ntags: [sp]\nitems: [hr]\n---\n## Steps\n\nRestore it.\n"},
			true, false, []string{"guide/restore/index.html", "audit/owners/someone-else/index.html"}},
		{"a section page's title change", map[string]string{"guide/deep/_index.md": "---\ntitle: Deeper still\n---\nDeeper.\n"},
			true, false, []string{"guide/deep/index.html", "guide/deep/x/index.html", "guide/index.html"}},
		{"a top-level page's title change rebuilds everything", map[string]string{"top.md": "---\ntitle: Topmost\n---\nA page at the top level.\n"},
			false, false, []string{"top/index.html", "tags/index.html", "inventory/index.html"}},
		{"a new tag makes its page", map[string]string{"guide/restore.md": "---\ntitle: Restore\nowner: ops\ntags: [sp, other]\nitems: [hr]\n---\n## Steps\n\nRestore it.\n"},
			true, false, []string{"tags/other/index.html", "tags/index.html", "guide/restore/index.html"}},
		{"a tag dropped removes its page, an item dropped its procedure", map[string]string{"guide/restore.md": "---\ntitle: Restore\nowner: ops\n---\n## Steps\n\nRestore it.\n", "guide/backup.md": "---\ntitle: Backup\nowner: ops\n---\nThen [restore](restore.md#steps).\n"},
			true, false, []string{"tags/sp/index.html", "tags/index.html", "inventory/hr/index.html", "inventory/inventory.csv"}},
		{"an unknown item is an error", map[string]string{"guide/restore.md": "---\ntitle: Restore\nitems: [hx]\n---\nText.\n"},
			true, true, nil},
		{"a new page", map[string]string{"guide/new.md": "---\ntags: [sp, fresh]\nitems: [hr]\n---\nNew, see [x](deep/x.md).\n"},
			true, false, []string{"guide/new/index.html", "guide/index.html", "guide/backup/index.html", "tags/fresh/index.html", "inventory/hr/index.html"}},
		{"a new page that a broken link named", map[string]string{"guide/missing.md": "Found.\n", "guide/backup.md": "---\ntitle: Backup\nowner: ops\ntags: [sp]\n---\nThen [restore](restore.md#steps) and [missing](missing.md).\n"},
			true, false, []string{"guide/missing/index.html", "guide/backup/index.html"}},
		{"a new page deeper down", map[string]string{"guide/deep/y.md": "---\ntitle: Y\nweight: 1\n---\nWhy.\n"},
			true, false, []string{"guide/deep/y/index.html", "guide/deep/index.html", "guide/deep/x/index.html"}},
		{"an alias added rebuilds everything", map[string]string{"guide/restore.md": "---\ntitle: Restore\nowner: ops\ntags: [sp]\nitems: [hr]\naliases: [/old-restore/]\n---\n## Steps\n\nRestore it.\n"},
			false, false, []string{"old-restore/index.html"}},
		{"a new page with an alias rebuilds everything", map[string]string{"guide/new.md": "---\naliases: [/old-new/]\n---\nNew.\n"},
			false, false, []string{"guide/new/index.html", "old-new/index.html"}},
		{"a new draft changes nothing", map[string]string{"guide/draft.md": "---\ndraft: true\n---\nDraft.\n"},
			true, false, nil},
		{"a new section page rebuilds everything", map[string]string{"other/deep/_index.md": "Deep.\n"},
			false, false, []string{"other/deep/index.html"}},
		{"a new folder rebuilds everything", map[string]string{"new/page.md": "New.\n"},
			false, false, []string{"new/page/index.html"}},
		// The folder is left without pages, so its section goes too: a
		// whole build.
		{"a removed page, the last of its folder", map[string]string{"other/deep/note.md": ""},
			false, false, []string{"other/deep/note/index.html", "other/deep/index.html"}},
		{"a removed page that others link to", map[string]string{"guide/restore.md": ""},
			true, false, []string{"guide/restore/index.html", "guide/backup/index.html", "tags/sp/index.html", "inventory/hr/index.html"}},
		{"a removed page at the top level rebuilds everything", map[string]string{"top.md": ""},
			false, false, []string{"top/index.html"}},
		{"an edited include re-renders the pages that include it", map[string]string{"includes/prereq.md": "You need [the restore](../guide/restore.md#steps) first.\n"},
			true, false, []string{"guide/deep/x/index.html"}},
		{"a new file in an includes folder makes no page", map[string]string{"includes/other.md": "Not a page.\n"},
			true, false, nil},
		{"a page that starts including a file", map[string]string{"guide/backup.md": "---\ntitle: Backup\nowner: ops\ntags: [sp]\n---\nThen [restore](restore.md#steps).\n\n[!INCLUDE[p](../includes/prereq.md)]\n"},
			false, false, []string{"guide/backup/index.html"}},
		{"broken front matter keeps the last good build", map[string]string{"guide/restore.md": "---\ntitle: [oops\n---\n"},
			true, true, nil},
		{"a page over the render budget keeps the last good build", map[string]string{"guide/restore.md": "---\ntitle: Restore\nowner: ops\n---\n" + string(bytes.Repeat([]byte("[a](b"), 50000))},
			true, true, nil},
	}
	// In a Git repository too, where the model carries the history
	// (page dates and histories, and the change log), and for each kind
	// of target a plan has: one audience's site, and a version of a
	// versioned site (which every edit rebuilds whole).
	kinds := []struct {
		name     string
		git      bool
		config   string
		audience string
		version  string
	}{
		{name: ""},
		{name: "in Git/", git: true},
		{name: "in Git, audience/", git: true, config: "audiences: [staff, admin]\n", audience: "staff"},
		{name: "in Git, version/", git: true, config: "versions:\n  - {name: \"2\", latest: true}\n  - {name: \"1\", ref: HEAD}\n", version: "2"},
	}
	for _, kind := range kinds {
		for _, tt := range tests {
			t.Run(kind.name+tt.name, func(t *testing.T) {
				files := map[string]string{"handbook.yaml": "limits:\n  render_time: 300ms\n" + kind.config,
					"content/guide/admins.md": "---\ntitle: Admins\naudience: [admin]\n---\nFor admins.\n"}
				if kind.audience == "" {
					delete(files, "content/guide/admins.md")
				}
				for k, v := range sessionSite {
					files[k] = v
				}
				dir := testsite.Write(t, files)
				if kind.git {
					if _, err := exec.LookPath("git"); err != nil {
						t.Skip("no git")
					}
					testsite.Git(t, dir, "init", "-q", "-b", "main")
					testsite.CommitAs(t, dir, "Marieke Jansen", "m.jansen@x", "2026-01-05T09:00:00Z", "First procedures")
				}
				opts := generator.Options{Dir: dir, Now: fixedNow, SourceCommit: "test", Audience: kind.audience, Version: kind.version}
				s := NewSession(opts)
				first, err := s.Rebuild(context.Background(), nil)
				if err != nil {
					t.Fatalf("first build: %v %v", err, first.Diagnostics)
				}
				var changed []string
				for rel, data := range tt.edit {
					p := filepath.Join(dir, "content", filepath.FromSlash(rel))
					changed = append(changed, p)
					if data == "" {
						if err := os.Remove(p); err != nil {
							t.Fatal(err)
						}
						continue
					}
					if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
						t.Fatal(err)
					}
					if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
						t.Fatal(err)
					}
				}
				up, err := s.Rebuild(context.Background(), changed)
				if tt.failed {
					if !errors.Is(err, generator.ErrFailed) {
						t.Fatalf("err = %v, want generator.ErrFailed", err)
					}
					if !slices.ContainsFunc(up.Diagnostics, func(d diag.Diagnostic) bool {
						return d.Severity == diag.Error && d.Path == "content/guide/restore.md"
					}) {
						t.Errorf("diagnostics %v, want an error about content/guide/restore.md", up.Diagnostics)
					}
					if up.Output != first.Output || s.Output() != first.Output {
						t.Errorf("a failed rebuild replaced the output")
					}
					return
				}
				if err != nil {
					t.Fatalf("rebuild: %v %v", err, up.Diagnostics)
				}
				incremental := tt.incremental && kind.version == ""
				if up.Incremental != incremental {
					t.Errorf("Incremental = %v, want %v", up.Incremental, incremental)
				}
				for _, c := range tt.changed {
					if !slices.Contains(up.Changed, c) {
						t.Errorf("%s not among the changed outputs %v", c, up.Changed)
					}
				}
				if incremental && up.Rendered >= first.Rendered {
					t.Errorf("rendered %d files of %d: not incremental", up.Rendered, first.Rendered)
				}
				// Whatever the path taken, the result (once the search index
				// caught up) is what a whole build of the edited project
				// gives, byte for byte.
				if ix := s.Reindex(); ix != nil {
					up.Output = ix.Output
				}
				fresh, err := NewSession(opts).Rebuild(context.Background(), nil)
				if err != nil {
					t.Fatalf("fresh build: %v", err)
				}
				if got, want := up.Output.Paths(), fresh.Output.Paths(); !slices.Equal(got, want) {
					t.Fatalf("paths differ from a whole build:\n got %v\nwant %v", got, want)
				}
				for _, p := range fresh.Output.Paths() {
					a, _ := up.Output.Get(p)
					b, _ := fresh.Output.Get(p)
					if !bytes.Equal(a, b) {
						t.Errorf("%s differs from a whole build", p)
						if os.Getenv("HB_DEBUG") != "" {
							os.WriteFile("/tmp/a.html", a, 0o644)
							os.WriteFile("/tmp/b.html", b, 0o644)
						}
					}
				}
			})
		}
	}
}

// fixedNow is the build time of the tests, as in generator's.
var fixedNow = time.Date(2026, 11, 24, 12, 0, 0, 0, time.UTC)
