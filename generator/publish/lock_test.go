package publish

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestLockWaitsOrFails: while one build holds an output's lock, another
// fails at once without a wait, naming the holder's process, or is told
// it waits and gets the lock when the first releases it; the lock file
// lies beside the output, outside the folders the swap exchanges.
func TestLockWaitsOrFails(t *testing.T) {
	dest := filepath.Join(t.TempDir(), "public")
	first, err := Lock(context.Background(), dest, 0, nil)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(filepath.Dir(dest), ".public.lock")); err != nil {
		t.Fatalf("no lock file beside the output: %v", err)
	}
	for _, tc := range []struct {
		name string
		wait time.Duration
	}{{"no wait", -1}, {"short wait", 150 * time.Millisecond}} {
		start := time.Now()
		waitedFor := -1
		_, err := Lock(context.Background(), dest, tc.wait, func(pid int) { waitedFor = pid })
		if !errors.Is(err, ErrLocked) || !strings.Contains(err.Error(), dest) {
			t.Fatalf("%s: Lock = %v, want ErrLocked naming %s", tc.name, err, dest)
		}
		if tc.wait > 0 && (waitedFor != os.Getpid() || time.Since(start) < tc.wait) {
			t.Errorf("%s: waiting told process %d after %s, want %d after at least %s", tc.name, waitedFor, time.Since(start), os.Getpid(), tc.wait)
		}
	}
	go func() {
		time.Sleep(200 * time.Millisecond)
		first.Unlock()
	}()
	waited := false
	second, err := Lock(context.Background(), dest, time.Minute, func(int) { waited = true })
	if err != nil || !waited {
		t.Fatalf("Lock = %v (waited: %v), want the lock once the first build released it", err, waited)
	}
	second.Unlock()
}
