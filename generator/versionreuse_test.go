package generator

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/handbook-dev/handbook/generator/publish"
)

// TestFrozenVersionsMeasuredAsOfTheirCommit: an older version's review
// dates are measured against its commit's date, the latest's against
// the build's.
func TestFrozenVersionsMeasuredAsOfTheirCommit(t *testing.T) {
	dir := versionedProject(t)
	// Reviewed 2025-01-01 every 6 months: due 2025-07-01, after the 2025
	// tag (2025-03-01) but before the build (2026-11-24).
	page := "---\ntitle: Review me\nreviewed: 2025-01-01\nreview_interval: 6m\n---\nText.\n"
	writeIn(t, dir, "content/teams/review.md", page)
	git(t, dir, "add", "-A")
	commitAs(t, dir, "Ruben Bos", "r.bos@x", "2025-03-01T09:00:00Z", "A reviewed page")
	git(t, dir, "tag", "-f", "v2025")
	buildInto(t, Options{Dir: dir, Now: fixedNow})
	if old := readFile(t, dir, "public/2025/teams/review/index.html"); strings.Contains(old, `class="overdue"`) {
		t.Error("the 2025 version flags a review due after its own date as overdue")
	}
	if latest := readFile(t, dir, "public/teams/review/index.html"); !strings.Contains(latest, `class="overdue"`) {
		t.Error("the latest version does not flag a review overdue at the build date")
	}
}

// TestFrozenVersionsTakenOverFromTheLastOutput builds a project again and
// again: from the third build on, its older versions come whole from the
// reused staging folder, and the output is every time byte for byte
// that of a build from scratch; any change of their inputs renders them
// again.
func TestFrozenVersionsTakenOverFromTheLastOutput(t *testing.T) {
	dir := versionedProject(t)
	// 2024 gains a broken link, whose warning a build taking 2024 over
	// must repeat, once.
	git(t, dir, "checkout", "-q", "-b", "old", "v2024")
	writeIn(t, dir, "content/teams/archive.md", "---\ntitle: Archive a team\n---\nSee [guests](guests.md).\n")
	git(t, dir, "add", "-A")
	commitAs(t, dir, "Marieke Jansen", "m.jansen@x", "2024-03-02T09:00:00Z", "A broken link")
	git(t, dir, "tag", "-f", "v2024")
	git(t, dir, "checkout", "-q", "main")
	// build builds into public/ and, from scratch, into reference/, and
	// compares the two and their diagnostics; it returns how many
	// versions were taken over.
	build := func(step string) int {
		t.Helper()
		res := buildInto(t, Options{Dir: dir, Now: fixedNow})
		ref := filepath.Join(t.TempDir(), "reference")
		want := buildInto(t, Options{Dir: dir, Now: fixedNow, Out: ref, NoCache: true})
		compareOutputs(t, ref, filepath.Join(dir, "public"), res.Files)
		if got, want := fmt.Sprint(res.Diagnostics), fmt.Sprint(want.Diagnostics); got != want || !strings.Contains(got, "guests.md") {
			t.Errorf("diagnostics:\n%s\nwant (with the broken link of 2024):\n%s", got, want)
		}
		if t.Failed() {
			t.Fatalf("after %s: the output differs from a build from scratch", step)
		}
		return res.Frozen
	}
	// The first build renders everything; the second's staging folder
	// is empty; the third finds the first's output there.
	for i, want := range []int{0, 0, 2, 2} {
		if got := build("build " + string(rune('1'+i))); got != want {
			t.Fatalf("build %d took over %d versions, want %d", i+1, got, want)
		}
	}
	// Each change below renders the older versions again, then lets two
	// builds pass before they are taken over again.
	changes := []struct {
		name   string
		change func()
		frozen int // versions taken over by the first build after it
	}{
		{"a page added to the latest that 2024 and 2025 have", func() {
			writeIn(t, dir, "content/teams/archive.md", "---\ntitle: Archive a team\n---\nBack again.\n")
		}, 0},
		{"a page added to the latest that no older version has", func() {
			writeIn(t, dir, "content/teams/new.md", "---\ntitle: New\n---\nNew.\n")
		}, 2},
		{"handbook.yaml edited", func() {
			p := filepath.Join(dir, "handbook.yaml")
			data, _ := os.ReadFile(p)
			writeIn(t, dir, "handbook.yaml", strings.Replace(string(data), "title: Lakeside", "title: Lakeside manual", 1))
		}, 0},
		{"the extracted trees removed from the cache", func() {
			// The latest's what-changed pages then load 2025 again.
			if err := os.RemoveAll(filepath.Join(dir, DefaultCache, "versions")); err != nil {
				t.Fatal(err)
			}
		}, 2},
		{"a file of the staging folder edited by hand", func() {
			p := filepath.Join(publish.StagingDir(filepath.Join(dir, "public")), "2025", "index.html")
			if err := os.WriteFile(p, []byte("edited"), 0o644); err != nil {
				t.Fatal(err)
			}
		}, 1},
		{"a file of the staging folder removed", func() {
			p := filepath.Join(publish.StagingDir(filepath.Join(dir, "public")), "2024", "index.html")
			if err := os.Remove(p); err != nil {
				t.Fatal(err)
			}
		}, 1},
	}
	for _, c := range changes {
		c.change()
		if got := build(c.name); got != c.frozen {
			t.Errorf("after %s: %d versions taken over, want %d", c.name, got, c.frozen)
		}
		build(c.name + ", second build")
		if got := build(c.name + ", third build"); got != 2 {
			t.Errorf("after %s, third build: %d versions taken over, want 2", c.name, got)
		}
	}
	// Without a cache folder nothing is remembered.
	if res := buildInto(t, Options{Dir: dir, Now: fixedNow, NoCache: true}); res.Frozen != 0 {
		t.Errorf("a build without cache took over %d versions", res.Frozen)
	}
}
