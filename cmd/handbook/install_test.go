package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestMakeInstall runs make install into a temporary GOBIN, as the quick
// start does: the handbook command lands there and runs, and the target
// says where it went and whether that folder is on PATH.
func TestMakeInstall(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the command; not in -short")
	}
	if _, err := exec.LookPath("make"); err != nil {
		t.Skip("make is not installed")
	}
	root, err := filepath.Abs(filepath.Join("..", ".."))
	if err != nil {
		t.Fatal(err)
	}
	gobin := t.TempDir()
	for _, tc := range []struct {
		name, path, want string
	}{
		{"GOBIN not on PATH", os.Getenv("PATH"), gobin + " is not on your PATH: add it"},
		{"GOBIN on PATH", gobin + string(os.PathListSeparator) + os.Getenv("PATH"), gobin + " is on your PATH"},
	} {
		cmd := exec.Command("make", "--no-print-directory", "-C", root, "install")
		cmd.Env = append(os.Environ(), "GOBIN="+gobin, "PATH="+tc.path)
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("%s: make install: %v\n%s", tc.name, err, out)
		}
		for _, want := range []string{"Installed handbook into " + gobin + "\n", tc.want} {
			if !strings.Contains(string(out), want) {
				t.Errorf("%s: make install printed\n%s\nwant %q", tc.name, out, want)
			}
		}
	}
	version, err := exec.Command(filepath.Join(gobin, "handbook"), "version").Output()
	if err != nil {
		t.Fatalf("the installed handbook version: %v", err)
	}
	if !strings.HasPrefix(string(version), "handbook ") {
		t.Errorf("the installed handbook version printed %q", version)
	}
}
