// Package gitrepo runs git for the generator: every git process the
// build starts is made here, so that each one gets the same fixed
// command line and environment (the writer's locale, a GIT_DIR left
// by a hook, a pager or a credential prompt change nothing), every
// ref a writer names is passed after --end-of-options (a ref that
// looks like an option stays a ref), and every failure is one Error
// that says what git said. It only reads: no operation writes to the
// repository, not even the index's stat cache.
package gitrepo

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"time"
)

// Repo is a project folder inside (or outside) a Git work tree; git
// runs as git -C Dir. A Repo is only the folder's path: making one runs
// nothing.
type Repo struct {
	Dir string
}

// Open returns the Repo of the project folder dir.
func Open(dir string) Repo { return Repo{Dir: dir} }

// Sentinel errors an Error matches with errors.Is, for callers that
// treat a case as no failure (a build outside Git has no history).
var (
	// ErrNotInstalled: no git program on PATH.
	ErrNotInstalled = errors.New("git is not installed")
	// ErrNotRepository: the folder is in no Git work tree.
	ErrNotRepository = errors.New("not a Git repository")
	// ErrNoCommits: the branch has no commit yet.
	ErrNoCommits = errors.New("no commits yet")
	// ErrUnknownRevision: the ref names no commit of the repository.
	ErrUnknownRevision = errors.New("unknown revision")
)

// Error is a git process that failed: the subcommand, the first line
// git wrote to its standard error, and what to do about it.
type Error struct {
	// Command is the subcommand, "log" for git log.
	Command string
	// Said is the first line of git's standard error without its
	// "fatal: " or "error: " prefix ("" when git said nothing).
	Said string
	// Err is the cause: the exit status, exec.ErrNotFound, or the
	// context's error when the context ended the process.
	Err  error
	kind error
}

func (e *Error) Error() string {
	var b strings.Builder
	b.WriteString("git " + e.Command + ": ")
	switch {
	case errors.Is(e.Err, context.Canceled) || errors.Is(e.Err, context.DeadlineExceeded):
		b.WriteString(e.Err.Error())
		return b.String()
	case e.kind == ErrNotInstalled:
		b.WriteString("git is not installed or not on PATH; install Git, or put its folder on PATH")
		return b.String()
	case e.Said != "":
		b.WriteString(e.Said)
	default:
		b.WriteString(e.Err.Error())
	}
	if hint := e.hint(); hint != "" {
		b.WriteString("; " + hint)
	}
	return b.String()
}

// hint says what to do about the failure, when there is a usual fix.
func (e *Error) hint() string {
	switch {
	case e.kind == ErrNotRepository:
		return "run it in a Git work tree, or git init one"
	case e.kind == ErrNoCommits:
		return "commit the project first"
	case e.kind == ErrUnknownRevision:
		return "name a tag, branch or commit of this repository"
	case strings.Contains(e.Said, "dubious ownership"):
		return "the repository belongs to another user: add it with git config --global --add safe.directory"
	}
	return ""
}

func (e *Error) Unwrap() error { return e.Err }

// Is matches the sentinel errors of the package.
func (e *Error) Is(target error) bool { return e.kind != nil && e.kind == target }

// localEnv lists the variables that point git at a repository (git
// rev-parse --local-env-vars without the configuration ones). A hook
// exports them for the repository it runs in (GIT_DIR=.git relative to
// the top folder, GIT_INDEX_FILE): left in place they would make
// git -C project read the wrong repository, or none. git drops the same
// variables when it runs in a submodule.
var localEnv = []string{
	"GIT_ALTERNATE_OBJECT_DIRECTORIES", "GIT_OBJECT_DIRECTORY", "GIT_DIR", "GIT_WORK_TREE",
	"GIT_IMPLICIT_WORK_TREE", "GIT_GRAFT_FILE", "GIT_INDEX_FILE", "GIT_NO_REPLACE_OBJECTS",
	"GIT_REPLACE_REF_BASE", "GIT_PREFIX", "GIT_INTERNAL_SUPER_PREFIX", "GIT_SHALLOW_FILE", "GIT_COMMON_DIR",
}

// fixedEnv is what every git process runs with, whatever the caller's
// environment says: messages in English (the errors are matched on
// them), no prompt for credentials (a build never waits for input), no
// optional lock (git status would otherwise refresh the index and hold
// index.lock while the writer commits). --no-pager is on the command
// line.
var fixedEnv = []string{"LC_ALL=C", "GIT_TERMINAL_PROMPT=0", "GIT_OPTIONAL_LOCKS=0"}

// environ is the caller's environment without the variables that point
// git at a repository, and with fixedEnv. It is made for each process
// (a copy of the environment costs microseconds; a process, a
// millisecond).
func environ() []string {
	drop := map[string]bool{}
	for _, k := range localEnv {
		drop[k] = true
	}
	for _, kv := range fixedEnv {
		k, _, _ := strings.Cut(kv, "=")
		drop[k] = true
	}
	var env []string
	for _, kv := range os.Environ() {
		if k, _, _ := strings.Cut(kv, "="); !drop[k] {
			env = append(env, kv)
		}
	}
	return append(env, fixedEnv...)
}

// command is the one place a git process is made: git --no-pager -C
// dir, the configuration overrides config (name=value), the
// subcommand and its arguments, and the fixed environment. Its
// standard error goes to stderr, kept for the Error.
func (r Repo) command(ctx context.Context, config []string, sub string, args ...string) (*exec.Cmd, *stderrBuffer) {
	full := []string{"--no-pager", "-C", r.Dir}
	for _, c := range config {
		full = append(full, "-c", c)
	}
	full = append(append(full, sub), args...)
	cmd := exec.CommandContext(ctx, "git", full...)
	cmd.Env = environ()
	stderr := &stderrBuffer{}
	cmd.Stderr = stderr
	return cmd, stderr
}

// stderrBuffer keeps the start of a process's standard error: the
// first line is all an Error reports.
type stderrBuffer struct {
	buf bytes.Buffer
}

const stderrLimit = 4 << 10

func (b *stderrBuffer) Write(p []byte) (int, error) {
	if room := stderrLimit - b.buf.Len(); room > 0 {
		b.buf.Write(p[:min(len(p), room)])
	}
	return len(p), nil
}

// fail makes the Error for a process of subcommand sub that ended
// with err (nil when it exited 0 but what it wrote was wrong).
func fail(ctx context.Context, sub string, err error, stderr *stderrBuffer) *Error {
	e := &Error{Command: sub, Err: err}
	if err == nil {
		e.Err = errors.New("unexpected output")
	}
	if ctx.Err() != nil {
		e.Err = ctx.Err()
		return e
	}
	if errors.Is(err, exec.ErrNotFound) {
		e.kind = ErrNotInstalled
		return e
	}
	if stderr != nil {
		first, _, _ := strings.Cut(strings.TrimSpace(stderr.buf.String()), "\n")
		for _, p := range []string{"fatal: ", "error: "} {
			first = strings.TrimPrefix(first, p)
		}
		e.Said = strings.TrimSpace(first)
	}
	switch said := e.Said; {
	case strings.Contains(said, "not a git repository"):
		e.kind = ErrNotRepository
	case strings.Contains(said, "does not have any commits"):
		e.kind = ErrNoCommits
	case strings.Contains(said, "unknown revision"), strings.Contains(said, "bad revision"),
		strings.Contains(said, "Needed a single revision"), strings.Contains(said, "not a valid object name"),
		strings.Contains(said, "not a tree object"):
		e.kind = ErrUnknownRevision
	}
	return e
}

// output runs git and returns its standard output.
func (r Repo) output(ctx context.Context, sub string, args ...string) ([]byte, error) {
	cmd, stderr := r.command(ctx, nil, sub, args...)
	out, err := cmd.Output()
	if err != nil {
		return nil, fail(ctx, sub, err, stderr)
	}
	return out, nil
}

// Shape is where the project sits in its repository.
type Shape struct {
	// Shallow is set in a shallow clone: its oldest commit claims every
	// file.
	Shallow bool
	// Prefix is the project's path inside the repository, "" at its
	// top, "docs/" below it.
	Prefix string
}

// Shape reads whether the clone is shallow and the project's path in
// it, with one git rev-parse. Outside a work tree it fails with
// ErrNotRepository.
func (r Repo) Shape(ctx context.Context) (Shape, error) {
	out, err := r.output(ctx, "rev-parse", "--is-shallow-repository", "--show-prefix")
	if err != nil {
		return Shape{}, err
	}
	lines := strings.Split(string(out), "\n")
	s := Shape{Shallow: strings.TrimSpace(lines[0]) == "true"}
	if len(lines) > 1 {
		s.Prefix = strings.TrimSpace(lines[1])
	}
	return s, nil
}

// Head returns the commit HEAD names. In a repository without commits
// it fails.
func (r Repo) Head(ctx context.Context) (string, error) {
	out, err := r.output(ctx, "rev-parse", "--verify", "HEAD")
	if err != nil {
		return "", err
	}
	return strings.TrimSpace(string(out)), nil
}

// Dirty reports whether a tracked file differs from HEAD (in the work
// tree or the index); untracked files do not count.
func (r Repo) Dirty(ctx context.Context) (bool, error) {
	out, err := r.output(ctx, "status", "--porcelain", "--untracked-files=no")
	if err != nil {
		return false, err
	}
	return len(bytes.TrimSpace(out)) > 0, nil
}

// ResolveCommit returns the commit a tag, branch or commit id names; a
// ref that names no commit fails with ErrUnknownRevision.
func (r Repo) ResolveCommit(ctx context.Context, ref string) (string, error) {
	cmd, stderr := r.command(ctx, nil, "rev-parse", "--verify", "--quiet", "--end-of-options", ref+"^{commit}")
	out, err := cmd.Output()
	if err != nil {
		e := fail(ctx, "rev-parse", err, stderr)
		var exit *exec.ExitError
		if e.kind == nil && e.Said == "" && errors.As(err, &exit) && exit.ExitCode() == 1 {
			// --quiet: exit status 1 without a word is "no such commit".
			e.kind, e.Said = ErrUnknownRevision, fmt.Sprintf("%q names no commit", ref)
		}
		return "", e
	}
	return strings.TrimSpace(string(out)), nil
}

// CommitTime returns the committer date of commit. (git log -1, not
// git show -s: git show reads an argument like an option even after
// --end-of-options.)
func (r Repo) CommitTime(ctx context.Context, commit string) (time.Time, error) {
	out, err := r.output(ctx, "log", "-1", "--format=%ct", "--end-of-options", commit, "--")
	if err != nil {
		return time.Time{}, err
	}
	secs, err := strconv.ParseInt(strings.TrimSpace(string(out)), 10, 64)
	if err != nil {
		return time.Time{}, &Error{Command: "log", Said: fmt.Sprintf("commit %s has no date", commit), Err: err}
	}
	return time.Unix(secs, 0).UTC(), nil
}

// ConfigValue returns the value of the configuration key as git config
// reads it in the project (the repository's, the user's and the
// system's settings): "" when it is not set.
func (r Repo) ConfigValue(ctx context.Context, key string) (string, error) {
	cmd, stderr := r.command(ctx, nil, "config", "--get", "--end-of-options", key)
	out, err := cmd.Output()
	var exit *exec.ExitError
	if errors.As(err, &exit) && exit.ExitCode() == 1 && stderr.buf.Len() == 0 && ctx.Err() == nil {
		return "", nil // the key is not set
	}
	if err != nil {
		return "", fail(ctx, "config", err, stderr)
	}
	return strings.TrimSpace(string(out)), nil
}

// Archive streams the project folder's tree at commit as a tar
// archive, names relative to the folder: git archive run in a folder
// archives that folder. It archives a tree, never the commit itself:
// no pax header with the commit id. Close waits for git and returns
// its Error, if any: a commit that does not exist fails there, not
// here.
func (r Repo) Archive(ctx context.Context, commit string) (io.ReadCloser, error) {
	return r.stream(ctx, nil, "archive", "--format=tar", "--end-of-options", commit+":")
}

// Names is which file names git log lists under each commit.
type Names int

const (
	// NoNames lists none.
	NoNames Names = iota
	// NameOnly lists the file names (--name-only).
	NameOnly
	// NameStatus lists each name after its change: A, M, D, or R and C
	// with a score and the old name (--name-status).
	NameStatus
)

// LogOptions are the git log a caller reads.
type LogOptions struct {
	// Rev is the commit the history ends at, "" for HEAD.
	Rev string
	// Paths limits the log to commits touching them (after --).
	Paths []string
	// Format is the --format of each commit.
	Format string
	// Names is which file names follow each commit.
	Names Names
	// Renames follows renames (-M).
	Renames bool
	// NUL separates the fields and names with NUL bytes (-z).
	NUL bool
}

// Log streams git log: file names relative to the project folder
// (--relative), unquoted (core.quotepath=off; a name with a newline or
// a quote is quoted unless NUL is set). Close waits for git and
// returns its Error: in a repository without commits that is
// ErrNoCommits.
func (r Repo) Log(ctx context.Context, o LogOptions) (io.ReadCloser, error) {
	args := []string{"--relative"}
	if o.NUL {
		args = append(args, "-z")
	}
	if o.Renames {
		args = append(args, "-M")
	}
	switch o.Names {
	case NameOnly:
		args = append(args, "--name-only")
	case NameStatus:
		args = append(args, "--name-status")
	}
	if o.Format != "" {
		args = append(args, "--format="+o.Format)
	}
	args = append(args, "--end-of-options")
	if o.Rev != "" {
		args = append(args, o.Rev)
	}
	args = append(append(args, "--"), o.Paths...)
	return r.stream(ctx, []string{"core.quotepath=off"}, "log", args...)
}

// stream starts git with its standard output to read; closing the
// reader waits for it.
func (r Repo) stream(ctx context.Context, config []string, sub string, args ...string) (io.ReadCloser, error) {
	cmd, stderr := r.command(ctx, config, sub, args...)
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		return nil, fail(ctx, sub, err, nil)
	}
	if err := cmd.Start(); err != nil {
		return nil, fail(ctx, sub, err, stderr)
	}
	return &processReader{ReadCloser: stdout, cmd: cmd, ctx: ctx, sub: sub, stderr: stderr}, nil
}

// processReader is a process's standard output; Close reads what is
// left (so that git does not die of a closed pipe), waits for it and
// reports how it ended. Once the context is done nothing more is read:
// git, blocked on a full pipe, ends by the context's kill.
type processReader struct {
	io.ReadCloser
	cmd    *exec.Cmd
	ctx    context.Context
	sub    string
	stderr *stderrBuffer
}

func (p *processReader) Close() error {
	if p.ctx.Err() == nil {
		_, _ = io.Copy(io.Discard, p.ReadCloser)
	}
	if err := p.cmd.Wait(); err != nil {
		return fail(p.ctx, p.sub, err, p.stderr)
	}
	return nil
}

// Objects reads objects through one git cat-file --batch process, one
// request at a time: a history's hundreds of file versions cost one
// process, not one each.
type Objects struct {
	// err is how the process failed; after it, every Read returns it.
	err    error
	cmd    *exec.Cmd
	ctx    context.Context
	stdin  io.WriteCloser
	out    *bufio.Reader
	stderr *stderrBuffer
}

// CatFile starts the cat-file process; Close ends it.
func (r Repo) CatFile(ctx context.Context) (*Objects, error) {
	cmd, stderr := r.command(ctx, nil, "cat-file", "--batch")
	stdin, err := cmd.StdinPipe()
	if err != nil {
		return nil, fail(ctx, "cat-file", err, nil)
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		return nil, fail(ctx, "cat-file", err, nil)
	}
	if err := cmd.Start(); err != nil {
		return nil, fail(ctx, "cat-file", err, stderr)
	}
	return &Objects{cmd: cmd, ctx: ctx, stdin: stdin, out: bufio.NewReader(stdout), stderr: stderr}, nil
}

// Object is what Objects.Read found.
type Object struct {
	// Type is blob, tree, commit or tag.
	Type string
	Data []byte
}

// Read returns the object name names (a commit id, or commit:./path
// for a file relative to the project folder); found is false when it
// names no object.
func (o *Objects) Read(name string) (obj Object, found bool, err error) {
	if o.err != nil {
		return Object{}, false, o.err
	}
	if strings.ContainsAny(name, "\n") {
		return Object{}, false, nil // cat-file reads one name a line: no such object
	}
	if _, err := io.WriteString(o.stdin, name+"\n"); err != nil {
		return Object{}, false, o.failed(err)
	}
	header, err := o.out.ReadString('\n')
	if err != nil {
		return Object{}, false, o.failed(err)
	}
	// "<id> <type> <size>", or "<name> missing" / "<name> ambiguous".
	f := strings.Fields(header)
	if len(f) != 3 || strings.HasSuffix(header, " missing\n") || strings.HasSuffix(header, " ambiguous\n") {
		return Object{}, false, nil
	}
	size, err := strconv.Atoi(f[2])
	if err != nil || size < 0 {
		return Object{}, false, o.failed(fmt.Errorf("unexpected header %q", strings.TrimSpace(header)))
	}
	data := make([]byte, size)
	if _, err := io.ReadFull(o.out, data); err != nil {
		return Object{}, false, o.failed(err)
	}
	if _, err := o.out.Discard(1); err != nil { // the newline after each object
		return Object{}, false, o.failed(err)
	}
	return Object{Type: f[1], Data: data}, true, nil
}

// failed is the Error for a read or write that failed: the process's
// own when it has ended, else err.
func (o *Objects) failed(err error) error {
	if werr := o.end(); werr != nil {
		err = werr
	}
	o.err = fail(o.ctx, "cat-file", err, o.stderr)
	return o.err
}

// end closes the process's input, reads what is left of its output and
// waits for it.
func (o *Objects) end() error {
	if o.cmd == nil {
		return nil
	}
	o.stdin.Close()
	if o.ctx.Err() == nil {
		_, _ = io.Copy(io.Discard, o.out)
	}
	err := o.cmd.Wait()
	o.cmd = nil
	return err
}

// Close ends the process.
func (o *Objects) Close() error {
	if err := o.end(); err != nil {
		return fail(o.ctx, "cat-file", err, o.stderr)
	}
	return o.err
}
