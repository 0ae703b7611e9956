package cache

import (
	"archive/tar"
	"errors"
	"fmt"
	"io"
	"os"
	"path"
	"path/filepath"
	"strings"
	"sync"
	"time"
)

// complete marks a tree whose extraction finished.
const complete = ".handbook-tree-complete"

// Held is a file of a tree kept in memory instead of its folder.
type Held struct {
	Data    []byte
	ModTime time.Time
}

// Tree returns a folder holding the files of a commit's project tree,
// extracting the tar stream open gives when the folder is not there yet.
// Trees live in versions/<commit>/ of the cache folder, so a version built
// from a tag is extracted once; without a cache folder they go to a
// temporary folder that Close removes, and the files hold says to keep
// (the pages: most of a tree) stay in memory, by their slash path in the
// tree, rather than being written and deleted within one build. The
// writer's work tree and index are never touched.
func (s *Store) Tree(commit string, open func() (io.ReadCloser, error), hold func(name string) bool) (string, map[string]Held, error) {
	// Versions load side by side; two naming one commit extract it once.
	l, _ := s.extracting.LoadOrStore(commit, &sync.Mutex{})
	l.(*sync.Mutex).Lock()
	defer l.(*sync.Mutex).Unlock()
	var dir string
	if s.dir != "" {
		dir = filepath.Join(s.dir, "versions", commit)
		if _, err := os.Stat(filepath.Join(dir, complete)); err == nil {
			s.mu.Lock()
			s.trees = append(s.trees, dir)
			s.mu.Unlock()
			return dir, nil, nil
		}
		if err := os.RemoveAll(dir); err != nil {
			return "", nil, err
		}
		hold = nil // a kept tree holds every file
	} else {
		tmp, err := os.MkdirTemp("", "handbook-version-")
		if err != nil {
			return "", nil, err
		}
		dir = tmp
		s.mu.Lock()
		s.temps = append(s.temps, tmp)
		s.mu.Unlock()
	}
	r, err := open()
	if err != nil {
		return "", nil, err
	}
	held := map[string]Held{}
	err = extract(dir, r, hold, held)
	// Closing reports how the archive ended (git archive's error): a
	// stream cut short is no complete tree.
	if cerr := r.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return "", nil, err
	}
	if err := os.WriteFile(filepath.Join(dir, complete), nil, 0o644); err != nil {
		return "", nil, err
	}
	s.mu.Lock()
	s.trees = append(s.trees, dir)
	s.mu.Unlock()
	return dir, held, nil
}

// KeepTree keeps the extracted tree of commit, if there is one, through
// this build's pruning although no version loaded it (a version
// published again whole from the last build's output), and returns its
// folder, or "" when there is no complete one.
func (s *Store) KeepTree(commit string) string {
	if s.dir == "" {
		return ""
	}
	dir := filepath.Join(s.dir, "versions", commit)
	s.mu.Lock()
	s.trees = append(s.trees, dir)
	s.mu.Unlock()
	if _, err := os.Stat(filepath.Join(dir, complete)); err != nil {
		return ""
	}
	return dir
}

// extract writes a tar stream's regular files and folders into dir, but
// the files hold names, which go into held. Entries that would land
// outside dir are refused; symbolic links are left out (a build refuses
// links leaving the project anyway).
func extract(dir string, r io.Reader, hold func(name string) bool, held map[string]Held) error {
	tr := tar.NewReader(r)
	for {
		h, err := tr.Next()
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return fmt.Errorf("reading the archive: %v", err)
		}
		name := path.Clean(strings.TrimPrefix(h.Name, "./"))
		if name == "." || name == "pax_global_header" {
			continue
		}
		if path.IsAbs(name) || name == ".." || strings.HasPrefix(name, "../") {
			return fmt.Errorf("archive entry %q leaves the tree", h.Name)
		}
		p := filepath.Join(dir, filepath.FromSlash(name))
		switch h.Typeflag {
		case tar.TypeDir:
			if err := os.MkdirAll(p, 0o755); err != nil {
				return err
			}
		case tar.TypeReg:
			if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
				return err
			}
			if hold != nil && hold(name) {
				data, err := io.ReadAll(tr)
				if err != nil {
					return fmt.Errorf("reading the archive: %v", err)
				}
				held[name] = Held{Data: data, ModTime: h.ModTime}
				continue
			}
			f, err := os.OpenFile(p, os.O_CREATE|os.O_WRONLY|os.O_TRUNC, 0o644)
			if err != nil {
				return err
			}
			_, err = io.Copy(f, tr)
			if cerr := f.Close(); err == nil {
				err = cerr
			}
			if err != nil {
				return err
			}
			// git archive gives every file the commit's time: pages dated
			// by their files then carry the version's date.
			_ = os.Chtimes(p, h.ModTime, h.ModTime)
		}
	}
}

// Close removes the temporary trees of a build without a cache folder
// and releases the cache folder's lock.
func (s *Store) Close() {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, t := range s.temps {
		_ = os.RemoveAll(t)
	}
	s.temps = nil
	if s.lock != nil {
		_ = s.lock.Unlock()
		s.lock = nil
	}
}
