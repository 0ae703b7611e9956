package gitrepo

import (
	"archive/tar"
	"bytes"
	"context"
	"errors"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
)

// git runs a git command for a test's setup, outside the package.
func git(t *testing.T, dir string, args ...string) string {
	t.Helper()
	cmd := exec.Command("git", append([]string{"-C", dir}, args...)...)
	cmd.Env = append(os.Environ(), "GIT_AUTHOR_NAME=A", "GIT_AUTHOR_EMAIL=a@x", "GIT_COMMITTER_NAME=A", "GIT_COMMITTER_EMAIL=a@x",
		"GIT_AUTHOR_DATE=2026-03-04T05:06:07Z", "GIT_COMMITTER_DATE=2026-03-04T05:06:07Z", "GIT_CONFIG_NOSYSTEM=1")
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("git %v: %v\n%s", args, err, out)
	}
	return strings.TrimSpace(string(out))
}

func write(t *testing.T, dir, name, body string) {
	t.Helper()
	p := filepath.Join(dir, filepath.FromSlash(name))
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
}

// fixture is a repository with the project in docs/: two commits, the
// first tagged v1, and a file with a non-ASCII name.
type fixture struct {
	top, project, first, second string
	// empty is a repository without commits; outside is a folder in no
	// repository; shallow is a depth-1 clone of top.
	empty, outside, shallow string
}

func newFixture(t *testing.T) fixture {
	t.Helper()
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("no git")
	}
	var f fixture
	f.top = t.TempDir()
	git(t, f.top, "init", "-q", "-b", "main")
	git(t, f.top, "config", "user.email", "writer@example.org")
	write(t, f.top, "docs/content/a.md", "one\n")
	write(t, f.top, "README.md", "top\n")
	git(t, f.top, "add", "-A")
	git(t, f.top, "commit", "-q", "-m", "first")
	git(t, f.top, "tag", "v1")
	f.first = git(t, f.top, "rev-parse", "HEAD")
	write(t, f.top, "docs/content/a.md", "two\n")
	write(t, f.top, "docs/content/café.md", "new\n")
	git(t, f.top, "add", "-A")
	git(t, f.top, "commit", "-q", "-m", "second")
	f.second = git(t, f.top, "rev-parse", "HEAD")
	f.project = filepath.Join(f.top, "docs")
	f.empty = t.TempDir()
	git(t, f.empty, "init", "-q", "-b", "main")
	f.outside = t.TempDir()
	f.shallow = filepath.Join(t.TempDir(), "clone")
	git(t, f.top, "clone", "-q", "--depth=1", "file://"+f.top, f.shallow)
	return f
}

// noFile fails when an option-like argument made git write a file.
func noFile(t *testing.T, dirs ...string) {
	t.Helper()
	for _, d := range dirs {
		if _, err := os.Stat(filepath.Join(d, "x")); err == nil {
			t.Errorf("git wrote %s: an argument was read as an option", filepath.Join(d, "x"))
		}
	}
}

func TestQueries(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	tests := []struct {
		name    string
		run     func() (any, error)
		want    any
		wantErr error // a sentinel the error matches; nil: no error
	}{
		{"head", func() (any, error) { return Open(f.project).Head(ctx) }, f.second, nil},
		{"head without commits", func() (any, error) { return Open(f.empty).Head(ctx) }, "", ErrUnknownRevision},
		{"head outside a repository", func() (any, error) { return Open(f.outside).Head(ctx) }, "", ErrNotRepository},
		{"clean", func() (any, error) { return Open(f.project).Dirty(ctx) }, false, nil},
		{"dirty outside a repository", func() (any, error) { return Open(f.outside).Dirty(ctx) }, false, ErrNotRepository},
		{"shape below the top", func() (any, error) { return Open(f.project).Shape(ctx) }, Shape{Prefix: "docs/"}, nil},
		{"shape at the top", func() (any, error) { return Open(f.top).Shape(ctx) }, Shape{}, nil},
		{"shape of a shallow clone", func() (any, error) { return Open(filepath.Join(f.shallow, "docs")).Shape(ctx) }, Shape{Shallow: true, Prefix: "docs/"}, nil},
		{"shape outside a repository", func() (any, error) { return Open(f.outside).Shape(ctx) }, Shape{}, ErrNotRepository},
		{"resolve a tag", func() (any, error) { return Open(f.project).ResolveCommit(ctx, "v1") }, f.first, nil},
		{"resolve a branch", func() (any, error) { return Open(f.project).ResolveCommit(ctx, "main") }, f.second, nil},
		{"resolve a short id", func() (any, error) { return Open(f.project).ResolveCommit(ctx, f.first[:10]) }, f.first, nil},
		{"resolve a ref that does not exist", func() (any, error) { return Open(f.project).ResolveCommit(ctx, "v9") }, "", ErrUnknownRevision},
		{"resolve a ref like an option", func() (any, error) { return Open(f.project).ResolveCommit(ctx, "--output=x") }, "", ErrUnknownRevision},
		{"resolve outside a repository", func() (any, error) { return Open(f.outside).ResolveCommit(ctx, "v1") }, "", ErrNotRepository},
		{"commit time", func() (any, error) { return Open(f.project).CommitTime(ctx, f.first) }, time.Date(2026, 3, 4, 5, 6, 7, 0, time.UTC), nil},
		{"commit time of a ref like an option", func() (any, error) { return Open(f.project).CommitTime(ctx, "--output=x") }, time.Time{}, ErrUnknownRevision},
		{"config value", func() (any, error) { return Open(f.project).ConfigValue(ctx, "user.email") }, "writer@example.org", nil},
		{"config value not set", func() (any, error) { return Open(f.project).ConfigValue(ctx, "handbook.nosuch") }, "", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := tt.run()
			switch {
			case tt.wantErr == nil && err != nil:
				t.Fatalf("err = %v", err)
			case tt.wantErr != nil && !errors.Is(err, tt.wantErr):
				t.Fatalf("err = %v, want %v", err, tt.wantErr)
			}
			if tt.wantErr == nil && got != tt.want {
				t.Errorf("got %#v, want %#v", got, tt.want)
			}
			noFile(t, f.top, f.project)
		})
	}
	t.Run("config key like an option", func(t *testing.T) {
		if _, err := Open(f.project).ConfigValue(ctx, "--output=x"); err == nil {
			t.Error("no error for an invalid key")
		}
		noFile(t, f.project)
	})
	t.Run("dirty after a change", func(t *testing.T) {
		write(t, f.top, "README.md", "changed\n")
		defer git(t, f.top, "checkout", "-q", "--", "README.md")
		write(t, f.top, "untracked.md", "")
		if dirty, err := Open(f.project).Dirty(ctx); err != nil || !dirty {
			t.Errorf("Dirty = %v, %v; want true", dirty, err)
		}
	})
}

func TestLog(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	tests := []struct {
		name    string
		dir     string
		opts    LogOptions
		want    string
		wantErr error
	}{
		{"names relative to the project, unquoted", f.project, LogOptions{Format: "%s", Names: NameOnly, Paths: []string{"content"}},
			"second\n\ncontent/a.md\ncontent/café.md\nfirst\n\ncontent/a.md\n", nil},
		{"up to a tag", f.project, LogOptions{Rev: "v1", Format: "%s", Names: NameStatus, Paths: []string{"content"}},
			"first\n\nA\tcontent/a.md\n", nil},
		{"NUL separated", f.project, LogOptions{Rev: f.first, Format: "%s", Names: NameOnly, NUL: true},
			"first\x00\ncontent/a.md\x00", nil},
		{"a ref that does not exist", f.project, LogOptions{Rev: "v9", Format: "%s"}, "", ErrUnknownRevision},
		{"a ref like an option", f.project, LogOptions{Rev: "--output=x", Format: "%s"}, "", ErrUnknownRevision},
		{"no commits", f.empty, LogOptions{Format: "%s", Paths: []string{"content"}}, "", ErrNoCommits},
		{"outside a repository", f.outside, LogOptions{Format: "%s"}, "", ErrNotRepository},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rc, err := Open(tt.dir).Log(ctx, tt.opts)
			if err != nil {
				t.Fatal(err)
			}
			out, _ := io.ReadAll(rc)
			err = rc.Close()
			switch {
			case tt.wantErr == nil && err != nil:
				t.Fatalf("err = %v", err)
			case tt.wantErr != nil && !errors.Is(err, tt.wantErr):
				t.Fatalf("err = %v, want %v", err, tt.wantErr)
			}
			if string(out) != tt.want {
				t.Errorf("log = %q, want %q", out, tt.want)
			}
			noFile(t, f.top, f.project)
		})
	}
}

func TestArchive(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	tests := []struct {
		name, dir, commit string
		want              []string
		wantErr           error
	}{
		{"a project below the top at a tag", f.project, "v1", []string{"content/", "content/a.md"}, nil},
		{"a project at the top", f.top, f.first, []string{"README.md", "docs/", "docs/content/", "docs/content/a.md"}, nil},
		{"a ref that does not exist", f.project, "v9", nil, ErrUnknownRevision},
		{"a ref like an option", f.project, "--output=x", nil, ErrUnknownRevision},
		{"outside a repository", f.outside, "v1", nil, ErrNotRepository},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rc, err := Open(tt.dir).Archive(ctx, tt.commit)
			if err != nil {
				t.Fatal(err)
			}
			var names []string
			tr := tar.NewReader(rc)
			for {
				h, err := tr.Next()
				if err != nil {
					break
				}
				if h.Typeflag == tar.TypeXGlobalHeader {
					t.Errorf("archive has a pax header %v: it archived the commit, not its tree", h.PAXRecords)
				}
				names = append(names, h.Name)
			}
			err = rc.Close()
			switch {
			case tt.wantErr == nil && err != nil:
				t.Fatalf("err = %v", err)
			case tt.wantErr != nil && !errors.Is(err, tt.wantErr):
				t.Fatalf("err = %v, want %v", err, tt.wantErr)
			}
			if !slices.Equal(names, tt.want) {
				t.Errorf("files %q, want %q", names, tt.want)
			}
			noFile(t, f.top, f.project)
		})
	}
}

func TestCatFile(t *testing.T) {
	f := newFixture(t)
	objects, err := Open(f.project).CatFile(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name, object string
		found        bool
		typ, data    string
	}{
		{"a file relative to the project", f.first + ":./content/a.md", true, "blob", "one\n"},
		{"the same file later", f.second + ":./content/a.md", true, "blob", "two\n"},
		{"a file by tag", "v1:README.md", true, "blob", "top\n"},
		{"a file a commit did not have", f.first + ":./content/café.md", false, "", ""},
		{"a ref that does not exist", "v9:README.md", false, "", ""},
		{"a ref like an option", "--output=x", false, "", ""},
		{"a name with a newline", "v1:README.md\nv1:README.md", false, "", ""},
		{"still answering after a miss", "HEAD:./content/café.md", true, "blob", "new\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			obj, found, err := objects.Read(tt.object)
			if err != nil {
				t.Fatal(err)
			}
			if found != tt.found || obj.Type != tt.typ || string(obj.Data) != tt.data {
				t.Errorf("Read = %q %q, %v; want %q %q, %v", obj.Type, obj.Data, found, tt.typ, tt.data, tt.found)
			}
		})
	}
	if err := objects.Close(); err != nil {
		t.Errorf("Close: %v", err)
	}
	noFile(t, f.top, f.project)
	if _, err := Open(f.outside).CatFile(context.Background()); err != nil {
		t.Fatalf("CatFile outside a repository failed before the first read: %v", err)
	}
}

// TestCancellation: a context that ends stops git, and the error says
// so rather than what git said when it was killed.
func TestCancellation(t *testing.T) {
	f := newFixture(t)
	// More than a pipe holds: git blocks writing until it is killed.
	big := bytes.Repeat([]byte("0123456789abcdef"), 1<<16)
	write(t, f.project, "content/big.bin", string(big))
	git(t, f.top, "add", "-A")
	git(t, f.top, "commit", "-q", "-m", "big")
	done, cancel := context.WithCancel(context.Background())
	cancel()
	tests := []struct {
		name string
		run  func(t *testing.T) error
	}{
		{"a query", func(t *testing.T) error { _, err := Open(f.project).Head(done); return err }},
		{"a stream not started", func(t *testing.T) error { _, err := Open(f.project).Log(done, LogOptions{}); return err }},
		{"a batch not started", func(t *testing.T) error { _, err := Open(f.project).CatFile(done); return err }},
		{"a stream cancelled while git writes", func(t *testing.T) error {
			ctx, cancel := context.WithCancel(context.Background())
			rc, err := Open(f.project).Archive(ctx, "HEAD")
			if err != nil {
				t.Fatal(err)
			}
			if _, err := rc.Read(make([]byte, 1)); err != nil {
				t.Fatal(err)
			}
			cancel()
			return rc.Close()
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.run(t)
			if !errors.Is(err, context.Canceled) {
				t.Fatalf("err = %v, want context.Canceled", err)
			}
			if want := "context canceled"; !strings.Contains(err.Error(), want) {
				t.Errorf("message %q does not say %q", err, want)
			}
		})
	}
}

// TestEnvironment: what the caller's environment says about the
// repository, the language or prompts does not reach git.
func TestEnvironment(t *testing.T) {
	f := newFixture(t)
	other := t.TempDir()
	git(t, other, "init", "-q")
	// What a hook exports for the repository it runs in.
	t.Setenv("GIT_DIR", filepath.Join(other, ".git"))
	t.Setenv("GIT_WORK_TREE", other)
	t.Setenv("GIT_INDEX_FILE", filepath.Join(other, ".git", "index"))
	t.Setenv("LC_ALL", "de_DE.UTF-8")
	t.Setenv("GIT_TERMINAL_PROMPT", "1")
	head, err := Open(f.project).Head(context.Background())
	if err != nil || head != f.second {
		t.Errorf("Head = %q, %v; want %s from the project's repository", head, err, f.second)
	}
	env := environ()
	for _, kv := range []string{"LC_ALL=C", "GIT_TERMINAL_PROMPT=0", "GIT_OPTIONAL_LOCKS=0"} {
		if !slices.Contains(env, kv) {
			t.Errorf("environment lacks %s", kv)
		}
	}
	for _, kv := range env {
		if k, _, _ := strings.Cut(kv, "="); slices.Contains(localEnv, k) || slices.Index(env, kv) != slices.IndexFunc(env, func(s string) bool { return strings.HasPrefix(s, k+"=") }) {
			t.Errorf("environment has %s, or sets it twice", kv)
		}
	}
}

// TestErrorMessage: an Error says what git said and what to do.
func TestErrorMessage(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	tests := []struct {
		name string
		run  func() error
		want []string
	}{
		{"outside a repository", func() error { _, err := Open(f.outside).Shape(ctx); return err },
			[]string{"git rev-parse: not a git repository", "git init"}},
		{"no commits", func() error {
			rc, _ := Open(f.empty).Log(ctx, LogOptions{})
			return rc.Close()
		}, []string{"git log: your current branch 'main' does not have any commits yet", "commit the project first"}},
		{"unknown ref", func() error { _, err := Open(f.project).ResolveCommit(ctx, "v9"); return err },
			[]string{`git rev-parse: "v9" names no commit`, "name a tag, branch or commit"}},
		{"no git", func() error {
			t.Setenv("PATH", t.TempDir())
			_, err := Open(f.project).Head(ctx)
			return err
		}, []string{"git rev-parse: git is not installed or not on PATH; install Git"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.run()
			var e *Error
			if !errors.As(err, &e) {
				t.Fatalf("err = %#v, want an *Error", err)
			}
			for _, w := range tt.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("message %q does not say %q", err, w)
				}
			}
			if strings.Contains(err.Error(), "\n") {
				t.Errorf("message %q has more than one line", err)
			}
		})
	}
}
