package config

import (
	"regexp"
	"strings"

	"github.com/handbook-dev/handbook/generator/internal/yamlx"
)

// The privacy settings: how published inventories, audits and their
// exports show people. Pulled snapshots always keep the full data.
const (
	// PrivacyAsGiven shows people as the inventory and snapshots name them.
	PrivacyAsGiven = "as-given"
	// PrivacyNames shows display names and never an e-mail address.
	PrivacyNames = "names"
	// PrivacyPseudonyms shows each person as a stable pseudonym.
	PrivacyPseudonyms = "pseudonyms"
)

// audienceRE is what an audience may be called: it names a folder.
var audienceRE = regexp.MustCompile(`^[a-z0-9][a-z0-9_-]*$`)

// ValidAudience reports whether name can be an audience (and a folder).
func ValidAudience(name string) bool { return audienceRE.MatchString(name) }

func audiences(e yamlx.Entry) ([]string, error) {
	list, err := e.Strings()
	if err != nil {
		return nil, err
	}
	seen := map[string]bool{}
	for i, a := range list {
		a = strings.ToLower(a)
		if !ValidAudience(a) {
			return nil, e.Errorf("audiences: %q is not an audience name; use lower-case letters, digits, '-' and '_', e.g. staff", list[i])
		}
		if seen[a] {
			return nil, e.Errorf("audiences: %q is listed twice", a)
		}
		seen[a] = true
		list[i] = a
	}
	return list, nil
}

// languages reads languages: a list of codes with a translation table,
// each once.
func languages(e yamlx.Entry) ([]string, error) {
	list, err := e.Strings()
	if err != nil {
		return nil, err
	}
	if len(list) == 0 {
		return nil, e.Errorf("languages: list the manual's languages, the default first, e.g. [en, nl]; or leave the key out for a manual in one language")
	}
	seen := map[string]bool{}
	for i, l := range list {
		l = strings.ToLower(strings.TrimSpace(l))
		if !known(l) {
			return nil, e.Errorf("languages: %q has no translation table; use %s", list[i], strings.Join(UILanguages, ", "))
		}
		if seen[l] {
			return nil, e.Errorf("languages: %s is listed twice", l)
		}
		seen[l] = true
		list[i] = l
	}
	return list, nil
}

func privacy(e yamlx.Entry) (string, error) {
	s, err := e.String()
	if err != nil {
		return "", err
	}
	switch s = strings.TrimSpace(s); s {
	case PrivacyAsGiven, PrivacyNames, PrivacyPseudonyms:
		return s, nil
	}
	return "", e.Errorf("privacy %q: use as-given, names (display names, no e-mail addresses) or pseudonyms", s)
}
