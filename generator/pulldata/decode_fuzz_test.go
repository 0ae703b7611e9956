package pulldata

import (
	"strings"
	"testing"

	"github.com/handbook-dev/handbook/generator/internal/costcheck"
)

// FuzzDecodeJSON checks that no snapshot or state file makes DecodeJSON,
// the reader of both, panic or take or allocate more than the fuzz
// budgets, whatever it decodes into.
func FuzzDecodeJSON(f *testing.F) {
	for _, seed := range []string{
		`{"source": "web", "type": "web", "taken_at": "2026-01-01T00:00:00Z", "data": [{"id": "a"}]}`,
		`{"seen": {"a": "2026-01-01"}}`, `[1, 2`, `{"data": "\u00e9"}`,
		`{"data": ` + strings.Repeat("[", 10000) + strings.Repeat("]", 10000) + "}",
		`{"data": ` + strings.Repeat(`{"a":`, 5000) + "1" + strings.Repeat("}", 5000) + "}",
	} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		costcheck.Fuzz(t, len(data), func() {
			var env Envelope
			_ = DecodeJSON(data, &env)
			var v any
			_ = DecodeJSON(data, &v)
		})
	})
}
