package search

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"
)

// FormatVersion changes whenever the browser code must change with the files.
const FormatVersion = 1

// ChunkSize is the number of documents whose snippets share one content
// hash: a fragment's name carries its chunk's hash, so a changed page
// renames the 64 files of its chunk, and the metadata holds one hash per
// chunk rather than one per page.
const ChunkSize = 64

// Limits of the snippet store: the text kept per section and per page.
const (
	maxSectionText = 1500
	maxDocText     = 6000
)

// digits is the alphabet of the variable-length numbers in posting
// lists and facet lists: 64 characters that need no escaping in JSON.
// A digit below 32 ends a number; 32 and above says more follow. Each
// carries 5 bits, least significant first.
const digits = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-_"

func appendVarint(b []byte, v uint32) []byte {
	for v >= 32 {
		b = append(b, digits[32|v&31])
		v >>= 5
	}
	return append(b, digits[v])
}

// encodePostings writes a posting list: for each document the gap to the
// previous one less one (consecutive documents cost one digit) and its
// impact as one digit.
func encodePostings(ps []posting) []byte {
	b := make([]byte, 0, 2*len(ps))
	prev := int64(-1)
	for _, p := range ps {
		b = appendVarint(b, uint32(int64(p.doc)-prev-1))
		b = append(b, digits[p.impact])
		prev = int64(p.doc)
	}
	return b
}

// encodeRuns writes a sorted list of document numbers as runs: the gap
// since the previous run's end and the run's length less one. Documents
// are numbered kind by kind and platform by platform, so most facet
// values are a few runs.
func encodeRuns(docs []uint32) []byte {
	var b []byte
	end := uint32(0) // one past the previous run
	for i := 0; i < len(docs); {
		j := i + 1
		for j < len(docs) && docs[j] == docs[j-1]+1 {
			j++
		}
		b = appendVarint(b, docs[i]-end)
		b = appendVarint(b, uint32(j-i-1))
		end = docs[j-1] + 1
		i = j
	}
	return b
}

// hash names a file by its content.
func hash(b []byte) string {
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:4])
}

// wrap makes a data file a script: hbSearch(name, data). Scripts load
// from the file system too, where fetch is refused, so the search works
// in a manual opened from a file share.
func wrap(name string, data []byte) []byte {
	var b bytes.Buffer
	b.Grow(len(data) + len(name) + 16)
	b.WriteString(`hbSearch(`)
	b.WriteString(strconv.Quote(name))
	b.WriteByte(',')
	b.Write(data)
	b.WriteString(")\n")
	return b.Bytes()
}

func jsonString(b *bytes.Buffer, s string) {
	data, _ := json.Marshal(s)
	b.Write(data)
}

// encode writes the index files into idx.
func (idx *Index) encode(docs []*doc, postings map[string][]posting, forms map[string]map[string]bool, chunkHashes []string, opts Options) {
	// Shards: terms and inflected forms, grouped by prefix.
	sizes := map[string]int{}
	encoded := make(map[string][]byte, len(postings))
	for t, ps := range postings {
		encoded[t] = encodePostings(ps)
		sizes[t] += len(t) + len(encoded[t]) + 6
	}
	for w, sts := range forms {
		n := len(w) + 6
		for st := range sts {
			n += len(st) + 3
		}
		sizes[w] += n
	}
	shardOf := assignShards(sizes, opts.ShardSize)
	byShard := map[string][]string{}
	for name, key := range shardOf {
		byShard[key] = append(byShard[key], name)
	}
	shardHashes := map[string]string{}
	for _, key := range sortedKeys(byShard) {
		names := byShard[key]
		sort.Strings(names)
		var b bytes.Buffer
		b.WriteString(`{"t":{`)
		first := true
		for _, n := range names {
			if e, ok := encoded[n]; ok {
				if !first {
					b.WriteByte(',')
				}
				first = false
				jsonString(&b, n)
				b.WriteString(`:"`)
				b.Write(e)
				b.WriteByte('"')
			}
		}
		b.WriteString(`},"f":{`)
		first = true
		for _, n := range names {
			sts, ok := forms[n]
			if !ok {
				continue
			}
			if !first {
				b.WriteByte(',')
			}
			first = false
			jsonString(&b, n)
			b.WriteByte(':')
			list := sortedKeys(sts)
			if len(list) == 1 {
				jsonString(&b, list[0])
			} else {
				data, _ := json.Marshal(list)
				b.Write(data)
			}
		}
		b.WriteString(`}}`)
		data := wrap("s:"+key, b.Bytes())
		h := hash(data)
		shardHashes[key] = h
		idx.add(File{Path: opts.dir + "s/" + key + "." + h + ".js", Data: data}, opts)
	}
	idx.Shards = len(shardHashes)

	// Facets: kind and platform are ranges of document numbers, kept in
	// the metadata; audience, tags and owner are lists, in a file loaded
	// when the reader opens the filters.
	lists := map[string]map[string][]uint32{"audience": {}, "tags": {}, "owner": {}}
	add := func(facet, value string, i int) {
		if value = strings.TrimSpace(value); value == "" {
			return
		}
		l := lists[facet][value]
		if n := len(l); n > 0 && l[n-1] == uint32(i) {
			return
		}
		lists[facet][value] = append(l, uint32(i))
	}
	for i, d := range docs {
		for _, v := range d.audience {
			add("audience", v, i)
		}
		for _, v := range d.tags {
			add("tags", v, i)
		}
		for _, v := range d.owners {
			add("owner", v, i)
		}
	}
	var fb bytes.Buffer
	fb.WriteByte('{')
	for fi, facet := range []string{"audience", "tags", "owner"} {
		if fi > 0 {
			fb.WriteByte(',')
		}
		jsonString(&fb, facet)
		fb.WriteString(":{")
		for vi, v := range sortedKeys(lists[facet]) {
			if vi > 0 {
				fb.WriteByte(',')
			}
			jsonString(&fb, v)
			fb.WriteString(`:"`)
			fb.Write(encodeRuns(lists[facet][v]))
			fb.WriteByte('"')
		}
		fb.WriteByte('}')
	}
	fb.WriteByte('}')
	facets := wrap("c", fb.Bytes())
	facetsPath := "facets." + hash(facets) + ".js"
	idx.add(File{Path: opts.dir + facetsPath, Data: facets}, opts)

	// Every key is present and every table a table (never null) whatever
	// the pages set: a manual whose pages name no platform, audience or
	// owner, or that has no inventory or audit pages, has empty facets.
	labels := opts.Labels
	if labels == nil {
		labels = map[string]string{}
	}
	meta := map[string]any{
		"v":        FormatVersion,
		"n":        len(docs),
		"cs":       ChunkSize,
		"s":        shardHashes,
		"f":        chunkHashes,
		"c":        facetsPath,
		"sw":       sortedKeys(idx.stop),
		"l":        labels,
		"kind":     ranges(docs, func(d *doc) string { return d.kind }),
		"platform": ranges(docs, func(d *doc) string { return d.platform }),
	}
	data, _ := json.Marshal(meta)
	data = wrap("m", data)
	idx.Meta = opts.dir + "meta." + hash(data) + ".js"
	if opts.StableMeta {
		idx.Meta = opts.dir + "meta.js"
	}
	idx.add(File{Path: idx.Meta, Data: data}, opts)
	if opts.Pointer {
		name, _ := json.Marshal(strings.TrimPrefix(idx.Meta, opts.dir))
		idx.add(File{Path: opts.dir + PointerFile, Data: wrap("p", name)}, opts)
	}
}

// PointerFile is the file, in the search folder, that names the current
// metadata file (Options.Pointer).
const PointerFile = "current.js"

// snippets adds the snippet files of the documents from lo on (one
// chunk: ChunkSize documents, or the last ones), whose fragments are
// frags, each named by the chunk's hash, which it returns.
func (idx *Index) snippets(lo int, frags [][]byte, opts Options) string {
	sum := sha256.New()
	for _, f := range frags {
		sum.Write(f)
	}
	h := hex.EncodeToString(sum.Sum(nil)[:4])
	for k, f := range frags {
		i := lo + k
		idx.add(File{Path: fmt.Sprintf("%sf/%d.%s.js", opts.dir, i, h), Data: wrap("f:"+strconv.Itoa(i), f)}, opts)
	}
	return h
}

// add counts f and keeps it, or hands it to opts.Write. It is safe for
// concurrent use.
func (idx *Index) add(f File, opts Options) {
	idx.mu.Lock()
	idx.Count++
	idx.Bytes += int64(len(f.Data))
	if opts.Write == nil {
		idx.Files = append(idx.Files, f)
		idx.mu.Unlock()
		return
	}
	idx.mu.Unlock()
	if err := opts.Write(f); err != nil {
		idx.mu.Lock()
		if idx.Err == nil {
			idx.Err = err
		}
		idx.mu.Unlock()
	}
}

// ranges lists the runs of consecutive documents sharing a value, as
// [value, first, end) triples: an empty list, not null, when no document
// has a value (the browser reads it as a list).
func ranges(docs []*doc, value func(*doc) string) [][3]any {
	out := [][3]any{}
	for i := 0; i < len(docs); {
		v := value(docs[i])
		j := i + 1
		for j < len(docs) && value(docs[j]) == v {
			j++
		}
		if v != "" {
			out = append(out, [3]any{v, i, j})
		}
		i = j
	}
	return out
}

// fragment is a document's entry in the snippet store: title, URL,
// section path, kind and the text of each heading section.
func fragment(d *doc) []byte {
	type frag struct {
		T string      `json:"t"`
		U string      `json:"u"`
		P string      `json:"p,omitempty"`
		K string      `json:"k"`
		S [][3]string `json:"s"`
	}
	f := frag{T: d.title, U: d.url, P: d.crumbs, K: d.kind, S: [][3]string{}}
	budget := maxDocText
	for _, s := range d.sectionsNow() {
		text := clip(s.Text, min(maxSectionText, max(budget, 0)))
		budget -= len(text)
		if text == "" && s.Heading == "" {
			continue
		}
		f.S = append(f.S, [3]string{s.ID, s.Heading, text})
	}
	data, _ := json.Marshal(f)
	return data
}

// clip cuts s to at most n bytes at a word boundary.
func clip(s string, n int) string {
	if len(s) <= n {
		return s
	}
	cut := n
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	if sp := strings.LastIndexByte(s[:cut], ' '); sp > n/2 {
		cut = sp
	}
	return s[:cut] + " …"
}

// assignShards groups index entries (terms and inflected forms) into
// shards by prefix: one character at first, one more wherever a shard
// would exceed limit bytes, so that a query loads only a few small files
// and the last word's prefix names the shards to load.
func assignShards(sizes map[string]int, limit int) map[string]string {
	out := make(map[string]string, len(sizes))
	var split func(key string, keyLen int, names []string)
	split = func(key string, keyLen int, names []string) {
		total := 0
		for _, n := range names {
			total += sizes[n]
		}
		if total <= limit || len(names) == 1 {
			for _, n := range names {
				out[n] = key
			}
			return
		}
		groups := map[string][]string{}
		for _, n := range names {
			k := runePrefix(n, keyLen+1)
			groups[k] = append(groups[k], n)
		}
		for _, k := range sortedKeys(groups) {
			if k == key {
				for _, n := range groups[k] {
					out[n] = key
				}
				continue
			}
			split(k, keyLen+1, groups[k])
		}
	}
	top := map[string][]string{}
	for n := range sizes {
		k := runePrefix(n, 1)
		top[k] = append(top[k], n)
	}
	for _, k := range sortedKeys(top) {
		split(k, 1, top[k])
	}
	return out
}

// runePrefix returns the first n characters of s.
func runePrefix(s string, n int) string {
	i := 0
	for k := 0; k < n && i < len(s); k++ {
		_, size := utf8.DecodeRuneInString(s[i:])
		i += size
	}
	return s[:i]
}
