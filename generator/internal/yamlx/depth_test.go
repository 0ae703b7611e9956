package yamlx

import (
	"fmt"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/goccy/go-yaml/parser"
	"github.com/handbook-dev/handbook/generator/internal/costcheck"
)

// deep returns n levels of open, then the innermost text, then n levels
// of close.
func deep(open, inner, close string, n int) string {
	return strings.Repeat(open, n) + inner + strings.Repeat(close, n)
}

// blockDeep returns n levels of indented keys.
func blockDeep(n int) string {
	var b strings.Builder
	for i := range n {
		b.WriteString(strings.Repeat(" ", i) + "k:\n")
	}
	return b.String()
}

func TestCheckDepth(t *testing.T) {
	tooDeep := fmt.Sprintf("lists and mappings nest more than %d levels deep here; handbook reads at most %d (real files need a handful): remove the extra levels, or write the value as text", MaxDepth, MaxDepth)
	for _, tc := range []struct {
		name, src string
		line, col int // 0: accepted
	}{
		{"front matter", "title: A\ntags: [a, b]\nowner: ops\ncascade: {kind: incident}\n", 0, 0},
		{"config", "title: x\nsources:\n  - name: web\n    checks:\n      - {id: a, url: 'https://x/[a]'}\n  - name: c\n    type: confluence\naudit:\n  waivers:\n    - rule: x\n", 0, 0},
		{"inventory JSON", `{"items": [{"id": "a", "groups": {"x": "read"}, "members": ["a", "b"]}]}`, 0, 0},
		{"flow at the limit", "x: " + deep("[", "", "]", MaxDepth-1), 0, 0},
		{"JSON at the limit", deep("[", "1", "]", MaxDepth), 0, 0},
		{"block at the limit", blockDeep(MaxDepth), 0, 0},
		{"dashes at the limit", strings.Repeat("- ", MaxDepth) + "x\n", 0, 0},
		{"brackets in quoted text", "a: \"" + strings.Repeat("[", 200) + "\"\nb: '" + strings.Repeat("{", 200) + "'\nc: [\"" + strings.Repeat("[", 200) + "\\\"\", 'it''s " + strings.Repeat("{", 200) + "']\n", 0, 0},
		{"brackets in comments", "# " + strings.Repeat("[", 300) + "\na: b # " + strings.Repeat("{", 300) + "\nc: [x, # " + strings.Repeat("[", 300) + "\n  y]\n", 0, 0},
		{"brackets in a block scalar", "a: |\n  " + strings.Repeat("[", 500) + "\n\n  x\nb: >-\n  " + strings.Repeat("- ", 500) + "\nc: d\n", 0, 0},
		{"brackets in plain text", "a: x" + strings.Repeat("[", 500) + "\n", 0, 0},
		// The YAML library reads some text differently from YAML's grammar
		// (a tab inside a tag, a quote after an anchor, "..." before a
		// bracket), so the scanner cannot see the levels after it; the raw
		// count of unclosed brackets and '- ' runs refuses them anyway
		// (found by FuzzCheckDepth).
		{"levels after a tag with a tab", "!00000\t0" + strings.Repeat("[a, ", 1500) + "x", 1, 409},
		{"levels after a quote in an anchor", "&'0 '" + strings.Repeat("[a, ", 1500) + "x", 1, 0},
		{"levels after a document end", "..." + strings.Repeat("[", 1500), 1, 104},

		{"siblings", strings.Repeat("a:\n- b\n- c: d\n  e: f\n", 500), 0, 0},
		{"quoted text over lines", "a: \"x\n  " + strings.Repeat("[", 500) + "\"\nb: c\n", 0, 0},

		{"deep flow sequence", "title: x\nx: " + deep("[", "", "]", 40000), 2, 4 + MaxDepth - 1},
		{"deep flow mapping", "x: " + deep("{a: ", "b", "}", 40000), 1, 4 + 4*(MaxDepth-1)},
		{"deep JSON", deep("[", "1", "]", 40000), 1, MaxDepth + 1},
		{"deep JSON object", `{"items": ` + deep(`{"a":`, "1", "}", 40000) + "}", 1, 11 + 5*(MaxDepth-1)},
		{"deep flow over lines", "x:\n" + deep("[\n", "", "]\n", 40000), 2 + MaxDepth - 1, 1},
		{"deep block", blockDeep(MaxDepth + 1), MaxDepth + 1, MaxDepth + 1},
		{"deep dashes", "x:\n" + strings.Repeat("- ", 40000) + "a\n", 2, 2*MaxDepth - 1},
		{"deep keys", strings.Repeat("? ", 40000) + "a\n", 1, 2*MaxDepth + 1},
		{"deep after a quoted key", "\"k\": " + deep("[", "", "]", 40000), 1, 6 + MaxDepth - 1},
		{"deep after a tag", "x: !t " + deep("[", "", "]", 40000), 1, 7 + MaxDepth - 1},
		{"deep in a later document", "a: b\n---\nx: " + deep("[", "", "]", 40000), 3, 4 + MaxDepth - 1},
		{"deep dashes in a flow list", "x: [" + strings.Repeat("- ", 40000) + "a]\n", 1, 5 + 2*(MaxDepth-2)},
		{"deep after a closed quote", "x: [\"a\\\"" + strings.Repeat("[", 10) + "\", " + deep("[", "", "]", 40000) + "]", 1, 0},
		{"deep with CR line breaks", strings.ReplaceAll(blockDeep(MaxDepth+1), "\n", "\r"), MaxDepth + 1, MaxDepth + 1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := CheckDepth([]byte(tc.src))
			if tc.line == 0 {
				if err != nil {
					t.Fatalf("refused: %v", err)
				}
				return
			}
			e, ok := err.(*Error)
			if !ok {
				t.Fatalf("err = %v, want an *Error", err)
			}
			if e.Line != tc.line || (tc.col != 0 && e.Col != tc.col) || e.Msg != tooDeep {
				t.Errorf("err = %d:%d: %s, want %d:%d: %s", e.Line, e.Col, e.Msg, tc.line, tc.col, tooDeep)
			}
		})
	}
}

// TestCheckDepthCountsWhatTheParserNests puts a few thousand levels of
// nesting after each kind of text that might hide them from the depth
// check (an unclosed quote, a comment, a tag, plain text, a block
// scalar, ...). Either the check refuses the text, or the YAML library
// reads it cheaply: then the check was right that the brackets nest
// nothing. A check that misses levels the library builds fails here.
func TestCheckDepthCountsWhatTheParserNests(t *testing.T) {
	const levels = 3000 // the library allocates 15 to 35 MiB for these
	prefixes := []string{
		"", "x: ", "x: a ", "x: a", "- ", "? ", "x: !t ", "x: &a ", "x: !!str ", "\"k\": ", "'k': ", "x: 'a\n", "x: \"a\n", "x: \"a\\\"",
		"# c\n", "x: a # c\n", "x: a #c ", "x: |\n", "x: |\n  a\n", "x: >\n ", "x: |-\n  a\n ", "[", "[a, ", "[a ", "{a: ", "{\"a\":", "[\"a\" ", "['a''b' ",
		"x: [a] ", "x: [a]\n", "x: ]", "x: }", "]", "] ", "x: a\n  b ", "x:\n  - a\n  - ", "--- ", "--- |\n", "%YAML 1.2\n---\n", "x: @", "x: `", "\t", "x:\t",
		"x: a\\\n", "# a\\\n", "x: a, ", "x: ,", "[a, 'b\n", "[a, \"b\n", "x: *a ", "<<: ",
	}
	shapes := [][2]string{{"[", "]"}, {"{", "}"}, {"{a: ", "}"}, {"[a, ", "]"}, {"- ", ""}, {"? ", ""}, {"{\"a\":", "}"}}
	for _, prefix := range prefixes {
		for _, shape := range shapes {
			src := prefix + deep(shape[0], "x", shape[1], levels)
			if CheckDepth([]byte(src)) != nil {
				continue
			}
			alloc, took := parseCost(src)
			if alloc > 10<<20 || took > time.Second {
				t.Errorf("the check passed %q + %d × %q, which the library took %s and %d MiB to read", prefix, levels, shape[0], took, alloc>>20)
			}
		}
	}
}

// parseCost returns the bytes the YAML library allocates to parse src and
// the time it takes.
func parseCost(src string) (uint64, time.Duration) {
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	start := time.Now()
	_, _ = parser.ParseBytes([]byte(src), 0)
	took := time.Since(start)
	runtime.ReadMemStats(&after)
	return after.TotalAlloc - before.TotalAlloc, took
}

// FuzzCheckDepth searches for text after which the depth check misses
// levels that the YAML library builds: 5,000 levels (about 40 MiB for
// the library) follow the fuzzed prefix, and when the check passes them
// the library must read the whole within the fuzz budgets of the prefix.
func FuzzCheckDepth(f *testing.F) {
	shapes := [][2]string{{"[", "]"}, {"{", "}"}, {"{a: ", "}"}, {"[a, ", "]"}, {"- ", ""}, {"? ", ""}, {"{\"a\":", "}"}, {"[- ", "]"}}
	for _, p := range []string{"", "x: ", "x: a ", "# c\n", "x: |\n  a\n", "[\"a", "x: 'a''", "k: !t &a "} {
		for i := range shapes {
			f.Add(p, uint8(i))
		}
	}
	f.Fuzz(func(t *testing.T, prefix string, shape uint8) {
		s := shapes[int(shape)%len(shapes)]
		src := prefix + deep(s[0], "x", s[1], 5000)
		if CheckDepth([]byte(src)) != nil {
			return
		}
		costcheck.Fuzz(t, len(prefix), func() { _, _ = parser.ParseBytes([]byte(src), 0) })
	})
}
