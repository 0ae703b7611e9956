package pulldata

import "strings"

// EOLProduct is what endoflife.date publishes about a product an
// inventory's components name: its release cycles with their support
// dates (API v1, "Get a product", schema ProductDetails;
// https://endoflife.date/docs/api/v1/). Dates are YYYY-MM-DD as the API
// writes them; empty when it does not know one.
type EOLProduct struct {
	// Name is the product as the components name it (and endoflife.date).
	Name  string `json:"name"`
	Label string `json:"label,omitempty"`
	// Link is the product's page on endoflife.date (links.html).
	Link string `json:"link,omitempty"`
	// Unknown is set when endoflife.date has no product of that name
	// (its API answered 404).
	Unknown  bool         `json:"unknown,omitempty"`
	Releases []EOLRelease `json:"releases,omitempty"`
}

// EOLRelease is one release cycle (API v1 schema ProductRelease).
type EOLRelease struct {
	// Name is the cycle: 8.1, 2.4.6, 12.
	Name        string `json:"name"`
	ReleaseDate string `json:"release_date,omitempty"`
	// EOASFrom ends active support (bug fixes); empty when the product
	// has no such phase or the date is not known.
	EOASFrom string `json:"eoas_from,omitempty"`
	// EOLFrom ends security support: after it the cycle gets no fixes.
	EOLFrom string `json:"eol_from,omitempty"`
	IsEOL   bool   `json:"is_eol"`
	// IsMaintained is set while the cycle has any level of support.
	IsMaintained bool `json:"is_maintained"`
	// Latest is the cycle's latest version (8.1.31, 2.4.6-p8) and
	// LatestDate the day it was released.
	Latest     string `json:"latest,omitempty"`
	LatestDate string `json:"latest_date,omitempty"`
}

// Ended reports whether the cycle is past its end of security support
// on day (YYYY-MM-DD): its date has come, or, when endoflife.date gives
// no date, it says so.
func (r *EOLRelease) Ended(day string) bool {
	if r.EOLFrom != "" {
		return r.EOLFrom <= day
	}
	return r.IsEOL
}

// Release returns the release cycle a version belongs to: the cycle
// whose name is the version, or the longest that begins it up to a '.',
// '-' or '+' (8.1 for 8.1.27, 2.4.6 for 2.4.6-p3, 12 for 12.8); nil when
// no cycle does (a version endoflife.date does not list).
func (p *EOLProduct) Release(version string) *EOLRelease {
	var best *EOLRelease
	for i := range p.Releases {
		r := &p.Releases[i]
		if r.Name == "" || !strings.HasPrefix(version, r.Name) {
			continue
		}
		if rest := version[len(r.Name):]; rest != "" && !strings.ContainsRune(".-+", rune(rest[0])) {
			continue // 8.1 is no cycle of 8.10
		}
		if best == nil || len(r.Name) > len(best.Name) {
			best = r
		}
	}
	return best
}
