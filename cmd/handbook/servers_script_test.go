package main

import (
	"fmt"
	"io"
	"mime"
	"mime/quotedprintable"
	"net/http"
	"net/http/httptest"
	"net/mail"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"

	"github.com/handbook-dev/handbook/internal/testservers"
	"github.com/rogpeppe/go-internal/testscript"
)

// cmdMailServer starts, for the rest of the script, a mail server on
// loopback with STARTTLS (its certificate authority written to ca.pem)
// that accepts mail from USER with PASSWORD, sets $SMTP_PORT, and writes
// each message it receives, decoded, to mailbox/<recipient>.<n>.txt:
//
//	mailserver notify@example.org $SMTP_PASSWORD
func cmdMailServer(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 2 {
		ts.Fatalf("usage: mailserver user password")
	}
	serverTLS, caPEM, err := testservers.CA()
	if err != nil {
		ts.Fatalf("mailserver: %v", err)
	}
	if err := os.WriteFile(ts.MkAbs("ca.pem"), caPEM, 0o644); err != nil {
		ts.Fatalf("mailserver: %v", err)
	}
	dir := ts.MkAbs("mailbox")
	var mu sync.Mutex
	count := map[string]int{}
	box := &testservers.Mailbox{User: args[0], Pass: args[1], Received: func(to string, raw []byte) {
		mu.Lock()
		defer mu.Unlock()
		count[to]++
		text := string(raw)
		if msg, err := mail.ReadMessage(strings.NewReader(text)); err == nil {
			body, _ := io.ReadAll(quotedprintable.NewReader(msg.Body))
			subject, _ := new(mime.WordDecoder).DecodeHeader(msg.Header.Get("Subject"))
			text = fmt.Sprintf("From: %s\nTo: %s\nSubject: %s\n\n%s", msg.Header.Get("From"), msg.Header.Get("To"), subject, strings.ReplaceAll(string(body), "\r\n", "\n"))
		}
		os.MkdirAll(dir, 0o755)
		os.WriteFile(filepath.Join(dir, fmt.Sprintf("%s.%d.txt", to, count[to])), []byte(text), 0o644)
	}}
	if err := box.Start(serverTLS); err != nil {
		ts.Fatalf("mailserver: %v", err)
	}
	ts.Defer(box.Close)
	ts.Setenv("SMTP_PORT", strconv.Itoa(box.Port))
}

// cmdWebhook starts, for the rest of the script, an HTTP server that
// takes what is posted to it as a Teams Workflows webhook does (202),
// writes each body to hooks/<n>.json, and sets $WEBHOOK to its address
// with a signature query as a real one has:
//
//	webhook
func cmdWebhook(ts *testscript.TestScript, neg bool, args []string) {
	dir := ts.MkAbs("hooks")
	var mu sync.Mutex
	n := 0
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodPost || r.Header.Get("Content-Type") != "application/json" || r.URL.Query().Get("sig") == "" {
			w.WriteHeader(http.StatusBadRequest)
			return
		}
		b, _ := io.ReadAll(r.Body)
		mu.Lock()
		defer mu.Unlock()
		n++
		os.MkdirAll(dir, 0o755)
		os.WriteFile(filepath.Join(dir, strconv.Itoa(n)+".json"), b, 0o644)
		w.WriteHeader(http.StatusAccepted)
	}))
	ts.Defer(srv.Close)
	ts.Setenv("WEBHOOK", srv.URL+"/workflows/abc/triggers/manual/paths/invoke?api-version=1&sig=s3cr3t")
}
