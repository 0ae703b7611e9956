package main

import (
	"flag"
	"fmt"
	"io"
	"os"

	"golang.org/x/term"

	"github.com/handbook-dev/handbook/generator/diag"
)

// colorModes are the values --color takes, as git's and GNU ls's do.
var colorModes = []string{"auto", "always", "never"}

// colorFlag is --color[=WHEN] (auto, always or never; --color alone is
// always, as in git) and --no-color. auto colours a stream that is a
// terminal, unless NO_COLOR is set to anything but "" (no-color.org) or
// TERM is dumb.
type colorFlag struct{ mode string }

func (c *colorFlag) String() string { return c.mode }

func (c *colorFlag) Set(s string) error {
	switch s {
	case "true":
		s = "always" // --color alone
	case "false":
		s = "never"
	}
	for _, m := range colorModes {
		if s == m {
			c.mode = s
			return nil
		}
	}
	return fmt.Errorf("%q is not auto, always or never%s", s, didYouMean(s, colorModes))
}

// IsBoolFlag lets --color stand alone, as git's does; a value needs
// the = (--color=never).
func (c *colorFlag) IsBoolFlag() bool { return true }

func (c *colorFlag) register(fs *flag.FlagSet) {
	c.mode = "auto"
	fs.Var(c, "color", "colour the messages: auto, always or never")
	fs.BoolFunc("no-color", "no colour (--color=never)", func(string) error {
		c.mode = "never"
		return nil
	})
}

// style is how diagnostics are written to w: in colour when the mode
// says so, or for auto when w is a terminal and the environment allows.
func (c *colorFlag) style(w io.Writer) diag.Style {
	switch c.mode {
	case "always":
		return diag.Style{Color: true}
	case "never":
		return diag.Style{}
	}
	if os.Getenv("NO_COLOR") != "" || os.Getenv("TERM") == "dumb" {
		return diag.Style{}
	}
	f, ok := w.(*os.File)
	return diag.Style{Color: ok && term.IsTerminal(int(f.Fd()))}
}
