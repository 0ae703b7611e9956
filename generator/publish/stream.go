package publish

import (
	"bufio"
	"crypto/sha256"
	"encoding/hex"
	"hash"
	"io"
	"os"
	"path/filepath"
)

// Stream writes the output rel in pieces: write is given a writer and
// may call it as often as it likes. It is for outputs too large to hold
// whole, such as the exports of a 50,000-item inventory (tens of
// megabytes each): the pieces go through a 64 KB buffer into a
// temporary file beside rel, hashed on the way, which replaces rel when
// write returns without error. Like Write, it leaves a file of the
// reused folder in place when the manifest's quick check says it is
// the same; it does not compare such a file byte for byte, so a file
// the quick check cannot vouch for is rewritten. If write fails, nothing
// is written and its error is returned. Stream is safe for concurrent
// use.
func (s *Stage) Stream(rel string, write func(io.Writer) error) error {
	if err := s.diskErr.Load(); err != nil {
		return err
	}
	p, err := s.prepare(rel)
	if err != nil {
		return s.diskFailure(p, err)
	}
	f, err := os.CreateTemp(filepath.Dir(p), ".handbook-stream-*")
	if err != nil {
		return s.diskFailure(p, err)
	}
	tmp := f.Name()
	sw := &streamWriter{buf: bufio.NewWriterSize(f, 64<<10), hash: sha256.New()}
	err = write(sw)
	if err == nil {
		err = sw.buf.Flush()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		os.Remove(tmp)
		return s.diskFailure(p, err)
	}
	sum := hex.EncodeToString(sw.hash.Sum(nil))
	s.record(Entry{Path: rel, Size: sw.size, SHA256: sum})
	<-s.existingDone
	if s.existingSet[rel] && s.listedUnchanged(rel, p, sw.size, sum) {
		return os.Remove(tmp)
	}
	if err := os.Chmod(tmp, 0o644); err != nil {
		os.Remove(tmp)
		return err
	}
	if err := os.Rename(tmp, p); err != nil {
		// The reused folder may hold a folder where this build puts a file.
		if info, serr := os.Lstat(p); serr != nil || !info.IsDir() || os.RemoveAll(p) != nil {
			os.Remove(tmp)
			return s.diskFailure(p, err)
		}
		if err := os.Rename(tmp, p); err != nil {
			os.Remove(tmp)
			return s.diskFailure(p, err)
		}
	}
	return nil
}

// streamWriter is the writer Stream gives: it counts and hashes what
// is written and buffers it for the temporary file. The buffer keeps
// the first failed write of the file and returns it for every later call.
type streamWriter struct {
	buf  *bufio.Writer
	hash hash.Hash
	size int64
}

func (w *streamWriter) Write(b []byte) (int, error) {
	w.hash.Write(b)
	w.size += int64(len(b))
	return w.buf.Write(b)
}
