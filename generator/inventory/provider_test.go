package inventory

import (
	"strings"
	"testing"
	"time"

	"github.com/handbook-dev/handbook/generator/diag"
)

// load parses one inventory file and links it, as Load does.
func load(t *testing.T, name, src string) (*Inventory, diag.List) {
	t.Helper()
	items, diags := Parse(name, []byte(src))
	inv, d := link(items, Kinds)
	return inv, append(diags, d...)
}

const hostnedYAML = `- id: hostned
  kind: provider
  name: HostNed
  owners: [m.jansen@example.com]
  contract: {name: Managed Hosting Plus, reference: "48213", ends: 2027-03-31}
  portal: https://portal.hostned.example
  contacts:
    - {name: Service desk, phone: +31 20 555 0100, email: support@hostned.example}
    - Account manager, via the portal
  sla:
    P1: {response: 15m, resolution: 4h}
    P2: 1h/8h
    P3: {response: 4h, resolution: 3d, hours: "Mon-Fri 08:00-18:00"}
    P4: {response: 1 business day, hours: "Mon-Fri 08:00-18:00"}
  escalation:
    - Call the service desk and ask for the duty manager
    - {after: 1h, contact: account manager}
- {id: shop, kind: webshop, name: Shop, hosting: hostned}
- {id: www, kind: website, name: WWW, hosting: hostned, sla: 99.9%}
`

func TestProviderTerms(t *testing.T) {
	inv, diags := load(t, "inv.yaml", hostnedYAML)
	if len(diags) > 0 {
		t.Fatal(diags)
	}
	p := inv.ByID("hostned")
	if p.Provider == nil {
		t.Fatal("no terms read")
	}
	if len(p.Extra) != 0 {
		t.Errorf("terms also kept as extra keys: %v", p.Extra)
	}
	terms := p.Provider
	if c := terms.Contract; c.Name != "Managed Hosting Plus" || c.Reference != "48213" || !c.Ends.Equal(time.Date(2027, 3, 31, 0, 0, 0, 0, time.UTC)) {
		t.Errorf("contract = %+v", c)
	}
	if len(terms.Contacts) != 2 || terms.Contacts[0].Phone != "+31 20 555 0100" || terms.Contacts[1].String() != "Account manager, via the portal" {
		t.Errorf("contacts = %+v", terms.Contacts)
	}
	var got []string
	for _, tier := range terms.SLA {
		got = append(got, tier.Priority+"="+tier.Response.D.String()+"/"+tier.Resolution.D.String())
	}
	// P3's 3d are three working days of ten hours; P4's day is one.
	if g := strings.Join(got, " "); g != "P1=15m0s/4h0m0s P2=1h0m0s/8h0m0s P3=4h0m0s/30h0m0s P4=10h0m0s/0s" {
		t.Errorf("sla = %s", g)
	}
	if terms.Tier("p3") != &terms.SLA[2] || terms.Tier("P9") != nil || terms.Tier("") != nil {
		t.Error("Tier does not find the priorities")
	}
	if len(terms.Escalation) != 2 || terms.Escalation[1].After.D != time.Hour {
		t.Errorf("escalation = %+v", terms.Escalation)
	}
	if len(p.Hosts) != 2 || inv.ByID("shop").HostedBy != p {
		t.Errorf("hosts = %v", p.Hosts)
	}
	// A website's sla: is its own extra field, not a provider's terms.
	if www := inv.ByID("www"); www.Extra["sla"] != "99.9%" || www.Provider != nil {
		t.Errorf("www extra = %v", www.Extra)
	}
}

func TestProviderTermsCSV(t *testing.T) {
	src := "id,kind,name,sla,contacts,portal\nhn,provider,HostNed,P1:15m/4h;P3:4h/3d @ Mon-Fri 08:00-18:00,Service desk +31 20 555 0100;support@hostned.example,https://portal.hostned.example\n"
	inv, diags := load(t, "inv.csv", src)
	if len(diags) > 0 {
		t.Fatal(diags)
	}
	terms := inv.ByID("hn").Provider
	if len(terms.SLA) != 2 || terms.SLA[1].Resolution.D != 30*time.Hour || terms.SLA[1].Hours.AroundTheClock() || len(terms.Contacts) != 2 {
		t.Errorf("terms = %+v", terms)
	}
}

func TestProviderOneTier(t *testing.T) {
	inv, diags := load(t, "inv.yaml", "- {id: agency, kind: provider, name: Agency, sla: {response: 1d, resolution: 2w}}\n")
	if len(diags) > 0 {
		t.Fatal(diags)
	}
	tier := inv.ByID("agency").Provider.Tier("P2")
	if tier == nil || tier.Priority != "" || tier.Resolution.D != 14*24*time.Hour {
		t.Errorf("tier = %+v", tier)
	}
}

// TestProviderErrors: each mistake in a provider's terms or a hosting
// reference has its message at the key it is about.
func TestProviderErrors(t *testing.T) {
	prov := "- id: hostned\n  kind: provider\n  name: HostNed\n"
	tests := []struct {
		name, src, want string
	}{
		{"portal not an address", prov + "  portal: portal.hostned.example\n", `inv.yaml:4:11: portal "portal.hostned.example" must be the portal's address, starting with https://`},
		{"bad time", prov + "  sla: {response: soon}\n", `inv.yaml:4:19: sla: response "soon" is not a time such as 15m, 4h, 1h30m or 3d`},
		{"misspelt tier key", prov + "  sla: {P1: {respones: 15m}}\n", `inv.yaml:4:14: sla: P1: unknown key "respones"; did you mean response?`},
		{"no target", prov + "  sla: {P1: {hours: 24/7}}\n", "inv.yaml:4:13: sla: P1 has neither response nor resolution"},
		{"bad hours", prov + "  sla: {P3: {response: 4h, hours: office hours}}\n", `inv.yaml:4:35: sla: P3: hours "office hours" are not hours an SLA counts`},
		{"hours backwards", prov + "  sla: {response: 4h, hours: Mon-Fri 18:00-08:00}\n", "inv.yaml:4:30: sla: hours \"Mon-Fri 18:00-08:00\": the working day must end after it starts"},
		{"short form without slash", prov + "  sla: {P2: 1h}\n", `inv.yaml:4:13: sla: P2: "1h" must be written response/resolution`},
		{"tier key beside priorities", prov + "  sla: {P1: 15m/4h, hours: 24/7}\n", "inv.yaml:4:21: sla: hours is given beside priorities"},
		{"priority twice", prov + "  sla: {P1: 15m/4h, p1: 30m/4h}\n", "inv.yaml:4:25: sla: p1 is given twice (also at line 4)"},
		{"contract date", prov + "  contract: {name: Plus, ends: March}\n", `inv.yaml:4:32: contract: ends must be a date written as YYYY-MM-DD, found "March"`},
		{"contract key", prov + "  contract: {nmae: Plus}\n", `inv.yaml:4:14: contract: unknown key "nmae"; did you mean name?`},
		{"empty contact", prov + "  contacts: [{}]\n", "inv.yaml:4:14: contacts: a contact needs at least a name, an email or a phone"},
		{"escalation without contact", prov + "  escalation: [{after: 1h}]\n", "inv.yaml:4:16: escalation: a step needs contact: whom to turn to"},
		{"hosting unknown id", prov + "- {id: shop, kind: webshop, name: Shop, hosting: hostnet}\n", `inv.yaml:4:50: hosting: no provider item "hostnet"; did you mean hostned?`},
		{"hosting not a provider", prov + "- {id: shop, kind: webshop, name: Shop, hosting: www}\n- {id: www, kind: website, name: WWW}\n", "inv.yaml:4:50: hosting: www is an item of kind website, not a provider"},
		{"hosting as text", prov + "- {id: shop, kind: webshop, name: Shop, hosting: HostNed shared hosting}\n", `inv.yaml:4:50: warning: hosting: "HostNed shared hosting" names no provider item; declare the provider as an item (kind: provider, with its contract and sla) and set hosting: to its id (hostned, it seems)`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, diags := load(t, "inv.yaml", tt.src)
			if len(diags) != 1 {
				t.Fatalf("%d diagnostics, want 1: %v", len(diags), diags)
			}
			if got := diags[0].String(); !strings.HasPrefix(got, tt.want) {
				t.Errorf("got  %s\nwant %s…", got, tt.want)
			}
		})
	}
}

func TestHoursElapsed(t *testing.T) {
	h, err := ParseHours("Mon-Fri 08:00-18:00")
	if err != nil {
		t.Fatal(err)
	}
	at := func(s string) time.Time {
		tm, err := time.Parse("2006-01-02 15:04", s)
		if err != nil {
			t.Fatal(err)
		}
		return tm
	}
	tests := []struct {
		from, to string
		want     time.Duration
	}{
		{"2026-11-27 16:00", "2026-11-27 17:30", 90 * time.Minute}, // a Friday afternoon
		{"2026-11-27 16:00", "2026-11-30 09:00", 3 * time.Hour},    // over the weekend
		{"2026-11-28 10:00", "2026-11-29 20:00", 0},                // all weekend
		{"2026-11-30 06:00", "2026-11-30 20:00", 10 * time.Hour},   // before and after hours
		{"2026-11-30 09:00", "2026-12-07 09:00", 50 * time.Hour},   // a week
		{"2026-11-30 09:00", "2026-11-30 08:00", 0},                // backwards
	}
	for _, tt := range tests {
		if got := h.Elapsed(at(tt.from), at(tt.to)); got != tt.want {
			t.Errorf("Elapsed(%s, %s) = %v, want %v", tt.from, tt.to, got, tt.want)
		}
	}
	if got := (Hours{}).Elapsed(at("2026-11-28 10:00"), at("2026-11-29 10:00")); got != 24*time.Hour {
		t.Errorf("around the clock = %v", got)
	}
	weekend, err := ParseHours("Sat-Sun 10:00-14:00") // a range that wraps the week's end
	if err != nil || !weekend.Days[time.Saturday] || !weekend.Days[time.Sunday] || weekend.Days[time.Monday] {
		t.Errorf("Sat-Sun = %+v, %v", weekend.Days, err)
	}
}

// FuzzSLA checks the SLA's own parsers: hours are a working day that
// ends after it starts, and a target is a positive time whose working
// days are the hours' days.
func FuzzSLA(f *testing.F) {
	for _, s := range []string{"Mon-Fri 08:00-18:00", "24/7", "Sat-Sun 10:00-14:00", "mon 9:00-24:00", "Fri-Mon 00:00-00:01", "Mon-Fri 18:00-08:00", "Xyz 1:00-2:00"} {
		f.Add(s, "3d")
	}
	for _, s := range []string{"15m", "1h30m", "3 business days", "2w", "4 hours", "0h", "99999999999d", "9999w", "9999w9999w9999w", "1d/"} {
		f.Add("Mon-Fri 08:00-18:00", s)
	}
	f.Fuzz(func(t *testing.T, hours, target string) {
		h, err := ParseHours(hours)
		if err != nil {
			return
		}
		if !h.AroundTheClock() && (h.From < 0 || h.To > 24*60 || h.To <= h.From) {
			t.Fatalf("hours %q read as %d-%d", hours, h.From, h.To)
		}
		v, err := ParseSLATime(target, h)
		if err == nil && v.D <= 0 {
			t.Fatalf("target %q read as %v", target, v.D)
		}
		a := time.Date(2026, 11, 20, 16, 0, 0, 0, time.UTC)
		if e := h.Elapsed(a, a.Add(72*time.Hour)); e < 0 || e > 72*time.Hour {
			t.Fatalf("elapsed %v of 72 h in %q", e, hours)
		}
	})
}
