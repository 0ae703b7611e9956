//go:build unix

package publish

import (
	"io/fs"
	"syscall"
)

// writeFile writes data to the file at p, creating it with perm or
// truncating it, with plain system calls: os.OpenFile readies each
// descriptor for Go's poller (three fcntl calls and an epoll_ctl that
// fails for regular files), and a build writes tens of thousands.
func writeFile(p string, data []byte, perm uint32) error {
	var fd int
	var err error
	for {
		fd, err = syscall.Open(p, syscall.O_WRONLY|syscall.O_CREAT|syscall.O_TRUNC|syscall.O_CLOEXEC, perm)
		if err != syscall.EINTR {
			break
		}
	}
	if err != nil {
		return &fs.PathError{Op: "open", Path: p, Err: err}
	}
	for len(data) > 0 {
		n, err := syscall.Write(fd, data)
		if err == syscall.EINTR {
			continue
		}
		if err != nil {
			syscall.Close(fd)
			return &fs.PathError{Op: "write", Path: p, Err: err}
		}
		data = data[n:]
	}
	if err := syscall.Close(fd); err != nil {
		return &fs.PathError{Op: "close", Path: p, Err: err}
	}
	return nil
}
