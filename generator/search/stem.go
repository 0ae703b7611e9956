package search

import (
	"strings"

	snowball "github.com/blevesearch/snowballstem"
	"github.com/blevesearch/snowballstem/dutch"
	"github.com/blevesearch/snowballstem/english"
)

// Stem returns the Snowball stem of a folded word for a page language:
// English (Porter2) for "en", Dutch for "nl", the word itself for any
// other language. Words with digits are kept whole: "v2" or "2026" are
// names, not inflections. The stemmers are the Snowball project's own
// algorithms compiled to Go (blevesearch/snowballstem), not rules written
// here.
func Stem(lang, word string) string {
	if len(word) < 3 || strings.ContainsAny(word, "0123456789") {
		return word
	}
	switch baseLang(lang) {
	case "en":
		env := snowball.NewEnv(word)
		english.Stem(env)
		return env.Current()
	case "nl":
		env := snowball.NewEnv(word)
		dutch.Stem(env)
		return env.Current()
	}
	return word
}

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
// running the algorithm.
type stemmer struct {
	lang  string
	cache map[string]string
}

func (s *stemmer) stem(word string) string {
	if st, ok := s.cache[word]; ok {
		return st
	}
	st := Stem(s.lang, word)
	s.cache[word] = st
	return st
}
