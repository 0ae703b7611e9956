// Command benchversions makes the project `make bench-versions` builds: a
// Git repository holding a corpus (from ../shared/bench/gencorpus) in five
// tagged versions, each changing 5% of the pages of the one before, and a
// handbook.yaml that builds all five side by side (v5, the work tree, as
// the latest), and, with -one, a clone of it whose handbook.yaml builds
// the latest version alone: the same project, for the one-version side of
// the comparison. It also makes, with -history, a repository of one
// corpus with N commits each touching a few pages, for the cost of page
// history.
//
//	go run ./internal/benchversions -corpus /tmp/c/content -out /tmp/v -one /tmp/v1
package main

import (
	"flag"
	"fmt"
	"io/fs"
	"log"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
)

func main() {
	corpus := flag.String("corpus", "", "the content folder of a gencorpus corpus")
	out := flag.String("out", "", "the project to create (replaced)")
	versions := flag.Int("versions", 5, "versions to tag")
	share := flag.Float64("change", 0.05, "share of pages changed between versions")
	commits := flag.Int("history", 0, "instead of versions: commits, each touching a few pages")
	one := flag.String("one", "", "also make this clone of the project, building the latest version alone")
	flag.Parse()
	if *corpus == "" || *out == "" {
		log.Fatal("usage: benchversions -corpus DIR -out DIR [-versions 5 -change 0.05 | -history 1000]")
	}
	if err := os.RemoveAll(*out); err != nil {
		log.Fatal(err)
	}
	if err := os.CopyFS(filepath.Join(*out, "content"), os.DirFS(*corpus)); err != nil {
		log.Fatal(err)
	}
	var pages []string
	filepath.WalkDir(filepath.Join(*out, "content"), func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && strings.HasSuffix(p, ".md") && !strings.HasSuffix(p, "_index.md") {
			pages = append(pages, p)
		}
		return nil
	})
	sort.Strings(pages)
	write(filepath.Join(*out, ".gitignore"), "public/\n.public.staging/\n.handbook-cache/\n")
	// Every version has the site's settings; the last commit adds the
	// versions.
	write(filepath.Join(*out, "handbook.yaml"), "title: Versions benchmark\n")
	git(*out, "init", "-q", "-b", "main")
	commit := func(msg string) {
		git(*out, "add", "-A")
		date := "2026-01-01T00:00:00Z"
		cmd := exec.Command("git", "-C", *out, "commit", "-q", "-m", msg)
		cmd.Env = append(os.Environ(), "GIT_AUTHOR_NAME=Bench", "GIT_AUTHOR_EMAIL=bench@example.org", "GIT_COMMITTER_NAME=Bench",
			"GIT_COMMITTER_EMAIL=bench@example.org", "GIT_AUTHOR_DATE="+date, "GIT_COMMITTER_DATE="+date)
		if o, err := cmd.CombinedOutput(); err != nil {
			log.Fatalf("git commit: %v %s", err, o)
		}
	}
	touch := func(p, line string) {
		f, err := os.OpenFile(p, os.O_APPEND|os.O_WRONLY, 0)
		if err != nil {
			log.Fatal(err)
		}
		fmt.Fprintf(f, "\n%s\n", line)
		f.Close()
	}
	if *commits > 0 {
		commit("Import the corpus")
		for c := 1; c < *commits; c++ {
			for k := 0; k < 3; k++ {
				touch(pages[(c*7919+k*104729)%len(pages)], fmt.Sprintf("Revision %d.", c))
			}
			commit(fmt.Sprintf("Revise three pages (%d)", c))
		}
		fmt.Printf("%s: %d pages, %d commits\n", *out, len(pages), *commits)
		return
	}
	var cfg strings.Builder
	cfg.WriteString("title: Versions benchmark\nversions:\n")
	for v := 1; v <= *versions; v++ {
		if v > 1 {
			n := int(float64(len(pages)) * *share)
			for k := 0; k < n; k++ {
				touch(pages[((v-1)*n+k)%len(pages)], fmt.Sprintf("Changed in version %d.", v))
			}
		}
		commit(fmt.Sprintf("Version %d", v))
		if v < *versions {
			git(*out, "tag", fmt.Sprintf("v%d", v))
		}
	}
	for v := *versions; v >= 1; v-- {
		if v == *versions {
			fmt.Fprintf(&cfg, "  - {name: v%d, latest: true}\n", v)
		} else {
			fmt.Fprintf(&cfg, "  - {name: v%d, ref: v%d}\n", v, v)
		}
	}
	write(filepath.Join(*out, "handbook.yaml"), cfg.String())
	git(*out, "add", "-A")
	commit("Build all versions")
	fmt.Printf("%s: %d pages in %d versions, %.0f%% changed between versions\n", *out, len(pages), *versions, *share*100)
	if *one != "" {
		if err := os.RemoveAll(*one); err != nil {
			log.Fatal(err)
		}
		if o, err := exec.Command("git", "clone", "-q", *out, *one).CombinedOutput(); err != nil {
			log.Fatalf("git clone: %v %s", err, o)
		}
		write(filepath.Join(*one, "handbook.yaml"), fmt.Sprintf("title: Versions benchmark\nversions:\n  - {name: v%d, latest: true}\n", *versions))
		fmt.Printf("%s: the same project, building v%d alone\n", *one, *versions)
	}
}

func write(p, s string) {
	if err := os.WriteFile(p, []byte(s), 0o644); err != nil {
		log.Fatal(err)
	}
}

func git(dir string, args ...string) {
	if o, err := exec.Command("git", append([]string{"-C", dir}, args...)...).CombinedOutput(); err != nil {
		log.Fatalf("git %v: %v %s", args, err, o)
	}
}
