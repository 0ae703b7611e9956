package main

import "strings"

// onsets are the consonant clusters a Dutch syllable may begin with,
// in its spelling: the single consonants, the digraphs ("ch", "sch")
// and the clusters of a plosive or fricative with a liquid or glide
// ("bl", "kw", "zw"), s with a consonant ("sp", "st", "sm") and s with
// both ("spr", "str", "schr").
var onsets = map[string]bool{}

func init() {
	for _, c := range strings.Fields(`b c d f g h j k l m n p q r s t v w x z
		ch sch schr th ph sj tj
		bl br dr dw fl fr gl gr kl kn kr kw pl pr sl sm sn sp st sk sw tr tw vl vr wr zw
		spr str spl skr`) {
		onsets[c] = true
	}
}

// vowel reports whether the letter at w[i] is a vowel; the j of the
// digraph ij is one.
func vowel(w string, i int) bool {
	switch w[i] {
	case 'a', 'e', 'i', 'o', 'u', 'y':
		return true
	case 'j':
		return i > 0 && w[i-1] == 'i'
	}
	return false
}

// syllableStart reports whether a syllable of w begins at i by the
// maximal-onset rule: w[i] is a consonant after a vowel, and the
// consonants from w[i] to the next vowel are the longest legal onset of
// the consonants between the two vowels. "be-stand" begins a syllable
// at the s ("st" is an onset), "kan-toor" at the t ("nt" is none).
func syllableStart(w string, i int) bool {
	if i <= 0 || i >= len(w) || vowel(w, i) {
		return false
	}
	a := i
	for a > 0 && !vowel(w, a-1) {
		a--
	}
	b := i
	for b < len(w) && !vowel(w, b) {
		b++
	}
	if a == 0 || b == len(w) {
		return false // no vowel before or after
	}
	for k := a; k < b; k++ {
		if onsets[w[k:b]] {
			return k == i
		}
	}
	return false
}

// syllableSplit reports whether every boundary between parts, the
// split of w, begins a syllable with a consonant ("thee-pot",
// "deur-bel"), so that w reads as the parts side by side rather than
// as one word with a part's letters across its syllables ("bes-tand"
// for be-stand, "kant-oor" for kan-toor).
func syllableSplit(w string, parts []string) bool {
	pos := 0
	for n, p := range parts {
		i := strings.Index(w[pos:], p)
		if i < 0 {
			return false
		}
		i += pos
		if n > 0 && !syllableStart(w, i) {
			return false
		}
		pos = i + len(p)
	}
	return true
}
