package incremental

import (
	"bytes"
	"maps"
	"os"
	"sort"
	"strings"
	"sync"
)

// Output is a site rendered into memory, for handbook serve: output
// paths (slash-separated, below the site root) to their bytes. It is not
// changed once a build returned it, so a server may read it while the
// next one is built. Serving from memory leaves public/ to handbook build.
type Output struct {
	files map[string][]byte
}

// Get returns the file at the slash path name, as Write received it.
func (o *Output) Get(name string) ([]byte, bool) {
	if o == nil {
		return nil, false
	}
	data, ok := o.files[name]
	return data, ok
}

// Len returns the number of files.
func (o *Output) Len() int { return len(o.files) }

// Paths returns every path, sorted.
func (o *Output) Paths() []string {
	out := make([]string, 0, len(o.files))
	for p := range o.files {
		out = append(out, p)
	}
	sort.Strings(out)
	return out
}

// memWriter is the render.Writer of an in-memory build. It starts from
// a copy of the previous output (an incremental build replaces a few
// files) and records which files it rendered.
type memWriter struct {
	mu       sync.Mutex
	files    map[string][]byte
	rendered []string
	removed  []string
	// partial is set when the writer starts from the previous output.
	partial bool
}

// newMemWriter returns a writer for a whole build, or, with partial, one
// that starts from a copy of prev and replaces what is rendered again.
func newMemWriter(prev *Output, partial bool) *memWriter {
	w := &memWriter{files: map[string][]byte{}, partial: partial && prev != nil}
	if w.partial {
		w.files = maps.Clone(prev.files)
	}
	return w
}

// Write keeps a copy of data: renderers reuse their buffers.
func (w *memWriter) Write(rel string, data []byte) error {
	data = bytes.Clone(data)
	w.mu.Lock()
	w.files[rel] = data
	w.rendered = append(w.rendered, rel)
	w.mu.Unlock()
	return nil
}

// Copy reads the static file src into memory.
func (w *memWriter) Copy(rel, src string) error {
	data, err := os.ReadFile(src)
	if err != nil {
		return err
	}
	return w.Write(rel, data)
}

// removePrefix drops every file below prefix, before its pages are
// rendered again (the set of audit pages changes with the findings).
func (w *memWriter) removePrefix(prefix string) {
	for p := range w.files {
		if strings.HasPrefix(p, prefix) {
			delete(w.files, p)
			w.removed = append(w.removed, p)
		}
	}
}

// remove drops one file (the output of a removed page).
func (w *memWriter) remove(p string) {
	if _, ok := w.files[p]; ok {
		delete(w.files, p)
		w.removed = append(w.removed, p)
	}
}

// output returns the finished output and the paths whose bytes differ
// from prev (new, changed or removed), sorted.
func (w *memWriter) output(prev *Output) (*Output, []string) {
	out := &Output{files: w.files}
	if prev == nil {
		return out, out.Paths()
	}
	seen := map[string]bool{}
	var changed []string
	differs := func(p string) {
		old, had := prev.files[p]
		data, has := w.files[p]
		if !seen[p] && (had != has || !bytes.Equal(old, data)) {
			changed = append(changed, p)
		}
		seen[p] = true
	}
	if w.partial { // only what was rendered or removed can differ
		for _, p := range append(w.rendered, w.removed...) {
			differs(p)
		}
	} else {
		for p := range w.files {
			differs(p)
		}
		for p := range prev.files {
			differs(p)
		}
	}
	sort.Strings(changed)
	return out, changed
}
