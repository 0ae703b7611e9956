package main

import (
	"os"
	"path/filepath"
	"testing"
)

// A few entries in OpenTaal's format: compound flags (Ca begin, Cb
// middle, Cc end), a linking-s suffix only in compounds (Ch), a plural
// that may begin one (Zb), a compound listed whole that attests an
// unflagged part ("bushalte"), a derivation ("bestelling") and a suffix
// look-alike ("lijk").
const testAff = `FLAG long
COMPOUNDBEGIN Ca
COMPOUNDMIDDLE Cb
COMPOUNDEND Cc
ONLYINCOMPOUND Cx
SFX Ch Y 1
SFX Ch 0 s/CaCbCxCp .
SFX Zb Y 2
SFX Zb 0 en/CaCbCp [^eo]
SFX Zb 0 ën/CaCbCp [eo]
SFX Ze Y 1
SFX Ze 0 nen/CaCbCp n
`

const testDic = `9
beleid/CcCh
veiligheid/CcCh
pan/Ze
koek/CcCaZb
bus/Zb
halte/Cc
bushalte/Cc
bestel/Ca
bestelling/ZbCcCh
telling/CcZb
lijk/CcZb
Amsterdam/Ca
bes/Ze
tand/Zb
bestand/Zb
inloggen/Vi
inlog/CaCb
gen/Zb
`

// TestReadDic reads the fixture above; bushalte, listed whole, splits
// (a short part beside a long one), bestand does not (two short ones).
func TestReadDic(t *testing.T) {
	dir := t.TempDir()
	aff, dic := filepath.Join(dir, "nl.aff"), filepath.Join(dir, "nl.dic")
	if err := os.WriteFile(aff, []byte(testAff), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(dic, []byte(testDic), 0o644); err != nil {
		t.Fatal(err)
	}
	a, err := readAffix(aff)
	if err != nil {
		t.Fatal(err)
	}
	words, err := readDic(dic, a)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		form string
		want uint8
	}{
		{"beleid", end},
		{"beleids", begin | middle | linkS}, // a linking form ends nothing
		{"veiligheids", begin | middle | linkS},
		{"pannen", begin | middle | linkEn},
		{"koek", begin | end},
		{"koeken", begin | middle | end | linkEn},
		{"bus", begin | middle}, // attested by bushalte
		{"halte", end},
		{"bestelling", end | whole}, // bestel + -ling
		{"bestellingen", begin | middle | end | whole | linkEn},
		{"lijk", 0},      // a suffix look-alike
		{"amsterdam", 0}, // a name
		// listed words that only short attested parts split
		{"bestand", whole},
		{"bushalte", end},
		{"bestanden", begin | middle | whole | linkEn},
		{"inloggen", whole}, // a verb
	}
	for _, tt := range tests {
		if got := words[tt.form]; got != tt.want {
			t.Errorf("%s: flags %06b, want %06b", tt.form, got, tt.want)
		}
	}
}

func TestReadAffixRefusesOtherFormats(t *testing.T) {
	p := filepath.Join(t.TempDir(), "en.aff")
	if err := os.WriteFile(p, []byte("SET UTF-8\nSFX A Y 1\nSFX A 0 s .\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := readAffix(p); err == nil {
		t.Error("an affix file without long flags and compound flags was read")
	}
}

// TestSyllableSplit checks the maximal-onset syllables a listed word's
// split must follow: its parts meet where a syllable begins, with a
// consonant.
func TestSyllableSplit(t *testing.T) {
	tests := []struct {
		word  string
		parts []string
		want  bool
	}{
		{"theepot", []string{"thee", "pot"}, true},                    // thee-pot
		{"deurbel", []string{"deur", "bel"}, true},                    // deur-bel
		{"zwembad", []string{"zwem", "bad"}, true},                    // zwem-bad
		{"dakgoot", []string{"dak", "goot"}, true},                    // "kg" is no onset
		{"handschoen", []string{"hand", "schoen"}, true},              // "sch" is one
		{"veiligheidsbeleid", []string{"veiligheid", "beleid"}, true}, // after the linking s
		{"bestand", []string{"bes", "tand"}, false},                   // be-stand: "st" is an onset
		{"kantoor", []string{"kant", "oor"}, false},                   // a vowel begins "oor"
		{"wachtrij", []string{"wacht", "rij"}, false},                 // wach-trij by the rule
		{"maanden", []string{"maan", "den"}, true},                    // whole as maand's plural instead
		{"pot", []string{"pot"}, true},                                // one part: no boundary
	}
	for _, tt := range tests {
		if got := syllableSplit(tt.word, tt.parts); got != tt.want {
			t.Errorf("syllableSplit(%q, %q) = %v, want %v", tt.word, tt.parts, got, tt.want)
		}
	}
	for _, tt := range []struct {
		word string
		at   int
		want bool
	}{
		{"bestand", 2, true}, {"bestand", 3, false}, {"kantoor", 3, true}, {"kantoor", 2, false},
		{"pot", 0, false}, {"thee", 3, false}, {"bijbel", 3, true}, // the j of ij is a vowel
		{"ruimte", 4, true}, {"ruimte", 3, false},
	} {
		if got := syllableStart(tt.word, tt.at); got != tt.want {
			t.Errorf("syllableStart(%q, %d) = %v, want %v", tt.word, tt.at, got, tt.want)
		}
	}
}

// TestProductive: a listed word splits by its syllables when one part is
// strong and the others are productive short parts, in their position.
func TestProductive(t *testing.T) {
	strong := map[string]uint8{"thee": begin | end, "sier": end, "test": begin | end}
	beside := map[string]*attested{
		"pot": {pos: begin | end, begins: 24, ends: 50},
		"dos": {pos: begin | middle, begins: 0},
		"bel": {pos: end, begins: 31, ends: 9},
		"kas": {pos: begin | end, begins: 58},
	}
	tests := []struct {
		parts []string
		want  bool
	}{
		{[]string{"thee", "pot"}, true},
		{[]string{"dos", "sier"}, false}, // dos begins no listed compound
		{[]string{"thee", "bel"}, false}, // bel ends too few
		{[]string{"kas", "pot"}, false},  // no strong part
		{[]string{"kas", "sier"}, true},
		{[]string{"xyz", "test"}, false}, // not attested at all
	}
	for _, tt := range tests {
		if got := productive(tt.parts, strong, beside); got != tt.want {
			t.Errorf("productive(%q) = %v, want %v", tt.parts, got, tt.want)
		}
	}
}
