package snapshots

import (
	"strings"
	"testing"
	"testing/fstest"

	"github.com/handbook-dev/handbook/generator/diag"
	"github.com/handbook-dev/handbook/generator/internal/costcheck"
)

// FuzzLoad checks that no snapshot file in data/snapshots makes Load
// panic or report a problem in another file, and that none takes or
// allocates more than the fuzz budgets.
func FuzzLoad(f *testing.F) {
	for _, seed := range []string{
		`{"source": "web", "type": "web", "taken_at": "2026-01-01T00:00:00Z", "data": [{"id": "a", "url": "https://example.org/"}]}`,
		`{"source": "c", "type": "confluence-cloud", "data": [{"key": "OPS"}]}`, `{"source": "m", "type": "m365", "data": {}}`,
		`{"type": "web", "data": {"a": 1}}`, `{"type": `, `{"type": "web", "data": ` + strings.Repeat("[", 10000) + strings.Repeat("]", 10000) + "}",
	} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		root := fstest.MapFS{Dir + "/web.json": {Data: data}}
		var diags diag.List
		costcheck.Fuzz(t, len(data), func() { _, diags = Load(root) })
		for _, d := range diags {
			if d.Path != Dir+"/web.json" || d.Line < 0 || d.Col < 0 {
				t.Fatalf("diagnostic elsewhere: %s", d)
			}
		}
	})
}
