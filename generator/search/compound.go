package search

// minPart is the shortest part a compound is split into: shorter known
// words ("de", "ten") would split nearly anything.
const minPart = 4

// compounds splits Dutch compound words into parts that are words of the
// index on their own ("wachtwoordbeleid" -> "wachtwoord", "beleid"),
// allowing the linking letters Dutch puts between parts
// ("veiligheidsbeleid", "ziektekostenverzekering"). Splits are cached.
type compounds struct {
	vocab map[string]bool
	cache map[string][]string
}

func newCompounds(vocab map[string]bool) *compounds {
	return &compounds{vocab: vocab, cache: map[string][]string{}}
}

// linkers are the Dutch linking morphemes ("tussenklanken").
var linkers = []string{"s", "e", "en"}

// split returns the parts of w, or nil when w is not a compound of known
// words. Of all splits it prefers the one with the fewest parts, then
// the longest last part.
func (c *compounds) split(w string) []string {
	if parts, ok := c.cache[w]; ok {
		return parts
	}
	parts := c.best(w, 0)
	if len(parts) < 2 {
		parts = nil
	}
	c.cache[w] = parts
	return parts
}

// best splits w[from:] into known words; nil if it cannot.
func (c *compounds) best(w string, from int) []string {
	rest := w[from:]
	if from > 0 && len(rest) >= minPart && c.vocab[rest] {
		return []string{rest}
	}
	var best []string
	for end := from + minPart; end <= len(w)-minPart; end++ {
		head := w[from:end]
		if !c.vocab[head] {
			continue
		}
		next := []int{end}
		for _, l := range linkers {
			if end+len(l) <= len(w)-minPart && w[end:end+len(l)] == l {
				next = append(next, end+len(l))
			}
		}
		for _, n := range next {
			tail := c.best(w, n)
			if tail == nil {
				continue
			}
			if best == nil || len(tail)+1 < len(best) {
				best = append([]string{head}, tail...)
			}
		}
	}
	return best
}
