package staticsafe

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
)

// FuzzSVG: any input either fails as not well-formed or sanitises to a
// file that sanitises to itself with nothing more to remove (what is
// left passed every check).
func FuzzSVG(f *testing.F) {
	files, _ := filepath.Glob("testdata/svg/*.svg")
	for _, file := range files {
		if b, err := os.ReadFile(file); err == nil {
			f.Add(b)
		}
	}
	f.Add([]byte(`<svg xmlns="http://www.w3.org/2000/svg" xmlns:x="http://www.w3.org/2000/svg"><x:script>1</x:script><style>a{fill:url(#a)}</style></svg>`))
	f.Fuzz(func(t *testing.T, src []byte) {
		res, err := SVG(src)
		if err != nil {
			return
		}
		again, err := SVG(res.Data)
		if err != nil {
			t.Fatalf("the sanitised file is not well-formed: %v\n%s", err, res.Data)
		}
		if len(again.Changes) > 0 || !bytes.Equal(again.Data, res.Data) {
			t.Fatalf("sanitising twice changed %+v:\n%s\n%s", again.Changes, res.Data, again.Data)
		}
	})
}
