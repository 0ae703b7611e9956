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
	b.WriteString(s.Location(loc.String()))
	b.WriteString(" ")
	if d.Severity == Error {
		b.WriteString(s.paint(sgrRed, d.Message))
	} else {
		b.WriteString(s.Label(d.Severity.String(), d.Severity.String()+":") + " " + d.Message)
	}
	if d.Excerpt != "" {
		b.WriteString("\n")
		b.WriteString(strings.TrimRight(d.Excerpt, "\n"))
	}
	return b.String()
}

// Location styles a path:line:col: bold.
func (s Style) Location(text string) string { return s.paint(sgrBold, text) }

// Label styles text in the colour of the severity named (error red,
// warning yellow, note or info cyan), for the labels of audit findings
// as for diagnostics.
func (s Style) Label(severity, text string) string {
	switch severity {
	case "error":
		return s.paint(sgrRed, text)
	case "warning":
		return s.paint(sgrYellow, text)
	case "note", "info":
		return s.paint(sgrCyan, text)
	}
	return text
}

// Failure styles the summary of a failed run ("build failed: ...") red.
func (s Style) Failure(text string) string { return s.paint(sgrRed, text) }

// Warning styles a count of warnings in a summary line yellow.
func (s Style) Warning(text string) string { return s.paint(sgrYellow, text) }

// Success styles the summary of a successful run bold.
func (s Style) Success(text string) string { return s.paint(sgrBold, text) }
