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
	"math"
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
	"github.com/handbook-dev/handbook/generator/pulldata"
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
	// ConnectTo sends the connections for a host:port to another
	// host:port, as curl's --connect-to does: the request, the SNI and
	// the certificate's verification keep the site's own name. A site
	// is checked at a staging address, behind a load balancer's node, or
	// (the demo) on loopback under its real name.
	ConnectTo map[string]string
}

// dialer returns the DialContext of the checks' connections: the
// options' own, or a net.Dialer's, after ConnectTo's mapping.
func (o Options) dialer() func(ctx context.Context, network, addr string) (net.Conn, error) {
	dial := o.DialContext
	if dial == nil {
		dial = (&net.Dialer{Timeout: 30 * time.Second, KeepAlive: 30 * time.Second}).DialContext
	}
	if len(o.ConnectTo) == 0 {
		return dial
	}
	// Host names are case-insensitive (RFC 4343).
	connectTo := make(map[string]string, len(o.ConnectTo))
	for from, to := range o.ConnectTo {
		connectTo[strings.ToLower(from)] = to
	}
	return func(ctx context.Context, network, addr string) (net.Conn, error) {
		if to, ok := connectTo[strings.ToLower(addr)]; ok {
			addr = to
		}
		return dial(ctx, network, addr)
	}
}

// Run checks every site concurrently, in a bounded pool, and returns the
// results in the order of checks.
func Run(ctx context.Context, checks []Check, opts Options) []pulldata.WebResult {
	if opts.Concurrency <= 0 {
		opts.Concurrency = 8
	}
	if opts.Timeout <= 0 {
		opts.Timeout = 15 * time.Second
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	results := make([]pulldata.WebResult, len(checks))
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

// maxBody bounds the part of an answer that is read and matched.
const maxBody = 4 << 20

// maxRedirects is how many redirects a check follows, as browsers and
// net/http's default client do.
const maxRedirects = 10

func check(ctx context.Context, c Check, opts Options) pulldata.WebResult {
	now := opts.Now()
	r := pulldata.WebResult{ID: c.ID, Name: c.Name, URL: c.URL, CheckedAt: now.UTC().Truncate(time.Second)}
	u, err := url.Parse(c.URL)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		r.Error = "not an http(s) address: " + pull.Redact(c.URL)
		return r
	}
	p := &prober{opts: opts, now: now}
	client := p.client(func(req *http.Request, via []*http.Request) error {
		if len(via) >= maxRedirects {
			return fmt.Errorf("stopped after %d redirects", maxRedirects)
		}
		// A hop to an IP address is verified here, once its name is
		// known (see verifyConnection).
		if cert := p.hopCertificate(req.Response); cert != nil && !cert.Valid {
			return errors.New(cert.Error)
		}
		return nil
	})
	start := time.Now()
	resp, err := p.get(ctx, client, u.String())
	if err != nil {
		r.ResponseMS = time.Since(start).Milliseconds()
		r.TLS = p.lastCertificate()
		r.Error = p.errorText(err)
		return r
	}
	// The answer counts once its body has arrived: a monitoring probe
	// times the whole answer, and one that breaks off is not an answer.
	body, readErr := io.ReadAll(io.LimitReader(resp.Body, maxBody))
	resp.Body.Close()
	r.ResponseMS = time.Since(start).Milliseconds()
	r.Status = resp.StatusCode
	if final := resp.Request.URL.String(); final != u.String() {
		r.FinalURL = pull.Redact(final)
	}
	r.TLS = p.hopCertificate(resp)
	if r.TLS == nil {
		// The last host answered over plain http (a downgrade): the
		// certificate that still matters is the last one on the way.
		r.TLS = p.lastCertificate()
	}
	r.Up = resp.StatusCode >= 200 && resp.StatusCode < 400
	if r.TLS != nil && !r.TLS.Valid {
		r.Up, r.Error = false, r.TLS.Error
	}
	if readErr != nil {
		r.Up = false
		r.Error = "the answer broke off: " + p.errorText(readErr)
		if p.timedOut(readErr) {
			r.Error = p.errorText(readErr) + " (the body did not arrive in time)"
		}
	}
	if c.MaxResponse > 0 && time.Duration(r.ResponseMS)*time.Millisecond > c.MaxResponse {
		r.Slow = true
	}
	r.Headers = score(resp.Header)
	r.Exposed = exposedVersions(resp.Header, body)
	if c.Match != "" && readErr == nil {
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
		r.HTTPSRedirect, r.HTTPSRedirectError = p.redirectsToHTTPS(ctx, httpAddress(c, u))
	}
	return r
}

// prober makes the requests of one check. Every TLS connection is
// verified against the name of the host it was made for, so a site that
// redirects to another host (apex to www, a shop to its platform) is
// checked hop by hop, and the certificate described last is kept for
// the error report.
type prober struct {
	opts Options
	now  time.Time
	mu   sync.Mutex
	// last is the certificate described last; the transport may still be
	// handshaking in its own goroutine when a timed-out request returns.
	last *pulldata.Certificate
}

// client returns a client that follows redirects as checkRedirect says.
func (p *prober) client(checkRedirect func(*http.Request, []*http.Request) error) *http.Client {
	tr := &http.Transport{
		Proxy:       http.ProxyFromEnvironment,
		DialContext: p.opts.dialer(),
		// Verification is done in verifyConnection so that an expired or
		// mismatched certificate is reported with its dates instead of
		// only failing the handshake.
		TLSClientConfig:   &tls.Config{InsecureSkipVerify: true, VerifyConnection: p.verifyConnection},
		DisableKeepAlives: true,
	}
	return &http.Client{Transport: tr, CheckRedirect: checkRedirect}
}

// verifyConnection checks a handshake's certificate against the name the
// connection was made for (cs.ServerName, sent as SNI). For an IP
// address no name is sent (RFC 6066), so the chain is verified here and
// the address by hopCertificate once the request's address is known.
func (p *prober) verifyConnection(cs tls.ConnectionState) error {
	cert := describe(cs, cs.ServerName, p.opts.Roots, p.now)
	p.remember(cert)
	if !cert.Valid {
		return errors.New(cert.Error)
	}
	return nil
}

// hopCertificate describes the certificate of the host that gave resp,
// verified for that host's name or address; nil for a plain-http answer.
func (p *prober) hopCertificate(resp *http.Response) *pulldata.Certificate {
	if resp == nil || resp.TLS == nil || resp.Request == nil {
		return nil
	}
	cert := describe(*resp.TLS, resp.Request.URL.Hostname(), p.opts.Roots, p.now)
	p.remember(cert)
	return cert
}

func (p *prober) remember(c *pulldata.Certificate) {
	p.mu.Lock()
	p.last = c
	p.mu.Unlock()
}

func (p *prober) lastCertificate() *pulldata.Certificate {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.last
}

// get sends a GET with the probe's User-Agent.
func (p *prober) get(ctx context.Context, client *http.Client, target string) (*http.Response, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, target, nil)
	if err != nil {
		return nil, err
	}
	req.Header.Set("User-Agent", "handbook-pull/web")
	return client.Do(req)
}

// timedOut reports whether err is the check's deadline or a network
// timeout.
func (p *prober) timedOut(err error) bool {
	var ne net.Error
	return errors.Is(err, context.DeadlineExceeded) || (errors.As(err, &ne) && ne.Timeout())
}

// errorText says what went wrong in words a reader can act on: a timeout
// says how long the check waited.
func (p *prober) errorText(err error) string {
	if p.timedOut(err) {
		return fmt.Sprintf("no answer within %s", p.opts.Timeout)
	}
	var ue *url.Error
	if errors.As(err, &ue) {
		err = ue.Err
	}
	return err.Error()
}

// httpAddress is the plain-http address whose redirect is checked: the
// check's HTTPURL, or u with http for https.
func httpAddress(c Check, u *url.URL) string {
	if c.HTTPURL != "" {
		return c.HTTPURL
	}
	p := *u
	p.Scheme = "http"
	if p.Port() == "443" {
		p.Host = p.Hostname()
	}
	return p.String()
}

// errReachedHTTPS stops the redirect check at the first hop to https.
var errReachedHTTPS = errors.New("reached https")

// redirectsToHTTPS follows the plain-http address's redirects, across
// hosts, until one points to https (true) or an answer is not a redirect
// or the redirects go round on http (false). When no answer comes (a
// network error, a timeout) the result is unknown: nil and why.
func (p *prober) redirectsToHTTPS(ctx context.Context, target string) (*bool, string) {
	client := p.client(func(req *http.Request, via []*http.Request) error {
		if req.URL.Scheme == "https" {
			return errReachedHTTPS
		}
		if len(via) >= maxRedirects {
			return http.ErrUseLastResponse
		}
		return nil
	})
	resp, err := p.get(ctx, client, target)
	reached := errors.Is(err, errReachedHTTPS)
	if err != nil && !reached {
		return nil, p.errorText(err)
	}
	resp.Body.Close()
	return &reached, ""
}

// describe reports a served certificate for host: the leaf's subject and
// issuer, whether it verifies, and the earliest expiry of the verified
// chain. Certificates the server sends that are not in that chain (an
// old cross-sign) do not count; when the chain does not verify, the
// leaf's expiry is given.
func describe(cs tls.ConnectionState, host string, roots *x509.CertPool, now time.Time) *pulldata.Certificate {
	c := &pulldata.Certificate{Host: host}
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
	inter := x509.NewCertPool()
	for _, cert := range cs.PeerCertificates[1:] {
		inter.AddCert(cert)
	}
	chains, err := leaf.Verify(x509.VerifyOptions{DNSName: host, Roots: roots, Intermediates: inter, CurrentTime: now})
	c.Expires, c.ExpiryOf = leaf.NotAfter, "leaf"
	if err == nil {
		c.Expires, c.ExpiryOf = longestLived(chains), "chain"
	}
	c.Expires = c.Expires.UTC()
	c.DaysLeft = daysLeft(c.Expires, now)
	if err != nil {
		c.Error = verifyError(err, leaf, c.Expires, now)
		return c
	}
	c.Valid = true
	return c
}

// verifyError says why a certificate did not verify: an expired leaf by
// its date, a name it is not valid for as x509 puts it, anything else as
// a chain that does not verify, naming the certificate at fault.
func verifyError(err error, leaf *x509.Certificate, expires, now time.Time) string {
	var hostErr x509.HostnameError
	var invalid x509.CertificateInvalidError
	switch {
	case now.After(leaf.NotAfter):
		return "certificate expired on " + expires.Format(time.DateOnly)
	case errors.As(err, &hostErr):
		return err.Error()
	case errors.As(err, &invalid) && invalid.Cert != nil && invalid.Cert != leaf:
		return fmt.Sprintf("the certificate chain does not verify: %v (certificate %q issued by %q)", err, invalid.Cert.Subject.CommonName, invalid.Cert.Issuer.CommonName)
	default:
		return "the certificate chain does not verify: " + err.Error()
	}
}

// longestLived is the earliest expiry of the verified chain that stays
// valid longest: a client that finds several paths (a cross-signed
// intermediate) can use that one.
func longestLived(chains [][]*x509.Certificate) time.Time {
	var best time.Time
	for _, chain := range chains {
		earliest := chain[0].NotAfter
		for _, cert := range chain[1:] {
			if cert.NotAfter.Before(earliest) {
				earliest = cert.NotAfter
			}
		}
		if earliest.After(best) {
			best = earliest
		}
	}
	return best
}

// daysLeft counts whole days from now to expires, rounding down, so a
// certificate that expired an hour ago has -1 days left, not 0.
func daysLeft(expires, now time.Time) int {
	return int(math.Floor(expires.Sub(now).Hours() / 24))
}

var maxAgeRE = regexp.MustCompile(`(?i)max-age\s*=\s*"?(\d+)`)

// score checks the security headers every public site should send.
func score(h http.Header) pulldata.SecurityHeaders {
	var s pulldata.SecurityHeaders
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
