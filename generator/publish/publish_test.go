package publish

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func build(t *testing.T, dest string, files map[string]string) {
	t.Helper()
	buildThen(t, dest, files, nil)
}

// buildThen builds files into dest under its lock, as a build does, and
// calls before, when set, with the staging folder before the commit.
func buildThen(t *testing.T, dest string, files map[string]string, before func(staging string)) {
	t.Helper()
	s, l := lockedBegin(t, dest)
	defer l.Unlock()
	for p, data := range files {
		if err := s.Write(p, []byte(data)); err != nil {
			t.Fatal(err)
		}
	}
	if before != nil {
		before(s.Dir())
	}
	if err := s.Commit("test", time.Unix(0, 0)); err != nil {
		t.Fatal(err)
	}
}

// lockedBegin takes dest's lock and begins a build; the caller unlocks.
func lockedBegin(t *testing.T, dest string) (*Stage, *OutputLock) {
	t.Helper()
	l, err := Lock(context.Background(), dest, 0, nil)
	if err != nil {
		t.Fatal(err)
	}
	s, err := l.Begin()
	if err != nil {
		l.Unlock()
		t.Fatal(err)
	}
	return s, l
}

func tree(t *testing.T, dir string) map[string]string {
	t.Helper()
	out := map[string]string{}
	err := filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(p)
		rel, _ := filepath.Rel(dir, p)
		out[filepath.ToSlash(rel)] = string(b)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func TestRebuildsHoldExactlyTheLastBuild(t *testing.T) {
	dest := filepath.Join(t.TempDir(), "public")
	builds := []map[string]string{
		{"index.html": "1", "a/index.html": "a1", "b/index.html": "b1"},
		{"index.html": "2", "a/index.html": "a2"},                      // b removed
		{"index.html": "3", "b": "b is now a file", "c/d/e.html": "e"}, // a removed, b file
		{"index.html": "4", "b/index.html": "b is a folder again"},
	}
	for i, files := range builds {
		build(t, dest, files)
		got := tree(t, dest)
		var m Manifest
		if err := json.Unmarshal([]byte(got[ManifestFile]), &m); err != nil {
			t.Fatalf("build %d: manifest: %v", i, err)
		}
		delete(got, ManifestFile)
		if len(got) != len(files) || len(m.Files) != len(files) {
			t.Errorf("build %d: output %v, manifest %d files, want %v", i, got, len(m.Files), files)
		}
		for p, data := range files {
			if got[p] != data {
				t.Errorf("build %d: %s = %q, want %q", i, p, got[p], data)
			}
		}
	}
	if _, err := os.Stat(filepath.Join(dest, "a")); !os.IsNotExist(err) {
		t.Errorf("empty folder of a removed page left behind")
	}
}

func TestAbortLeavesOutputUntouched(t *testing.T) {
	dest := filepath.Join(t.TempDir(), "public")
	build(t, dest, map[string]string{"index.html": "good"})
	before := tree(t, dest)
	build(t, dest, map[string]string{"index.html": "good"}) // the staging folder now exists
	s, err := Begin(dest)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Write("index.html", []byte("half-built")); err != nil {
		t.Fatal(err)
	}
	s.Abort()
	after := tree(t, dest)
	if after["index.html"] != before["index.html"] {
		t.Errorf("aborted build changed the output: %q", after["index.html"])
	}
}

func TestWriteRefusesPathsOutside(t *testing.T) {
	s, err := Begin(filepath.Join(t.TempDir(), "public"))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Abort()
	for _, p := range []string{"../x", "/etc/passwd", "", ManifestFile} {
		if err := s.Write(p, nil); err == nil {
			t.Errorf("Write(%q) succeeded", p)
		}
	}
}

// TestAPathIsWrittenOncePerBuild: a second write of one path in one
// build (two outputs claiming it, such as content and a generated page)
// is an error naming the path, and the first write stays the one the
// manifest lists, once.
func TestAPathIsWrittenOncePerBuild(t *testing.T) {
	for _, tt := range []struct {
		name, first, second string
	}{
		{"the same path", "changes/index.html", "changes/index.html"},
		{"the same path spelt otherwise", "changes/index.html", "changes/./index.html"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			s, err := Begin(filepath.Join(t.TempDir(), "public"))
			if err != nil {
				t.Fatal(err)
			}
			defer s.Abort()
			if err := s.Write(tt.first, []byte("generated")); err != nil {
				t.Fatal(err)
			}
			err = s.Write(tt.second, []byte("static"))
			if err == nil || !strings.Contains(err.Error(), "publish: changes/index.html is written twice in one build") {
				t.Fatalf("second write: err = %v, want one naming changes/index.html", err)
			}
			if files := s.Files(); len(files) != 1 || files[0].Size != int64(len("generated")) {
				t.Errorf("files = %+v, want the first write alone", files)
			}
		})
	}
}

func TestUnchangedFilesAreKeptAndEditsRewritten(t *testing.T) {
	dest := filepath.Join(t.TempDir(), "public")
	files := map[string]string{"index.html": "same", "a/index.html": "page"}
	build(t, dest, files)
	build(t, dest, files)
	// The staging folder now holds the first build. Edit a file there by
	// hand, keeping its size: the next build must not trust it.
	staged := filepath.Join(StagingDir(dest), "a", "index.html")
	if err := os.WriteFile(staged, []byte("PAGE"), 0o644); err != nil {
		t.Fatal(err)
	}
	keptInfo, _ := os.Stat(filepath.Join(StagingDir(dest), "index.html"))
	build(t, dest, files)
	got := tree(t, dest)
	if got["a/index.html"] != "page" {
		t.Errorf("a hand-edited file survived: %q", got["a/index.html"])
	}
	if info, _ := os.Stat(filepath.Join(dest, "index.html")); !info.ModTime().Equal(keptInfo.ModTime()) {
		t.Errorf("an unchanged file was rewritten")
	}
}

// TestUnchangedTrustsTheManifestOnlyForOlderFiles: a file the manifest
// lists with the same size and hash is kept without being read when it
// has not changed since a build holding the lock wrote the manifest;
// one changed after it is compared, even with its size kept and its
// modification time set back, or the manifest rewritten after it; and
// no file is taken on the word of a manifest the lock does not record.
func TestUnchangedTrustsTheManifestOnlyForOlderFiles(t *testing.T) {
	dest := filepath.Join(t.TempDir(), "public")
	files := map[string]string{"a/index.html": "page", "b/index.html": "more", "c/index.html": "text"}
	// The first build's b/index.html is changed before its manifest is
	// written: a file the quick check does not read shows it.
	buildThen(t, dest, files, func(staging string) {
		if err := os.WriteFile(filepath.Join(staging, "b", "index.html"), []byte("MORE"), 0o644); err != nil {
			t.Fatal(err)
		}
	})
	build(t, dest, files) // the staging folder now holds the first build
	staging := StagingDir(dest)
	manifest, err := os.Stat(filepath.Join(staging, ManifestFile))
	if err != nil {
		t.Fatal(err)
	}
	// Same size, other bytes, dated after the manifest: compared.
	edited := filepath.Join(staging, "a", "index.html")
	if err := os.WriteFile(edited, []byte("PAGE"), 0o644); err != nil {
		t.Fatal(err)
	}
	later := manifest.ModTime().Add(time.Second)
	if err := os.Chtimes(edited, later, later); err != nil {
		t.Fatal(err)
	}
	// Same size, other bytes, its date set back before the manifest's
	// (cp -p, rsync -t, touch -d): still compared.
	restored := filepath.Join(staging, "c", "index.html")
	time.Sleep(20 * time.Millisecond) // a later tick than the manifest's
	if err := os.WriteFile(restored, []byte("TEXT"), 0o644); err != nil {
		t.Fatal(err)
	}
	earlier := manifest.ModTime().Add(-time.Second)
	if err := os.Chtimes(restored, earlier, earlier); err != nil {
		t.Fatal(err)
	}
	sum := func(b string) string { h := sha256.Sum256([]byte(b)); return hex.EncodeToString(h[:]) }
	vouched := filepath.Join(staging, "b", "index.html")
	check := func(s *Stage, trusted bool) {
		t.Helper()
		if s.unchanged("a/index.html", edited, []byte("page"), sum("page")) {
			t.Error("a file edited after the manifest was trusted")
		}
		if s.unchanged("c/index.html", restored, []byte("text"), sum("text")) {
			t.Error("a file edited after the manifest, its date set back, was trusted")
		}
		if got := s.unchanged("b/index.html", vouched, []byte("more"), sum("more")); got != trusted {
			t.Errorf("a file the manifest lists, unchanged since: taken on its word = %v, want %v", got, trusted)
		}
		if s.unchanged("b/index.html", vouched, []byte("mode"), sum("mode")) {
			t.Error("a file was kept though neither the manifest's hash nor its bytes match")
		}
	}
	s, l := lockedBegin(t, dest)
	check(s, true)
	s.Abort()
	l.Unlock()

	// The manifest written again, byte for byte, after the edits: the
	// lock's record of when it was written still holds.
	data, err := os.ReadFile(filepath.Join(staging, ManifestFile))
	if err != nil {
		t.Fatal(err)
	}
	time.Sleep(20 * time.Millisecond)
	if err := os.WriteFile(filepath.Join(staging, ManifestFile), data, 0o644); err != nil {
		t.Fatal(err)
	}
	s, l = lockedBegin(t, dest)
	check(s, true)
	s.Abort()
	l.Unlock()

	// Without the lock's record, the manifest vouches for nothing.
	s, err = Begin(dest)
	if err != nil {
		t.Fatal(err)
	}
	check(s, false)
	s.Abort()
}

// TestStrayFilesGoEvenWhenTheManifestListsTheRest: the reused folder is
// listed from its manifest only while none of its folders changed since;
// a file added by hand (or by a build killed half way) is still found
// and removed, and a manifest naming paths outside the folder makes the
// build walk the folder instead of deleting them.
func TestStrayFilesGoEvenWhenTheManifestListsTheRest(t *testing.T) {
	root := t.TempDir()
	dest := filepath.Join(root, "public")
	files := map[string]string{"index.html": "home", "a/index.html": "a", "a/b/index.html": "b"}
	build(t, dest, files)
	build(t, dest, files)
	staging := StagingDir(dest)
	// Written a little later than the manifest, as a hand edit would be.
	time.Sleep(20 * time.Millisecond)
	if err := os.WriteFile(filepath.Join(staging, "a", "b", "stray.html"), []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	build(t, dest, files) // over the folder holding the stray
	got := tree(t, dest)
	delete(got, ManifestFile)
	if len(got) != len(files) {
		t.Errorf("output %v, want exactly %v", got, files)
	}
	build(t, dest, files)

	outside := filepath.Join(root, "keep.txt")
	if err := os.WriteFile(outside, []byte("keep"), 0o644); err != nil {
		t.Fatal(err)
	}
	m := Manifest{Files: []Entry{{Path: "../keep.txt", Size: 4}, {Path: "index.html", Size: 4}}}
	data, _ := json.Marshal(m)
	if err := os.WriteFile(filepath.Join(staging, ManifestFile), data, 0o644); err != nil {
		t.Fatal(err)
	}
	build(t, dest, files)
	if _, err := os.Stat(outside); err != nil {
		t.Errorf("a file outside the output, named in a manifest, is gone: %v", err)
	}
}

// TestEncodeManifestIsMarshalIndent: the hand-written manifest encoder
// writes exactly what encoding/json does.
func TestEncodeManifestIsMarshalIndent(t *testing.T) {
	built := time.Date(2026, 11, 25, 17, 0, 0, 123, time.UTC)
	for _, m := range []Manifest{
		{Generator: "handbook dev", BuiltAt: built},
		{Generator: "handbook", BuiltAt: built, Files: []Entry{}},
		{Generator: `a "quoted" <generator> & co`, BuiltAt: built, Files: []Entry{
			{Path: "index.html", Size: 0, SHA256: "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"},
			{Path: "teams/é ü/<x>&\"y\"\\z\u2028.html", Size: 1 << 40, SHA256: "00"},
			{Path: "bad\xffutf8\x01\t.html", Size: -1, SHA256: ""},
		}},
	} {
		want, err := json.MarshalIndent(m, "", "  ")
		if err != nil {
			t.Fatal(err)
		}
		got, err := encodeManifest(m)
		if err != nil {
			t.Fatal(err)
		}
		if string(got) != string(want)+"\n" {
			t.Errorf("encodeManifest:\n%s\nwant:\n%s", got, want)
		}
	}
}

// TestKeepTakesOverOnlyUnmodifiedFolders: Keep adopts a folder of the
// reused staging folder as this build's output when every file in it is
// as the manifest lists it, and nothing when one was modified.
func TestKeepTakesOverOnlyUnmodifiedFolders(t *testing.T) {
	dest := filepath.Join(t.TempDir(), "public")
	files := map[string]string{"index.html": "home", "v1/index.html": "one", "v1/a/index.html": "a", "v2/index.html": "two"}
	build(t, dest, files)
	build(t, dest, files) // the staging folder now holds the first build
	edited := filepath.Join(StagingDir(dest), "v2", "index.html")
	if err := os.WriteFile(edited, []byte("TWO"), 0o644); err != nil {
		t.Fatal(err)
	}
	// Later than the manifest whatever the file system's time resolution.
	later := time.Now().Add(2 * time.Second)
	if err := os.Chtimes(edited, later, later); err != nil {
		t.Fatal(err)
	}
	s, l := lockedBegin(t, dest)
	defer l.Unlock()
	if s.ReusedManifest() == "" || s.ReusedManifest() != ManifestSum(dest) {
		t.Errorf("reused manifest %q, the output's %q: the two builds wrote the same manifest", s.ReusedManifest(), ManifestSum(dest))
	}
	if !s.Keep("v1/") {
		t.Fatal("Keep refused an unmodified folder")
	}
	if s.Keep("v2/") {
		t.Fatal("Keep took over a folder with a file edited after the manifest")
	}
	if s.Keep("v3/") {
		t.Fatal("Keep took over a folder the manifest does not list")
	}
	for _, p := range []string{"index.html", "v2/index.html"} {
		if err := s.Write(p, []byte(files[p])); err != nil {
			t.Fatal(err)
		}
	}
	if err := s.Commit("test", time.Unix(0, 0)); err != nil {
		t.Fatal(err)
	}
	got := tree(t, dest)
	delete(got, ManifestFile)
	if len(got) != len(files) {
		t.Errorf("output %v, want %v", got, files)
	}
	for p, want := range files {
		if got[p] != want {
			t.Errorf("%s = %q, want %q", p, got[p], want)
		}
	}
}
