package audit

import (
	"fmt"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/handbook-dev/handbook/generator/config"
	"github.com/handbook-dev/handbook/generator/inventory"
	"github.com/handbook-dev/handbook/generator/pulldata"
	"github.com/handbook-dev/handbook/generator/snapshots"
	"github.com/handbook-dev/handbook/generator/source"
)

// attestationRules follow the owners' periodic attestations of their
// items (audit.attestation): due, overdue, answered "no longer needed",
// and what the platform changed since the owners confirmed it.
var attestationRules = []Rule{
	{ID: "item-attestation-overdue", Subject: "item", Severity: Warning, Title: "Attestation overdue",
		Fix: "Ask the owners to confirm the item is still needed and its owners, members and sharing are right, then record it with handbook attest.", check: attestationOverdue},
	{ID: "item-attestation-due", Subject: "item", Severity: Info, Title: "Attestation due soon",
		Fix: "Ask the owners to attest the item before the due date (handbook notify reminds them).", check: attestationDue},
	{ID: "item-attested-unneeded", Subject: "item", Severity: Warning, Title: "Attested as no longer needed, still active",
		Fix: "Archive or retire the item on the platform and set its status, as its owners asked.", check: attestedUnneeded},
	{ID: "item-attested-drift", Subject: "item", Severity: Warning, Title: "Changed on the platform since attested",
		Fix: "Ask the owners whether the change is intended: attest the item again if it is, or undo it on the platform.", check: attestedDrift},
}

// AttestationDue says whether an item must be attested under the policy
// (it is active and an interval applies), and when its next attestation
// is due, with the interval. An item never attested is due an interval
// after it was created, or at once (the zero time) when its creation
// date is unknown.
func AttestationDue(it *inventory.Item, policy config.Attestation) (due time.Time, iv source.Interval, ok bool) {
	iv = policy.For(it.Kind, it.Sensitivity)
	if iv.IsZero() || it.Status != "active" {
		return time.Time{}, iv, false
	}
	switch {
	case it.Attested != nil:
		return iv.After(it.Attested.On), iv, true
	case !it.Created.IsZero():
		return iv.After(it.Created), iv, true
	}
	return time.Time{}, iv, true
}

// attestationWhy says why an interval applies: every item, the kind, or
// the sensitivity.
func attestationWhy(it *inventory.Item, iv source.Interval, p config.Attestation) string {
	switch iv {
	case p.BySensitivity[it.Sensitivity]:
		return fmt.Sprintf("every %s for %s items", iv, it.Sensitivity)
	case p.ByKind[it.Kind]:
		return fmt.Sprintf("every %s for a %s", iv, it.Kind)
	}
	return "every " + iv.String()
}

func attestationOverdue(c *checker) {
	p := c.policy.Attestation
	for _, it := range items(c) {
		due, iv, ok := AttestationDue(it, p)
		if !ok || !due.Before(c.now) {
			continue
		}
		switch a := it.Attested; {
		case a != nil:
			c.item(it, "attested", "%s was due for attestation on %s (last attested %s%s, %s)", it.Name, day(due), day(a.On), by(a.By), attestationWhy(it, iv, p))
		case !it.Created.IsZero():
			c.item(it, "created", "%s has never been attested; it was due on %s (created %s, %s)", it.Name, day(due), day(it.Created), attestationWhy(it, iv, p))
		default:
			c.item(it, "id", "%s has never been attested (%s)", it.Name, attestationWhy(it, iv, p))
		}
	}
}

func attestationDue(c *checker) {
	p := c.policy.Attestation
	limit := c.now.AddDate(0, 0, c.policy.ReviewDueDays)
	for _, it := range items(c) {
		due, iv, ok := AttestationDue(it, p)
		if !ok || due.Before(c.now) || due.After(limit) {
			continue
		}
		field, last := "created", "never attested"
		if a := it.Attested; a != nil {
			field, last = "attested", "last attested "+day(a.On)+by(a.By)
		}
		c.item(it, field, "%s is due for attestation on %s (%s, %s)", it.Name, day(due), last, attestationWhy(it, iv, p))
	}
}

func attestedUnneeded(c *checker) {
	for _, it := range items(c) {
		if a := it.Attested; a != nil && !a.Needed && it.Status == "active" {
			c.item(it, "attested", "%s is still active, but its owners attested on %s%s that it is no longer needed", it.Name, day(a.On), by(a.By))
		}
	}
}

func by(who string) string {
	if who == "" {
		return ""
	}
	return " by " + who
}

// attestedDrift compares what the owners confirmed with what a pull
// taken after the attestation saw: sharing wider than confirmed, owners
// added or removed, more members (SharePoint sites by their shared
// files, Teams by owners, members and guests, Confluence spaces by
// anonymous access and their directly named administrators). A pull from before the attestation
// says nothing (the owners confirmed what was there).
func attestedDrift(c *checker) {
	since := func(it *inventory.Item, taken time.Time) *inventory.Attestation {
		if a := it.Attested; a != nil && taken.After(a.On) {
			return a
		}
		return nil
	}
	declared := declaredSites(c)
	for _, s := range m365(c) {
		for _, site := range s.Data.Sites {
			it := declared[normURL(site.URL)]
			if it == nil || site.Error != "" {
				continue
			}
			if a := since(it, s.TakenAt); a != nil && a.Sharing != "" && site.ExternalSharing != "" &&
				inventory.SharingRank(site.ExternalSharing) > inventory.SharingRank(a.Sharing) {
				c.item(it, "attested", "sharing widened since attested on %s%s: the owners confirmed %s, its files are now shared with %s: %s (pulled %s)",
					day(a.On), by(a.By), a.Sharing, sharedWith(site.ExternalSharing), sharedItemList(site.SharedItems, site.ExternalSharing), day(s.TakenAt))
			}
		}
	}
	spaces(c, func(s *snapshots.Confluence, sp *pulldata.Space, it *inventory.Item) {
		if it == nil || sp.PermissionsUnavailable != "" {
			return
		}
		a := since(it, s.TakenAt)
		if a == nil {
			return
		}
		pulled := fmt.Sprintf(" (pulled %s)", day(s.TakenAt))
		if sp.Anonymous && a.Sharing != "" && a.Sharing != "anyone" {
			c.item(it, "attested", "sharing widened since attested on %s%s: the owners confirmed %s, space %s now lets anyone in without signing in%s", day(a.On), by(a.By), a.Sharing, sp.Key, pulled)
		}
		if len(sp.Administrators) == 0 {
			return // administrators not resolved: unknown, not none
		}
		if added, removed := adminsChanged(a.Owners, sp.Administrators); len(added)+len(removed) > 0 {
			c.item(it, "attested", "owners changed since attested on %s%s: %s%s", day(a.On), by(a.By), changes(added, removed), pulled)
		}
	})
	readTeams(c, func(s *snapshots.M365, t *pulldata.Team, it *inventory.Item) {
		if it == nil {
			return
		}
		a := since(it, s.TakenAt)
		if a == nil {
			return
		}
		pulled := fmt.Sprintf(" (pulled %s)", day(s.TakenAt))
		if a.Sharing == "disabled" && t.Guests > 0 {
			c.item(it, "attested", "sharing widened since attested on %s%s: the owners confirmed no external sharing, the team now has %d guest%s%s", day(a.On), by(a.By), t.Guests, plural(t.Guests), pulled)
		}
		if added, removed := ownersChanged(a.Owners, t.Owners); len(added)+len(removed) > 0 {
			c.item(it, "attested", "owners changed since attested on %s%s: %s%s", day(a.On), by(a.By), changes(added, removed), pulled)
		}
		if a.HasMembers && len(t.Members) > a.Members {
			c.item(it, "attested", "members grew since attested on %s%s: the owners confirmed %d, the team now has %d%s", day(a.On), by(a.By), a.Members, len(t.Members), pulled)
		}
	})
}

// changes says who was added and who removed.
func changes(added, removed []string) string {
	var parts []string
	if len(added) > 0 {
		parts = append(parts, strings.Join(added, ", ")+" added")
	}
	if len(removed) > 0 {
		parts = append(parts, strings.Join(removed, ", ")+" removed")
	}
	return strings.Join(parts, "; ")
}

// adminsChanged compares the owners an attestation confirmed (the
// addresses among them) with a space's administrators named directly
// (not through a group), matched as Confluence names users.
func adminsChanged(confirmed []string, admins []pulldata.Principal) (added, removed []string) {
	var was []string
	for _, o := range confirmed {
		if strings.Contains(o, "@") {
			was = append(was, o)
		}
	}
	if len(was) == 0 {
		return nil, nil
	}
	var direct []pulldata.Principal
	for _, p := range admins {
		if p.Type == "user" && p.Via == "" {
			direct = append(direct, p)
		}
	}
	for _, o := range was {
		if !slices.ContainsFunc(direct, func(p pulldata.Principal) bool { return p.Matches(o) }) {
			removed = append(removed, o)
		}
	}
	for _, p := range direct {
		if !slices.ContainsFunc(was, p.Matches) {
			added = append(added, principalName(p))
		}
	}
	return added, removed
}

// ownersChanged compares the owners an attestation confirmed (the
// addresses among them: groups cannot be compared with people) with a
// team's owners on the platform.
func ownersChanged(confirmed []string, actual []pulldata.Person) (added, removed []string) {
	was, now := map[string]bool{}, map[string]bool{}
	for _, o := range confirmed {
		if strings.Contains(o, "@") {
			was[strings.ToLower(o)] = true
		}
	}
	if len(was) == 0 {
		return nil, nil
	}
	for _, o := range actual {
		now[strings.ToLower(o.UPN)] = true
	}
	for o := range now {
		if !was[o] {
			added = append(added, o)
		}
	}
	for o := range was {
		if !now[o] {
			removed = append(removed, o)
		}
	}
	sort.Strings(added)
	sort.Strings(removed)
	return added, removed
}
