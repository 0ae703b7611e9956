package server

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"syscall"
	"time"

	"github.com/fsnotify/fsnotify"
)

// Watcher reports changed files below a folder in batches: a burst of
// events (an editor's save is often a write, a rename and a chmod) ends
// in one batch once no event came for Debounce. It uses the operating
// system's notifications through fsnotify and adds folders created
// later; when the system's limit of watches is reached it says so and
// falls back to polling the tree.
type Watcher struct {
	// Root is the folder watched, recursively.
	Root string
	// Ignore reports paths to leave out (the output folder, .git); nil
	// ignores nothing but hidden files and editors' temporary files.
	Ignore func(path string) bool
	// Debounce is the quiet time that ends a batch (default 20 ms).
	Debounce time.Duration
	// PollInterval is how often the polling fallback walks the tree
	// (default one second).
	PollInterval time.Duration
	// Log receives the message about the fallback; nil discards it.
	Log io.Writer

	// add is fsnotify's Add, replaced in tests to simulate the limit.
	add func(w *fsnotify.Watcher, dir string) error
}

// Watch watches until ctx is done, sending each batch of changed
// absolute paths, sorted, on the returned channel.
func (w *Watcher) Watch(ctx context.Context) (<-chan []string, error) {
	if w.Debounce <= 0 {
		w.Debounce = 20 * time.Millisecond
	}
	if w.PollInterval <= 0 {
		w.PollInterval = time.Second
	}
	if w.add == nil {
		w.add = func(fw *fsnotify.Watcher, dir string) error { return fw.Add(dir) }
	}
	raw := make(chan string, 256)
	batches := make(chan []string)
	fw, err := fsnotify.NewWatcher()
	if err != nil {
		return nil, err
	}
	if err := w.addTree(fw, w.Root, nil); err != nil {
		fw.Close()
		if !isWatchLimit(err) {
			return nil, err
		}
		w.logLimit()
		go w.poll(ctx, raw)
	} else {
		go w.notify(ctx, fw, raw)
	}
	go debounce(ctx, raw, batches, w.Debounce)
	return batches, nil
}

func isWatchLimit(err error) bool {
	return errors.Is(err, syscall.ENOSPC) || errors.Is(err, syscall.EMFILE)
}

func (w *Watcher) logLimit() {
	if w.Log != nil {
		fmt.Fprintf(w.Log, "handbook serve: the system's limit of file watches is reached, so changes are found by polling every %s instead (slower, and a little CPU). To watch again, raise the limit, e.g. sudo sysctl fs.inotify.max_user_watches=524288, or close other programs that watch files.\n", w.PollInterval)
	}
}

// skip reports whether a path is not watched: ignored by the caller,
// hidden, or an editor's temporary or backup file (vim's 4913 and
// name~, .swp files, Emacs' .#name and #name#).
func (w *Watcher) skip(p string) bool {
	if w.Ignore != nil && w.Ignore(p) {
		return true
	}
	name := filepath.Base(p)
	return p != w.Root && (strings.HasPrefix(name, ".") || strings.HasSuffix(name, "~") || strings.HasPrefix(name, "#") ||
		strings.HasSuffix(name, ".swp") || strings.HasSuffix(name, ".swx") || strings.HasSuffix(name, ".tmp") || name == "4913")
}

// addTree watches dir and every folder below it; found, if not nil,
// receives the files already there (a folder created after the watch
// started may have been filled before it was added).
func (w *Watcher) addTree(fw *fsnotify.Watcher, dir string, found func(string)) error {
	return filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			if p == dir {
				return err
			}
			return nil // vanished meanwhile
		}
		if w.skip(p) {
			if d.IsDir() {
				return filepath.SkipDir
			}
			return nil
		}
		if d.IsDir() {
			return w.add(fw, p)
		}
		if found != nil {
			found(p)
		}
		return nil
	})
}

func (w *Watcher) notify(ctx context.Context, fw *fsnotify.Watcher, raw chan<- string) {
	defer fw.Close()
	for {
		select {
		case <-ctx.Done():
			return
		case err, ok := <-fw.Errors:
			if !ok {
				return
			}
			if w.Log != nil {
				fmt.Fprintf(w.Log, "handbook serve: watching files: %v\n", err)
			}
		case ev, ok := <-fw.Events:
			if !ok {
				return
			}
			if ev.Op == fsnotify.Chmod || w.skip(ev.Name) {
				continue
			}
			if ev.Has(fsnotify.Create) {
				if info, err := os.Lstat(ev.Name); err == nil && info.IsDir() {
					err := w.addTree(fw, ev.Name, func(p string) { raw <- p })
					if isWatchLimit(err) {
						fw.Close()
						w.logLimit()
						go w.poll(ctx, raw)
						return
					}
				}
			}
			raw <- ev.Name
		}
	}
}

// stamp is what polling compares: a file changed when either differs.
type stamp struct {
	size int64
	mod  time.Time
}

func (w *Watcher) scan() map[string]stamp {
	m := map[string]stamp{}
	_ = filepath.WalkDir(w.Root, func(p string, d fs.DirEntry, err error) error {
		if err != nil || w.skip(p) {
			if err == nil && d.IsDir() {
				return filepath.SkipDir
			}
			return nil
		}
		if d.Type().IsRegular() {
			if info, err := d.Info(); err == nil {
				m[p] = stamp{info.Size(), info.ModTime()}
			}
		}
		return nil
	})
	return m
}

// poll walks the tree every PollInterval and reports files that were
// added, removed or changed (size or modification time).
func (w *Watcher) poll(ctx context.Context, raw chan<- string) {
	prev := w.scan()
	t := time.NewTicker(w.PollInterval)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
		cur := w.scan()
		for p, s := range cur {
			if old, ok := prev[p]; !ok || old != s {
				raw <- p
			}
		}
		for p := range prev {
			if _, ok := cur[p]; !ok {
				raw <- p
			}
		}
		prev = cur
	}
}

// debounce gathers paths until none came for quiet, then offers them as
// one batch. While the receiver is busy (a rebuild), new paths join the
// batch on offer, so a burst during a rebuild yields one more rebuild.
func debounce(ctx context.Context, raw <-chan string, out chan<- []string, quiet time.Duration) {
	pending := map[string]bool{}
	ready := map[string]bool{}
	var batch []string
	timer := time.NewTimer(time.Hour)
	timer.Stop()
	for {
		var send chan<- []string
		if len(batch) > 0 {
			send = out
		}
		select {
		case <-ctx.Done():
			return
		case p := <-raw:
			pending[p] = true
			timer.Reset(quiet)
		case <-timer.C:
			for p := range pending {
				ready[p] = true
			}
			pending = map[string]bool{}
			batch = batch[:0:0]
			for p := range ready {
				batch = append(batch, p)
			}
			sort.Strings(batch)
		case send <- batch:
			batch, ready = nil, map[string]bool{}
		}
	}
}
