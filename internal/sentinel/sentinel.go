// Package sentinel gives the whole test suite one secret to hunt for.
// `make test` sets HANDBOOK_TEST_SENTINEL to a fresh random value for the
// run (and the credential variables of the example project to the same
// value); every test that hands a token or client secret to handbook
// takes it from Value, checks the snapshots and sites it produces with
// CheckTree, and the Makefile searches the run's whole verbose log for
// it. The product never imports this package.
package sentinel

import (
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// Env is the variable that holds the run's sentinel.
const Env = "HANDBOOK_TEST_SENTINEL"

// fallback is the sentinel when a test runs outside `make test`.
const fallback = "hb-SENTINEL-6c0f3a9e"

// Value returns the run's sentinel secret.
func Value() string {
	if v := os.Getenv(Env); v != "" {
		return v
	}
	return fallback
}

// CheckText fails t when text contains the sentinel; what names the text.
func CheckText(t testing.TB, what, text string) {
	t.Helper()
	if strings.Contains(text, Value()) {
		t.Errorf("the sentinel secret reached %s", what)
	}
}

// CheckTree fails t for every file under dir that contains the sentinel
// (snapshots, history files, a built site).
func CheckTree(t testing.TB, dir string) {
	t.Helper()
	s := []byte(Value())
	err := filepath.WalkDir(dir, func(p string, e fs.DirEntry, err error) error {
		if err != nil || e.IsDir() {
			return err
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		if strings.Contains(string(b), string(s)) {
			t.Errorf("the sentinel secret reached %s", p)
		}
		return nil
	})
	if err != nil {
		t.Errorf("checking %s for the sentinel: %v", dir, err)
	}
}
