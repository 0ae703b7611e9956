// Package search builds handbook's offline full-text index from the site
// model: pages' text per heading section, front matter, inventory items
// and audit rules. It returns the index as files in memory (sharded by
// term prefix, content-hashed), which the build hands to the publish
// stage; the browser code in assets/search.js reads them.
package search

import (
	"cmp"
	"maps"
	"math"
	"slices"
	"sort"
	"sync"
	"time"

	"github.com/handbook-dev/handbook/generator/audit"
	"github.com/handbook-dev/handbook/generator/internal/workers"
	"github.com/handbook-dev/handbook/generator/markdown"
	"github.com/handbook-dev/handbook/generator/site"
)

// BM25's term-frequency saturation.
const k1 = 1.2

// compoundWeight scales the frequency of a Dutch compound's parts: a page
// about "wachtwoordbeleid" is about "beleid", but less than one that says
// "beleid" itself.
const compoundWeight = 0.5

// Options configure the index.
type Options struct {
	// Lang is the site's default language, for pages without lang.
	Lang string
	// InventoryLabel and AuditLabel head the section paths of inventory
	// items and audit pages, in the site's language.
	InventoryLabel, AuditLabel string
	// KindLabel names an item kind in the site's language ("SharePoint
	// site"); nil shows the kind as written.
	KindLabel func(kind string) string
	// Labels are the search box's UI strings, kept in the metadata.
	Labels map[string]string
	// ShardSize is the size in bytes past which a shard is split by a
	// longer prefix (default 24 KiB).
	ShardSize int
	// Person reduces an inventory item's owner as the privacy setting
	// asks (display name or pseudonym), so that search tells no more
	// than the published inventory; nil keeps owners as written.
	Person func(string) string
	// StableMeta names the metadata file search/meta.js instead of by
	// its hash, for handbook serve: an edit then rewrites the index
	// without changing every page that names the file.
	StableMeta bool
	// Pointer also writes search/current.js, naming the metadata file
	// under a name that does not change: the search page of another
	// language's site in the same manual finds this index through it
	// when a reader widens a search to every language.
	Pointer bool
	// Shared, when set, keeps each document's analysis and snippet for
	// the other versions of a versioned build (shared.go).
	Shared Shared
	// Write, when set, receives each index file as it is encoded, and
	// Index.Files stays empty: a build writes the index as it makes it,
	// rather than hold every snippet of the manual until it writes the
	// pages. The first error it returns is Index.Err.
	Write func(File) error

	// dir and auditDir are the site's search and audit folders
	// (site.Paths), set by Build.
	dir, auditDir string
}

// FilePrefixes are the paths every index file in the search folder dir
// (site.Paths.Search) starts with (shards, snippet files, facets and
// metadata; not the results page), for a writer that replaces one index
// with the next.
func FilePrefixes(dir string) []string {
	return []string{dir + "s/", dir + "f/", dir + "facets.", dir + "meta."}
}

// Index is a built index: its files and figures for the build report.
type Index struct {
	// Files are the index files, paths relative to the site root.
	Files []File
	// Meta is the path of the metadata file, which every page names.
	Meta string
	// Docs, Terms and Shards count what the index holds; Count is the
	// number of its files and Bytes their size.
	Docs, Terms, Shards, Count int
	Bytes                      int64
	// Err is the first error of Options.Write.
	Err error
	mu  sync.Mutex
	// Duration is how long Build took.
	Duration time.Duration
	// stop are the words left out of the index (StopWords).
	stop map[string]bool
}

// File is one output file of the index.
type File struct {
	Path string
	Data []byte
}

// posting is one document's entry in a term's list: the document
// number and its BM25F impact, quantised to 1..63.
type posting struct {
	doc    uint32
	impact uint8
}

// analysis is what tokenising one document yields.
type analysis struct {
	terms  []termFreq
	length [nFields]int
	// compounds holds long Dutch words with their frequency per field,
	// split into parts once the whole vocabulary is known.
	compounds map[string]*[nFields]float64
}

// termFreq is a stem's frequency in each field of a document, then its
// impact.
type termFreq struct {
	term   string
	tf     [nFields]float32
	impact uint8
}

// Build builds the index of s. It reads the model only.
func Build(s *site.Site, report *audit.Report, opts Options) *Index {
	start := time.Now()
	if opts.ShardSize <= 0 {
		opts.ShardSize = 24 << 10
	}
	if opts.Lang == "" {
		opts.Lang = "en"
	}
	opts.dir, opts.auditDir = s.Paths.Search, s.Paths.Audit
	docs := collect(s, report, opts)
	for _, d := range docs {
		if baseLang(d.lang) == "nl" {
			// Decode the compound lexicon while the documents are
			// analysed, which it is needed after.
			go dutchLexicon()
			break
		}
	}
	avg := averageLengths(docs, opts.Shared)
	idx := &Index{Docs: len(docs), stop: StopWords(s.Config.Languages, s.Language)}
	postings, deferred, stemmers, chunkHashes := idx.analyzeAll(docs, avg, opts)

	// The inflected forms the stemmers met: the browser looks a typed
	// word up among them instead of stemming it itself.
	forms := map[string]map[string]bool{}
	addForm := func(w, st string) {
		if forms[w] == nil {
			forms[w] = map[string]bool{}
		}
		forms[w][st] = true
	}
	for _, st := range stemmers {
		for w, e := range st.cache {
			if w != e.stem {
				addForm(w, e.stem)
			}
		}
	}
	if len(deferred) > 0 {
		// The parts: the Dutch lexicon's, and every word of the manual
		// that occurs on its own (names the lexicon does not know).
		vocab := map[string]bool{}
		for _, st := range stemmers {
			for w, e := range st.cache {
				vocab[w], vocab[e.stem] = true, true
			}
		}
		splitter := newCompounds(dutchLexicon(), vocab)
		nl := newStemmer("nl")
		added := map[string]bool{}
		for _, i := range sortedDocs(deferred) {
			a := deferred[i]
			for _, w := range sortedKeys(a.compounds) {
				tf := a.compounds[w]
				for _, part := range splitter.split(w) {
					word, st := nl.stem([]byte(part))
					if word != st {
						addForm(word, st)
					}
					a.add(st, tf, compoundWeight)
				}
			}
			a.impacts(avg)
			for _, e := range a.terms {
				postings[e.term] = append(postings[e.term], posting{doc: uint32(i), impact: e.impact})
				added[e.term] = true
			}
		}
		// The postings of the documents with compounds came last.
		for term := range added {
			slices.SortFunc(postings[term], func(a, b posting) int { return cmp.Compare(a.doc, b.doc) })
		}
	}

	idx.Terms = len(postings)
	idx.encode(docs, postings, forms, chunkHashes, opts)
	idx.Duration = time.Since(start)
	return idx
}

// add adds w times the frequencies tf to the stem's.
func (a *analysis) add(stem string, tf *[nFields]float64, w float64) {
	for i := range a.terms {
		if a.terms[i].term == stem {
			for f := range tf {
				a.terms[i].tf[f] += float32(w * tf[f])
			}
			return
		}
	}
	e := termFreq{term: stem}
	for f := range tf {
		e.tf[f] = float32(w * tf[f])
	}
	a.terms = append(a.terms, e)
}

// averageLengths returns the mean length in words of each field over
// the documents, which every document's impacts are weighed against
// (BM25F): a pass that only counts, so that the analyses need not be
// held until the last document is analysed. A document another version
// of the build analysed has its lengths there.
func averageLengths(docs []*doc, shared Shared) [nFields]float64 {
	lengths := make([][nFields]int, len(docs))
	workers.Each(workers.Cores(), chunksOf(len(docs)), func(c [2]int) {
		for i := c[0]; i < c[1]; i++ {
			if shared != nil {
				if a := sharedAnalysis(docs[i], shared); a != nil {
					lengths[i] = a.length
					continue
				}
			}
			d := docs[i]
			if d.counted && (d.words != [2]int{} || d.description == "") {
				// The page's text was counted when it was converted:
				// only its other fields are read here.
				lengths[i][fieldHeadings], lengths[i][fieldBody] = d.words[0], d.words[1]
				for f := range nFields {
					lengths[i][f] += CountWords(d.text[f])
				}
				continue
			}
			eachToken(d, func(f int, _ []byte) { lengths[i][f]++ })
		}
	})
	var avg [nFields]float64
	for _, l := range lengths {
		for f, n := range l {
			avg[f] += float64(n)
		}
	}
	for f := range avg {
		avg[f] = max(avg[f]/float64(max(len(docs), 1)), 1)
	}
	return avg
}

// chunksOf splits n documents into one run per core, each a whole number
// of snippet chunks (ChunkSize).
func chunksOf(n int) [][2]int {
	cores := max(workers.Cores(), 1)
	size := max((n+cores-1)/cores, 1)
	size = (size + ChunkSize - 1) / ChunkSize * ChunkSize
	var chunks [][2]int
	for lo := 0; lo < n; lo += size {
		chunks = append(chunks, [2]int{lo, min(lo+size, n)})
	}
	return chunks
}

// analyzeAll tokenises and stems every document on all cores, each
// worker with its own stem caches, which it returns: together they hold
// every word of the manual and its stem. Each document's terms become
// postings as soon as it is analysed, weighed against avg; a document
// with Dutch compounds is deferred (returned by number), since its
// compounds are split with every word of the manual. Each document's
// snippet is made from the same reading of its text, and each chunk of
// snippets goes to idx as it is complete; the chunks' hashes are
// returned, for the metadata.
func (idx *Index) analyzeAll(docs []*doc, avg [nFields]float64, opts Options) (map[string][]posting, map[int]*analysis, []*stemmer, []string) {
	shared := opts.Shared
	chunks := chunksOf(len(docs))
	chunkHashes := make([]string, (len(docs)+ChunkSize-1)/ChunkSize)
	type found struct {
		postings map[string][]posting
		deferred map[int]*analysis
		stemmers []*stemmer
	}
	results := make([]found, len(chunks))
	workers.Each(len(chunks), chunkNumbers(len(chunks)), func(ci int) {
		c := chunks[ci]
		stemmers := map[string]*stemmer{}
		index := map[string]int{}
		var seen map[string]stemmed
		if shared != nil {
			seen = map[string]stemmed{}
		}
		res := found{postings: map[string][]posting{}, deferred: map[int]*analysis{}}
		snippets := make([][]byte, 0, ChunkSize)
		for i := c[0]; i < c[1]; i++ {
			d := docs[i]
			d.hold()
			lang := baseLang(d.lang)
			st := stemmers[lang]
			if st == nil {
				st = newStemmer(lang)
				st.stop = idx.stop
				stemmers[lang] = st
			}
			var a *analysis
			if shared != nil {
				a = reuse(d, st, shared)
			}
			if a == nil {
				clear(index)
				clear(seen)
				a = analyze(d, st, index, seen)
				if shared != nil {
					keep(d, a, seen, shared)
				}
			}
			snippets = append(snippets, sharedFragment(d, shared))
			d.release()
			if len(snippets) == ChunkSize || i+1 == c[1] {
				lo := i + 1 - len(snippets)
				chunkHashes[lo/ChunkSize] = idx.snippets(lo, snippets, opts)
				snippets = snippets[:0]
			}
			if len(a.compounds) > 0 {
				res.deferred[i] = a
				continue
			}
			a.impacts(avg)
			for _, e := range a.terms {
				res.postings[e.term] = append(res.postings[e.term], posting{doc: uint32(i), impact: e.impact})
			}
		}
		for _, lang := range sortedKeys(stemmers) {
			res.stemmers = append(res.stemmers, stemmers[lang])
		}
		results[ci] = res
	})
	if len(results) == 0 {
		return map[string][]posting{}, nil, nil, chunkHashes
	}
	// The runs are merged in order, so each posting list stays sorted
	// by document.
	postings := results[0].postings
	deferred := results[0].deferred
	stemmers := results[0].stemmers
	for _, r := range results[1:] {
		for term, ps := range r.postings {
			postings[term] = append(postings[term], ps...)
		}
		maps.Copy(deferred, r.deferred)
		stemmers = append(stemmers, r.stemmers...)
	}
	return postings, deferred, stemmers, chunkHashes
}

// chunkNumbers returns 0 to n-1.
func chunkNumbers(n int) []int {
	out := make([]int, n)
	for i := range out {
		out[i] = i
	}
	return out
}

// sortedDocs returns the document numbers of m in order.
func sortedDocs(m map[int]*analysis) []int {
	out := slices.Collect(maps.Keys(m))
	slices.Sort(out)
	return out
}

// eachToken calls fn with every word of d and the field it is in: the
// text of each field, and a page's section headings and text for the
// heading and body fields.
func eachToken(d *doc, fn func(f int, w []byte)) {
	var sections []markdown.Section
	if d.indexSections {
		sections = d.sectionsNow()
	}
	for f := 0; f < nFields; f++ {
		visit := func(w []byte, _ int) { fn(f, w) }
		if d.indexSections && (f == fieldHeadings || f == fieldBody) {
			for _, sec := range sections {
				if f == fieldHeadings {
					Tokenize(sec.Heading, visit)
				} else {
					Tokenize(sec.Text, visit)
				}
			}
		}
		Tokenize(d.text[f], visit)
	}
}

// analyze counts the stems of d's fields. seen, when not nil, collects
// the words met and their stems (shared.go).
func analyze(d *doc, st *stemmer, index map[string]int, seen map[string]stemmed) *analysis {
	a := &analysis{terms: make([]termFreq, 0, 64)}
	dutch := st.lang == "nl"
	eachToken(d, func(f int, w []byte) {
		a.length[f]++
		if len(w) < 2 || st.stop[string(w)] {
			return
		}
		word, s := st.stem(w)
		if seen != nil {
			seen[word] = stemmed{word, s}
		}
		i, ok := index[s]
		if !ok {
			i = len(a.terms)
			index[s] = i
			a.terms = append(a.terms, termFreq{term: s})
		}
		a.terms[i].tf[f]++
		if dutch && len(w) >= minCompound {
			if a.compounds == nil {
				a.compounds = map[string]*[nFields]float64{}
			}
			c := a.compounds[word]
			if c == nil {
				c = &[nFields]float64{}
				a.compounds[word] = c
			}
			c[f]++
		}
	})
	// Every document's terms are held until the postings are built: at
	// their size, not at the capacity appending grew them to.
	a.terms = slices.Clone(a.terms)
	return a
}

// impacts turns the frequencies into BM25F impacts: each field's
// frequency is weighted and normalised by the field's length against
// its average, summed, and saturated, so that the browser only
// multiplies by the term's idf.
func (a *analysis) impacts(avg [nFields]float64) {
	for k := range a.terms {
		tf := &a.terms[k].tf
		var x float64
		for f := range tf {
			if tf[f] > 0 {
				x += fieldWeight[f] * float64(tf[f]) / (1 - fieldB[f] + fieldB[f]*float64(a.length[f])/avg[f])
			}
		}
		q := math.Ceil(x / (k1 + x) * 63)
		a.terms[k].impact = uint8(min(max(q, 1), 63))
	}
}

// sortedKeys returns a map's keys in order.
func sortedKeys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
