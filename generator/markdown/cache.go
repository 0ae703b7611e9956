package markdown

import (
	"crypto/sha256"
	"encoding/binary"
	"encoding/json"
	"sort"
	"strings"
)

// Cache keeps conversions by content hash, so that a page whose Markdown
// and link targets are unchanged (in another version of the manual, or
// in the next build) is neither parsed nor rendered again. Get and Put
// must be safe for concurrent use.
type Cache interface {
	Get(key [32]byte) ([]byte, bool)
	Put(key [32]byte, value []byte)
}

// valueCache is a Cache that also keeps decoded values for the build
// (cache.Store): every version of a versioned build then decodes a
// shared page's analysis once.
type valueCache interface {
	Value(key [32]byte) (any, bool)
	SetValue(key [32]byte, v any)
}

// WithCache makes the Converter look conversions up in c. Entries are
// keyed by the converter's settings, the document and the resolved link
// destinations, so a changed link target renders the page anew.
func WithCache(c Cache) Option {
	return func(cv *Converter, _ *options) { cv.cache = c }
}

// analysis is what a parse yields besides the HTML: replayed on a cache
// hit, it gives the same Result and the same Resolve calls as a parse.
type analysis struct {
	TOC       []Heading `json:"toc,omitempty"`
	IDs       []string  `json:"ids,omitempty"`
	Links     []LinkRef `json:"links,omitempty"`
	Sanitised bool      `json:"sanitised,omitempty"`
	// Sections is the text per heading (with Document.CollectText).
	Sections []Section `json:"sections,omitempty"`
	Words    [2]int    `json:"words,omitzero"`
	Notes    []Note    `json:"notes,omitempty"`
	// Resolved lists every reference passed to Resolve, in order.
	Resolved []LinkRef `json:"resolved,omitempty"`
}

// converterVersion names the converter's behaviour in every cache key:
// change it whenever the same Markdown would convert to other HTML or
// another analysis (a new syntax, other ids or anchors), so that no
// entry written by an older handbook is reused.
//
// v2: MkDocs, Docusaurus and DocFX admonitions; {#id} heading
// attributes; raw HTML ids and <a name> anchors kept and counted.
const converterVersion = "handbook markdown v6"

// settingsKey identifies what besides the document shapes the HTML.
func settingsKey(titles map[string]string, tocLevel int, wordCounter string) [32]byte {
	keys := make([]string, 0, len(titles))
	for k := range titles {
		keys = append(keys, k+"\x00"+titles[k])
	}
	sort.Strings(keys)
	h := sha256.New()
	h.Write([]byte(converterVersion + "\x00" + strings.Join(keys, "\x01")))
	binary.Write(h, binary.LittleEndian, int64(tocLevel))
	h.Write([]byte("\x00words\x00" + wordCounter))
	var k [32]byte
	h.Sum(k[:0])
	return k
}

// documentKey identifies a document's analysis.
func (c *Converter) documentKey(d Document) [32]byte {
	h := sha256.New()
	h.Write(c.settings[:])
	h.Write([]byte("doc\x00" + d.Title + "\x00"))
	var flags [18]byte
	binary.LittleEndian.PutUint64(flags[:8], uint64(len(d.Body)))
	binary.LittleEndian.PutUint64(flags[8:16], uint64(d.BodyLine))
	if d.DropFirstH1 {
		flags[16] = 1
	}
	if d.CollectText { // an analysis with the section text is another entry
		flags[17] = 1
	}
	h.Write(flags[:])
	h.Write(d.Body)
	if d.Spans != nil { // the same text included from elsewhere has other link bases
		h.Write([]byte("spans\x00"))
		for _, s := range d.Spans {
			var n [24]byte
			binary.LittleEndian.PutUint64(n[:8], uint64(s.Start))
			binary.LittleEndian.PutUint64(n[8:16], uint64(s.Line))
			binary.LittleEndian.PutUint64(n[16:], uint64(s.Col))
			h.Write(n[:])
			h.Write([]byte(s.Source + "\x00"))
		}
	}
	var k [32]byte
	h.Sum(k[:0])
	return k
}

// htmlKey identifies the HTML of a document whose links resolved to dests.
func htmlKey(doc [32]byte, dests []string) [32]byte {
	h := sha256.New()
	h.Write(doc[:])
	for _, d := range dests {
		var n [8]byte
		binary.LittleEndian.PutUint64(n[:], uint64(len(d)))
		h.Write(n[:])
		h.Write([]byte(d))
	}
	var k [32]byte
	h.Sum(k[:0])
	return k
}

// cached returns the Result of a document converted before with the same
// link destinations, calling Resolve as a parse would. On a miss it
// returns the document key and, when the analysis was known, the
// references already resolved and their destinations: the parse that
// follows replays them instead of calling Resolve twice.
func (c *Converter) cached(d Document) (res *Result, key [32]byte, refs []LinkRef, dests []string, ok bool) {
	key = c.documentKey(d)
	raw, found := c.cache.Get(key)
	if !found {
		return nil, key, nil, nil, false
	}
	a, ok := c.decode(key, raw)
	if !ok {
		return nil, key, nil, nil, false
	}
	dests = make([]string, len(a.Resolved))
	for i, ref := range a.Resolved {
		if d.Resolve != nil {
			dests[i] = d.Resolve(ref)
		} else {
			dests[i] = ref.Dest
		}
	}
	res = &Result{TOC: a.TOC, IDs: a.IDs, Links: a.Links, Sanitised: a.Sanitised, Sections: a.Sections, Words: a.Words, Notes: a.Notes}
	if d.SkipRender {
		return res, key, nil, nil, true
	}
	hk := htmlKey(key, dests)
	html, found := c.cache.Get(hk)
	if !found {
		return nil, key, a.Resolved, dests, false
	}
	res.HTML = html
	if vc, ok := c.cache.(valueCache); ok {
		hk[31] ^= 0xff // the string beside the bytes
		if v, ok := vc.Value(hk); ok {
			res.Text = v.(string)
		} else {
			res.Text = string(html)
			vc.SetValue(hk, res.Text)
		}
	}
	return res, key, nil, nil, true
}

// decode returns the analysis stored as raw under key, decoded once per
// build when the cache keeps values. The decoded analysis is shared and
// only read.
func (c *Converter) decode(key [32]byte, raw []byte) (*analysis, bool) {
	vc, keeps := c.cache.(valueCache)
	if keeps {
		if v, ok := vc.Value(key); ok {
			return v.(*analysis), true
		}
	}
	a := &analysis{}
	if json.Unmarshal(raw, a) != nil {
		return nil, false
	}
	if keeps {
		vc.SetValue(key, a)
	}
	return a, true
}

// store records a fresh conversion under its keys.
func (c *Converter) store(key [32]byte, res *Result, resolved []LinkRef, dests []string, rendered bool) {
	a := analysis{TOC: res.TOC, IDs: res.IDs, Links: res.Links, Sanitised: res.Sanitised, Sections: res.Sections, Words: res.Words, Notes: res.Notes, Resolved: resolved}
	if raw, err := json.Marshal(a); err == nil {
		c.cache.Put(key, raw)
	}
	if rendered {
		c.cache.Put(htmlKey(key, dests), res.HTML)
	}
}
