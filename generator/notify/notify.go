// Package notify tells owners what falls due (handbook notify): each
// owner gets one digest of their reviews and attestations due soon and
// overdue, by mail (SMTP with STARTTLS) or in their team's Teams channel
// (a Workflows webhook, as an Adaptive Card); an attestation overdue
// past the policy's grace is escalated to the item's escalation contact,
// else its other owners. A state file beside the snapshots remembers
// what was sent, so that no reminder repeats within its interval.
// Credentials and webhook addresses come from the environment only, and
// no message, log line or state file holds them.
package notify

import (
	"context"
	"crypto/sha256"
	"crypto/tls"
	"crypto/x509"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/mail"
	"os"
	"path"
	"sort"
	"strings"
	"time"

	"github.com/handbook-dev/handbook/generator/audit"
	"github.com/handbook-dev/handbook/generator/config"
	"github.com/handbook-dev/handbook/generator/source"
)

// StatePath is the state file, beside the snapshots (data/snapshots/):
// which reminder went to whom, and when.
const StatePath = "data/notify-state.json"

// Options configure Run.
type Options struct {
	// Dir is the site project: the state file and ca_file are read below
	// it, the state written there.
	Dir string
	// Title names the manual in subjects; BaseURL, when set, makes the
	// links of a digest absolute.
	Title, BaseURL string
	Now            time.Time
	Config         config.Notify
	// Grace is audit.attestation.grace: an attestation overdue longer is
	// escalated. Zero escalates nothing.
	Grace source.Interval
	// DryRun, when set, is a folder the messages are written to instead
	// of being sent; the state is then left as it was.
	DryRun string
	// Getenv reads the environment (os.Getenv when nil).
	Getenv func(string) string
	// HTTP posts to webhooks (a client with a timeout when nil).
	HTTP *http.Client
	// Version names handbook in the messages.
	Version string
}

// Line is one due date in a digest.
type Line struct {
	audit.Due
	// key names the reminder in the state file.
	key string
}

// Digest is what one recipient is told.
type Digest struct {
	To                       string
	Overdue, Soon, Escalated []Line
	// Until is the end of the window of Soon.
	Until time.Time
}

func (d *Digest) lines() []Line {
	return append(append(append([]Line(nil), d.Overdue...), d.Soon...), d.Escalated...)
}

// Delivery is what Run did with one digest.
type Delivery struct {
	To string
	// Via is "mail", "teams" or "dry-run"; File the dry run's file.
	Via, File string
	// Counts of the digest's sections.
	Overdue, Soon, Escalated int
	// Err is why it was not delivered.
	Err error
}

// Plan makes the digests of dues on day now: each owner's due dates
// within the window and overdue (an attestation's for the item's first
// owner), and the escalations of attestations overdue past the grace;
// reminders sent within the interval (state) are left out, and so is a
// digest left empty.
func Plan(dues []audit.Due, now time.Time, within, every, grace source.Interval, state State) []*Digest {
	until := within.After(now)
	byTo := map[string]*Digest{}
	digest := func(to string) *Digest {
		d := byTo[to]
		if d == nil {
			d = &Digest{To: to, Until: until}
			byTo[to] = d
		}
		return d
	}
	fresh := func(key string) bool {
		last, ok := state.Sent[key]
		return !ok || !every.After(last).After(now)
	}
	for _, due := range dues {
		if due.Date.After(until) {
			continue
		}
		overdue := due.Date.Before(now)
		// An attestation is asked of the item's first (primary) owner;
		// the others are whom it is escalated to (Due.Escalation).
		owners := due.Owners
		if due.Kind == "attestation" && len(owners) > 1 {
			owners = owners[:1]
		}
		for _, o := range owners {
			key := reminderKey(o, "owner", due)
			if !fresh(key) {
				continue
			}
			d := digest(o)
			if overdue {
				d.Overdue = append(d.Overdue, Line{due, key})
			} else {
				d.Soon = append(d.Soon, Line{due, key})
			}
		}
		if !overdue || grace.IsZero() || grace.After(due.Date).After(now) {
			continue
		}
		for _, e := range due.Escalation {
			key := reminderKey(e, "escalation", due)
			if fresh(key) {
				d := digest(e)
				d.Escalated = append(d.Escalated, Line{due, key})
			}
		}
	}
	out := make([]*Digest, 0, len(byTo))
	for _, d := range byTo {
		out = append(out, d)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].To < out[j].To })
	return out
}

// reminderKey names one reminder: to whom, in which role, of which due
// date. A new due date (after a review) is a new reminder.
func reminderKey(to, role string, d audit.Due) string {
	return strings.ToLower(to) + "|" + role + "|" + d.Kind + "|" + d.Key + "|" + d.Date.Format(time.DateOnly)
}

// Run sends (or, for a dry run, writes) the digests of dues and records
// what was sent in the state file. A digest that could not be delivered
// is reported in its Delivery and stays unrecorded, to be sent next time.
func Run(ctx context.Context, dues []audit.Due, opts Options) ([]Delivery, error) {
	getenv := opts.Getenv
	if getenv == nil {
		getenv = os.Getenv
	}
	root, err := os.OpenRoot(opts.Dir)
	if err != nil {
		return nil, err
	}
	defer root.Close()
	state, err := loadState(root)
	if err != nil {
		return nil, err
	}
	cfg := opts.Config
	digests := Plan(dues, opts.Now, cfg.Within, cfg.Every, opts.Grace, state)
	var roots *x509.CertPool
	if ca := cfg.SMTP.CAFile; ca != "" {
		pem, err := root.ReadFile(ca)
		if err != nil {
			return nil, fmt.Errorf("notify.smtp.ca_file: %v", err)
		}
		if roots, err = x509.SystemCertPool(); err != nil || roots == nil {
			roots = x509.NewCertPool()
		}
		if !roots.AppendCertsFromPEM(pem) {
			return nil, fmt.Errorf("notify.smtp.ca_file: %s holds no PEM certificate", ca)
		}
	}
	client := opts.HTTP
	if client == nil {
		client = &http.Client{Timeout: 30 * time.Second}
	}
	var out []Delivery
	changed := false
	for _, d := range digests {
		del := Delivery{To: d.To, Overdue: len(d.Overdue), Soon: len(d.Soon), Escalated: len(d.Escalated)}
		env, channel := cfg.Channels[d.To]
		switch {
		case channel:
			del.Via = "teams"
			payload := Card(d, opts)
			if opts.DryRun != "" {
				del.Via, del.File, del.Err = "dry-run", fileName(d.To, ".json"), writeDry(opts.DryRun, fileName(d.To, ".json"), payload)
				break
			}
			url := getenv(env)
			if url == "" {
				del.Err = fmt.Errorf("notify.channels: the variable %s (the channel's webhook) is not set", env)
				break
			}
			del.Err = postCard(ctx, client, url, env, payload)
		case strings.Contains(d.To, "@"):
			del.Via = "mail"
			if _, err := mail.ParseAddress(d.To); err != nil {
				del.Err = fmt.Errorf("%q is no mail address: %v", d.To, err)
				break
			}
			msg := Message(d, opts)
			if opts.DryRun != "" {
				del.Via, del.File, del.Err = "dry-run", fileName(d.To, ".eml"), writeDry(opts.DryRun, fileName(d.To, ".eml"), msg)
				break
			}
			if cfg.SMTP.Host == "" {
				del.Err = errors.New("notify.smtp is not configured in handbook.yaml; add {host, from, username_env, password_env}, or name the owner in notify.channels")
				break
			}
			del.Err = sendMail(ctx, cfg.SMTP, getenv(cfg.SMTP.UsernameEnv), getenv(cfg.SMTP.PasswordEnv), roots, d.To, msg)
		default:
			del.Err = fmt.Errorf("%s is a group, not an address: name the channel its digest goes to in notify.channels", d.To)
		}
		if del.Err == nil && opts.DryRun == "" {
			for _, l := range d.lines() {
				state.Sent[l.key] = opts.Now
			}
			changed = true
		}
		out = append(out, del)
	}
	if opts.DryRun == "" && (state.prune(opts.Now, cfg.Every) || changed) {
		if err := state.save(root); err != nil {
			return out, err
		}
	}
	return out, nil
}

// fileName names a recipient's file in a dry run.
func fileName(to, ext string) string {
	r := strings.NewReplacer("@", "-at-", "/", "-", "\\", "-", " ", "-")
	return r.Replace(strings.ToLower(to)) + ext
}

func writeDry(dir, name string, data []byte) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	return os.WriteFile(path.Join(dir, name), data, 0o644)
}

// State is what notify sent: each reminder's key and when it went.
type State struct {
	Version int                  `json:"version"`
	Sent    map[string]time.Time `json:"sent"`
}

func loadState(root *os.Root) (State, error) {
	s := State{Version: 1, Sent: map[string]time.Time{}}
	data, err := root.ReadFile(StatePath)
	if errors.Is(err, os.ErrNotExist) {
		return s, nil
	}
	if err != nil {
		return s, err
	}
	if err := json.Unmarshal(data, &s); err != nil {
		return s, fmt.Errorf("%s: %v; delete it to start afresh (reminders may then repeat once)", StatePath, err)
	}
	if s.Sent == nil {
		s.Sent = map[string]time.Time{}
	}
	return s, nil
}

// prune forgets the reminders that no longer hold anything back, and
// reports whether there were any.
func (s State) prune(now time.Time, every source.Interval) bool {
	n := len(s.Sent)
	for k, t := range s.Sent {
		if !every.After(t).After(now) {
			delete(s.Sent, k)
		}
	}
	return len(s.Sent) != n
}

func (s State) save(root *os.Root) error {
	data, err := json.MarshalIndent(s, "", "  ") // map keys sorted: a stable diff in Git
	if err != nil {
		return err
	}
	if err := root.MkdirAll(path.Dir(StatePath), 0o755); err != nil {
		return err
	}
	tmp := StatePath + ".tmp"
	if err := root.WriteFile(tmp, append(data, '\n'), 0o644); err != nil {
		return err
	}
	return root.Rename(tmp, StatePath)
}

// messageID makes a Message-ID from the digest's reminders.
func messageID(d *Digest, now time.Time) string {
	h := sha256.New()
	h.Write([]byte(now.Format(time.RFC3339)))
	for _, l := range d.lines() {
		h.Write([]byte(l.key))
	}
	return "<" + hex.EncodeToString(h.Sum(nil)[:12]) + "@handbook.invalid>"
}

// tlsConfig is the client's TLS for a mail server: its name checked
// against roots (the system's, and ca_file's).
func tlsConfig(host string, roots *x509.CertPool) *tls.Config {
	return &tls.Config{ServerName: host, RootCAs: roots, MinVersion: tls.VersionTLS12}
}
