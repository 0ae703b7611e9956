package cache

import (
	"context"
	"crypto/sha256"
	"errors"
	"os"
	"testing"
	"time"
)

// TestEntriesOnDiskAreVerified: an entry whose bytes changed on disk
// is a miss, never returned, and the build that misses it and converts
// the page again writes it anew.
func TestEntriesOnDiskAreVerified(t *testing.T) {
	value := []byte(`<p>The real page.</p>`)
	for _, tc := range []struct {
		name   string
		tamper func(entry []byte) []byte
		hit    bool
	}{
		{"untouched", func(e []byte) []byte { return e }, true},
		{"value edited", func(e []byte) []byte {
			return append(append([]byte{}, e[:len(e)-len(value)]...), []byte(`<p>The evil page.</p>`)...)
		}, false},
		{"value and stored hash replaced by a bare value (older format)", func([]byte) []byte { return []byte(`<p>Injected by hand, long enough to hold a hash.</p>`) }, false},
		{"truncated", func(e []byte) []byte { return e[:len(e)-3] }, false},
		{"shorter than a hash", func([]byte) []byte { return []byte("x") }, false},
		{"empty", func([]byte) []byte { return nil }, false},
		{"hash of other bytes", func(e []byte) []byte {
			sum := sha256.Sum256([]byte("other"))
			return append(sum[:], e[min(len(e), sha256.Size):]...)
		}, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			key := sha256.Sum256([]byte("page key"))
			first := New(dir)
			first.Put(key, value)
			if err := first.Save(); err != nil {
				t.Fatal(err)
			}
			p := first.path(key)
			entry, err := os.ReadFile(p)
			if err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(p, tc.tamper(entry), 0o644); err != nil {
				t.Fatal(err)
			}
			next := New(dir)
			got, ok := next.Get(key)
			if ok != tc.hit || (ok && string(got) != string(value)) {
				t.Fatalf("Get = %q, %v; want a hit: %v", got, ok, tc.hit)
			}
			if tc.hit {
				return
			}
			// The build converts the page again and saves the result.
			next.Put(key, value)
			if err := next.Save(); err != nil {
				t.Fatal(err)
			}
			if got, ok := New(dir).Get(key); !ok || string(got) != string(value) {
				t.Errorf("after the rebuild Get = %q, %v; want the real value written anew", got, ok)
			}
		})
	}
}

// TestLockMakesASecondBuildWait: a second store on the same folder
// waits for the first's Close, or fails with ErrLocked when its wait
// ends first; Save keeps the lock file.
func TestLockMakesASecondBuildWait(t *testing.T) {
	dir := t.TempDir()
	first := New(dir)
	if err := first.Lock(context.Background(), time.Second, nil); err != nil {
		t.Fatal(err)
	}
	if err := first.Save(); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(dir + "/" + LockFile); err != nil {
		t.Fatalf("Save removed the lock file: %v", err)
	}
	waited := false
	if err := New(dir).Lock(context.Background(), -1, func() { waited = true }); !errors.Is(err, ErrLocked) || waited {
		t.Fatalf("second Lock without a wait = %v (waiting called: %v), want ErrLocked at once", err, waited)
	}
	go func() {
		time.Sleep(200 * time.Millisecond)
		first.Close()
	}()
	second := New(dir)
	if err := second.Lock(context.Background(), time.Minute, func() { waited = true }); err != nil || !waited {
		t.Fatalf("second Lock = %v (waiting called: %v), want the lock after a wait", err, waited)
	}
	second.Close()
}

// BenchmarkVerify measures the check of an entry read from disk, at the
// mean size of a 1,000-page corpus's entries (15 MB in 2,111 files):
// the whole cost the check adds to a warm build is this times the
// entries it reads.
func BenchmarkVerify(b *testing.B) {
	entry := seal(make([]byte, 7<<10))
	b.SetBytes(int64(len(entry)))
	for b.Loop() {
		if _, ok := verify(entry); !ok {
			b.Fatal("a sealed entry does not verify")
		}
	}
}

// TestPutWritesAtOnce: an entry put into a store with a folder is on
// disk before Save, where another store reads it; Save keeps it (it was
// used) and removes an entry no lookup of the build used.
func TestPutWritesAtOnce(t *testing.T) {
	dir := t.TempDir()
	old := sha256.Sum256([]byte("entry of an earlier build"))
	earlier := New(dir)
	earlier.Put(old, []byte("old"))
	if err := earlier.Save(); err != nil {
		t.Fatal(err)
	}
	key := sha256.Sum256([]byte("page key"))
	s := New(dir)
	s.Put(key, []byte("<p>page</p>"))
	if got, ok := New(dir).Get(key); !ok || string(got) != "<p>page</p>" {
		t.Fatalf("before Save, another store's Get = %q, %v; want the entry", got, ok)
	}
	if err := s.Save(); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(s.path(key)); err != nil {
		t.Errorf("Save removed the entry put in its build: %v", err)
	}
	if _, err := os.Stat(s.path(old)); !os.IsNotExist(err) {
		t.Errorf("the entry no lookup used is still there (%v)", err)
	}
}
