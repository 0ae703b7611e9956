package publish

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"time"

	"github.com/handbook-dev/handbook/generator/internal/filelock"
)

// OutputLock is the lock a build holds on its output folder from before
// it reads the staging folder until after it swapped it into place, so
// that two builds into one folder never write it at once (they mixed
// their files into one output, and both reported success). It is an OS
// lock on a file beside the output, .<name>.lock: not inside the folders
// the swap exchanges, and released by the kernel if the build dies.
//
// The lock file also keeps what the builds holding it committed: the
// SHA-256 and time of each of the last two manifests. Only a staging
// folder whose manifest is one of them is trusted to list what the
// folder holds (see Stage.unchanged); any other (written by a build
// that did not hold the lock, or edited) makes the build read and
// compare every file it would otherwise take on the manifest's word.
type OutputLock struct {
	dest  string
	lock  *filelock.Lock
	state lockState
}

// lockState is the JSON the lock file holds.
type lockState struct {
	// PID is the process holding the lock, for the message of a build
	// waiting for it.
	PID int `json:"pid"`
	// Committed are the manifests of the output and of the staging
	// folder (the output before it), newest first.
	Committed []committedManifest `json:"committed,omitempty"`
}

// committedManifest names a manifest a build wrote under the lock.
type committedManifest struct {
	SHA256 string `json:"sha256"`
	// Written is the manifest's modification time as the build left it:
	// the time its files were all written by.
	Written time.Time `json:"written"`
}

// LockPath returns the lock file of the output folder dest.
func LockPath(dest string) string {
	dest = filepath.Clean(dest)
	return filepath.Join(filepath.Dir(dest), "."+filepath.Base(dest)+".lock")
}

// ErrLocked is returned (wrapped) by Lock when another build held the
// output folder for the whole wait.
var ErrLocked = errors.New("another build holds the output folder")

// Lock takes the lock of the output folder dest, creating its parent
// folder. While another build holds it, waiting is called once with
// that build's process id (0 if unknown) and Lock waits up to wait (not
// at all when wait is zero or less) for it to finish.
func Lock(ctx context.Context, dest string, wait time.Duration, waiting func(pid int)) (*OutputLock, error) {
	dest = filepath.Clean(dest)
	if err := os.MkdirAll(filepath.Dir(dest), 0o755); err != nil {
		return nil, err
	}
	path := LockPath(dest)
	l, err := filelock.Acquire(ctx, path, wait, func() {
		if waiting != nil {
			waiting(holderSoon(path))
		}
	})
	if errors.Is(err, filelock.ErrTimeout) {
		who := "another build"
		if pid := holder(path); pid > 0 {
			who += " (process " + strconv.Itoa(pid) + ")"
		}
		return nil, fmt.Errorf("%w: %s is building %s%s", ErrLocked, who, dest, filelock.Advice(wait))
	}
	if err != nil {
		return nil, fmt.Errorf("cannot lock the output folder with %s: %w", path, err)
	}
	ol := &OutputLock{dest: dest, lock: l}
	if data, err := l.State(); err == nil && len(data) > 0 {
		_ = json.Unmarshal(data, &ol.state) // an unreadable state trusts no manifest
	}
	ol.state.PID = os.Getpid()
	if err := ol.save(); err != nil {
		l.Unlock()
		return nil, fmt.Errorf("cannot write the lock file %s: %w", path, err)
	}
	return ol, nil
}

// holderSoon returns the process id of the build holding the lock file,
// waiting a moment for it: a build writes its id just after taking the
// lock, and one that finds the lock taken at that instant would
// otherwise name nobody.
func holderSoon(path string) int {
	for range 20 {
		if pid := holder(path); pid > 0 {
			return pid
		}
		time.Sleep(10 * time.Millisecond)
	}
	return 0
}

// holder returns the process id a lock file names, or 0.
func holder(path string) int {
	data, err := os.ReadFile(path)
	if err != nil {
		return 0
	}
	var st lockState
	if json.Unmarshal(data, &st) != nil {
		return 0
	}
	return st.PID
}

func (l *OutputLock) save() error {
	data, err := json.Marshal(l.state)
	if err != nil {
		return err
	}
	return l.lock.SetState(append(data, '\n'))
}

// Begin prepares the staging folder beside the locked output, reusing
// the one a previous build left there (see Begin).
func (l *OutputLock) Begin() (*Stage, error) { return begin(l.dest, l) }

// committed returns the record of the manifest whose SHA-256 is sum.
func (l *OutputLock) committed(sum string) (committedManifest, bool) {
	if l == nil {
		return committedManifest{}, false
	}
	for _, c := range l.state.Committed {
		if c.SHA256 == sum {
			return c, true
		}
	}
	return committedManifest{}, false
}

// recordCommit notes the manifest a build just committed: after the
// swap, the output holds it and the staging folder the one before.
func (l *OutputLock) recordCommit(c committedManifest) error {
	if l == nil {
		return nil
	}
	keep := []committedManifest{c}
	if len(l.state.Committed) > 0 && l.state.Committed[0].SHA256 != c.SHA256 {
		keep = append(keep, l.state.Committed[0])
	}
	l.state.Committed = keep
	return l.save()
}

// Unlock releases the lock. The lock file stays (see filelock.Acquire).
func (l *OutputLock) Unlock() {
	if l != nil {
		_ = l.lock.Unlock()
	}
}
