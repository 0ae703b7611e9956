package search

import (
	"maps"
	"slices"

	"github.com/handbook-dev/handbook/generator/internal/keyhash"
)

// Shared keeps values for the rest of a build (cache.Store does). The
// versions of a versioned build share most of their documents; each
// document's analysis and snippet are made once, under the hash of the
// document, and every version's index is built from them. The index
// files are the same bytes as without sharing.
type Shared interface {
	Value(key [32]byte) (any, bool)
	SetValue(key [32]byte, v any)
}

// analyzed is a document's analysis as analyze made it (before the
// postings' impacts and compound parts are added to a copy), with the
// words it met, which the stemmers' caches must hold as though the
// document had been analysed again: the inflected forms and the
// vocabulary for compounds come from them.
type analyzed struct {
	a     *analysis
	words []stemmed
}

// sharedKey hashes every field of a document, once.
func (d *doc) sharedKey() [32]byte {
	if d.keyed {
		return d.key
	}
	k := keyhash.New("search document")
	for _, s := range []string{d.url, d.title, d.crumbs, d.kind, d.lang, d.platform} {
		k.String(s)
	}
	for _, list := range [][]string{d.audience, d.tags, d.owners} {
		k.Int(int64(len(list)))
		for _, s := range list {
			k.String(s)
		}
	}
	for _, t := range d.text {
		k.String(t)
	}
	if d.indexSections {
		k.Int(1)
	} else {
		k.Int(0)
	}
	sections := d.sectionsNow()
	k.Int(int64(len(sections)))
	for _, s := range sections {
		k.Int(int64(s.Level))
		k.String(s.ID)
		k.String(s.Heading)
		k.String(s.Text)
	}
	d.key, d.keyed = k.Sum(), true
	return d.key
}

// reuse returns a copy of the analysis another version made of d, and
// puts the words it met in st, or nil.
func reuse(d *doc, st *stemmer, shared Shared) *analysis {
	v, ok := shared.Value(d.sharedKey())
	if !ok {
		return nil
	}
	e := v.(*analyzed)
	for _, w := range e.words {
		if _, ok := st.cache[w.word]; !ok {
			st.cache[w.word] = w
		}
	}
	return e.a.clone()
}

// sharedAnalysis returns the analysis another version made of d, to be
// read only, or nil.
func sharedAnalysis(d *doc, shared Shared) *analysis {
	if v, ok := shared.Value(d.sharedKey()); ok {
		return v.(*analyzed).a
	}
	return nil
}

// keep records a fresh analysis of d for the other versions.
func keep(d *doc, a *analysis, seen map[string]stemmed, shared Shared) {
	shared.SetValue(d.sharedKey(), &analyzed{a: a.clone(), words: slices.Collect(maps.Values(seen))})
}

// clone copies what Build changes of an analysis (its terms).
func (a *analysis) clone() *analysis {
	c := *a
	c.terms = slices.Clone(a.terms)
	return &c
}

// sharedFragment is d's snippet, made once per build when shared.
func sharedFragment(d *doc, shared Shared) []byte {
	if shared == nil {
		return fragment(d)
	}
	k := d.sharedKey()
	k[31] ^= 0xff // the snippet's entry, beside the analysis's
	if v, ok := shared.Value(k); ok {
		return v.([]byte)
	}
	f := fragment(d)
	shared.SetValue(k, f)
	return f
}
