package generator

import (
	"context"
	"encoding/xml"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/handbook-dev/handbook/generator/diag"
	"github.com/handbook-dev/handbook/generator/internal/testsite"
)

// commitAs commits the project's files as author on date.
func commitAs(t *testing.T, dir, author, email, date, subject string) {
	t.Helper()
	testsite.CommitAs(t, dir, author, email, date, subject)
}

// historyProject is a project in Git whose two pages changed in
// different commits by different authors.
func historyProject(t *testing.T) string {
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("no git")
	}
	dir := testsite.Write(t, map[string]string{
		"handbook.yaml":                 "title: T\nrepository:\n  url: https://github.com/lakeside/ops-manual\n  branch: main\npage_history: 2\n",
		"content/_index.md":             "Home.\n",
		"content/sharepoint/restore.md": "---\ntitle: Restore a site\n---\nv1\n",
		"content/teams/create.md":       "---\ntitle: Create a team\n---\nv1\n",
	})
	git(t, dir, "init", "-q", "-b", "main")
	commitAs(t, dir, "Marieke Jansen", "m.jansen@x", "2026-01-05T09:00:00Z", "First procedures")
	os.WriteFile(filepath.Join(dir, "content/sharepoint/restore.md"), []byte("---\ntitle: Restore a site\n---\nv2\n"), 0o644)
	commitAs(t, dir, "Ruben Bos", "r.bos@x", "2026-02-10T10:00:00Z", "Restore: the recycle bin step")
	os.WriteFile(filepath.Join(dir, "content/sharepoint/restore.md"), []byte("---\ntitle: Restore a site\n---\nv3\n"), 0o644)
	commitAs(t, dir, "Sevda Yilmaz", "s.yilmaz@x", "2026-03-15T11:00:00Z", "Restore: second-stage bin")
	return dir
}

func TestPageHistoryFromGit(t *testing.T) {
	dir := historyProject(t)
	res, err := Build(context.Background(), Options{Dir: dir, Now: fixedNow})
	if err != nil {
		t.Fatal(err, res.Diagnostics)
	}
	restore := readFile(t, dir, "public/sharepoint/restore/index.html")
	for _, want := range []string{
		`<dt>Last changed</dt><dd><time datetime="2026-03-15">2026-03-15</time> by Sevda Yilmaz</dd>`,
		`<summary>Page history (2)</summary>`, // page_history: 2 of three commits
		`2026-03-15</time> · Sevda Yilmaz · Restore: second-stage bin`,
		`2026-02-10</time> · Ruben Bos · Restore: the recycle bin step`,
		`href="https://github.com/lakeside/ops-manual/edit/main/content/sharepoint/restore.md"`,
		`href="https://github.com/lakeside/ops-manual/commits/main/content/sharepoint/restore.md"`,
	} {
		if !strings.Contains(restore, want) {
			t.Errorf("restore page lacks %s", want)
		}
	}
	if strings.Contains(restore, "First procedures") {
		t.Error("the history shows more commits than page_history")
	}
	create := readFile(t, dir, "public/teams/create/index.html")
	if !strings.Contains(create, `<time datetime="2026-01-05">2026-01-05</time> by Marieke Jansen`) {
		t.Error("a page changed in another commit does not carry that commit's date and author")
	}
}

func TestPageHistoryInAShallowClone(t *testing.T) {
	src := historyProject(t)
	dir := filepath.Join(t.TempDir(), "clone")
	if out, err := exec.Command("git", "clone", "-q", "--depth", "1", "file://"+src, dir).CombinedOutput(); err != nil {
		t.Fatalf("%v %s", err, out)
	}
	os.WriteFile(filepath.Join(dir, "content/teams/create.md"), []byte("---\ntitle: Create a team\nupdated: 2026-06-01\n---\nv1\n"), 0o644)
	// Strict: the depth of a CI checkout is no mistake to fail on.
	res, err := Build(context.Background(), Options{Dir: dir, Now: fixedNow, Strict: true})
	if err != nil {
		t.Fatal(err, res.Diagnostics)
	}
	var noted int
	for _, d := range res.Diagnostics {
		if strings.Contains(d.String(), "shallow clone") && d.Severity == diag.Note {
			noted++
		}
	}
	if noted != 1 {
		t.Errorf("%d shallow-clone notes, want one: %v", noted, res.Diagnostics)
	}
	if create := readFile(t, dir, "public/teams/create/index.html"); !strings.Contains(create, `2026-06-01</time> <span class="muted">(from the page&#39;s updated date)</span>`) {
		t.Error("in a shallow clone the updated front matter does not date the page, or the page does not say so")
	}
	restore := readFile(t, dir, "public/sharepoint/restore/index.html")
	if !strings.Contains(restore, `(from the file&#39;s time)`) || strings.Contains(restore, "Page history") {
		t.Error("in a shallow clone a page is dated by Git or shows a history")
	}
}

func readFile(t *testing.T, dir, name string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(dir, name))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestSiteChangeLogAndFeed(t *testing.T) {
	dir := historyProject(t)
	os.Remove(filepath.Join(dir, "content/teams/create.md"))
	os.WriteFile(filepath.Join(dir, "content/teams/_index.md"), []byte("Teams.\n"), 0o644)
	commitAs(t, dir, "Ruben Bos", "r.bos@x", "2026-03-15T16:00:00Z", "Retire the team page")
	res, err := Build(context.Background(), Options{Dir: dir, Now: fixedNow})
	if err != nil {
		t.Fatal(err, res.Diagnostics)
	}
	page := readFile(t, dir, "public/changes/index.html")
	// Days newest first; two commits on 2026-03-15, newest first.
	order := []string{`<time datetime="2026-03-15">`, "Retire the team page", "teams/create.md", "removed",
		"Restore: second-stage bin", `<a href="../sharepoint/restore/">Restore a site</a>`, `<time datetime="2026-02-10">`, `<time datetime="2026-01-05">`}
	at := 0
	for _, want := range order {
		i := strings.Index(page[at:], want)
		if i < 0 {
			t.Fatalf("change log lacks %q after offset %d", want, at)
		}
		at += i
	}
	if !strings.Contains(readFile(t, dir, "public/index.html"), `href="./changes/"`) {
		t.Error("the footer does not link the change log")
	}
	checkAtom(t, []byte(readFile(t, dir, "public/changes/atom.xml")), 4)
}

// checkAtom checks the elements RFC 4287 requires: a feed with id, title,
// updated and an author (or one per entry), entries with id, title and
// updated, and an alternate link for entries without content.
func checkAtom(t *testing.T, data []byte, entries int) {
	t.Helper()
	type link struct {
		Href string `xml:"href,attr"`
		Rel  string `xml:"rel,attr"`
	}
	var feed struct {
		XMLName xml.Name `xml:"http://www.w3.org/2005/Atom feed"`
		ID      string   `xml:"id"`
		Title   string   `xml:"title"`
		Updated string   `xml:"updated"`
		Author  []struct {
			Name string `xml:"name"`
		} `xml:"author"`
		Links   []link `xml:"link"`
		Entries []struct {
			ID      string `xml:"id"`
			Title   string `xml:"title"`
			Updated string `xml:"updated"`
			Content string `xml:"content"`
			Links   []link `xml:"link"`
		} `xml:"entry"`
	}
	if err := xml.Unmarshal(data, &feed); err != nil {
		t.Fatalf("not an Atom feed: %v\n%s", err, data)
	}
	rfc3339 := func(s string) bool { _, err := time.Parse(time.RFC3339, s); return err == nil }
	if feed.ID == "" || feed.Title == "" || !rfc3339(feed.Updated) || len(feed.Author) != 1 || feed.Author[0].Name == "" {
		t.Errorf("feed head: id %q title %q updated %q authors %v", feed.ID, feed.Title, feed.Updated, feed.Author)
	}
	if len(feed.Entries) != entries {
		t.Errorf("%d entries, want %d", len(feed.Entries), entries)
	}
	ids := map[string]bool{}
	for _, e := range feed.Entries {
		alternate := false
		for _, l := range e.Links {
			alternate = alternate || (l.Rel == "" || l.Rel == "alternate") && l.Href != ""
		}
		if e.ID == "" || ids[e.ID] || e.Title == "" || !rfc3339(e.Updated) || (e.Content == "" && !alternate) {
			t.Errorf("entry %+v breaks RFC 4287", e)
		}
		ids[e.ID] = true
	}
}
