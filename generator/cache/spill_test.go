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
	values := make([][]byte, 200)
	refs := make([]SpillRef, len(values))
	var wg sync.WaitGroup
	for i := range values {
		values[i] = bytes.Repeat([]byte(fmt.Sprintf("<p>page %d</p>", i)), i%7)
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
			t.Errorf("value %d = %q, %v; want %q", i, got, err, want)
		}
	}
	s.Close()
	if entries, _ := os.ReadDir(dir); len(entries) > 0 {
		t.Errorf("after Close the folder holds %v", entries)
	}
}
