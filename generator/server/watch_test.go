package server

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/fsnotify/fsnotify"
)

// waitBatch returns the next batch, or fails after a generous wait (the
// wait bounds a hang; it is not a speed requirement).
func waitBatch(t *testing.T, batches <-chan []string) []string {
	t.Helper()
	select {
	case b := <-batches:
		return b
	case <-time.After(10 * time.Second):
		t.Fatal("no batch of changes arrived")
		return nil
	}
}

func write(t *testing.T, p, data string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
}

func startWatcher(t *testing.T, w *Watcher) <-chan []string {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	batches, err := w.Watch(ctx)
	if err != nil {
		t.Fatal(err)
	}
	return batches
}

func TestWatcher(t *testing.T) {
	tests := []struct {
		name string
		act  func(t *testing.T, root string)
		want []string // the batch, relative to root
	}{
		{"a burst of saves is one batch", func(t *testing.T, root string) {
			for i := range 20 {
				write(t, filepath.Join(root, "content/a.md"), strings.Repeat("x", i))
			}
			write(t, filepath.Join(root, "content/b.md"), "b")
		}, []string{"content/a.md", "content/b.md"}},
		{"vim saves by renaming: backup, write anew, delete the backup", func(t *testing.T, root string) {
			p := filepath.Join(root, "content/a.md")
			write(t, filepath.Join(root, "content/4913"), "")
			os.Remove(filepath.Join(root, "content/4913"))
			if err := os.Rename(p, p+"~"); err != nil {
				t.Fatal(err)
			}
			write(t, p, "new text")
			os.Remove(p + "~")
		}, []string{"content/a.md"}},
		{"an editor writing a temporary file and renaming it", func(t *testing.T, root string) {
			tmp := filepath.Join(root, "content/.a.md.tmp123")
			write(t, tmp, "new text")
			if err := os.Rename(tmp, filepath.Join(root, "content/a.md")); err != nil {
				t.Fatal(err)
			}
		}, []string{"content/a.md"}},
		{"a folder created later is watched", func(t *testing.T, root string) {
			write(t, filepath.Join(root, "content/new/deeper/page.md"), "x")
		}, []string{"content/new", "content/new/deeper", "content/new/deeper/page.md"}},
		{"the ignored output folder and hidden files are not reported", func(t *testing.T, root string) {
			write(t, filepath.Join(root, "public/index.html"), "x")
			write(t, filepath.Join(root, ".git/index"), "x")
			write(t, filepath.Join(root, "content/.hidden.md"), "x")
			write(t, filepath.Join(root, "content/b.md"), "b")
		}, []string{"content/b.md"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			root := t.TempDir()
			write(t, filepath.Join(root, "content/a.md"), "a")
			write(t, filepath.Join(root, "public/old.html"), "x")
			write(t, filepath.Join(root, ".git/HEAD"), "x")
			out := filepath.Join(root, "public")
			w := &Watcher{Root: root, Debounce: 100 * time.Millisecond, Ignore: func(p string) bool { return p == out || strings.HasPrefix(p, out+"/") }}
			batches := startWatcher(t, w)
			tt.act(t, root)
			got := waitBatch(t, batches)
			for i := range got {
				got[i], _ = filepath.Rel(root, got[i])
				got[i] = filepath.ToSlash(got[i])
			}
			// "new" and "new/deeper" may come as events of their own
			// or not at all: only the files must be there.
			var want []string
			for _, p := range tt.want {
				if strings.HasSuffix(p, ".md") {
					want = append(want, p)
				}
			}
			var files []string
			for _, p := range got {
				if strings.HasSuffix(p, ".md") {
					files = append(files, p)
				} else if !slices.Contains(tt.want, p) {
					t.Errorf("unexpected path %s in %v", p, got)
				}
			}
			if !slices.Equal(files, want) {
				t.Errorf("batch %v, want %v", got, tt.want)
			}
		})
	}
}

func TestWatcherFallsBackToPolling(t *testing.T) {
	root := t.TempDir()
	write(t, filepath.Join(root, "content/a.md"), "a")
	var log bytes.Buffer
	w := &Watcher{Root: root, Debounce: 50 * time.Millisecond, PollInterval: 50 * time.Millisecond, Log: &log,
		add: func(*fsnotify.Watcher, string) error { return syscall.ENOSPC }}
	batches := startWatcher(t, w)
	if !strings.Contains(log.String(), "limit of file watches is reached") || !strings.Contains(log.String(), "fs.inotify.max_user_watches") {
		t.Errorf("message %q does not explain the fallback", log.String())
	}
	time.Sleep(120 * time.Millisecond) // let the first scan happen
	write(t, filepath.Join(root, "content/a.md"), "changed, and longer")
	write(t, filepath.Join(root, "content/new/b.md"), "b")
	got := waitBatch(t, batches)
	want := []string{filepath.Join(root, "content/a.md"), filepath.Join(root, "content/new/b.md")}
	for len(got) < len(want) { // the two writes may straddle a scan
		got = append(got, waitBatch(t, batches)...)
		slices.Sort(got)
	}
	if !slices.Equal(got, want) {
		t.Errorf("polled %v, want %v", got, want)
	}
}
