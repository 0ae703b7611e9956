package search

import (
	"bytes"
	"compress/gzip"
	_ "embed"
	"encoding/binary"
	"io"
	"strings"
	"sync"
)

// Shortest parts a compound is split into: a part from the lexicon has
// at least three letters ("pan", "dak"); a word of the manual that the
// lexicon does not know (a product's or team's name) at least five, as
// the site's short words ("mede", "lijk") would cut derivations
// ("medewerker", "verantwoordelijk").
const (
	minLexPart  = 3
	minSitePart = 5
)

// minCompound is the length from which a Dutch word is tried as a
// compound.
const minCompound = 2 * minLexPart

// A lexicon form's flags (internal/gendutchlex): the positions it may
// take in a compound, whether it is a whole word never split (a
// derivation such as "bestelling", a loanword such as "website"), and
// the linking element it ends in, dropped (with a doubled consonant) to
// give its root.
const (
	partBegin  = 1
	partMiddle = 2
	partEnd    = 4
	partWhole  = 8
	linkS      = 16
	linkEn     = 32
	linkE      = linkS | linkEn
	linkMask   = linkE
)

// nlParts is OpenTaal's Dutch word list reduced to the forms that may
// stand in a compound and where (internal/gendutchlex makes it; source,
// version and licence in lexicon/README.md).
//
//go:embed lexicon/nl-parts.gz
var nlParts []byte

// dutchLexicon decodes nlParts once per process, when a Dutch page first
// has a word long enough to be a compound.
var dutchLexicon = sync.OnceValue(func() lexicon {
	lex, err := decodeLexicon(nlParts)
	if err != nil {
		// Only a broken build of handbook gets here (TestDecodeLexicon
		// reads the embedded file): split by the manual's words alone.
		return nil
	}
	return lex
})

// lexicon maps the hashes of forms to their flags.
type lexicon map[uint64]uint8

// get returns the flags of form w, 0 when the lexicon does not hold it.
func (l lexicon) get(w string) uint8 { return l[hashWord(w)] }

// hashWord is 64-bit FNV-1a, over a string or bytes.
func hashWord[S string | []byte](w S) uint64 {
	h := uint64(14695981039346656037)
	for i := 0; i < len(w); i++ {
		h ^= uint64(w[i])
		h *= 1099511628211
	}
	return h
}

// decodeLexicon reads gendutchlex's front-coded list: per form the
// length of the prefix shared with the one before, the rest (letters
// a-z), and its flags (a byte below 64).
func decodeLexicon(gz []byte) (lexicon, error) {
	zr, err := gzip.NewReader(bytes.NewReader(gz))
	if err != nil || len(gz) < 4 {
		return nil, io.ErrUnexpectedEOF
	}
	// gzip's trailer holds the decompressed size: read into one buffer.
	size := binary.LittleEndian.Uint32(gz[len(gz)-4:])
	if size > 16<<20 {
		return nil, io.ErrUnexpectedEOF
	}
	b := make([]byte, size)
	if _, err := io.ReadFull(zr, b); err != nil {
		return nil, err
	}
	// The map is keyed by the words' 64-bit hashes: it holds no
	// pointers, so the garbage collector never scans its 100,000
	// entries during a build, and decoding stores no strings. (Two
	// of a manual's words colliding with a lexicon form is a chance of
	// about one in 10^10.)
	lex := make(lexicon, 120000)
	var prev []byte
	for i := 0; i < len(b); {
		n := int(b[i])
		i++
		j := i
		for j < len(b) && b[j] >= 'a' {
			j++
		}
		if n > len(prev) || j == len(b) {
			return nil, io.ErrUnexpectedEOF
		}
		prev = append(prev[:n], b[i:j]...)
		lex[hashWord(prev)] = b[j]
		i = j + 1
	}
	return lex, nil
}

// compounds splits Dutch compound words into their parts
// ("wachtwoordbeleid" -> "wachtwoord", "beleid"): parts are forms the
// lexicon allows in their position (first, middle, last), linking
// elements included ("veiligheids", "pannen"), or words of the manual
// unknown to the lexicon, followed by a linking s, e or en. Splits are
// cached.
type compounds struct {
	lex   func(string) uint8
	vocab map[string]bool
	cache map[string][]string
}

func newCompounds(lex lexicon, vocab map[string]bool) *compounds {
	return &compounds{lex: lex.get, vocab: vocab, cache: map[string][]string{}}
}

// linkers are the Dutch linking morphemes ("tussenklanken") that may
// follow a part taken from the manual's words.
var linkers = []string{"s", "e", "en"}

// split returns the parts of w, or nil when w is not a compound. Of all
// splits it prefers the one with the fewest parts, then the one with
// fewer parts from the manual's words, then the longest last part. A
// part that is a lexicon form with a linking s is returned without it
// ("veiligheids" -> "veiligheid"); the stemmer reduces the others
// ("pannen" -> "pan").
func (c *compounds) split(w string) []string {
	if parts, ok := c.cache[w]; ok {
		return parts
	}
	if len(w) > maxWord || c.lex(w)&partWhole != 0 {
		c.cache[w] = nil
		return nil
	}
	var memo [maxWord*2 + 1]*splitting
	s := c.best(w, 0, &memo)
	var parts []string
	if s != nil && len(s.parts) >= 2 {
		parts = s.parts
	}
	c.cache[w] = parts
	return parts
}

// splitting is one way to split the rest of a word.
type splitting struct {
	parts []string
	site  int // parts taken from the manual's words
}

func (s *splitting) better(o *splitting) bool {
	if o == nil {
		return true
	}
	if len(s.parts) != len(o.parts) {
		return len(s.parts) < len(o.parts)
	}
	if s.site != o.site {
		return s.site < o.site
	}
	return len(s.parts[len(s.parts)-1]) > len(o.parts[len(o.parts)-1])
}

// noSplit marks a memo entry for a rest that cannot be split.
var noSplit = &splitting{}

// best splits w[from:] into parts; nil if it cannot.
func (c *compounds) best(w string, from int, memo *[maxWord*2 + 1]*splitting) *splitting {
	if m := memo[from]; m != nil {
		if m == noSplit {
			return nil
		}
		return m
	}
	var best *splitting
	consider := func(head string, site bool, next int) {
		var s *splitting
		if next == len(w) {
			s = &splitting{}
		} else if s = c.best(w, next, memo); s == nil {
			return
		}
		cand := &splitting{parts: append([]string{head}, s.parts...), site: s.site}
		if site {
			cand.site++
		}
		if cand.better(best) {
			best = cand
		}
	}
	for end := from + minLexPart; end <= len(w); end++ {
		if from == 0 && end == len(w) {
			break // the word itself is no split
		}
		seg := w[from:end]
		pos := uint8(partMiddle)
		switch {
		case from == 0:
			pos = partBegin
		case end == len(w):
			pos = partEnd
		}
		if f := c.lex(seg); f&pos != 0 {
			part := seg
			if pos != partEnd {
				part = dropLinking(seg, f&linkMask)
			}
			consider(part, false, end)
		}
		if len(seg) >= minSitePart && c.vocab[seg] && c.lex(seg) == 0 {
			consider(seg, true, end)
			for _, l := range linkers {
				if end+len(l) < len(w) && w[end:end+len(l)] == l {
					consider(seg, true, end+len(l))
				}
			}
		}
	}
	if best == nil {
		memo[from] = noSplit
	} else {
		memo[from] = best
	}
	return best
}

// dropLinking returns the root of a form ending in a linking element:
// "veiligheids" -> "veiligheid", "pannen" -> "pan", "zonne" -> "zon".
func dropLinking(form string, link uint8) string {
	var cut string
	switch link {
	case linkS:
		cut = "s"
	case linkEn:
		cut = "en"
	case linkE:
		cut = "e"
	default:
		return form
	}
	r := form[:len(form)-len(cut)]
	if n := len(r); n >= 2 && r[n-1] == r[n-2] && !strings.ContainsRune("aeiou", rune(r[n-1])) {
		r = r[:n-1]
	}
	return r
}

// SplitDutch splits word against a lexicon in the embedded one's format
// alone, for internal/gendutchlex, which marks the dictionary's words
// that only its weaker parts would split as whole.
func SplitDutch(lex map[string]uint8, word string) []string {
	c := &compounds{lex: func(w string) uint8 { return lex[w] }, cache: map[string][]string{}}
	return c.split(word)
}
