// Package versiondiff compares two versions of the manual: which pages
// were added, removed or changed, and a word-level diff of each changed
// page's text as readers see it (markdown.ReadableText), so that writers
// and auditors see what a release changed.
package versiondiff

import (
	"bytes"
	"crypto/sha256"
	"errors"
	"html"
	"html/template"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/handbook-dev/handbook/generator/internal/workers"
	"github.com/handbook-dev/handbook/generator/markdown"
	"github.com/handbook-dev/handbook/generator/site"
	"github.com/sergi/go-diff/diffmatchpatch"
)

// Diff is what changed from an older version to a newer one.
type Diff struct {
	// Since names the older version.
	Since   string
	Added   []*site.Page
	Removed []Removed
	Changed []Changed
}

// Removed is a page of the older version the newer one does not have.
type Removed struct {
	Title, Path, URL string
}

// Changed is a page in both versions whose title or text differs.
type Changed struct {
	Page     *site.Page
	OldTitle string
	// HTML is the word-level diff of the page's readable text (headings,
	// paragraphs, list items, code; no Markdown markup): unchanged text,
	// and <del> and <ins> around what was removed and added, escaped.
	HTML template.HTML
	// Added and Deleted count the words.
	Added, Deleted int
}

// Old is a page of the older version as Compare reads it. Body is its
// Markdown; when Load is set, Body is absent, Sum is the SHA-256 of the
// Markdown and Load reads it, which Compare does only for the pages whose
// title or text changed (an older version published again from the last
// build is not loaded; its record keeps this).
type Old struct {
	Rel, Path, Title, URL string
	Body                  []byte
	Sum                   [32]byte
	Load                  func() ([]byte, error)
}

// Olds lists the pages of s as Compare reads them.
func Olds(s *site.Site) []Old {
	var out []Old
	for _, p := range s.Pages {
		if p.File.Path != "" {
			out = append(out, Old{Rel: p.File.Rel, Path: p.File.Path, Title: p.Title, URL: p.URL, Body: p.Body})
		}
	}
	return out
}

// Compare lists the differences from old to cur; pages are matched by
// their source file.
func Compare(since string, old, cur *site.Site) *Diff {
	d, _ := CompareOld(since, Olds(old), cur) // bodies at hand: no error
	return d
}

// CompareOld is Compare with the older version's pages described by old.
// The error is one of a Load.
func CompareOld(since string, old []Old, cur *site.Site) (*Diff, error) {
	d := &Diff{Since: since}
	prev := make(map[string]*Old, len(old))
	for i := range old {
		prev[old[i].Rel] = &old[i]
	}
	seen := map[string]bool{}
	var olds []*Old
	for _, p := range cur.Pages {
		if p.File.Path == "" {
			continue
		}
		seen[p.File.Rel] = true
		o, ok := prev[p.File.Rel]
		switch {
		case !ok:
			d.Added = append(d.Added, p)
		case o.Title != p.Title || !o.same(p.Body):
			d.Changed = append(d.Changed, Changed{Page: p, OldTitle: o.Title})
			olds = append(olds, o)
		}
	}
	// The word diffs, the costly part, on all cores.
	idx := make([]int, len(d.Changed))
	for i := range idx {
		idx[i] = i
	}
	errs := make([]error, len(idx))
	workers.Each(workers.Cores(), idx, func(i int) {
		body := olds[i].Body
		if olds[i].Load != nil {
			if body, errs[i] = olds[i].Load(); errs[i] != nil {
				return
			}
		}
		c := &d.Changed[i]
		c.HTML, c.Added, c.Deleted = Words(markdown.ReadableText(body), markdown.ReadableText(c.Page.Body))
	})
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	for _, o := range old {
		if !seen[o.Rel] {
			d.Removed = append(d.Removed, Removed{Title: o.Title, Path: o.Path, URL: o.URL})
		}
	}
	sort.Slice(d.Removed, func(i, j int) bool { return d.Removed[i].Path < d.Removed[j].Path })
	return d, nil
}

// same reports whether o's Markdown is body.
func (o *Old) same(body []byte) bool {
	if o.Load == nil {
		return bytes.Equal(o.Body, body)
	}
	return sha256.Sum256(body) == o.Sum
}

// Words diffs two texts word by word (a word, or a run of spaces, or a
// punctuation mark, is one unit) and returns the diff as escaped HTML.
func Words(a, b string) (template.HTML, int, int) {
	units := map[string]rune{}
	var table []string
	encode := func(s string) []rune {
		var out []rune
		for _, w := range split(s) {
			r, ok := units[w]
			if !ok {
				// Private-use and later planes: never surrogates.
				r = rune(0xE000 + len(table))
				if r > 0xF8FF {
					r = rune(0xF0000 + len(table) - (0xF8FF - 0xE000 + 1))
				}
				units[w] = r
				table = append(table, w)
			}
			out = append(out, r)
		}
		return out
	}
	ra, rb := encode(a), encode(b)
	dmp := diffmatchpatch.New()
	dmp.DiffTimeout = 0
	diffs := dmp.DiffCleanupSemantic(dmp.DiffMainRunes(ra, rb, false))
	var buf strings.Builder
	added, deleted := 0, 0
	for _, df := range diffs {
		var text strings.Builder
		words := 0
		for _, r := range df.Text {
			w := table[index(r)]
			text.WriteString(w)
			if strings.TrimSpace(w) != "" {
				words++
			}
		}
		t := html.EscapeString(text.String())
		switch df.Type {
		case diffmatchpatch.DiffInsert:
			buf.WriteString("<ins>" + t + "</ins>")
			added += words
		case diffmatchpatch.DiffDelete:
			buf.WriteString("<del>" + t + "</del>")
			deleted += words
		default:
			buf.WriteString(t)
		}
	}
	return template.HTML(buf.String()), added, deleted // #nosec: every part escaped above
}

func index(r rune) int {
	if r >= 0xF0000 {
		return int(r-0xF0000) + (0xF8FF - 0xE000 + 1)
	}
	return int(r - 0xE000)
}

// split cuts text into words, runs of white space and single other
// characters, keeping every byte.
func split(s string) []string {
	var out []string
	for len(s) > 0 {
		r, size := utf8.DecodeRuneInString(s)
		n := size
		switch {
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			for n < len(s) {
				r2, s2 := utf8.DecodeRuneInString(s[n:])
				if !unicode.IsLetter(r2) && !unicode.IsDigit(r2) && r2 != '-' && r2 != '_' {
					break
				}
				n += s2
			}
		case unicode.IsSpace(r):
			for n < len(s) {
				r2, s2 := utf8.DecodeRuneInString(s[n:])
				if !unicode.IsSpace(r2) {
					break
				}
				n += s2
			}
		}
		out = append(out, s[:n])
		s = s[n:]
	}
	return out
}
