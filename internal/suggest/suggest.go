// Package suggest finds the word a writer most likely meant: the known
// front-matter key for "reviwed", the command for "biuld", the flag for
// "--strcit". One rule serves every did-you-mean of handbook, so the
// messages agree on what counts as close.
package suggest

import (
	"strings"

	edlib "github.com/hbollon/go-edlib"
)

// Normal folds the spellings that name the same key: case, and "-" or
// "." written for "_" (review-interval, Review_Interval).
func Normal(s string) string {
	return strings.NewReplacer("-", "_", ".", "_").Replace(strings.ToLower(s))
}

// MaxDistance is how many edits a word of n runes may be from the word
// meant: none for one or two runes (any letter is one edit from any
// other), one for short words (a longer allowance would map "tag" to
// "kind"), two from six runes on, three from twelve. An edit is an
// insertion, deletion, substitution, or two neighbours swapped
// ("onwer"), as people mistype.
func MaxDistance(n int) int {
	switch {
	case n >= 12:
		return 3
	case n >= 6:
		return 2
	case n >= 3:
		return 1
	default:
		return 0
	}
}

// Closest returns the candidate the word most likely misspells and
// whether there is one: the nearest in edits after Normal, within
// MaxDistance of the shorter of the two, ties going to the earlier
// candidate (list the common ones first). A word equal to a candidate
// after Normal is that candidate.
func Closest(word string, candidates []string) (string, bool) {
	w := []rune(Normal(word))
	best, bestDist := "", -1
	for _, c := range candidates {
		n := []rune(Normal(c))
		d := edlib.OSADamerauLevenshteinDistance(string(w), string(n))
		if d > MaxDistance(min(len(w), len(n))) {
			continue
		}
		if bestDist < 0 || d < bestDist {
			best, bestDist = c, d
		}
	}
	return best, bestDist >= 0
}
