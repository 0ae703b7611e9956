package render

import (
	"crypto/sha256"
	"io/fs"
	"path"
	"sort"
	"strings"

	"github.com/handbook-dev/handbook/generator/diag"
	"github.com/handbook-dev/handbook/generator/internal/yamlx"
)

// Translator looks up UI strings in the site's language, falling back to
// English, with the site's own overrides on top. It also holds the
// tables of the other languages that ship one, for the pages written in
// them (front matter lang): their own parts (metadata, table of
// contents, pager, history) speak the page's language, while the site
// around them speaks the site's.
type Translator struct {
	strings map[string]string
	// lang is the table's language; others are the other languages'
	// translators (without the site's overrides, which are written in
	// the site's language), by language code.
	lang   string
	others map[string]*Translator
	// fingerprint hashes the strings, for keys of rendered pages.
	fingerprint [32]byte
}

// NewTranslator loads the tables for lang from the templates layers (the
// project's templates/i18n/ first) and applies overrides from handbook.yaml.
// An override of a key no table knows is an error: it is surely a typo.
// The other languages with a table in the layers are loaded for pages
// in them.
func NewTranslator(layers []fs.FS, lang string, overrides map[string]string) (*Translator, diag.List) {
	t, diags := newTranslator(layers, lang, overrides)
	h := sha256.New()
	h.Write(t.fingerprint[:])
	for _, l := range tableLanguages(layers) {
		if l == lang {
			continue
		}
		other, d := newTranslator(layers, l, nil)
		diags = append(diags, d...)
		if t.others == nil {
			t.others = map[string]*Translator{}
		}
		t.others[l] = other
		h.Write([]byte(l))
		h.Write(other.fingerprint[:])
	}
	h.Sum(t.fingerprint[:0])
	return t, diags.Dedupe()
}

// tableLanguages lists the languages of i18n/*.yaml in the layers, sorted.
func tableLanguages(layers []fs.FS) []string {
	seen := map[string]bool{}
	for _, layer := range layers {
		if layer == nil {
			continue
		}
		names, _ := fs.Glob(layer, "i18n/*.yaml")
		for _, n := range names {
			seen[strings.TrimSuffix(path.Base(n), ".yaml")] = true
		}
	}
	langs := make([]string, 0, len(seen))
	for l := range seen {
		langs = append(langs, l)
	}
	sort.Strings(langs)
	return langs
}

// For returns the translator of a page's language (a code such as nl or
// nl-BE): the site's own when it is the site's language or has no table.
func (t *Translator) For(lang string) *Translator {
	lang = strings.ToLower(lang)
	if i := strings.IndexAny(lang, "-_"); i >= 0 {
		lang = lang[:i]
	}
	if other, ok := t.others[lang]; ok {
		return other
	}
	return t
}

// In returns the string for key in the page language lang (see For);
// templates call it as {{tl $.Lang "key"}} in a page's own parts.
func (t *Translator) In(lang, key string) string { return t.For(lang).T(key) }

func newTranslator(layers []fs.FS, lang string, overrides map[string]string) (*Translator, diag.List) {
	var diags diag.List
	// load merges a language's tables key by key, the built-in table
	// (the last layer) first: a project's own i18n/nl.yaml overrides the
	// labels it names and keeps the built-in Dutch of the others.
	load := func(l string) map[string]string {
		var m map[string]string
		for i := len(layers) - 1; i >= 0; i-- {
			if layers[i] == nil {
				continue
			}
			name := "i18n/" + l + ".yaml"
			src, err := fs.ReadFile(layers[i], name)
			if err != nil {
				continue
			}
			entries, err := yamlx.Mapping(src)
			if err != nil {
				if ye, ok := err.(*yamlx.Error); ok {
					diags.Errorf("templates/"+name, ye.Line, ye.Col, "%s", ye.Msg)
				}
				continue
			}
			if m == nil {
				m = make(map[string]string, len(entries))
			}
			for _, e := range entries {
				s, err := e.String()
				if err != nil {
					diags.Errorf("templates/"+name, e.Line, e.Col, "%v", err)
					continue
				}
				m[e.Key] = s
			}
		}
		return m
	}
	t := &Translator{strings: load("en"), lang: lang}
	if t.strings == nil {
		t.strings = map[string]string{}
	}
	if lang != "en" {
		for k, v := range load(lang) {
			t.strings[k] = v
		}
	}
	var unknown []string
	for k, v := range overrides {
		if _, ok := t.strings[k]; !ok {
			unknown = append(unknown, k)
			continue
		}
		t.strings[k] = v
	}
	if len(unknown) > 0 {
		sort.Strings(unknown)
		diags.Errorf("handbook.yaml", 0, 0, "strings: unknown UI string key(s) %s; see templates/i18n/en.yaml for the keys", strings.Join(unknown, ", "))
	}
	keys := make([]string, 0, len(t.strings))
	for k := range t.strings {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	h := sha256.New()
	for _, k := range keys {
		h.Write([]byte(k + "\x00" + t.strings[k] + "\x00"))
	}
	h.Sum(t.fingerprint[:0])
	return t, diags
}

// T returns the string for key, or the key itself so a missing string is
// visible rather than blank.
func (t *Translator) T(key string) string {
	if s, ok := t.strings[key]; ok {
		return s
	}
	return key
}

// AlertTitles returns the titles of the GitHub alert kinds.
func (t *Translator) AlertTitles() map[string]string {
	m := map[string]string{}
	for _, k := range []string{"note", "tip", "important", "warning", "caution"} {
		m[k] = t.T("alert_" + k)
	}
	return m
}

// Kind returns the label of an item kind ("SharePoint site" for
// sharepoint-site) from the kind_<kind> strings; a kind the project
// declared without a label shows as written.
func (t *Translator) Kind(kind string) string {
	if s, ok := t.strings["kind_"+kind]; ok {
		return s
	}
	return kind
}
