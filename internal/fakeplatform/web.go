package main

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"fmt"
	"log"
	"math/big"
	"net"
	"net/http"
	"os"
	"time"
)

// The demo's sites, by the names the example's inventory gives them; the
// example's web source checks them on loopback through connect_to.
const (
	corporateHost = "www.lakeside-logistics.example"
	shopHost      = "shop.lakeside-logistics.example"
	careersHost   = "werkenbij.lakeside-logistics.example"
)

// serveSites starts the demo's websites over TLS with certificates from a
// CA made at start, whose certificate goes to caOut for the web source's
// ca_file. The certificates are issued for the sites' real names, so the
// checks verify them as they would the live sites: the corporate site's
// and the shop's (on addr) are valid for months, the careers site's (on
// shortAddr) expires in five days, and the shop forgets two security
// headers. Two sites say what they run, as real ones often do: the shop
// PHP's version (expose_php left on), the careers site WordPress's in its
// generator tag, one patch behind what the inventory declares.
func serveSites(addr, shortAddr, caOut string) {
	now := time.Now()
	caKey, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	caTmpl := &x509.Certificate{SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "Lakeside Demo Root CA", Organization: []string{"Lakeside Logistics"}},
		NotBefore: now.Add(-time.Hour), NotAfter: now.AddDate(2, 0, 0), IsCA: true, BasicConstraintsValid: true,
		KeyUsage: x509.KeyUsageCertSign | x509.KeyUsageDigitalSignature}
	caDER, err := x509.CreateCertificate(rand.Reader, caTmpl, caTmpl, &caKey.PublicKey, caKey)
	if err != nil {
		log.Fatal(err)
	}
	ca, _ := x509.ParseCertificate(caDER)
	if err := os.WriteFile(caOut, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: caDER}), 0o644); err != nil {
		log.Fatal(err)
	}
	leaf := func(validFor time.Duration, names ...string) tls.Certificate {
		key, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
		tmpl := &x509.Certificate{SerialNumber: big.NewInt(now.UnixNano()), Subject: pkix.Name{CommonName: names[0]}, DNSNames: names,
			NotBefore: now.Add(-24 * time.Hour), NotAfter: now.Add(validFor), IPAddresses: []net.IP{net.ParseIP("127.0.0.1")},
			ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth}, KeyUsage: x509.KeyUsageDigitalSignature}
		der, err := x509.CreateCertificate(rand.Reader, tmpl, ca, &key.PublicKey, caKey)
		if err != nil {
			log.Fatal(err)
		}
		return tls.Certificate{Certificate: [][]byte{der, caDER}, PrivateKey: key}
	}
	secure := func(w http.ResponseWriter) {
		w.Header().Set("Strict-Transport-Security", "max-age=31536000")
		w.Header().Set("Content-Security-Policy", "default-src 'self'; frame-ancestors 'none'")
		w.Header().Set("X-Content-Type-Options", "nosniff")
		w.Header().Set("Referrer-Policy", "strict-origin-when-cross-origin")
	}
	corporate := func(w http.ResponseWriter, r *http.Request) {
		secure(w)
		fmt.Fprint(w, "<html><title>Lakeside Logistics</title><body>Lakeside Logistics: transport and warehousing</body></html>")
	}
	shop := func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Strict-Transport-Security", "max-age=31536000")
		w.Header().Set("X-Content-Type-Options", "nosniff")
		w.Header().Set("X-Frame-Options", "SAMEORIGIN")
		w.Header().Set("X-Powered-By", "PHP/8.1.27")
		time.Sleep(30 * time.Millisecond)
		fmt.Fprint(w, "<html><body>Lakeside webshop: pallets and packaging</body></html>")
	}
	careers := func(w http.ResponseWriter, r *http.Request) {
		secure(w)
		w.Header().Set("Server", "Apache")
		fmt.Fprint(w, `<html><head><meta name="generator" content="WordPress 6.4.2"><title>Werken bij Lakeside</title></head><body>Werken bij Lakeside</body></html>`)
	}
	// Each site answers at its own name, and (for a look with curl -k)
	// at a path of the loopback address.
	mux := http.NewServeMux()
	mux.HandleFunc("/", corporate)
	mux.HandleFunc(shopHost+"/", shop)
	mux.HandleFunc("/shop/", shop)
	mux.HandleFunc(careersHost+"/", careers)
	mux.HandleFunc("/careers/", careers)
	for _, s := range []struct {
		addr string
		cert tls.Certificate
	}{{addr, leaf(80*24*time.Hour, corporateHost, "lakeside-logistics.example", shopHost)}, {shortAddr, leaf(5*24*time.Hour+time.Hour, careersHost)}} {
		srv := &http.Server{Addr: s.addr, Handler: mux, TLSConfig: &tls.Config{Certificates: []tls.Certificate{s.cert}}}
		go func() { log.Fatal(srv.ListenAndServeTLS("", "")) }()
	}
}
