package notify

import (
	"bytes"
	"context"
	"crypto/x509"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/smtp"
	"net/url"
	"strconv"
	"time"

	"github.com/handbook-dev/handbook/generator/config"
)

// sendMail delivers msg to one recipient through the server, after
// STARTTLS: a server that does not offer it gets neither the credentials
// nor the message. Errors name the server, never the credentials.
func sendMail(ctx context.Context, s config.SMTP, user, pass string, roots *x509.CertPool, to string, msg []byte) error {
	addr := net.JoinHostPort(s.Host, strconv.Itoa(s.Port))
	ctx, cancel := context.WithTimeout(ctx, time.Minute)
	defer cancel()
	var d net.Dialer
	conn, err := d.DialContext(ctx, "tcp", addr)
	if err != nil {
		return fmt.Errorf("mail server %s: %v", addr, err)
	}
	if dl, ok := ctx.Deadline(); ok {
		conn.SetDeadline(dl)
	}
	c, err := smtp.NewClient(conn, s.Host)
	if err != nil {
		conn.Close()
		return fmt.Errorf("mail server %s: %v", addr, err)
	}
	defer c.Close()
	if ok, _ := c.Extension("STARTTLS"); !ok {
		return fmt.Errorf("mail server %s offers no STARTTLS; handbook sends neither credentials nor mail unencrypted", addr)
	}
	if err := c.StartTLS(tlsConfig(s.Host, roots)); err != nil {
		return fmt.Errorf("mail server %s: STARTTLS: %v", addr, err)
	}
	if user != "" {
		if err := c.Auth(smtp.PlainAuth("", user, pass, s.Host)); err != nil {
			return fmt.Errorf("mail server %s refused the credentials in %s and %s: %v", addr, s.UsernameEnv, s.PasswordEnv, err)
		}
	}
	if err := c.Mail(s.From); err != nil {
		return fmt.Errorf("mail server %s: MAIL FROM %s: %v", addr, s.From, err)
	}
	if err := c.Rcpt(to); err != nil {
		return fmt.Errorf("mail server %s: RCPT TO %s: %v", addr, to, err)
	}
	w, err := c.Data()
	if err != nil {
		return fmt.Errorf("mail server %s: DATA: %v", addr, err)
	}
	if _, err := w.Write(msg); err != nil {
		return fmt.Errorf("mail server %s: %v", addr, err)
	}
	if err := w.Close(); err != nil {
		return fmt.Errorf("mail server %s: %v", addr, err)
	}
	return c.Quit()
}

// maxTries bounds the posts of one card to a throttling webhook.
const maxTries = 3

// postCard posts a card to a Teams Workflows webhook, waiting as a 429's
// Retry-After asks (at most a minute, a few times). The webhook's
// address is a secret (its signature lets anyone post): errors name the
// variable that holds it, never the address.
func postCard(ctx context.Context, client *http.Client, hook, env string, payload []byte) error {
	for try := 1; ; try++ {
		req, err := http.NewRequestWithContext(ctx, http.MethodPost, hook, bytes.NewReader(payload))
		if err != nil {
			return fmt.Errorf("the webhook in %s is no valid address", env)
		}
		req.Header.Set("Content-Type", "application/json")
		resp, err := client.Do(req)
		if err != nil {
			var ue *url.Error
			if errors.As(err, &ue) {
				err = ue.Err // it would quote the address
			}
			return fmt.Errorf("the webhook in %s: %v", env, err)
		}
		io.Copy(io.Discard, io.LimitReader(resp.Body, 1<<16))
		resp.Body.Close()
		switch {
		case resp.StatusCode >= 200 && resp.StatusCode < 300:
			return nil
		case resp.StatusCode == http.StatusTooManyRequests && try < maxTries:
			wait := time.Second
			if s, err := strconv.Atoi(resp.Header.Get("Retry-After")); err == nil && s >= 0 {
				wait = min(time.Duration(s)*time.Second, time.Minute)
			}
			select {
			case <-ctx.Done():
				return ctx.Err()
			case <-time.After(wait):
			}
		default:
			return fmt.Errorf("the webhook in %s answered %s", env, resp.Status)
		}
	}
}
