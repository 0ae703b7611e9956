package history

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// repo builds a Git repository in a temporary folder from steps run in
// order; each step writes or moves files and commits as an author on a date.
type step struct {
	author, date, subject string
	write                 map[string]string
	move                  [2]string
	remove                string
}

func run(t *testing.T, dir string, env []string, args ...string) {
	t.Helper()
	cmd := exec.Command("git", append([]string{"-C", dir}, args...)...)
	cmd.Env = append(os.Environ(), env...)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("git %v: %v\n%s", args, err, out)
	}
}

func repo(t *testing.T, steps []step) string {
	t.Helper()
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("no git")
	}
	dir := t.TempDir()
	run(t, dir, nil, "init", "-q", "-b", "main")
	for _, s := range steps {
		for p, body := range s.write {
			full := filepath.Join(dir, p)
			if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(full, []byte(body), 0o644); err != nil {
				t.Fatal(err)
			}
		}
		if s.move[0] != "" {
			run(t, dir, nil, "mv", s.move[0], s.move[1])
		}
		if s.remove != "" {
			run(t, dir, nil, "rm", "-q", s.remove)
		}
		run(t, dir, nil, "add", "-A")
		name, email, _ := strings.Cut(s.author, " <")
		env := []string{"GIT_AUTHOR_NAME=" + name, "GIT_AUTHOR_EMAIL=" + strings.TrimSuffix(email, ">"), "GIT_COMMITTER_NAME=" + name,
			"GIT_COMMITTER_EMAIL=" + strings.TrimSuffix(email, ">"), "GIT_AUTHOR_DATE=" + s.date, "GIT_COMMITTER_DATE=" + s.date}
		run(t, dir, env, "commit", "-q", "-m", s.subject)
	}
	return dir
}

var steps = []step{
	{author: "Marieke Jansen <m.jansen@x>", date: "2026-01-05T09:00:00Z", subject: "Add the first procedures",
		write: map[string]string{"content/sharepoint/restore.md": "v1\n", "content/teams/create team.md": "v1\n", "README.md": "x\n"}},
	{author: "Ruben Bos <r.bos@x>", date: "2026-02-10T10:00:00Z", subject: "Restore: add the recycle bin step",
		write: map[string]string{"content/sharepoint/restore.md": "v2\n"}},
	{author: "Ruben Bos <r.bos@x>", date: "2026-03-01T11:00:00Z", subject: "Move the restore procedure",
		move: [2]string{"content/sharepoint/restore.md", "content/sharepoint/restore-site.md"}},
	{author: "Sevda Yilmaz <s.yilmaz@x>", date: "2026-04-15T12:00:00Z", subject: "Outside the content",
		write: map[string]string{"README.md": "y\n"}},
	{author: "Sevda Yilmaz <s.yilmaz@x>", date: "2026-05-20T13:00:00Z", subject: "Retire the team page",
		remove: "content/teams/create team.md"},
}

func TestReadFollowsRenamesWithOneLog(t *testing.T) {
	dir := repo(t, steps)
	log, err := Read(context.Background(), dir, "content")
	if err != nil {
		t.Fatal(err)
	}
	if log.Shallow || log.Prefix != "" {
		t.Errorf("shallow %v prefix %q", log.Shallow, log.Prefix)
	}
	var subjects []string
	for _, c := range log.Commits {
		subjects = append(subjects, c.Subject)
	}
	if got := strings.Join(subjects, "|"); got != "Retire the team page|Move the restore procedure|Restore: add the recycle bin step|Add the first procedures" {
		t.Errorf("commits touching content = %s", got)
	}
	restore := log.ByPath["sharepoint/restore-site.md"]
	if len(restore) != 3 || restore[0].Author != "Ruben Bos" || restore[2].Email != "m.jansen@x" || restore[0].When.Format("2006-01-02") != "2026-03-01" {
		t.Errorf("restore-site.md history = %+v", restore)
	}
	if _, ok := log.ByPath["sharepoint/restore.md"]; ok {
		t.Error("the old name of a renamed page has a history of its own")
	}
	team := log.ByPath["teams/create team.md"]
	if len(team) != 2 || team[0].Changes[0].Op != 'D' {
		t.Errorf("deleted page with a space in its name: %+v", team)
	}
	if ch := log.Commits[1].Changes; len(ch) != 1 || ch[0].Op != 'R' || ch[0].Path != "sharepoint/restore-site.md" {
		t.Errorf("rename commit changes = %+v", ch)
	}
	if r, ok := log.Renames["sharepoint/restore.md"]; !ok || r.To != "sharepoint/restore-site.md" || r.Commit != log.Commits[1] {
		t.Errorf("Renames = %+v", log.Renames)
	}
	if len(log.Renames) != 1 {
		t.Errorf("Renames holds more than the one rename: %+v", log.Renames)
	}
}

// TestReadRenamesFollowChains checks that a name renamed twice leads to
// today's name, with the commit that took the old name away.
func TestReadRenamesFollowChains(t *testing.T) {
	dir := repo(t, []step{
		{author: "A <a@x>", date: "2026-01-05T09:00:00Z", subject: "Add", write: map[string]string{"content/a.md": "the backup procedure, long enough to be recognised as renamed\n"}},
		{author: "A <a@x>", date: "2026-02-05T09:00:00Z", subject: "First move", move: [2]string{"content/a.md", "content/b.md"}},
		{author: "A <a@x>", date: "2026-03-05T09:00:00Z", subject: "Second move", write: map[string]string{"content/ops/other.md": "another page\n"}, move: [2]string{"content/b.md", "content/ops/c.md"}},
		{author: "A <a@x>", date: "2026-04-05T09:00:00Z", subject: "Out of the content", write: map[string]string{"content/d.md": "a page that leaves the content folder later on\n"}},
		{author: "A <a@x>", date: "2026-05-05T09:00:00Z", subject: "Leave", move: [2]string{"content/d.md", "d.md"}},
	})
	log, err := Read(context.Background(), dir, "content")
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	for old, r := range log.Renames {
		got[old] = r.To + " in " + r.Commit.Subject
	}
	want := map[string]string{"a.md": "ops/c.md in First move", "b.md": "ops/c.md in Second move"}
	if len(got) != len(want) || got["a.md"] != want["a.md"] || got["b.md"] != want["b.md"] {
		t.Errorf("Renames = %v, want %v", got, want)
	}
}

func TestReadBelowTheRepositoryRoot(t *testing.T) {
	dir := repo(t, []step{{author: "A <a@x>", date: "2026-01-05T09:00:00Z", subject: "docs",
		write: map[string]string{"docs/manual/content/x.md": "x\n", "content/elsewhere.md": "y\n"}}})
	log, err := Read(context.Background(), filepath.Join(dir, "docs", "manual"), "content")
	if err != nil {
		t.Fatal(err)
	}
	if log.Prefix != "docs/manual/" || len(log.ByPath) != 1 || len(log.ByPath["x.md"]) != 1 {
		t.Errorf("prefix %q, paths %v", log.Prefix, log.ByPath)
	}
}

func TestReadDetectsAShallowClone(t *testing.T) {
	src := repo(t, steps)
	dst := filepath.Join(t.TempDir(), "clone")
	if out, err := exec.Command("git", "clone", "-q", "--depth", "1", "file://"+src, dst).CombinedOutput(); err != nil {
		t.Fatalf("%v %s", err, out)
	}
	log, err := Read(context.Background(), dst, "content")
	if err != nil {
		t.Fatal(err)
	}
	if !log.Shallow {
		t.Error("a --depth 1 clone is not reported as shallow")
	}
}

func TestReadOutsideGit(t *testing.T) {
	if _, err := Read(context.Background(), t.TempDir(), "content"); err != ErrNoRepository {
		t.Errorf("err = %v, want ErrNoRepository", err)
	}
}

// TestReadInAHook: a Git hook exports GIT_DIR (relative to the top of
// the work tree) and GIT_INDEX_FILE for its repository; a build run from
// the hook in a project below the top reads the project's history, not
// none; nor does a shell that points GIT_DIR at another repository.
func TestReadInAHook(t *testing.T) {
	dir := repo(t, []step{{author: "A <a@x>", date: "2026-01-05T09:00:00Z", subject: "docs",
		write: map[string]string{"docs/content/x.md": "x\n"}}})
	tests := []struct {
		name string
		env  map[string]string
	}{
		{"pre-commit hook", map[string]string{"GIT_DIR": ".git", "GIT_INDEX_FILE": ".git/index"}},
		{"another repository's work tree", map[string]string{"GIT_DIR": filepath.Join(t.TempDir(), ".git"), "GIT_WORK_TREE": t.TempDir()}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Chdir(dir)
			for k, v := range tt.env {
				t.Setenv(k, v)
			}
			log, err := Read(context.Background(), filepath.Join(dir, "docs"), "content")
			if err != nil {
				t.Fatal(err)
			}
			if log.Prefix != "docs/" || len(log.ByPath["x.md"]) != 1 {
				t.Errorf("prefix %q, paths %v; want docs/ and x.md", log.Prefix, log.ByPath)
			}
		})
	}
}

// TestBehind counts the source's commits since its translation's last
// one, or since the commit translated_from names; two commits in one
// second are told apart by the log's order, not by their dates.
func TestBehind(t *testing.T) {
	dir := repo(t, []step{
		{author: "A <a@x>", date: "2026-01-05T09:00:00Z", subject: "Add the guide in two languages",
			write: map[string]string{"content/guide.md": "v1\n", "content/guide.nl.md": "v1\n"}},
		{author: "A <a@x>", date: "2026-02-01T09:00:00Z", subject: "Guide: step two", write: map[string]string{"content/guide.md": "v2\n"}},
		{author: "A <a@x>", date: "2026-02-01T09:00:00Z", subject: "Guide: step three", write: map[string]string{"content/guide.md": "v3\n"}},
		{author: "B <b@x>", date: "2026-03-01T09:00:00Z", subject: "Gids: stap twee en drie", write: map[string]string{"content/guide.nl.md": "v3\n"}},
		{author: "A <a@x>", date: "2026-04-01T09:00:00Z", subject: "Guide: step four", write: map[string]string{"content/guide.md": "v4\n", "content/other.md": "x\n"}},
		{author: "A <a@x>", date: "2026-04-01T09:00:00Z", subject: "Other page", write: map[string]string{"content/other.md": "y\n"}},
	})
	log, err := Read(context.Background(), dir, "content")
	if err != nil {
		t.Fatal(err)
	}
	subjects := func(cs []*Commit) string {
		var out []string
		for _, c := range cs {
			out = append(out, c.Subject)
		}
		return strings.Join(out, "; ")
	}
	behind, base, err := log.Behind("guide.md", "guide.nl.md", "")
	if err != nil || base == nil || base.Subject != "Gids: stap twee en drie" || subjects(behind) != "Guide: step four" {
		t.Errorf("since the translation's commit: %q from %v, %v", subjects(behind), base, err)
	}
	first := log.Commits[len(log.Commits)-1].Hash
	behind, base, err = log.Behind("guide.md", "guide.nl.md", first[:7])
	if err != nil || base.Hash != first || subjects(behind) != "Guide: step four; Guide: step three; Guide: step two" {
		t.Errorf("since translated_from: %q, %v", subjects(behind), err)
	}
	if _, _, err := log.Behind("guide.md", "guide.nl.md", "0000000"); err == nil || !strings.Contains(err.Error(), "no commit 0000000") {
		t.Errorf("an unknown commit: %v", err)
	}
	if behind, base, err := log.Behind("guide.md", "guide.fr.md", ""); behind != nil || base != nil || err != nil {
		t.Errorf("a translation not committed yet: %v %v %v", behind, base, err)
	}
	if behind, _, _ := log.Behind("guide.md", "guide.md", ""); len(behind) != 0 {
		t.Errorf("a page is never behind itself: %q", subjects(behind))
	}
}
