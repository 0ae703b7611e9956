package yamlx

import (
	"errors"
	"fmt"
	"strings"
	"testing"
)

// TestSyntaxErrors holds the mistakes writers make every day, each with
// the message and the place (line:col of the mistake, not of where the
// YAML library noticed it) that Mapping reports.
func TestSyntaxErrors(t *testing.T) {
	cases := []struct {
		name, src, want string
	}{
		// Quotes.
		{"apostrophe in single quotes", "title: 'Don't panic'\nowner: ops\n",
			`1:12: the single-quoted value ends at the apostrophe in Don', and YAML cannot read the rest; use double quotes, "Don't panic", or double the apostrophe, 'Don''t panic'`},
		{"apostrophe in a single-quoted list item", "tags: ['don't']\n",
			`1:12: the single-quoted value ends at the apostrophe in don', and YAML cannot read the rest; use double quotes, "don't", or double the apostrophe, 'don''t'`},
		{"apostrophe next to a double quote", "title: 'Say \"hi\", don't'\n",
			`1:22: the single-quoted value ends at the apostrophe in don', and YAML cannot read the rest; double the apostrophe: 'Say "hi", don''t'`},
		{"double quotes inside double quotes", "title: \"The \"Ops\" guide\"\n",
			`1:13: the double-quoted value ends at the quote after The, and YAML cannot read the rest; use single quotes, 'The "Ops" guide', or write each inner quote as \", "The \"Ops\" guide"`},
		{"text after a double-quoted word", "title: \"Ops\" guide\nowner: ops\n",
			`1:8: this value starts with a quote, so it ends at the closing quote in column 12, and YAML cannot read the text after it; quote the whole value: '"Ops" guide'`},
		{"text after a single-quoted word", "title: 'Ops' guide # note\n",
			`1:8: this value starts with a quote, so it ends at the closing quote in column 12, and YAML cannot read the text after it; quote the whole value: "'Ops' guide"`},
		{"double quote never closed", "title: \"unclosed\nowner: ops\n",
			`1:8: the double quote that opens this value is never closed; add the closing " at the end of the value, or remove this one`},
		{"single quote never closed", "title: x\nowner: 'unclosed\n",
			`2:8: the single quote that opens this value is never closed; add the closing ' at the end of the value, or remove this one`},
		{"Windows path in double quotes", "path: \"C:\\Users\\x\"\n",
			`1:10: a backslash in double quotes starts an escape sequence (\n, \t, \"), and \U is not one YAML can read here; write \\ for each backslash, or use single quotes, which keep backslashes as they are: 'C:\Users\x'`},
		{"unknown escape", "title: \"a\\qb\"\n",
			`1:10: a backslash in double quotes starts an escape sequence (\n, \t, \"), and \q is not one YAML can read here; write \\ for each backslash, or use single quotes, which keep backslashes as they are: 'a\qb'`},

		// Colons.
		{"colon and space in a value", "title: Step 1: log in\nowner: ops\n",
			`1:14: a colon followed by a space starts a key in YAML, so a value written without quotes cannot hold one; quote the value: title: "Step 1: log in"`},
		{"colon in a value holding a quote", "title: Say \"hi\": now\n",
			`1:16: a colon followed by a space starts a key in YAML, so a value written without quotes cannot hold one; quote the value: title: 'Say "hi": now'`},
		{"no space after the colon", "owner:web-ops\ntitle: Guide\n",
			`1:6: owner:web-ops has no space after the colon, so YAML reads it as text, not as a key and its value; write owner: web-ops`},
		{"no space after the colon, last line", "title: Guide\nowner:web-ops\n",
			`2:6: owner:web-ops has no space after the colon, so YAML reads it as text, not as a key and its value; write owner: web-ops`},
		{"no space after the colon, only line", "owner:web-ops\n",
			`1:6: owner:web-ops has no space after the colon, so YAML reads it as text, not as a key and its value; write owner: web-ops`},
		{"no space after a dash", "- id: a\n  owner: b\n-id: c\n",
			`3:1: a list item needs a space after the dash; write - id: c`},

		// Indentation.
		{"tab before a key", "title: x\n\towner: ops\n",
			`2:1: a tab indents this line, and YAML indents with spaces only; replace the tab with spaces`},
		{"tab before a list item", "tags:\n  - a\n\t- b\n",
			`3:1: a tab indents this line, and YAML indents with spaces only; replace the tab with spaces`},
		{"tab on the first line", "\ttitle: x\n",
			`1:1: a tab indents this line, and YAML indents with spaces only; replace the tab with spaces`},
		{"key indented deeper than the one above", "title: x\n  owner: ops\n",
			`2:3: owner on line 2 is indented 2 spaces, deeper than title on line 1 (0 spaces), so YAML reads it as more of the value of title; indent it as far as title`},
		{"key of a list item indented too deep", "items:\n  - id: a\n     kind: x\n",
			`3:6: kind on line 3 is indented 5 spaces, deeper than id on line 2 (4 spaces), so YAML reads it as more of the value of id; indent it as far as id`},
		{"key between two levels", "items:\n  - id: a\n    kind: x\n   owner: b\n",
			`4:4: owner on line 4 is indented 3 spaces, which lines up with nothing above it: kind on line 3 is indented 4 and the list item on line 2 is indented 2; the keys of one mapping and the items of one list line up exactly, so indent it as far as the one it belongs with`},
		{"nested key between two levels", "links:\n  external:\n - x\n",
			`3:2: the list item on line 3 is indented 1 space, which lines up with nothing above it: external on line 2 is indented 2 and links on line 1 is indented 0; the keys of one mapping and the items of one list line up exactly, so indent it as far as the one it belongs with`},
		{"list item less indented than the one above", "title: x\ntags:\n  - a\n - b\n",
			`4:2: the list item on line 4 is indented 1 space, which lines up with nothing above it: the list item on line 3 is indented 2 and tags on line 2 is indented 0; the keys of one mapping and the items of one list line up exactly, so indent it as far as the one it belongs with`},
		{"text after a complete value", "title: a # note\n  more\n",
			`2:3: more on line 2 is indented 2 spaces, deeper than title on line 1 (0 spaces), which already has its value; indent it as far as the key or list item it belongs with`},
		{"key beside list items", "- a\ntitle: x\n",
			`2:1: title on line 2 is indented as far as the list item on line 1, but one level holds either keys or list items, not both; indent the list items deeper than their key`},
		{"list item among keys", "title: x\n- a\n",
			`2:1: a list item where a key is expected; put the list below its key, indented deeper than the key, or remove the -`},
		{"list on the line of its key", "tags: - a\n",
			`1:7: a list cannot start on the line of its key; put each - item on a line of its own below the key, indented, or write the list as [a, b]; if the - is part of the text, quote the value: "- a"`},
		{"text without a key", "title: a\nmore text\n",
			`2:1: this line holds text without a key; write it as key: value, or indent it to continue the value above`},

		// Brackets.
		{"unclosed [", "title: [unclosed\n",
			`1:8: the [ that opens this list is never closed; close it with ], or quote the value if the [ is part of the text: "[unclosed"`},
		{"unclosed [ noticed on the next line", "title: [unclosed\nowner: ops\n",
			`1:8: the [ that opens this list is never closed; close it with ], or quote the value if the [ is part of the text: "[unclosed"`},
		{"unclosed { noticed on the next line", "title: x\nlinks: {a: b\nowner: ops\n",
			`2:8: the { that opens this mapping is never closed; close it with }, or quote the value if the { is part of the text: "{a: b"`},
		{"unclosed [ in a list", "- [a\n- b\n",
			`1:3: the [ that opens this list is never closed; close it with ], or quote the value if the [ is part of the text: "[a"`},
		{"] that closes nothing", "tags: [a, b]]\n",
			`1:13: this ] closes no [; remove it, or quote the value if it is part of the text`},

		// Keys.
		{"duplicate key", "owner: a\ntitle: b\nowner: c\n",
			`3:1: key "owner" appears twice, first on line 1; keep one`},
		{"duplicate key in a list item", "items:\n  - id: a\n    id: b\n",
			`3:5: key "id" appears twice, first on line 2; keep one`},

		// Indicators at the start of a value.
		{"@ at the start", "owner: @web-ops\n",
			`1:8: a value cannot start with @, which in YAML is reserved; quote the value: "@web-ops"`},
		{"backtick at the start", "title: `make site` explained\n",
			"1:8: a value cannot start with `, which in YAML is reserved; quote the value: \"`make site` explained\""},
		{"% at the start", "title: %age of pages\n",
			`1:8: a value cannot start with %, which in YAML starts a directive; quote the value: "%age of pages"`},
		{"* at the start of text", "title: *Important* notes\n",
			`1:8: a value cannot start with *, which in YAML refers to an anchor (an alias); quote the value: "*Important* notes"`},
		{"* as the whole value", "title: *ops\n",
			`1:8: YAML aliases like *ops are not supported; write the value out in full, or quote it if the * is part of the text: "*ops"`},
		{"& alone", "title: &ops\n",
			`1:8: a value cannot start with &, which in YAML marks an anchor; quote the value: "&ops"`},
		{"| with text after it", "title: |ops\n",
			`1:8: a value cannot start with |, which in YAML starts a block of text on the lines below; quote the value: "|ops"`},
		{"directive after the first key", "title: x\n%YAML 1.2\n",
			`2:1: a line starting with % is a YAML directive, which may come only before the first key; remove the line, or quote it if it is text`},

		// What no rule knows keeps the library's words without its jargon.
		{"fallback", "title: a\n: b\n",
			`1:8: YAML cannot read this (a ': ' that YAML cannot place here); check the quotes, colons and indentation of this line`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := Mapping([]byte(c.src))
			var ye *Error
			if !errors.As(err, &ye) {
				t.Fatalf("Mapping(%q) = %v, want an *Error", c.src, err)
			}
			if got := ye.Error(); got != c.want {
				t.Errorf("Mapping(%q):\n got %s\nwant %s", c.src, got, c.want)
			}
			if strings.Contains(ye.Msg, "pre-defined") || strings.Contains(ye.Msg, "in this context") {
				t.Errorf("the library's jargon reaches the writer: %s", ye.Msg)
			}
		})
	}
}

// TestShift checks that an error in front matter names the lines of the
// file, not of the YAML text between the --- lines.
func TestShift(t *testing.T) {
	for _, c := range []struct{ src, want string }{
		{"owner: a\nowner: b\n", `3:1: key "owner" appears twice, first on line 2; keep one`},
		{"title: x\n  owner: ops\n", `3:3: owner on line 3 is indented 2 spaces, deeper than title on line 2 (0 spaces), so YAML reads it as more of the value of title; indent it as far as title`},
		{"title: 'Don't'\n", `2:12: the single-quoted value ends at the apostrophe in Don', and YAML cannot read the rest; use double quotes, "Don't", or double the apostrophe, 'Don''t'`},
	} {
		_, err := Mapping([]byte(c.src))
		var ye *Error
		if !errors.As(err, &ye) {
			t.Fatalf("Mapping(%q) = %v, want an *Error", c.src, err)
		}
		before := ye.Error()
		if got := ye.Shift(1).Error(); got != c.want {
			t.Errorf("Shift(1) of Mapping(%q):\n got %s\nwant %s", c.src, got, c.want)
		}
		if after := ye.Error(); after != before {
			t.Errorf("Shift changed the error it was called on: %s became %s", before, after)
		}
	}
}

// FuzzSyntaxError feeds Mapping any text: a YAML error never panics and
// always has a place (line and column from 1) and a message.
func FuzzSyntaxError(f *testing.F) {
	for _, s := range []string{
		"title: 'Don't panic'\n", "title: \"Ops\" guide\n", "title: Step 1: log in\n",
		"title: x\n\towner: y\n", "items:\n  - id: a\n    kind: x\n   owner: b\n",
		"title: [unclosed\nowner: x\n", "owner: a\nowner: b\n", "title: @x\n", "title: *x y\n",
		"owner:web-ops\ntitle: x\n", "path: \"C:\\Users\"\n", "tags: [a, b]]\n", "title: a\n: b\n",
		"- a\ntitle: x\n", "a:\n  b: 1\n c: 2\n", "\"\n", "'", "[", "{a: [b, {c: 'd'e}]}",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, src string) {
		_, err := Mapping([]byte(src))
		if err == nil {
			return
		}
		var ye *Error
		if !errors.As(err, &ye) {
			t.Fatalf("Mapping(%q) = %v, not an *Error", src, err)
		}
		if ye.Line < 1 || ye.Col < 1 || ye.Msg == "" {
			t.Fatalf("Mapping(%q) = %s, want a line and column from 1 and a message", src, fmt.Sprint(ye.Line, ":", ye.Col, ": ", ye.Msg))
		}
		if moved := ye.Shift(3); moved.Line != ye.Line+3 || moved.Msg == "" {
			t.Fatalf("Shift(3) of %s = %s", ye, moved)
		}
	})
}
