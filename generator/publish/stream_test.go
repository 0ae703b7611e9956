package publish

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// streamBuild builds files into dest, each written by Stream in pieces
// of three bytes.
func streamBuild(t *testing.T, dest string, files map[string]string) {
	t.Helper()
	s, l := lockedBegin(t, dest)
	defer l.Unlock()
	for p, data := range files {
		err := s.Stream(p, func(w io.Writer) error {
			for rest := data; rest != ""; {
				n := min(3, len(rest))
				if _, err := io.WriteString(w, rest[:n]); err != nil {
					return err
				}
				rest = rest[n:]
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	if err := s.Commit("test", time.Unix(0, 0)); err != nil {
		t.Fatal(err)
	}
}

func TestStreamPublishesWhatWasWritten(t *testing.T) {
	dest := filepath.Join(t.TempDir(), "public")
	files := map[string]string{"export/items.json": strings.Repeat(`{"id":"site-1"}`+"\n", 5000), "empty.csv": ""}
	streamBuild(t, dest, files)
	got := tree(t, dest)
	for p, want := range files {
		if got[p] != want {
			t.Errorf("%s: got %d bytes, want %d", p, len(got[p]), len(want))
		}
	}
	if len(got) != len(files)+1 {
		t.Errorf("the output holds %d files, want %d and the manifest (a temporary file left?): %v", len(got), len(files), keys(got))
	}
	var m Manifest
	if err := json.Unmarshal([]byte(got[ManifestFile]), &m); err != nil {
		t.Fatal(err)
	}
	for _, e := range m.Files {
		sum := sha256.Sum256([]byte(files[e.Path]))
		if e.Size != int64(len(files[e.Path])) || e.SHA256 != hex.EncodeToString(sum[:]) {
			t.Errorf("manifest lists %s as %d bytes %s; want %d bytes %x", e.Path, e.Size, e.SHA256, len(files[e.Path]), sum)
		}
	}
	if info, err := os.Stat(filepath.Join(dest, "export/items.json")); err != nil || info.Mode().Perm() != 0o644 {
		t.Errorf("the streamed file's mode is %v (%v), want -rw-r--r--", info.Mode(), err)
	}
}

// TestStreamKeepsUnchangedFilesAndRewritesEdits: as Write, Stream leaves
// a file of the reused folder that the manifest vouches for, and
// rewrites one edited by hand; a folder where a file now goes is
// replaced.
func TestStreamKeepsUnchangedFilesAndRewritesEdits(t *testing.T) {
	dest := filepath.Join(t.TempDir(), "public")
	files := map[string]string{"same.json": "unchanged export", "edited.json": "export", "dir": "a file now"}
	first := map[string]string{"same.json": "unchanged export", "edited.json": "export", "dir/index.html": "a folder then"}
	build(t, dest, first)
	build(t, dest, first)
	staged := StagingDir(dest)
	if err := os.WriteFile(filepath.Join(staged, "edited.json"), []byte("EXPORT"), 0o644); err != nil {
		t.Fatal(err)
	}
	kept, _ := os.Stat(filepath.Join(staged, "same.json"))
	streamBuild(t, dest, files)
	got := tree(t, dest)
	for p, want := range files {
		if got[p] != want {
			t.Errorf("%s = %q, want %q", p, got[p], want)
		}
	}
	if info, _ := os.Stat(filepath.Join(dest, "same.json")); !info.ModTime().Equal(kept.ModTime()) {
		t.Errorf("an unchanged file was rewritten")
	}
}

func TestStreamThatFailsWritesNothing(t *testing.T) {
	dest := filepath.Join(t.TempDir(), "public")
	build(t, dest, map[string]string{"index.html": "last good"})
	s, l := lockedBegin(t, dest)
	defer l.Unlock()
	refused := errors.New("the template failed")
	err := s.Stream("export.json", func(w io.Writer) error {
		io.WriteString(w, "half an export")
		return refused
	})
	if err != refused {
		t.Fatalf("Stream returned %v, want the writer's error", err)
	}
	entries, _ := os.ReadDir(s.Dir())
	for _, e := range entries {
		if strings.HasPrefix(e.Name(), ".handbook-stream") || e.Name() == "export.json" {
			t.Errorf("a failed stream left %s in the staging folder", e.Name())
		}
	}
	s.Abort()
	if got := tree(t, dest); got["index.html"] != "last good" || got["export.json"] != "" {
		t.Errorf("the output changed: %v", keys(got))
	}
}

func keys(m map[string]string) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	return out
}
