// Package publish is the only writer of the output folder. A build writes
// into a staging folder beside the destination; Commit swaps it into place
// only when the whole build succeeded, so a failed build never replaces
// the last good site and no stale file survives.
//
// The staging folder is reused: after a swap it holds the previous output,
// and the next build overwrites it in place and deletes what it did not
// write. Creating thousands of folders and files anew (one folder per page,
// for pretty URLs) and deleting the old tree cost several times more than
// overwriting existing files on common file systems.
package publish

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/handbook-dev/handbook/generator/internal/fastio"
	"github.com/handbook-dev/handbook/generator/internal/workers"
)

// ManifestFile is the name of the manifest written at the output root.
const ManifestFile = "manifest.json"

// Stage is an output folder being built.
type Stage struct {
	dest string
	tmp  string
	// lock is the output's lock, which says which manifests builds
	// holding it wrote; nil trusts none.
	lock *OutputLock

	mu      sync.Mutex
	files   []Entry
	dirs    sync.Map // folders known to exist
	written sync.Map // slash paths written by this build, each once

	// existing lists the files the reused staging folder held when the
	// build began, found by a walk running beside the build; existingSet
	// holds the same paths for lookups.
	existing     []string
	existingSet  map[string]bool
	existingDone chan struct{}
	bufs         sync.Pool
	// listed are the files the reused folder's manifest lists, written
	// before listedAt (the manifest's time as the build that wrote it
	// left it); nil when the manifest is not one a build holding the
	// lock committed, whose list of the folder is not trusted.
	listed   map[string]Entry
	listedAt time.Time
	// listedSum is the SHA-256 of the reused folder's manifest; sum that
	// of the manifest Commit wrote.
	listedSum, sum string
	// diskErr is set once the disk refuses a write (full, read-only):
	// every later write returns it unchanged, so the build reports one
	// message, not one per file.
	diskErr atomic.Pointer[DiskError]
}

// DiskError is a write the disk refused, not the file: the first path
// and the reason, the same for every file after it.
type DiskError struct {
	Path  string
	Errno syscall.Errno
}

func (e *DiskError) Error() string {
	fix := "free some space, or build into another folder with --out"
	if e.Errno == syscall.EROFS {
		fix = "build into a writable folder with --out"
	}
	return fmt.Sprintf("the output cannot be written: %v (first at %s; the build stopped writing there); %s", e.Errno, e.Path, fix)
}

// diskFailure turns a write error caused by the disk into the stage's one
// DiskError (the first one stays); other errors are returned as they are.
func (s *Stage) diskFailure(p string, err error) error {
	var errno syscall.Errno
	if !errors.As(err, &errno) || (errno != syscall.ENOSPC && errno != syscall.EROFS && errno != syscall.EDQUOT) {
		return err
	}
	s.diskErr.CompareAndSwap(nil, &DiskError{Path: p, Errno: errno})
	return s.diskErr.Load()
}

// Entry is one file of the manifest.
type Entry struct {
	Path   string `json:"path"`
	Size   int64  `json:"size"`
	SHA256 string `json:"sha256"`
}

// Manifest lists every output file with its size and SHA-256, so that
// auditors can verify a published copy of the site.
type Manifest struct {
	Generator string    `json:"generator"`
	BuiltAt   time.Time `json:"built_at"`
	Files     []Entry   `json:"files"`
}

// StagingDir returns the staging folder used for dest: a hidden sibling.
func StagingDir(dest string) string {
	dest = filepath.Clean(dest)
	return filepath.Join(filepath.Dir(dest), "."+filepath.Base(dest)+".staging")
}

// Begin prepares the staging folder beside dest, reusing the one a
// previous build left there. Without the output's lock (OutputLock.Begin)
// the reused folder's manifest is not trusted: every file it holds is
// compared with what the build writes.
func Begin(dest string) (*Stage, error) { return begin(dest, nil) }

func begin(dest string, lock *OutputLock) (*Stage, error) {
	dest = filepath.Clean(dest)
	parent := filepath.Dir(dest)
	if err := os.MkdirAll(parent, 0o755); err != nil {
		return nil, err
	}
	s := &Stage{dest: dest, tmp: StagingDir(dest), lock: lock, existingDone: make(chan struct{})}
	// A build killed between the two renames of the fallback swap leaves
	// the previous output parked here; the destination still holds a
	// whole site (the old or the new one), so the parked copy can go.
	if err := os.RemoveAll(s.tmp + ".old"); err != nil {
		return nil, err
	}
	info, err := os.Lstat(s.tmp)
	switch {
	case err == nil && info.IsDir():
		go s.scan()
		return s, nil
	case err == nil:
		if err := os.Remove(s.tmp); err != nil {
			return nil, err
		}
	case !os.IsNotExist(err):
		return nil, err
	}
	if err := os.Mkdir(s.tmp, 0o755); err != nil {
		return nil, err
	}
	close(s.existingDone)
	return s, nil
}

// scan lists the files and folders of a reused staging folder: from its
// manifest when no folder in it changed since the manifest was written
// (a versioned build's output has tens of thousands of folders, one per
// page, and reading each cost more than the rest of publishing), else
// by walking it.
func (s *Stage) scan() {
	defer close(s.existingDone)
	s.readManifest()
	if !s.listFromManifest() {
		s.walk()
	}
	s.existingSet = make(map[string]bool, len(s.existing))
	for _, rel := range s.existing {
		s.existingSet[rel] = true
	}
}

// walk lists the reused folder by reading every folder of it.
func (s *Stage) walk() {
	_ = filepath.WalkDir(s.tmp, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return nil
		}
		if d.IsDir() {
			s.dirs.Store(p, true)
			return nil
		}
		if rel, err := filepath.Rel(s.tmp, p); err == nil {
			s.existing = append(s.existing, filepath.ToSlash(rel))
		}
		return nil
	})
}

// listFromManifest takes the reused folder's files from its manifest. A
// file added, removed or renamed by hand, or by a build killed half way,
// changes its folder's modification and change times: a folder changed
// after the manifest was written sends the scan to walk the folder
// instead. (The staging folder itself is renamed by every swap, which
// sets its change time: its modification time says whether a file was
// added at the top.)
func (s *Stage) listFromManifest() bool {
	if s.listed == nil {
		return false
	}
	dirs := map[string]bool{s.tmp: true}
	for rel := range s.listed {
		// A manifest edited to name files outside the folder is not
		// trusted: the build deletes what it lists and does not write.
		if rel == "" || rel != path.Clean(rel) || path.IsAbs(rel) || rel == ".." || strings.HasPrefix(rel, "../") || strings.Contains(rel, "\\") {
			return false
		}
		for d := path.Dir(rel); d != "."; d = path.Dir(d) {
			p := filepath.Join(s.tmp, filepath.FromSlash(d))
			if dirs[p] {
				break
			}
			dirs[p] = true
		}
	}
	list := make([]string, 0, len(dirs))
	for d := range dirs {
		list = append(list, d)
	}
	// One lstat per folder, on all cores: tens of thousands of them in a
	// versioned build, which Keep waits for.
	var modified atomic.Bool
	workers.Each(workers.Cores(), list, func(d string) {
		if modified.Load() {
			return
		}
		info, err := os.Lstat(d)
		if err != nil || !info.IsDir() {
			modified.Store(true)
			return
		}
		changed := changedAt(info)
		if d == s.tmp {
			changed = info.ModTime()
		}
		if changed.After(s.listedAt) {
			modified.Store(true)
		}
	})
	if modified.Load() {
		return false
	}
	for _, d := range list {
		s.dirs.Store(d, true)
	}
	s.existing = make([]string, 0, len(s.listed)+1)
	for rel := range s.listed {
		s.existing = append(s.existing, rel)
	}
	s.existing = append(s.existing, ManifestFile)
	return true
}

// readManifest loads the manifest of the reused folder: the size and
// SHA-256 of each file the build before last wrote there. The list is
// kept only when the lock file records the manifest as one a build
// holding the lock committed: a folder two builds wrote at once (before
// handbook took the lock, or by a build of another machine on a shared
// file system) or a manifest rewritten by hand lists files the folder
// does not hold, and taken at its word the next build published them.
func (s *Stage) readManifest() {
	p := filepath.Join(s.tmp, ManifestFile)
	info, err := os.Lstat(p)
	if err != nil || !info.Mode().IsRegular() {
		return
	}
	data, err := fastio.ReadFile(p, 0)
	if err != nil {
		return
	}
	var m Manifest
	if json.Unmarshal(data, &m) != nil {
		return
	}
	s.listedSum = hexSum(data)
	c, ok := s.lock.committed(s.listedSum)
	if !ok {
		return
	}
	s.listed = make(map[string]Entry, len(m.Files))
	for _, e := range m.Files {
		s.listed[e.Path] = e
	}
	s.listedAt = c.Written
}

func hexSum(data []byte) string {
	sum := sha256.Sum256(data)
	return hex.EncodeToString(sum[:])
}

// ManifestSum returns the SHA-256 of the manifest in dir, an output
// folder, or "" when it has none. A build names its output by it.
func ManifestSum(dir string) string {
	data, err := fastio.ReadFile(filepath.Join(dir, ManifestFile), 0)
	if err != nil {
		return ""
	}
	return hexSum(data)
}

// ReusedManifest returns the SHA-256 of the reused staging folder's
// manifest ("" when it has none): it names the build that wrote the
// folder, whose record says which of its parts Keep may take over.
func (s *Stage) ReusedManifest() string {
	<-s.existingDone
	return s.listedSum
}

// Manifest returns the SHA-256 of the manifest Commit wrote.
func (s *Stage) Manifest() string { return s.sum }

// Keep takes over every file the reused staging folder's manifest lists
// below prefix as this build's own output, without reading or writing
// it: a part of the site the caller knows to be the same as that build's
// (a version frozen at a tag). It checks each file is still as the
// manifest lists it (a regular file of that size, not changed since, as
// the quick check of Write does) and keeps nothing, reporting false,
// when one is not or the manifest is not trusted (see readManifest).
func (s *Stage) Keep(prefix string) bool {
	<-s.existingDone
	var keep []Entry
	for rel, e := range s.listed {
		if strings.HasPrefix(rel, prefix) {
			keep = append(keep, e)
		}
	}
	if len(keep) == 0 {
		return false
	}
	var changed atomic.Bool
	workers.Each(workers.Cores(), keep, func(e Entry) {
		if changed.Load() {
			return
		}
		info, err := os.Lstat(filepath.Join(s.tmp, filepath.FromSlash(e.Path)))
		// Not After, as for folders: file times tick coarsely (a few
		// milliseconds), and the build that wrote the manifest wrote its
		// last files in the same tick; nothing else writes there then.
		if err != nil || !info.Mode().IsRegular() || info.Size() != e.Size || changedAt(info).After(s.listedAt) {
			changed.Store(true)
		}
	})
	if changed.Load() {
		return false
	}
	for _, e := range keep {
		s.written.Store(e.Path, true)
	}
	s.mu.Lock()
	s.files = append(s.files, keep...)
	s.mu.Unlock()
	return true
}

// unchanged reports whether the reused staging folder already holds
// exactly data, whose SHA-256 is sum, at rel. Most files of a rebuild
// are unchanged, and reading a small file costs a tenth of rewriting it
// on a journaling file system (measured: 0.6 s against 6.4 s for 50,000
// pages on ext4). A file the manifest lists with this size and hash and
// that was not changed since the manifest was written is not even read
// (rsync's quick check, with the hash the manifest keeps anyway, and the
// inode's change time, which a restored modification time does not
// hide): a versioned build holds tens of thousands of files per version.
// Any other file, and every file when the manifest is not trusted, is
// compared byte for byte, so a file edited by hand is rewritten.
func (s *Stage) unchanged(rel, p string, data []byte, sum string) bool {
	<-s.existingDone
	if !s.existingSet[rel] {
		return false
	}
	if s.listedUnchanged(rel, p, int64(len(data)), sum) {
		return true
	}
	bp, _ := s.bufs.Get().(*[]byte)
	if bp == nil {
		b := make([]byte, fastio.EqualBufferSize)
		bp = &b
	}
	defer s.bufs.Put(bp)
	return fastio.Equal(p, data, *bp)
}

// listedUnchanged is the quick check of unchanged: the reused folder's
// manifest lists rel with this size and hash, and the file at p was not
// changed since.
func (s *Stage) listedUnchanged(rel, p string, size int64, sum string) bool {
	e, ok := s.listed[rel]
	if !ok || e.Size != size || e.SHA256 != sum {
		return false
	}
	info, err := os.Lstat(p)
	return err == nil && info.Mode().IsRegular() && info.Size() == e.Size && changedAt(info).Before(s.listedAt)
}

// Dir returns the temporary folder being written.
func (s *Stage) Dir() string { return s.tmp }

// Write writes data to the slash-separated path rel below the output root.
// It is safe for concurrent use.
func (s *Stage) Write(rel string, data []byte) error {
	if err := s.diskErr.Load(); err != nil {
		return err
	}
	p, err := s.prepare(rel)
	if err != nil {
		return s.diskFailure(p, err)
	}
	sum := sha256.Sum256(data)
	hexSum := hex.EncodeToString(sum[:])
	s.record(Entry{Path: rel, Size: int64(len(data)), SHA256: hexSum})
	if s.unchanged(rel, p, data, hexSum) {
		return nil
	}
	if err := writeFile(p, data, 0o644); err != nil {
		// The reused folder may hold a folder where this build puts a file.
		if info, serr := os.Lstat(p); serr != nil || !info.IsDir() {
			return s.diskFailure(p, err)
		}
		if err := os.RemoveAll(p); err != nil {
			return err
		}
		if err := writeFile(p, data, 0o644); err != nil {
			return s.diskFailure(p, err)
		}
	}
	return nil
}

// Copy copies the file src to rel below the output root, through Write
// so that an unchanged file is not rewritten.
func (s *Stage) Copy(rel, src string) error {
	data, err := os.ReadFile(src)
	if err != nil {
		return err
	}
	return s.Write(rel, data)
}

func (s *Stage) prepare(rel string) (string, error) {
	clean := path.Clean(rel)
	if rel == "" || path.IsAbs(clean) || clean == ".." || strings.HasPrefix(clean, "../") || clean == ManifestFile {
		return "", fmt.Errorf("publish: refusing to write %q", rel)
	}
	if _, twice := s.written.LoadOrStore(clean, true); twice {
		return "", fmt.Errorf("publish: %s is written twice in one build: two outputs claim one path, and which one is published would depend on timing (an internal error of handbook; please report it)", clean)
	}
	p := filepath.Join(s.tmp, filepath.FromSlash(clean))
	dir := filepath.Dir(p)
	if _, ok := s.dirs.Load(dir); !ok {
		<-s.existingDone
		if _, ok := s.dirs.Load(dir); !ok {
			if err := s.mkdir(dir); err != nil {
				return "", err
			}
		}
	}
	return p, nil
}

// mkdir creates dir and its parents, replacing files of an earlier build
// that stand where this build needs a folder.
func (s *Stage) mkdir(dir string) error {
	err := os.Mkdir(dir, 0o755)
	if err != nil && !os.IsExist(err) {
		err = os.MkdirAll(dir, 0o755)
	}
	if err != nil || !isDir(dir) {
		for d := dir; d != s.tmp && len(d) > len(s.tmp); d = filepath.Dir(d) {
			if info, lerr := os.Lstat(d); lerr == nil && !info.IsDir() {
				if rerr := os.Remove(d); rerr != nil {
					return rerr
				}
				break
			}
		}
		if err = os.MkdirAll(dir, 0o755); err != nil {
			return err
		}
	}
	s.dirs.Store(dir, true)
	return nil
}

func isDir(p string) bool {
	info, err := os.Stat(p)
	return err == nil && info.IsDir()
}

// removeStale deletes what the reused staging folder held that this build
// did not write, then the folders left empty.
func (s *Stage) removeStale() error {
	<-s.existingDone
	var dirs []string
	for _, rel := range s.existing {
		if _, ok := s.written.Load(rel); ok || rel == ManifestFile {
			continue
		}
		p := filepath.Join(s.tmp, filepath.FromSlash(rel))
		if err := os.Remove(p); err != nil {
			if _, lerr := os.Lstat(p); lerr != nil {
				continue // already gone with a folder this build replaced
			}
			return err
		}
		dirs = append(dirs, filepath.Dir(p))
	}
	sort.Sort(sort.Reverse(sort.StringSlice(dirs)))
	for _, d := range dirs {
		for ; d != s.tmp && len(d) > len(s.tmp); d = filepath.Dir(d) {
			if os.Remove(d) != nil { // not empty: it holds this build's files
				break
			}
		}
	}
	return nil
}

func (s *Stage) record(e Entry) {
	s.mu.Lock()
	s.files = append(s.files, e)
	s.mu.Unlock()
}

// Files returns the entries written so far, sorted by path.
func (s *Stage) Files() []Entry {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := append([]Entry(nil), s.files...)
	sort.Slice(out, func(i, j int) bool { return out[i].Path < out[j].Path })
	return out
}

// Replaceable reports whether a build may replace the folder dir: it
// does not exist, is empty, or holds the manifest.json of an earlier
// handbook build. Any other folder holds somebody's files, which the
// swap of a build would delete.
func Replaceable(dir string) bool {
	entries, err := os.ReadDir(dir)
	if err != nil || len(entries) == 0 {
		return errors.Is(err, fs.ErrNotExist) || err == nil
	}
	data, err := os.ReadFile(filepath.Join(dir, ManifestFile))
	if err != nil {
		return false
	}
	var m struct {
		Generator string `json:"generator"`
	}
	return json.Unmarshal(data, &m) == nil && strings.HasPrefix(m.Generator, "handbook")
}

// Commit removes stale files, writes manifest.json and swaps the staged
// folder into place of the destination. The previous output becomes the
// staging folder of the next build. Each of subs, a folder holding a
// site of its own (one audience's), gets a manifest.json of its own
// files too, so that it can be published and verified alone.
func (s *Stage) Commit(generator string, builtAt time.Time, subs ...string) error {
	if err := s.removeStale(); err != nil {
		return err
	}
	files := s.Files()
	write := func(dir string, entries []Entry) error {
		data, err := encodeManifest(Manifest{Generator: generator, BuiltAt: builtAt.UTC(), Files: entries})
		if err != nil {
			return err
		}
		if dir == "" {
			s.sum = hexSum(data)
		}
		return os.WriteFile(filepath.Join(s.tmp, filepath.FromSlash(dir), ManifestFile), data, 0o644)
	}
	// The audiences' manifests first: the output's is written last, so
	// that its time is later than every file's (see unchanged).
	for _, sub := range subs {
		var own []Entry
		for _, f := range files {
			if rel, ok := strings.CutPrefix(f.Path, sub+"/"); ok {
				own = append(own, Entry{Path: rel, Size: f.Size, SHA256: f.SHA256})
			}
		}
		if err := write(sub, own); err != nil {
			return err
		}
	}
	if err := write("", files); err != nil {
		return err
	}
	info, err := os.Lstat(filepath.Join(s.tmp, ManifestFile))
	if err != nil {
		return err
	}
	old, err := swap(s.tmp, s.dest)
	if err != nil {
		return err
	}
	// Unrecorded, the manifest is not trusted: the next build compares
	// every file, which costs time and nothing else.
	_ = s.lock.recordCommit(committedManifest{SHA256: s.sum, Written: info.ModTime()})
	if old != "" && old != s.tmp {
		// The two-rename fallback parked the old output elsewhere: keep
		// it as the next staging folder.
		_ = os.RemoveAll(s.tmp)
		return os.Rename(old, s.tmp)
	}
	return nil
}

// encodeManifest is json.MarshalIndent(m, "", "  ") and a newline, byte
// for byte, without reflection: a versioned build's manifest lists tens
// of thousands of files, and the generic encoder took a tenth of a
// build that publishes its older versions unchanged.
func encodeManifest(m Manifest) ([]byte, error) {
	builtAt, err := json.Marshal(m.BuiltAt)
	if err != nil {
		return nil, err // a year outside 0–9999
	}
	b := make([]byte, 0, 64+len(m.Files)*160)
	b = appendJSON(append(b, "{\n  \"generator\": "...), m.Generator)
	b = append(append(b, ",\n  \"built_at\": "...), builtAt...)
	b = append(b, ",\n  \"files\": "...)
	switch {
	case m.Files == nil:
		b = append(b, "null"...)
	case len(m.Files) == 0:
		b = append(b, "[]"...)
	default:
		b = append(b, '[')
		for i, e := range m.Files {
			if i > 0 {
				b = append(b, ',')
			}
			b = appendJSON(append(b, "\n    {\n      \"path\": "...), e.Path)
			b = strconv.AppendInt(append(b, ",\n      \"size\": "...), e.Size, 10)
			b = appendJSON(append(b, ",\n      \"sha256\": "...), e.SHA256)
			b = append(b, "\n    }"...)
		}
		b = append(b, "\n  ]"...)
	}
	return append(b, "\n}\n"...), nil
}

// appendJSON appends s as a JSON string, escaped as encoding/json does.
func appendJSON(b []byte, s string) []byte {
	q, _ := json.Marshal(s) // a string always marshals
	return append(b, q...)
}

// Abort leaves the destination untouched. The staging folder stays for
// the next build to reuse; the files this build wrote there are harmless
// because the next build overwrites or deletes everything in it.
func (s *Stage) Abort() { <-s.existingDone }

// swap puts folder tmp in place of dest and returns the path now holding
// the previous output ("" if there was none). Where the OS can exchange
// two paths atomically it does, so readers never see a missing site.
func swap(tmp, dest string) (string, error) {
	info, err := os.Lstat(dest)
	if os.IsNotExist(err) {
		return "", os.Rename(tmp, dest)
	}
	if err != nil {
		return "", err
	}
	if !info.IsDir() {
		return "", fmt.Errorf("%s exists and is not a folder; remove it or choose another --out", dest)
	}
	if exchange(tmp, dest) == nil {
		return tmp, nil
	}
	old := tmp + ".old"
	if err := os.Rename(dest, old); err != nil {
		return "", err
	}
	if err := os.Rename(tmp, dest); err != nil {
		_ = os.Rename(old, dest)
		return "", err
	}
	return old, nil
}
