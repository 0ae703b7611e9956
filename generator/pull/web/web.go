// Package web checks websites and webshops the way a monitoring probe
// does: availability, response time, the redirect from http to https, the
// TLS certificate chain's earliest expiry, security headers and an
// optional body match.
package web

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/handbook-dev/handbook/generator/pull"
)

// Check is one website to check.
type Check struct {
	// ID is the inventory item's id (or the check's name).
	ID   string `json:"id"`
	Name string `json:"name"`
	URL  string `json:"url"`
	// HTTPURL is the plain-http address whose redirect to https is
	// checked; empty derives it from URL.
	HTTPURL string `json:"http_url,omitempty"`
	// Match is a regular expression the body must match, if set.
	Match string `json:"match,omitempty"`
	// MaxResponse is the slowest acceptable response (0: no limit).
	MaxResponse time.Duration `json:"-"`
}

// Result is what one check found.
type Result struct {
	ID         string    `json:"id"`
	Name       string    `json:"name"`
	URL        string    `json:"url"`
	CheckedAt  time.Time `json:"checked_at"`
	Up         bool      `json:"up"`
	Status     int       `json:"status,omitempty"`
	ResponseMS int64     `json:"response_ms"`
	Slow       bool      `json:"slow,omitempty"`
	Error      string    `json:"error,omitempty"`
	// HTTPSRedirect says whether http:// redirects to https:// (nil when
	// not checked).
	HTTPSRedirect *bool        `json:"https_redirect,omitempty"`
	TLS           *Certificate `json:"tls,omitempty"`
	Headers       Headers      `json:"headers"`
	// BodyMatch is set when the check has a Match.
	BodyMatch *bool `json:"body_match,omitempty"`
}

// Certificate describes the served chain.
type Certificate struct {
	// Expires is the earliest expiry across the chain.
	Expires  time.Time `json:"expires"`
	DaysLeft int       `json:"days_left"`
	Subject  string    `json:"subject"`
	Issuer   string    `json:"issuer"`
	// Valid reports whether the chain verified for the host name.
	Valid bool   `json:"valid"`
	Error string `json:"error,omitempty"`
}

// Headers scores the security headers of the answer.
type Headers struct {
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

// Options configure a run.
type Options struct {
	// Concurrency bounds the checks running at once (default 8).
	Concurrency int
	// Timeout bounds each check (default 15 s).
	Timeout time.Duration
	// Roots verifies certificates; nil uses the system's roots.
	Roots *x509.CertPool
	// Now stamps the results; zero uses time.Now.
	Now func() time.Time
	// DialContext opens the checks' TCP connections; nil uses a
	// net.Dialer. Tests map host names to local servers with it.
	DialContext func(ctx context.Context, network, addr string) (net.Conn, error)
}

// Run checks every site concurrently, in a bounded pool, and returns the
// results in the order of checks.
func Run(ctx context.Context, checks []Check, opts Options) []Result {
	if opts.Concurrency <= 0 {
		opts.Concurrency = 8
	}
	if opts.Timeout <= 0 {
		opts.Timeout = 15 * time.Second
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	results := make([]Result, len(checks))
	sem := make(chan struct{}, opts.Concurrency)
	var wg sync.WaitGroup
	for i, c := range checks {
		wg.Add(1)
		sem <- struct{}{}
		go func() {
			defer wg.Done()
			defer func() { <-sem }()
			cctx, cancel := context.WithTimeout(ctx, opts.Timeout)
			defer cancel()
			results[i] = check(cctx, c, opts)
		}()
	}
	wg.Wait()
	return results
}

func check(ctx context.Context, c Check, opts Options) Result {
	now := opts.Now()
	r := Result{ID: c.ID, Name: c.Name, URL: c.URL, CheckedAt: now.UTC().Truncate(time.Second)}
	u, err := url.Parse(c.URL)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		r.Error = "not an http(s) address: " + pull.Redact(c.URL)
		return r
	}
	var cert *Certificate
	tr := &http.Transport{
		Proxy: http.ProxyFromEnvironment,
		// Verification is done by hand in VerifyConnection so that an
		// expired or mismatched certificate is reported with its dates
		// instead of only failing the handshake.
		TLSClientConfig: &tls.Config{InsecureSkipVerify: true, VerifyConnection: func(cs tls.ConnectionState) error {
			cert = describe(cs, u.Hostname(), opts.Roots, now)
			if !cert.Valid {
				return errors.New(cert.Error)
			}
			return nil
		}},
		DisableKeepAlives: true,
		DialContext:       opts.DialContext,
	}
	client := &http.Client{Transport: tr}
	req, _ := http.NewRequestWithContext(ctx, http.MethodGet, u.String(), nil)
	req.Header.Set("User-Agent", "handbook-pull/web")
	start := time.Now()
	resp, err := client.Do(req)
	r.ResponseMS = time.Since(start).Milliseconds()
	r.TLS = cert
	if err != nil {
		var ue *url.Error
		if errors.As(err, &ue) {
			err = ue.Err
		}
		r.Error = err.Error()
		return r
	}
	body, _ := io.ReadAll(io.LimitReader(resp.Body, 4<<20))
	resp.Body.Close()
	r.Status = resp.StatusCode
	r.Up = resp.StatusCode >= 200 && resp.StatusCode < 400
	if c.MaxResponse > 0 && time.Duration(r.ResponseMS)*time.Millisecond > c.MaxResponse {
		r.Slow = true
	}
	r.Headers = score(resp.Header)
	if c.Match != "" {
		re, err := regexp.Compile(c.Match)
		ok := err == nil && re.Match(body)
		r.BodyMatch = &ok
		if !ok {
			r.Up = false
			if err != nil {
				r.Error = "match: " + err.Error()
			} else {
				r.Error = "the page does not contain " + strconv.Quote(c.Match)
			}
		}
	}
	if u.Scheme == "https" {
		r.HTTPSRedirect = redirectsToHTTPS(ctx, c, u, opts)
	}
	return r
}

// describe reports the served chain: its earliest expiry, the leaf's
// subject and issuer, and whether it verifies for host.
func describe(cs tls.ConnectionState, host string, roots *x509.CertPool, now time.Time) *Certificate {
	c := &Certificate{}
	if len(cs.PeerCertificates) == 0 {
		c.Error = "no certificate"
		return c
	}
	leaf := cs.PeerCertificates[0]
	c.Subject = leaf.Subject.CommonName
	if c.Subject == "" && len(leaf.DNSNames) > 0 {
		c.Subject = leaf.DNSNames[0]
	}
	c.Issuer = leaf.Issuer.CommonName
	if len(leaf.Issuer.Organization) > 0 {
		c.Issuer = strings.TrimSpace(leaf.Issuer.Organization[0] + " " + leaf.Issuer.CommonName)
	}
	c.Expires = leaf.NotAfter
	for _, cert := range cs.PeerCertificates[1:] {
		if cert.NotAfter.Before(c.Expires) {
			c.Expires = cert.NotAfter
		}
	}
	c.Expires = c.Expires.UTC()
	c.DaysLeft = int(c.Expires.Sub(now).Hours() / 24)
	inter := x509.NewCertPool()
	for _, cert := range cs.PeerCertificates[1:] {
		inter.AddCert(cert)
	}
	_, err := leaf.Verify(x509.VerifyOptions{DNSName: host, Roots: roots, Intermediates: inter, CurrentTime: now})
	if err != nil {
		c.Error = err.Error()
		if now.After(c.Expires) {
			c.Error = "certificate expired on " + c.Expires.Format(time.DateOnly)
		}
		return c
	}
	c.Valid = true
	return c
}

var maxAgeRE = regexp.MustCompile(`(?i)max-age\s*=\s*"?(\d+)`)

// score checks the security headers every public site should send.
func score(h http.Header) Headers {
	var s Headers
	if v := h.Get("Strict-Transport-Security"); v != "" {
		if m := maxAgeRE.FindStringSubmatch(v); m != nil {
			s.HSTSMaxAge, _ = strconv.Atoi(m[1])
			s.HSTS = s.HSTSMaxAge > 0
		}
	}
	csp := h.Get("Content-Security-Policy")
	s.CSP = csp != ""
	s.NoSniff = strings.EqualFold(strings.TrimSpace(h.Get("X-Content-Type-Options")), "nosniff")
	s.FrameAncestorCSP = strings.Contains(strings.ToLower(csp), "frame-ancestors")
	s.FrameProtection = h.Get("X-Frame-Options") != "" || s.FrameAncestorCSP
	s.ReferrerPolicy = h.Get("Referrer-Policy") != ""
	for name, ok := range map[string]bool{"Strict-Transport-Security": s.HSTS, "Content-Security-Policy": s.CSP,
		"X-Content-Type-Options": s.NoSniff, "X-Frame-Options or frame-ancestors": s.FrameProtection, "Referrer-Policy": s.ReferrerPolicy} {
		if ok {
			s.Score++
		} else {
			s.Missing = append(s.Missing, name)
		}
	}
	sort.Strings(s.Missing)
	return s
}

// redirectsToHTTPS asks the plain-http address without following
// redirects and reports whether it points to https.
func redirectsToHTTPS(ctx context.Context, c Check, u *url.URL, opts Options) *bool {
	target := c.HTTPURL
	if target == "" {
		p := *u
		p.Scheme = "http"
		if p.Port() == "443" {
			p.Host = p.Hostname()
		}
		target = p.String()
	}
	client := &http.Client{Transport: &http.Transport{Proxy: http.ProxyFromEnvironment, DialContext: opts.DialContext, DisableKeepAlives: true},
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, target, nil)
	if err != nil {
		return nil
	}
	resp, err := client.Do(req)
	if err != nil {
		f := false
		return &f
	}
	resp.Body.Close()
	loc, _ := resp.Location()
	ok := resp.StatusCode >= 300 && resp.StatusCode < 400 && loc != nil && loc.Scheme == "https"
	return &ok
}

// Summary formats a result for the progress output.
func (r Result) Summary() string {
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
	return s
}
