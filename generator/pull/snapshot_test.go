package pull

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestWriteSnapshotIsStableAndAtomic(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "snap", "web.json")
	env := Snapshot{Source: "web", Type: "web", From: "2 sites", TakenAt: time.Date(2026, 11, 24, 12, 0, 0, 5, time.UTC), Handbook: "handbook test"}
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
	var back Snapshot
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
