// Package cache keeps content-addressed build results (converted
// Markdown) on disk between builds, in a folder outside the output, or,
// without one, in memory for one build, shared by every version built in
// it. A store with a folder writes each entry as it is put and reads it
// back on each lookup, holding none in the heap: the page cache is the
// operating system's, and a build's memory does not grow with the
// entries of a large manual. An entry is
// named by the SHA-256 of everything it depends on, so it never needs
// invalidating; entries no build used are removed when the cache is saved.
//
// An entry on disk holds the SHA-256 of its value before the value, and
// one whose value does not match it (edited, truncated by a full disk,
// written by an older handbook) is a miss, written anew by the build
// that misses it: the cache folder lies in the project, and what it
// holds goes into the published pages unread by anyone.
package cache

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sync"
	"time"

	"github.com/handbook-dev/handbook/generator/internal/fastio"
	"github.com/handbook-dev/handbook/generator/internal/filelock"
)

// LockFile is the cache folder's lock file (see Lock); Save keeps it.
const LockFile = ".lock"

// Store is a content-addressed cache. The zero value is not usable; use
// New. It is safe for concurrent use.
type Store struct {
	dir  string
	mu   sync.Mutex
	mem  map[[32]byte][]byte // without a folder only
	used map[[32]byte]bool
	// putErr is the first entry that could not be written (Save
	// returns it).
	putErr error
	// trees are the version trees this build used; temps those to
	// remove when it ends.
	trees, temps []string
	// Hits and Misses count lookups, for the build summary.
	Hits, Misses int
	// values are decoded results kept for this build only (see Value).
	values sync.Map
	// extracting holds a lock per commit whose tree is being extracted.
	extracting sync.Map
	// lock is the cache folder's lock, held from Lock to Close.
	lock *filelock.Lock
}

// ErrLocked is returned (wrapped) by Lock when another build held the
// cache folder for the whole wait.
var ErrLocked = errors.New("another build holds the cache folder")

// Lock takes the lock of the cache folder, creating it, so that two
// builds sharing it (into two output folders) do not extract the same
// version tree at once or prune each other's entries. While another
// build holds it, waiting is called once and Lock waits up to wait (not
// at all when wait is zero or less). Close releases it.
func (s *Store) Lock(ctx context.Context, wait time.Duration, waiting func()) error {
	if s.dir == "" {
		return nil
	}
	if err := os.MkdirAll(s.dir, 0o755); err != nil {
		return fmt.Errorf("cannot create the cache folder: %w", err)
	}
	l, err := filelock.Acquire(ctx, filepath.Join(s.dir, LockFile), wait, waiting)
	if errors.Is(err, filelock.ErrTimeout) {
		return fmt.Errorf("%w: another build is using the cache %s%s", ErrLocked, s.dir, filelock.Advice(wait))
	}
	if err != nil {
		return fmt.Errorf("cannot lock the cache folder: %w", err)
	}
	s.lock = l
	return nil
}

// New returns a cache kept in dir between builds; an empty dir keeps it
// in memory only.
func New(dir string) *Store {
	return &Store{dir: dir, mem: map[[32]byte][]byte{}, used: map[[32]byte]bool{}}
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
	if s.dir == "" {
		s.mu.Lock()
		defer s.mu.Unlock()
		v, ok := s.mem[key]
		return v, ok
	}
	b, err := fastio.ReadFile(s.path(key), 0)
	if err != nil {
		return nil, false
	}
	v, ok := verify(b)
	if ok {
		s.mu.Lock()
		s.used[key] = true
		s.mu.Unlock()
	}
	return v, ok
}

// sumSize is the length of the SHA-256 an entry on disk starts with.
const sumSize = sha256.Size

// verify returns the value of an entry read from disk when it matches
// the SHA-256 before it. Hashing costs about a millisecond per 2 MB: a
// warm build of a thousand pages reads some 10 MB of entries.
func verify(entry []byte) ([]byte, bool) {
	if len(entry) < sumSize {
		return nil, false
	}
	sum := sha256.Sum256(entry[sumSize:])
	if !bytes.Equal(sum[:], entry[:sumSize]) {
		return nil, false
	}
	return entry[sumSize:], true
}

// seal returns value as an entry on disk: its SHA-256, then itself.
func seal(value []byte) []byte {
	sum := sha256.Sum256(value)
	return append(append(make([]byte, 0, sumSize+len(value)), sum[:]...), value...)
}

// Touch keeps the entry under key, if there is one, through this build's
// pruning without reading it.
func (s *Store) Touch(key [32]byte) {
	s.mu.Lock()
	s.used[key] = true
	s.mu.Unlock()
}

// Dir returns the cache folder ("" when the store keeps nothing between
// builds).
func (s *Store) Dir() string { return s.dir }

// Persistent reports whether the store keeps its entries between builds.
func (s *Store) Persistent() bool { return s.dir != "" }

// Put stores value under key: in the folder at once (an entry another
// build left there, even unfinished, is replaced whole), else in memory.
// A build that fails leaves its entries; they are sound, and the next
// successful build's Save removes those it did not use.
func (s *Store) Put(key [32]byte, value []byte) {
	if s.dir == "" {
		s.mu.Lock()
		defer s.mu.Unlock()
		if _, ok := s.mem[key]; !ok {
			s.mem[key] = value
		}
		return
	}
	err := s.write(key, value)
	s.mu.Lock()
	defer s.mu.Unlock()
	s.used[key] = true
	if err != nil && s.putErr == nil {
		s.putErr = err
	}
}

// write writes value's entry under key through a temporary file in its
// folder, so that a reader sees the old entry or the new one, never a
// part (two workers may put the same key).
func (s *Store) write(key [32]byte, value []byte) error {
	p := s.path(key)
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		return err
	}
	f, err := os.CreateTemp(filepath.Dir(p), filepath.Base(p)+".*.tmp")
	if err != nil {
		return err
	}
	_, err = f.Write(seal(value))
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Chmod(f.Name(), 0o644)
	}
	if err == nil {
		err = os.Rename(f.Name(), p)
	}
	if err != nil {
		os.Remove(f.Name())
	}
	return err
}

// Value returns the in-memory value set under key in this build. The
// stages keep decoded results here (a parsed page, a decoded conversion,
// a rendered page) that every version of a build shares: decoding or
// rendering them again per version was most of a versioned build's cost.
// Keys must name their stage (hash a prefix of their own into them).
func (s *Store) Value(key [32]byte) (any, bool) { return s.values.Load(key) }

// SetValue keeps v under key for the rest of this build, in memory only.
func (s *Store) SetValue(key [32]byte, v any) { s.values.Store(key, v) }

// Save reports an entry of this build that could not be written and
// removes the entries no lookup of this build used, so the folder holds
// what the last build needed and no more. Call it after a successful
// build only.
func (s *Store) Save() error {
	if s.dir == "" {
		return nil
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.putErr != nil {
		return s.putErr
	}
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
		if p == filepath.Join(s.dir, LockFile) {
			return nil // removed, a third build could lock a new file while a second holds it
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
