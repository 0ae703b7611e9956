package docgen

import (
	"flag"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/handbook-dev/handbook/generator/source"
)

func TestFromFlagSet(t *testing.T) {
	fs := flag.NewFlagSet("build", flag.ContinueOnError)
	fs.String("C", ".", "the site project folder `DIR`")
	fs.Bool("strict", false, "fail on `warnings`")
	fs.Duration("wait", 10*time.Minute, "how long to wait")
	c := FromFlagSet(fs, func(name string) string {
		if len(name) == 1 {
			return "-"
		}
		return "--"
	})
	got := string(flagTable(c))
	for _, row := range []string{
		"| `-C DIR` | `.` | the site project folder `DIR` |", // the backquoted word names the value
		"| `--strict` |  | fail on `warnings` |",             // a bool takes no value and shows no default
		"| `--wait duration` | `10m0s` | how long to wait |", // no backquotes: the flag package's name of the type
	} {
		if !strings.Contains(got, row+"\n") {
			t.Errorf("the table lacks the row\n%s\n in\n%s", row, got)
		}
	}
}

func TestCell(t *testing.T) {
	for in, want := range map[string]string{
		"plain":               "plain",
		"`'^(HR|OPS) - .+$'`": "`'^(HR\\|OPS) - .+$'`",
		"two\nlines":          "two lines",
	} {
		if got := cell(in); got != want {
			t.Errorf("cell(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestUndocumentedFrontMatterKey checks that a key handbook reads but
// the manual does not document stops the generator with the fix.
func TestUndocumentedFrontMatterKey(t *testing.T) {
	saved := source.KeyDocs
	t.Cleanup(func() { source.KeyDocs = saved })
	source.KeyDocs = slices.DeleteFunc(slices.Clone(saved), func(d source.KeyDoc) bool { return d.Key == "owner" })
	_, err := Files(nil)
	if err == nil || !strings.Contains(err.Error(), `the front-matter key "owner" (source.ReadKeys) is not in the manual: add it to KeyDocs in generator/source/keydocs.go`) {
		t.Fatalf("Files with owner undocumented: err = %v", err)
	}
	source.KeyDocs = append(slices.Clone(saved), source.KeyDoc{Key: "ownr"})
	if _, err := Files(nil); err == nil || !strings.Contains(err.Error(), `documents the front-matter key "ownr", which handbook does not read`) {
		t.Fatalf("Files with ownr documented: err = %v", err)
	}
}
