package generator

import (
	"context"
	"os"
	"slices"
	"sync"
	"testing"
)

// mapWriter is a render.Writer into memory, for tests that render a
// Target as handbook serve does.
type mapWriter struct {
	mu    sync.Mutex
	files map[string][]byte
}

func (w *mapWriter) Write(rel string, data []byte) error {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.files[rel] = slices.Clone(data)
	return nil
}

func (w *mapWriter) Copy(rel, src string) error {
	data, err := os.ReadFile(src)
	if err != nil {
		return err
	}
	return w.Write(rel, data)
}

// renderTarget prepares the target opts name and renders it, with its
// search index, into memory.
func renderTarget(t *testing.T, opts Options) (*Target, map[string][]byte) {
	t.Helper()
	tg, diags, err := PrepareTarget(context.Background(), opts)
	if err != nil {
		t.Fatalf("%v: %v", err, diags)
	}
	w := &mapWriter{files: map[string][]byte{}}
	if d := append(tg.Renderer().Render(w), tg.RenderSearch(w)...); len(d) > 0 {
		t.Fatalf("render: %v", d)
	}
	return tg, w.files
}
