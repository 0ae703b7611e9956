package site

import (
	"fmt"
	"path"
	"slices"
	"strings"

	"github.com/handbook-dev/handbook/generator/source"
	// The package shares its name with items.go's suggest.
	didyoumean "github.com/handbook-dev/handbook/internal/suggest"
)

// missingHint says what a broken link to the content path target most
// likely meant, as "; it was renamed to …" or "; did you mean …?", or
// "" when nothing comes close. Git's rename history comes first (the
// build's one git log carries it, see history.Log.Renames), then, for a
// page, the page of the same folder whose name is closest (the one
// did-you-mean rule of internal/suggest), then the one page elsewhere
// of the same name (a page moved outside Git). The destination is
// written as the link was: from the root when rooted, else relative to
// dir, the folder the link is resolved in.
func (s *Site) missingHint(target, dir string, rooted bool) string {
	written := func(rel string) string {
		if rooted {
			return "/" + rel
		}
		return relPath(dir, rel)
	}
	if s.History != nil {
		if r, ok := s.History.Renames[target]; ok && (s.pageBySource[r.To] != nil || s.fileByRel[r.To] != nil) {
			return fmt.Sprintf("; it was renamed to %s in %.7s (%s)", written(r.To), r.Commit.Hash, r.Commit.When.Format("2006-01-02"))
		}
	}
	if !source.IsMarkdownPath(target) {
		return ""
	}
	if meant := s.closestPage(target); meant != "" {
		return fmt.Sprintf("; did you mean %s?", written(meant))
	}
	return ""
}

// closestPage returns the page source a link to the missing Markdown
// path target most likely meant (see missingHint), or "".
func (s *Site) closestPage(target string) string {
	s.lookups.pageNamesOnce.Do(s.indexPageNames)
	dir, stem := parentDir(target), pageStem(target)
	names := s.lookups.pagesByDir[dir]
	stems := make([]string, len(names))
	for i, rel := range names {
		stems[i] = pageStem(rel)
	}
	if meant, ok := didyoumean.Closest(stem, stems); ok {
		return names[slices.Index(stems, meant)]
	}
	if same := s.lookups.pagesByStem[didyoumean.Normal(stem)]; len(same) == 1 {
		return same[0]
	}
	return ""
}

// indexPageNames groups the pages' sources by folder and by name, for
// closestPage: a broken link is then compared with its folder's pages
// only, never with every page of a large manual.
func (s *Site) indexPageNames() {
	s.lookups.pagesByDir, s.lookups.pagesByStem = map[string][]string{}, map[string][]string{}
	var rels []string
	for rel := range s.pageBySource {
		rels = append(rels, rel)
	}
	slices.Sort(rels)
	for _, rel := range rels {
		s.lookups.pagesByDir[parentDir(rel)] = append(s.lookups.pagesByDir[parentDir(rel)], rel)
		k := didyoumean.Normal(pageStem(rel))
		s.lookups.pagesByStem[k] = append(s.lookups.pagesByStem[k], rel)
	}
}

// pageStem is a page source's file name without its extension
// (install of ops/install.md): the extension would count as letters
// in the distance rule, and make "a.md" close to "b.md".
func pageStem(rel string) string {
	base := path.Base(rel)
	return strings.TrimSuffix(base, path.Ext(base))
}

// relPath writes the content path to as a link from the folder dir
// (both content-relative, "" for the root): ../ops/install.md from
// guide to ops/install.md.
func relPath(dir, to string) string {
	var from []string
	if dir != "" {
		from = strings.Split(dir, "/")
	}
	segs := strings.Split(to, "/")
	i := 0
	for i < len(from) && i < len(segs)-1 && from[i] == segs[i] {
		i++
	}
	return strings.Repeat("../", len(from)-i) + strings.Join(segs[i:], "/")
}
