package include

import (
	"fmt"
	"io/fs"
	"strings"
	"testing"
)

func TestScan(t *testing.T) {
	tests := []struct {
		name string
		src  string
		want []string // path, syntax, block, line:col of each directive
	}{
		{"snippet line", "a\n--8<-- \"inc/x.md\"\nb\n", []string{`inc/x.md 1 block 2:1`}},
		{"snippet single quotes, indented", "- item\n\n    --8<-- 'x.md'\n", []string{`x.md 1 block 3:5`}},
		{"snippet escaped", ";--8<-- \"x.md\"\n", []string{`x.md 3 block 1:1`}},
		{"snippet expands inside a fence", "```sh\n--8<-- \"run.sh\"\n```\n", []string{`run.sh 1 block 2:1`}},
		{"snippet needs a quoted path", "--8<-- x.md\n--8<--\n--8<--\"x.md\"\ntext --8<-- \"x.md\"\n", nil},
		{"docfx block", "[!INCLUDE[Prerequisites](../includes/prereq.md)]\n", []string{`../includes/prereq.md 2 block 1:1`}},
		{"docfx with a space, lower case", "  [!include [title](a.md)]  \n", []string{`a.md 2 block 1:3`}},
		{"docfx inline", "Run it [!INCLUDE[x](includes/cmd.md)] now.\n", []string{`includes/cmd.md 2 inline 1:8`}},
		{"docfx in a table cell", "| a | b |\n|---|---|\n| [!INCLUDE[](x.md)] | y |\n", []string{`x.md 2 inline 3:3`}},
		{"docfx title with brackets and a link title", "[!INCLUDE[a [b]](<my file.md> \"t\")]\n", []string{`my file.md 2 block 1:1`}},
		{"docfx URL-escaped", "[!INCLUDE[t](my%20file.md)]\n", []string{`my file.md 2 block 1:1`}},
		{"docfx two on a line", "[!INCLUDE[a](a.md)] and [!INCLUDE[b](b.md)]\n", []string{`a.md 2 inline 1:1`, `b.md 2 inline 1:25`}},
		{"docfx not in a fence", "~~~\n[!INCLUDE[a](a.md)]\n~~~\n[!INCLUDE[b](b.md)]\n", []string{`b.md 2 block 4:1`}},
		{"docfx not in a code span", "`[!INCLUDE[a](a.md)]` and ``x [!INCLUDE[b](b.md)]``\n", nil},
		{"docfx escaped bracket", "\\[!INCLUDE[a](a.md)]\n", nil},
		{"docfx malformed", "[!INCLUDE[a]](a.md)]\n[!INCLUDE[a](a.md)\n[!INCLUDE a.md]\n[!INCLUDE[a]()]\n", nil},
		{"an unclosed fence hides the rest", "```\n[!INCLUDE[a](a.md)]\n", nil},
		{"a fence inside a list item", "1. Step\n\n   ```\n   [!INCLUDE[a](a.md)]\n   ```\n", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got []string
			for _, d := range Scan([]byte(tt.src)) {
				kind := "inline"
				if d.Block {
					kind = "block"
				}
				got = append(got, fmt.Sprintf("%s %d %s %d:%d", d.Path, d.Syntax, kind, d.Line, d.Col))
				if d.Start < 0 || d.End > len(tt.src) || d.Start >= d.End {
					t.Errorf("bad range %d..%d", d.Start, d.End)
				}
			}
			if strings.Join(got, "|") != strings.Join(tt.want, "|") {
				t.Errorf("got  %q\nwant %q", got, tt.want)
			}
		})
	}
}

// files is an include.Reader over a map.
func files(m map[string]string) Reader {
	return func(rel string) ([]byte, error) {
		if s, ok := m[rel]; ok {
			return []byte(s), nil
		}
		return nil, fs.ErrNotExist
	}
}

func TestExpand(t *testing.T) {
	content := map[string]string{
		"includes/prereq.md":  "---\nms.topic: include\n---\nYou need **admin** rights.\n",
		"includes/warn.md":    "> [!WARNING]\n> Back up first.\n[!INCLUDE[p](prereq.md)]\n",
		"includes/cmd.md":     "`restore --all`\n",
		"includes/multi.md":   "one\ntwo\n",
		"scripts/run.sh":      "#!/bin/sh\necho hi\n",
		"guide/local.md":      "Local.",
		"includes/nested.md":  "--8<-- \"prereq.md\"\n",
		"includes/a.md":       "[!INCLUDE[b](b.md)]\n",
		"includes/b.md":       "[!INCLUDE[a](a.md)]\n",
		"includes/self.md":    "--8<-- \"self.md\"\n",
		"includes/bad.md":     "Text.\n[!INCLUDE[x](missing.md)]\n",
		"includes/escape.md":  "[!INCLUDE[x](../../outside.md)]\n",
		"includes/list.md":    "Step one.\n\nStep two.\n",
		"includes/nofront.md": "---\nnot closed\n",
	}
	tests := []struct {
		name, page, body string
		want             string
		errs             []string
		files            string
	}{
		{"docfx block with front matter dropped", "guide/page.md", "# T\n[!INCLUDE[p](../includes/prereq.md)]\nAfter.\n",
			"# T\nYou need **admin** rights.\nAfter.\n", nil, "includes/prereq.md"},
		{"rooted paths", "guide/page.md", "[!INCLUDE[p](~/includes/prereq.md)]\n--8<-- \"/includes/cmd.md\"\n",
			"You need **admin** rights.\n`restore --all`\n", nil, "includes/cmd.md includes/prereq.md"},
		{"nested, relative to the included file", "guide/page.md", "--8<-- \"../includes/warn.md\"\n",
			"> [!WARNING]\n> Back up first.\nYou need **admin** rights.\n", nil, "includes/prereq.md includes/warn.md"},
		{"snippet falls back to the content root", "guide/page.md", "--8<-- \"includes/cmd.md\"\n",
			"`restore --all`\n", nil, "includes/cmd.md"},
		{"snippet written from the project, as MkDocs does", "guide/page.md", "--8<-- \"docs/includes/cmd.md\"\n",
			"`restore --all`\n", nil, "includes/cmd.md"},
		{"snippet beside the page first", "guide/page.md", "--8<-- \"local.md\"\n", "Local.\n", nil, "guide/local.md"},
		{"snippet into a code block", "p.md", "```sh\n--8<-- \"scripts/run.sh\"\n```\n", "```sh\n#!/bin/sh\necho hi\n```\n", nil, "scripts/run.sh"},
		{"inline joins lines", "p.md", "Say [!INCLUDE[m](includes/multi.md)] twice.\n", "Say one two twice.\n", nil, "includes/multi.md"},
		{"inline in a table cell", "p.md", "| a |\n|---|\n| [!INCLUDE[c](includes/cmd.md)] |\n", "| a |\n|---|\n| `restore --all` |\n", nil, "includes/cmd.md"},
		{"block in a list item keeps the indentation", "p.md", "1. Do:\n\n   [!INCLUDE[l](includes/list.md)]\n2. Done.\n",
			"1. Do:\n\n   Step one.\n\n   Step two.\n2. Done.\n", nil, "includes/list.md"},
		{"block after a list marker, as Learn writes a step", "p.md", "1. [!INCLUDE[w](includes/warn.md)]\n2. Done.\n",
			"1. > [!WARNING]\n   > Back up first.\n   You need **admin** rights.\n2. Done.\n", nil, "includes/prereq.md includes/warn.md"},
		{"block in a bullet inside a quote", "p.md", "> - [!INCLUDE [l](includes/list.md)]\n",
			"> - Step one.\n>\n>   Step two.\n", nil, "includes/list.md"},
		{"a marker without a space is text before an inline include", "p.md", "-[!INCLUDE[m](includes/multi.md)]\n",
			"-one two\n", nil, "includes/multi.md"},
		{"escaped snippet line", "p.md", "  ;--8<-- \"x.md\"\n", "  --8<-- \"x.md\"\n", nil, ""},
		{"unclosed front matter is text", "p.md", "--8<-- \"includes/nofront.md\"\n", "---\nnot closed\n", nil, "includes/nofront.md"},
		{"missing file", "guide/page.md", "Text.\n\n[!INCLUDE[x](../includes/nope.md)]\n", "Text.\n\n",
			[]string{":3:1: include ../includes/nope.md: no such file; the path is relative to the folder of guide/ (start it with ~/ for the content root)"}, ""},
		{"missing file in an included file points there", "p.md", "--8<-- \"includes/bad.md\"\n", "Text.\n",
			[]string{"includes/bad.md:2:1: include missing.md: no such file"}, "includes/bad.md"},
		{"leaving the content root", "guide/page.md", "[!INCLUDE[x](../../secret.md)]\n", "",
			[]string{":1:1: include ../../secret.md: the path leaves the content folder; an included file must be inside it"}, ""},
		{"leaving from an included file", "p.md", "--8<-- \"includes/escape.md\"\n", "",
			[]string{"includes/escape.md:1:1: include ../../outside.md: the path leaves the content folder"}, "includes/escape.md"},
		{"cycle", "p.md", "[!INCLUDE[a](includes/a.md)]\n", "",
			[]string{"includes/b.md:1:1: include a.md: include cycle includes/a.md -> includes/b.md -> includes/a.md; remove one of these includes"}, "includes/a.md includes/b.md"},
		{"self", "p.md", "--8<-- \"includes/self.md\"\n", "",
			[]string{"includes/self.md:1:1: include self.md: include cycle includes/self.md -> includes/self.md"}, "includes/self.md"},
		{"the page itself", "p.md", "--8<-- \"p.md\"\n", "", []string{":1:1: include p.md: include cycle p.md -> p.md"}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := map[string]string{tt.page: tt.body}
			for k, v := range content {
				c[k] = v
			}
			res, errs := Expand(tt.page, []byte(tt.body), 1, files(c), Limits{Size: 1 << 20, ContentDir: "docs"})
			if string(res.Body) != tt.want {
				t.Errorf("body\n%q\nwant\n%q", res.Body, tt.want)
			}
			if got := strings.Join(res.Files, " "); got != tt.files {
				t.Errorf("files %q, want %q", got, tt.files)
			}
			if len(errs) != len(tt.errs) {
				t.Fatalf("errors %v, want %v", errs, tt.errs)
			}
			for i, e := range errs {
				if !strings.Contains(e.Error(), tt.errs[i]) {
					t.Errorf("error %q, want %q", e.Error(), tt.errs[i])
				}
			}
		})
	}
}

func TestExpandLimits(t *testing.T) {
	// A chain deeper than the limit.
	c := map[string]string{}
	for i := range 12 {
		c[fmt.Sprintf("d%d.md", i)] = fmt.Sprintf("level %d\n--8<-- \"d%d.md\"\n", i, i+1)
	}
	c["d12.md"] = "bottom\n"
	_, errs := Expand("p.md", []byte("--8<-- \"d0.md\"\n"), 1, files(c), Limits{Depth: 4})
	if len(errs) != 1 || !strings.Contains(errs[0].Error(), "d3.md:2:1: include d4.md: includes nest deeper than 4 levels (p.md -> d0.md -> d1.md -> d2.md -> d3.md -> d4.md)") {
		t.Errorf("depth: %v", errs)
	}
	// Exponential growth: each file includes the next one twice.
	g := map[string]string{"g20.md": strings.Repeat("x", 100) + "\n"}
	for i := 19; i >= 0; i-- {
		g[fmt.Sprintf("g%d.md", i)] = fmt.Sprintf("--8<-- \"g%d.md\"\n--8<-- \"g%d.md\"\n", i+1, i+1)
	}
	res, errs := Expand("p.md", []byte("--8<-- \"g0.md\"\n"), 1, files(g), Limits{Depth: 30, Size: 64 << 10, FormatSize: func(n int64) string { return fmt.Sprint(n>>10, " KiB") }})
	if len(res.Body) > 64<<10 {
		t.Errorf("expanded to %d bytes over the 64 KiB limit", len(res.Body))
	}
	if len(errs) != 1 || !strings.Contains(errs[0].Msg, "the page with its includes is larger than the page size limit of 64 KiB") {
		t.Errorf("size: %v", errs)
	}
}

func TestLocate(t *testing.T) {
	c := map[string]string{"inc/a.md": "---\nx: y\n---\nfirst [l](x.md)\nsecond [m](y.md)\n", "inc/b.md": "in [n](z.md) line\n"}
	body := "Intro.\n\n--8<-- \"inc/a.md\"\nThen [o](w.md) and [!INCLUDE[b](inc/b.md)] end.\n"
	res, errs := Expand("p.md", []byte(body), 5, files(c), Limits{})
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	for _, tt := range []struct{ text, want string }{
		{"Intro", ":5:1"}, {"[l]", "inc/a.md:4:7"}, {"[m]", "inc/a.md:5:8"}, {"[o]", ":8:6"}, {"[n]", "inc/b.md:1:4"}, {"end.", ":8:" + fmt.Sprint(strings.Index("Then [o](w.md) and [!INCLUDE[b](inc/b.md)] end.", "end.")+1)},
	} {
		off := strings.Index(string(res.Body), tt.text)
		src, line, col := Locate(res.Spans, res.Body, off)
		if got := fmt.Sprintf("%s:%d:%d", src, line, col); got != tt.want {
			t.Errorf("%s at %s, want %s (body %q)", tt.text, got, tt.want, res.Body)
		}
	}
}

func TestInIncludeFolder(t *testing.T) {
	for rel, want := range map[string]bool{"includes/a.md": true, "x/_includes/y/a.md": true, "x/Includes/a.md": true, "includes.md": false, "x/includes": false, "a/b.md": false} {
		if InIncludeFolder(rel) != want {
			t.Errorf("%s: %v", rel, !want)
		}
	}
}

// FuzzScan checks that the directive parser never panics, returns
// ordered ranges inside the input, and that expanding with every file
// present terminates within the limits.
func FuzzScan(f *testing.F) {
	for _, s := range []string{"[!INCLUDE[a](b.md)]", "x [!include [a [b]](<c d.md> \"t\")] y\n", "--8<-- \"a.md\"\n;--8<-- 'b'\n", "```\n[!INCLUDE[a](b.md)]\n```", "`` [!INCLUDE[a](b.md)] ``", "\\[!INCLUDE[a](%zz)]"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, src string) {
		prev := 0
		for _, d := range Scan([]byte(src)) {
			if d.Start < prev || d.End > len(src) || d.Start >= d.End || d.Line < 1 || d.Col < 1 {
				t.Fatalf("bad directive %+v in %q", d, src)
			}
			prev = d.End
		}
		read := func(string) ([]byte, error) { return []byte(src), nil }
		res, _ := Expand("p.md", []byte(src), 1, read, Limits{Depth: 3, Size: 1 << 16})
		if len(res.Body) > 1<<16 {
			t.Fatalf("expanded to %d bytes", len(res.Body))
		}
		for _, s := range res.Spans {
			if s.Start > len(res.Body) {
				t.Fatalf("span %+v past the body", s)
			}
		}
	})
}
