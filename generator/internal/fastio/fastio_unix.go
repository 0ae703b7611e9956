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

// Equal reports whether the regular file at p holds exactly data. It
// reads the file through buf (EqualBufferSize bytes, or a buffer of its
// own when buf is smaller), a part at a time: comparing a large output
// file costs no buffer its size.
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
	if cap(buf) < EqualBufferSize {
		buf = make([]byte, EqualBufferSize)
	}
	buf = buf[:cap(buf)]
	n := 0
	for {
		m, err := syscall.Read(fd, buf)
		if err == syscall.EINTR {
			continue
		}
		if err != nil {
			return false
		}
		if m == 0 {
			return n == len(data)
		}
		// A file that grew since its size was read reads past data.
		if n+m > len(data) || !bytes.Equal(buf[:m], data[n:n+m]) {
			return false
		}
		n += m
	}
}

func open(p string) (int, error) {
	for {
		fd, err := syscall.Open(p, syscall.O_RDONLY|syscall.O_CLOEXEC, 0)
		if err != syscall.EINTR {
			return fd, err
		}
	}
}
