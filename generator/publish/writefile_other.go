//go:build !unix

package publish

import (
	"io/fs"
	"os"
)

// writeFile writes data to the file at p, creating it with perm or
// truncating it.
func writeFile(p string, data []byte, perm uint32) error {
	return os.WriteFile(p, data, fs.FileMode(perm))
}
