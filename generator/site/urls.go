package site

import (
	"fmt"
	"path"
	"sort"
	"strings"

	"github.com/handbook-dev/handbook/generator/diag"
	"github.com/handbook-dev/handbook/generator/source"
)

// contentURLs are the URLs of the content's folders and files, decided
// before the model is built so that no two sources share an output
// path: folders google_cloud_storage/ and google-cloud-storage/, or
// pages Foo.md and foo.md, slug to the same name (compared without case,
// since sites are copied to case-insensitive file systems). One of them
// keeps the name and the others get "-2", "-3", ...; a name that maps
// to no other keeps today's URL.
type contentURLs struct {
	dir  map[string]string // folder -> its URL ("" for the root)
	file map[string]string // page (not a folder's own) or static file -> its URL
}

// claimant is one child of a folder that wants a name in its URL.
type claimant struct {
	rel      string // content-relative source path
	display  string // the path shown in messages
	name     string // the name it wants
	isDir    bool
	isStatic bool
	explicit bool // named by front matter slug:
	exact    bool // the source's own name is already that name
}

// assignURLs gives every folder and file of the tree its URL. own maps a
// folder to its own page, which takes the folder's URL. The whole tree
// counts, whatever the audience and drafts, so a page's URL never depends
// on which other pages a build leaves out. mine says whether a page is
// of the language being laid out, and its path without the language
// suffix, whose name it is published under.
func assignURLs(tree *source.Tree, docs map[string]*source.Document, own map[string]source.File, contentDir string, mine func(source.File) (bool, string)) (contentURLs, diag.List) {
	var diags diag.List
	u := contentURLs{dir: map[string]string{"": ""}, file: map[string]string{}}
	children := map[string][]claimant{}
	for _, d := range tree.Dirs {
		if d == "" {
			continue
		}
		base := path.Base(d)
		children[parentDir(d)] = append(children[parentDir(d)], claimant{rel: d, display: path.Join(contentDir, d) + "/", name: slug(base), isDir: true, exact: slug(base) == base})
	}
	for _, f := range tree.Files {
		dir, base := parentDir(f.Rel), path.Base(f.Rel)
		if source.IsCategory(f.Rel) {
			continue
		}
		if !f.IsMarkdown() {
			children[dir] = append(children[dir], claimant{rel: f.Rel, display: f.Path, name: base, isStatic: true, exact: base == strings.ToLower(base)})
			continue
		}
		doc := docs[f.Rel]
		if doc == nil || doc.URL != "" {
			continue // not a page, or at the address its front matter gives
		}
		if o, ok := own[dir]; ok && o.Rel == f.Rel {
			continue
		}
		ok, key := mine(f)
		if !ok {
			continue // another language's
		}
		base = path.Base(key)
		stem := strings.TrimSuffix(base, path.Ext(base))
		c := claimant{rel: f.Rel, display: f.Path, name: slug(stem), exact: slug(stem) == stem}
		if doc.Slug != "" {
			c.name, c.explicit = doc.Slug, true
		}
		children[dir] = append(children[dir], c)
	}
	// Folders in tree.Dirs order: a parent sorts before its children.
	for _, dir := range tree.Dirs {
		base := u.dir[dir]
		kids := children[dir]
		used := map[string]bool{}
		groups := map[string][]claimant{}
		var keys []string
		for _, c := range kids {
			k := strings.ToLower(c.name)
			used[k] = true
			if groups[k] == nil {
				keys = append(keys, k)
			}
			groups[k] = append(groups[k], c)
		}
		sort.Strings(keys)
		for _, k := range keys {
			g := groups[k]
			sort.SliceStable(g, func(i, j int) bool { return keeps(g[i], g[j]) })
			var moved []string
			for i, c := range g {
				name := c.name
				// Two slug: values alike are the writer's choice: left
				// alike, for the collision check to report.
				both := c.explicit && g[0].explicit
				if i > 0 && !both {
					name = freeName(c.name, c.isStatic, used)
					used[strings.ToLower(name)] = true
				}
				url := base + name
				if c.isDir {
					url += "/"
					u.dir[c.rel] = url
				} else {
					if !c.isStatic {
						url += "/"
					}
					u.file[c.rel] = url
				}
				if i > 0 && !both {
					moved = append(moved, fmt.Sprintf("%s at %s", c.display, url))
				}
			}
			if len(moved) > 0 {
				first := base + g[0].name
				if !g[0].isStatic {
					first += "/"
				}
				last := g[len(g)-1].display
				diags.Warnf(last, 0, 0, "%s and %s map to the same output %s: %s keeps it, %s; rename one to choose its URL", g[0].display, joinNames(g[1:]), first, g[0].display, strings.Join(moved, ", "))
			}
		}
	}
	return u, diags
}

// keeps orders the claimants of one name: the one listed first keeps it.
// A front-matter slug: was chosen, a name already equal to its slug is
// today's URL, a folder carries the most URLs below it; the rest go by
// source path so the outcome never depends on the walk.
func keeps(a, b claimant) bool {
	switch {
	case a.explicit != b.explicit:
		return a.explicit
	case a.exact != b.exact:
		return a.exact
	case a.isDir != b.isDir:
		return a.isDir
	}
	return a.rel < b.rel
}

// freeName returns name with the lowest suffix "-2", "-3", ... (before a
// static file's extension) that no sibling uses.
func freeName(name string, static bool, used map[string]bool) string {
	stem, ext := name, ""
	if static {
		ext = path.Ext(name)
		stem = strings.TrimSuffix(name, ext)
	}
	for n := 2; ; n++ {
		cand := fmt.Sprintf("%s-%d%s", stem, n, ext)
		if !used[strings.ToLower(cand)] {
			return cand
		}
	}
}

func joinNames(cs []claimant) string {
	names := make([]string, len(cs))
	for i, c := range cs {
		names[i] = c.display
	}
	return strings.Join(names, " and ")
}
