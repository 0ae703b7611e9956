// Package cache keeps content-addressed build results (converted
// Markdown) in memory for one build, shared by every version built in it,
// and on disk between builds in a folder outside the output. An entry is
// named by the SHA-256 of everything it depends on, so it never needs
// invalidating; entries no build used are removed when the cache is saved.
package cache

import (
	"encoding/hex"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"sync"

	"github.com/handbook-dev/handbook/generator/internal/fastio"
)

// Store is a content-addressed cache. The zero value is not usable; use
// New. It is safe for concurrent use.
type Store struct {
	dir   string
	mu    sync.Mutex
	mem   map[[32]byte][]byte
	fresh map[[32]byte]bool // put in this build, not yet on disk
	used  map[[32]byte]bool
	// trees are the version trees this build used; temps those to
	// remove when it ends.
	trees, temps []string
	// Hits and Misses count lookups, for the build summary.
	Hits, Misses int
	// values are decoded results kept for this build only (see Value).
	values sync.Map
	// extracting holds a lock per commit whose tree is being extracted.
	extracting sync.Map
}

// New returns a cache kept in dir between builds; an empty dir keeps it
// in memory only.
func New(dir string) *Store {
	return &Store{dir: dir, mem: map[[32]byte][]byte{}, fresh: map[[32]byte]bool{}, used: map[[32]byte]bool{}}
}

func (s *Store) path(key [32]byte) string {
	h := hex.EncodeToString(key[:])
	return filepath.Join(s.dir, h[:2], h[2:])
}

// Get returns the value stored under key.
func (s *Store) Get(key [32]byte) ([]byte, bool) {
	v, ok := s.Peek(key)
	s.mu.Lock()
	if ok {
		s.Hits++
	} else {
		s.Misses++
	}
	s.mu.Unlock()
	return v, ok
}

// Peek is Get without counting the lookup in Hits or Misses: for
// records of the build itself rather than converted pages.
func (s *Store) Peek(key [32]byte) ([]byte, bool) {
	s.mu.Lock()
	v, ok := s.mem[key]
	if ok {
		s.used[key] = true
		s.mu.Unlock()
		return v, true
	}
	s.mu.Unlock()
	if s.dir != "" {
		if b, err := fastio.ReadFile(s.path(key), 0); err == nil {
			s.mu.Lock()
			s.mem[key], s.used[key] = b, true
			s.mu.Unlock()
			return b, true
		}
	}
	return nil, false
}

// Touch keeps the entry under key, if there is one, through this build's
// pruning without reading it.
func (s *Store) Touch(key [32]byte) {
	s.mu.Lock()
	s.used[key] = true
	s.mu.Unlock()
}

// Persistent reports whether the store keeps its entries between builds.
func (s *Store) Persistent() bool { return s.dir != "" }

// Put stores value under key.
func (s *Store) Put(key [32]byte, value []byte) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, ok := s.mem[key]; !ok {
		s.mem[key], s.fresh[key] = value, true
	}
	s.used[key] = true
}

// Value returns the in-memory value set under key in this build. The
// stages keep decoded results here (a parsed page, a decoded conversion,
// a rendered page) that every version of a build shares: decoding or
// rendering them again per version was most of a versioned build's cost.
// Keys must name their stage (hash a prefix of their own into them).
func (s *Store) Value(key [32]byte) (any, bool) { return s.values.Load(key) }

// SetValue keeps v under key for the rest of this build, in memory only.
func (s *Store) SetValue(key [32]byte, v any) { s.values.Store(key, v) }

// Save writes the entries added in this build to the cache folder and
// removes the entries no lookup of this build used, so the folder holds
// what the last build needed and no more. Call it after a successful
// build only.
func (s *Store) Save() error {
	if s.dir == "" {
		return nil
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	for key := range s.fresh {
		p := s.path(key)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			return err
		}
		tmp := p + ".tmp"
		if err := os.WriteFile(tmp, s.mem[key], 0o644); err != nil {
			return err
		}
		if err := os.Rename(tmp, p); err != nil {
			return err
		}
	}
	s.fresh = map[[32]byte]bool{}
	if err := s.pruneTrees(); err != nil {
		return err
	}
	return filepath.WalkDir(s.dir, func(p string, e fs.DirEntry, err error) error {
		if err != nil {
			if errors.Is(err, fs.ErrNotExist) {
				return nil
			}
			return err
		}
		if e.IsDir() {
			if p == filepath.Join(s.dir, "versions") {
				return filepath.SkipDir
			}
			return nil
		}
		rel, _ := filepath.Rel(s.dir, p)
		raw, derr := hex.DecodeString(filepath.Dir(rel) + filepath.Base(rel))
		var key [32]byte
		if derr != nil || len(raw) != 32 {
			return os.Remove(p) // a leftover temporary file or a stranger
		}
		copy(key[:], raw)
		if !s.used[key] {
			return os.Remove(p)
		}
		return nil
	})
}

// pruneTrees removes the version trees no version of this build used.
func (s *Store) pruneTrees() error {
	entries, err := os.ReadDir(filepath.Join(s.dir, "versions"))
	if err != nil {
		return nil // none yet
	}
	keep := map[string]bool{}
	for _, t := range s.trees {
		keep[filepath.Base(t)] = true
	}
	for _, e := range entries {
		if !keep[e.Name()] {
			if err := os.RemoveAll(filepath.Join(s.dir, "versions", e.Name())); err != nil {
				return err
			}
		}
	}
	return nil
}
