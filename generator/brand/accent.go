package brand

import (
	"fmt"
	"strings"
)

// Tints of the accent behind the current page's sidebar entry
// (--accent-bg): at most a light wash on white, a dark one on the dark
// theme, less when the link would not be readable on it, at least
// minTint.
const (
	lightTint = 0.12
	darkTint  = 0.18
	minTint   = 0.03
)

// Theme is the accent of one theme: the link colour and the background
// tint of highlighted entries.
type Theme struct {
	Link, AccentBg Colour
	dark           bool
}

func newTheme(link Colour, dark bool) Theme {
	bg, tint := LightBackgrounds[0], lightTint
	if dark {
		bg, tint = DarkBackgrounds[0], darkTint
	}
	for tint > minTint && Contrast(link, Mix(bg, link, tint)) < MinContrast {
		tint -= 0.01
	}
	return Theme{Link: link, AccentBg: Mix(bg, link, tint), dark: dark}
}

// worst returns the lowest contrast of the link on the theme's
// backgrounds and its own tint, and that background.
func (t Theme) worst() (float64, Colour) {
	bgs := LightBackgrounds
	if t.dark {
		bgs = DarkBackgrounds
	}
	ratio, against := Contrast(t.Link, t.AccentBg), t.AccentBg
	for _, bg := range bgs {
		if r := Contrast(t.Link, bg); r < ratio {
			ratio, against = r, bg
		}
	}
	return ratio, against
}

// readable returns the theme of c darkened (light theme) or lightened
// (dark theme) just enough for its links to reach MinContrast.
func readable(c Colour, dark bool) Theme {
	towards := Colour{}
	if dark {
		towards = Colour{0xff, 0xff, 0xff}
	}
	for step := 0; step <= 50; step++ {
		t := newTheme(Mix(c, towards, float64(step)/50), dark)
		if r, _ := t.worst(); r >= MinContrast {
			return t
		}
	}
	return newTheme(towards, dark)
}

// Accent is the accent colour of both themes.
type Accent struct{ Light, Dark Theme }

// Problem is an accent colour whose links fail WCAG AA.
type Problem struct {
	Dark    bool
	Colour  Colour
	Ratio   float64
	Against Colour
	// Suggest is the nearest shade that passes.
	Suggest Colour
}

func (p Problem) String() string {
	theme, fix := "light", "darker"
	if p.Dark {
		theme, fix = "dark", "lighter"
	}
	return fmt.Sprintf("%s links have a contrast of %.2f:1 against the %s theme's background %s, below WCAG AA's %.1f:1 for text; the nearest %s shade that passes is %q",
		p.Colour.Hex(), p.Ratio, theme, p.Against.Hex(), MinContrast, fix, p.Suggest.Hex())
}

// NewAccent returns the accent of both themes for the light colour and,
// when given, the dark theme's own; without one the dark theme gets the
// light colour lightened until it passes on the dark background. A
// colour given that fails is kept (the site asked for it) and reported.
func NewAccent(light Colour, dark *Colour) (Accent, []Problem) {
	a := Accent{Light: newTheme(light, false)}
	var problems []Problem
	if r, bg := a.Light.worst(); r < MinContrast {
		problems = append(problems, Problem{Colour: light, Ratio: r, Against: bg, Suggest: readable(light, false).Link})
	}
	if dark == nil {
		a.Dark = readable(light, true)
		return a, problems
	}
	a.Dark = newTheme(*dark, true)
	if r, bg := a.Dark.worst(); r < MinContrast {
		problems = append(problems, Problem{Dark: true, Colour: *dark, Ratio: r, Against: bg, Suggest: readable(*dark, true).Link})
	}
	return a, problems
}

// CSS returns the stylesheet setting the accent's variables, placed
// after the built-in stylesheet's (same selectors, so later wins).
func (a Accent) CSS() string {
	vars := func(t Theme) string {
		return fmt.Sprintf("--link: %s; --accent-bg: %s;", t.Link.Hex(), t.AccentBg.Hex())
	}
	var b strings.Builder
	b.WriteString("/* accent_color of handbook.yaml */\n")
	fmt.Fprintf(&b, ":root { %s }\n", vars(a.Light))
	fmt.Fprintf(&b, ":root[data-theme=dark] { %s }\n", vars(a.Dark))
	fmt.Fprintf(&b, "@media (prefers-color-scheme: dark) {\n  :root:not([data-theme=light]) { %s }\n}\n", vars(a.Dark))
	b.WriteString("@media print {\n  :root { --link: #000; }\n}\n")
	return b.String()
}
