package publish

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// TestFullDiskIsOneError: when the disk refuses a write (here the kernel's
// /dev/full, which fails every write with ENOSPC), every later write
// returns the same error without touching the disk, so a build reports
// one message instead of one per file.
func TestFullDiskIsOneError(t *testing.T) {
	if _, err := os.Stat("/dev/full"); err != nil {
		t.Skip("no /dev/full")
	}
	dest := filepath.Join(t.TempDir(), "public")
	s, err := Begin(dest)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Abort()
	if err := os.Symlink("/dev/full", filepath.Join(s.tmp, "index.html")); err != nil {
		t.Fatal(err)
	}
	first := s.Write("index.html", []byte("home"))
	var de *DiskError
	if !errors.As(first, &de) || de.Errno != syscall.ENOSPC {
		t.Fatalf("first error = %v, want a DiskError with ENOSPC", first)
	}
	later := s.Write("a/index.html", []byte("page"))
	if later == nil || later.Error() != first.Error() {
		t.Fatalf("a later write: %v, want the same error as the first", later)
	}
	if _, err := os.Stat(filepath.Join(s.tmp, "a", "index.html")); err == nil {
		t.Error("a write after the disk failed still wrote its file")
	}
	if want := "no space left on device (first at "; !strings.Contains(first.Error(), want) || !strings.Contains(first.Error(), "free some space, or build into another folder with --out") {
		t.Errorf("message %q", first.Error())
	}
}
