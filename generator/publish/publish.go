// Package publish is the only writer of the output folder. A build writes
// into a temporary folder beside the destination; Commit swaps it into
// place only when the whole build succeeded, so a failed build never
// replaces the last good site and no stale file survives.
package publish

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"time"
)

// ManifestFile is the name of the manifest written at the output root.
const ManifestFile = "manifest.json"

// Stage is an output folder being built.
type Stage struct {
	dest string
	tmp  string

	mu    sync.Mutex
	files []Entry
	dirs  sync.Map
}

// Entry is one file of the manifest.
type Entry struct {
	Path   string `json:"path"`
	Size   int64  `json:"size"`
	SHA256 string `json:"sha256"`
}

// Manifest lists every output file with its size and SHA-256, so that
// auditors can verify a published copy of the site.
type Manifest struct {
	Generator string    `json:"generator"`
	BuiltAt   time.Time `json:"built_at"`
	Files     []Entry   `json:"files"`
}

// Begin creates a temporary folder beside dest.
func Begin(dest string) (*Stage, error) {
	dest = filepath.Clean(dest)
	parent := filepath.Dir(dest)
	if err := os.MkdirAll(parent, 0o755); err != nil {
		return nil, err
	}
	tmp, err := os.MkdirTemp(parent, "."+filepath.Base(dest)+".tmp-")
	if err != nil {
		return nil, err
	}
	if err := os.Chmod(tmp, 0o755); err != nil {
		_ = os.RemoveAll(tmp)
		return nil, err
	}
	return &Stage{dest: dest, tmp: tmp}, nil
}

// Dir returns the temporary folder being written.
func (s *Stage) Dir() string { return s.tmp }

// Write writes data to the slash-separated path rel below the output root.
// It is safe for concurrent use.
func (s *Stage) Write(rel string, data []byte) error {
	p, err := s.prepare(rel)
	if err != nil {
		return err
	}
	if err := os.WriteFile(p, data, 0o644); err != nil {
		return err
	}
	sum := sha256.Sum256(data)
	s.record(Entry{Path: rel, Size: int64(len(data)), SHA256: hex.EncodeToString(sum[:])})
	return nil
}

// Copy copies the file src to rel below the output root.
func (s *Stage) Copy(rel, src string) error {
	p, err := s.prepare(rel)
	if err != nil {
		return err
	}
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.OpenFile(p, os.O_CREATE|os.O_WRONLY|os.O_TRUNC, 0o644)
	if err != nil {
		return err
	}
	h := sha256.New()
	n, err := io.Copy(io.MultiWriter(out, h), in)
	if cerr := out.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return err
	}
	s.record(Entry{Path: rel, Size: n, SHA256: hex.EncodeToString(h.Sum(nil))})
	return nil
}

func (s *Stage) prepare(rel string) (string, error) {
	clean := path.Clean(rel)
	if rel == "" || path.IsAbs(clean) || clean == ".." || strings.HasPrefix(clean, "../") || clean == ManifestFile {
		return "", fmt.Errorf("publish: refusing to write %q", rel)
	}
	p := filepath.Join(s.tmp, filepath.FromSlash(clean))
	dir := filepath.Dir(p)
	if _, ok := s.dirs.Load(dir); !ok {
		// Most folders hold one page (pretty URLs): try a single mkdir
		// before MkdirAll's stat-then-create walk up the path.
		if err := os.Mkdir(dir, 0o755); err != nil && !os.IsExist(err) {
			if err := os.MkdirAll(dir, 0o755); err != nil {
				return "", err
			}
		}
		s.dirs.Store(dir, true)
	}
	return p, nil
}

func (s *Stage) record(e Entry) {
	s.mu.Lock()
	s.files = append(s.files, e)
	s.mu.Unlock()
}

// Files returns the entries written so far, sorted by path.
func (s *Stage) Files() []Entry {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := append([]Entry(nil), s.files...)
	sort.Slice(out, func(i, j int) bool { return out[i].Path < out[j].Path })
	return out
}

// Commit writes manifest.json and swaps the staged folder into place of
// the destination, then removes the previous output.
func (s *Stage) Commit(generator string, builtAt time.Time) error {
	m := Manifest{Generator: generator, BuiltAt: builtAt.UTC(), Files: s.Files()}
	data, err := json.MarshalIndent(m, "", "  ")
	if err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(s.tmp, ManifestFile), append(data, '\n'), 0o644); err != nil {
		return err
	}
	old, err := swap(s.tmp, s.dest)
	if err != nil {
		return err
	}
	if old != "" {
		return os.RemoveAll(old)
	}
	return nil
}

// Abort removes the staged folder and leaves the destination untouched.
func (s *Stage) Abort() { _ = os.RemoveAll(s.tmp) }

// swap puts folder tmp in place of dest and returns the path now holding
// the previous output ("" if there was none). Where the OS can exchange
// two paths atomically it does, so readers never see a missing site.
func swap(tmp, dest string) (string, error) {
	info, err := os.Lstat(dest)
	if os.IsNotExist(err) {
		return "", os.Rename(tmp, dest)
	}
	if err != nil {
		return "", err
	}
	if !info.IsDir() {
		return "", fmt.Errorf("%s exists and is not a folder; remove it or choose another --out", dest)
	}
	if exchange(tmp, dest) == nil {
		return tmp, nil
	}
	old := tmp + ".old"
	if err := os.Rename(dest, old); err != nil {
		return "", err
	}
	if err := os.Rename(tmp, dest); err != nil {
		_ = os.Rename(old, dest)
		return "", err
	}
	return old, nil
}
