package source_test

import (
	"bytes"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/handbook-dev/handbook/generator/diag"
	"github.com/handbook-dev/handbook/generator/internal/costcheck"
	"github.com/handbook-dev/handbook/generator/markdown"
	"github.com/handbook-dev/handbook/generator/source"
)

const testPath = "content/guide/page.md"

type parseWant struct {
	title    string
	owner    string
	reviewed string // YYYY-MM-DD or RFC 3339; "" for unset
	interval string // Interval.String(); "" for unset
	tags     []string
	weight   int
	draft    bool
	params   map[string]any
	bodyLine int
	body     string
	heading  string
	slug     string
	url      string
}

type parseCase struct {
	name string
	src  string
	want *parseWant // nil when an error is expected
	// wantErr holds substrings every one of which must occur in the
	// joined diagnostics, starting with the path:line:col position.
	wantErr []string
}

var parseCases = []parseCase{
	{
		name: "full front matter",
		src: "---\n" +
			"title: Restore a site\n" +
			"reviewed: 2026-01-15\n" +
			"review_interval: 6m\n" +
			"tags: [sharepoint, restore]\n" +
			"weight: 3\n" +
			"draft: false\n" +
			"---\n" +
			"# Restore a site\n\nText.\n",
		want: &parseWant{
			title: "Restore a site", reviewed: "2026-01-15", interval: "6m",
			tags: []string{"sharepoint", "restore"}, weight: 3,
			bodyLine: 9, body: "# Restore a site\n\nText.\n", heading: "Restore a site",
		},
	},
	{
		name: "no front matter",
		src:  "# Only a heading\n\nText.\n",
		want: &parseWant{bodyLine: 1, body: "# Only a heading\n\nText.\n", heading: "Only a heading"},
	},
	{
		name: "empty file",
		src:  "",
		want: &parseWant{bodyLine: 1},
	},
	{
		name: "empty front matter",
		src:  "---\n---\nBody.\n",
		want: &parseWant{bodyLine: 3, body: "Body.\n"},
	},
	{
		name: "blank lines kept at the start of the body",
		src:  "---\ntitle: A\n---\n\n\nBody.\n",
		want: &parseWant{title: "A", bodyLine: 4, body: "\n\nBody.\n"},
	},
	{
		name: "leading blank lines before the opening line",
		src:  "\n\n---\ntitle: A\n---\nBody.\n",
		want: &parseWant{title: "A", bodyLine: 6, body: "Body.\n"},
	},
	{
		name:    "leading blank lines shift error positions",
		src:     "\n \n---\ntitle: A\nreviewed: soon\n---\nBody.\n",
		wantErr: []string{testPath + ":5:11:", "YYYY-MM-DD"},
	},
	{
		name:    "translated_from that is no commit",
		src:     "---\ntitle: A\ntranslated_from: last week\n---\nBody.\n",
		wantErr: []string{testPath + ":3:18:", `translated_from "last week" is not a commit; write the hash`},
	},
	{
		name: "CRLF line endings",
		src:  "---\r\ntitle: A\r\nweight: 2\r\n---\r\nBody.\r\n",
		want: &parseWant{title: "A", weight: 2, bodyLine: 5, body: "Body.\r\n"},
	},
	{
		name:    "CRLF line endings error position",
		src:     "---\r\ntitle: A\r\nreviewed: x\r\n---\r\nBody.\r\n",
		wantErr: []string{testPath + ":3:11:", "YYYY-MM-DD"},
	},
	{
		name: "RFC 3339 review date",
		src:  "---\nreviewed: 2026-01-02T10:00:00Z\n---\nb",
		want: &parseWant{reviewed: "2026-01-02T10:00:00Z", bodyLine: 4, body: "b"},
	},
	{
		name: "quoted review date",
		src:  "---\nreviewed: \"2026-01-02\"\n---\nb",
		want: &parseWant{reviewed: "2026-01-02", bodyLine: 4, body: "b"},
	},
	{
		name: "numbers are text, title and owner are trimmed",
		src:  "---\ntitle: \" 42 \"\nowner: \"  ops  \"\n---\n",
		want: &parseWant{title: "42", owner: "ops", bodyLine: 5},
	},
	{
		name: "single tag is a list of one",
		src:  "---\ntags: solo\n---\nb",
		want: &parseWant{tags: []string{"solo"}, bodyLine: 4, body: "b"},
	},
	{
		name: "empty tags in a list are dropped",
		src:  "---\ntags: [a, '', b]\n---\nb",
		want: &parseWant{tags: []string{"a", "b"}, bodyLine: 4, body: "b"},
	},
	{
		name: "draft",
		src:  "---\ndraft: true\n---\nb",
		want: &parseWant{draft: true, bodyLine: 4, body: "b"},
	},
	{
		name: "unknown keys are kept in Params",
		src:  "---\ntitle: A\nsystem: SharePoint\nnested: {x: 1}\nlist: [1, two]\n---\nb",
		want: &parseWant{
			title:    "A",
			params:   map[string]any{"system": "SharePoint", "nested": map[string]any{"x": uint64(1)}, "list": []any{uint64(1), "two"}},
			bodyLine: 7, body: "b",
		},
	},
	{
		name: "TOML front matter",
		src:  "+++\ntitle = \"From TOML\"\ntags = [\"a\", \"b\"]\nweight = 3\nreview_interval = \"90d\"\n+++\nBody.\n",
		want: &parseWant{title: "From TOML", tags: []string{"a", "b"}, weight: 3, interval: "90d", bodyLine: 7, body: "Body.\n"},
	},
	{
		name:    "TOML wrong type",
		src:     "+++\ntitle = \"T\"\nweight = \"x\"\n+++\nbody\n",
		wantErr: []string{testPath + ":1:1:", "weight must be a whole number"},
	},
	{
		name:    "TOML syntax error",
		src:     "+++\ntitle = \n+++\nbody\n",
		wantErr: []string{testPath + ":", "TOML"},
	},
	{
		name:    "TOML never closed",
		src:     "+++\ntitle = \"T\"\n",
		wantErr: []string{testPath + ":1:1:", `"+++" is never closed`},
	},
	{
		name:    "bad YAML: unclosed flow sequence",
		src:     "---\ntitle: [unclosed\n---\nBody.\n",
		wantErr: []string{testPath + ":2:8:", "front matter:"},
	},
	{
		name:    "bad YAML: not a mapping",
		src:     "---\n- a\n- b\n---\nBody.\n",
		wantErr: []string{testPath + ":2:1:", "expected a mapping"},
	},
	{
		name:    "bad YAML: plain text",
		src:     "---\njust text\n---\nBody.\n",
		wantErr: []string{testPath + ":2:1:", "expected a mapping"},
	},
	{
		name:    "reviewed is not a date",
		src:     "---\ntitle: A\nreviewed: next week\n---\nBody.\n",
		wantErr: []string{testPath + ":3:11:", "YYYY-MM-DD", `"next week"`},
	},
	{
		name:    "reviewed is not a real day",
		src:     "---\nreviewed: 2026-02-30\n---\n",
		wantErr: []string{testPath + ":2:11:", "YYYY-MM-DD"},
	},
	{
		name:    "weight: heavy",
		src:     "---\nweight: heavy\n---\n",
		wantErr: []string{testPath + ":2:9:", "weight must be a whole number", `"heavy"`},
	},
	{
		name:    "weight: fraction",
		src:     "---\nweight: 1.5\n---\n",
		wantErr: []string{testPath + ":2:9:", "whole number"},
	},
	{
		name:    "tags: mapping",
		src:     "---\ntags: {a: b}\n---\n",
		wantErr: []string{testPath + ":2:7:", "tags must be a list"},
	},
	{
		name:    "tags: mapping inside the list",
		src:     "---\ntags: [a, {b: c}]\n---\n",
		wantErr: []string{testPath + ":2:11:", "tags must be a list of text values"},
	},
	{
		name:    "draft: maybe",
		src:     "---\ndraft: maybe\n---\n",
		wantErr: []string{testPath + ":2:8:", "draft must be true or false"},
	},
	{
		name:    "unknown interval unit",
		src:     "---\ntitle: A\nreview_interval: 3x\n---\n",
		wantErr: []string{testPath + ":3:18:", "unknown unit", "90d"},
	},
	{
		name:    "interval without unit",
		src:     "---\nreview_interval: 90\n---\n",
		wantErr: []string{testPath + ":2:18:", "not an interval"},
	},
	{
		name:    "bad language code",
		src:     "---\nlang: english language\n---\n",
		wantErr: []string{testPath + ":2:7:", "not a language code"},
	},
	{
		name:    "several errors are all reported",
		src:     "---\nweight: heavy\ndraft: maybe\n---\n",
		wantErr: []string{testPath + ":2:9:", testPath + ":3:8:"},
	},
	{
		name:    "duplicate keys",
		src:     "---\ntitle: A\ntitle: B\n---\nBody.\n",
		wantErr: []string{testPath + ":3:1:", `"title"`},
	},
	{
		name:    "front matter never closed",
		src:     "---\ntitle: A\nBody that should have been after the front matter.\n",
		wantErr: []string{testPath + ":1:1:", `"---" is never closed`},
	},
	{
		name:    "front matter never closed after blank lines",
		src:     "\n\n---\ntitle: A\n",
		wantErr: []string{testPath + ":3:1:", "never closed"},
	},
	{
		name:    "only an opening line",
		src:     "---",
		wantErr: []string{testPath + ":1:1:", "never closed"},
	},
	{
		// A UTF-8 byte order mark, as Windows editors write it, is invisible:
		// the front matter must still be read, or a draft page is published
		// and its metadata shown as text.
		name: "UTF-8 byte order mark before the front matter",
		src:  "\ufeff---\ntitle: A\ndraft: true\n---\nBody.\n",
		want: &parseWant{title: "A", draft: true, bodyLine: 5, body: "Body.\n"},
	},
}

func TestParse(t *testing.T) {
	for _, tc := range append(parseCases, hostileParseCases...) {
		t.Run(tc.name, func(t *testing.T) {
			doc, diags := source.Parse(testPath, []byte(tc.src))
			var msgs []string
			for _, d := range diags {
				msgs = append(msgs, d.String())
			}
			all := strings.Join(msgs, "\n")
			if tc.want == nil {
				if len(diags) == 0 {
					t.Fatalf("Parse succeeded, want an error containing %q", tc.wantErr)
				}
				if doc != nil {
					t.Errorf("Parse returned a document along with errors; want nil")
				}
				for _, s := range tc.wantErr {
					if !strings.Contains(all, s) {
						t.Errorf("diagnostics do not contain %q:\n%s", s, all)
					}
				}
				for _, d := range diags {
					if d.Path != testPath {
						t.Errorf("diagnostic path = %q, want %q", d.Path, testPath)
					}
					if d.Line < 1 {
						t.Errorf("diagnostic without a line: %s", d)
					}
				}
				return
			}
			if len(diags) > 0 {
				t.Fatalf("unexpected diagnostics:\n%s", all)
			}
			if doc == nil {
				t.Fatal("Parse returned no document and no diagnostics")
			}
			w := tc.want
			if doc.Title != w.title {
				t.Errorf("Title = %q, want %q", doc.Title, w.title)
			}
			if doc.Slug != w.slug || doc.URL != w.url {
				t.Errorf("Slug, URL = %q, %q, want %q, %q", doc.Slug, doc.URL, w.slug, w.url)
			}
			if doc.Owner != w.owner {
				t.Errorf("Owner = %q, want %q", doc.Owner, w.owner)
			}
			var wantReviewed time.Time
			if w.reviewed != "" {
				var err error
				layout := time.DateOnly
				if len(w.reviewed) > len(layout) {
					layout = time.RFC3339
				}
				if wantReviewed, err = time.Parse(layout, w.reviewed); err != nil {
					t.Fatal(err)
				}
			}
			if !doc.Reviewed.Equal(wantReviewed) {
				t.Errorf("Reviewed = %v, want %v", doc.Reviewed, wantReviewed)
			}
			if got := doc.ReviewInterval.String(); got != w.interval {
				t.Errorf("ReviewInterval = %q, want %q", got, w.interval)
			}
			if len(doc.Tags) != 0 || len(w.tags) != 0 {
				if !reflect.DeepEqual(doc.Tags, w.tags) {
					t.Errorf("Tags = %q, want %q", doc.Tags, w.tags)
				}
			}
			if doc.Weight != w.weight {
				t.Errorf("Weight = %d, want %d", doc.Weight, w.weight)
			}
			if doc.Draft != w.draft {
				t.Errorf("Draft = %v, want %v", doc.Draft, w.draft)
			}
			if len(doc.Params) != 0 || len(w.params) != 0 {
				if !reflect.DeepEqual(doc.Params, w.params) {
					t.Errorf("Params = %#v, want %#v", doc.Params, w.params)
				}
			}
			if doc.BodyLine != w.bodyLine {
				t.Errorf("BodyLine = %d, want %d", doc.BodyLine, w.bodyLine)
			}
			if string(doc.Body) != w.body {
				t.Errorf("Body = %q, want %q", doc.Body, w.body)
			}
			if doc.HeadingTitle != w.heading {
				t.Errorf("HeadingTitle = %q, want %q", doc.HeadingTitle, w.heading)
			}
		})
	}
}

// TestParseKnownKeysAreNotParams checks that typed keys never leak into
// Params, which templates read for custom keys only.
func TestParseKnownKeysAreNotParams(t *testing.T) {
	src := "---\n"
	for _, k := range source.KnownKeys {
		switch k {
		case "reviewed", "updated":
			src += k + ": 2026-01-01\n"
		case "review_interval":
			src += k + ": 1y\n"
		case "weight":
			src += k + ": 1\n"
		case "draft":
			src += k + ": false\n"
		case "lang":
			src += k + ": nl\n"
		case "kind":
			src += k + ": runbook\n"
		case "cascade":
			src += k + ": {kind: incident}\n"
		case "translated_from":
			src += k + ": 0123abc\n"
		default:
			src += k + ": x\n"
		}
	}
	src += "---\n"
	doc, diags := source.Parse(testPath, []byte(src))
	if len(diags) > 0 {
		t.Fatalf("unexpected diagnostics: %v", diags)
	}
	if len(doc.Params) != 0 {
		t.Errorf("Params = %v, want none", doc.Params)
	}
}

func TestParseInterval(t *testing.T) {
	tests := []struct {
		in      string
		want    source.Interval
		wantErr string
	}{
		{in: "90d", want: source.Interval{N: 90, Unit: 'd'}},
		{in: "6w", want: source.Interval{N: 6, Unit: 'w'}},
		{in: "6m", want: source.Interval{N: 6, Unit: 'm'}},
		{in: "1y", want: source.Interval{N: 1, Unit: 'y'}},
		{in: "1Y", want: source.Interval{N: 1, Unit: 'y'}},
		{in: "2 weeks", want: source.Interval{N: 2, Unit: 'w'}},
		{in: " 3 months ", want: source.Interval{N: 3, Unit: 'm'}},
		{in: "1 day", want: source.Interval{N: 1, Unit: 'd'}},
		{in: "2 years", want: source.Interval{N: 2, Unit: 'y'}},
		{in: "3x", wantErr: `unknown unit "x"`},
		{in: "3 fortnights", wantErr: "unknown unit"},
		{in: "0d", wantErr: "must be positive"},
		{in: "-1d", wantErr: "not an interval"},
		{in: "1.5m", wantErr: "not an interval"},
		{in: "90", wantErr: "not an interval"},
		{in: "d", wantErr: "not an interval"},
		{in: "", wantErr: "not an interval"},
		{in: "99999999999999999999d", wantErr: "99999999999999999999d"},
	}
	for _, tc := range tests {
		t.Run(tc.in, func(t *testing.T) {
			got, err := source.ParseInterval(tc.in)
			if tc.wantErr != "" {
				if err == nil {
					t.Fatalf("ParseInterval(%q) = %v, want an error containing %q", tc.in, got, tc.wantErr)
				}
				if !strings.Contains(err.Error(), tc.wantErr) {
					t.Errorf("ParseInterval(%q) error = %q, want it to contain %q", tc.in, err, tc.wantErr)
				}
				if !got.IsZero() {
					t.Errorf("ParseInterval(%q) returned %v with an error", tc.in, got)
				}
				return
			}
			if err != nil {
				t.Fatalf("ParseInterval(%q): %v", tc.in, err)
			}
			if got != tc.want {
				t.Errorf("ParseInterval(%q) = %+v, want %+v", tc.in, got, tc.want)
			}
		})
	}
}

func TestIntervalAfter(t *testing.T) {
	start := time.Date(2026, 1, 15, 0, 0, 0, 0, time.UTC)
	tests := []struct {
		iv   source.Interval
		want time.Time
	}{
		{source.Interval{N: 90, Unit: 'd'}, time.Date(2026, 4, 15, 0, 0, 0, 0, time.UTC)},
		{source.Interval{N: 2, Unit: 'w'}, time.Date(2026, 1, 29, 0, 0, 0, 0, time.UTC)},
		{source.Interval{N: 6, Unit: 'm'}, time.Date(2026, 7, 15, 0, 0, 0, 0, time.UTC)},
		{source.Interval{N: 1, Unit: 'y'}, time.Date(2027, 1, 15, 0, 0, 0, 0, time.UTC)},
		{source.Interval{}, start},
	}
	for _, tc := range tests {
		if got := tc.iv.After(start); !got.Equal(tc.want) {
			t.Errorf("%v.After(%v) = %v, want %v", tc.iv, start, got, tc.want)
		}
	}
}

func TestFirstHeading(t *testing.T) {
	tests := []struct {
		name, body, want string
	}{
		{"simple", "# Title\n\nText.\n", "Title"},
		{"no heading", "Text only.\n", ""},
		{"empty", "", ""},
		{"level two first", "## Sub\n\n# Main\n", "Main"},
		{"only level two", "## Sub\n", ""},
		{"closing hashes", "# Title ##\n", "Title"},
		{"extra spaces", "#   Spaced   \n", "Spaced"},
		{"no space is not a heading", "#hashtag\n# Real\n", "Real"},
		{"no trailing newline", "# Last", "Last"},
		{"CRLF", "# Title\r\n\r\nText\r\n", "Title"},
		{"inside backtick fence", "```sh\n# comment\n```\n# Real\n", "Real"},
		{"inside tilde fence", "~~~\n# comment\n~~~\n# Real\n", "Real"},
		{"tilde fence not closed by backticks", "~~~\n```\n# comment\n~~~\n# Real\n", "Real"},
		{"unclosed fence", "```\n# comment\n", ""},
		// A four-backtick fence shows Markdown that itself holds a
		// three-backtick fence; the inner ``` does not close it.
		{"inside a longer fence", "````md\n```\n# inside\n```\n````\n# Real\n", "Real"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := source.FirstHeading([]byte(tc.body)); got != tc.want {
				t.Errorf("FirstHeading(%q) = %q, want %q", tc.body, got, tc.want)
			}
		})
	}
}

func TestExcerpt(t *testing.T) {
	src := []byte("---\ntitle: A\nreviewed: soon\n---\n")
	got := source.Excerpt(src, 3, 11)
	want := "    3 | reviewed: soon\n      |           ^"
	if got != want {
		t.Errorf("Excerpt = %q, want %q", got, want)
	}
	if got := source.Excerpt(src, 0, 1); got != "" {
		t.Errorf("Excerpt at line 0 = %q, want empty", got)
	}
	if got := source.Excerpt(src, 99, 1); got != "" {
		t.Errorf("Excerpt past the end = %q, want empty", got)
	}
	// A long line is cut to the part around the column.
	long := []byte("x: " + strings.Repeat("[", 200000) + "\n")
	got = source.Excerpt(long, 1, 103)
	want = "    1 | ..." + strings.Repeat("[", 100) + "...\n      | " + strings.Repeat(" ", 3+50) + "^"
	if got != want {
		t.Errorf("Excerpt of a long line = %q, want %q", got, want)
	}
	// A long line of continuation bytes alone (invalid UTF-8, found by
	// FuzzParseRecord) has no rune start to cut at: no panic.
	junk := append([]byte{0xbf, 0xa2, 0xa2}, bytes.Repeat([]byte{0x8c}, 150)...)
	if got := source.Excerpt(junk, 1, 1); !strings.HasPrefix(got, "    1 | ") {
		t.Errorf("Excerpt of invalid UTF-8 = %q", got)
	}
}

// FuzzParse checks that no input makes Parse or the Markdown converter
// panic, that a successful parse reports a body position consistent
// with the file, and that reading the front matter stays within the fuzz
// budgets of time and memory (deep nesting is refused before it is built).
func FuzzParse(f *testing.F) {
	for _, tc := range append(parseCases, hostileParseCases...) {
		f.Add([]byte(tc.src))
	}
	f.Add([]byte("---\ntitle: A\n---\nSee [x](other.md) and ![i](i.png)\n\n> [!NOTE]\n> n\n"))
	f.Add([]byte("+++\n+++\n"))
	f.Add([]byte("---\nx: " + strings.Repeat("[", 10000) + strings.Repeat("]", 10000) + "\n---\n"))
	f.Add([]byte("---\nx:\n" + strings.Repeat("- ", 10000) + "a\n---\n"))
	conv := markdown.New()
	f.Fuzz(func(t *testing.T, src []byte) {
		var doc *source.Document
		var diags diag.List
		costcheck.Fuzz(t, len(src), func() { doc, diags = source.Parse(testPath, src) })
		if len(diags) > 0 {
			if doc != nil {
				t.Fatalf("Parse returned a document along with diagnostics %v", diags)
			}
			for _, d := range diags {
				if d.Path != testPath {
					t.Fatalf("diagnostic path = %q, want %q", d.Path, testPath)
				}
				if d.Line < 0 || d.Col < 0 {
					t.Fatalf("negative position in %s", d)
				}
			}
			return
		}
		if doc == nil {
			t.Fatal("Parse returned neither a document nor diagnostics")
		}
		if doc.BodyLine < 1 {
			t.Fatalf("BodyLine = %d, want >= 1", doc.BodyLine)
		}
		if lines := 1 + bytes.Count(src, []byte{'\n'}); doc.BodyLine > lines {
			t.Fatalf("BodyLine = %d beyond the file's %d lines", doc.BodyLine, lines)
		}
		res, err := conv.Convert(markdown.Document{Body: doc.Body, BodyLine: doc.BodyLine, Title: doc.Title})
		if err != nil {
			t.Fatalf("Convert: %v", err)
		}
		if res == nil {
			t.Fatal("Convert returned nil")
		}
		for _, l := range res.Links {
			if l.Line < doc.BodyLine {
				t.Fatalf("link %q at line %d, before the body's first line %d", l.Dest, l.Line, doc.BodyLine)
			}
		}
	})
}

// MDX pages start with ES module statements for Docusaurus's bundler
// (docusaurus.io/docs/markdown-features/react#importing-components);
// they are blanked, lines keeping their numbers, but not in code.
func TestParseMDXStatements(t *testing.T) {
	src := "---\ntitle: Tabs\n---\nimport Tabs from '@theme/Tabs';\nimport TabItem from '@theme/TabItem';\n\nexport const Highlight = ({children}) => <b>{children}</b>;\n\n# Tabs\n\n```js\nimport x from 'y';\n```\n\nThe word import stays.\n"
	doc, diags := source.Parse("content/tabs.mdx", []byte(src))
	if len(diags) > 0 {
		t.Fatal(diags)
	}
	want := "\n\n\n\n\n# Tabs\n\n```js\nimport x from 'y';\n```\n\nThe word import stays.\n"
	if string(doc.Body) != want || doc.BodyLine != 4 {
		t.Errorf("body (line %d) = %q, want %q", doc.BodyLine, doc.Body, want)
	}
	md, _ := source.Parse("content/tabs.md", []byte(src))
	if !strings.HasPrefix(string(md.Body), "import Tabs") {
		t.Errorf("a .md page lost its text: %q", md.Body)
	}
}
