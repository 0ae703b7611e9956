package generator

import (
	"context"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/handbook-dev/handbook/generator/internal/testsite"
	"github.com/handbook-dev/handbook/templates"
)

// versionedProject is a Git repository with a manual tagged v2025, then
// changed (one page edited, one added, one removed) on main, with
// handbook.yaml declaring 2026 (the working tree, latest) and 2025.
func versionedProject(t *testing.T) string {
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("no git")
	}
	dir := testsite.Write(t, map[string]string{
		"content/_index.md":             "---\ntitle: Manual\n---\nHome.\n",
		"content/sharepoint/restore.md": "---\ntitle: Restore a site\n---\nOpen the recycle bin and restore the site.\n",
		"content/teams/archive.md":      "---\ntitle: Archive a team\n---\nArchive it in the Teams admin centre.\n",
	})
	git(t, dir, "init", "-q", "-b", "main")
	commitAs(t, dir, "Marieke Jansen", "m.jansen@x", "2024-03-01T09:00:00Z", "The 2024 manual")
	git(t, dir, "tag", "v2024")
	if err := os.WriteFile(filepath.Join(dir, "content/teams/archive.md"), []byte("---\ntitle: Archive a team\n---\nArchive it in the admin centre.\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	commitAs(t, dir, "Marieke Jansen", "m.jansen@x", "2025-03-01T09:00:00Z", "The 2025 manual")
	git(t, dir, "tag", "v2025")
	write := func(name, body string) { t.Helper(); writeIn(t, dir, name, body) }
	write("content/sharepoint/restore.md", "---\ntitle: Restore a site\n---\nOpen the second-stage recycle bin and restore the whole site.\n")
	write("content/sharepoint/retention.md", "---\ntitle: Retention labels\n---\nApply the label.\n")
	os.Remove(filepath.Join(dir, "content/teams/archive.md"))
	write("content/teams/_index.md", "Teams.\n")
	write(".gitignore", "public/\n.public.lock\n.handbook-cache/\n")
	write("handbook.yaml", "title: Lakeside\nversions:\n  - {name: \"2026\", latest: true, aliases: [current]}\n  - {name: \"2025\", ref: v2025}\n  - {name: \"2024\", ref: v2024}\n")
	commitAs(t, dir, "Ruben Bos", "r.bos@x", "2026-02-01T09:00:00Z", "The 2026 manual")
	return dir
}

func TestVersionsSideBySide(t *testing.T) {
	dir := versionedProject(t)
	res, err := Build(context.Background(), Options{Dir: dir, Now: fixedNow})
	if err != nil {
		t.Fatal(err, res.Diagnostics)
	}
	// The latest at the root, with a switcher that keeps the reader on
	// the page where the other version has it.
	latest := readFile(t, dir, "public/sharepoint/restore/index.html")
	for _, want := range []string{"second-stage recycle bin", `<a href="../../2025/sharepoint/restore/">2025</a>`, `aria-current="page">2026 (latest)</a>`} {
		if !strings.Contains(latest, want) {
			t.Errorf("latest restore page lacks %s", want)
		}
	}
	if strings.Contains(latest, "version-banner") {
		t.Error("the latest version carries the old-version banner")
	}
	// A page only in the latest links the other version's home.
	if retention := readFile(t, dir, "public/sharepoint/retention/index.html"); !strings.Contains(retention, `<a href="../../2025/">2025</a> <span class="muted">`) {
		t.Error("a page missing from 2025 does not send the switcher to 2025's home")
	}
	// The old version in its folder, from the tag, with the banner.
	old := readFile(t, dir, "public/2025/sharepoint/restore/index.html")
	for _, want := range []string{"Open the recycle bin", `You are reading the 2025 manual. <a href="../../../sharepoint/restore/">The current version of this page is here.</a>`,
		`<time datetime="2024-03-01">2024-03-01</time> by Marieke Jansen`} {
		if !strings.Contains(old, want) {
			t.Errorf("2025 restore page lacks %s", want)
		}
	}
	if archived := readFile(t, dir, "public/2025/teams/archive/index.html"); !strings.Contains(archived, `href="../../../">The current version of this page is here.`) {
		t.Error("a page gone from the latest does not link the latest's home")
	}
	// The latest's name and the alias are redirects, not copies.
	for _, f := range []string{"public/2026/sharepoint/restore/index.html", "public/current/sharepoint/restore/index.html"} {
		if r := readFile(t, dir, f); !strings.Contains(r, `url=../../../sharepoint/restore/`) || strings.Contains(r, "recycle bin") {
			t.Errorf("%s is not a redirect to the root:\n%s", f, r)
		}
	}
	var vj struct {
		Versions []struct {
			Name, Ref, Commit, URL string
			Latest                 bool
			Aliases                []string
			BuiltAt                string `json:"built_at"`
		}
	}
	if err := json.Unmarshal([]byte(readFile(t, dir, "public/versions.json")), &vj); err != nil {
		t.Fatal(err)
	}
	if len(vj.Versions) != 3 || vj.Versions[0].Name != "2026" || !vj.Versions[0].Latest || vj.Versions[0].URL != "./" || vj.Versions[0].Aliases[0] != "current" ||
		vj.Versions[1].Ref != "v2025" || len(vj.Versions[1].Commit) != 40 || vj.Versions[1].URL != "2025/" || vj.Versions[1].BuiltAt == "" {
		t.Errorf("versions.json = %+v", vj)
	}
	// The writer's work tree is untouched: git sees no change.
	if out, _ := exec.Command("git", "-C", dir, "status", "--porcelain").Output(); strings.TrimSpace(string(out)) != "" {
		t.Errorf("the build changed the work tree:\n%s", out)
	}
	// What changed since 2025: one page added, one changed (with a word
	// diff), one removed (linking the 2025 page).
	since := readFile(t, dir, "public/changes/2025/index.html")
	for _, want := range []string{`<a href="../../sharepoint/retention/">Retention labels</a>`, `<a href="pages/sharepoint/restore/">Restore a site</a>`,
		`<ins>+2</ins> <del>−0</del>`, `<a href="../../2025/teams/archive/">Archive a team</a>`} {
		if !strings.Contains(since, want) {
			t.Errorf("changes since 2025 lacks %s", want)
		}
	}
	if d := readFile(t, dir, "public/changes/2025/pages/sharepoint/restore/index.html"); !strings.Contains(d, "Open the <ins>second-stage </ins>recycle bin and restore the <ins>whole </ins>site.") {
		t.Errorf("word diff:\n%s", d)
	}
	// 2025 lists its own changes since 2024, from two tags.
	if d := readFile(t, dir, "public/2025/changes/2024/pages/teams/archive/index.html"); !strings.Contains(d, "Archive it in the <del>Teams </del>admin centre.") {
		t.Errorf("2025's diff against 2024:\n%s", d)
	}
	if s := readFile(t, dir, "public/2024/sharepoint/restore/index.html"); !strings.Contains(s, "You are reading the 2024 manual") || !strings.Contains(s, `<a href="../../../2025/sharepoint/restore/">2025</a>`) {
		t.Error("the 2024 page lacks the banner or a switcher link to 2025")
	}
	// Pages equal in all versions are converted once: the first build
	// already hits the cache; a second build converts nothing.
	if res.CacheHits == 0 {
		t.Error("no page was shared between the versions")
	}
	// Each version has its own search index, which its pages name.
	metas := map[string]string{}
	for _, v := range []string{"", "2025/"} {
		m, _ := filepath.Glob(filepath.Join(dir, "public", v, "search", "meta.*.js"))
		if len(m) != 1 {
			t.Fatalf("version %q: search metadata %v", v, m)
		}
		metas[v] = filepath.Base(m[0])
	}
	if !strings.Contains(old, `data-index="../../search/`+metas["2025/"]+`"`) || metas[""] == metas["2025/"] {
		t.Errorf("the 2025 page does not name 2025's index %s", metas["2025/"])
	}
	res2, err := Build(context.Background(), Options{Dir: dir, Now: fixedNow})
	if err != nil {
		t.Fatal(err, res2.Diagnostics)
	}
	// From the cache, the section text makes the same index.
	if m, _ := filepath.Glob(filepath.Join(dir, "public", "search", "meta.*.js")); len(m) != 1 || filepath.Base(m[0]) != metas[""] {
		t.Errorf("the index built from cached conversions differs: %v, was %s", m, metas[""])
	}
	if res2.CacheHits < 2*res2.Pages {
		t.Errorf("second build: %d cache hits for %d pages; want two (analysis and HTML) per page", res2.CacheHits, res2.Pages)
	}
}

func TestVersionsBadRef(t *testing.T) {
	dir := versionedProject(t)
	os.WriteFile(filepath.Join(dir, "handbook.yaml"), []byte("versions:\n  - {name: \"2026\", latest: true}\n  - {name: \"2023\", ref: v2023}\n"), 0o644)
	res, err := Build(context.Background(), Options{Dir: dir, Now: fixedNow})
	if err == nil || !strings.Contains(res.Diagnostics[0].String(), `handbook.yaml:3: version 2023: ref "v2023": no such commit`) {
		t.Fatalf("err %v diags %v", err, res.Diagnostics)
	}
}

// TestVersionsSharedRendering builds the versions twice, once rendering
// every version's pages apart: the pages rendered once and filled with
// each version's switcher, banner and search index must be the same
// bytes, file for file.
func TestVersionsSharedRendering(t *testing.T) {
	dir := versionedProject(t)
	if res := compareSharedAndApart(t, dir); res.Reused == 0 {
		t.Fatal("no page was rendered once for several versions")
	}
}

// TestVersionsOwnTemplatesRenderApart: a version whose project has its
// own base.html (here the latest, whose base.html still calls the
// versions partial directly) may read anything through .Page, so its
// pages are rendered for it alone; the tagged versions, on the built-in
// templates, still share theirs. The output is the same either way.
func TestVersionsOwnTemplatesRenderApart(t *testing.T) {
	dir := versionedProject(t)
	base, err := templates.FS.ReadFile("base.html")
	if err != nil {
		t.Fatal(err)
	}
	own := strings.Replace(string(base), "{{versions .}}", `{{template "partials/versions.html" .}}`, 1)
	if own == string(base) {
		t.Fatal("the built-in base.html no longer calls {{versions .}}")
	}
	if err := os.MkdirAll(filepath.Join(dir, "templates"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "templates", "base.html"), []byte(own), 0o644); err != nil {
		t.Fatal(err)
	}
	compareSharedAndApart(t, dir)
	latest := readFile(t, dir, "shared/sharepoint/restore/index.html")
	if !strings.Contains(latest, `aria-current="page">2026 (latest)</a>`) {
		t.Error("the latest, on its own templates, lost its version switcher")
	}
}

// compareSharedAndApart builds dir's versions into shared/ and, every
// version rendered apart, into apart/, fails on any file that differs,
// and returns the shared build's result.
func compareSharedAndApart(t *testing.T, dir string) *Result {
	t.Helper()
	shared := buildInto(t, Options{Dir: dir, Now: fixedNow, Out: "shared"})
	apart := buildInto(t, Options{Dir: dir, Now: fixedNow, Out: "apart", unshared: true})
	if apart.Reused != 0 {
		t.Fatalf("the reference build reused %d pages", apart.Reused)
	}
	compareOutputs(t, filepath.Join(dir, "apart"), filepath.Join(dir, "shared"), shared.Files)
	t.Logf("%d pages reused", shared.Reused)
	return shared
}

func buildInto(t *testing.T, opts Options) *Result {
	t.Helper()
	res, err := Build(context.Background(), opts)
	if err != nil {
		t.Fatal(err, res.Diagnostics)
	}
	return res
}

// compareOutputs fails on every file of want that got lacks or holds
// otherwise; files is the number of files got's build reported.
func compareOutputs(t *testing.T, want, got string, files int) {
	t.Helper()
	n := 0
	err := filepath.WalkDir(want, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(want, p)
		w, _ := os.ReadFile(p)
		g, err := os.ReadFile(filepath.Join(got, rel))
		if err != nil {
			t.Errorf("%s: missing from %s", rel, got)
			return nil
		}
		if string(g) != string(w) {
			t.Errorf("%s differs:\n%s", rel, firstDifference(string(g), string(w)))
		}
		if rel != "manifest.json" {
			n++
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if n != files {
		t.Errorf("compared %d files, the build wrote %d", n, files)
	}
}

// writeIn writes body to the file name (a slash path) of dir, making its
// folders.
func writeIn(t *testing.T, dir, name, body string) {
	t.Helper()
	p := filepath.Join(dir, filepath.FromSlash(name))
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
}

// firstDifference shows where two texts part.
func firstDifference(a, b string) string {
	i := 0
	for i < len(a) && i < len(b) && a[i] == b[i] {
		i++
	}
	lo := max(i-80, 0)
	return "got:  …" + a[lo:min(i+80, len(a))] + "\nwant: …" + b[lo:min(i+80, len(b))]
}

// TestVersionsSharedRenderingAcrossChanges shares pages between versions
// that differ in every way a page's neighbours can see: a retitled page
// (sidebars, listings, crumbs), a changed body, a link that breaks (the
// linking page's findings), a page removed (print views, the switcher),
// tags, an owner, a review date, and a Dutch page with compounds (the
// search index's vocabulary). Every file must equal the one rendered
// apart.
func TestVersionsSharedRenderingAcrossChanges(t *testing.T) {
	dir := changingProject(t)
	res := compareSharedAndApart(t, dir)
	if res.Reused == 0 {
		t.Fatal("no page was rendered once for several versions")
	}
	// The link that broke in version 3 is broken in 4 too: one warning
	// naming both.
	var broken []string
	for _, d := range res.Diagnostics {
		if strings.Contains(d.Message, "guests.md") {
			broken = append(broken, d.String())
		}
	}
	want := "content/teams/archive.md:7:18: warning: link to guests.md: no such page (versions 4, 3)"
	if len(broken) != 1 || broken[0] != want {
		t.Errorf("broken link diagnostics:\n%s\nwant one:\n%s", strings.Join(broken, "\n"), want)
	}
}

// TestVersionsWithoutCacheHoldPagesInMemory: with --no-cache the tagged
// trees are extracted for the build only and their pages are held in
// memory, not written to the temporary folder; the site is the same as
// from trees kept in the cache folder.
func TestVersionsWithoutCacheHoldPagesInMemory(t *testing.T) {
	dir := changingProject(t)
	kept := buildInto(t, Options{Dir: dir, Now: fixedNow, Out: "kept"})
	held := buildInto(t, Options{Dir: dir, Now: fixedNow, Out: "held", NoCache: true})
	compareOutputs(t, filepath.Join(dir, "kept"), filepath.Join(dir, "held"), held.Files)
	if kept.Files != held.Files || kept.Pages != held.Pages {
		t.Errorf("kept trees: %d pages, %d files; held pages: %d pages, %d files", kept.Pages, kept.Files, held.Pages, held.Files)
	}
}

// changingProject is a repository of four versions that differ in every
// way a page's neighbours can see (see the test above).
func changingProject(t *testing.T) string {
	t.Helper()
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("no git")
	}
	pages := map[string]string{
		"content/_index.md":               "---\ntitle: Manual\n---\nHome.\n",
		"content/teams/_index.md":         "---\ntitle: Teams\n---\nTeams.\n",
		"content/teams/archive.md":        "---\ntitle: Archive a team\nowner: ops@x\nreviewed: 2026-01-10\ntags: [teams, lifecycle]\n---\nArchive it. See [guests](guests.md).\n",
		"content/teams/guests.md":         "---\ntitle: Guests\n---\n## Invite\nInvite a guest.\n",
		"content/teams/naming.md":         "---\ntitle: Naming\ntags: [teams]\n---\nName teams well.\n",
		"content/sites/_index.md":         "---\ntitle: Sites\n---\nSites.\n",
		"content/sites/herstel.md":        "---\ntitle: Herstel\nlang: nl\n---\nHerstel de sitecollectiebeheerder en de prullenbakinstellingen.\n",
		"content/sites/retention.md":      "---\ntitle: Retention\n---\nApply labels. Back to [archive](../teams/archive.md#top).\n",
		"content/sites/deep/_index.md":    "---\ntitle: Deep\n---\nDeep.\n",
		"content/sites/deep/restore.md":   "---\ntitle: Restore\n---\nRestore the site.\n",
		"content/sites/deep/checklist.md": "---\ntitle: Checklist\n---\n- one\n- two\n",
	}
	dir := testsite.Write(t, pages)
	write := func(name, body string) { t.Helper(); writeIn(t, dir, name, body) }
	write("handbook.yaml", "title: Lakeside\n")
	write(".gitignore", "public/\n.public.lock\nshared/\napart/\n.handbook-cache/\n")
	git(t, dir, "init", "-q", "-b", "main")
	commitAs(t, dir, "A", "a@x", "2024-01-01T09:00:00Z", "v1")
	git(t, dir, "tag", "v1")
	// v2: a body edit and a retitled page in another section.
	write("content/sites/deep/restore.md", "---\ntitle: Restore\n---\nRestore the whole site from the recycle bin.\n")
	write("content/teams/naming.md", "---\ntitle: Naming teams\ntags: [teams]\n---\nName teams well.\n")
	commitAs(t, dir, "B", "b@x", "2025-01-01T09:00:00Z", "v2")
	git(t, dir, "tag", "v2")
	// v3: the guests page goes (the archive page's link breaks), an owner
	// and tags change, the Dutch page gets more compounds.
	os.Remove(filepath.Join(dir, "content/teams/guests.md"))
	write("content/teams/archive.md", "---\ntitle: Archive a team\nowner: lead@x\nreviewed: 2026-06-10\ntags: [lifecycle]\n---\nArchive it. See [guests](guests.md).\n")
	write("content/sites/herstel.md", "---\ntitle: Herstel\nlang: nl\n---\nHerstel de sitecollectiebeheerder, de prullenbakinstellingen en het bewaarbeleid.\n")
	commitAs(t, dir, "C", "c@x", "2026-01-01T09:00:00Z", "v3")
	git(t, dir, "tag", "v3")
	// The working tree, latest: one more body edit, which links the
	// naming page: its findings change (it was linked from nowhere),
	// though its own file does not.
	write("content/sites/deep/checklist.md", "---\ntitle: Checklist\n---\n- one\n- two\n- three: [naming](../../teams/naming.md)\n")
	write("handbook.yaml", "title: Lakeside\nversions:\n  - {name: \"4\", latest: true}\n  - {name: \"3\", ref: v3}\n  - {name: \"2\", ref: v2}\n  - {name: \"1\", ref: v1}\n")
	write(".gitignore", "public/\n.public.lock\nshared/\napart/\nkept/\nheld/\n.handbook-cache/\n")
	return dir
}

// TestVersionsHomePageDiff: the home page's word diff has a page of its
// own; it took the place of the list of changes when it lived at the
// list's URL.
func TestVersionsHomePageDiff(t *testing.T) {
	dir := versionedProject(t)
	writeIn(t, dir, "content/_index.md", "---\ntitle: Manual\n---\nHome, again.\n")
	buildInto(t, Options{Dir: dir, Now: fixedNow})
	if list := readFile(t, dir, "public/changes/2025/index.html"); !strings.Contains(list, `<a href="pages/">Manual</a>`) || !strings.Contains(list, "Retention labels") {
		t.Errorf("the list of changes since 2025 lacks the home page's diff link or the other pages:\n%s", list)
	}
	if d := readFile(t, dir, "public/changes/2025/pages/index.html"); !strings.Contains(d, "Home<ins>, again</ins>.") {
		t.Errorf("the home page's word diff:\n%s", d)
	}
}
