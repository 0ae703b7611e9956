package inventory

import (
	"fmt"
	"strings"
	"time"

	"github.com/handbook-dev/handbook/generator/diag"
	"github.com/handbook-dev/handbook/generator/internal/yamlx"
	"github.com/handbook-dev/handbook/internal/suggest"
)

// KindProvider is the kind of an item that is an external provider: a
// hosting company, an agency, a registrar. Sites name theirs with
// hosting:, and provider requests (kind: request pages) name it with
// provider:.
const KindProvider = "provider"

// Provider holds the terms of an item of kind provider: what a writer
// needs at hand when something must be asked of it.
type Provider struct {
	Contract Contract
	// Contacts are the provider's support contacts, in the order to try.
	Contacts []Contact
	// Portal is the provider's customer portal.
	Portal string
	// SLA holds the service levels: one tier for every request, or one
	// per priority, in the order written.
	SLA []SLA
	// Escalation is the path when a request stalls, first step first.
	Escalation []Escalation
}

// Contract is the agreement with a provider.
type Contract struct {
	Name, Reference string
	// Ends is when the contract ends, zero when not given.
	Ends time.Time
}

// Contact is one way to reach a provider.
type Contact struct {
	Name, Role, Email, Phone string
}

// String writes the contact on one line.
func (c Contact) String() string {
	var parts []string
	for _, s := range []string{c.Name, c.Role, c.Email, c.Phone} {
		if s != "" {
			parts = append(parts, s)
		}
	}
	return strings.Join(parts, ", ")
}

// Escalation is one step of an escalation path: whom to turn to, and
// after how long without progress.
type Escalation struct {
	Contact string
	After   SLATime
}

// Tier returns the SLA tier for a request's priority: the tier of that
// name (in any case), else the tier of every request; nil when neither
// is declared.
func (p *Provider) Tier(priority string) *SLA {
	if p == nil {
		return nil
	}
	var all *SLA
	for i := range p.SLA {
		switch {
		case priority != "" && strings.EqualFold(p.SLA[i].Priority, priority):
			return &p.SLA[i]
		case p.SLA[i].Priority == "":
			all = &p.SLA[i]
		}
	}
	return all
}

// Priorities lists the priorities the SLA names, in the order written.
func (p *Provider) Priorities() []string {
	var out []string
	if p != nil {
		for _, t := range p.SLA {
			if t.Priority != "" {
				out = append(out, t.Priority)
			}
		}
	}
	return out
}

// providerKeys are the keys that hold a provider's terms. An item of
// another kind keeps them as extra fields, shown as written.
var providerKeys = []string{"contract", "contacts", "portal", "sla", "escalation"}

func isProviderKey(key string) bool {
	for _, k := range providerKeys {
		if k == key {
			return true
		}
	}
	return false
}

// readProvider reads the provider keys of an item of kind provider, kept
// by set until the item's kind was known.
func (it *Item) readProvider() diag.List {
	var diags diag.List
	p := &Provider{}
	for _, f := range it.terms {
		var err *diag.Diagnostic
		switch f.key {
		case "contract":
			p.Contract, err = f.contract()
		case "contacts":
			p.Contacts, err = f.contacts()
		case "portal":
			if p.Portal, err = f.str(); err == nil && !strings.HasPrefix(p.Portal, "https://") && !strings.HasPrefix(p.Portal, "http://") {
				err = f.errorf("portal %q must be the portal's address, starting with https://", p.Portal)
			}
		case "sla":
			p.SLA, err = f.sla()
		case "escalation":
			p.Escalation, err = f.escalation()
		}
		if err != nil {
			diags = append(diags, *err)
		}
		delete(it.Extra, f.key)
	}
	if len(it.Extra) == 0 {
		it.Extra = nil
	}
	it.terms = nil
	it.Provider = p
	return diags
}

// mapping returns the entries of a YAML or JSON mapping value, or nil
// when the value is not one.
func (f field) mapping() []yamlx.Entry {
	if f.csv || isSequence(f.entry.Value) {
		return nil
	}
	entries, err := yamlx.Entries(f.entry.Value)
	if err != nil {
		return nil
	}
	return entries
}

// at returns the position of a nested entry's value.
func (f field) at(e yamlx.Entry) Pos {
	l, c := e.Pos()
	return Pos{Path: f.pos.Path, Line: l, Col: c}
}

// keyAt returns the position of a nested entry's key.
func (f field) keyAt(e yamlx.Entry) Pos { return Pos{Path: f.pos.Path, Line: e.Line, Col: e.Col} }

func errAt(p Pos, format string, args ...any) *diag.Diagnostic {
	return &diag.Diagnostic{Path: p.Path, Line: p.Line, Col: p.Col, Message: fmt.Sprintf(format, args...)}
}

// unknownKey reports a key of a nested mapping that is none of keys.
func unknownKey(p Pos, what, key string, keys []string) *diag.Diagnostic {
	if near, ok := suggest.Closest(key, keys); ok {
		return errAt(p, "%s: unknown key %q; did you mean %s?", what, key, near)
	}
	return errAt(p, "%s: unknown key %q; use %s", what, key, strings.Join(keys, ", "))
}

// text reads a nested entry's text value.
func text(what string, e yamlx.Entry, p Pos) (string, *diag.Diagnostic) {
	s, err := e.String()
	if err != nil {
		return "", errAt(p, "%s: %s must be text, found a list or mapping", what, e.Key)
	}
	return strings.TrimSpace(s), nil
}

var contractKeys = []string{"name", "reference", "ends"}

// contract reads "Managed Hosting Plus" or {name, reference, ends}.
func (f field) contract() (Contract, *diag.Diagnostic) {
	entries := f.mapping()
	if entries == nil {
		s, err := f.str()
		return Contract{Name: s}, err
	}
	var c Contract
	for _, e := range entries {
		p := f.at(e)
		s, err := text("contract", e, p)
		if err != nil {
			return c, err
		}
		switch e.Key {
		case "name":
			c.Name = s
		case "reference":
			c.Reference = s
		case "ends":
			t, perr := time.Parse(time.DateOnly, s)
			if perr == nil && yamlx.PlausibleDate(t) != nil {
				perr = fmt.Errorf("implausible")
			}
			if perr != nil {
				return c, errAt(p, "contract: ends must be a date written as YYYY-MM-DD, found %q", s)
			}
			c.Ends = t
		default:
			return c, unknownKey(f.keyAt(e), "contract", e.Key, contractKeys)
		}
	}
	return c, nil
}

// textsOrMappings reads a list whose elements are text (made into a T by
// fromText) or mappings (read by fromMapping, each entry's text at
// hand); in CSV, texts separated by ';'. example shows the mapping form
// in the message for an element that is neither; incomplete says what a
// mapping lacks, "" when nothing.
func textsOrMappings[T any](f field, example string, fromText func(string) T, fromMapping func(key string, text string, at Pos, t *T) *diag.Diagnostic, incomplete func(T) string) ([]T, *diag.Diagnostic) {
	if f.csv {
		l, _ := f.list()
		out := make([]T, len(l))
		for i, s := range l {
			out[i] = fromText(s)
		}
		return out, nil
	}
	elems, err := f.entry.Elements()
	if err != nil {
		return nil, f.wrap(err)
	}
	var out []T
	for _, e := range elems {
		p := f.at(e)
		entries, merr := yamlx.Entries(e.Value)
		if merr != nil {
			s, err := text(f.key, e, p)
			if err != nil {
				return nil, errAt(p, "%s: each element is text or a mapping such as %s", f.key, example)
			}
			out = append(out, fromText(s))
			continue
		}
		var v T
		for _, me := range entries {
			s, err := text(f.key, me, f.at(me))
			if err == nil {
				err = fromMapping(me.Key, s, f.keyAt(me), &v)
			}
			if err != nil {
				return nil, err
			}
		}
		if msg := incomplete(v); msg != "" {
			return nil, errAt(p, "%s: %s", f.key, msg)
		}
		out = append(out, v)
	}
	return out, nil
}

var contactKeys = []string{"name", "role", "email", "phone"}

// contacts reads a list whose elements are text ("Service desk, +31 20
// 555 0100") or mappings {name, role, email, phone}.
func (f field) contacts() ([]Contact, *diag.Diagnostic) {
	return textsOrMappings(f, "{name: Service desk, phone: +31 20 555 0100}", func(s string) Contact { return Contact{Name: s} },
		func(key, s string, at Pos, c *Contact) *diag.Diagnostic {
			switch key {
			case "name":
				c.Name = s
			case "role":
				c.Role = s
			case "email":
				c.Email = s
			case "phone":
				c.Phone = s
			default:
				return unknownKey(at, "contacts", key, contactKeys)
			}
			return nil
		},
		func(c Contact) string {
			if c == (Contact{}) {
				return "a contact needs at least a name, an email or a phone"
			}
			return ""
		})
}

var escalationKeys = []string{"contact", "after"}

// escalation reads a list whose elements are text or {contact, after}.
func (f field) escalation() ([]Escalation, *diag.Diagnostic) {
	return textsOrMappings(f, "{after: 1h, contact: account manager}", func(s string) Escalation { return Escalation{Contact: s} },
		func(key, s string, at Pos, step *Escalation) *diag.Diagnostic {
			switch key {
			case "contact":
				step.Contact = s
			case "after":
				t, err := ParseSLATime(s, Hours{})
				if err != nil {
					return errAt(at, "escalation: after %v", err)
				}
				step.After = t
			default:
				return unknownKey(at, "escalation", key, escalationKeys)
			}
			return nil
		},
		func(step Escalation) string {
			if step.Contact == "" {
				return "a step needs contact: whom to turn to"
			}
			return ""
		})
}

var tierKeys = []string{"response", "resolution", "hours"}

// sla reads the service levels: {response: 4h, resolution: 3d, hours:
// "Mon-Fri 08:00-18:00"} for every request, or one such mapping (or the
// short form response/resolution) per priority: {P1: 15m/4h, P3:
// {response: 4h, resolution: 3d, hours: ...}}. In CSV, the short forms
// separated by ';': P1:15m/4h;P2:1h/8h, with " @ hours" after one when
// it counts working hours.
func (f field) sla() ([]SLA, *diag.Diagnostic) {
	if f.csv {
		var out []SLA
		for _, part := range strings.Split(f.text, ";") {
			if part = strings.TrimSpace(part); part == "" {
				continue
			}
			prio, rest, ok := strings.Cut(part, ":")
			if !ok || strings.Contains(prio, "/") {
				prio, rest = "", part
			}
			t, err := shortTier(strings.TrimSpace(prio), rest, f.pos)
			if err != nil {
				return nil, err
			}
			out = append(out, t)
		}
		return out, checkTiers(out)
	}
	entries := f.mapping()
	if entries == nil {
		if s, err := f.str(); err == nil && s != "" {
			t, err := shortTier("", s, f.pos)
			if err != nil {
				return nil, err
			}
			return []SLA{t}, nil
		}
		return nil, f.errorf("sla must be a mapping such as {response: 4h, resolution: 3d}, or one per priority such as {P1: {response: 15m, resolution: 4h}}")
	}
	if isTierKey(entries[0].Key) {
		t, err := f.tier("", entries, f.pos)
		if err != nil {
			return nil, err
		}
		return []SLA{t}, nil
	}
	var out []SLA
	for _, e := range entries {
		p := f.at(e)
		if isTierKey(e.Key) {
			return nil, errAt(f.keyAt(e), "sla: %s is given beside priorities; put it in each priority's mapping, e.g. P3: {response: 4h, resolution: 3d}", e.Key)
		}
		var t SLA
		var err *diag.Diagnostic
		if tierEntries, merr := yamlx.Entries(e.Value); merr == nil && !isSequence(e.Value) {
			t, err = f.tier(e.Key, tierEntries, p)
		} else if s, serr := e.String(); serr == nil {
			t, err = shortTier(e.Key, s, p)
		} else {
			err = errAt(p, "sla: priority %s must be a mapping such as {response: 15m, resolution: 4h}, or 15m/4h", e.Key)
		}
		if err != nil {
			return nil, err
		}
		out = append(out, t)
	}
	return out, checkTiers(out)
}

func isTierKey(k string) bool {
	for _, t := range tierKeys {
		if t == k {
			return true
		}
	}
	return false
}

// tier reads {response, resolution, hours}; hours first, as the targets
// count in them.
func (f field) tier(priority string, entries []yamlx.Entry, at Pos) (SLA, *diag.Diagnostic) {
	t := SLA{Priority: priority, Pos: at}
	what := "sla"
	if priority != "" {
		what = "sla: " + priority
	}
	for _, e := range entries {
		if e.Key != "hours" {
			continue
		}
		p := f.at(e)
		s, err := text(what, e, p)
		if err != nil {
			return t, err
		}
		h, perr := ParseHours(s)
		if perr != nil {
			return t, errAt(p, "%s: %v", what, perr)
		}
		t.Hours = h
	}
	for _, e := range entries {
		p := f.at(e)
		if !isTierKey(e.Key) {
			return t, unknownKey(f.keyAt(e), what, e.Key, tierKeys)
		}
		if e.Key == "hours" {
			continue
		}
		s, err := text(what, e, p)
		if err != nil {
			return t, err
		}
		v, perr := ParseSLATime(s, t.Hours)
		if perr != nil {
			return t, errAt(p, "%s: %s %v", what, e.Key, perr)
		}
		if e.Key == "response" {
			t.Response = v
		} else {
			t.Resolution = v
		}
	}
	if t.Response.IsZero() && t.Resolution.IsZero() {
		return t, errAt(at, "%s has neither response nor resolution; give at least one, e.g. {response: 4h, resolution: 3d}", what)
	}
	return t, nil
}

// shortTier reads response/resolution, optionally followed by "@ hours":
// 15m/4h, 4h/3d @ Mon-Fri 08:00-18:00, 1d/ (no resolution target).
func shortTier(priority, s string, at Pos) (SLA, *diag.Diagnostic) {
	t := SLA{Priority: priority, Pos: at}
	what := "sla"
	if priority != "" {
		what = "sla: " + priority
	}
	times, hours, _ := strings.Cut(s, "@")
	h, err := ParseHours(hours)
	if err != nil {
		return t, errAt(at, "%s: %v", what, err)
	}
	t.Hours = h
	resp, res, ok := strings.Cut(times, "/")
	if !ok {
		return t, errAt(at, "%s: %q must be written response/resolution, such as 15m/4h (or 1d/ without a resolution target)", what, strings.TrimSpace(s))
	}
	for _, part := range []struct {
		text string
		to   *SLATime
	}{{resp, &t.Response}, {res, &t.Resolution}} {
		if strings.TrimSpace(part.text) == "" {
			continue
		}
		v, err := ParseSLATime(part.text, h)
		if err != nil {
			return t, errAt(at, "%s: %v", what, err)
		}
		*part.to = v
	}
	if t.Response.IsZero() && t.Resolution.IsZero() {
		return t, errAt(at, "%s: %q sets no target; write response/resolution, such as 15m/4h", what, strings.TrimSpace(s))
	}
	return t, nil
}

// checkTiers refuses a priority given twice.
func checkTiers(tiers []SLA) *diag.Diagnostic {
	for i, t := range tiers {
		for _, u := range tiers[:i] {
			if strings.EqualFold(t.Priority, u.Priority) {
				name := t.Priority
				if name == "" {
					name = "the tier of every request"
				}
				return errAt(t.Pos, "sla: %s is given twice (also at line %d)", name, u.Pos.Line)
			}
		}
	}
	return nil
}

// linkHosting links each item whose hosting: names a provider to it.
func (inv *Inventory) linkHosting() diag.List {
	var diags diag.List
	for _, it := range inv.Items {
		if it.Hosting == "" {
			continue
		}
		p := it.At("hosting")
		prov, msg, legacy := inv.ProviderRef(it.Hosting)
		switch {
		case prov != nil:
			it.HostedBy = prov
			prov.Hosts = append(prov.Hosts, it)
		case legacy:
			diags.Warnf(p.Path, p.Line, p.Col, "hosting: %q names no provider item; declare the provider as an item (kind: provider, with its contract and sla) and set hosting: to its id%s", it.Hosting, msg)
		case msg != "":
			diags.Errorf(p.Path, p.Line, p.Col, "hosting: %s", msg)
		}
	}
	return diags
}

// ProviderRef resolves a reference to a provider item (hosting:, a
// record's provider:). It returns the provider; or, when ref is written
// like an id, why it names none (msg, with a did-you-mean); or, when ref
// is free text as records wrote a ticket before providers were items
// ("HostNed P1 HN-2026-118734"), legacy with msg naming the provider the
// text starts with when there is one. msg is "" for an item left out for
// its own error.
func (inv *Inventory) ProviderRef(ref string) (prov *Item, msg string, legacy bool) {
	ref = strings.TrimSpace(ref)
	if it := inv.ByID(ref); it != nil {
		if it.Kind != KindProvider {
			return nil, fmt.Sprintf("%s is an item of kind %s, not a provider; name an item of kind provider", ref, it.Kind), false
		}
		return it, "", false
	}
	var ids []string
	for _, it := range inv.Items {
		if it.Kind == KindProvider {
			ids = append(ids, it.ID)
		}
	}
	if !idRE.MatchString(ref) {
		first, _, _ := strings.Cut(ref, " ")
		for _, it := range inv.Items {
			if it.Kind == KindProvider && (strings.EqualFold(first, it.ID) || strings.EqualFold(first, it.Name) || strings.HasPrefix(strings.ToLower(ref), strings.ToLower(it.Name)+" ")) {
				return nil, fmt.Sprintf(" (%s, it seems)", it.ID), true
			}
		}
		return nil, "", true
	}
	if inv.Rejected(ref) {
		return nil, "", false
	}
	switch near, ok := suggest.Closest(ref, ids); {
	case ok:
		return nil, fmt.Sprintf("no provider item %q; did you mean %s?", ref, near), false
	case len(ids) == 0:
		return nil, fmt.Sprintf("no provider item %q; the inventory declares no provider (kind: provider)", ref), false
	default:
		return nil, fmt.Sprintf("no provider item %q; the providers are %s", ref, strings.Join(ids, ", ")), false
	}
}
