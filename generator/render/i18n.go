package render

import (
	"crypto/sha256"
	"io/fs"
	"sort"
	"strings"

	"github.com/handbook-dev/handbook/generator/diag"
	"github.com/handbook-dev/handbook/generator/internal/yamlx"
)

// Translator looks up UI strings in the site's language, falling back to
// English, with the site's own overrides on top.
type Translator struct {
	strings map[string]string
	// fingerprint hashes the strings, for keys of rendered pages.
	fingerprint [32]byte
}

// NewTranslator loads the tables for lang from the templates layers (the
// project's templates/i18n/ first) and applies overrides from handbook.yaml.
// An override of a key no table knows is an error: it is surely a typo.
func NewTranslator(layers []fs.FS, lang string, overrides map[string]string) (*Translator, diag.List) {
	var diags diag.List
	load := func(l string) map[string]string {
		for _, layer := range layers {
			if layer == nil {
				continue
			}
			name := "i18n/" + l + ".yaml"
			src, err := fs.ReadFile(layer, name)
			if err != nil {
				continue
			}
			entries, err := yamlx.Mapping(src)
			if err != nil {
				if ye, ok := err.(*yamlx.Error); ok {
					diags.Errorf("templates/"+name, ye.Line, ye.Col, "%s", ye.Msg)
				}
				return nil
			}
			m := make(map[string]string, len(entries))
			for _, e := range entries {
				s, err := e.String()
				if err != nil {
					diags.Errorf("templates/"+name, e.Line, e.Col, "%v", err)
					continue
				}
				m[e.Key] = s
			}
			return m
		}
		return nil
	}
	t := &Translator{strings: load("en")}
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
