package site

import (
	"fmt"
	"path"
	"slices"
	"strings"

	"github.com/handbook-dev/handbook/generator/diag"
	"github.com/handbook-dev/handbook/generator/history"
	"github.com/handbook-dev/handbook/generator/source"
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

// Elsewhere is a page of another language of the manual: it is
// published in that language's site, and this site links to it from its
// translations and from links to a page it has no translation of.
type Elsewhere struct {
	// Rel is the page's content-relative source and Path its path in
	// messages, Language its language, URL its address below that
	// language's site root; Title and Owner are its front matter's.
	Rel, Path, Language, URL string
	Title, Owner             string
	// Required, on a page of the default language, names the cascade
	// that requires its translation (content/teams/_index.md:4), else "".
	Required       string
	translationKey string
}

// requirements returns, for a folder, where the nearest folder at or
// above it with a translations: cascade (on its own page, own) requires
// translations ("" when none does, or the nearest says optional).
func requirements(own map[string]source.File, docs map[string]*source.Document) func(dir string) string {
	return func(dir string) string {
		for d := dir; ; d = parentDir(d) {
			if o, ok := own[d]; ok {
				if doc := docs[o.Rel]; doc != nil && doc.Cascade.Translations != "" {
					if doc.Cascade.Translations == "required" {
						return fmt.Sprintf("%s:%d", o.Path, doc.Cascade.Line)
					}
					return ""
				}
			}
			if d == "" {
				return ""
			}
		}
	}
}

// Untranslated returns the pages of the default language whose folder
// requires translations and that have none in this site's language; nil
// in the default language's site.
func (s *Site) Untranslated() []*Elsewhere {
	if len(s.Config.Languages) == 0 || s.Language == s.Config.Languages[0] {
		return nil
	}
	var out []*Elsewhere
	for _, e := range s.elsewhere {
		if e.Required != "" && len(s.byTranslationKey[e.translationKey]) == 0 {
			out = append(out, e)
		}
	}
	return out
}

// Translation is a page in one of the manual's languages, as a page
// links to it: Href is relative to the page; Current marks the page
// itself.
type Translation struct {
	Language, Href string
	Current        bool
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
			continue // a generated section page: its folder's
		}
		pl := s.pageLanguages[p.File.Rel]
		p.Language, p.translationKey = pl.Language, pl.Key
		key := pl.Key
		for _, q := range s.byTranslationKey[key] {
			line := p.Lines["translation_key"]
			if line == 0 {
				line = 1
			}
			diags.Errorf(p.Path(), line, 1, "a second %s page for %s (also %s); a page has one translation per language: give this page its own translation_key, or merge the two", p.Language, describeKey(key), q.Path())
		}
		s.byTranslationKey[key] = append(s.byTranslationKey[key], p)
		if p.TranslatedFrom != "" && p.Language == langs[0] {
			diags.Warnf(p.Path(), p.Lines["translated_from"], 1, "translated_from: the page is in the default language (%s), which translations are made from; it belongs on a translation", langs[0])
		}
	}
	s.elsewhereByKey, s.elsewhereByRel = map[string][]*Elsewhere{}, map[string]*Elsewhere{}
	for _, e := range s.elsewhere {
		s.elsewhereByKey[e.translationKey] = append(s.elsewhereByKey[e.translationKey], e)
		s.elsewhereByRel[e.Rel] = e
	}
	return diags
}

// TranslationState is where a translation stands against its source in
// the default language, read from the history in the load stage.
type TranslationState struct {
	// Source is the source page's content-relative path.
	Source string
	// Behind are the source's commits since Base, the translation's own
	// last commit or the one its translated_from names, newest first;
	// Err says that translated_from names no commit of the history.
	Behind []*history.Commit
	Base   *history.Commit
	Err    error
	// Old and Current are the source file at Base and now, for the word
	// diff of a translation behind (nil when it could not be read).
	Old, Current []byte
}

// TranslationState returns where the page p, a translation, stands
// against its source; nil for a page of the default language, one
// translating none, or outside Git.
func (s *Site) TranslationState(p *Page) *TranslationState { return s.translationStates[p.File.Rel] }

// TranslationDiffURL is the address of the word diff of the changes to
// p's source since p was translated: with the audit, whose finding links
// it (no rule is called translations).
func (s *Site) TranslationDiffURL(p *Page) string { return s.Paths.Audit + "translations/" + p.URL }

// PageLanguage is a page file's language and the key joining it to its
// translations (TranslationKeys).
type PageLanguage struct {
	Language, Key string
}

// TranslationKeys returns the language and translation key of every page
// file of a manual of languages: a page's translation_key when it has
// one, else the one a page of its path without the language suffix has
// (guest-access.fr.md joins guest-access.md's), else that path. The load
// stage reads translations' histories by them, and the model joins pages.
func TranslationKeys(languages []string, tree *source.Tree, docs map[string]*source.Document) map[string]PageLanguage {
	if len(languages) == 0 {
		return nil
	}
	out := map[string]PageLanguage{}
	byPath := map[string]string{}
	for _, f := range tree.Files {
		doc := docs[f.Rel]
		if doc == nil || !f.IsMarkdown() {
			continue
		}
		l, key := LanguageOf(languages, f.Rel, doc.Lang)
		out[f.Rel] = PageLanguage{l, key}
		if doc.TranslationKey != "" {
			byPath[key] = "key:" + doc.TranslationKey
		}
	}
	for rel, pl := range out {
		if doc := docs[rel]; doc.TranslationKey != "" {
			pl.Key = "key:" + doc.TranslationKey
		} else if k, ok := byPath[pl.Key]; ok {
			pl.Key = k
		}
		out[rel] = pl
	}
	return out
}

func describeKey(key string) string {
	if k, ok := strings.CutPrefix(key, "key:"); ok {
		return "translation_key " + k
	}
	return key
}

// Translations returns p in each of the manual's languages it exists in,
// in their order, p itself marked current; nil in a manual of one
// language. A generated section page stands for its folder: its
// translations are the folder's in the other languages.
func (s *Site) Translations(p *Page) []Translation {
	if len(s.Config.Languages) == 0 {
		return nil
	}
	var out []Translation
	for _, l := range s.Config.Languages {
		if l == s.Language {
			out = append(out, Translation{Language: l, Href: "./", Current: true})
			continue
		}
		if e := s.translationIn(p, l); e != nil {
			out = append(out, Translation{Language: l, Href: fromRoot(p, s.languageRoots[l]+e.URL)})
		}
	}
	return out
}

// translationIn returns the page of language l that translates p, nil
// when there is none.
func (s *Site) translationIn(p *Page, l string) *Elsewhere {
	if p.File.Rel == "" && p.Section != nil {
		// A folder's generated page: the folder's own page there.
		for _, e := range s.elsewhere {
			if e.Language == l && e.URL == p.URL {
				return e
			}
		}
		return nil
	}
	for _, e := range s.elsewhereByKey[p.translationKey] {
		if e.Language == l {
			return e
		}
	}
	return nil
}

// LanguageHome returns the link from p to the home page of language l.
func (s *Site) LanguageHome(p *Page, l string) string {
	if l == s.Language {
		return RelURL(p, "")
	}
	return fromRoot(p, s.languageRoots[l])
}

// fromRoot returns the link from p to path, relative to p's site root.
func fromRoot(p *Page, path string) string {
	root := RelURL(p, "")
	if root == "./" && path != "" {
		return path
	}
	return root + path
}

// TranslationSource returns the page in the default language that p
// translates (its source file), or nil when p is in the default
// language or translates no page of it.
func (s *Site) TranslationSource(p *Page) *Elsewhere {
	if len(s.Config.Languages) == 0 || p.Language == s.Config.Languages[0] {
		return nil
	}
	return s.translationIn(p, s.Config.Languages[0])
}

// ElsewhereBySource returns the page of another language built from the
// content-relative source rel, nil when rel is none.
func (s *Site) ElsewhereBySource(rel string) *Elsewhere { return s.elsewhereByRel[rel] }

// linkElsewhere resolves a link from page from to rel, a page of
// another language: to this language's translation of it when rel is in
// the default language (a translation keeps its source's links), else
// to the page in its own language's site. ok is false when rel is no
// page of another language.
func (s *Site) linkElsewhere(from *Page, rel, suffix, frag string) (Link, bool) {
	e := s.elsewhereByRel[rel]
	if e == nil {
		return Link{}, false
	}
	if e.Language == s.Config.Languages[0] {
		if local := s.byTranslationKey[e.translationKey]; len(local) > 0 {
			p := s.Current(local[0])
			return Link{Href: RelURL(from, p.URL) + suffix, Page: p, Fragment: frag}, true
		}
	}
	return Link{Href: fromRoot(from, s.languageRoots[e.Language]+e.URL) + suffix}, true
}
