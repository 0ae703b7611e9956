package web

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"io"
	"log"
	"math/big"
	"net"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/handbook-dev/handbook/generator/pulldata"
)

var now = time.Date(2026, 11, 24, 12, 0, 0, 0, time.UTC)

// testCA issues certificates for 127.0.0.1 with chosen lifetimes.
type testCA struct {
	cert *x509.Certificate
	key  *ecdsa.PrivateKey
	pool *x509.CertPool
}

func newCA(t *testing.T) *testCA {
	key, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	tmpl := &x509.Certificate{SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "Test Root", Organization: []string{"Handbook Test CA"}},
		NotBefore: now.AddDate(-1, 0, 0), NotAfter: now.AddDate(5, 0, 0), IsCA: true, BasicConstraintsValid: true,
		KeyUsage: x509.KeyUsageCertSign | x509.KeyUsageDigitalSignature}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	cert, _ := x509.ParseCertificate(der)
	pool := x509.NewCertPool()
	pool.AddCert(cert)
	return &testCA{cert: cert, key: key, pool: pool}
}

func (ca *testCA) server(t *testing.T, notAfter time.Time, h http.Handler) *httptest.Server {
	key, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	tmpl := &x509.Certificate{SerialNumber: big.NewInt(time.Now().UnixNano()), Subject: pkix.Name{CommonName: "shop.example"},
		NotBefore: now.AddDate(0, -3, 0), NotAfter: notAfter, IPAddresses: []net.IP{net.ParseIP("127.0.0.1")},
		ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth}, KeyUsage: x509.KeyUsageDigitalSignature}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, ca.cert, &key.PublicKey, ca.key)
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewUnstartedServer(h)
	srv.TLS = &tls.Config{Certificates: []tls.Certificate{{Certificate: [][]byte{der, ca.cert.Raw}, PrivateKey: key}}}
	srv.StartTLS()
	t.Cleanup(srv.Close)
	return srv
}

func secure(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Strict-Transport-Security", "max-age=31536000; includeSubDomains")
	w.Header().Set("Content-Security-Policy", "default-src 'self'; frame-ancestors 'none'")
	w.Header().Set("X-Content-Type-Options", "nosniff")
	w.Header().Set("Referrer-Policy", "strict-origin-when-cross-origin")
	w.Write([]byte("<html><body>Welcome to the Lakeside webshop</body></html>"))
}

func bare(w http.ResponseWriter, r *http.Request) { w.Write([]byte("hello")) }

func TestChecks(t *testing.T) {
	ca := newCA(t)
	valid := ca.server(t, now.AddDate(0, 2, 0), http.HandlerFunc(secure))
	expiring := ca.server(t, now.Add(3*24*time.Hour+time.Hour), http.HandlerFunc(bare))
	expired := ca.server(t, now.AddDate(0, 0, -2), http.HandlerFunc(bare))
	down := ca.server(t, now.AddDate(1, 0, 0), http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(503) }))
	redirect := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, valid.URL+r.URL.Path, http.StatusMovedPermanently)
	}))
	defer redirect.Close()
	noRedirect := httptest.NewServer(http.HandlerFunc(bare))
	defer noRedirect.Close()
	slow := ca.server(t, now.AddDate(1, 0, 0), http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		time.Sleep(60 * time.Millisecond)
		bare(w, r)
	}))

	checks := []Check{
		{ID: "shop", URL: valid.URL + "/", HTTPURL: redirect.URL + "/", Match: "Lakeside webshop"},
		{ID: "expiring", URL: expiring.URL + "/", HTTPURL: noRedirect.URL + "/"},
		{ID: "expired", URL: expired.URL + "/"},
		{ID: "down", URL: down.URL + "/"},
		{ID: "nomatch", URL: valid.URL + "/", Match: "Out of stock"},
		{ID: "slow", URL: slow.URL + "/", MaxResponse: 20 * time.Millisecond},
		{ID: "bad", URL: "ftp://example.org/"},
	}
	res := Run(context.Background(), checks, Options{Roots: ca.pool, Now: func() time.Time { return now }, Concurrency: 3, Timeout: 5 * time.Second})
	by := map[string]pulldata.WebResult{}
	for _, r := range res {
		by[r.ID] = r
	}

	shop := by["shop"]
	if !shop.Up || shop.Status != 200 || shop.TLS == nil || !shop.TLS.Valid || shop.TLS.DaysLeft < 59 || shop.TLS.Issuer != "Handbook Test CA Test Root" {
		t.Errorf("shop = %+v tls %+v", shop, shop.TLS)
	}
	if shop.Headers.Score != 5 || !shop.Headers.FrameProtection || shop.Headers.HSTSMaxAge != 31536000 || len(shop.Headers.Missing) != 0 {
		t.Errorf("shop headers = %+v", shop.Headers)
	}
	if shop.HTTPSRedirect == nil || !*shop.HTTPSRedirect || shop.BodyMatch == nil || !*shop.BodyMatch {
		t.Errorf("shop redirect %v match %v", shop.HTTPSRedirect, shop.BodyMatch)
	}

	exp := by["expiring"]
	if !exp.Up || exp.TLS == nil || exp.TLS.DaysLeft != 3 || exp.Headers.Score != 0 || len(exp.Headers.Missing) != 5 {
		t.Errorf("expiring = %+v tls %+v headers %+v", exp, exp.TLS, exp.Headers)
	}
	if exp.HTTPSRedirect == nil || *exp.HTTPSRedirect {
		t.Errorf("http without redirect reported as redirecting: %v", exp.HTTPSRedirect)
	}

	gone := by["expired"]
	if gone.Up || gone.TLS == nil || gone.TLS.Valid || gone.TLS.DaysLeft >= 0 || !strings.Contains(gone.Error, "certificate expired on") {
		t.Errorf("expired = %+v tls %+v", gone, gone.TLS)
	}
	if d := by["down"]; d.Up || d.Status != 503 {
		t.Errorf("down = %+v", d)
	}
	if m := by["nomatch"]; m.Up || m.BodyMatch == nil || *m.BodyMatch || !strings.Contains(m.Error, "Out of stock") {
		t.Errorf("nomatch = %+v", m)
	}
	if s := by["slow"]; !s.Up || !s.Slow {
		t.Errorf("slow = %+v", s)
	}
	if b := by["bad"]; b.Up || !strings.Contains(b.Error, "not an http(s) address") {
		t.Errorf("bad = %+v", b)
	}
}

// authority is a certificate with its key, able to sign others.
type authority struct {
	cert *x509.Certificate
	key  *ecdsa.PrivateKey
}

// certSpec describes a certificate to issue in a test.
type certSpec struct {
	cn       string
	names    []string
	ips      []net.IP
	notAfter time.Time
	ca       bool
	// key reuses a key (a cross-sign has the same key as the certificate
	// it cross-signs); nil makes a new one.
	key *ecdsa.PrivateKey
}

// issue signs spec with parent, or self-signs it when parent is nil.
func issue(t *testing.T, spec certSpec, parent *authority) *authority {
	t.Helper()
	key := spec.key
	if key == nil {
		var err error
		if key, err = ecdsa.GenerateKey(elliptic.P256(), rand.Reader); err != nil {
			t.Fatal(err)
		}
	}
	serial, _ := rand.Int(rand.Reader, big.NewInt(1<<62))
	tmpl := &x509.Certificate{SerialNumber: serial, Subject: pkix.Name{CommonName: spec.cn, Organization: []string{"Handbook Test"}},
		NotBefore: now.AddDate(-2, 0, 0), NotAfter: spec.notAfter, DNSNames: spec.names, IPAddresses: spec.ips,
		KeyUsage: x509.KeyUsageDigitalSignature}
	if spec.ca {
		tmpl.IsCA, tmpl.BasicConstraintsValid = true, true
		tmpl.KeyUsage |= x509.KeyUsageCertSign
	} else {
		tmpl.ExtKeyUsage = []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth}
	}
	signer, signerKey := tmpl, key
	if parent != nil {
		signer, signerKey = parent.cert, parent.key
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, signer, &key.PublicKey, signerKey)
	if err != nil {
		t.Fatal(err)
	}
	cert, err := x509.ParseCertificate(der)
	if err != nil {
		t.Fatal(err)
	}
	return &authority{cert: cert, key: key}
}

// tlsServer serves h over TLS with leaf and the extra certificates sent
// along after it, in that order.
func tlsServer(t *testing.T, leaf *authority, extra []*x509.Certificate, h http.Handler) *httptest.Server {
	t.Helper()
	chain := [][]byte{leaf.cert.Raw}
	for _, c := range extra {
		chain = append(chain, c.Raw)
	}
	srv := httptest.NewUnstartedServer(h)
	// The handshakes the checks refuse are the point of some tests.
	srv.Config.ErrorLog = log.New(io.Discard, "", 0)
	srv.TLS = &tls.Config{Certificates: []tls.Certificate{{Certificate: chain, PrivateKey: leaf.key}}}
	srv.StartTLS()
	t.Cleanup(srv.Close)
	return srv
}

// resolver maps "host:port" to a local server's address, as DNS would
// map a site's name; IP addresses are dialled as they are and unknown
// names are not found.
type resolver map[string]string

func (m resolver) dial(ctx context.Context, network, addr string) (net.Conn, error) {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return nil, err
	}
	if to, ok := m[addr]; ok {
		addr = to
	} else if net.ParseIP(host) == nil {
		return nil, &net.DNSError{Err: "no such host", Name: host, IsNotFound: true}
	}
	var d net.Dialer
	return d.DialContext(ctx, network, addr)
}

// listenerAddr is where a server listens ("127.0.0.1:port").
func listenerAddr(srv *httptest.Server) string { return srv.Listener.Addr().String() }

func redirectTo(target string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) { http.Redirect(w, r, target, http.StatusMovedPermanently) }
}

// Point 11: a site that redirects to another host is checked hop by hop,
// each TLS connection against the name it was made for, and the
// certificate recorded is the one of the host that answered last.
// Documentation the servers follow:
//   - https://pkg.go.dev/crypto/tls#Config (VerifyConnection runs for every
//     handshake, with InsecureSkipVerify too) and
//     https://pkg.go.dev/crypto/tls#ConnectionState (ServerName);
//   - https://www.rfc-editor.org/rfc/rfc6066#section-3 (SNI carries host
//     names only, never an IP address: the IP case);
//   - https://www.rfc-editor.org/rfc/rfc9110#section-15.4.2 (301 with a
//     Location on another host).
func TestRedirectToAnotherHost(t *testing.T) {
	root := issue(t, certSpec{cn: "Hop Root", notAfter: now.AddDate(5, 0, 0), ca: true}, nil)
	roots := x509.NewCertPool()
	roots.AddCert(root.cert)
	leaf := func(notAfter time.Time, names ...string) *authority {
		return issue(t, certSpec{cn: names[0], names: names, notAfter: notAfter}, root)
	}
	apex := tlsServer(t, leaf(now.AddDate(0, 0, 200), "apex.test"), nil, redirectTo("https://www.test/"))
	www := tlsServer(t, leaf(now.AddDate(0, 0, 40), "www.test"), nil, http.HandlerFunc(secure))
	shop := tlsServer(t, leaf(now.AddDate(0, 0, 200), "shop.test"), nil, redirectTo("https://platform.test/lakeside"))
	platform := tlsServer(t, leaf(now.AddDate(0, 0, 300), "other.test"), nil, http.HandlerFunc(bare))
	expiredApex := tlsServer(t, leaf(now.AddDate(0, 0, -3), "old.test"), nil, redirectTo("https://www.test/"))
	sso := tlsServer(t, leaf(now.AddDate(0, 0, 200), "sso.test"), nil, redirectTo("https://www.test/?access_token=s3cret-value"))
	plainWWW := httptest.NewServer(http.HandlerFunc(bare))
	t.Cleanup(plainWWW.Close)
	downgrade := tlsServer(t, leaf(now.AddDate(0, 0, 70), "down.test"), nil, redirectTo("http://www.test/"))
	ipOnly := tlsServer(t, leaf(now.AddDate(0, 0, 90), "www.test"), nil, http.HandlerFunc(bare))
	dns := resolver{"apex.test:443": listenerAddr(apex), "www.test:443": listenerAddr(www), "shop.test:443": listenerAddr(shop),
		"platform.test:443": listenerAddr(platform), "old.test:443": listenerAddr(expiredApex),
		"sso.test:443": listenerAddr(sso), "down.test:443": listenerAddr(downgrade), "www.test:80": listenerAddr(plainWWW)}

	tests := []struct {
		name, url           string
		wantUp, wantValid   bool
		wantHost, wantFinal string
		wantDays            int
		wantErr             string
	}{
		{name: "apex to www", url: "https://apex.test/", wantUp: true, wantValid: true, wantHost: "www.test", wantFinal: "https://www.test/", wantDays: 40},
		{name: "a token in the final address is not kept", url: "https://sso.test/", wantUp: true, wantValid: true, wantHost: "www.test",
			wantFinal: "https://www.test/?access_token=REDACTED", wantDays: 40},
		{name: "redirect to plain http keeps the last certificate on the way", url: "https://down.test/", wantUp: true, wantValid: true,
			wantHost: "down.test", wantFinal: "http://www.test/", wantDays: 70},
		{name: "platform serves a certificate for another name", url: "https://shop.test/", wantHost: "platform.test", wantDays: 300,
			wantErr: "not platform.test"},
		{name: "first hop expired", url: "https://old.test/", wantHost: "old.test", wantDays: -3, wantErr: "expired"},
		{name: "IP address, certificate for a name only", url: "https://" + listenerAddr(ipOnly) + "/", wantHost: "127.0.0.1", wantDays: 90,
			wantErr: "127.0.0.1"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := Run(context.Background(), []Check{{ID: "site", URL: tt.url}},
				Options{Roots: roots, Now: func() time.Time { return now }, DialContext: dns.dial, Timeout: 5 * time.Second})[0]
			if res.Up != tt.wantUp || (tt.wantUp && res.Status != 200) {
				t.Errorf("up %v status %d error %q, want up %v", res.Up, res.Status, res.Error, tt.wantUp)
			}
			if tt.wantErr != "" && !strings.Contains(res.Error, tt.wantErr) {
				t.Errorf("error %q, want it to mention %q", res.Error, tt.wantErr)
			}
			if res.FinalURL != tt.wantFinal {
				t.Errorf("final URL %q, want %q", res.FinalURL, tt.wantFinal)
			}
			if res.TLS == nil {
				t.Fatalf("no certificate recorded")
			}
			if res.TLS.Host != tt.wantHost || res.TLS.Valid != tt.wantValid || res.TLS.DaysLeft != tt.wantDays {
				t.Errorf("certificate %+v, want host %s valid %v days %d", res.TLS, tt.wantHost, tt.wantValid, tt.wantDays)
			}
		})
	}
}

// Point 12: the expiry is the verified chain's, not that of whatever
// else the server sends along (here an expired cross-sign of the root,
// as servers sent for Let's Encrypt's ISRG Root X1 after DST Root CA X3
// expired: https://letsencrypt.org/docs/dst-root-ca-x3-expiration-september-2021/,
// https://letsencrypt.org/certificates/). The verified chain is the one
// x509 returns: https://pkg.go.dev/crypto/x509#Certificate.Verify.
func TestExpiryFromVerifiedChain(t *testing.T) {
	root := issue(t, certSpec{cn: "New Root", notAfter: now.AddDate(10, 0, 0), ca: true}, nil)
	oldRoot := issue(t, certSpec{cn: "Old Root", notAfter: now.AddDate(0, 0, -30), ca: true}, nil)
	crossSign := issue(t, certSpec{cn: "New Root", notAfter: now.AddDate(0, 0, -30), ca: true, key: root.key}, oldRoot)
	inter := issue(t, certSpec{cn: "Issuing CA", notAfter: now.AddDate(3, 0, 0), ca: true}, root)
	shortInter := issue(t, certSpec{cn: "Short CA", notAfter: now.AddDate(0, 0, 20), ca: true}, root)
	trusted := x509.NewCertPool()
	trusted.AddCert(root.cert)
	other := x509.NewCertPool()
	other.AddCert(issue(t, certSpec{cn: "Unrelated Root", notAfter: now.AddDate(5, 0, 0), ca: true}, nil).cert)

	leaf := issue(t, certSpec{cn: "shop.test", names: []string{"shop.test"}, notAfter: now.AddDate(0, 0, 60)}, inter)
	longLeaf := issue(t, certSpec{cn: "shop.test", names: []string{"shop.test"}, notAfter: now.AddDate(0, 0, 300)}, shortInter)
	withCrossSign := tlsServer(t, leaf, []*x509.Certificate{inter.cert, crossSign.cert}, http.HandlerFunc(bare))
	shortChain := tlsServer(t, longLeaf, []*x509.Certificate{shortInter.cert}, http.HandlerFunc(bare))

	tests := []struct {
		name       string
		srv        *httptest.Server
		roots      *x509.CertPool
		wantValid  bool
		wantDays   int
		wantSource string
		wantErr    string
	}{
		{name: "expired cross-sign served along", srv: withCrossSign, roots: trusted, wantValid: true, wantDays: 60, wantSource: "chain"},
		{name: "intermediate expires first", srv: shortChain, roots: trusted, wantValid: true, wantDays: 20, wantSource: "chain"},
		{name: "chain does not verify: the leaf's expiry", srv: withCrossSign, roots: other, wantDays: 60, wantSource: "leaf",
			wantErr: "the certificate chain does not verify"},
		{name: "unknown root", srv: shortChain, roots: other, wantDays: 300, wantSource: "leaf",
			wantErr: "the certificate chain does not verify: x509: certificate signed by unknown authority"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dns := resolver{"shop.test:443": listenerAddr(tt.srv)}
			res := Run(context.Background(), []Check{{ID: "shop", URL: "https://shop.test/"}},
				Options{Roots: tt.roots, Now: func() time.Time { return now }, DialContext: dns.dial, Timeout: 5 * time.Second})[0]
			c := res.TLS
			if c == nil {
				t.Fatalf("no certificate: %+v", res)
			}
			if c.Valid != tt.wantValid || c.DaysLeft != tt.wantDays || c.ExpiryOf != tt.wantSource || res.Up != tt.wantValid {
				t.Errorf("certificate %+v (up %v), want valid %v, %d days left from the %s", c, res.Up, tt.wantValid, tt.wantDays, tt.wantSource)
			}
			if tt.wantErr != "" && (!strings.Contains(c.Error, tt.wantErr) || !strings.Contains(res.Error, tt.wantErr)) {
				t.Errorf("errors %q / %q, want them to mention %q", c.Error, res.Error, tt.wantErr)
			}
		})
	}
}

// Point 13: the http address's redirects are followed until one points
// to https; a failure to get an answer is unknown, not "no redirect".
// Redirects as https://www.rfc-editor.org/rfc/rfc9110#section-15.4
// describes them (a 3xx with a Location, absolute or relative); the
// http-to-https redirect as https://www.rfc-editor.org/rfc/rfc6797#section-7.2
// asks of a site that sends HSTS.
func TestHTTPSRedirectChain(t *testing.T) {
	root := issue(t, certSpec{cn: "Redirect Root", notAfter: now.AddDate(5, 0, 0), ca: true}, nil)
	roots := x509.NewCertPool()
	roots.AddCert(root.cert)
	site := tlsServer(t, issue(t, certSpec{cn: "b.test", names: []string{"b.test"}, notAfter: now.AddDate(0, 2, 0)}, root), nil, http.HandlerFunc(bare))
	plain := func(h http.Handler) string {
		srv := httptest.NewServer(h)
		t.Cleanup(srv.Close)
		return listenerAddr(srv)
	}
	// stalled answers nothing until the client gives up (or the test ends).
	done := make(chan struct{})
	t.Cleanup(func() { close(done) })
	stalled := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-r.Context().Done():
		case <-done:
		}
	})
	login := http.NewServeMux()
	login.Handle("/login", http.HandlerFunc(bare))
	login.Handle("/", redirectTo("/login"))
	closed := httptest.NewServer(http.HandlerFunc(bare))
	refused := listenerAddr(closed)
	closed.Close()
	dns := resolver{
		"b.test:443":       listenerAddr(site),
		"b.test:80":        plain(redirectTo("https://b.test/")),
		"a.test:80":        plain(redirectTo("http://b.test/")),
		"login.test:80":    plain(login),
		"loop.test:80":     plain(redirectTo("http://loop.test/again")),
		"refused.test:80":  refused,
		"stalled.test:80":  plain(stalled),
		"via-down.test:80": plain(redirectTo("http://refused.test/")),
	}

	tests := []struct {
		name, httpURL string
		want          string // true, false or unknown
		wantWhy       string
	}{
		{name: "straight to https", httpURL: "http://b.test/", want: "true"},
		{name: "to another http host, then https", httpURL: "http://a.test/", want: "true"},
		{name: "to a login page on http", httpURL: "http://login.test/", want: "false"},
		{name: "no redirect", httpURL: "http://" + plain(http.HandlerFunc(bare)) + "/", want: "false"},
		{name: "redirect loop on http", httpURL: "http://loop.test/", want: "false"},
		{name: "connection refused", httpURL: "http://refused.test/", want: "unknown", wantWhy: "refused"},
		{name: "refused after a redirect", httpURL: "http://via-down.test/", want: "unknown", wantWhy: "refused"},
		{name: "no such host", httpURL: "http://nowhere.test/", want: "unknown", wantWhy: "no such host"},
		{name: "timeout", httpURL: "http://stalled.test/", want: "unknown", wantWhy: "no answer within"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := Run(context.Background(), []Check{{ID: "b", URL: "https://b.test/", HTTPURL: tt.httpURL}},
				Options{Roots: roots, Now: func() time.Time { return now }, DialContext: dns.dial, Timeout: 1500 * time.Millisecond})[0]
			if !res.Up {
				t.Fatalf("the https site itself is down: %+v", res)
			}
			got := "unknown"
			if res.HTTPSRedirect != nil {
				got = strconv.FormatBool(*res.HTTPSRedirect)
			}
			if got != tt.want || !strings.Contains(res.HTTPSRedirectError, tt.wantWhy) || (tt.wantWhy == "") != (res.HTTPSRedirectError == "") {
				t.Errorf("https redirect %s (%q), want %s (%q)", got, res.HTTPSRedirectError, tt.want, tt.wantWhy)
			}
			if tt.want == "unknown" && !strings.Contains(res.Summary(), "https redirect unknown") {
				t.Errorf("summary %q does not say the redirect is unknown", res.Summary())
			}
		})
	}
}

// What a monitoring probe must get right besides the points above: the
// answer counts only when its body arrives whole, the response time runs
// to the end of the body, and a timeout says so.
func TestProbeAnswer(t *testing.T) {
	brokenBody := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		conn, buf, err := w.(http.Hijacker).Hijack()
		if err != nil {
			t.Error(err)
			return
		}
		buf.WriteString("HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: 1000\r\n\r\n<html><body>Welc")
		buf.Flush()
		conn.Close()
	})
	slowBody := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(200)
		w.(http.Flusher).Flush()
		time.Sleep(150 * time.Millisecond)
		w.Write([]byte("<html><body>Welcome to the Lakeside webshop</body></html>"))
	})
	done := make(chan struct{})
	t.Cleanup(func() { close(done) })
	stalledBody := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(200)
		w.(http.Flusher).Flush()
		select {
		case <-r.Context().Done():
		case <-done:
		}
	})
	noAnswer := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-r.Context().Done():
		case <-done:
		}
	})
	tests := []struct {
		name      string
		h         http.Handler
		check     Check
		wantUp    bool
		wantSlow  bool
		wantError string
	}{
		{name: "body breaks off", h: brokenBody, wantError: "the answer broke off"},
		{name: "body arrives slowly", h: slowBody, check: Check{MaxResponse: 100 * time.Millisecond, Match: "Lakeside"}, wantUp: true, wantSlow: true},
		{name: "body never ends", h: stalledBody, wantError: "no answer within 1s"},
		{name: "no answer", h: noAnswer, wantError: "no answer within 1s"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := httptest.NewServer(tt.h)
			defer srv.Close()
			c := tt.check
			c.ID, c.URL = "site", srv.URL+"/"
			res := Run(context.Background(), []Check{c}, Options{Now: func() time.Time { return now }, Timeout: time.Second})[0]
			if res.Up != tt.wantUp || res.Slow != tt.wantSlow || !strings.Contains(res.Error, tt.wantError) || (tt.wantError == "") != (res.Error == "") {
				t.Errorf("up %v slow %v (%d ms) error %q, want up %v slow %v error %q", res.Up, res.Slow, res.ResponseMS, res.Error, tt.wantUp, tt.wantSlow, tt.wantError)
			}
		})
	}
}

// TestConnectTo checks a site by its real name at another address, as
// curl --connect-to does: the connection goes to the mapped address,
// the handshake sends the real name (SNI), the certificate is verified
// for it, and the request carries it as Host. Without the mapping the
// name does not resolve; mapped to a server with another name's
// certificate, the check fails on the name.
func TestConnectTo(t *testing.T) {
	root := issue(t, certSpec{cn: "Connect Root", notAfter: now.AddDate(5, 0, 0), ca: true}, nil)
	roots := x509.NewCertPool()
	roots.AddCert(root.cert)
	serve := func(names ...string) (*httptest.Server, *sync.Map) {
		leaf := issue(t, certSpec{cn: names[0], names: names, notAfter: now.AddDate(0, 0, 60)}, root)
		seen := &sync.Map{} // "sni" and "host" of the last request
		srv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			seen.Store("host", r.Host)
			secure(w, r)
		}))
		srv.Config.ErrorLog = log.New(io.Discard, "", 0)
		cert := tls.Certificate{Certificate: [][]byte{leaf.cert.Raw}, PrivateKey: leaf.key}
		srv.TLS = &tls.Config{GetCertificate: func(hello *tls.ClientHelloInfo) (*tls.Certificate, error) {
			seen.Store("sni", hello.ServerName)
			return &cert, nil
		}}
		srv.StartTLS()
		t.Cleanup(srv.Close)
		return srv, seen
	}
	www, wwwSeen := serve("www.lakeside.test")
	other, _ := serve("other.test")
	plain := httptest.NewServer(redirectTo("https://www.lakeside.test/"))
	t.Cleanup(plain.Close)
	mapped := map[string]string{"www.lakeside.test:443": listenerAddr(www), "WWW.lakeside.test:80": listenerAddr(plain)}
	tests := []struct {
		name      string
		connectTo map[string]string
		dial      func(ctx context.Context, network, addr string) (net.Conn, error)
		wantUp    bool
		wantErr   string
	}{
		{name: "mapped to the site's server", connectTo: mapped, wantUp: true},
		{name: "mapped, through the options' own dialer", connectTo: mapped, dial: resolver{}.dial, wantUp: true},
		{name: "not mapped", dial: resolver{}.dial, wantErr: "no such host"},
		{name: "mapped to a server of another name", connectTo: map[string]string{"www.lakeside.test:443": listenerAddr(other)}, wantErr: "www.lakeside.test"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			wwwSeen.Clear()
			res := Run(context.Background(), []Check{{ID: "site", URL: "https://www.lakeside.test/"}},
				Options{Roots: roots, Now: func() time.Time { return now }, DialContext: tt.dial, ConnectTo: tt.connectTo, Timeout: 5 * time.Second})[0]
			if res.Up != tt.wantUp || (tt.wantErr != "" && !strings.Contains(res.Error, tt.wantErr)) {
				t.Fatalf("up %v error %q, want up %v and an error naming %q", res.Up, res.Error, tt.wantUp, tt.wantErr)
			}
			if !tt.wantUp {
				return
			}
			if res.TLS == nil || !res.TLS.Valid || res.TLS.Host != "www.lakeside.test" {
				t.Errorf("certificate %+v, want one verified for www.lakeside.test", res.TLS)
			}
			if sni, _ := wwwSeen.Load("sni"); sni != "www.lakeside.test" {
				t.Errorf("SNI %v, want www.lakeside.test", sni)
			}
			if host, _ := wwwSeen.Load("host"); host != "www.lakeside.test" {
				t.Errorf("Host %v, want www.lakeside.test", host)
			}
			if res.HTTPSRedirect == nil || !*res.HTTPSRedirect {
				t.Errorf("http redirect %v (%s), want the mapped plain-http address checked", res.HTTPSRedirect, res.HTTPSRedirectError)
			}
		})
	}
}
