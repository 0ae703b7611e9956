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
