package search

import (
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// Token is one word of a text: lower case, accents removed, and its
// position counted in words from the start of the text.
type Token struct {
	Word string
	Pos  int
}

// maxWord bounds an indexed word: longer runs (hashes, base64 blobs)
// are not words a reader types.
const maxWord = 40

// CountWords returns the number of words Tokenize finds in text.
func CountWords(text string) int {
	n := 0
	Tokenize(text, func([]byte, int) { n++ })
	return n
}

// WordCounter names CountWords's behaviour, for the keys of cached
// conversions that carry its counts (markdown.WithWordCounter).
const WordCounter = "search.CountWords v1"

// Tokenize splits text into words: runs of letters and digits, lower
// cased, with diacritics removed ("één" -> "een") so that readers need not
// type accents. Every other character separates words, so "sp-hr-hub"
// and a URL become their parts, exactly as the browser splits a query
// (assets/search.js mirrors this function). word is valid only during
// the call: Tokenize reuses its buffer, so that a build allocates nothing
// per word.
func Tokenize(text string, fn func(word []byte, pos int)) {
	var buf [maxWord * 2]byte
	w := buf[:0]
	pos, long := 0, false
	flush := func() {
		if len(w) > 0 && !long {
			fn(w, pos)
			pos++
		}
		w, long = buf[:0], false
	}
	for i := 0; i < len(text); {
		c := text[i]
		if c < utf8.RuneSelf {
			i++
			switch {
			case c >= 'a' && c <= 'z', c >= '0' && c <= '9':
				w = appendByte(w, c, &long)
			case c >= 'A' && c <= 'Z':
				w = appendByte(w, c+'a'-'A', &long)
			default:
				flush()
			}
			continue
		}
		r, n := utf8.DecodeRuneInString(text[i:])
		i += n
		if !unicode.IsLetter(r) && !unicode.IsDigit(r) && !unicode.Is(unicode.M, r) {
			flush()
			continue
		}
		for _, f := range fold(r) {
			if len(w)+utf8.RuneLen(f) > maxWord {
				long = true
				continue
			}
			w = utf8.AppendRune(w, f)
		}
	}
	flush()
}

func appendByte(w []byte, c byte, long *bool) []byte {
	if len(w) >= maxWord {
		*long = true
		return w
	}
	return append(w, c)
}

// fold lower-cases r and drops its marks (NFD decomposition): accents,
// and the spacing vowel signs of Indic scripts too, which a letter can
// decompose into (U+1B0A is U+1B09 U+1B35), so that a token is letters
// and digits only. The browser folds typed words the same way.
func fold(r rune) []rune {
	r = unicode.ToLower(r)
	if unicode.Is(unicode.M, r) {
		return nil
	}
	var out []rune
	for _, d := range norm.NFD.String(string(r)) {
		if !unicode.Is(unicode.M, d) {
			out = append(out, d)
		}
	}
	return out
}

// Words returns the tokens of text as a slice.
func Words(text string) []string {
	var out []string
	Tokenize(text, func(w []byte, _ int) { out = append(out, string(w)) })
	return out
}
