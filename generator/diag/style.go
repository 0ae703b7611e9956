package diag

import (
	"fmt"
	"strings"
)

// ANSI escape sequences of the styles a terminal shows (SGR codes).
const (
	sgrReset  = "\x1b[0m"
	sgrBold   = "\x1b[1m"
	sgrRed    = "\x1b[1;31m"
	sgrYellow = "\x1b[1;33m"
	sgrCyan   = "\x1b[1;36m"
)

// Style writes diagnostics and summary lines, in colour when Color is
// set (a terminal, see cmd/handbook): the location bold, "warning:"
// yellow, "note:" cyan and an error's message red, as compilers and git
// show them. Without colour it writes exactly Diagnostic.String. The
// colour is in the escapes alone: the text stays the same, and nothing
// written to a file is ever styled.
type Style struct{ Color bool }

func (s Style) paint(sgr, text string) string {
	if !s.Color || text == "" {
		return text
	}
	return sgr + text + sgrReset
}

// Format writes d as path:line:col: message (see Diagnostic.String).
func (s Style) Format(d Diagnostic) string {
	var loc strings.Builder
	loc.WriteString(d.Path)
	if d.Line > 0 {
		fmt.Fprintf(&loc, ":%d", d.Line)
		if d.Col > 0 {
			fmt.Fprintf(&loc, ":%d", d.Col)
		}
	}
	loc.WriteString(":")
	var b strings.Builder
	b.WriteString(s.paint(sgrBold, loc.String()))
	b.WriteString(" ")
	switch d.Severity {
	case Warning:
		b.WriteString(s.paint(sgrYellow, "warning:") + " " + d.Message)
	case Note:
		b.WriteString(s.paint(sgrCyan, "note:") + " " + d.Message)
	default:
		b.WriteString(s.paint(sgrRed, d.Message))
	}
	if d.Excerpt != "" {
		b.WriteString("\n")
		b.WriteString(strings.TrimRight(d.Excerpt, "\n"))
	}
	return b.String()
}

// Failure styles the summary of a failed run ("build failed: ...") red.
func (s Style) Failure(text string) string { return s.paint(sgrRed, text) }

// Warning styles a count of warnings in a summary line yellow.
func (s Style) Warning(text string) string { return s.paint(sgrYellow, text) }

// Success styles the summary of a successful run bold.
func (s Style) Success(text string) string { return s.paint(sgrBold, text) }
