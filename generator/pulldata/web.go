package pulldata

import (
	"fmt"
	"time"
)

// WebResult is what one website check found.
type WebResult struct {
	ID        string    `json:"id"`
	Name      string    `json:"name"`
	URL       string    `json:"url"`
	CheckedAt time.Time `json:"checked_at"`
	Up        bool      `json:"up"`
	Status    int       `json:"status,omitempty"`
	// ResponseMS is the time to the whole answer: redirects followed and
	// the body read (its first 4 MiB).
	ResponseMS int64  `json:"response_ms"`
	Slow       bool   `json:"slow,omitempty"`
	Error      string `json:"error,omitempty"`
	// FinalURL is the address that answered after redirects, when it is
	// not URL.
	FinalURL string `json:"final_url,omitempty"`
	// HTTPSRedirect says whether http:// redirects to https://, following
	// every redirect; nil when not checked or unknown.
	HTTPSRedirect *bool `json:"https_redirect,omitempty"`
	// HTTPSRedirectError says why the redirect is unknown: no answer came
	// (a network error, a timeout).
	HTTPSRedirectError string          `json:"https_redirect_error,omitempty"`
	TLS                *Certificate    `json:"tls,omitempty"`
	Headers            SecurityHeaders `json:"headers"`
	// BodyMatch is set when the check has a Match.
	BodyMatch *bool `json:"body_match,omitempty"`
	// Exposed are the versions of its software the site names in its
	// answer (headers, the generator meta tag).
	Exposed []ExposedVersion `json:"exposed,omitempty"`
}

// ExposedVersion is a product and version a site names in its answer.
type ExposedVersion struct {
	// Source is where: the header (Server, X-Powered-By, ...) or
	// "meta generator".
	Source string `json:"source"`
	// Text is the part of the value that names it (nginx/1.22.1).
	Text string `json:"text"`
	// Product is its name in lower case (nginx, php, wordpress) and
	// Version the version as sent.
	Product string `json:"product"`
	Version string `json:"version"`
}

// Certificate describes the certificate of the host that answered last.
type Certificate struct {
	// Host is the name (or address) it was verified for: after redirects
	// to another host, that host's.
	Host string `json:"host,omitempty"`
	// Expires is the earliest expiry across the verified chain; the
	// leaf's when the chain does not verify (see ExpiryOf).
	Expires  time.Time `json:"expires"`
	DaysLeft int       `json:"days_left"`
	Subject  string    `json:"subject"`
	Issuer   string    `json:"issuer"`
	// ExpiryOf says where Expires comes from: "chain" (verified) or
	// "leaf" (the chain did not verify).
	ExpiryOf string `json:"expiry_of,omitempty"`
	// Valid reports whether the chain verified for Host.
	Valid bool   `json:"valid"`
	Error string `json:"error,omitempty"`
}

// SecurityHeaders scores the security headers of the answer.
type SecurityHeaders struct {
	HSTS             bool     `json:"strict_transport_security"`
	HSTSMaxAge       int      `json:"hsts_max_age,omitempty"`
	CSP              bool     `json:"content_security_policy"`
	NoSniff          bool     `json:"x_content_type_options"`
	FrameProtection  bool     `json:"frame_protection"`
	ReferrerPolicy   bool     `json:"referrer_policy"`
	Score            int      `json:"score"`
	Missing          []string `json:"missing,omitempty"`
	FrameAncestorCSP bool     `json:"-"`
}

// Summary formats a result for the progress output.
func (r WebResult) Summary() string {
	state := "up"
	if !r.Up {
		state = "DOWN"
	}
	s := fmt.Sprintf("%s %s %d in %d ms", r.ID, state, r.Status, r.ResponseMS)
	if r.TLS != nil {
		s += fmt.Sprintf(", certificate %d days left", r.TLS.DaysLeft)
	}
	if r.Error != "" {
		s += ": " + r.Error
	}
	if r.HTTPSRedirectError != "" {
		s += "; https redirect unknown: " + r.HTTPSRedirectError
	}
	return s
}

// WebHistoryLine is one check of one run in a web source's history file
// (<source>-history.jsonl, JSON Lines beside the snapshot).
type WebHistoryLine struct {
	Time       string `json:"t"`
	ID         string `json:"id"`
	Up         bool   `json:"up"`
	Status     int    `json:"status,omitempty"`
	ResponseMS int64  `json:"ms"`
	DaysLeft   *int   `json:"cert_days,omitempty"`
	Error      string `json:"error,omitempty"`
}
