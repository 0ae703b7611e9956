package generator

import (
	"testing"
)

// TestRegistryCoversEveryGeneratedOutput renders the example manual and
// checks that every file written is either the content's (a page, a
// static file, an alias's redirect) or one the registry of generated
// paths names (site.Site.Generated), which the collision checks and
// the stages ask: a new kind of output that the registry does not know
// could be claimed by content too, and the two writes would race.
func TestRegistryCoversEveryGeneratedOutput(t *testing.T) {
	tg, files := renderTarget(t, Options{Dir: "..", Now: fixedNow, SourceCommit: "0123abc"})
	st := tg.Site()
	content := map[string]string{}
	for _, p := range st.Pages {
		if p.StaticIndex == nil {
			content[p.OutputPath()] = p.Path()
		}
	}
	for _, f := range st.Files {
		content[f.URL] = f.File.Path
	}
	for _, a := range st.Aliases {
		content[a.Output()] = a.Page.Path()
	}
	generated := 0
	for out := range files {
		if _, ok := content[out]; ok {
			continue
		}
		if st.Generated(out) == "" {
			t.Errorf("%s is written, but it is no content's output and the registry of generated paths does not name it", out)
		}
		generated++
	}
	if generated < 100 {
		t.Errorf("only %d generated files: the example renders its inventory, audit, tags and search index", generated)
	}
}
