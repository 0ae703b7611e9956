package search

// stopWords are the most frequent English and Dutch function words,
// taken from the Snowball project's stop lists (english.stop, dutch.stop),
// which the index of a manual in one language leaves out (StopWords).
// They are left out of the index: nearly every page holds them, so their
// posting lists would be the largest download of a query and add nothing
// to the ranking. Words that are also names in an operations manual
// ("it", "us") are kept out of the list. The browser reads the same list
// from the index's metadata.
var stopWords = map[string]bool{}

// stopLists are the Snowball project's stop lists
// (snowballstem.org/algorithms/<language>/stop.txt) for the languages
// handbook stems, as the index of one language's site leaves them out.
// The English and Dutch lists are trimmed as stopWords says.
var stopLists = map[string][]string{
	"en": englishStop, "nl": dutchStop,
	"fr": {"au", "aux", "avec", "ce", "ces", "dans", "de", "des", "du", "elle", "en", "et", "eux", "il", "ils", "je", "la", "le", "les", "leur", "leurs", "lui", "ma",
		"mais", "me", "même", "mes", "moi", "mon", "ne", "nos", "notre", "nous", "on", "ou", "par", "pas", "pour", "qu", "que", "qui", "sa",
		"se", "ses", "son", "sur", "ta", "te", "tes", "toi", "ton", "tu", "un", "une", "vos", "votre", "vous", "été", "étée", "étées", "étés",
		"étant", "suis", "es", "est", "sommes", "êtes", "sont", "serai", "seras", "sera", "serons", "serez", "seront", "serais", "serait",
		"serions", "seriez", "seraient", "étais", "était", "étions", "étiez", "étaient", "fus", "fut", "fûmes", "fûtes", "furent", "sois",
		"soit", "soyons", "soyez", "soient", "fusse", "fusses", "fût", "fussions", "fussiez", "fussent", "ayant", "eu", "eue", "eues", "eus",
		"ai", "as", "avons", "avez", "ont", "aurai", "auras", "aura", "aurons", "aurez", "auront", "aurais", "aurait", "aurions", "auriez",
		"auraient", "avais", "avait", "avions", "aviez", "avaient", "eut", "eûmes", "eûtes", "eurent", "aie", "aies", "ait", "ayons", "ayez",
		"aient", "eusse", "eusses", "eût", "eussions", "eussiez", "eussent"},
	"de": {"aber", "alle", "allem", "allen", "aller", "alles", "als", "also", "am", "an", "ander", "andere", "anderem", "anderen", "anderer",
		"anderes", "anderm", "andern", "anderr", "anders", "auch", "auf", "aus", "bei", "bin", "bis", "bist", "da", "damit", "dann", "der",
		"den", "des", "dem", "die", "das", "daß", "derselbe", "derselben", "denselben", "desselben", "demselben", "dieselbe", "dieselben",
		"dasselbe", "dazu", "dein", "deine", "deinem", "deinen", "deiner", "deines", "denn", "derer", "dessen", "dich", "dir", "du", "dies",
		"diese", "diesem", "diesen", "dieser", "dieses", "doch", "dort", "durch", "ein", "eine", "einem", "einen", "einer", "eines", "einig",
		"einige", "einigem", "einigen", "einiger", "einiges", "einmal", "er", "ihn", "ihm", "es", "etwas", "euer", "eure", "eurem", "euren",
		"eurer", "eures", "für", "gegen", "gewesen", "hab", "habe", "haben", "hat", "hatte", "hatten", "hier", "hin", "hinter", "ich", "mich",
		"mir", "ihr", "ihre", "ihrem", "ihren", "ihrer", "ihres", "euch", "im", "in", "indem", "ins", "ist", "jede", "jedem", "jeden", "jeder",
		"jedes", "jene", "jenem", "jenen", "jener", "jenes", "jetzt", "kann", "kein", "keine", "keinem", "keinen", "keiner", "keines",
		"können", "könnte", "machen", "man", "manche", "manchem", "manchen", "mancher", "manches", "mein", "meine", "meinem", "meinen",
		"meiner", "meines", "mit", "muss", "musste", "nach", "nicht", "nichts", "noch", "nun", "nur", "ob", "oder", "ohne", "sehr", "sein",
		"seine", "seinem", "seinen", "seiner", "seines", "selbst", "sich", "sie", "ihnen", "sind", "so", "solche", "solchem", "solchen",
		"solcher", "solches", "soll", "sollte", "sondern", "sonst", "über", "um", "und", "uns", "unsere", "unserem", "unseren", "unser",
		"unseres", "unter", "viel", "vom", "von", "vor", "während", "war", "waren", "warst", "was", "weg", "weil", "weiter", "welche",
		"welchem", "welchen", "welcher", "welches", "wenn", "werde", "werden", "wie", "wieder", "will", "wir", "wird", "wirst", "wo", "wollen",
		"wollte", "würde", "würden", "zu", "zum", "zur", "zwar", "zwischen"},
}

// StopWords returns the words the search index of a site leaves out: in
// a manual of one language (languages empty), the English and Dutch
// lists, as they always were; in a manual of several, the list of the
// site's language (none for a language without one).
func StopWords(languages []string, language string) map[string]bool {
	if len(languages) == 0 {
		return stopWords
	}
	set := map[string]bool{}
	for _, w := range stopLists[baseLang(language)] {
		// As the tokens are: accents dropped (même -> meme, für -> fur).
		for _, t := range Words(w) {
			set[t] = true
		}
	}
	return set
}

var (
	englishStop = []string{
		"a", "about", "after", "all", "am", "an", "and", "any", "are", "as", "at", "be", "because", "been",
		"before", "being", "both", "but", "by", "can", "could", "did", "do", "does", "doing", "down", "during",
		"each", "few", "for", "from", "further", "had", "has", "have", "having", "he", "her", "here", "hers",
		"him", "his", "how", "i", "if", "in", "into", "is", "its", "itself", "just", "me", "more", "most", "my",
		"no", "nor", "not", "of", "off", "on", "once", "only", "or", "other", "our", "ours", "out", "over",
		"own", "same", "she", "should", "so", "some", "such", "than", "that", "the", "their", "theirs", "them",
		"then", "there", "these", "they", "this", "those", "through", "to", "too", "under", "until", "up",
		"very", "was", "we", "were", "what", "when", "where", "which", "while", "who", "whom", "why", "will",
		"with", "would", "you", "your", "yours",
	}
	dutchStop = []string{
		"aan", "al", "alles", "als", "altijd", "ander", "ben", "bij", "daar", "dan", "dat", "de", "der", "deze",
		"die", "dit", "doch", "doen", "door", "dus", "een", "eens", "en", "er", "ge", "geen", "geweest", "haar",
		"had", "heb", "hebben", "heeft", "hem", "het", "hier", "hij", "hoe", "hun", "iemand", "iets", "ik",
		"in", "is", "ja", "je", "kan", "kon", "kunnen", "maar", "me", "meer", "men", "met", "mij", "mijn",
		"moet", "na", "naar", "niet", "niets", "nog", "nu", "of", "om", "omdat", "onder", "ons", "ook", "op",
		"over", "reeds", "te", "tegen", "toch", "toen", "tot", "u", "uit", "uw", "van", "veel", "voor", "want",
		"waren", "was", "wat", "werd", "wezen", "wie", "wij", "wil", "worden", "wordt", "zal", "ze", "zelf",
		"zich", "zij", "zijn", "zo", "zonder", "zou",
	}
)

func init() {
	for _, w := range englishStop {
		stopWords[w] = true
	}
	for _, w := range dutchStop {
		stopWords[w] = true
	}
}
