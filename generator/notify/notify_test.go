package notify

import (
	"context"
	"encoding/json"
	"io"
	"mime"
	"mime/quotedprintable"
	"net/http"
	"net/http/httptest"
	"net/mail"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/handbook-dev/handbook/generator/audit"
	"github.com/handbook-dev/handbook/generator/config"
	"github.com/handbook-dev/handbook/generator/source"
	"github.com/handbook-dev/handbook/internal/sentinel"
	"github.com/handbook-dev/handbook/internal/testservers"
)

var (
	day  = time.Date(2026, 11, 24, 0, 0, 0, 0, time.UTC)
	d14  = source.Interval{N: 14, Unit: 'd'}
	d7   = source.Interval{N: 7, Unit: 'd'}
	date = func(s string) time.Time { t, _ := time.Parse(time.DateOnly, s); return t }
)

// testDues: a review overdue, one due in a week, one due next year; an
// attestation overdue past the 14-day grace with an escalation contact,
// one overdue within it, one of an item without escalation.
func testDues() []audit.Due {
	return []audit.Due{
		{Kind: "review", Key: "content/old.md", Title: "Old page", Date: date("2026-11-01"), Owners: []string{"a@example.org"}, Path: "content/old.md", Line: 4, URL: "old/"},
		{Kind: "review", Key: "content/soon.md", Title: "Soon page", Date: date("2026-12-01"), Owners: []string{"a@example.org"}, Path: "content/soon.md", Line: 4, URL: "soon/"},
		{Kind: "review", Key: "content/later.md", Title: "Later page", Date: date("2027-06-01"), Owners: []string{"a@example.org"}, Path: "content/later.md"},
		{Kind: "attestation", Key: "sp-audit", Title: "IT - Audit", Date: date("2026-09-13"), Owners: []string{"b@example.org", "c@example.org"},
			Escalation: []string{"governance@example.org"}, Path: "inventory/sites.yaml", Line: 12, URL: "inventory/sp-audit/", Last: date("2026-06-15"), LastBy: "b@example.org"},
		{Kind: "attestation", Key: "sp-hr", Title: "HR - Files", Date: date("2026-11-20"), Owners: []string{"b@example.org", "c@example.org"}, Escalation: []string{"c@example.org"},
			Path: "inventory/sites.yaml", Line: 30},
		{Kind: "attestation", Key: "sp-ops", Title: "OPS", Date: date("2026-10-01"), Owners: []string{"servicedesk"}, Path: "inventory/sites.yaml", Line: 40, URL: "inventory/sp-ops/"},
	}
}

func summary(ds []*Digest) string {
	var out []string
	for _, d := range ds {
		s := d.To + ":"
		for _, sec := range [][]Line{d.Overdue, d.Soon, d.Escalated} {
			var keys []string
			for _, l := range sec {
				keys = append(keys, l.Key)
			}
			s += " [" + strings.Join(keys, " ") + "]"
		}
		out = append(out, s)
	}
	return strings.Join(out, "\n")
}

// TestPlan: who is told what, on which day, and what the state holds
// back.
func TestPlan(t *testing.T) {
	tests := []struct {
		name  string
		now   time.Time
		grace source.Interval
		state map[string]time.Time
		want  string
	}{
		{"owners, primary first, escalation past the grace", day, d14, nil,
			"a@example.org: [content/old.md] [content/soon.md] []\nb@example.org: [sp-audit sp-hr] [] []\ngovernance@example.org: [] [] [sp-audit]\nservicedesk: [sp-ops] [] []"},
		{"no grace: no escalation", day, source.Interval{}, nil,
			"a@example.org: [content/old.md] [content/soon.md] []\nb@example.org: [sp-audit sp-hr] [] []\nservicedesk: [sp-ops] [] []"},
		{"sent three days ago: held back", day, d14, map[string]time.Time{
			"a@example.org|owner|review|content/old.md|2026-11-01":              day.AddDate(0, 0, -3),
			"governance@example.org|escalation|attestation|sp-audit|2026-09-13": day.AddDate(0, 0, -3)},
			"a@example.org: [] [content/soon.md] []\nb@example.org: [sp-audit sp-hr] [] []\nservicedesk: [sp-ops] [] []"},
		{"sent eight days ago: sent again", day, d14, map[string]time.Time{
			"a@example.org|owner|review|content/old.md|2026-11-01": day.AddDate(0, 0, -8)},
			"a@example.org: [content/old.md] [content/soon.md] []\nb@example.org: [sp-audit sp-hr] [] []\ngovernance@example.org: [] [] [sp-audit]\nservicedesk: [sp-ops] [] []"},
		{"a due date moved: a new reminder", day, d14, map[string]time.Time{
			"a@example.org|owner|review|content/old.md|2026-10-01": day.AddDate(0, 0, -1)},
			"a@example.org: [content/old.md] [content/soon.md] []\nb@example.org: [sp-audit sp-hr] [] []\ngovernance@example.org: [] [] [sp-audit]\nservicedesk: [sp-ops] [] []"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			st := State{Sent: tt.state}
			if st.Sent == nil {
				st.Sent = map[string]time.Time{}
			}
			if got := summary(Plan(testDues(), tt.now, d14, d7, tt.grace, st)); got != tt.want {
				t.Errorf("got\n%s\nwant\n%s", got, tt.want)
			}
		})
	}
}

// startMailbox starts a test mail server for the test, with the
// certificate authority's PEM for ca_file.
func startMailbox(t *testing.T, user, pass string, plain bool) (*testservers.Mailbox, []byte) {
	t.Helper()
	serverTLS, caPEM, err := testservers.CA()
	if err != nil {
		t.Fatal(err)
	}
	box := &testservers.Mailbox{User: user, Pass: pass, Plain: plain}
	if err := box.Start(serverTLS); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(box.Close)
	return box, caPEM
}

// TestRunAgainstServers sends the digests to a local SMTP server (with
// STARTTLS, the password from the environment) and a Teams webhook that
// throttles once, then runs again: nothing is sent twice within the
// interval, and the sentinel secret reaches no file, message or error.
func TestRunAgainstServers(t *testing.T) {
	secret := sentinel.Value()
	box, caPEM := startMailbox(t, "notify@example.org", secret, false)
	port := box.Port

	var mu sync.Mutex
	var cards [][]byte
	throttled := false
	hook := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Query().Get("sig") != secret || r.Header.Get("Content-Type") != "application/json" {
			w.WriteHeader(http.StatusUnauthorized)
			return
		}
		mu.Lock()
		defer mu.Unlock()
		if !throttled {
			throttled = true
			w.Header().Set("Retry-After", "0")
			w.WriteHeader(http.StatusTooManyRequests)
			return
		}
		b, _ := io.ReadAll(r.Body)
		cards = append(cards, b)
		w.WriteHeader(http.StatusAccepted)
	}))
	defer hook.Close()

	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "ca.pem"), caPEM, 0o644); err != nil {
		t.Fatal(err)
	}
	env := map[string]string{"SMTP_USER": "notify@example.org", "SMTP_PASSWORD": secret, "TEAMS_SD": hook.URL + "/workflows/run?sig=" + secret}
	opts := Options{Dir: dir, Title: "Lakeside", BaseURL: "https://manual.example/", Now: day, Grace: d14, Version: "test",
		Getenv: func(k string) string { return env[k] },
		Config: config.Notify{Within: d14, Every: d7, Channels: map[string]string{"servicedesk": "TEAMS_SD"},
			SMTP: config.SMTP{Host: "127.0.0.1", Port: port, From: "web-ops@example.org", UsernameEnv: "SMTP_USER", PasswordEnv: "SMTP_PASSWORD", CAFile: "ca.pem"}}}
	dels, err := Run(context.Background(), testDues(), opts)
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range dels {
		if d.Err != nil {
			t.Errorf("%s: %v", d.To, d.Err)
		}
		sentinel.CheckText(t, "a delivery's error", errString(d.Err))
	}
	if n := len(dels); n != 4 {
		t.Errorf("%d deliveries, want 4 (a, b, governance by mail; servicedesk by Teams)", n)
	}
	msgs := decoded(t, box.Messages("a@example.org"))
	if len(msgs) != 1 || !strings.Contains(msgs[0], "Subject: Lakeside: 1 overdue, 1 due by 2026-12-08") ||
		!strings.Contains(msgs[0], "Review of Old page: was due on 2026-11-01 (23 days ago) (content/old.md:4)") || !strings.Contains(msgs[0], "https://manual.example/soon/") {
		t.Errorf("a@example.org got %q", msgs)
	}
	if g := decoded(t, box.Messages("governance@example.org")); len(g) != 1 || !strings.Contains(g[0], "Escalated to you") || !strings.Contains(g[0], "Attestation of IT - Audit") {
		t.Errorf("the escalation: %q", g)
	}
	if len(box.Messages("c@example.org")) != 0 {
		t.Errorf("the second owner was reminded before the grace ran out: %q", box.Messages("c@example.org"))
	}
	if len(cards) != 1 {
		t.Fatalf("%d cards posted, want 1 (after one 429)", len(cards))
	}
	var card struct {
		Type        string `json:"type"`
		Attachments []struct {
			ContentType string `json:"contentType"`
			Content     struct {
				Type    string           `json:"type"`
				Version string           `json:"version"`
				Body    []map[string]any `json:"body"`
			} `json:"content"`
		} `json:"attachments"`
	}
	if err := json.Unmarshal(cards[0], &card); err != nil {
		t.Fatal(err)
	}
	if card.Type != "message" || len(card.Attachments) != 1 || card.Attachments[0].ContentType != "application/vnd.microsoft.card.adaptive" ||
		card.Attachments[0].Content.Type != "AdaptiveCard" || !strings.Contains(string(cards[0]), "[Attestation of OPS](https://manual.example/inventory/sp-ops/)") {
		t.Errorf("card:\n%s", cards[0])
	}

	// Again the same day, and six days later: nothing new to send.
	for _, now := range []time.Time{day, day.AddDate(0, 0, 6)} {
		opts.Now = now
		dels, err = Run(context.Background(), testDues(), opts)
		if err != nil || len(dels) != 0 {
			t.Errorf("%s: sent again within the interval: %+v (%v)", now.Format(time.DateOnly), dels, err)
		}
	}
	// A week later, the reminders go out again.
	opts.Now = day.AddDate(0, 0, 7)
	if dels, err = Run(context.Background(), testDues(), opts); err != nil || len(dels) != 4 {
		t.Errorf("a week later: %d deliveries (%v), want 4", len(dels), err)
	}
	sentinel.CheckTree(t, dir)
	state, _ := os.ReadFile(filepath.Join(dir, StatePath))
	if !strings.Contains(string(state), `"a@example.org|owner|review|content/old.md|2026-11-01": "2026-12-01T00:00:00Z"`) {
		t.Errorf("state:\n%s", state)
	}
}

// decoded returns each message as its subject header and its decoded
// text, read as a mail reader does.
func decoded(t *testing.T, msgs []string) []string {
	t.Helper()
	var out []string
	for _, m := range msgs {
		msg, err := mail.ReadMessage(strings.NewReader(m))
		if err != nil {
			t.Fatal(err)
		}
		if msg.Header.Get("Content-Transfer-Encoding") != "quoted-printable" || msg.Header.Get("Auto-Submitted") != "auto-generated" {
			t.Errorf("headers %v", msg.Header)
		}
		body, err := io.ReadAll(quotedprintable.NewReader(msg.Body))
		if err != nil {
			t.Fatal(err)
		}
		subject, _ := new(mime.WordDecoder).DecodeHeader(msg.Header.Get("Subject"))
		out = append(out, "Subject: "+subject+"\n"+strings.ReplaceAll(string(body), "\r\n", "\n"))
	}
	return out
}

func errString(err error) string {
	if err == nil {
		return ""
	}
	return err.Error()
}

// TestRunRefusals: a server without STARTTLS gets no credentials and no
// mail; a webhook variable not set, a webhook that fails, and a group
// without a channel each fail their digest with a message that names no
// secret, and their reminders stay unsent for the next run.
func TestRunRefusals(t *testing.T) {
	secret := sentinel.Value()
	box, _ := startMailbox(t, "u", secret, true)
	port := box.Port
	failing := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(http.StatusBadRequest) }))
	defer failing.Close()
	dir := t.TempDir()
	env := map[string]string{"P": secret, "HOOK": failing.URL + "/?sig=" + secret}
	dues := testDues()
	dues[5].Owners = []string{"servicedesk", "ops-team"}
	dues = append(dues, audit.Due{Kind: "review", Key: "content/x.md", Title: "X", Date: day, Owners: []string{"ops-team"}, Path: "content/x.md"})
	opts := Options{Dir: dir, Title: "L", Now: day, Grace: d14, Getenv: func(k string) string { return env[k] },
		Config: config.Notify{Within: d14, Every: d7, Channels: map[string]string{"servicedesk": "HOOK", "ops-team": "UNSET"},
			SMTP: config.SMTP{Host: "127.0.0.1", Port: port, From: "w@example.org", UsernameEnv: "U", PasswordEnv: "P"}}}
	dels, err := Run(context.Background(), dues, opts)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{
		"a@example.org": "offers no STARTTLS; handbook sends neither credentials nor mail unencrypted",
		"servicedesk":   "the webhook in HOOK answered 400 Bad Request",
		"ops-team":      "notify.channels: the variable UNSET (the channel's webhook) is not set",
	}
	for _, d := range dels {
		sentinel.CheckText(t, "an error", errString(d.Err))
		if w, ok := want[d.To]; ok && (d.Err == nil || !strings.Contains(d.Err.Error(), w)) {
			t.Errorf("%s: %v, want %q", d.To, d.Err, w)
		}
	}
	if n := box.Count(); n != 0 {
		t.Errorf("%d messages sent without TLS", n)
	}
	state, _ := os.ReadFile(filepath.Join(dir, StatePath))
	if strings.Contains(string(state), "@") || strings.Contains(string(state), "servicedesk") {
		t.Errorf("undelivered reminders were recorded as sent:\n%s", state)
	}
	sentinel.CheckTree(t, dir)
}
