package pull

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/handbook-dev/handbook/generator/internal/yamlx"
	"github.com/handbook-dev/handbook/generator/pulldata"
)

// StateDir is the folder, inside the snapshot folder, that holds each
// source's pull state: the delta links and watermarks an incremental pull
// starts from. It is a dot-folder, so the snapshot loader never reads it
// and nothing in it reaches the site; it holds no secret (delta tokens
// are opaque cursors that need the app's credentials to be used).
const StateDir = ".state"

// StatePath is where the pull state of the source named name lives.
func StatePath(snapshots, name string) string {
	return filepath.Join(snapshots, StateDir, name+".json")
}

// ReadState decodes the state file at path into v. A missing file is no
// state (false, nil): the pull walks everything. A file that cannot be
// read as v is reported, and the caller walks everything too.
func ReadState(path string, v any) (bool, error) {
	data, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return false, nil
	}
	if err != nil {
		return false, err
	}
	if err := pulldata.DecodeJSON(data, v); err != nil {
		where, msg := At(path, err)
		return false, fmt.Errorf("%s: not a pull state file (%s); the next pull walks everything", where, msg)
	}
	return true, nil
}

// At returns path with the line and column of err when it has them (the
// path:line:col form editors jump to), and err's message without them.
func At(path string, err error) (where, msg string) {
	var ye *yamlx.Error
	if errors.As(err, &ye) {
		return fmt.Sprintf("%s:%d:%d", path, ye.Line, ye.Col), ye.Msg
	}
	return path, err.Error()
}

// WriteState writes v as the state file at path, atomically.
func WriteState(path string, v any) error {
	data, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		return err
	}
	return writeFileAtomic(path, append(data, '\n'))
}

// writeFileAtomic writes data to a temporary file in path's folder and
// renames it into place, so an interrupted pull leaves the previous file
// intact.
func writeFileAtomic(path string, data []byte) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return err
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".tmp-*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name()) // no-op once renamed
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	if err := os.Chmod(tmp.Name(), 0o644); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
}

// ReadSnapshotData decodes the data of the snapshot file at path into v,
// for an incremental pull that keeps what did not change. A missing file
// is (false, nil).
func ReadSnapshotData(path string, v any) (bool, error) {
	raw, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return false, nil
	}
	if err != nil {
		return false, err
	}
	var env pulldata.Envelope
	if err := pulldata.DecodeJSON(raw, &env); err != nil {
		where, msg := At(path, err)
		return false, fmt.Errorf("%s: not a snapshot (%s)", where, msg)
	}
	if err := json.Unmarshal(env.Data, v); err != nil {
		return false, fmt.Errorf("%s: its data is not what this source records (%v)", path, err)
	}
	return true, nil
}
