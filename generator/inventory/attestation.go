package inventory

import (
	"slices"
	"strings"
	"time"

	"github.com/handbook-dev/handbook/generator/diag"
)

// Attestation is an owner's periodic confirmation of an item, as
// SharePoint's site attestation policies ask for: on a date, by someone,
// that the item is still needed, and, where recorded, the owners, the
// number of members and the external sharing they saw. What was
// confirmed is what a later pull is measured against: sharing widened
// since then is a finding of its own, apart from the declared values.
type Attestation struct {
	On time.Time
	By string
	// Needed is false when the owner answered that the item is no
	// longer needed (needed: false): it should be archived or retired.
	Needed bool
	// Owners, Members (when HasMembers) and Sharing are what the owner
	// confirmed; empty when the attestation does not record them.
	Owners     []string
	Members    int
	HasMembers bool
	Sharing    string
	// Pos is where attested is written.
	Pos Pos
	// invalid marks an attestation whose attested could not be read:
	// reported once, then dropped (checkAttestation).
	invalid bool
}

// attestationKeys are the keys of an attested: mapping, in the order
// handbook attest writes them.
var attestationKeys = []string{"on", "by", "needed", "owners", "members", "sharing"}

// csvAttestationColumns are the columns of a CSV inventory for an
// attestation: attested holds the date, the others the rest.
var csvAttestationColumns = []string{"attested", "attested_by", "attested_needed", "attested_owners", "attested_members", "attested_sharing"}

// isAttestationColumn reports whether a key is one of the attestation's
// columns beside attested (attested_by and the others).
func isAttestationColumn(key string) bool { return slices.Contains(csvAttestationColumns[1:], key) }

// attestation returns the item's attestation, made (still needed, at p)
// by the first of its columns or keys read.
func (it *Item) attestation(p Pos) *Attestation {
	if it.Attested == nil {
		it.Attested = &Attestation{Needed: true, Pos: p}
	}
	return it.Attested
}

// attestation reads attested: a date (attested: 2026-09-01), or a mapping
// {on, by, needed, owners, members, sharing}; in CSV the attested column
// holds the date.
func (f field) attestation(a *Attestation) *diag.Diagnostic {
	a.Pos = f.pos
	entries := f.mapping()
	if entries == nil {
		if !f.csv && isSequence(f.entry.Value) {
			return f.errorf("attested must be a date (attested: 2026-09-01) or a mapping such as {on: 2026-09-01, by: m.jansen@example.com}")
		}
		t, err := f.date()
		a.On = t
		return err
	}
	for _, e := range entries {
		sub := field{key: "attested: " + e.Key, pos: f.at(e), entry: &e}
		var err *diag.Diagnostic
		switch e.Key {
		case "on":
			a.On, err = sub.date()
		default:
			if !slices.Contains(attestationKeys[1:], e.Key) {
				return unknownKey(f.keyAt(e), "attested", e.Key, attestationKeys)
			}
			err = a.set(e.Key, sub)
		}
		if err != nil {
			return err
		}
	}
	if a.On.IsZero() {
		return f.errorf("attested needs the date it was given: on: YYYY-MM-DD")
	}
	return nil
}

// set reads one of what an attestation records (by, needed, owners,
// members, sharing), from a key of the mapping or a CSV column.
func (a *Attestation) set(what string, f field) *diag.Diagnostic {
	var err *diag.Diagnostic
	switch what {
	case "by":
		a.By, err = f.str()
	case "needed":
		var s string
		if s, err = f.str(); err == nil {
			switch strings.ToLower(s) {
			case "true", "yes":
				a.Needed = true
			case "false", "no":
				a.Needed = false
			default:
				err = f.errorf("%s must be true or false, found %q", f.key, s)
			}
		}
	case "owners":
		a.Owners, err = f.list()
	case "members":
		a.Members, err = f.count()
		a.HasMembers = err == nil
	case "sharing":
		if a.Sharing, err = f.str(); err == nil {
			err = oneOf(f, a.Sharing, Sharing)
		}
	}
	return err
}

// checkAttestation reports CSV attestation columns without the date
// they belong to, and drops an attestation whose date could not be read
// (its error is reported already).
func (it *Item) checkAttestation() *diag.Diagnostic {
	if it.Attested != nil && it.Attested.invalid {
		it.Attested = nil
	}
	if it.Attested == nil || !it.Attested.On.IsZero() {
		return nil
	}
	p := it.Attested.Pos
	return errAt(p, "attested_* columns need the attested column with the date the attestation was given (YYYY-MM-DD)")
}

// readEscalation reads the escalation: of an item that is no provider:
// the contacts an overdue attestation is escalated to.
func (it *Item) readEscalation() *diag.Diagnostic {
	for _, f := range it.terms {
		if f.key != "escalation" {
			continue
		}
		delete(it.Extra, f.key)
		if len(it.Extra) == 0 {
			it.Extra = nil
		}
		l, err := f.list()
		if err != nil {
			return f.errorf("escalation names whom an overdue attestation goes to: an address or group, or a list of them, e.g. [it-governance@example.com]")
		}
		it.Escalation = l
	}
	return nil
}

// Attest returns the attestation handbook attest writes for the item on
// day, by whom: still needed, with the owners, members and sharing the
// inventory declares now, as the owner confirms them.
func (it *Item) Attest(day time.Time, by string) Attestation {
	return Attestation{On: day, By: by, Needed: true, Owners: it.Owners, Members: it.Members, HasMembers: it.HasMembers, Sharing: it.ExternalSharing}
}
