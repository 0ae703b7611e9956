// Package spreadsheet writes CSV that is safe to open in Excel, LibreOffice
// or Google Sheets: auditors open handbook's CSV exports there, and a cell
// that starts like a formula would run as one (CSV injection).
package spreadsheet

import (
	"encoding/csv"
	"io"
	"strconv"
	"strings"
)

// Cell neutralises a value as OWASP's CSV injection advice says: a value
// starting with =, +, -, @, a tab or a carriage return gets a leading
// apostrophe, which spreadsheets show as text and do not evaluate. Plain
// numbers (-12, +3.5, 1e6) are kept as they are, so columns of numbers
// still sum.
func Cell(s string) string {
	if s == "" || !strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return s
	}
	if _, err := strconv.ParseFloat(s, 64); err == nil && s[0] != '=' && s[0] != '@' {
		return s
	}
	return "'" + s
}

// Writer is a csv.Writer whose every cell passes through Cell.
type Writer struct {
	w   *csv.Writer
	row []string
}

// NewWriter returns a Writer writing to w.
func NewWriter(w io.Writer) *Writer {
	return &Writer{w: csv.NewWriter(w)}
}

// Write writes one row.
func (w *Writer) Write(record []string) error {
	w.row = w.row[:0]
	for _, s := range record {
		w.row = append(w.row, Cell(s))
	}
	return w.w.Write(w.row)
}

// Flush writes buffered rows; Error reports a failed write or flush.
func (w *Writer) Flush() { w.w.Flush() }

// Error reports any error of an earlier Write or Flush.
func (w *Writer) Error() error { return w.w.Error() }
