//go:build unix

package fastio

import (
	"bytes"
	"io/fs"
	"syscall"
)

// ReadFile returns the contents of the file at p; with max > 0, a file
// larger than max is not read and ErrTooLarge is returned.
func ReadFile(p string, max int64) ([]byte, error) {
	fd, err := open(p)
	if err != nil {
		return nil, &fs.PathError{Op: "open", Path: p, Err: err}
	}
	defer syscall.Close(fd)
	var st syscall.Stat_t
	if err := syscall.Fstat(fd, &st); err != nil {
		return nil, &fs.PathError{Op: "stat", Path: p, Err: err}
	}
	if st.Mode&syscall.S_IFMT == syscall.S_IFDIR {
		return nil, &fs.PathError{Op: "read", Path: p, Err: syscall.EISDIR}
	}
	if max > 0 && st.Size > max {
		return nil, ErrTooLarge
	}
	// One byte more than the size: a file that grew is read to its end.
	data := make([]byte, 0, st.Size+1)
	for {
		if len(data) == cap(data) {
			data = append(data, 0)[:len(data)]
		}
		n, err := syscall.Read(fd, data[len(data):cap(data)])
		if err == syscall.EINTR {
			continue
		}
		if err != nil {
			return nil, &fs.PathError{Op: "read", Path: p, Err: err}
		}
		if n == 0 {
			break
		}
		data = data[:len(data)+n]
		if max > 0 && int64(len(data)) > max {
			return nil, ErrTooLarge
		}
	}
	return data, nil
}

// Equal reports whether the regular file at p holds exactly data; buf,
// if large enough, is used for the read.
func Equal(p string, data, buf []byte) bool {
	fd, err := open(p)
	if err != nil {
		return false
	}
	defer syscall.Close(fd)
	var st syscall.Stat_t
	if syscall.Fstat(fd, &st) != nil || st.Mode&syscall.S_IFMT != syscall.S_IFREG || st.Size != int64(len(data)) {
		return false
	}
	if cap(buf) < len(data)+1 {
		buf = make([]byte, len(data)+1)
	}
	buf = buf[:len(data)+1]
	n := 0
	for n < len(buf) {
		m, err := syscall.Read(fd, buf[n:])
		if err == syscall.EINTR {
			continue
		}
		if err != nil {
			return false
		}
		if m == 0 {
			break
		}
		n += m
	}
	return n == len(data) && bytes.Equal(buf[:n], data)
}

func open(p string) (int, error) {
	for {
		fd, err := syscall.Open(p, syscall.O_RDONLY|syscall.O_CLOEXEC, 0)
		if err != syscall.EINTR {
			return fd, err
		}
	}
}
