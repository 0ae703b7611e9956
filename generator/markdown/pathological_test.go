package markdown

import (
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"
)

// pathological are the inputs of the cmark project's
// test/pathological_tests.py, each with the pattern its output must match
// (as a substring) when it converts. goldmark is quadratic on some of them; each must
// either convert or be refused with ErrBudget, never hang the build.
func pathological() []struct {
	name, src string
	want      string
} {
	rep := strings.Repeat
	var lists, backticks, refs strings.Builder
	for i := range 1000 {
		lists.WriteString(rep("  ", i) + "* a\n")
	}
	for i := 1; i < 10000; i++ {
		backticks.WriteString("e" + rep("`", i))
	}
	for i := 1; i < 50000*16; i++ {
		fmt.Fprintf(&refs, "[%d]: u\n", i)
	}
	refs.WriteString(rep("[0] ", 50000))
	return []struct {
		name, src string
		want      string
	}{
		{"nested strong emph", rep("*a **a ", 65000) + "b" + rep(" a** a*", 65000), "<p>" + rep("<em>a <strong>a ", 65000) + "b" + rep(" a</strong> a</em>", 65000)},
		{"many emph closers with no openers", rep("a_ ", 65000), "<p>" + rep("a_ ", 64999) + "a_"},
		{"many emph openers with no closers", rep("_a ", 65000), "<p>" + rep("_a ", 64999) + "_a"},
		{"many link closers with no openers", rep("a]", 65000), "<p>" + rep("a]", 65000)},
		{"many link openers with no closers", rep("[a", 65000), "<p>" + rep("[a", 65000)},
		{"mismatched openers and closers", rep("*a_ ", 50000), "<p>" + rep("*a_ ", 49999) + "*a_"},
		{"openers and closers multiple of 3", "a**b" + rep("c* ", 50000), "<p>a**b" + rep("c* ", 49999) + "c*"},
		{"link openers and emph closers", rep("[ a_", 50000), "<p>" + rep("[ a_", 50000)},
		{"hard link/emph case", "**x [a*b**c*](d)", `**x <a href="d">a<em>b**c</em></a>`},
		{"nested brackets", rep("[", 50000) + "a" + rep("]", 50000), "<p>" + rep("[", 50000) + "a" + rep("]", 50000)},
		{"nested block quotes", rep("> ", 50000) + "a", rep("<blockquote>\n", 50000)},
		{"deeply nested lists", lists.String(), "<ul>\n" + rep("<li>a\n<ul>\n", 999) + "<li>a</li>"},
		{"U+0000 in input", "abc\u0000de\u0000", "abc\ufffdde\ufffd"},
		{"backticks", backticks.String(), "<p>e`e``"},
		{"unclosed links A", rep("[a](<b", 50000), "<p>" + rep("[a](&lt;b", 50000)},
		{"unclosed links B", rep("[a](b", 50000), "<p>" + rep("[a](b", 50000)},
		{"many references", refs.String(), rep("[0] ", 49999)},
	}
}

// testBudget is the render time budget the pathological inputs get here:
// less than handbook's default of 5 s, to keep the test short.
const testBudget = 2 * time.Second

// maxTestPage mirrors handbook's default page size limit: larger inputs
// are refused before they are read, so they never reach the converter.
const maxTestPage = 4 << 20

// TestPathologicalInputs runs every cmark pathological input through the
// converter with a time budget: each converts (and its output matches
// cmark's expectation, or differs in a way explained below) or is refused
// with ErrBudget. The times are logged; `go test -v -run Pathological`
// shows which inputs goldmark handles and which it is stopped on.
func TestPathologicalInputs(t *testing.T) {
	c := New()
	for _, tc := range pathological() {
		t.Run(tc.name, func(t *testing.T) {
			if len(tc.src) > maxTestPage {
				t.Logf("%d bytes: over the page size limit, refused before conversion", len(tc.src))
				return
			}
			start := time.Now()
			res, err := c.Convert(Document{Body: []byte(tc.src), BodyLine: 1, Budget: testBudget})
			elapsed := time.Since(start)
			switch {
			case errors.Is(err, ErrBudget):
				t.Logf("%d bytes: refused after %s: %v", len(tc.src), elapsed.Round(time.Millisecond), err)
			case err != nil:
				t.Fatalf("Convert: %v", err)
			default:
				t.Logf("%d bytes: converted in %s", len(tc.src), elapsed.Round(time.Millisecond))
				if !strings.Contains(string(res.HTML), tc.want) {
					t.Errorf("output lacks cmark's expected %.60q...: %.200q...", tc.want, res.HTML)
				}
			}
		})
	}
}
