package fastio

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
)

// TestEqual: a file equals data only when it holds exactly its bytes,
// files larger than the buffer included (a difference in the last part
// read, a file one byte longer or shorter); a folder or a missing file
// equals nothing.
func TestEqual(t *testing.T) {
	dir := t.TempDir()
	big := bytes.Repeat([]byte("<p>print view</p>\n"), 3*EqualBufferSize/16)
	changedAtEnd := bytes.Clone(big)
	changedAtEnd[len(changedAtEnd)-1] = 'X'
	for _, tc := range []struct {
		name       string
		file, data []byte
		want       bool
	}{
		{"small, equal", []byte("<p>page</p>"), []byte("<p>page</p>"), true},
		{"empty", []byte{}, []byte{}, true},
		{"small, one byte differs", []byte("<p>page</p>"), []byte("<p>pagE</p>"), false},
		{"larger than the buffer, equal", big, big, true},
		{"larger than the buffer, last byte differs", big, changedAtEnd, false},
		{"file one byte longer", append(bytes.Clone(big), '\n'), big, false},
		{"file one byte shorter", big[:len(big)-1], big, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := filepath.Join(dir, "out.html")
			if err := os.WriteFile(p, tc.file, 0o644); err != nil {
				t.Fatal(err)
			}
			for _, buf := range [][]byte{nil, make([]byte, 10), make([]byte, EqualBufferSize)} {
				if got := Equal(p, tc.data, buf); got != tc.want {
					t.Errorf("Equal with a %d-byte buffer = %v, want %v", len(buf), got, tc.want)
				}
			}
		})
	}
	if Equal(dir, nil, nil) || Equal(filepath.Join(dir, "missing"), nil, nil) {
		t.Error("a folder or a missing file equals no data")
	}
}
