package search

import (
	"reflect"
	"strings"
	"testing"
	"unicode"
)

func TestTokenize(t *testing.T) {
	tests := []struct {
		in   string
		want []string
	}{
		{"Renew the TLS certificate.", []string{"renew", "the", "tls", "certificate"}},
		{"sp-hr-hub", []string{"sp", "hr", "hub"}},
		{"https://contoso.sharepoint.com/sites/HR-Hub", []string{"https", "contoso", "sharepoint", "com", "sites", "hr", "hub"}},
		{"Één privé-ruimte, café", []string{"een", "prive", "ruimte", "cafe"}},
		{"l.dekker@example.org", []string{"l", "dekker", "example", "org"}},
		{"v2 2026-11-24", []string{"v2", "2026", "11", "24"}},
		{"e\u0301cole", []string{"ecole"}}, // a combining accent, already decomposed
		{strings.Repeat("x", 41) + " kept", []string{"kept"}},
		{"", nil},
	}
	for _, tt := range tests {
		if got := Words(tt.in); !reflect.DeepEqual(got, tt.want) {
			t.Errorf("Words(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestTokenizePositions(t *testing.T) {
	var pos []int
	Tokenize("a, b  c", func(_ []byte, p int) { pos = append(pos, p) })
	if !reflect.DeepEqual(pos, []int{0, 1, 2}) {
		t.Errorf("positions %v", pos)
	}
}

func TestStem(t *testing.T) {
	tests := []struct {
		lang, word, want string
	}{
		{"en", "certificates", "certif"},
		{"en", "certificate", "certif"},
		{"en", "renewal", "renew"},
		{"en", "renewing", "renew"},
		{"en-GB", "restoring", "restor"},
		{"en", "sites", "site"},
		{"nl", "wachtwoorden", "wachtwoord"},
		{"nl", "wachtwoord", "wachtwoord"},
		{"nl", "storingen", "storing"},
		{"nl_BE", "aanvragen", "aanvrag"},
		{"nl", "aanvraag", "aanvrag"},
		{"de", "passwörter", "passwort"},
		{"de-AT", "freigaben", "freigab"},
		{"de", "freigabe", "freigab"},
		{"fr", "certificats", "certificat"},
		{"fr", "sauvegardes", "sauvegard"},
		{"fr-BE", "sauvegarder", "sauvegard"},
		{"sv", "lösenord", "lösenord"}, // no stemmer: the word itself
		{"en", "v2", "v2"},
		{"en", "2026", "2026"},
	}
	for _, tt := range tests {
		if got := Stem(tt.lang, tt.word); got != tt.want {
			t.Errorf("Stem(%s, %q) = %q, want %q", tt.lang, tt.word, got, tt.want)
		}
	}
}

// decodeVarints reads what appendVarint wrote, as assets/search.js does.
func decodeVarints(s string) []uint32 {
	var out []uint32
	for i := 0; i < len(s); {
		var v uint32
		for shift := 0; ; shift += 5 {
			c := uint32(strings.IndexByte(digits, s[i]))
			i++
			v |= (c & 31) << shift
			if c < 32 {
				break
			}
		}
		out = append(out, v)
	}
	return out
}

func TestVarints(t *testing.T) {
	values := []uint32{0, 1, 31, 32, 33, 1023, 1024, 1 << 20, 1<<32 - 1}
	var b []byte
	for _, v := range values {
		b = appendVarint(b, v)
	}
	if got := decodeVarints(string(b)); !reflect.DeepEqual(got, values) {
		t.Errorf("round trip %v -> %q -> %v", values, b, got)
	}
}

func TestEncodePostings(t *testing.T) {
	ps := []posting{{0, 63}, {1, 1}, {40, 10}}
	// gaps less one: 0, 0, 38 (two digits: 32|6, then 1), each followed by its impact
	if got := string(encodePostings(ps)); got != "0_01"+"c1"+"A" {
		t.Errorf("postings %q", got)
	}
}

func TestEncodeRuns(t *testing.T) {
	// runs [2,5) and [9,10): gap 2 length-1 2, gap 4 length-1 0
	if got := decodeVarints(string(encodeRuns([]uint32{2, 3, 4, 9}))); !reflect.DeepEqual(got, []uint32{2, 2, 4, 0}) {
		t.Errorf("runs %v", got)
	}
}

func TestAssignShards(t *testing.T) {
	sizes := map[string]int{
		"certif": 40, "certificaat": 10, "cert": 10, "cer": 5,
		"cache": 8, "site": 4, "sites": 4, "s2": 1,
	}
	got := assignShards(sizes, 30)
	want := map[string]string{
		// "c" is too large: split by a second letter and more, down
		// to a shard per word where one word is that large
		"certif": "certif", "certificaat": "certifi", "cert": "cert", "cer": "cer",
		"cache": "ca", "site": "s", "sites": "s", "s2": "s",
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("shards %v, want %v", got, want)
	}
	for name, key := range got {
		if !strings.HasPrefix(name, key) {
			t.Errorf("%q in shard %q, which does not start it", name, key)
		}
	}
}

func TestClip(t *testing.T) {
	if got := clip("one two three four", 10); got != "one two …" {
		t.Errorf("clip = %q", got)
	}
	if got := clip("ééééé", 5); got != "éé …" {
		t.Errorf("clip cut a character: %q", got)
	}
}

// FuzzTokenize checks that tokens are what the browser can type back:
// lower case letters and digits, at most maxWord bytes, and the same
// when tokenised again.
func FuzzTokenize(f *testing.F) {
	for _, s := range []string{"Renew the TLS certificate.", "sp-hr-hub", "Één privé-ruimte", "e\u0301cole", "İstanbul ǅ ﬁ"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		words := Words(s)
		for _, w := range words {
			if w == "" || len(w) > maxWord {
				t.Fatalf("token %q of %q", w, s)
			}
			for _, r := range w {
				if !unicode.IsLetter(r) && !unicode.IsDigit(r) {
					t.Fatalf("token %q of %q holds %q", w, s, r)
				}
			}
		}
		again := Words(strings.Join(words, " "))
		if !reflect.DeepEqual(again, words) {
			t.Fatalf("tokens of %q: %q, tokenised again %q", s, words, again)
		}
	})
}

// TestStopWords: a manual of one language leaves out the English and
// Dutch function words, as it always did; each site of a manual of
// several languages those of its language, folded as tokens are.
func TestStopWords(t *testing.T) {
	one := StopWords(nil, "fr")
	if !one["the"] || !one["het"] || one["les"] {
		t.Errorf("one language: the %v, het %v, les %v", one["the"], one["het"], one["les"])
	}
	langs := []string{"en", "nl", "fr", "de"}
	tests := []struct {
		lang      string
		stop, not []string
	}{
		{"en", []string{"the", "which"}, []string{"het", "les"}},
		{"nl", []string{"het", "niet"}, []string{"the"}},
		{"fr", []string{"les", "meme", "etaient", "avec"}, []string{"the", "même"}},
		{"de-AT", []string{"und", "fur", "uber", "konnen", "man"}, []string{"the", "für"}},
	}
	for _, tt := range tests {
		set := StopWords(langs, tt.lang)
		for _, w := range tt.stop {
			if !set[w] {
				t.Errorf("%s: %q is not a stop word", tt.lang, w)
			}
		}
		for _, w := range tt.not {
			if set[w] {
				t.Errorf("%s: %q is a stop word", tt.lang, w)
			}
		}
	}
}
