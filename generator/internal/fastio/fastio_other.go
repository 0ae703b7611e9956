//go:build !unix

package fastio

import (
	"bytes"
	"io"
	"os"
)

// ReadFile returns the contents of the file at p; with max > 0, a file
// larger than max is not read and ErrTooLarge is returned.
func ReadFile(p string, max int64) ([]byte, error) {
	f, err := os.Open(p)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	if max <= 0 {
		return io.ReadAll(f)
	}
	data, err := io.ReadAll(io.LimitReader(f, max+1))
	if err == nil && int64(len(data)) > max {
		return nil, ErrTooLarge
	}
	return data, err
}

// Equal reports whether the regular file at p holds exactly data.
func Equal(p string, data, _ []byte) bool {
	info, err := os.Lstat(p)
	if err != nil || !info.Mode().IsRegular() || info.Size() != int64(len(data)) {
		return false
	}
	b, err := os.ReadFile(p)
	return err == nil && bytes.Equal(b, data)
}
