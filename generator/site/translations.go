package site

import (
	"path"
	"slices"
	"strings"

	"github.com/handbook-dev/handbook/generator/diag"
)

// LanguageOf returns the language of the page file rel whose front matter
// says lang, in a manual of languages (the default first): the file's
// suffix when it names one of them (guest-access.nl.md), else lang when it
// is one of them (or a region of one, nl-BE), else the default. key is
// the file's path without the suffix, which joins a page to its
// translations unless translation_key does.
func LanguageOf(languages []string, rel, lang string) (language, key string) {
	if len(languages) == 0 {
		return "", rel
	}
	dir, base := path.Split(rel)
	ext := path.Ext(base)
	name := strings.TrimSuffix(base, ext)
	if i := strings.LastIndexByte(name, '.'); i > 0 {
		if suffix := strings.ToLower(name[i+1:]); slices.Contains(languages, suffix) {
			return suffix, dir + name[:i] + ext
		}
	}
	l := strings.ToLower(lang)
	if i := strings.IndexAny(l, "-_"); i > 0 {
		l = l[:i]
	}
	if slices.Contains(languages, l) {
		return l, rel
	}
	return languages[0], rel
}

// translations sets each page's language and translation key, and indexes
// the pages by key: a page and its translations share one. Two pages of
// one language with one key are an error at the second, since a reader
// switching language could reach only one of them.
func (s *Site) translations() diag.List {
	var diags diag.List
	langs := s.Config.Languages
	if len(langs) == 0 {
		return nil
	}
	s.byTranslationKey = map[string][]*Page{}
	for _, p := range s.Pages {
		if p.File.Rel == "" {
			continue // a generated section page: its folder's, in every language
		}
		var key string
		p.Language, key = LanguageOf(langs, p.File.Rel, p.Lang)
		if p.TranslationKey != "" {
			key = "key:" + p.TranslationKey
		}
		p.translationKey = key
		for _, q := range s.byTranslationKey[key] {
			if q.Language == p.Language {
				line := p.Lines["translation_key"]
				if line == 0 {
					line = 1
				}
				diags.Errorf(p.Path(), line, 1, "a second %s page for %s (also %s); a page has one translation per language: give this page its own translation_key, or merge the two", p.Language, describeKey(key), q.Path())
			}
		}
		s.byTranslationKey[key] = append(s.byTranslationKey[key], p)
		if p.TranslatedFrom != "" && p.Language == langs[0] {
			diags.Warnf(p.Path(), p.Lines["translated_from"], 1, "translated_from: the page is in the default language (%s), which translations are made from; it belongs on a translation", langs[0])
		}
	}
	return diags
}

func describeKey(key string) string {
	if k, ok := strings.CutPrefix(key, "key:"); ok {
		return "translation_key " + k
	}
	return key
}

// Translations returns the pages that translate p (p's own included), in
// the order of the manual's languages; nil in a manual of one language.
func (s *Site) Translations(p *Page) []*Page {
	list := s.byTranslationKey[p.translationKey]
	out := make([]*Page, 0, len(list))
	for _, l := range s.Config.Languages {
		for _, q := range list {
			if q.Language == l {
				out = append(out, s.Current(q))
			}
		}
	}
	return out
}

// TranslationSource returns the page in the default language that p
// translates, or nil when p is in the default language or translates no
// page of it.
func (s *Site) TranslationSource(p *Page) *Page {
	if len(s.Config.Languages) == 0 || p.Language == s.Config.Languages[0] {
		return nil
	}
	for _, q := range s.byTranslationKey[p.translationKey] {
		if q.Language == s.Config.Languages[0] {
			return s.Current(q)
		}
	}
	return nil
}
