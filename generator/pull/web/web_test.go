package web

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"math/big"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
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
	by := map[string]Result{}
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
