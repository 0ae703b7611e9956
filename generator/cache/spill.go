package cache

import (
	"fmt"
	"os"
	"sync"
)

// Spill is a temporary file for values a build makes once and reads
// back once or twice, such as converted pages' HTML between their
// conversion and their render: written there, they stay out of the
// heap, whose peak then does not grow with the pages' size, and in the
// operating system's page cache, from which reading them back is a copy.
// It is safe for concurrent use. The zero value is not usable; use
// NewSpill.
type Spill struct {
	f    *os.File
	path string // "" once removed
	mu   sync.Mutex
	end  int64
}

// SpillRef locates a value in a Spill.
type SpillRef struct {
	off int64
	n   int
}

// NewSpill creates a spill file in dir (the system's temporary folder
// when empty). It is removed by Close, or at once where the system lets
// an open file be removed, so that a build that is killed leaves none.
func NewSpill(dir string) (*Spill, error) {
	f, err := os.CreateTemp(dir, "handbook-spill-*")
	if err != nil {
		return nil, fmt.Errorf("cannot create a temporary file: %w", err)
	}
	s := &Spill{f: f, path: f.Name()}
	if os.Remove(f.Name()) == nil {
		s.path = ""
	}
	return s, nil
}

// Put appends data and returns where it is.
func (s *Spill) Put(data []byte) (SpillRef, error) {
	s.mu.Lock()
	off := s.end
	s.end += int64(len(data))
	s.mu.Unlock()
	if _, err := s.f.WriteAt(data, off); err != nil {
		return SpillRef{}, fmt.Errorf("cannot write a temporary file: %w", err)
	}
	return SpillRef{off: off, n: len(data)}, nil
}

// Get reads back the value at ref.
func (s *Spill) Get(ref SpillRef) ([]byte, error) {
	b := make([]byte, ref.n)
	if _, err := s.f.ReadAt(b, ref.off); err != nil {
		return nil, fmt.Errorf("cannot read a temporary file: %w", err)
	}
	return b, nil
}

// Close closes and removes the file; the values are gone.
func (s *Spill) Close() {
	s.f.Close()
	if s.path != "" {
		os.Remove(s.path)
	}
}
