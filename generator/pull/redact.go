package pull

import (
	"net/url"
	"regexp"
	"strings"
)

// secretParams are query parameters whose values must never reach a log,
// an error message or a snapshot.
var secretParams = []string{"token", "access_token", "refresh_token", "id_token", "code", "key", "api_key", "apikey",
	"secret", "client_secret", "password", "pass", "sig", "signature", "auth", "session", "sessionid", "x-amz-signature", "x-goog-signature"}

// Redact returns u without user information and with the values of
// secret query parameters replaced, for messages. Go's url.Error prints
// the whole URL, so every error that may hold one passes through here.
func Redact(u string) string {
	p, err := url.Parse(u)
	if err != nil {
		return "(unparseable URL)"
	}
	if p.User != nil {
		p.User = url.User("REDACTED")
	}
	if p.RawQuery != "" {
		q := p.Query()
		changed := false
		for k := range q {
			if isSecret(k) {
				q[k] = []string{"REDACTED"}
				changed = true
			}
		}
		if changed {
			p.RawQuery = q.Encode()
		}
	}
	return p.String()
}

func isSecret(param string) bool {
	param = strings.ToLower(param)
	for _, s := range secretParams {
		if param == s || strings.HasSuffix(param, "_"+s) || strings.HasSuffix(param, "-"+s) {
			return true
		}
	}
	return false
}

// Secrets scrubs known secret values (tokens, passwords taken from the
// environment) from text that may be logged.
type Secrets []string

// Scrub replaces every secret in s, and whatever looks like a credential
// although it was not known beforehand: a service that echoes the request
// in an error body repeats the access token the client was given (a JWT,
// or a Bearer or Basic header value), and a token answer holds new ones.
func (sec Secrets) Scrub(s string) string {
	for _, v := range sec {
		if len(v) >= 4 {
			s = strings.ReplaceAll(s, v, "REDACTED")
		}
	}
	s = jwtRE.ReplaceAllString(s, "REDACTED")
	s = authRE.ReplaceAllString(s, "$1 REDACTED")
	return credentialFieldRE.ReplaceAllString(s, `"$1":"REDACTED"`)
}

var (
	// jwtRE matches a JSON Web Token: Graph and Entra ID access tokens.
	jwtRE = regexp.MustCompile(`eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]*`)
	// authRE matches the value of an Authorization header.
	authRE = regexp.MustCompile(`(?i)\b(bearer|basic)\s+[A-Za-z0-9._~+/=-]{8,}`)
	// credentialFieldRE matches a JSON field that holds a credential.
	credentialFieldRE = regexp.MustCompile(`(?i)"(access_token|refresh_token|id_token|client_secret|password|api_token)"\s*:\s*"[^"]*"`)
)
