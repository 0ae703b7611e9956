package bundle

import (
	"strings"
	"testing"
)

// TestChromaDarkColoursEveryToken checks that each dark block of the
// highlighting stylesheet (the stored dark theme and the system's dark
// scheme) gives a text colour to every token the light style colours:
// a token left out keeps its light colour, near-black or purple on the
// dark background (axe-core's color-contrast on Python's builtins).
func TestChromaDarkColoursEveryToken(t *testing.T) {
	coloured := map[string]bool{}
	for _, line := range strings.Split(ChromaCSS(), "\n") {
		_, rule, ok := strings.Cut(line, "*/ ")
		sel, decls, ok2 := strings.Cut(rule, " { ")
		if !ok || !ok2 {
			continue
		}
		for _, d := range strings.Split(strings.TrimSuffix(decls, " }"), ";") {
			if strings.HasPrefix(strings.TrimSpace(d), "color:") {
				coloured[sel] = true
			}
		}
	}
	var light []string
	for sel := range coloured {
		if strings.HasPrefix(sel, ".chroma .") {
			light = append(light, sel)
		}
	}
	if !coloured[".chroma .nb"] || len(light) < 20 {
		t.Fatalf("the light style colours %d tokens (.nb: %v); the stylesheet was not read", len(light), coloured[".chroma .nb"])
	}
	for _, dark := range []string{"[data-theme=dark] ", ":root:not([data-theme=light]) "} {
		for _, sel := range light {
			if !coloured[dark+sel] {
				t.Errorf("%s%s has no text colour: it keeps the light one", dark, sel)
			}
		}
	}
}
