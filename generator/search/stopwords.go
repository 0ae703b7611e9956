package search

// stopWords are the most frequent English and Dutch function words,
// taken from the Snowball project's stop lists (english.stop, dutch.stop).
// They are left out of the index: nearly every page holds them, so their
// posting lists would be the largest download of a query and add nothing
// to the ranking. Words that are also names in an operations manual
// ("it", "us") are kept out of the list. The browser reads the same list
// from the index's metadata.
var stopWords = map[string]bool{}

func init() {
	for _, w := range []string{
		// English
		"a", "about", "after", "all", "am", "an", "and", "any", "are", "as", "at", "be", "because", "been",
		"before", "being", "both", "but", "by", "can", "could", "did", "do", "does", "doing", "down", "during",
		"each", "few", "for", "from", "further", "had", "has", "have", "having", "he", "her", "here", "hers",
		"him", "his", "how", "i", "if", "in", "into", "is", "its", "itself", "just", "me", "more", "most", "my",
		"no", "nor", "not", "of", "off", "on", "once", "only", "or", "other", "our", "ours", "out", "over",
		"own", "same", "she", "should", "so", "some", "such", "than", "that", "the", "their", "theirs", "them",
		"then", "there", "these", "they", "this", "those", "through", "to", "too", "under", "until", "up",
		"very", "was", "we", "were", "what", "when", "where", "which", "while", "who", "whom", "why", "will",
		"with", "would", "you", "your", "yours",
		// Dutch
		"aan", "al", "alles", "als", "altijd", "ander", "ben", "bij", "daar", "dan", "dat", "de", "der", "deze",
		"die", "dit", "doch", "doen", "door", "dus", "een", "eens", "en", "er", "ge", "geen", "geweest", "haar",
		"had", "heb", "hebben", "heeft", "hem", "het", "hier", "hij", "hoe", "hun", "iemand", "iets", "ik",
		"in", "is", "ja", "je", "kan", "kon", "kunnen", "maar", "me", "meer", "men", "met", "mij", "mijn",
		"moet", "na", "naar", "niet", "niets", "nog", "nu", "of", "om", "omdat", "onder", "ons", "ook", "op",
		"over", "reeds", "te", "tegen", "toch", "toen", "tot", "u", "uit", "uw", "van", "veel", "voor", "want",
		"waren", "was", "wat", "werd", "wezen", "wie", "wij", "wil", "worden", "wordt", "zal", "ze", "zelf",
		"zich", "zij", "zijn", "zo", "zonder", "zou",
	} {
		stopWords[w] = true
	}
}
