package main

import (
	"bytes"
	"flag"
	"io"
	"os"
	"path/filepath"
	"testing"
)

// TestColorFlag: what --color, --no-color, NO_COLOR and TERM=dumb give
// on streams that are not terminals (a terminal is checked by hand:
// script -qc 'handbook build' /dev/null).
func TestColorFlag(t *testing.T) {
	file, err := os.Create(filepath.Join(t.TempDir(), "log"))
	if err != nil {
		t.Fatal(err)
	}
	defer file.Close()
	for _, tc := range []struct {
		name    string
		args    []string
		noColor string
		term    string
		w       io.Writer
		want    bool
	}{
		{"auto, a buffer", nil, "", "xterm", &bytes.Buffer{}, false},
		{"auto, a file", nil, "", "xterm", file, false},
		{"always", []string{"--color=always"}, "", "xterm", &bytes.Buffer{}, true},
		{"--color alone", []string{"--color"}, "", "xterm", file, true},
		{"always beats NO_COLOR", []string{"--color=always"}, "1", "xterm", file, true},
		{"always beats TERM=dumb", []string{"--color=always"}, "", "dumb", file, true},
		{"never", []string{"--color=never"}, "", "xterm", file, false},
		{"--no-color", []string{"--no-color"}, "", "xterm", file, false},
		{"--no-color after --color", []string{"--color", "--no-color"}, "", "xterm", file, false},
		{"auto with NO_COLOR", []string{"--color=auto"}, "1", "xterm", file, false},
	} {
		t.Setenv("NO_COLOR", tc.noColor)
		t.Setenv("TERM", tc.term)
		var c colorFlag
		fs := flag.NewFlagSet("test", flag.ContinueOnError)
		c.register(fs)
		if err := fs.Parse(tc.args); err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		if got := c.style(tc.w).Color; got != tc.want {
			t.Errorf("%s: colour %v, want %v", tc.name, got, tc.want)
		}
	}
}

func TestColorFlagRefuses(t *testing.T) {
	for _, tc := range []struct{ value, want string }{
		{"blue", `"blue" is not auto, always or never`},
		{"nevr", `"nevr" is not auto, always or never; did you mean "never"?`},
		{"", `"" is not auto, always or never`},
	} {
		var c colorFlag
		err := c.Set(tc.value)
		if err == nil || err.Error() != tc.want {
			t.Errorf("Set(%q) = %v, want %q", tc.value, err, tc.want)
		}
	}
}
