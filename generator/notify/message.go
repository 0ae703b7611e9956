package notify

import (
	"bytes"
	"encoding/json"
	"fmt"
	"mime"
	"mime/quotedprintable"
	"strings"
	"time"
)

// oneLine keeps a value from breaking a header or a card's line.
func oneLine(s string) string {
	return strings.Join(strings.Fields(s), " ")
}

// Subject says what the digest holds.
func Subject(d *Digest, title string) string {
	var parts []string
	if n := len(d.Overdue); n > 0 {
		parts = append(parts, fmt.Sprintf("%d overdue", n))
	}
	if n := len(d.Soon); n > 0 {
		parts = append(parts, fmt.Sprintf("%d due by %s", n, d.Until.Format(time.DateOnly)))
	}
	if n := len(d.Escalated); n > 0 {
		parts = append(parts, fmt.Sprintf("%d escalated to you", n))
	}
	return oneLine(title) + ": " + strings.Join(parts, ", ")
}

// what names a due date's task: "Review of …" or "Attestation of …".
func what(l Line) string {
	if l.Kind == "review" {
		return "Review of " + oneLine(l.Title)
	}
	return "Attestation of " + oneLine(l.Title)
}

// detail says when a due date falls and where to act.
func detail(l Line, now time.Time) string {
	var s string
	if l.Date.Before(now) {
		s = fmt.Sprintf("was due on %s (%d days ago)", l.Date.Format(time.DateOnly), int(now.Sub(l.Date).Hours()/24))
	} else {
		s = "due on " + l.Date.Format(time.DateOnly)
	}
	if !l.Last.IsZero() {
		s += "; last " + map[string]string{"review": "reviewed", "attestation": "attested"}[l.Kind] + " " + l.Last.Format(time.DateOnly)
		if l.LastBy != "" {
			s += " by " + oneLine(l.LastBy)
		}
	}
	if l.Line > 0 {
		return s + fmt.Sprintf(" (%s:%d)", l.Path, l.Line)
	}
	return s + " (" + l.Path + ")"
}

func (o Options) link(u string) string {
	if o.BaseURL == "" || u == "" {
		return ""
	}
	return o.BaseURL + u
}

// sections are a digest's parts with their headings, in order.
func sections(d *Digest) []struct {
	head  string
	lines []Line
} {
	return []struct {
		head  string
		lines []Line
	}{
		{"Overdue", d.Overdue},
		{"Due by " + d.Until.Format(time.DateOnly), d.Soon},
		{"Escalated to you (overdue past the grace period; its owners have been reminded)", d.Escalated},
	}
}

const howTo = "Record a review by setting reviewed: to the day in the page's front matter; an attestation with handbook attest ITEM (or attested: in the inventory). Commit the change."

// Text is the digest as plain text.
func Text(d *Digest, o Options) string {
	var b strings.Builder
	fmt.Fprintf(&b, "Due dates in %s for %s, as of %s.\n", oneLine(o.Title), d.To, o.Now.Format(time.DateOnly))
	for _, s := range sections(d) {
		if len(s.lines) == 0 {
			continue
		}
		b.WriteString("\n" + s.head + ":\n")
		for _, l := range s.lines {
			b.WriteString("- " + what(l) + ": " + detail(l, o.Now) + "\n")
			if u := o.link(l.URL); u != "" {
				b.WriteString("  " + u + "\n")
			}
		}
	}
	b.WriteString("\n" + howTo + "\n\n-- \nhandbook " + o.Version + ": a reminder is not repeated within " + o.Config.Every.String() + ".\n")
	return b.String()
}

// Message is the digest as a mail message (RFC 5322): UTF-8 text,
// quoted-printable, marked as sent automatically (RFC 3834) so that
// out-of-office replies are not sent back.
func Message(d *Digest, o Options) []byte {
	var b bytes.Buffer
	header := func(k, v string) { b.WriteString(k + ": " + v + "\r\n") }
	header("From", o.Config.SMTP.From)
	header("To", d.To)
	header("Subject", mime.QEncoding.Encode("utf-8", Subject(d, o.Title)))
	header("Date", o.Now.Format(time.RFC1123Z))
	header("Message-ID", messageID(d, o.Now))
	header("MIME-Version", "1.0")
	header("Content-Type", "text/plain; charset=utf-8")
	header("Content-Transfer-Encoding", "quoted-printable")
	header("Auto-Submitted", "auto-generated")
	header("X-Auto-Response-Suppress", "All")
	b.WriteString("\r\n")
	w := quotedprintable.NewWriter(&b)
	w.Write([]byte(strings.ReplaceAll(Text(d, o), "\n", "\r\n")))
	w.Close()
	return b.Bytes()
}

// Card is the digest as a Teams message for a Workflows webhook ("Post
// to a channel when a webhook request is received"): a message whose
// one attachment is an Adaptive Card, in the shape Microsoft documents
// for incoming webhooks (learn.microsoft.com/en-us/microsoftteams/
// platform/webhooks-and-connectors/how-to/connectors-using, "Send
// Adaptive Cards using an incoming webhook").
func Card(d *Digest, o Options) []byte {
	type block = map[string]any
	body := []block{
		{"type": "TextBlock", "text": Subject(d, o.Title), "weight": "Bolder", "size": "Medium", "wrap": true},
		{"type": "TextBlock", "text": "For " + d.To + ", as of " + o.Now.Format(time.DateOnly), "isSubtle": true, "spacing": "None", "wrap": true},
	}
	for _, s := range sections(d) {
		if len(s.lines) == 0 {
			continue
		}
		body = append(body, block{"type": "TextBlock", "text": s.head, "weight": "Bolder", "wrap": true, "separator": true})
		for _, l := range s.lines {
			title := what(l)
			if u := o.link(l.URL); u != "" {
				title = "[" + strings.NewReplacer("[", "(", "]", ")").Replace(title) + "](" + u + ")"
			}
			body = append(body, block{"type": "TextBlock", "text": "- " + title + ": " + detail(l, o.Now), "wrap": true, "spacing": "Small"})
		}
	}
	body = append(body, block{"type": "TextBlock", "text": howTo, "isSubtle": true, "size": "Small", "wrap": true, "separator": true})
	msg := block{
		"type": "message",
		"attachments": []block{{
			"contentType": "application/vnd.microsoft.card.adaptive",
			"contentUrl":  nil,
			"content": block{
				"$schema": "http://adaptivecards.io/schemas/adaptive-card.json",
				"type":    "AdaptiveCard",
				"version": "1.4",
				"body":    body,
				"msteams": block{"width": "Full"},
			},
		}},
	}
	data, _ := json.MarshalIndent(msg, "", "  ")
	return append(data, '\n')
}
