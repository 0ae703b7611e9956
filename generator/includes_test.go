package generator

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/handbook-dev/handbook/generator/internal/testsite"
)

// includeSite is shaped like a DocFX/Learn documentation set: shared
// prerequisites in an includes folder (with the front matter such files
// carry), block and inline includes, an image and a link written
// relative to the included file, and a snippet line.
var includeSite = map[string]string{
	"content/_index.md":                 "---\ntitle: Home\n---\nSee [restore](admin/restore.md) and [backup](admin/backup.md).\n",
	"content/admin/_index.md":           "---\ntitle: Admin\n---\nAdmin tasks.\n",
	"content/admin/restore.md":          "---\ntitle: Restore\n---\n## Before you start\n\n[!INCLUDE[Prerequisites](../includes/prereq.md)]\n\nRun [!INCLUDE[cmd](../includes/cmd.md)] as admin.\n",
	"content/admin/backup.md":           "---\ntitle: Backup\n---\n--8<-- \"includes/prereq.md\"\n\nThen back up.\n",
	"content/includes/prereq.md":        "---\ntitle: Prerequisite fragment\nms.topic: include\n---\nYou need the **Global Reader** role. ![Role](media/role.png)\n\nSee [the roles](../admin/roles.md#assign).\n",
	"content/includes/cmd.md":           "`Restore-Site -All`\n",
	"content/includes/media/role.png":   "png",
	"content/admin/roles.md":            "---\ntitle: Roles\n---\n## Assign\n\nAssign roles. [Back](restore.md)\n",
	"content/snippets/_index.md":        "---\ntitle: Prerequisite fragment\n---\nA page: snippets/ is not an includes folder.\n",
	"content/snippets/shared-header.md": "Shared header, included only.\n",
	"content/admin/header.md":           "---\ntitle: Header user\n---\n[!INCLUDE[h](../snippets/shared-header.md)]\n",
}

func TestIncludesBuild(t *testing.T) {
	dir := testsite.Write(t, includeSite)
	res, err := Build(context.Background(), Options{Dir: dir, Now: fixedNow, SourceCommit: "test"})
	if err != nil {
		t.Fatal(err, res.Diagnostics)
	}
	restore := readFile(t, dir, "public/admin/restore/index.html")
	for _, want := range []string{
		"You need the <strong>Global Reader</strong> role.",
		`src="../../includes/media/role.png"`, // relative to the included file
		`admin/roles/#assign"`,
		"Run <code>Restore-Site -All</code> as admin.",
	} {
		if !strings.Contains(restore, want) {
			t.Errorf("restore page lacks %s", want)
		}
	}
	if backup := readFile(t, dir, "public/admin/backup/index.html"); !strings.Contains(backup, "Global Reader") {
		t.Error("the snippet line was not expanded")
	}
	// Included files make no page, no section and no search document;
	// their front matter is dropped; a file only included is no page
	// either, wherever it lies. Static files beside them are published.
	for _, gone := range []string{"public/includes/prereq/index.html", "public/includes/index.html", "public/snippets/shared-header/index.html"} {
		if _, err := os.Stat(filepath.Join(dir, gone)); !errors.Is(err, os.ErrNotExist) {
			t.Errorf("%s exists", gone)
		}
	}
	if _, err := os.Stat(filepath.Join(dir, "public/includes/media/role.png")); err != nil {
		t.Error("an image beside the included files is not published")
	}
	filepath.WalkDir(filepath.Join(dir, "public"), func(p string, e os.DirEntry, err error) error {
		if err == nil && !e.IsDir() && strings.Contains(readFile(t, "", p), "ms.topic") {
			t.Errorf("%s shows an included file's front matter", p)
		}
		return nil
	})
	if res.Pages != 7 {
		t.Errorf("%d pages, want 7 (home, admin, restore, backup, roles, header, snippets)", res.Pages)
	}
	if n := len(res.Diagnostics); n != 0 {
		t.Errorf("diagnostics: %v", res.Diagnostics)
	}
	for _, f := range res.Report.Findings {
		if strings.Contains(f.Path, "includes/") || strings.Contains(f.Path, "shared-header") {
			t.Errorf("finding about an included file: %s %s", f.Rule, f.Message)
		}
	}
}

func TestIncludeDiagnostics(t *testing.T) {
	// A broken link inside an included file is reported at the included
	// file's line, once however many pages include it; the audit (which
	// renders nothing) sees the same expanded content. A link to an
	// included file says why it is not a page.
	files := map[string]string{}
	for k, v := range includeSite {
		files[k] = v
	}
	files["content/includes/prereq.md"] = "---\nms.topic: include\n---\nYou need a role.\n\nSee [the roles](../admin/nope.md).\n"
	files["content/admin/roles.md"] = "---\ntitle: Roles\n---\nSee [the prerequisites](../includes/prereq.md).\n"
	dir := testsite.Write(t, files)
	res, err := Build(context.Background(), Options{Dir: dir, Now: fixedNow, SourceCommit: "test"})
	if err != nil {
		t.Fatal(err, res.Diagnostics)
	}
	want := []string{
		"content/admin/roles.md:4:6: warning: link to ../includes/prereq.md: the file is included into pages and is not a page itself; link to a page that includes it",
		"content/includes/prereq.md:6:6: warning: link to ../admin/nope.md: no such page",
	}
	var got []string
	for _, d := range res.Diagnostics {
		got = append(got, d.String())
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("diagnostics\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	report, _, err := Audit(context.Background(), Options{Dir: dir, Now: fixedNow, SourceCommit: "test"})
	if err != nil {
		t.Fatal(err)
	}
	found := 0
	for _, f := range report.Findings {
		if f.Path == "content/includes/prereq.md" && f.Line == 6 && strings.Contains(f.Message, "nope.md") {
			found++
		}
	}
	if found != 2 { // restore and backup include it
		t.Errorf("audit: %d findings at the included line, want 2 (one per including page): %v", found, report.Findings)
	}
}

func TestIncludeErrors(t *testing.T) {
	outside := t.TempDir()
	if err := os.WriteFile(filepath.Join(outside, "secret.md"), []byte("secret"), 0o644); err != nil {
		t.Fatal(err)
	}
	deep := map[string]string{"content/_index.md": "hi", "content/p.md": "--8<-- \"includes/d0.md\"\n"}
	for i := range 10 {
		deep["content/includes/d"+string(rune('0'+i))+".md"] = "--8<-- \"d" + string(rune('1'+i)) + ".md\"\n"
	}
	tests := []struct {
		name    string
		files   map[string]string
		symlink [2]string // link (in the project), target (outside)
		want    []string
	}{
		{"missing file", map[string]string{"content/_index.md": "hi", "content/guide/a.md": "---\ntitle: A\n---\nText.\n\n[!INCLUDE[x](../includes/x.md)]\n"},
			[2]string{}, []string{"content/guide/a.md:6:1: include ../includes/x.md: no such file; the path is relative to the folder of guide/ (start it with ~/ for the content root)"}},
		{"leaving the content folder", map[string]string{"content/_index.md": "hi", "handbook.md": "x", "content/a.md": "Text [!INCLUDE[x](../handbook.md)].\n"},
			[2]string{}, []string{"content/a.md:1:6: include ../handbook.md: the path leaves the content folder; an included file must be inside it"}},
		{"a symlink out of the project", map[string]string{"content/_index.md": "hi", "content/a.md": "--8<-- \"includes/secret.md\"\n"},
			[2]string{"content/includes/secret.md", filepath.Join(outside, "secret.md")},
			[]string{"content/includes/secret.md: symlink points to", "content/a.md:1:1: include includes/secret.md: no such file"}},
		{"a cycle", map[string]string{"content/_index.md": "hi", "content/p.md": "Intro.\n\n[!INCLUDE[a](includes/a.md)]\n", "content/includes/a.md": "A.\n[!INCLUDE[b](b.md)]\n", "content/includes/b.md": "B.\n\n\n[!INCLUDE[a](a.md)]\n"},
			[2]string{}, []string{"content/includes/b.md:4:1: include a.md: include cycle includes/a.md -> includes/b.md -> includes/a.md; remove one of these includes"}},
		{"too deep", deep, [2]string{}, []string{"content/includes/d7.md:1:1: include d8.md: includes nest deeper than 8 levels (p.md -> includes/d0.md ->"}},
		{"too large", map[string]string{"handbook.yaml": "limits:\n  page_size: 1KiB\n", "content/_index.md": "hi", "content/p.md": "--8<-- \"includes/a.md\"\n--8<-- \"includes/a.md\"\n", "content/includes/a.md": strings.Repeat("word ", 150)},
			[2]string{}, []string{"content/p.md:2:1: include includes/a.md: the page with its includes is larger than the page size limit of 1 KiB; include less, or raise limits.page_size in handbook.yaml"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := testsite.Write(t, tt.files)
			if tt.symlink[0] != "" {
				link := filepath.Join(dir, filepath.FromSlash(tt.symlink[0]))
				os.MkdirAll(filepath.Dir(link), 0o755)
				if err := os.Symlink(tt.symlink[1], link); err != nil {
					t.Fatal(err)
				}
			}
			res, err := Build(context.Background(), Options{Dir: dir, Now: fixedNow, SourceCommit: "test"})
			if !errors.Is(err, ErrFailed) {
				t.Fatalf("err = %v, want ErrFailed (%v)", err, res.Diagnostics)
			}
			var all []string
			for _, d := range res.Diagnostics {
				all = append(all, d.String())
			}
			text := strings.Join(all, "\n")
			for _, w := range tt.want {
				if strings.Count(text, w) != 1 {
					t.Errorf("want %q once in diagnostics:\n%s", w, text)
				}
			}
			if n, _ := res.Diagnostics.Count(); n != len(tt.want) {
				t.Errorf("%d errors, want %d (one per cause):\n%s", n, len(tt.want), text)
			}
		})
	}
}

// TestIncludeInvalidatesCache: an edit to an included file reaches the
// pages that include it through a cache kept between builds, since the
// expanded text is in the conversion's key.
func TestIncludeInvalidatesCache(t *testing.T) {
	dir := testsite.Write(t, includeSite)
	opts := Options{Dir: dir, Now: fixedNow, SourceCommit: "test", CacheDir: filepath.Join(t.TempDir(), "cache")}
	if res, err := Build(context.Background(), opts); err != nil {
		t.Fatal(err, res.Diagnostics)
	}
	if err := os.WriteFile(filepath.Join(dir, "content/includes/prereq.md"), []byte("You need the **Site Owner** role.\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	res, err := Build(context.Background(), opts)
	if err != nil {
		t.Fatal(err, res.Diagnostics)
	}
	if res.CacheHits == 0 {
		t.Error("no cache hits: the cache was not shared")
	}
	for _, page := range []string{"public/admin/restore/index.html", "public/admin/backup/index.html"} {
		html := readFile(t, dir, page)
		if !strings.Contains(html, "Site Owner") || strings.Contains(html, "Global Reader") {
			t.Errorf("%s shows the included file from before the edit", page)
		}
	}
}
