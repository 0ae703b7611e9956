package pull

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/handbook-dev/handbook/generator/pulldata"
)

func TestWriteSnapshotIsStableAndAtomic(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "snap", "web.json")
	env := pulldata.Envelope{Source: "web", Type: "web", From: "2 sites", TakenAt: time.Date(2026, 11, 24, 12, 0, 0, 5, time.UTC), Handbook: "handbook test"}
	data := map[string]any{"b": []int{2, 1}, "a": map[string]string{"z": "1", "y": "2"}}
	if err := WriteSnapshot(path, env, data); err != nil {
		t.Fatal(err)
	}
	first, _ := os.ReadFile(path)
	if err := WriteSnapshot(path, env, data); err != nil {
		t.Fatal(err)
	}
	second, _ := os.ReadFile(path)
	if string(first) != string(second) {
		t.Error("the same data gave two different files")
	}
	if strings.Index(string(first), `"y"`) > strings.Index(string(first), `"z"`) || !strings.Contains(string(first), `"content_hash": "sha256:`) {
		t.Errorf("keys not sorted or hash missing:\n%s", first)
	}
	var back pulldata.Envelope
	if err := json.Unmarshal(first, &back); err != nil || back.TakenAt.Nanosecond() != 0 {
		t.Errorf("snapshot does not read back: %v %+v", err, back)
	}
	// A pull that fails while writing leaves the previous snapshot as it
	// was, byte for byte, and no temporary file.
	if err := WriteSnapshot(path, env, map[string]any{"bad": make(chan int)}); err == nil {
		t.Fatal("unencodable data was written")
	}
	after, _ := os.ReadFile(path)
	if string(after) != string(first) {
		t.Error("a failed pull changed the snapshot")
	}
	entries, _ := os.ReadDir(filepath.Dir(path))
	if len(entries) != 1 {
		t.Errorf("left over files: %v", entries)
	}
}

// TestCommittedSnapshotsRoundTrip reads the example project's snapshots
// (data/snapshots, written by handbook pull) and the web history into
// the records of package pulldata and writes them again: every byte
// must come back, so a renamed or dropped JSON field of a record fails
// here before it breaks the snapshots users have committed.
func TestCommittedSnapshotsRoundTrip(t *testing.T) {
	dir := filepath.Join("..", "..", "data", "snapshots")
	records := map[string]func() any{
		"web":              func() any { return &[]pulldata.WebResult{} },
		"confluence-cloud": func() any { return &[]pulldata.Space{} },
		"confluence-dc":    func() any { return &[]pulldata.Space{} },
		"m365":             func() any { return &pulldata.M365{} },
		"eol":              func() any { return &[]pulldata.EOLProduct{} },
	}
	files, err := filepath.Glob(filepath.Join(dir, "*.json"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no snapshots in %s (%v)", dir, err)
	}
	for _, path := range files {
		t.Run(filepath.Base(path), func(t *testing.T) {
			committed, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			var env pulldata.Envelope
			if err := pulldata.DecodeJSON(committed, &env); err != nil {
				t.Fatal(err)
			}
			record, ok := records[env.Type]
			if !ok {
				t.Fatalf("snapshot type %q has no record", env.Type)
			}
			data := record()
			if err := json.Unmarshal(env.Data, data); err != nil {
				t.Fatal(err)
			}
			again := filepath.Join(t.TempDir(), filepath.Base(path))
			if err := WriteSnapshot(again, env, data); err != nil {
				t.Fatal(err)
			}
			written, _ := os.ReadFile(again)
			if !bytes.Equal(written, committed) {
				t.Errorf("the records do not write %s back byte for byte:\n%s", path, firstDifference(committed, written))
			}
		})
	}
	history, err := os.ReadFile(filepath.Join(dir, "web-history.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	for i, line := range bytes.Split(bytes.TrimSuffix(history, []byte("\n")), []byte("\n")) {
		var l pulldata.WebHistoryLine
		if err := json.Unmarshal(line, &l); err != nil {
			t.Fatalf("web-history.jsonl:%d: %v", i+1, err)
		}
		if again, _ := json.Marshal(l); !bytes.Equal(again, line) {
			t.Errorf("web-history.jsonl:%d: writes back as %s, not %s", i+1, again, line)
		}
	}
}

// firstDifference shows the first line where want and got differ.
func firstDifference(want, got []byte) string {
	w, g := strings.Split(string(want), "\n"), strings.Split(string(got), "\n")
	for i := range max(len(w), len(g)) {
		var wl, gl string
		if i < len(w) {
			wl = w[i]
		}
		if i < len(g) {
			gl = g[i]
		}
		if wl != gl {
			return fmt.Sprintf("line %d: committed %q, written %q", i+1, wl, gl)
		}
	}
	return "same lines"
}
