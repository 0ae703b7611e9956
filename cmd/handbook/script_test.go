package main

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"io/fs"
	"net"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/handbook-dev/handbook/generator/cache"
	"github.com/handbook-dev/handbook/generator/publish"
	"github.com/rogpeppe/go-internal/testscript"
)

// TestMain lets the test binary run as the handbook command inside scripts
// ("exec handbook build"), so the scripts test the real command line.
func TestMain(m *testing.M) {
	testscript.Main(m, map[string]func(){
		"handbook": func() { os.Exit(run(os.Args[1:], os.Stdout, os.Stderr)) },
	})
}

// TestScripts runs the end-to-end scenarios in testdata/script: each is a
// tiny site project written inline, built with the handbook command.
func TestScripts(t *testing.T) {
	testscript.Run(t, testscript.Params{
		Dir:                 filepath.Join("testdata", "script"),
		RequireExplicitExec: true,
		RequireUniqueNames:  true,
		Cmds: map[string]func(ts *testscript.TestScript, neg bool, args []string){
			"events":     cmdEvents,
			"fetch":      cmdFetch,
			"freeport":   cmdFreePort,
			"httpwait":   cmdHTTPWait,
			"glob":       cmdGlob,
			"repeat":     cmdRepeat,
			"grepall":    cmdGrepAll,
			"hangserver": cmdHangServer,
			"sleep":      cmdSleep,
			"holdlock":   cmdHoldLock,
			"manifest":   cmdManifest,
			"mailserver": cmdMailServer,
			"webhook":    cmdWebhook,
		},
	})
}

// cmdHangServer starts, for the rest of the script, a TCP server on
// loopback that accepts connections and never answers, and sets $HANG to
// its address: a pull against it blocks until it is killed.
//
//	hangserver
func cmdHangServer(ts *testscript.TestScript, neg bool, args []string) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		ts.Fatalf("hangserver: %v", err)
	}
	var (
		mu    sync.Mutex
		conns []net.Conn
	)
	ts.Defer(func() {
		ln.Close()
		mu.Lock()
		defer mu.Unlock()
		for _, c := range conns {
			c.Close()
		}
	})
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			mu.Lock()
			conns = append(conns, c)
			mu.Unlock()
		}
	}()
	ts.Setenv("HANG", ln.Addr().String())
}

// cmdRepeat writes a file holding a head line, then text repeated n
// times (Go escapes such as \n and \x00 are decoded in both), for
// hostile inputs too large to write inline:
//
//	repeat content/slow.md 50000 '[a](b' '---\ntitle: Slow\n---\n'
func cmdRepeat(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) < 3 || len(args) > 4 {
		ts.Fatalf("usage: repeat file n text [head]")
	}
	n, err := strconv.Atoi(args[1])
	if err != nil {
		ts.Fatalf("repeat: %v", err)
	}
	unquote := func(s string) string {
		u, err := strconv.Unquote(`"` + strings.ReplaceAll(s, `"`, `\"`) + `"`)
		if err != nil {
			ts.Fatalf("repeat: %q: %v", s, err)
		}
		return u
	}
	head := ""
	if len(args) == 4 {
		head = unquote(args[3])
	}
	data := head + strings.Repeat(unquote(args[2]), n)
	if err := os.WriteFile(ts.MkAbs(args[0]), []byte(data), 0o644); err != nil {
		ts.Fatalf("repeat: %v", err)
	}
}

// cmdSleep waits, for scripts that act on a background command.
//
//	sleep 500ms
func cmdSleep(ts *testscript.TestScript, neg bool, args []string) {
	d, err := time.ParseDuration(args[0])
	if err != nil {
		ts.Fatalf("sleep: %v", err)
	}
	time.Sleep(d)
}

// cmdGlob checks that a file matching each glob pattern exists:
//
//	glob public/assets/style-*.css
//	! glob .public.tmp-*
func cmdGlob(ts *testscript.TestScript, neg bool, args []string) {
	if len(args) == 0 {
		ts.Fatalf("usage: [!] glob pattern...")
	}
	for _, pattern := range args {
		matches, err := filepath.Glob(ts.MkAbs(pattern))
		if err != nil {
			ts.Fatalf("glob %s: %v", pattern, err)
		}
		switch {
		case neg && len(matches) > 0:
			ts.Fatalf("%s matches %s", pattern, matches)
		case !neg && len(matches) == 0:
			ts.Fatalf("nothing matches %s", pattern)
		}
	}
}

// cmdGrepAll checks whether any regular file below a folder matches a
// regular expression; the folder must exist:
//
//	! grepall 'TOPSECRET' public
func cmdGrepAll(ts *testscript.TestScript, neg bool, args []string) {
	if len(args) != 2 {
		ts.Fatalf("usage: [!] grepall regexp dir")
	}
	re, err := regexp.Compile(args[0])
	if err != nil {
		ts.Fatalf("grepall: %v", err)
	}
	root := ts.MkAbs(args[1])
	if info, err := os.Stat(root); err != nil || !info.IsDir() {
		ts.Fatalf("grepall: %s is not a folder", args[1])
	}
	var found []string
	err = filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.Type().IsRegular() {
			return nil
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		if re.Match(data) {
			rel, _ := filepath.Rel(root, p)
			found = append(found, rel)
		}
		return nil
	})
	if err != nil {
		ts.Fatalf("grepall: %v", err)
	}
	switch {
	case neg && len(found) > 0:
		ts.Fatalf("%q found in %s/%v", args[0], args[1], found)
	case !neg && len(found) == 0:
		ts.Fatalf("%q not found in any file below %s", args[0], args[1])
	}
}

// cmdHoldLock takes the lock of an output or cache folder, as a build
// of another process would, and holds it for a while (in the
// background; the script goes on) or, without a duration, to the end of
// the script:
//
//	holdlock output site 1s
//	holdlock cache .handbook-cache
func cmdHoldLock(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) < 2 || len(args) > 3 || (args[0] != "output" && args[0] != "cache") {
		ts.Fatalf("usage: holdlock output|cache dir [duration]")
	}
	var unlock func()
	if args[0] == "output" {
		l, err := publish.Lock(context.Background(), ts.MkAbs(args[1]), 0, nil)
		if err != nil {
			ts.Fatalf("holdlock: %v", err)
		}
		unlock = l.Unlock
	} else {
		store := cache.New(ts.MkAbs(args[1]))
		if err := store.Lock(context.Background(), 0, nil); err != nil {
			ts.Fatalf("holdlock: %v", err)
		}
		unlock = store.Close
	}
	if len(args) == 2 {
		ts.Defer(unlock)
		return
	}
	d, err := time.ParseDuration(args[2])
	if err != nil {
		ts.Fatalf("holdlock: %v", err)
	}
	released := make(chan struct{})
	go func() {
		time.Sleep(d)
		unlock()
		close(released)
	}()
	ts.Defer(func() { <-released })
}

// cmdManifest checks that an output folder holds exactly what its
// manifest.json lists: every file with its size and SHA-256, and no
// other file (the manifests of audience folders aside).
//
//	manifest public
func cmdManifest(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 1 {
		ts.Fatalf("usage: manifest dir")
	}
	root := ts.MkAbs(args[0])
	data, err := os.ReadFile(filepath.Join(root, "manifest.json"))
	if err != nil {
		ts.Fatalf("manifest: %v", err)
	}
	var m struct {
		Files []struct {
			Path   string
			Size   int64
			SHA256 string
		}
	}
	if err := json.Unmarshal(data, &m); err != nil {
		ts.Fatalf("manifest: %v", err)
	}
	listed := map[string]bool{}
	var bad []string
	for _, f := range m.Files {
		listed[f.Path] = true
		b, err := os.ReadFile(filepath.Join(root, filepath.FromSlash(f.Path)))
		sum := sha256.Sum256(b)
		if err != nil || int64(len(b)) != f.Size || hex.EncodeToString(sum[:]) != f.SHA256 {
			bad = append(bad, f.Path)
		}
	}
	err = filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || d.Name() == "manifest.json" {
			return err
		}
		rel, _ := filepath.Rel(root, p)
		if !listed[filepath.ToSlash(rel)] {
			bad = append(bad, filepath.ToSlash(rel)+" (not listed)")
		}
		return nil
	})
	if err != nil {
		ts.Fatalf("manifest: %v", err)
	}
	if len(bad) > 0 {
		if len(bad) > 10 {
			bad = append(bad[:10], "…")
		}
		ts.Fatalf("%s: %d of %d files do not match manifest.json: %v", args[0], len(bad), len(m.Files), bad)
	}
}
