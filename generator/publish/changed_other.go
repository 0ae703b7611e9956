//go:build !linux && !darwin && !freebsd && !netbsd

package publish

import (
	"io/fs"
	"time"
)

// changedAt returns info's modification time: this OS's file
// information carries no change time.
func changedAt(info fs.FileInfo) time.Time { return info.ModTime() }
