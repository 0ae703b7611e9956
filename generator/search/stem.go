package search

import (
	"strings"

	snowball "github.com/blevesearch/snowballstem"
	"github.com/blevesearch/snowballstem/dutch"
	"github.com/blevesearch/snowballstem/english"
	"github.com/blevesearch/snowballstem/french"
	"github.com/blevesearch/snowballstem/german"
)

// Stem returns the Snowball stem of a folded word for a page language:
// English (Porter2) for "en", Dutch for "nl", French for "fr", German for
// "de", the word itself for any other language. Words with digits are kept whole: "v2" or "2026" are
// names, not inflections. The stemmers are the Snowball project's own
// algorithms compiled to Go (blevesearch/snowballstem), not rules written
// here.
func Stem(lang, word string) string {
	if len(word) < 3 || strings.ContainsAny(word, "0123456789") {
		return word
	}
	stem, ok := stemmers[baseLang(lang)]
	if !ok {
		return word
	}
	env := snowball.NewEnv(word)
	stem(env)
	return env.Current()
}

// stemmers are the Snowball stemmers by language.
var stemmers = map[string]func(*snowball.Env) bool{"en": english.Stem, "nl": dutch.Stem, "fr": french.Stem, "de": german.Stem}

// baseLang reduces a language tag ("en-GB", "nl_BE") to its language.
func baseLang(lang string) string {
	lang = strings.ToLower(lang)
	if i := strings.IndexAny(lang, "-_"); i >= 0 {
		lang = lang[:i]
	}
	return lang
}

// stemmer memoises Stem for one goroutine: a manual repeats a few
// thousand words millions of times, and a map lookup is far cheaper than
// running the algorithm. Its cache ends up holding every word the
// goroutine met, which the index keeps as the inflected forms.
type stemmer struct {
	lang  string
	cache map[string]stemmed
	// stop are the words the index leaves out (Index.stop).
	stop map[string]bool
}

type stemmed struct{ word, stem string }

func newStemmer(lang string) *stemmer {
	return &stemmer{lang: lang, cache: map[string]stemmed{}, stop: stopWords}
}

// stem returns w as a string and its stem; looking up a known word
// allocates nothing.
func (s *stemmer) stem(w []byte) (word, stem string) {
	if e, ok := s.cache[string(w)]; ok {
		return e.word, e.stem
	}
	word = string(w)
	e := stemmed{word, Stem(s.lang, word)}
	s.cache[word] = e
	return e.word, e.stem
}
