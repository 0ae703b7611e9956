package cache

import (
	"archive/tar"
	"bytes"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// archiveOf is a tar stream of files (folders first, as git archive
// writes them).
func archiveOf(t *testing.T, files map[string]string, dirs ...string) func() (io.ReadCloser, error) {
	var b bytes.Buffer
	tw := tar.NewWriter(&b)
	when := time.Date(2025, 3, 1, 9, 0, 0, 0, time.UTC)
	for _, d := range dirs {
		if err := tw.WriteHeader(&tar.Header{Name: d + "/", Typeflag: tar.TypeDir, Mode: 0o755, ModTime: when}); err != nil {
			t.Fatal(err)
		}
	}
	for name, data := range files {
		if err := tw.WriteHeader(&tar.Header{Name: name, Typeflag: tar.TypeReg, Mode: 0o644, Size: int64(len(data)), ModTime: when}); err != nil {
			t.Fatal(err)
		}
		tw.Write([]byte(data))
	}
	tw.Close()
	return func() (io.ReadCloser, error) { return io.NopCloser(bytes.NewReader(b.Bytes())), nil }
}

// TestTreeHoldsPagesOnlyForOneBuild: without a cache folder the files
// hold names stay in memory and are not written; a kept tree (with a
// cache folder) writes every file, since later builds read it from disk.
func TestTreeHoldsPagesOnlyForOneBuild(t *testing.T) {
	files := map[string]string{"handbook.yaml": "title: x\n", "content/_index.md": "Home.\n", "content/a/page.md": "A page.\n", "content/a/logo.png": "png"}
	open := archiveOf(t, files, "content", "content/a")
	isPage := func(name string) bool { return strings.HasSuffix(name, ".md") }

	s := New("")
	dir, held, err := s.Tree("c1", open, isPage)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if len(held) != 2 || string(held["content/a/page.md"].Data) != "A page.\n" {
		t.Errorf("held %v, want the two pages", held)
	}
	if _, err := os.Stat(filepath.Join(dir, "content", "a", "page.md")); err == nil {
		t.Error("a held page was written to the temporary tree")
	}
	for _, name := range []string{"handbook.yaml", "content/a/logo.png"} {
		if _, err := os.Stat(filepath.Join(dir, filepath.FromSlash(name))); err != nil {
			t.Errorf("%s not written: %v", name, err)
		}
	}

	kept := New(t.TempDir())
	dir, held, err = kept.Tree("c1", open, isPage)
	if err != nil {
		t.Fatal(err)
	}
	if len(held) != 0 {
		t.Errorf("a kept tree held %d files in memory", len(held))
	}
	if data, err := os.ReadFile(filepath.Join(dir, "content", "a", "page.md")); err != nil || string(data) != "A page.\n" {
		t.Errorf("kept tree page: %q, %v", data, err)
	}
}

// failingClose is an archive stream that ends early: its Close reports
// why, as git archive's does.
type failingClose struct{ io.Reader }

func (failingClose) Close() error { return errors.New("git archive: not a tree object") }

// TestTreeReportsTheArchiveError: a stream whose Close fails is no tree,
// with or without a cache folder; the error says what went wrong.
func TestTreeReportsTheArchiveError(t *testing.T) {
	for _, cacheDir := range []string{"", t.TempDir()} {
		s := New(cacheDir)
		open := func() (io.ReadCloser, error) { return failingClose{bytes.NewReader(nil)}, nil }
		if _, _, err := s.Tree("c1", open, nil); err == nil || !strings.Contains(err.Error(), "not a tree object") {
			t.Errorf("cache folder %q: err = %v, want the archive's error", cacheDir, err)
		}
		// The next build extracts it again.
		if dir, _, err := s.Tree("c1", archiveOf(t, map[string]string{"handbook.yaml": "title: x\n"}), nil); err != nil {
			t.Errorf("cache folder %q: second Tree: %v", cacheDir, err)
		} else if _, err := os.Stat(filepath.Join(dir, "handbook.yaml")); err != nil {
			t.Errorf("cache folder %q: tree not extracted after a failed one: %v", cacheDir, err)
		}
		s.Close()
	}
}
