// Package privacy reduces the personal data handbook publishes in its
// inventories, audits and their exports, as handbook.yaml's privacy:
// setting asks: people as given, as display names only (no e-mail
// addresses), or as stable pseudonyms. It works on what is published;
// pulled snapshots keep the full data.
package privacy

import (
	"bytes"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base32"
	"io"
	"regexp"
	"sort"
	"strings"
	"unicode"

	"github.com/handbook-dev/handbook/generator/config"
)

// emailRE finds e-mail addresses in published text.
var emailRE = regexp.MustCompile(`[A-Za-z0-9._%+\-']+@[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)*\.[A-Za-z]{2,}`)

// Reducer rewrites people in published text. The zero value (and nil)
// leaves everything as given.
type Reducer struct {
	mode string
	key  []byte
	// names maps lower-case e-mail addresses to display names, from the
	// snapshots of the platforms.
	names map[string]string
	// byName replaces known display names by pseudonyms.
	byName *strings.Replacer
}

// New returns a Reducer for a privacy mode (config.Privacy*). names maps
// e-mail addresses to the display names the platforms know; key makes
// pseudonyms unguessable (without it, anyone who guesses an address can
// compute its pseudonym).
func New(mode string, names map[string]string, key []byte) *Reducer {
	if mode == "" || mode == config.PrivacyAsGiven {
		return nil
	}
	r := &Reducer{mode: mode, key: key, names: map[string]string{}}
	for mail, name := range names {
		r.names[strings.ToLower(mail)] = name
	}
	if mode == config.PrivacyPseudonyms {
		var pairs []string
		for mail, name := range r.names {
			if strings.TrimSpace(name) != "" {
				pairs = append(pairs, name, r.pseudonym(mail))
			}
		}
		// Longer names first, so "Jan de Vries" goes before "Jan".
		sort.Sort(byLength(pairs))
		r.byName = strings.NewReplacer(pairs...)
	}
	return r
}

// byLength sorts old/new pairs by the length of old, longest first.
type byLength []string

func (p byLength) Len() int { return len(p) / 2 }
func (p byLength) Less(i, j int) bool {
	return len(p[2*i]) > len(p[2*j]) || len(p[2*i]) == len(p[2*j]) && p[2*i] < p[2*j]
}
func (p byLength) Swap(i, j int) {
	p[2*i], p[2*j] = p[2*j], p[2*i]
	p[2*i+1], p[2*j+1] = p[2*j+1], p[2*i+1]
}

// Person reduces one owner or member as written in the inventory: an
// e-mail address becomes a display name or a pseudonym; a group or team
// name (no '@') is kept.
func (r *Reducer) Person(s string) string {
	if r == nil || !strings.Contains(s, "@") {
		return s
	}
	return string(r.Text([]byte(s)))
}

// Text reduces every e-mail address in published text (HTML, CSV, JSON)
// and, for pseudonyms, every display name the platforms reported.
func (r *Reducer) Text(data []byte) []byte {
	if r == nil {
		return data
	}
	out := emailRE.ReplaceAllFunc(data, func(mail []byte) []byte {
		if r.mode == config.PrivacyPseudonyms {
			return []byte(r.pseudonym(string(mail)))
		}
		return []byte(r.displayName(string(mail)))
	})
	if r.byName != nil && bytes.ContainsAny(out, "ABCDEFGHIJKLMNOPQRSTUVWXYZ") {
		out = []byte(r.byName.Replace(string(out)))
	}
	return out
}

// displayName is the platform's name for an address, else one made from
// its local part: l.dekker@… → "L. Dekker", jan.de.vries@… → "Jan De Vries".
func (r *Reducer) displayName(mail string) string {
	if name := r.names[strings.ToLower(mail)]; name != "" {
		return name
	}
	local := mail[:strings.IndexByte(mail, '@')]
	words := strings.FieldsFunc(local, func(c rune) bool { return c == '.' || c == '_' || c == '-' || c == '+' })
	for i, w := range words {
		rs := []rune(w)
		rs[0] = unicode.ToUpper(rs[0])
		words[i] = string(rs)
		if len(rs) == 1 {
			words[i] += "."
		}
	}
	return strings.Join(words, " ")
}

// pseudonym is stable for an address across builds and sites with the
// same key: "person-" and eight letters of its keyed hash.
func (r *Reducer) pseudonym(mail string) string {
	m := hmac.New(sha256.New, r.key)
	m.Write([]byte(strings.ToLower(mail)))
	sum := base32.StdEncoding.EncodeToString(m.Sum(nil))
	return "person-" + strings.ToLower(sum[:8])
}

// Scope reports whether the output path rel is published data about
// people that the setting covers: the inventory (item pages, table,
// hierarchy, change log, exports) and the audit (dashboard, rule and
// owner pages, exports), in the folders inventory and audit (the site's
// site.Paths, which move when content takes inventory/ or audit/).
// Manual pages keep their text as written.
func Scope(rel, inventory, audit string) bool {
	return strings.HasPrefix(rel, inventory) || strings.HasPrefix(rel, audit)
}

// Lines returns a writer that passes what is written to w through Text a
// line at a time, for exports written in pieces: an address or a name
// never spans lines, so each complete line reduces as the whole text
// would. Flush writes the last line when it has no newline.
func (r *Reducer) Lines(w io.Writer) *LineWriter { return &LineWriter{r: r, w: w} }

// LineWriter is the writer Lines returns.
type LineWriter struct {
	r       *Reducer
	w       io.Writer
	pending []byte
}

func (l *LineWriter) Write(b []byte) (int, error) {
	l.pending = append(l.pending, b...)
	end := bytes.LastIndexByte(l.pending, '\n')
	if end < 0 {
		return len(b), nil
	}
	if _, err := l.w.Write(l.r.Text(l.pending[:end+1])); err != nil {
		return 0, err
	}
	l.pending = append(l.pending[:0], l.pending[end+1:]...)
	return len(b), nil
}

// Flush writes what is left after the last newline.
func (l *LineWriter) Flush() error {
	if len(l.pending) == 0 {
		return nil
	}
	_, err := l.w.Write(l.r.Text(l.pending))
	l.pending = l.pending[:0]
	return err
}
