package generator

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/handbook-dev/handbook/generator/internal/testsite"
)

// planProject is a Git repository whose manual was tagged v1 with a page
// for every audience and one for admins only, then gained a page for
// staff only and an edit in the work tree (version 2, the latest).
func planProject(t *testing.T) string {
	dir := testsite.Write(t, map[string]string{
		"content/_index.md":           "---\ntitle: Manual\n---\nHome.\n",
		"content/guide/_index.md":     "---\ntitle: Guide\n---\nThe guide.\n",
		"content/guide/all.md":        "---\ntitle: For everybody\n---\nRead this.\n",
		"content/guide/admin-only.md": "---\ntitle: Admins only\naudience: [admin]\n---\nAdmins read this.\n",
		".gitignore":                  "public/\n.public.lock\n.handbook-cache/\nbuilt*/\n.built*\n",
	})
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("no git")
	}
	git(t, dir, "init", "-q", "-b", "main")
	commitAs(t, dir, "Marieke Jansen", "m.jansen@x", "2025-03-01T09:00:00Z", "Version 1")
	git(t, dir, "tag", "v1")
	writeIn(t, dir, "content/guide/staff-only.md", "---\ntitle: Staff only\naudience: [staff]\n---\nStaff read this.\n")
	writeIn(t, dir, "content/guide/all.md", "---\ntitle: For everybody\n---\nRead this first.\n")
	commitAs(t, dir, "Ruben Bos", "r.bos@x", "2026-02-01T09:00:00Z", "Version 2")
	return dir
}

// planConfigs are the four shapes of handbook.yaml the plan knows.
var planConfigs = []struct {
	name                string
	versions, audiences bool
}{
	{"plain", false, false},
	{"audiences", false, true},
	{"versions", true, false},
	{"versions and audiences", true, true},
}

func planConfig(versions, audiences bool) string {
	cfg := "title: Manual\n"
	if audiences {
		cfg += "audiences: [staff, admin]\n"
	}
	if versions {
		cfg += "versions:\n  - {name: \"2\", latest: true}\n  - {name: \"1\", ref: v1}\n"
	}
	return cfg
}

// guidePages are the guide's pages a target holds: version 1 lacks the
// staff page, and an audience sees its own pages and everybody's.
func guidePages(version, audience string) []string {
	pages := []string{"admin-only", "all", "staff-only"}
	if version == "1" {
		pages = []string{"admin-only", "all"}
	}
	return slices.DeleteFunc(pages, func(p string) bool {
		return audience == "staff" && p == "admin-only" || audience == "admin" && p == "staff-only"
	})
}

// expectedGuide is every guide page a build of the configuration writes,
// by output path: the audience folder, then the version's.
func expectedGuide(versions, audiences bool) []string {
	auds, vers := []string{""}, []string{""}
	if audiences {
		auds = []string{"staff", "admin"}
	}
	if versions {
		vers = []string{"2", "1"}
	}
	var out []string
	for _, a := range auds {
		for _, v := range vers {
			prefix := ""
			if a != "" {
				prefix = a + "/"
			}
			if v == "1" {
				prefix += "1/"
			}
			for _, p := range guidePages(v, a) {
				out = append(out, prefix+"guide/"+p+"/index.html")
			}
		}
	}
	slices.Sort(out)
	return out
}

// guideFiles lists the guide pages among paths (the redirect pages of a
// version's name, which move the reader to the pages listed, and the
// what-changed pages of a version excluded).
func guideFiles(paths []string, redirects []string) []string {
	var out []string
	for _, p := range paths {
		if !strings.Contains(p, "guide/") || !strings.HasSuffix(p, "/index.html") || strings.HasSuffix(p, "guide/index.html") || strings.Contains(p, "changes/") {
			continue
		}
		if slices.ContainsFunc(redirects, func(r string) bool { return strings.HasPrefix(p, r) }) {
			continue
		}
		out = append(out, p)
	}
	slices.Sort(out)
	return out
}

// treeFiles reads every file below dir by slash path.
func treeFiles(t *testing.T, dir string) map[string][]byte {
	t.Helper()
	files := map[string][]byte{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := os.ReadFile(p)
		rel, _ := filepath.Rel(dir, p)
		files[filepath.ToSlash(rel)] = data
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return files
}

// TestPlanMatrix builds, serves and audits every shape of plan on one
// repository: {no versions, versions} x {no audiences, audiences}.
func TestPlanMatrix(t *testing.T) {
	dir := planProject(t)
	ctx := context.Background()
	for _, pc := range planConfigs {
		t.Run(pc.name, func(t *testing.T) {
			writeIn(t, dir, "handbook.yaml", planConfig(pc.versions, pc.audiences))
			out := filepath.Join(dir, "built")
			res, err := Build(ctx, Options{Dir: dir, Out: out, Now: fixedNow, NoCache: true, Force: true})
			if err != nil {
				t.Fatalf("build: %v\n%v", err, res.Diagnostics)
			}
			files := treeFiles(t, out)
			paths := slices.Sorted(func(yield func(string) bool) {
				for p := range files {
					if !yield(p) {
						return
					}
				}
			})
			var redirects []string
			auds := []string{""}
			if pc.audiences {
				auds = []string{"staff", "admin"}
			}
			for _, a := range auds {
				prefix := ""
				if a != "" {
					prefix = a + "/"
				}
				if pc.versions {
					redirects = append(redirects, prefix+"2/")
				}
			}

			t.Run("build", func(t *testing.T) {
				if got, want := guideFiles(paths, redirects), expectedGuide(pc.versions, pc.audiences); !slices.Equal(got, want) {
					t.Errorf("guide pages:\n got %q\nwant %q", got, want)
				}
				if pc.audiences {
					var top []string
					for _, p := range paths {
						if f := strings.SplitN(p, "/", 2)[0]; !slices.Contains(top, f) {
							top = append(top, f)
						}
					}
					if want := []string{"admin", "manifest.json", "staff"}; !slices.Equal(top, want) {
						t.Errorf("the output's top level is %q, want %q: one folder per audience", top, want)
					}
				}
				if pc.versions {
					for _, a := range auds {
						prefix := ""
						if a != "" {
							prefix = a + "/"
						}
						if _, ok := files[prefix+VersionsFile]; !ok {
							t.Errorf("%s%s is missing", prefix, VersionsFile)
						}
					}
				}
			})

			// Each audience's folder is, file by file, the site a build
			// for that audience alone makes: composing is no new layout.
			if pc.audiences {
				t.Run("build per audience", func(t *testing.T) {
					for _, a := range auds {
						alone := filepath.Join(dir, "built-"+a)
						if res, err := Build(ctx, Options{Dir: dir, Out: alone, Now: fixedNow, NoCache: true, Force: true, Audience: a}); err != nil {
							t.Fatalf("build --audience %s: %v\n%v", a, err, res.Diagnostics)
						}
						own := treeFiles(t, alone)
						for p, data := range own {
							if got, ok := files[a+"/"+p]; !ok {
								t.Errorf("%s/%s is missing", a, p)
							} else if !bytes.Equal(got, data) {
								t.Errorf("%s/%s differs from the build for %s alone", a, p, a)
							}
						}
						for p := range files {
							if rest, ok := strings.CutPrefix(p, a+"/"); ok && own[rest] == nil {
								t.Errorf("%s is not in the build for %s alone", p, a)
							}
						}
					}
				})
			}

			t.Run("serve", func(t *testing.T) {
				vers := []string{""}
				if pc.versions {
					vers = []string{"2", "1"}
				}
				for _, a := range auds {
					for _, v := range vers {
						_, served := renderTarget(t, Options{Dir: dir, Out: out, Now: fixedNow, Audience: a, Version: v})
						servedPaths := slices.Sorted(maps.Keys(served))
						var want []string
						for _, p := range guidePages(v, a) {
							want = append(want, "guide/"+p+"/index.html")
						}
						var redirect []string
						if v == "2" {
							redirect = []string{"2/"}
						}
						if got := guideFiles(servedPaths, redirect); !slices.Equal(got, want) {
							t.Errorf("serve --audience %q --version %q: guide pages\n got %q\nwant %q", a, v, got, want)
						}
						// The target's pages are those the build published
						// in its folder, with the same text.
						prefix := ""
						if a != "" {
							prefix = a + "/"
						}
						if v == "1" {
							prefix += "1/"
						}
						for _, p := range want {
							if !bytes.Contains(files[prefix+p], pageText(served[p])) {
								t.Errorf("serve --audience %q --version %q: %s differs from the build's %s%s", a, v, p, prefix, p)
							}
						}
					}
				}
			})

			t.Run("audit", func(t *testing.T) {
				vers := []string{""}
				if pc.versions {
					vers = []string{"2", "1"}
				}
				for _, a := range append([]string{""}, auds...) {
					for _, v := range vers {
						report, diags, err := Audit(ctx, Options{Dir: dir, Now: fixedNow, Audience: a, Version: v})
						if err != nil {
							t.Fatalf("audit --audience %q --version %q: %v\n%v", a, v, err, diags)
						}
						var got []string
						for _, f := range report.ForRule("page-no-owner") {
							if rest, ok := strings.CutPrefix(f.Path, "content/guide/"); ok && rest != "_index.md" {
								got = append(got, strings.TrimSuffix(rest, ".md"))
							}
						}
						slices.Sort(got)
						if want := guidePages(v, a); !slices.Equal(got, want) {
							t.Errorf("audit --audience %q --version %q: pages without owner %q, want %q", a, v, got, want)
						}
					}
				}
			})
		})
	}
}

// pageText is the main text of a rendered page, which a build and a
// session render alike (their search metadata file is named apart).
func pageText(page []byte) []byte {
	start, end := bytes.Index(page, []byte("<main")), bytes.Index(page, []byte("</main>"))
	if start < 0 || end < start {
		return page
	}
	return page[start:end]
}

// TestPlanRejects names the handbook.yaml line of what a plan cannot
// make.
func TestPlanRejects(t *testing.T) {
	dir := planProject(t)
	tests := []struct {
		name, config string
		opts         Options
		want         string
	}{
		{"an undeclared audience", planConfig(false, true), Options{Audience: "finance"},
			"handbook.yaml:2: --audience finance is not among the audiences declared here (staff, admin); choose one of them, or declare it"},
		{"a version not listed", planConfig(true, false), Options{Version: "3"},
			"handbook.yaml:3: --version 3 is not among the versions listed here (2, 1); choose one of them"},
		{"a version without versions", planConfig(false, false), Options{Version: "3"},
			"handbook.yaml: --version 3: this project lists no versions; leave --version out, or list versions: in handbook.yaml"},
		{"a ref that names nothing", "versions:\n  - {name: \"2\", latest: true}\n  - {name: \"1\", ref: v0}\n", Options{},
			`handbook.yaml:3: version 1: ref "v0": no such commit; name a tag, branch or commit of this repository`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			writeIn(t, dir, "handbook.yaml", tt.config)
			opts := tt.opts
			opts.Dir, opts.Now, opts.NoCache, opts.Out = dir, fixedNow, true, "built"
			_, diags, _ := Audit(context.Background(), opts)
			if got := fmt.Sprint(diags); !strings.Contains(got, tt.want) {
				t.Errorf("audit:\n got %s\nwant %s", got, tt.want)
			}
			_, diags, err := PrepareTarget(context.Background(), opts)
			if !errors.Is(err, ErrFailed) || !strings.Contains(fmt.Sprint(diags), tt.want) {
				t.Errorf("serve: %v\n got %s\nwant %s", err, diags, tt.want)
			}
			res, err := Build(context.Background(), opts)
			if err == nil || !strings.Contains(fmt.Sprint(res.Diagnostics), tt.want) {
				t.Errorf("build: %v\n got %s\nwant %s", err, res.Diagnostics, tt.want)
			}
		})
	}
}
