package generator

import (
	"context"
	"encoding/json"
	"fmt"
	"html"
	"io"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/handbook-dev/handbook/generator/config"
	"github.com/handbook-dev/handbook/generator/diag"
	"github.com/handbook-dev/handbook/generator/internal/gitrepo"
	"github.com/handbook-dev/handbook/generator/render"
	"github.com/handbook-dev/handbook/generator/site"
)

// VersionsFile lists the versions at the root of a versioned site.
const VersionsFile = "versions.json"

// inVersion names the version in the diagnostics of one built from a ref,
// whose paths are those of the ref's tree.
func inVersion(d diag.List, v config.Version) diag.List {
	if v.Ref != "" {
		for i := range d {
			d[i].Message += " (version " + v.Name + ")"
		}
	}
	return d
}

// mergeAcrossVersions reports a problem that several versions share once,
// naming them: a broken link in a page five versions have is one line,
// "… (versions 2026, 2025, 2024)", not five. A diagnostic of the version
// built from the work tree carries no version name of its own.
func mergeAcrossVersions(d diag.List, versions []config.Version) diag.List {
	type group struct {
		first int
		names []string
	}
	base := func(x diag.Diagnostic) (diag.Diagnostic, string) {
		for _, v := range versions {
			if v.Ref == "" {
				continue
			}
			if m, ok := strings.CutSuffix(x.Message, " (version "+v.Name+")"); ok {
				x.Message = m
				return x, v.Name
			}
		}
		for _, v := range versions {
			if v.Ref == "" {
				return x, v.Name
			}
		}
		return x, ""
	}
	groups := map[diag.Diagnostic]*group{}
	for i, x := range d {
		b, name := base(x)
		g := groups[b]
		if g == nil {
			g = &group{first: i}
			groups[b] = g
		}
		if name != "" && !slices.Contains(g.names, name) {
			g.names = append(g.names, name)
		}
	}
	out := make(diag.List, 0, len(d))
	for i, x := range d {
		b, _ := base(x)
		g := groups[b]
		switch {
		case len(g.names) < 2:
			out = append(out, x)
		case g.first == i:
			b.Message += " (versions " + strings.Join(g.names, ", ") + ")"
			out = append(out, b)
		}
	}
	return out
}

// resolveRef names the commit a tag, branch or commit id points at, and
// its committer date.
func resolveRef(ctx context.Context, project, ref string) (string, time.Time, error) {
	repo := gitrepo.Open(project)
	commit, err := repo.ResolveCommit(ctx, ref)
	if err != nil {
		return "", time.Time{}, fmt.Errorf("no such commit")
	}
	at, err := repo.CommitTime(ctx, commit)
	if err != nil {
		return "", time.Time{}, fmt.Errorf("cannot read commit %s", commit)
	}
	return commit, at, nil
}

// siteURLs lists the URLs of a version's pages and inventory items, which
// the version switcher links.
func siteURLs(s *site.Site) map[string]bool {
	urls := make(map[string]bool, len(s.Pages)+len(s.Inventory.Items))
	for _, p := range s.Pages {
		urls[p.URL] = true
	}
	for _, it := range s.Inventory.Items {
		urls[s.ItemURL(it)] = true
	}
	return urls
}

// versionCollisions refuses a latest version whose pages would take the
// folder of another version or alias.
func versionCollisions(builds []*target) diag.List {
	var diags diag.List
	folders := map[string]string{}
	for _, vb := range builds {
		for _, name := range append([]string{vb.cfg.Name}, vb.cfg.Aliases...) {
			folders[strings.ToLower(name)+"/"] = name
		}
	}
	for _, vb := range builds {
		if !vb.cfg.Latest {
			continue
		}
		for _, p := range vb.m.site.Pages {
			top := strings.ToLower(strings.SplitAfterN(p.URL, "/", 2)[0])
			if name, ok := folders[top]; ok && p.File.Path != "" {
				diags.Errorf(p.Path(), 0, 0, "maps to %s, the folder of version %s; rename the section or the version", p.URL, name)
			}
		}
	}
	return diags
}

// writeRedirects writes, for the latest version's name and every alias of
// vb, a small page per page of vb that sends the reader to it: links to
// /2026/x/ keep working once 2026 is served at the root.
func writeRedirects(w render.Writer, builds []*target, vb *target) error {
	var folders []string
	if vb.cfg.Latest {
		folders = append(folders, vb.cfg.Name)
	}
	folders = append(folders, vb.cfg.Aliases...)
	urls := make([]string, 0, len(vb.urls))
	for u := range vb.urls {
		urls = append(urls, u)
	}
	sort.Strings(urls)
	for _, f := range folders {
		for _, u := range urls {
			from, to := f+"/"+u, vb.prefix+u
			href := site.Rel(from, to)
			if href == "" {
				href = "./"
			}
			if err := w.Write(from+"index.html", redirectPage(href)); err != nil {
				return err
			}
		}
	}
	return nil
}

// redirectPage is an HTML page that moves the reader to href at once,
// with a link for browsers that do not follow the refresh.
func redirectPage(href string) []byte {
	h := html.EscapeString(href)
	return []byte(`<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><meta name="robots" content="noindex">
<meta http-equiv="refresh" content="0; url=` + h + `"><link rel="canonical" href="` + h + `">
<title>Moved</title></head><body><p><a href="` + h + `">` + h + `</a></p></body></html>
`)
}

// versionsJSON is public/versions.json: every version with its ref,
// commit, folder, build time and aliases, for tools and auditors.
func versionsJSON(builds []*target) []byte {
	type entry struct {
		Name    string   `json:"name"`
		Ref     string   `json:"ref"`
		Commit  string   `json:"commit"`
		URL     string   `json:"url"`
		BuiltAt string   `json:"built_at"`
		Latest  bool     `json:"latest"`
		Aliases []string `json:"aliases"`
	}
	var list []entry
	for _, vb := range builds {
		ref := vb.cfg.Ref
		if ref == "" {
			ref = "(working tree)"
		}
		aliases := append([]string{}, vb.cfg.Aliases...)
		url := vb.prefix
		if url == "" {
			url = "./"
		}
		list = append(list, entry{Name: vb.cfg.Name, Ref: ref, Commit: vb.src.commit, URL: url, BuiltAt: vb.builtAt.UTC().Format(time.RFC3339), Latest: vb.cfg.Latest, Aliases: aliases})
	}
	data, _ := json.MarshalIndent(map[string]any{"versions": list}, "", "  ")
	return append(data, '\n')
}

// prefixWriter writes a version's files into its folder of the output.
type prefixWriter struct {
	w      render.Writer
	prefix string
}

func (p prefixWriter) Write(rel string, data []byte) error { return p.w.Write(p.prefix+rel, data) }
func (p prefixWriter) Copy(rel, src string) error          { return p.w.Copy(p.prefix+rel, src) }
func (p prefixWriter) Stream(rel string, write func(io.Writer) error) error {
	return render.Stream(p.w, p.prefix+rel, write)
}
