package audit

import (
	"fmt"
	"strings"
	"time"

	"github.com/handbook-dev/handbook/generator/inventory"
	"github.com/handbook-dev/handbook/generator/pulldata"
)

// eolRules audit the software the inventory's components declare
// against the release cycles handbook pull eol recorded from
// endoflife.date. Without an eol snapshot they report nothing: a
// project that lists no components, or never pulled, has nothing to
// compare.
var eolRules = []Rule{
	{ID: "component-eol", Subject: "item", Severity: Error, Title: "Software past its end of support",
		Fix: "Upgrade to a supported release cycle, or accept the finding with a waiver until the planned upgrade.", check: componentEOL},
	{ID: "component-eol-soon", Subject: "item", Severity: Warning, Title: "Software support ending soon",
		Fix: "Plan the upgrade to a supported release cycle before the date.", check: componentEOLSoon},
	{ID: "component-behind-patch", Subject: "item", Severity: Warning, Title: "Software behind its latest patch",
		Fix: "Install the latest patch of the release cycle (see the update procedure), then update the version in the inventory.", check: componentBehindPatch},
	{ID: "component-unknown", Subject: "item", Severity: Warning, Title: "Software without lifecycle data",
		Fix: "Name the product and version as endoflife.date does, then pull eol again.", check: componentUnknown},
}

// notPulled reports the components whose product no eol snapshot holds
// although there is one: listed since the last pull.
func notPulled(c *checker) {
	s := c.site.Snapshots
	if s == nil || len(s.EOL) == 0 || c.site.Inventory == nil {
		return
	}
	for _, it := range c.site.Inventory.Items {
		if it.Status == "retired" {
			continue
		}
		for _, comp := range it.Components {
			if s.Product(comp.Name) == nil {
				c.component(it, comp, "%s is in no eol snapshot (the last pull was on %s): run handbook pull eol to read its support dates", comp.Name, s.EOL[0].TakenAt.Format(time.DateOnly))
			}
		}
	}
}

// eachComponent calls f for every component of every item that the eol
// snapshots have a product for.
func eachComponent(c *checker, f func(it *inventory.Item, comp inventory.Component, p *pulldata.EOLProduct)) {
	if c.site.Snapshots == nil || len(c.site.Snapshots.EOL) == 0 || c.site.Inventory == nil {
		return
	}
	for _, it := range c.site.Inventory.Items {
		if it.Status == "retired" {
			continue
		}
		for _, comp := range it.Components {
			if p := c.site.Snapshots.Product(comp.Name); p != nil {
				f(it, comp, p)
			}
		}
	}
}

// component reports a finding about an item at its component's line.
func (c *checker) component(it *inventory.Item, comp inventory.Component, format string, args ...any) {
	c.out = append(c.out, &Finding{Rule: c.rule.ID, Severity: c.rule.Severity, SubjectKind: "item", Subject: it.ID, Title: it.Name,
		Path: comp.Pos.Path, Line: comp.Pos.Line, Message: fmt.Sprintf(format, args...), Fix: c.rule.Fix, Owners: it.Owners, Kind: it.Kind, item: it})
}

// releaseDay parses an endoflife.date date; ok is false for none.
func releaseDay(s string) (time.Time, bool) {
	t, err := time.Parse(time.DateOnly, s)
	return t, err == nil
}

// daysUntil counts whole days from the build's day to t.
func (c *checker) daysUntil(t time.Time) int {
	today := time.Date(c.now.Year(), c.now.Month(), c.now.Day(), 0, 0, 0, 0, time.UTC)
	return int(t.Sub(today).Hours() / 24)
}

// ended reports whether a cycle is past its end of security support on
// the build's day.
func (c *checker) ended(r *pulldata.EOLRelease) bool {
	return r.Ended(c.now.Format(time.DateOnly))
}

func componentEOL(c *checker) {
	eachComponent(c, func(it *inventory.Item, comp inventory.Component, p *pulldata.EOLProduct) {
		r := p.Release(comp.Version)
		if r == nil {
			return
		}
		if !c.ended(r) {
			return
		}
		when := "is past its end of security support"
		if r.EOLFrom != "" {
			when += " (" + r.EOLFrom + ")"
		}
		c.component(it, comp, "%s %s %s%s", comp.Name, comp.Version, when, supportedHint(p))
	})
}

// supportedHint names the newest cycle still maintained, for the
// message of an ended one.
func supportedHint(p *pulldata.EOLProduct) string {
	for _, r := range p.Releases { // newest first, as endoflife.date lists them
		if r.IsMaintained && r.Latest != "" {
			return "; the newest supported release is " + r.Latest
		}
	}
	return ""
}

func componentEOLSoon(c *checker) {
	eachComponent(c, func(it *inventory.Item, comp inventory.Component, p *pulldata.EOLProduct) {
		r := p.Release(comp.Version)
		if r == nil {
			return
		}
		t, ok := releaseDay(r.EOLFrom)
		if !ok {
			return
		}
		if days := c.daysUntil(t); days > 0 && days <= c.policy.EOLWarnDays {
			c.component(it, comp, "%s %s leaves security support on %s, in %d days", comp.Name, comp.Version, r.EOLFrom, days)
		}
	})
}

// patchDays is how many days the component may stay behind the latest
// patch: its own patch_within, else its item's kind's, else the policy's.
func (c *checker) patchDays(it *inventory.Item, comp inventory.Component) (int, string) {
	if !comp.PatchWithin.IsZero() {
		base := time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC)
		return int(comp.PatchWithin.After(base).Sub(base).Hours() / 24), "patch_within " + comp.PatchWithin.String()
	}
	if n, ok := c.policy.PatchDaysByKind[it.Kind]; ok {
		return n, fmt.Sprintf("%d days for a %s", n, it.Kind)
	}
	return c.policy.PatchDays, fmt.Sprintf("%d days", c.policy.PatchDays)
}

func componentBehindPatch(c *checker) {
	eachComponent(c, func(it *inventory.Item, comp inventory.Component, p *pulldata.EOLProduct) {
		r := p.Release(comp.Version)
		if r == nil || r.Latest == "" || r.Latest == comp.Version {
			return
		}
		if c.ended(r) {
			return // component-eol says more
		}
		released, ok := releaseDay(r.LatestDate)
		if !ok {
			return
		}
		allowed, why := c.patchDays(it, comp)
		if age := -c.daysUntil(released); age > allowed {
			c.component(it, comp, "%s %s is behind %s, released %s (%d days ago; allowed: %s)", comp.Name, comp.Version, r.Latest, r.LatestDate, age, why)
		}
	})
}

func componentUnknown(c *checker) {
	notPulled(c)
	eachComponent(c, func(it *inventory.Item, comp inventory.Component, p *pulldata.EOLProduct) {
		switch {
		case p.Unknown:
			c.component(it, comp, "endoflife.date knows no product %q; its support dates are unknown", comp.Name)
		case p.Release(comp.Version) == nil:
			var cycles []string
			for i, r := range p.Releases {
				if i == 6 {
					cycles = append(cycles, "…")
					break
				}
				cycles = append(cycles, r.Name)
			}
			c.component(it, comp, "%s %s is in no release cycle endoflife.date lists for %s (%s)", comp.Name, comp.Version, comp.Name, strings.Join(cycles, ", "))
		}
	})
}
