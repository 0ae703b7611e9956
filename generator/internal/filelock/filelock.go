// Package filelock takes exclusive operating-system locks on files, so
// that two handbook processes never write one output or cache folder at
// once. The lock is advisory (flock on Unix, LockFileEx on Windows): the
// kernel releases it when its holder exits, however it exits, so a build
// killed with SIGKILL leaves no stale lock behind, which a lock made of
// a file's existence would.
package filelock

import (
	"context"
	"errors"
	"io"
	"os"
	"time"
)

// ErrTimeout is returned by Acquire when another process held the lock
// for the whole wait.
var ErrTimeout = errors.New("timed out waiting for the lock")

// pollInterval is how often a waiting Acquire tries the lock again.
// Polling, rather than a blocking lock call, lets a wait end at its
// deadline or with its context on every OS.
const pollInterval = 100 * time.Millisecond

// Lock is an exclusive lock on a file, held until Unlock. The file may
// hold a small state that only the holder writes (see State, SetState).
type Lock struct{ f *os.File }

// Acquire opens the file at path, creating it, and locks it. When
// another process holds it, waiting is called once (to say why nothing
// happens), and Acquire tries again until it gets the lock, wait has
// passed (ErrTimeout) or ctx ends. A wait of zero or less does not
// wait. The file is never removed: a process that removed it could let
// a third one lock a new file while a second holds the old one.
func Acquire(ctx context.Context, path string, wait time.Duration, waiting func()) (*Lock, error) {
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o644)
	if err != nil {
		return nil, err
	}
	deadline := time.Now().Add(wait)
	for first := true; ; first = false {
		ok, err := tryLock(f)
		if err != nil {
			f.Close()
			return nil, err
		}
		if ok {
			return &Lock{f: f}, nil
		}
		if !time.Now().Before(deadline) {
			f.Close()
			return nil, ErrTimeout
		}
		if first && waiting != nil {
			waiting()
		}
		select {
		case <-ctx.Done():
			f.Close()
			return nil, ctx.Err()
		case <-time.After(min(pollInterval, time.Until(deadline))):
		}
	}
}

// State returns what the lock file holds.
func (l *Lock) State() ([]byte, error) {
	if _, err := l.f.Seek(0, io.SeekStart); err != nil {
		return nil, err
	}
	return io.ReadAll(l.f)
}

// SetState replaces what the lock file holds.
func (l *Lock) SetState(data []byte) error {
	if err := l.f.Truncate(0); err != nil {
		return err
	}
	_, err := l.f.WriteAt(data, 0)
	return err
}

// Unlock releases the lock.
func (l *Lock) Unlock() error {
	if l == nil || l.f == nil {
		return nil
	}
	err := unlock(l.f)
	if cerr := l.f.Close(); err == nil {
		err = cerr
	}
	l.f = nil
	return err
}

// Advice ends the error of a build that did not get a lock another
// build holds, for a wait of wait: what the writer can do.
func Advice(wait time.Duration) string {
	if wait <= 0 {
		return "; let it finish and build again, or give --wait a time to wait for it"
	}
	return " after waiting " + wait.String() + "; let it finish, or stop it, and build again (--wait sets how long a build waits)"
}
