package generator

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/handbook-dev/handbook/generator/config"
	"github.com/handbook-dev/handbook/generator/diag"
	"github.com/handbook-dev/handbook/generator/internal/costcheck"
	"github.com/handbook-dev/handbook/generator/internal/yamlx"
	"github.com/handbook-dev/handbook/generator/inventory"
	"github.com/handbook-dev/handbook/generator/pull"
	"github.com/handbook-dev/handbook/generator/render"
	"github.com/handbook-dev/handbook/generator/snapshots"
	"github.com/handbook-dev/handbook/generator/source"
)

// hostileLevels is how deep the hostile files nest: 100,000 levels of
// brackets in 200 kB. Before the depth check the YAML library took more
// than 13 GB for them (2.5 GB and 26 s for 40,000 levels).
const hostileLevels = 100000

// Budgets of one hostile file: far above what refusing it costs (a few
// milliseconds, under 1 MiB) so a loaded machine does not flake, far
// below what reading it cost.
const (
	hostileTime  = time.Second
	hostileAlloc = 50 << 20
)

// TestDeepNestingRefused gives every loader of YAML or JSON that a
// writer or a pull produces a 200 kB file nested 100,000 levels deep.
// Each must refuse it at the line and column where it passes
// yamlx.MaxDepth, within a second and 50 MiB.
func TestDeepNestingRefused(t *testing.T) {
	flow := strings.Repeat("[", hostileLevels) + strings.Repeat("]", hostileLevels)
	mapping := strings.Repeat("{a: ", hostileLevels/4) + "b" + strings.Repeat("}", hostileLevels/4)
	jsonObject := strings.Repeat(`{"a":`, hostileLevels/5) + "1" + strings.Repeat("}", hostileLevels/5)
	dashes := strings.Repeat("- ", hostileLevels) + "x"
	tooDeep := fmt.Sprintf("nest more than %d levels deep here; handbook reads at most %d", yamlx.MaxDepth, yamlx.MaxDepth)
	// brackets is the column of the bracket that passes the limit when
	// the first bracket is at column first and depth levels are open.
	brackets := func(first, depth int) int { return first + yamlx.MaxDepth - depth }
	state := func(dir, src string) diag.List {
		path := filepath.Join(dir, "state.json")
		writeFile(t, path, src)
		var v map[string]any
		_, err := pull.ReadState(path, &v)
		return errorDiag(err)
	}
	for _, tc := range []struct {
		name      string
		load      func(dir string) diag.List
		path      string
		line, col int
	}{
		{"front matter, flow", func(string) diag.List {
			_, d := source.Parse("content/deep.md", []byte("---\ntitle: Deep\nx: "+flow+"\n---\nBody.\n"))
			return d
		}, "content/deep.md", 3, brackets(4, 1)},
		{"front matter, block", func(string) diag.List {
			_, d := source.Parse("content/deep.md", []byte("---\nx:\n"+dashes+"\n---\n"))
			return d
		}, "content/deep.md", 3, 1 + 2*(yamlx.MaxDepth-1)},
		{"handbook.yaml", func(string) diag.List {
			_, d := config.Parse([]byte("title: x\nstrings: " + mapping + "\n"))
			return d
		}, "handbook.yaml", 2, 10 + 4*(yamlx.MaxDepth-1)},
		{"inventory YAML", func(string) diag.List {
			_, d := inventory.Parse("inventory/x.yaml", []byte("items:\n  - "+flow+"\n"))
			return d
		}, "inventory/x.yaml", 2, brackets(5, 2)},
		{"inventory JSON", func(string) diag.List {
			_, d := inventory.Parse("inventory/x.json", []byte(`{"items": `+jsonObject+"}"))
			return d
		}, "inventory/x.json", 1, 11 + 5*(yamlx.MaxDepth-1)},
		{"category JSON", func(string) diag.List {
			_, d := source.ParseCategory("content/a/_category_.json", []byte(`{"label": "A", "link": `+flow+"}"))
			return d
		}, "content/a/_category_.json", 1, brackets(24, 1)},
		{"category YAML", func(string) diag.List {
			_, d := source.ParseCategory("content/a/_category_.yml", []byte("label: A\nlink: "+flow+"\n"))
			return d
		}, "content/a/_category_.yml", 2, brackets(7, 1)},
		{"i18n table", func(string) diag.List {
			_, d := render.NewTranslator([]fs.FS{fstest.MapFS{"i18n/en.yaml": {Data: []byte("search: " + flow + "\n")}}}, "en", nil)
			return d
		}, "templates/i18n/en.yaml", 1, brackets(9, 1)},
		{"snapshot", func(dir string) diag.List {
			writeFile(t, filepath.Join(dir, snapshots.Dir, "web.json"), `{"source": "web", "type": "web", "data": `+flow+"}")
			_, d := snapshots.Load(os.DirFS(dir))
			return d
		}, "data/snapshots/web.json", 1, brackets(42, 1)},
		{"pull state", func(dir string) diag.List {
			return state(dir, "{\n  \"seen\": "+flow+"\n}\n")
		}, "state.json", 2, brackets(11, 1)},
		{"snapshot read by a pull", func(dir string) diag.List {
			path := filepath.Join(dir, "web.json")
			writeFile(t, path, `{"data": `+jsonObject+"}")
			var v any
			_, err := pull.ReadSnapshotData(path, &v)
			return errorDiag(err)
		}, "web.json", 1, 10 + 5*(yamlx.MaxDepth-1)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			var diags diag.List
			cost := costcheck.Measure(func() { diags = tc.load(dir) })
			if len(diags) != 1 {
				t.Fatalf("diagnostics = %v, want one", diags)
			}
			d := diags[0]
			if !strings.HasSuffix(d.Path, tc.path) || d.Line != tc.line || d.Col != tc.col || !strings.Contains(d.Message, tooDeep) || !strings.Contains(d.Message, "remove the extra levels") {
				t.Errorf("diagnostic = %s:%d:%d: %.300s\nwant %s:%d:%d: ... %s ... remove the extra levels", d.Path, d.Line, d.Col, d.Message, tc.path, tc.line, tc.col, tooDeep)
			}
			if cost.Took > hostileTime || cost.Alloc > hostileAlloc {
				t.Errorf("refusing it took %s and allocated %d MiB; the budget is %s and %d MiB", cost.Took, cost.Alloc>>20, hostileTime, hostileAlloc>>20)
			}
		})
	}
}

func writeFile(t *testing.T, path, data string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
}

// errorDiag turns the error of a pull's reader, "path:line:col: message",
// into a diagnostic to compare; no error is no diagnostic.
func errorDiag(err error) diag.List {
	if err == nil {
		return nil
	}
	var d diag.Diagnostic
	msg := err.Error()
	if i := strings.Index(msg, ": "); i >= 0 {
		where := strings.Split(msg[:i], ":")
		d.Path, d.Message = where[0], msg[i+2:]
		if len(where) == 3 {
			fmt.Sscan(where[1], &d.Line)
			fmt.Sscan(where[2], &d.Col)
		}
	}
	return diag.List{d}
}
