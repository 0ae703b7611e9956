package render

import (
	"io/fs"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/handbook-dev/handbook/generator/diag"
	"github.com/handbook-dev/handbook/generator/internal/costcheck"
)

// FuzzNewTranslator checks that no i18n table in a project's templates
// makes NewTranslator panic or report a problem outside the table, and
// that none takes or allocates more than the fuzz budgets.
func FuzzNewTranslator(f *testing.F) {
	for _, seed := range []string{
		"search: Zoeken\nowner: Eigenaar\n", "search: [a]\n", "- a\n", "a: &a x\nb: *a\n", ": :\n",
		"search: " + strings.Repeat("[", 10000) + strings.Repeat("]", 10000) + "\n",
		"search: " + strings.Repeat("{a: ", 5000) + "b" + strings.Repeat("}", 5000) + "\n",
	} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		layer := fstest.MapFS{"i18n/nl.yaml": {Data: src}}
		var diags diag.List
		costcheck.Fuzz(t, len(src), func() { _, diags = NewTranslator([]fs.FS{layer}, "nl", nil) })
		for _, d := range diags {
			if d.Path != "templates/i18n/nl.yaml" || d.Line < 0 || d.Col < 0 {
				t.Fatalf("diagnostic outside the table: %s", d)
			}
		}
	})
}
