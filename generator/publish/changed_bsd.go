//go:build darwin || freebsd || netbsd

package publish

import (
	"io/fs"
	"syscall"
	"time"
)

// changedAt returns the later of info's modification time and its
// inode's change time (see the Linux version).
func changedAt(info fs.FileInfo) time.Time {
	t := info.ModTime()
	if st, ok := info.Sys().(*syscall.Stat_t); ok {
		if c := time.Unix(st.Ctimespec.Sec, st.Ctimespec.Nsec); c.After(t) {
			return c
		}
	}
	return t
}
