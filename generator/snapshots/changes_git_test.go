package snapshots

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	"github.com/handbook-dev/handbook/generator/pull"
	"github.com/handbook-dev/handbook/generator/pulldata"
)

// TestChangesOfEverySnapshotFile: the history of a snapshot file is read
// whatever its name; git log quoted a name with a non-ASCII letter, and
// the quoted name matched no snapshot file.
func TestChangesOfEverySnapshotFile(t *testing.T) {
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("no git")
	}
	for _, source := range []string{"confluence", "confluence-één"} {
		t.Run(source, func(t *testing.T) {
			dir := t.TempDir()
			git := func(env []string, args ...string) {
				t.Helper()
				cmd := exec.Command("git", append([]string{"-C", dir}, args...)...)
				cmd.Env = append(os.Environ(), append([]string{"GIT_AUTHOR_NAME=t", "GIT_AUTHOR_EMAIL=t@example.org", "GIT_COMMITTER_NAME=t", "GIT_COMMITTER_EMAIL=t@example.org"}, env...)...)
				if out, err := cmd.CombinedOutput(); err != nil {
					t.Fatalf("git %v: %v\n%s", args, err, out)
				}
			}
			git(nil, "init", "-q")
			for _, step := range []struct {
				when   string
				spaces []pulldata.Space
			}{
				{"2026-11-01T08:00:00Z", []pulldata.Space{{Key: "OPS", Name: "Ops", Status: "current"}}},
				{"2026-11-20T08:00:00Z", []pulldata.Space{{Key: "OPS", Name: "Ops", Status: "current"}, {Key: "NEW", Name: "New", Status: "current"}}},
			} {
				env := pulldata.Envelope{Source: source, Type: "confluence-cloud", Handbook: "test"}
				env.TakenAt, _ = time.Parse(time.RFC3339, step.when)
				if err := pull.WriteSnapshot(filepath.Join(dir, Dir, source+".json"), env, step.spaces); err != nil {
					t.Fatal(err)
				}
				git(nil, "add", "-A")
				git([]string{"GIT_COMMITTER_DATE=" + step.when, "GIT_AUTHOR_DATE=" + step.when}, "commit", "-q", "-m", "pull")
			}
			changes, err := Changes(context.Background(), dir)
			if err != nil {
				t.Fatal(err)
			}
			if len(changes) != 1 || changes[0].Subject != "NEW" || changes[0].Kind != "appeared" {
				t.Errorf("changes = %+v, want NEW appeared", changes)
			}
		})
	}
}
