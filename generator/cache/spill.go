package cache

import (
	"fmt"
	"os"
	"slices"
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
	// pending are the values put since the last write, which is made a
	// segment at a time (one system call per segment, not per value);
	// flushed is the size of the file, where pending starts.
	pending []byte
	flushed int64
	err     error     // the first write that failed
	bufs    sync.Pool // *[]byte, for GetString
	// ends are where each segment written ends; a value lies in one.
	ends []int64
	// cache holds the segments read back last, most recent first: a
	// build reads values in about the order it put them, and one read
	// of a segment then serves hundreds of values.
	cmu   sync.Mutex
	cache []segment
}

// segment is a written segment read back.
type segment struct {
	start int64
	data  []byte
}

// spillCached is how many segments a spill keeps read back: some per
// worker, so that the render's workers, each in its own part of the
// site, do not evict each other's.
const spillCached = 8

// spillSegment is the size of the writes to a spill file.
const spillSegment = 1 << 20

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
	defer s.mu.Unlock()
	if s.err != nil {
		return SpillRef{}, s.err
	}
	ref := SpillRef{off: s.flushed + int64(len(s.pending)), n: len(data)}
	s.pending = append(s.pending, data...)
	if len(s.pending) >= spillSegment {
		if _, err := s.f.WriteAt(s.pending, s.flushed); err != nil {
			s.err = fmt.Errorf("cannot write a temporary file: %w", err)
			return SpillRef{}, s.err
		}
		s.flushed += int64(len(s.pending))
		s.ends = append(s.ends, s.flushed)
		s.pending = s.pending[:0]
	}
	return ref, nil
}

// read copies the value at ref into b (len(b) == ref.n): from the
// segment not yet written, or from the file.
func (s *Spill) read(ref SpillRef, b []byte) error {
	s.mu.Lock()
	if ref.off >= s.flushed {
		copy(b, s.pending[ref.off-s.flushed:])
		s.mu.Unlock()
		return nil
	}
	i, _ := slices.BinarySearch(s.ends, ref.off+1)
	start, end := int64(0), s.ends[i]
	if i > 0 {
		start = s.ends[i-1]
	}
	s.mu.Unlock()
	if err := s.fromSegment(start, end, ref.off, b); err != nil {
		return fmt.Errorf("cannot read a temporary file: %w", err)
	}
	return nil
}

// fromSegment copies the bytes at off into b from the written segment
// [start, end), cached or read into the cache. The copy is made under
// the cache's lock: an evicted segment's buffer is reused.
func (s *Spill) fromSegment(start, end, off int64, b []byte) error {
	s.cmu.Lock()
	defer s.cmu.Unlock()
	for i, c := range s.cache {
		if c.start == start {
			copy(s.cache[1:i+1], s.cache[:i])
			s.cache[0] = c
			copy(b, c.data[off-start:])
			return nil
		}
	}
	var data []byte
	if len(s.cache) == spillCached {
		data = s.cache[spillCached-1].data // reused: nothing else holds it
		s.cache = s.cache[:spillCached-1]
	}
	data = slices.Grow(data[:0], int(end-start))[:end-start]
	if _, err := s.f.ReadAt(data, start); err != nil {
		return err
	}
	s.cache = slices.Insert(s.cache, 0, segment{start: start, data: data})
	copy(b, data[off-start:])
	return nil
}

// Get reads back the value at ref.
func (s *Spill) Get(ref SpillRef) ([]byte, error) {
	b := make([]byte, ref.n)
	if err := s.read(ref, b); err != nil {
		return nil, err
	}
	return b, nil
}

// GetString reads back the value at ref as a string: one copy, where
// converting Get's bytes would make two.
func (s *Spill) GetString(ref SpillRef) (string, error) {
	bp, _ := s.bufs.Get().(*[]byte)
	if bp == nil {
		bp = new([]byte)
	}
	defer s.bufs.Put(bp)
	if cap(*bp) < ref.n {
		*bp = make([]byte, ref.n)
	}
	b := (*bp)[:ref.n]
	if err := s.read(ref, b); err != nil {
		return "", err
	}
	return string(b), nil
}

// Close closes and removes the file; the values are gone.
func (s *Spill) Close() {
	s.f.Close()
	if s.path != "" {
		os.Remove(s.path)
	}
}
