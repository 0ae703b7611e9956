package search

import (
	"reflect"
	"strings"
	"testing"
)

// dutchCompounds are real Dutch compounds with their parts, as the
// lexicon alone splits them: into its simple words (so "wachtwoord" is
// wacht + woord), the linking s dropped, the linking -en- and -e- left to
// the stemmer ("pannen" and "pan" have one stem). Parts are compared by
// their stems, as the index holds them.
var dutchCompounds = []struct {
	word  string
	parts string
}{
	{"veiligheidsbeleid", "veiligheid beleid"},
	{"pannenkoek", "pan koek"},
	{"wachtwoordbeleid", "wacht woord beleid"},
	{"ziektekostenverzekering", "ziekte kosten verzekering"},
	{"teamsite", "team site"},
	{"netwerkbeheer", "netwerk beheer"},
	{"gebruikersnaam", "gebruiker naam"},
	{"gebruikersaccount", "gebruiker account"},
	{"serverruimte", "server ruimte"},
	{"databasebeheer", "database beheer"},
	{"bestandsnaam", "bestand naam"},
	{"mapstructuur", "map structuur"},
	{"toegangsrechten", "toegang rechten"},
	{"beveiligingsincident", "beveiliging incident"},
	{"werkplek", "werk plek"},
	{"werkinstructie", "werk instructie"},
	{"telefoonnummer", "telefoon nummer"},
	{"huisnummer", "huis nummer"},
	{"fietsenstalling", "fiets stalling"},
	{"boekenkast", "boek kast"},
	{"schoenendoos", "schoen doos"},
	{"appeltaart", "appel taart"},
	{"stadhuis", "stad huis"},
	{"dakgoot", "dak goot"},
	{"bushalte", "bus halte"},
	{"treinstation", "trein station"},
	{"regenjas", "regen jas"},
	{"tandarts", "tand arts"},
	{"huisarts", "huis arts"},
	{"ziekenhuis", "zieken huis"},
	{"theepot", "thee pot"},
	{"vrijwilligerswerk", "vrijwilliger werk"},
	{"arbeidsovereenkomst", "arbeid overeenkomst"},
	{"belastingaangifte", "belasting aangifte"},
	{"belastingdienst", "belasting dienst"},
	{"klantenservice", "klant service"},
	{"klantgegevens", "klant gegevens"},
	{"persoonsgegevens", "persoon gegevens"},
	{"verwerkingsregister", "verwerking register"},
	{"incidentmanagement", "incident management"},
	{"wijzigingsverzoek", "wijziging verzoek"},
	{"storingsmelding", "storing melding"},
	{"onderhoudsvenster", "onderhoud venster"},
	{"reservekopie", "reserve kopie"},
	{"hersteltijd", "herstel tijd"},
	{"opslagruimte", "opslag ruimte"},
	{"geheugengebruik", "geheugen gebruik"},
	{"schijfruimte", "schijf ruimte"},
	{"stroomstoring", "stroom storing"},
	{"brandblusser", "brand blusser"},
	{"nooduitgang", "nood uitgang"},
	{"projectleider", "project leider"},
	{"teamleider", "team leider"},
	{"afdelingshoofd", "afdeling hoofd"},
	{"personeelszaken", "personeel zaken"},
	{"salarisadministratie", "salaris administratie"},
	{"zoekmachine", "zoek machine"},
	{"zoekresultaten", "zoek resultaten"},
	{"zoekopdracht", "zoek opdracht"},
	{"softwareontwikkeling", "software ontwikkeling"},
	{"informatiebeveiliging", "informatie beveiliging"},
	{"beveiligingsbeleid", "beveiliging beleid"},
	{"privacybeleid", "privacy beleid"},
	{"sleutelbos", "sleutel bos"},
	{"deurbel", "deur bel"},
	{"keukentafel", "keuken tafel"},
	{"bureaustoel", "bureau stoel"},
	{"vensterbank", "venster bank"},
	{"computerscherm", "computer scherm"},
	{"beeldscherm", "beeld scherm"},
	{"toetsenbord", "toets bord"},
	{"muismat", "muis mat"},
	{"printerpapier", "printer papier"},
	{"kantoorartikelen", "kantoor artikelen"},
	{"vakantiedagen", "vakantie dagen"},
	{"verlofaanvraag", "verlof aanvraag"},
	{"jaarverslag", "jaar verslag"},
	{"maandrapport", "maand rapport"},
	{"weekplanning", "week planning"},
	{"kwartaalcijfers", "kwartaal cijfers"},
	{"begrotingstekort", "begroting tekort"},
	{"inkooporder", "inkoop order"},
	{"factuurnummer", "factuur nummer"},
	{"betalingstermijn", "betaling termijn"},
	{"leveranciersportaal", "leverancier portaal"},
	{"contractbeheer", "contract beheer"},
	{"risicoanalyse", "risico analyse"},
	{"kwaliteitszorg", "kwaliteit zorg"},
	{"klachtenprocedure", "klacht procedure"},
	{"hulpvraag", "hulp vraag"},
	{"helpdeskmedewerker", "helpdesk medewerker"},
	{"wachtrij", "wacht rij"},
	{"tijdzone", "tijd zone"},
	{"tijdstempel", "tijd stempel"},
	{"datumnotatie", "datum notatie"},
	{"bestandsformaat", "bestand formaat"},
	{"mappenstructuur", "map structuur"},
	{"mailadres", "mail adres"},
	{"internetverbinding", "internet verbinding"},
	{"netwerkkabel", "netwerk kabel"},
	{"stroomkabel", "stroom kabel"},
	{"lichtschakelaar", "licht schakelaar"},
	{"zonnepaneel", "zon paneel"},
	{"windmolen", "wind molen"},
	{"waterleiding", "water leiding"},
	{"gasleiding", "gas leiding"},
	{"verkeerslicht", "verkeer licht"},
	{"parkeerplaats", "parkeer plaats"},
	{"fietspad", "fiets pad"},
	{"voetpad", "voet pad"},
	{"spoorweg", "spoor weg"},
	{"zeehaven", "zee haven"},
	{"rivierdijk", "rivier dijk"},
	{"bloempot", "bloem pot"},
	{"tuinhek", "tuin hek"},
	{"boomstam", "boom stam"},
	{"zandstrand", "zand strand"},
	{"huiskamer", "huis kamer"},
	{"slaapkamer", "slaap kamer"},
	{"badkamer", "bad kamer"},
	{"kledingkast", "kleding kast"},
	{"schoolbord", "school bord"},
	{"schooljaar", "school jaar"},
	{"lesrooster", "les rooster"},
	{"dienstrooster", "dienst rooster"},
	{"roosterwijziging", "rooster wijziging"},
	{"huurcontract", "huur contract"},
	{"koopwoning", "koop woning"},
	{"woningbouw", "woning bouw"},
	{"bouwvergunning", "bouw vergunning"},
	{"gemeenteraad", "gemeente raad"},
	{"raadsvergadering", "raad vergadering"},
	{"stadsbestuur", "stad bestuur"},
	{"rijksoverheid", "rijk overheid"},
	{"overheidsdienst", "overheid dienst"},
	{"politiebureau", "politie bureau"},
	{"ambulancedienst", "ambulance dienst"},
	{"geboortedatum", "geboorte datum"},
	{"handtekening", "hand tekening"},
	{"oogarts", "oog arts"},
	{"zorgverzekering", "zorg verzekering"},
	{"levensverzekering", "leven verzekering"},
	{"pensioenfonds", "pensioen fonds"},
	{"spaarrekening", "spaar rekening"},
	{"bankrekening", "bank rekening"},
	{"rekeningnummer", "rekening nummer"},
	{"betaalpas", "betaal pas"},
	{"geldautomaat", "geld automaat"},
	{"winkelcentrum", "winkel centrum"},
	{"prijslijst", "prijs lijst"},
	{"productinformatie", "product informatie"},
	{"gebruiksaanwijzing", "gebruik aanwijzing"},
	{"veiligheidsschoenen", "veiligheid schoenen"},
	{"werkkleding", "werk kleding"},
	{"zomervakantie", "zomer vakantie"},
	{"wintertijd", "winter tijd"},
	{"weerbericht", "weer bericht"},
	{"krantenartikel", "krant artikel"},
	{"boekhandel", "boek handel"},
	{"kaartspel", "kaart spel"},
	{"sportschool", "sport school"},
	{"zwembad", "zwem bad"},
	// Compounds of a web-operations manual, chosen before they were run.
	{"beheerdersrechten", "beheerder rechten"},
	{"gebruikersgroep", "gebruiker groep"},
	{"toegangsbeheer", "toegang beheer"},
	{"wachtwoordherstel", "wacht woord herstel"},
	{"inlogpoging", "inlog poging"},
	{"foutcode", "fout code"},
	{"serverbeheer", "server beheer"},
	{"serverpark", "server park"},
	{"beveiligingsupdate", "beveiliging update"},
	{"systeembeheer", "systeem beheer"},
	{"systeembeheerder", "systeem beheerder"},
	{"netwerkbeheerder", "netwerk beheerder"},
	{"configuratiebestand", "configuratie bestand"},
	{"logbestand", "log bestand"},
	{"opslaglocatie", "opslag locatie"},
	{"gegevensbescherming", "gegevens bescherming"},
	{"bedrijfsnetwerk", "bedrijf netwerk"},
	{"noodstroom", "nood stroom"},
	{"stroomvoorziening", "stroom voorziening"},
	{"koelsysteem", "koel systeem"},
	{"brandmelder", "brand melder"},
	{"herstelprocedure", "herstel procedure"},
	{"testomgeving", "test omgeving"},
	{"productieomgeving", "productie omgeving"},
	{"versienummer", "versie nummer"},
	{"licentiekosten", "licentie kosten"},
	{"gebruikershandleiding", "gebruiker handleiding"},
	{"kennisbank", "kennis bank"},
	{"storingsdienst", "storing dienst"},
	{"klanttevredenheid", "klant tevredenheid"},
	{"reactietijd", "reactie tijd"},
	{"toegangspas", "toegang pas"},
	{"updatebeleid", "update beleid"},
	{"schermafbeelding", "scherm afbeelding"},
	{"meldpunt", "meld punt"},
	{"rekenkracht", "reken kracht"},
	{"wachtdienst", "wacht dienst"},
	{"foutmelding", "fout melding"},
}

// dutchSimplex are words that are no compounds, though some hold other
// words: derivations ("bestel" + -ling, "verantwoorde" + -lijk),
// particle words ("aanvraag"), short words and loanwords. None may split.
var dutchSimplex = []string{
	"vergadering", "bestelling", "ontwikkelaar", "verantwoordelijk", "medewerker",
	"beheerder", "computer", "website", "software", "database",
	"server", "gebruiker", "organisatie", "informatie", "administratie",
	"ontwikkeling", "verzekering", "beveiliging", "wijziging", "gemeente",
	"overheid", "vakantie", "belasting", "betaling", "melding",
	"storing", "herstel", "aanvraag", "afspraak", "overleg",
	"onderhoud", "opdracht", "uitgang", "voorbereiding", "verandering",
	"ervaring", "schoonheid", "vriendschap", "werkloosheid", "belangrijk",
	"waarschijnlijk", "natuurlijk", "mogelijk", "duidelijk", "vriendelijk",
	"afhankelijk", "regelmatig", "zelfstandig", "manager", "firewall",
	"laptop", "browser", "beleid", "team", "dag",
	"collega", "directeur", "leraar", "bakkerij", "getuigenis",
	// Words of the example manual that an earlier lexicon split into
	// short nouns ("bes" + "tand", "maan" + "den", "stap" + "pen").
	"bestand", "bestanden", "kantoor", "kanaal", "kanalen",
	"maanden", "stappen", "leiden", "tijden", "gelden",
	"loggen", "inloggen", "overleggen", "verzenden", "gesprekken",
	"welkom", "meestal", "probeer", "minimaal", "nationaal", "beslist",
	// Loanwords the dictionary lists whose syllables meet at short nouns
	// ("dos-sier", "col-le-ge", "pro-cent"): only rare or prefix-like
	// parts tell them from compounds (internal/gendutchlex).
	"dossier", "college", "horloge", "procent", "protest", "program",
	"premier", "diagram", "dialoog", "parameter", "holding", "normaal",
}

// knownFalseSplits are words that the lexicon alone still cuts: the
// example manual's (two nouns of four letters or more, an English word,
// "groeps" + "chat" read as groep + schat) and a loanword whose short
// first part is a productive one ("kassier"): logged, so that a change
// of the lexicon shows what it does to them.
var knownFalseSplits = []string{"platform", "praktijk", "transport", "restore", "groepschat", "kassier"}

// stems reduces parts to their Dutch stems, as the index holds them.
func stems(parts []string) string {
	out := make([]string, len(parts))
	for i, p := range parts {
		out[i] = Stem("nl", p)
	}
	return strings.Join(out, " ")
}

// TestDutchCompoundsKnownAnswers splits the known compounds with the
// embedded lexicon alone (a manual of one page) and requires 95% of
// them right, as issue 13 asks, listing every miss; no simple word may
// split.
func TestDutchCompoundsKnownAnswers(t *testing.T) {
	if len(dutchCompounds) < 100 || len(dutchSimplex) < 50 {
		t.Fatalf("%d compounds and %d simple words: the table is too small", len(dutchCompounds), len(dutchSimplex))
	}
	c := newCompounds(dutchLexicon(), nil)
	right := 0
	for _, tt := range dutchCompounds {
		got := c.split(tt.word)
		if stems(got) == stems(strings.Fields(tt.parts)) {
			right++
			continue
		}
		t.Logf("miss: %s -> %q, want %s", tt.word, got, tt.parts)
	}
	rate := float64(right) / float64(len(dutchCompounds))
	t.Logf("%d of %d compounds split right (%.1f%%)", right, len(dutchCompounds), 100*rate)
	// The misses: a part the dictionary gives no compound position or
	// form ("weer" is a particle, "map" begins no compound, "mat" is no
	// noun, "raad" has no linking form "raads"), a vowel after the
	// boundary in a word it lists ("oog-arts", the rule that keeps
	// "kantoor" whole), a derivation of a compound ("handteken" + -ing),
	// a linking element it spells as a word ("zonne") and the plural
	// "gegevens" read as gegeven + a linking s.
	if rate < 0.95 {
		t.Errorf("%.1f%% of the compounds split right, want 95%% or more (misses logged above)", 100*rate)
	}
	for _, w := range knownFalseSplits {
		t.Logf("known false split: %s -> %q", w, c.split(w))
	}
	// No simple word splits, with the lexicon alone nor with a manual
	// that also uses its look-alike pieces on their own.
	vocab := map[string]bool{}
	for _, w := range append(dutchSimplex, "bestel", "telling", "verga", "dering", "mede", "werker", "verantwoorde", "ontwikkel", "beheerd", "getuige", "belang", "regel", "matig", "schoon", "vriend", "werkloos", "voorbe", "reiding", "bereiding") {
		vocab[w] = true
	}
	withSite := newCompounds(dutchLexicon(), vocab)
	for _, w := range dutchSimplex {
		if got := c.split(w); got != nil {
			t.Errorf("split(%q) = %q, want no split", w, got)
		}
		if got := withSite.split(w); got != nil {
			t.Errorf("with the manual's words, split(%q) = %q, want no split", w, got)
		}
	}
}

// TestCompoundSplitSiteWords splits with the manual's own words as well
// as the lexicon: a name the lexicon does not know is a part, a longer
// part of the manual beats the lexicon's simple words, and the manual's
// short words cut nothing.
func TestCompoundSplitSiteWords(t *testing.T) {
	vocab := map[string]bool{}
	for _, w := range []string{"wachtwoord", "beleid", "sharepoint", "contoso", "mede", "werker", "lijk", "verantwoorde", "de"} {
		vocab[w] = true
	}
	tests := []struct {
		lex  lexicon
		word string
		want []string
	}{
		{nil, "wachtwoordbeleid", []string{"wachtwoord", "beleid"}},
		{nil, "beleidwachtwoord", []string{"beleid", "wachtwoord"}},
		{nil, "contososbeleid", []string{"contoso", "beleid"}},  // linking s
		{nil, "contosoenbeleid", []string{"contoso", "beleid"}}, // linking en
		{nil, "wachtwoordxyz", nil},                             // an unknown part
		{nil, "debeleid", nil},                                  // too short a part
		{nil, "beleid", nil},                                    // a word on its own is no compound
		{dutchLexicon(), "wachtwoordbeleid", []string{"wachtwoord", "beleid"}},
		{dutchLexicon(), "sharepointbeheer", []string{"sharepoint", "beheer"}},
		{dutchLexicon(), "contosowebsite", []string{"contoso", "website"}},
		{dutchLexicon(), "medewerker", nil},
		{dutchLexicon(), "verantwoordelijk", nil},
	}
	for _, tt := range tests {
		c := newCompounds(tt.lex, vocab)
		if got := c.split(tt.word); !reflect.DeepEqual(got, tt.want) {
			t.Errorf("split(%q) = %q, want %q (lexicon: %v)", tt.word, got, tt.want, tt.lex != nil)
		}
	}
}

// TestDecodeLexicon reads the embedded lexicon and refuses a cut one.
func TestDecodeLexicon(t *testing.T) {
	lex := dutchLexicon()
	if len(lex) < 50000 || lex.get("beleid")&partEnd == 0 || lex.get("veiligheids")&partBegin == 0 || lex.get("veiligheids")&partEnd != 0 || lex.get("bestelling")&partWhole == 0 {
		t.Errorf("lexicon of %d forms: beleid %d, veiligheids %d, bestelling %d", len(lex), lex.get("beleid"), lex.get("veiligheids"), lex.get("bestelling"))
	}
	if lex.get("xyzzy") != 0 {
		t.Error("a form the lexicon does not hold has flags")
	}
	if _, err := decodeLexicon(nlParts[:len(nlParts)/2]); err == nil {
		t.Error("a cut lexicon decoded")
	}
}

// FuzzCompoundSplit checks that any word splits into parts of at least
// minLexPart letters that occur in it in order, without overlapping
// (each the word's text, less a linking element), and that a whole
// word never splits.
func FuzzCompoundSplit(f *testing.F) {
	for _, tt := range dutchCompounds[:20] {
		f.Add(tt.word)
	}
	for _, w := range dutchSimplex[:10] {
		f.Add(w)
	}
	c := newCompounds(dutchLexicon(), map[string]bool{"sharepoint": true, "contoso": true})
	f.Fuzz(func(t *testing.T, w string) {
		parts := c.split(w)
		if parts == nil {
			return
		}
		if len(parts) < 2 {
			t.Fatalf("split(%q) = %q: one part", w, parts)
		}
		if dutchLexicon().get(w)&partWhole != 0 {
			t.Fatalf("whole word %q split into %q", w, parts)
		}
		rest := w
		for _, p := range parts {
			i := strings.Index(rest, p)
			if len(p) < minLexPart || i < 0 {
				t.Fatalf("split(%q) = %q: part %q not in %q", w, parts, p, rest)
			}
			rest = rest[i+len(p):]
		}
	})
}
