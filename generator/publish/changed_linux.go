package publish

import (
	"io/fs"
	"syscall"
	"time"
)

// changedAt returns the later of info's modification time and its
// inode's change time. A restored modification time (touch -d, cp -p,
// rsync -t) sets the change time to now, which no one but the kernel
// can set: a file changed after a manifest stays later than it.
func changedAt(info fs.FileInfo) time.Time {
	t := info.ModTime()
	if st, ok := info.Sys().(*syscall.Stat_t); ok {
		if c := time.Unix(st.Ctim.Sec, st.Ctim.Nsec); c.After(t) {
			return c
		}
	}
	return t
}
