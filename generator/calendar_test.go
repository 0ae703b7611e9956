package generator

import (
	"bytes"
	"context"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/emersion/go-ical"
	"github.com/handbook-dev/handbook/generator/internal/testsite"
)

// calendarManual has a page for staff and one for admins, each with an
// owner and a review interval, and a confidential site attested every 90
// days; it builds a site per audience and publishes pseudonyms.
func calendarManual(reviewed string) map[string]string {
	return map[string]string{
		"handbook.yaml":     "title: Ops\nbase_url: https://manual.example\naudiences: [staff, admin]\nprivacy: pseudonyms\naudit:\n  attestation: {by_sensitivity: {confidential: 90d}}\n",
		"content/_index.md": "---\ntitle: Ops\n---\nHome.\n",
		"content/share.md":  "---\ntitle: Share a file, safely; with guests\nowner: l.dekker@example.org\nreviewed: " + reviewed + "\nreview_interval: 6m\naudience: [staff]\n---\nShare.\n",
		"content/restore.md": "---\ntitle: Restore a site from the recycle bin of the tenant admin centre\nowner: m.jansen@example.org\nreviewed: 2026-10-01\nreview_interval: 1y\n" +
			"audience: [admin]\n---\nRestore.\n",
		"inventory/sites.yaml": "- id: sp-hr\n  kind: sharepoint-site\n  name: HR - Personnel Files\n  owners: [l.dekker@example.org, a.dejong@example.org]\n  sensitivity: confidential\n" +
			"  attested: {on: 2026-10-01, by: l.dekker@example.org}\n",
	}
}

// readCalendars parses every .ics file below dir with an iCalendar
// parser of its own (emersion/go-ical), checking each line's length.
func readCalendars(t *testing.T, dir string) map[string]*ical.Calendar {
	t.Helper()
	out := map[string]*ical.Calendar{}
	err := filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(p, ".ics") {
			return err
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		for _, line := range bytes.Split(data, []byte("\r\n")) {
			if len(line) > 75 {
				t.Errorf("%s: a line of %d octets (RFC 5545 folds at 75): %q", rel, len(line), line)
			}
		}
		if bytes.Contains(data, []byte("@example.org")) || bytes.Contains(data, []byte("dekker")) {
			t.Errorf("%s names a person as the pseudonyms setting does not publish them:\n%s", rel, data)
		}
		dec := ical.NewDecoder(bytes.NewReader(data))
		cal, err := dec.Decode()
		if err != nil {
			t.Errorf("%s: %v", rel, err)
			return nil
		}
		if _, err := dec.Decode(); err != io.EOF {
			t.Errorf("%s: more than one calendar", rel)
		}
		out[filepath.ToSlash(rel)] = cal
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// events maps each event's summary to the event.
func events(t *testing.T, cal *ical.Calendar) map[string]*ical.Event {
	t.Helper()
	out := map[string]*ical.Event{}
	for _, e := range cal.Events() {
		s, err := e.Props.Text(ical.PropSummary)
		if err != nil {
			t.Fatal(err)
		}
		out[s] = &e
	}
	return out
}

// TestCalendarFeeds builds the manual's iCalendar feeds and reads them
// with another parser: a team feed and one per owner in each audience's
// build, holding only that audience's pages and the shared inventory's
// attestations, named by pseudonyms, all-day events on the due dates,
// and UIDs that stay when a due date moves.
func TestCalendarFeeds(t *testing.T) {
	t.Setenv("HANDBOOK_PSEUDONYM_KEY", "a-long-random-secret")
	now := time.Date(2026, 11, 24, 0, 0, 0, 0, time.UTC)
	dir := testsite.Write(t, calendarManual("2026-06-01"))
	if _, err := Build(context.Background(), Options{Dir: dir, Now: now}); err != nil {
		t.Fatal(err)
	}
	cals := readCalendars(t, filepath.Join(dir, "public"))
	staff, admin := cals["staff/audit/calendar.ics"], cals["admin/audit/calendar.ics"]
	if staff == nil || admin == nil {
		t.Fatalf("calendars %v: want staff/audit/calendar.ics and admin/audit/calendar.ics", keys(cals))
	}
	se, ae := events(t, staff), events(t, admin)
	share := se["Next review: Share a file, safely; with guests"]
	if share == nil || len(se) != 2 {
		t.Fatalf("the staff calendar holds %v; want the staff page's review and the site's attestation", keys(se))
	}
	if _, ok := se["Next review: Restore a site from the recycle bin of the tenant admin centre"]; ok {
		t.Error("the staff calendar holds the review of a page for admins")
	}
	if _, ok := ae["Next review: Restore a site from the recycle bin of the tenant admin centre"]; !ok {
		t.Errorf("the admin calendar holds %v; want the admin page's review", keys(ae))
	}
	start, err := share.DateTimeStart(time.UTC)
	if err != nil || !start.Equal(time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)) {
		t.Errorf("the review is due %v (%v), want 2026-12-01", start, err)
	}
	if p := share.Props.Get(ical.PropDateTimeStart); p == nil || p.ValueType() != ical.ValueDate {
		t.Errorf("DTSTART %+v: want an all-day date", p)
	}
	if u := share.Props.Get(ical.PropURL); u == nil || u.Value != "https://manual.example/staff/share/" {
		t.Errorf("URL %+v, want the page in the staff site", u)
	}
	// The sitemap names the pages where the audience's site is published
	// too (it named them at the root).
	if sm, err := os.ReadFile(filepath.Join(dir, "public", "staff", "sitemap.xml")); err != nil || !bytes.Contains(sm, []byte("<loc>https://manual.example/staff/share/</loc>")) {
		t.Errorf("staff/sitemap.xml (%v):\n%s", err, sm)
	}
	attest := se["Next attestation: HR - Personnel Files"]
	if attest == nil {
		t.Fatalf("no attestation in %v", keys(se))
	}
	if d, _ := attest.DateTimeStart(time.UTC); !d.Equal(time.Date(2026, 12, 30, 0, 0, 0, 0, time.UTC)) {
		t.Errorf("the attestation is due %v, want 2026-12-30", d)
	}

	// Each owner's feed is named by their pseudonym and holds their due
	// dates only.
	var ownerFeeds []string
	for name, cal := range cals {
		if !strings.HasPrefix(name, "staff/audit/owners/") {
			continue
		}
		ownerFeeds = append(ownerFeeds, name)
		if !strings.Contains(name, "person-") {
			t.Errorf("%s: an owner's feed named otherwise than by pseudonym", name)
		}
		for s := range events(t, cal) {
			if strings.HasPrefix(s, "Next review: Restore") {
				t.Errorf("%s holds %s", name, s)
			}
		}
	}
	if len(ownerFeeds) != 2 { // l.dekker (the page and the site), a.dejong (the site)
		t.Errorf("staff owner feeds %v, want 2", ownerFeeds)
	}

	// Reviewed again: the event keeps its UID and moves.
	uid, _ := share.Props.Text(ical.PropUID)
	dir2 := testsite.Write(t, calendarManual("2026-11-20"))
	if _, err := Build(context.Background(), Options{Dir: dir2, Now: now}); err != nil {
		t.Fatal(err)
	}
	moved := events(t, readCalendars(t, filepath.Join(dir2, "public"))["staff/audit/calendar.ics"])["Next review: Share a file, safely; with guests"]
	if moved == nil {
		t.Fatal("the reviewed page's event is gone")
	}
	if u, _ := moved.Props.Text(ical.PropUID); u != uid {
		t.Errorf("UID %q after the review, was %q", u, uid)
	}
	if d, _ := moved.DateTimeStart(time.UTC); !d.Equal(time.Date(2027, 5, 20, 0, 0, 0, 0, time.UTC)) {
		t.Errorf("due %v after the review, want 2027-05-20", d)
	}
}

func keys[V any](m map[string]V) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	return out
}
