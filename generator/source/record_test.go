package source_test

import (
	"testing"
	"time"

	"github.com/handbook-dev/handbook/generator/source"
)

func TestParseStamp(t *testing.T) {
	tests := []struct {
		in, want string // want is Stamp.String(), "" for an error
		clock    bool
	}{
		{"2026-11-03", "2026-11-03", false},
		{" 2026-11-03 07:42 ", "2026-11-03 07:42", true},
		{"2026-11-03T07:42", "2026-11-03 07:42", true},
		{"2026-11-03 07:42:10", "2026-11-03 07:42", true},
		{"2026-11-03T07:42:00+01:00", "2026-11-03 07:42 +01:00", true},
		{"2026-11-03 07:42 +01:00", "2026-11-03 07:42 +01:00", true},
		{"2026-11-03T06:42:00Z", "2026-11-03 06:42", true},
		{"03-11-2026", "", false},
		{"2026-11-31", "", false},
		{"2026-11-03 7:42", "2026-11-03 07:42", true},
		{"yesterday", "", false},
		{"", "", false},
	}
	for _, tt := range tests {
		st, ok := source.ParseStamp(tt.in)
		if ok != (tt.want != "") {
			t.Errorf("ParseStamp(%q) ok = %v", tt.in, ok)
			continue
		}
		if got := st.String(); got != tt.want || st.Clock != tt.clock {
			t.Errorf("ParseStamp(%q) = %q (clock %v), want %q (clock %v)", tt.in, got, st.Clock, tt.want, tt.clock)
		}
	}
}

// TestParseKeepsRecordFields checks that Parse keeps the record keys with
// their file positions for ParseRecord, and still as Params for pages of
// other kinds.
func TestParseKeepsRecordFields(t *testing.T) {
	src := "\n---\ntitle: Outage\nkind: Incident\nstarted: 2026-11-03 07:42\nseverity: high\nstatus: open\n---\nBody.\n"
	doc, diags := source.Parse(testPath, []byte(src))
	if len(diags) > 0 {
		t.Fatal(diags)
	}
	if doc.Kind != source.KindIncident {
		t.Errorf("Kind = %q", doc.Kind)
	}
	if len(doc.RecordFields) != 3 || doc.RecordFields[0].Line != 5 || doc.RecordFields[0].Col != 10 {
		t.Fatalf("RecordFields = %+v", doc.RecordFields)
	}
	if doc.Params["status"] != "open" {
		t.Errorf("Params = %v", doc.Params)
	}
	rec, diags := source.ParseRecord(testPath, doc.Kind, doc.RecordFields, doc.Lines["kind"], 1, "kind: incident on this page")
	if len(diags) > 0 {
		t.Fatal(diags)
	}
	want := time.Date(2026, 11, 3, 7, 42, 0, 0, time.UTC)
	if !rec.Started.Time.Equal(want) || rec.Severity != "SEV2" || rec.Status != "open" || !rec.Open() || rec.TimeToResolve() != 0 {
		t.Errorf("record = %+v", rec)
	}
}

// FuzzParseRecord checks that no front matter makes the record reader
// panic, whatever kind the page turns out to have.
func FuzzParseRecord(f *testing.F) {
	for _, s := range []string{
		"started: 2026-11-03 07:42\nresolved: 2026-11-03 07:00\nseverity: SEV1\n",
		"started: yesterday\nseverity: [a]\nstatus: {x: y}\n",
		"planned: 2026-12-01\ndone: 2026-12-02\nstatus: planned\nrisk: huge\napproved_by: {a: b}\n",
		"rollback:\nprovider: 3\nresolved: 2026-01-01T00:00:00Z\n",
		"provider: hostned\nopened: 2026-11-20 10:00\nanswered: 2026-11-19\nclosed: 2026-11-21\nstatus: answered\npriority: P1\n",
		"provider: [a]\nincident: [a.md, {x: y}, /b.md]\nchange: \nprovider_ticket: {a: b}\n",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, fm string) {
		doc, diags := source.Parse(testPath, []byte("---\n"+fm+"\n---\n"))
		if doc == nil {
			if len(diags) == 0 {
				t.Fatal("no document and no diagnostics")
			}
			return
		}
		for _, kind := range []string{source.KindIncident, source.KindChange, source.KindRequest} {
			rec, diags := source.ParseRecord(testPath, kind, doc.RecordFields, 1, 1, "test")
			if (rec == nil) == (len(diags) == 0) {
				t.Fatalf("record %v with diagnostics %v", rec, diags)
			}
			if rec == nil {
				continue
			}
			for _, ref := range append(rec.Incidents, rec.Changes...) {
				if ref.Path == "" || ref.Line < 1 {
					t.Fatalf("a reference without its path or line: %+v", ref)
				}
			}
			if kind == source.KindRequest && (rec.Provider == "" || rec.Opened.IsZero()) {
				t.Fatalf("a request without provider or opened: %+v", rec)
			}
		}
	})
}
