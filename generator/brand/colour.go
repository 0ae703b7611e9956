// Package brand turns handbook.yaml's branding keys into what the site
// ships: the accent colour's CSS variables for the light and dark themes,
// checked for WCAG AA contrast against the backgrounds of the built-in
// stylesheet, the way Docusaurus derives its primary shades and asks for a
// lighter primary in dark mode.
package brand

import (
	"fmt"
	"math"
	"strconv"
	"strings"
)

// Colour is an sRGB colour.
type Colour struct{ R, G, B uint8 }

// MinContrast is WCAG AA's contrast ratio for normal text (links are text).
const MinContrast = 4.5

// The backgrounds links are drawn on in the built-in stylesheet
// (assets/style.css, --bg, --bg-soft; a test keeps them equal).
var (
	LightBackgrounds = []Colour{{0xff, 0xff, 0xff}, {0xf6, 0xf8, 0xfa}}
	DarkBackgrounds  = []Colour{{0x0d, 0x11, 0x17}, {0x15, 0x1b, 0x23}}
)

// Hex returns the colour as #rrggbb.
func (c Colour) Hex() string { return fmt.Sprintf("#%02x%02x%02x", c.R, c.G, c.B) }

// ParseHex reads a colour written #rgb or #rrggbb. Its error says what
// is wrong and, when it can tell, what was meant.
func ParseHex(s string) (Colour, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return Colour{}, fmt.Errorf(`is empty; in YAML a # starts a comment, so put the colour in quotes: "#0a7d4f"`)
	}
	if c, ok := rgbFunction(s); ok {
		return Colour{}, fmt.Errorf("%q is not a hex colour; did you mean %q?", s, c.Hex())
	}
	digits, hash := strings.CutPrefix(s, "#")
	for i, r := range digits {
		if !isHex(r) {
			return Colour{}, fmt.Errorf("%q is not a hex colour: %q at position %d is not a hex digit (0-9, a-f); write it like \"#0a7d4f\"", s, r, i+len(s)-len(digits)+1)
		}
	}
	if len(digits) != 3 && len(digits) != 6 {
		return Colour{}, fmt.Errorf("%q has %d hex digits; a colour has 3 or 6, like \"#0a7d4f\"", s, len(digits))
	}
	if !hash {
		return Colour{}, fmt.Errorf("%q is not a colour; did you mean \"#%s\"? (in quotes: in YAML a bare # starts a comment)", s, digits)
	}
	if len(digits) == 3 {
		digits = string([]byte{digits[0], digits[0], digits[1], digits[1], digits[2], digits[2]})
	}
	v, _ := strconv.ParseUint(digits, 16, 32)
	return Colour{uint8(v >> 16), uint8(v >> 8), uint8(v)}, nil
}

func isHex(r rune) bool { return '0' <= r && r <= '9' || 'a' <= r && r <= 'f' || 'A' <= r && r <= 'F' }

// rgbFunction reads CSS's rgb(r, g, b), to suggest its hex form.
func rgbFunction(s string) (Colour, bool) {
	s = strings.ToLower(strings.ReplaceAll(s, " ", ""))
	inner, ok := strings.CutPrefix(s, "rgb(")
	if !ok || !strings.HasSuffix(inner, ")") {
		return Colour{}, false
	}
	parts := strings.Split(strings.TrimSuffix(inner, ")"), ",")
	if len(parts) != 3 {
		return Colour{}, false
	}
	var v [3]uint8
	for i, p := range parts {
		n, err := strconv.ParseUint(p, 10, 8)
		if err != nil {
			return Colour{}, false
		}
		v[i] = uint8(n)
	}
	return Colour{v[0], v[1], v[2]}, true
}

// luminance is WCAG's relative luminance.
func (c Colour) luminance() float64 {
	lin := func(v uint8) float64 {
		s := float64(v) / 255
		if s <= 0.04045 {
			return s / 12.92
		}
		return math.Pow((s+0.055)/1.055, 2.4)
	}
	return 0.2126*lin(c.R) + 0.7152*lin(c.G) + 0.0722*lin(c.B)
}

// Contrast is WCAG's contrast ratio of a and b, from 1 to 21.
func Contrast(a, b Colour) float64 {
	la, lb := a.luminance(), b.luminance()
	if la < lb {
		la, lb = lb, la
	}
	return (la + 0.05) / (lb + 0.05)
}

// Mix returns a blended with b, t of b (0 to 1).
func Mix(a, b Colour, t float64) Colour {
	m := func(x, y uint8) uint8 { return uint8(math.Round(float64(x)*(1-t) + float64(y)*t)) }
	return Colour{m(a.R, b.R), m(a.G, b.G), m(a.B, b.B)}
}
