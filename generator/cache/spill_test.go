package cache

import (
	"bytes"
	"fmt"
	"os"
	"sync"
	"testing"
)

// TestSpillReadsBackWhatWasPut: values put from many goroutines come
// back byte for byte, an empty value too, and Close leaves no file in
// the folder.
func TestSpillReadsBackWhatWasPut(t *testing.T) {
	dir := t.TempDir()
	s, err := NewSpill(dir)
	if err != nil {
		t.Fatal(err)
	}
	values := make([][]byte, 2000)
	refs := make([]SpillRef, len(values))
	var wg sync.WaitGroup
	for i := range values {
		// Sizes from none to past a segment, so that values are read
		// back from the file and from the segment not yet written.
		values[i] = bytes.Repeat([]byte(fmt.Sprintf("<p>page %d</p>", i)), (i%7)*(1+i%600))
		wg.Go(func() {
			ref, err := s.Put(values[i])
			if err != nil {
				t.Error(err)
			}
			refs[i] = ref
		})
	}
	wg.Wait()
	for i, want := range values {
		got, err := s.Get(refs[i])
		if err != nil || !bytes.Equal(got, want) {
			t.Errorf("value %d = %d bytes, %v; want %d bytes", i, len(got), err, len(want))
		}
		if got, err := s.GetString(refs[i]); err != nil || got != string(want) {
			t.Errorf("value %d as a string = %d bytes, %v; want %d bytes", i, len(got), err, len(want))
		}
	}
	if s.flushed == 0 || len(s.pending) == 0 {
		t.Errorf("written %d bytes, %d pending: the test reads from only one of the two", s.flushed, len(s.pending))
	}
	s.Close()
	if entries, _ := os.ReadDir(dir); len(entries) > 0 {
		t.Errorf("after Close the folder holds %v", entries)
	}
}
