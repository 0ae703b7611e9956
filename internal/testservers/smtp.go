// Package testservers runs the servers handbook's tests talk to in
// place of the real ones: a mail server with STARTTLS and PLAIN
// authentication (emersion/go-smtp), its certificate from a test
// certificate authority. Only tests import it.
package testservers

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"errors"
	"io"
	"math/big"
	"net"
	"sync"
	"time"

	"github.com/emersion/go-sasl"
	"github.com/emersion/go-smtp"
)

// CA makes a certificate authority whose certificate also serves
// 127.0.0.1, and returns the server's TLS config and the certificate as
// PEM, for a client's ca_file.
func CA() (*tls.Config, []byte, error) {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return nil, nil, err
	}
	tmpl := &x509.Certificate{SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "handbook test CA"},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(24 * time.Hour),
		IsCA: true, BasicConstraintsValid: true, KeyUsage: x509.KeyUsageCertSign | x509.KeyUsageDigitalSignature,
		IPAddresses: []net.IP{net.ParseIP("127.0.0.1")}}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		return nil, nil, err
	}
	cert := tls.Certificate{Certificate: [][]byte{der}, PrivateKey: key}
	return &tls.Config{Certificates: []tls.Certificate{cert}}, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}), nil
}

// Mailbox is a mail server on loopback that accepts mail from a client
// that authenticated as User with Pass (offered after STARTTLS only,
// unless Plain), and keeps each message by recipient.
type Mailbox struct {
	User, Pass string
	// Plain offers no STARTTLS.
	Plain bool
	// Received is called with each message as it arrives.
	Received func(to string, msg []byte)

	mu       sync.Mutex
	messages map[string][]string
	server   *smtp.Server
	Port     int
}

// Start listens on a free port of 127.0.0.1 with tlsConf for STARTTLS.
func (m *Mailbox) Start(tlsConf *tls.Config) error {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return err
	}
	m.messages = map[string][]string{}
	m.server = smtp.NewServer(m)
	m.server.Domain = "127.0.0.1"
	m.server.ReadTimeout, m.server.WriteTimeout = 10*time.Second, 10*time.Second
	if !m.Plain {
		m.server.TLSConfig = tlsConf
	}
	m.Port = l.Addr().(*net.TCPAddr).Port
	go m.server.Serve(l)
	return nil
}

// Close stops the server.
func (m *Mailbox) Close() { m.server.Close() }

// Messages returns the messages received for to.
func (m *Mailbox) Messages(to string) []string {
	m.mu.Lock()
	defer m.mu.Unlock()
	return append([]string(nil), m.messages[to]...)
}

// Count is the number of messages received for anyone.
func (m *Mailbox) Count() int {
	m.mu.Lock()
	defer m.mu.Unlock()
	n := 0
	for _, l := range m.messages {
		n += len(l)
	}
	return n
}

// NewSession implements smtp.Backend.
func (m *Mailbox) NewSession(*smtp.Conn) (smtp.Session, error) { return &session{box: m}, nil }

type session struct {
	box  *Mailbox
	auth bool
	to   []string
}

func (s *session) AuthMechanisms() []string { return []string{sasl.Plain} }

func (s *session) Auth(string) (sasl.Server, error) {
	return sasl.NewPlainServer(func(_, user, pass string) error {
		if user != s.box.User || pass != s.box.Pass {
			return errors.New("invalid credentials")
		}
		s.auth = true
		return nil
	}), nil
}

func (s *session) Mail(string, *smtp.MailOptions) error {
	if !s.auth {
		return smtp.ErrAuthRequired
	}
	return nil
}

func (s *session) Rcpt(to string, _ *smtp.RcptOptions) error {
	s.to = append(s.to, to)
	return nil
}

func (s *session) Data(r io.Reader) error {
	b, err := io.ReadAll(r)
	if err != nil {
		return err
	}
	s.box.mu.Lock()
	defer s.box.mu.Unlock()
	for _, to := range s.to {
		s.box.messages[to] = append(s.box.messages[to], string(b))
		if s.box.Received != nil {
			s.box.Received(to, b)
		}
	}
	return nil
}

func (s *session) Reset()        { s.to = nil }
func (s *session) Logout() error { return nil }
