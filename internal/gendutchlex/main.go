// Command gendutchlex makes generator/search's Dutch compound lexicon
// (generator/search/lexicon/nl-parts.gz) from OpenTaal's Hunspell
// dictionary, the one Debian ships as hunspell-nl:
//
//	apt-get download hunspell-nl && dpkg-deb -x hunspell-nl_*.deb x
//	go run ./internal/gendutchlex -aff x/usr/share/hunspell/nl.aff -dic x/usr/share/hunspell/nl.dic \
//		-o generator/search/lexicon/nl-parts.gz
//
// (make lexicon-nl does the same). The dictionary marks which words may
// begin, continue and end a compound (its COMPOUNDBEGIN, COMPOUNDMIDDLE
// and COMPOUNDEND flags) and which suffixes make the forms with a linking
// element ("veiligheids", "pannen"): the splitter needs exactly that,
// and nothing else of the 180,000 entries. A word that may stand in no
// compound position, such as the suffix look-alikes "lijk" and "ling",
// is left out, which is what keeps "verantwoordelijk" and "bestelling"
// whole. The dictionary's own listed compounds attest more parts
// ("bushalte": bus), and listed words that only short attested parts
// would split are marked whole ("bestand", "kantoor") unless the parts
// meet where a syllable begins and are productive ("thee-pot",
// "deur-bel"; syllable.go).
//
// The output lists the lower-case, unaccented forms (a-z only, at least
// three letters) in byte order, front-coded: per word the length of the
// prefix it shares with the one before (a byte), the rest of the word,
// and a flag byte below 64 (the constants below), all gzip'ed. A Hunspell affix file is a simple line format, and
// only its suffix rules matter here, so it is read directly rather than
// through a spell-checking library (none for Go is maintained).
package main

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"flag"
	"fmt"
	"log"
	"maps"
	"os"
	"regexp"
	"sort"
	"strings"

	"github.com/handbook-dev/handbook/generator/search"
)

// What the flag byte of a form says (generator/search/compound.go reads
// it): the positions it may take in a compound, that it is a whole word
// never to split, and the linking element it ends in (s, en, or e when
// both bits are set), to be dropped for its root.
const (
	begin  = 1
	middle = 2
	end    = 4
	whole  = 8
	linkS  = 16
	linkEn = 32
	linkE  = linkS | linkEn
)

// minLen is the shortest form kept.
const minLen = 3

// minListedPart is the shortest part that the dictionary's own
// compounds attest which may split a word the dictionary lists.
const minListedPart = 4

// minPartner is the length of the part beside a shorter attested one
// that makes a listed word a compound.
const minPartner = 5

// notParts are forms the dictionary allows in compounds that are also
// Dutch suffixes, so that splitting at them cuts derivations:
// "werkloos" is werk + -loos, "kosteloos", "eindeloos" too; "schap" and
// "dom" likewise. They are left out of the lexicon.
var notParts = map[string]bool{"loos": true, "loze": true, "schap": true, "dom": true, "heid": true, "lijk": true, "ling": true, "baar": true, "zaam": true, "achtig": true, "isch": true}

// notBegins are particles and prefixes that the dictionary also lists
// as nouns or attests as compound heads ("voor" a furrow, "her"): as the
// start of a word they make derivations ("herstel", "voorbereiding").
// The Latin and Greek prefixes pro-, pre-, dia- and para- begin the
// loanwords "protest", "procent", "premier", "diagram", "parameter".
var notBegins = map[string]bool{"pro": true, "pre": true, "dia": true, "para": true, "aan": true, "af": true, "bij": true, "door": true, "her": true, "mee": true, "mede": true, "mis": true, "onder": true, "ont": true, "over": true, "tegen": true, "toe": true, "uit": true, "ver": true, "voor": true, "achter": true, "samen": true, "terug": true, "weer": true}

// derivational are Dutch derivational suffixes: a dictionary word that
// is another dictionary word plus one of them ("bestel" + "ling") is a
// derivation, kept whole even where it also reads as two parts ("bes" +
// "telling").
var derivational = []string{"ing", "ling", "ering", "nis", "heid", "er", "aar", "ster", "lijk", "ig", "erij", "baar", "schap", "sel", "loos", "isch", "ief", "atie", "ist", "es", "in", "te", "de"}

// wholeWords are loanwords whose halves happen to be Dutch compound
// parts; the dictionary has no mark for a loanword.
var wholeWords = []string{"website", "database", "software", "hardware", "firewall", "weekend", "standaard", "manager"}

// notEnds are forms that end adjectives as suffixes far more often than
// they end compounds as nouns ("belangrijk", "regelmatig").
var notEnds = map[string]bool{"rijk": true, "rijke": true, "matig": true, "matige": true}

type rule struct {
	strip, add string
	cont       string // continuation flags of the suffixed form
	cond       *regexp.Regexp
}

type affix struct {
	begin, middle, end string
	onlyInCompound     string
	sfx                map[string][]rule
}

func main() {
	affPath := flag.String("aff", "/usr/share/hunspell/nl.aff", "Hunspell affix file")
	dicPath := flag.String("dic", "/usr/share/hunspell/nl.dic", "Hunspell dictionary")
	out := flag.String("o", "generator/search/lexicon/nl-parts.gz", "output file")
	flag.Parse()
	aff, err := readAffix(*affPath)
	if err != nil {
		log.Fatal(err)
	}
	words, err := readDic(*dicPath, aff)
	if err != nil {
		log.Fatal(err)
	}
	data := encode(words)
	if err := os.WriteFile(*out, data, 0o644); err != nil {
		log.Fatal(err)
	}
	counts := [3]int{}
	for _, p := range words {
		for i := range counts {
			if p&(1<<i) != 0 {
				counts[i]++
			}
		}
	}
	fmt.Printf("%s: %d forms (%d begin, %d middle, %d end), %d bytes\n", *out, len(words), counts[0], counts[1], counts[2], len(data))
}

// flags splits a long-flag string ("CaCbCc") into its two-character flags.
func flags(s string) []string {
	var out []string
	for i := 0; i+1 < len(s); i += 2 {
		out = append(out, s[i:i+2])
	}
	return out
}

func has(set, flag string) bool {
	for _, f := range flags(set) {
		if f == flag {
			return true
		}
	}
	return false
}

func readAffix(path string) (*affix, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	a := &affix{sfx: map[string][]rule{}}
	long := false
	for _, line := range strings.Split(string(b), "\n") {
		if i := strings.Index(line, "#"); i >= 0 {
			line = line[:i]
		}
		f := strings.Fields(line)
		if len(f) < 2 {
			continue
		}
		switch f[0] {
		case "FLAG":
			long = f[1] == "long"
		case "COMPOUNDBEGIN":
			a.begin = f[1]
		case "COMPOUNDMIDDLE":
			a.middle = f[1]
		case "COMPOUNDEND":
			a.end = f[1]
		case "ONLYINCOMPOUND":
			a.onlyInCompound = f[1]
		case "SFX":
			if len(f) < 5 {
				continue // a group's header: SFX flag cross count
			}
			add, cont, _ := strings.Cut(f[3], "/")
			r := rule{strip: zero(f[2]), add: zero(add), cont: cont}
			if r.cond, err = condition(f[4]); err != nil {
				return nil, fmt.Errorf("%s: %q: %v", path, line, err)
			}
			a.sfx[f[1]] = append(a.sfx[f[1]], r)
		}
	}
	if !long || a.begin == "" || a.end == "" {
		return nil, fmt.Errorf("%s: not OpenTaal's affix file (long flags and compound flags expected)", path)
	}
	return a, nil
}

func zero(s string) string {
	if s == "0" {
		return ""
	}
	return s
}

// condition turns a Hunspell suffix condition ("[^eo]", "heid", ".")
// into a regular expression anchored at the end of the word.
func condition(c string) (*regexp.Regexp, error) {
	if c == "." {
		return regexp.MustCompile(``), nil
	}
	var b strings.Builder
	in := false
	for _, r := range c {
		switch {
		case r == '[':
			in = true
			b.WriteRune(r)
		case r == ']':
			in = false
			b.WriteRune(r)
		case r == '.' && !in:
			b.WriteRune(r)
		case in && r == '^':
			b.WriteRune(r)
		default:
			b.WriteString(regexp.QuoteMeta(string(r)))
		}
	}
	return regexp.Compile("(?:" + b.String() + ")$")
}

// form reduces a dictionary word to what the search index holds, or ""
// when it is no plain lower-case word (a name, an abbreviation, a word
// with a hyphen, an apostrophe or a digit).
func form(w string) string {
	w = strings.ReplaceAll(w, "ĳ", "ij")
	if w == "" || strings.ToLower(w) != w {
		return ""
	}
	ws := search.Words(w)
	if len(ws) != 1 || len(ws[0]) < minLen || strings.Trim(ws[0], "abcdefghijklmnopqrstuvwxyz") != "" {
		return ""
	}
	if len([]rune(w)) != len(ws[0]) {
		return "" // a hyphen or apostrophe dropped
	}
	return ws[0]
}

// entry is one line of the dictionary: a root and its flags.
type entry struct{ word, flags string }

func readDic(path string, a *affix) (map[string]uint8, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var entries []entry
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<16), 1<<20)
	for first := true; sc.Scan(); first = false {
		if first {
			continue // the entry count
		}
		e, _, _ := strings.Cut(sc.Text(), "\t")
		e, _, _ = strings.Cut(e, " ")
		word, fl, _ := strings.Cut(e, "/")
		entries = append(entries, entry{word, fl})
	}
	if err := sc.Err(); err != nil {
		return nil, err
	}
	positions := func(fl string) uint8 {
		var p uint8
		if has(fl, a.begin) {
			p |= begin
		}
		if a.middle != "" && has(fl, a.middle) {
			p |= middle
		}
		if has(fl, a.end) {
			p |= end
		}
		return p
	}
	// The roots' positions: the dictionary's compound flags, and those
	// its own compounds attest (attested below).
	roots := map[string]uint8{}
	nouns := map[string]bool{}
	for _, e := range entries {
		w := form(e.word)
		if w == "" || notParts[w] {
			continue
		}
		roots[w] |= positions(e.flags)
		if noun(e.flags) || positions(e.flags) != 0 {
			nouns[w] = true
		}
	}
	strong := maps.Clone(roots)
	beside := attest(entries, nouns)
	for w, at := range beside {
		roots[w] |= at.pos
		if len(w) >= minListedPart {
			strong[w] |= at.pos
		}
	}
	words := expand(entries, a, roots, positions)
	// A word the dictionary lists (or an inflection of one) that only
	// the attested parts split is whole unless they read as its parts
	// (below): the dictionary lists "bestand", "kantoor" and "maanden"
	// as words, and a short noun that happens to begin or end them
	// ("bes", "oor", "den") does not make them compounds. Compounds it
	// lists whose parts carry its own flags ("handboek") split as
	// before.
	strongWords := expand(entries, a, strong, positions)
	mark := func(w string) {
		if w = form(w); len(w) < 2*minLen || words[w]&whole != 0 {
			return
		}
		parts := search.SplitDutch(words, w)
		if parts == nil || search.SplitDutch(strongWords, w) != nil {
			return
		}
		// A listed word whose parts begin its syllables ("thee-pot",
		// "deur-bel", "zwem-bad") is a compound when one part carries
		// the dictionary's own flags and the others are productive
		// (productive below); a short part across its syllables is a
		// coincidence ("bestand" is be-stand, no bes + tand; "kantoor"
		// kan-toor, no kant + oor), as is a rare one ("dossier" is no
		// dos + sier, "college" no col + lege).
		if syllableSplit(w, parts) && productive(parts, strongWords, beside) {
			return
		}
		// A short attested part beside a long one is a compound part
		// ("bushalte", "regenjas").
		for i, p := range parts {
			if len(p) >= minListedPart || strongWords[p] != 0 {
				continue
			}
			long := (i > 0 && len(parts[i-1]) >= minPartner) || (i+1 < len(parts) && len(parts[i+1]) >= minPartner)
			if !long {
				words[w] |= whole
				return
			}
		}
	}
	for _, e := range entries {
		root := form(e.word)
		if !noun(e.flags) && positions(e.flags) == 0 {
			// A verb or adjective the dictionary lists is no
			// compound of nouns ("inloggen", "minimaal").
			if root != "" && search.SplitDutch(words, root) != nil {
				words[root] |= whole
			}
		} else {
			mark(e.word)
		}
		// An inflection of a word that is no compound is none either
		// ("bestanden", "overleggen", "verzenden").
		rootWhole := root != "" && (words[root]&whole != 0 || search.SplitDutch(words, root) == nil)
		for _, flag := range flags(e.flags) {
			for _, r := range a.sfx[flag] {
				if !strings.HasSuffix(e.word, r.strip) || !r.cond.MatchString(e.word) {
					continue
				}
				d := e.word[:len(e.word)-len(r.strip)] + r.add
				if f := form(d); rootWhole && f != "" && search.SplitDutch(words, f) != nil {
					words[f] |= whole
				} else {
					mark(d)
				}
			}
		}
	}
	// Derivations and loanwords, whole, with their inflections.
	for _, e := range entries {
		w := form(e.word)
		if w == "" || !derivation(w, roots) {
			continue
		}
		words[w] |= whole
		for _, flag := range flags(e.flags) {
			for _, r := range a.sfx[flag] {
				if strings.HasSuffix(e.word, r.strip) && r.cond.MatchString(e.word) {
					if d := form(e.word[:len(e.word)-len(r.strip)] + r.add); d != "" {
						words[d] |= whole
					}
				}
			}
		}
	}
	for _, w := range wholeWords {
		words[w] |= whole
	}
	return words, nil
}

// minProductive is the number of listed compounds beside a long part
// (attested) that a short part must begin, or end, to count as a
// compound part of a listed word by its syllables alone: "pot" ends 50,
// "hek" 15, "bel" 14; "col" begins 3, "dos" none.
const minProductive = 10

// productive reports whether one of parts is strong (a form the
// dictionary's own compound flags allow, or a long one its compounds
// attest) and each of the others begins (the last: ends) at least
// minProductive of the dictionary's listed compounds.
func productive(parts []string, strongWords map[string]uint8, beside map[string]*attested) bool {
	anyStrong := false
	for i, p := range parts {
		if strongWords[p] != 0 {
			anyStrong = true
			continue
		}
		at := beside[p]
		if at == nil {
			return false
		}
		n := at.begins
		if i == len(parts)-1 {
			n = at.ends
		}
		if n < minProductive {
			return false
		}
	}
	return anyStrong
}

// derivation reports whether w is a dictionary root plus a derivational
// suffix.
func derivation(w string, roots map[string]uint8) bool {
	for _, suf := range derivational {
		r, ok := strings.CutSuffix(w, suf)
		if !ok || len(r) < minLen {
			continue
		}
		if _, known := roots[r]; known {
			return true
		}
		// "bestellen" -> "bestel" + "ling": a doubled consonant
		if n := len(r); n >= 2 && r[n-1] == r[n-2] {
			if _, known := roots[r[:n-1]]; known {
				return true
			}
		}
	}
	return false
}

// linking returns the flag of the linking element form f ends in when
// dropping it (and a doubled consonant) gives root: "veiligheids" ->
// "veiligheid", "pannen" -> "pan", "zonne" -> "zon"; else 0.
func linking(f, root string) uint8 {
	for _, l := range []struct {
		suffix string
		flag   uint8
	}{{"s", linkS}, {"en", linkEn}, {"e", linkE}} {
		if r, ok := strings.CutSuffix(f, l.suffix); ok && (r == root || undouble(r) == root) {
			return l.flag
		}
	}
	return 0
}

// undouble drops the last letter of a word ending in a doubled
// consonant ("pann" -> "pan"), as generator/search does.
func undouble(w string) string {
	n := len(w)
	if n >= 2 && w[n-1] == w[n-2] && !strings.ContainsRune("aeiou", rune(w[n-1])) {
		return w[:n-1]
	}
	return w
}

// expand lists the forms of the entries with the positions roots gives
// them and those their suffix rules give: the linking forms
// ("veiligheids", "pannen") and the inflected last parts ("maatregelen").
func expand(entries []entry, a *affix, roots map[string]uint8, positions func(string) uint8) map[string]uint8 {
	words := map[string]uint8{}
	put := func(w string, pos uint8) {
		if w = form(w); w == "" || pos == 0 || notParts[w] {
			return
		}
		if notEnds[w] {
			pos &^= end
		}
		if notBegins[w] {
			pos &^= begin | middle
		}
		if pos != 0 {
			words[w] |= pos
		}
	}
	for _, e := range entries {
		w := form(e.word)
		if w == "" || notParts[w] {
			continue
		}
		root := roots[w]
		put(e.word, root)
		for _, flag := range flags(e.flags) {
			for _, r := range a.sfx[flag] {
				if !strings.HasSuffix(e.word, r.strip) || !r.cond.MatchString(e.word) {
					continue
				}
				pos := positions(r.cont)
				if root&end != 0 && !has(r.cont, a.onlyInCompound) {
					// An inflected last part ("maatregelen"), but not
					// a form with a linking element ("beleids").
					pos |= end
				}
				if root&(begin|middle) != 0 && pos&(begin|middle) != 0 {
					pos |= root & (begin | middle)
				}
				derived := e.word[:len(e.word)-len(r.strip)] + r.add
				put(derived, pos)
				if d := form(derived); pos&(begin|middle) != 0 && d != "" && words[d] != 0 {
					words[d] |= linking(d, w)
				}
			}
		}
	}
	return words
}

// noun reports whether a dictionary entry's flags give it a plural
// (OpenTaal's Z flags: "-s", "-en", "-heden", "-eren" ...).
func noun(fl string) bool {
	for _, f := range flags(fl) {
		if f[0] == 'Z' {
			return true
		}
	}
	return false
}

// attested is what the compounds the dictionary lists say of a part:
// the positions they give it, and in how many it begins or ends beside
// a part of minPartner letters or more, which tells a productive short
// part ("pot" ends 50 of them, "bad" 46) from a syllable that happens
// to be a noun ("dos" begins none, "col" three).
type attested struct {
	pos          uint8
	begins, ends int
}

// attest finds the compounds the dictionary lists whole (it lists
// "bushalte" and "deurbel" because "bus" and "bel" carry no compound
// flags) made of two nouns or compound-flagged words, with a linking
// element or none, and returns what they attest of their parts: "bus"
// may begin a compound, "bel" end one.
func attest(entries []entry, nouns map[string]bool) map[string]*attested {
	out := map[string]*attested{}
	get := func(w string) *attested {
		if out[w] == nil {
			out[w] = &attested{}
		}
		return out[w]
	}
	for _, e := range entries {
		w := form(e.word)
		if len(w) < 2*minLen {
			continue
		}
		for i := minLen; i <= len(w)-minLen; i++ {
			head := w[:i]
			if !nouns[head] {
				continue
			}
			for _, link := range []string{"", "s", "en", "e"} {
				tail := w[i:]
				if !strings.HasPrefix(tail, link) {
					continue
				}
				tail = tail[len(link):]
				if len(tail) < minLen || !nouns[tail] || notEnds[tail] {
					continue
				}
				h, t := get(head), get(tail)
				h.pos |= begin | middle
				t.pos |= end
				if len(tail) >= minPartner {
					h.begins++
				}
				if len(head) >= minPartner {
					t.ends++
				}
			}
		}
	}
	return out
}

func encode(words map[string]uint8) []byte {
	list := make([]string, 0, len(words))
	for w := range words {
		list = append(list, w)
	}
	sort.Strings(list)
	var raw bytes.Buffer
	prev := ""
	for _, w := range list {
		n := 0
		for n < len(w) && n < len(prev) && n < 255 && w[n] == prev[n] {
			n++
		}
		raw.WriteByte(byte(n))
		raw.WriteString(w[n:])
		raw.WriteByte(words[w])
		prev = w
	}
	var out bytes.Buffer
	zw, _ := gzip.NewWriterLevel(&out, gzip.BestCompression)
	zw.Write(raw.Bytes())
	zw.Close()
	return out.Bytes()
}
