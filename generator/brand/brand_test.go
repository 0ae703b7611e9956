package brand

import (
	"os"
	"regexp"
	"strings"
	"testing"
)

func TestParseHex(t *testing.T) {
	tests := []struct {
		in      string
		want    string // hex, when valid
		wantErr string // part of the message, when not
	}{
		{in: "#0a7d4f", want: "#0a7d4f"},
		{in: "#0A7D4F", want: "#0a7d4f"},
		{in: " #abc ", want: "#aabbcc"},
		{in: "", wantErr: `in YAML a # starts a comment, so put the colour in quotes: "#0a7d4f"`},
		{in: "0a7d4f", wantErr: `did you mean "#0a7d4f"?`},
		{in: "rgb(10, 125, 79)", wantErr: `did you mean "#0a7d4f"?`},
		{in: "#0a7d4", wantErr: "has 5 hex digits; a colour has 3 or 6"},
		{in: "#0a7g4f", wantErr: `'g' at position 5 is not a hex digit`},
		{in: "green", wantErr: `'g' at position 1 is not a hex digit`},
	}
	for _, tt := range tests {
		c, err := ParseHex(tt.in)
		switch {
		case tt.wantErr == "" && err != nil:
			t.Errorf("ParseHex(%q): %v", tt.in, err)
		case tt.wantErr == "" && c.Hex() != tt.want:
			t.Errorf("ParseHex(%q) = %s, want %s", tt.in, c.Hex(), tt.want)
		case tt.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tt.wantErr)):
			t.Errorf("ParseHex(%q) error %v, want one containing %q", tt.in, err, tt.wantErr)
		}
	}
}

func TestContrast(t *testing.T) {
	tests := []struct {
		a, b string
		want float64
	}{
		{"#000000", "#ffffff", 21},
		{"#ffffff", "#ffffff", 1},
		{"#777777", "#ffffff", 4.48}, // the classic grey just below AA
		{"#767676", "#ffffff", 4.54}, // the lightest grey that passes AA
	}
	for _, tt := range tests {
		a, _ := ParseHex(tt.a)
		b, _ := ParseHex(tt.b)
		if got := Contrast(a, b); got < tt.want-0.01 || got > tt.want+0.01 {
			t.Errorf("Contrast(%s, %s) = %.3f, want %.2f", tt.a, tt.b, got, tt.want)
		}
	}
}

func TestNewAccent(t *testing.T) {
	tests := []struct {
		name        string
		light, dark string
		// problems are the themes reported, "light" or "dark".
		problems []string
	}{
		{name: "dark green passes, dark theme derived", light: "#0a7d4f"},
		{name: "pale green fails on white", light: "#7fd1ae", problems: []string{"light"}},
		{name: "dark theme colour given and passing", light: "#0a7d4f", dark: "#4cc38a"},
		{name: "dark theme colour given too dark", light: "#0a7d4f", dark: "#0a3d2f", problems: []string{"dark"}},
		{name: "yellow fails on white, derived dark passes", light: "#ffd400", problems: []string{"light"}},
		{name: "navy: its derived dark variant is lightened", light: "#001f5c"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			light, _ := ParseHex(tt.light)
			var dark *Colour
			if tt.dark != "" {
				d, _ := ParseHex(tt.dark)
				dark = &d
			}
			a, problems := NewAccent(light, dark)
			var got []string
			for _, p := range problems {
				theme := "light"
				if p.Dark {
					theme = "dark"
				}
				got = append(got, theme)
				// The suggestion passes where the colour failed.
				fixed := newTheme(p.Suggest, p.Dark)
				if r, _ := fixed.worst(); r < MinContrast {
					t.Errorf("suggestion %s for %s has contrast %.2f", p.Suggest.Hex(), p.Colour.Hex(), r)
				}
				if !strings.Contains(p.String(), p.Suggest.Hex()) {
					t.Errorf("message %q does not name the suggestion", p)
				}
			}
			if strings.Join(got, ",") != strings.Join(tt.problems, ",") {
				t.Errorf("problems in %v, want %v", got, tt.problems)
			}
			if a.Light.Link != light {
				t.Errorf("light link %s, want the colour as given %s", a.Light.Link.Hex(), tt.light)
			}
			if dark == nil {
				if r, _ := a.Dark.worst(); r < MinContrast {
					t.Errorf("derived dark link %s has contrast %.2f", a.Dark.Link.Hex(), r)
				}
			}
			css := a.CSS()
			for _, want := range []string{":root { --link: " + light.Hex(), ":root[data-theme=dark] { --link: " + a.Dark.Link.Hex(), ":root:not([data-theme=light]) { --link: " + a.Dark.Link.Hex()} {
				if !strings.Contains(css, want) {
					t.Errorf("CSS lacks %q:\n%s", want, css)
				}
			}
		})
	}
}

// TestBackgroundsMatchStylesheet keeps the backgrounds contrast is
// checked against equal to the built-in stylesheet's.
func TestBackgroundsMatchStylesheet(t *testing.T) {
	css, err := os.ReadFile("../../assets/style.css")
	if err != nil {
		t.Fatal(err)
	}
	light := regexp.MustCompile(`--bg: (#[0-9a-f]{6});\s*--bg-soft: (#[0-9a-f]{6});`).FindSubmatch(css)
	dark := regexp.MustCompile(`\[data-theme=dark\] \{\s*color-scheme: dark;\s*--bg: (#[0-9a-f]{6}); --bg-soft: (#[0-9a-f]{6});`).FindSubmatch(css)
	if light == nil || dark == nil {
		t.Fatal("style.css: --bg and --bg-soft of the light and dark themes not found")
	}
	for i, want := range []string{string(light[1]), string(light[2])} {
		if LightBackgrounds[i].Hex() != want {
			t.Errorf("LightBackgrounds[%d] = %s, style.css has %s", i, LightBackgrounds[i].Hex(), want)
		}
	}
	for i, want := range []string{string(dark[1]), string(dark[2])} {
		if DarkBackgrounds[i].Hex() != want {
			t.Errorf("DarkBackgrounds[%d] = %s, style.css has %s", i, DarkBackgrounds[i].Hex(), want)
		}
	}
}
