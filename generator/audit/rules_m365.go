package audit

import (
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/handbook-dev/handbook/generator/inventory"
	"github.com/handbook-dev/handbook/generator/pulldata"
	"github.com/handbook-dev/handbook/generator/snapshots"
)

// m365Rules compare the declared Teams with what Microsoft Graph reported.
var m365Rules = []Rule{
	{ID: "team-owners", Subject: "team", Severity: Warning, Title: "Team without owners or with one",
		Fix: "Add owners on the platform until the team has at least min_owners.", check: teamOwners},
	{ID: "team-owner-unfit", Subject: "team", Severity: Warning, Title: "Owner disabled or a guest",
		Fix: "Replace the owner with an active member of staff.", check: teamOwnerUnfit},
	{ID: "team-guests", Subject: "team", Severity: Error, Title: "Guests in a team whose sensitivity forbids them",
		Fix: "Remove the guests, or correct the team's sensitivity.", check: teamGuests},
	{ID: "team-public-confidential", Subject: "team", Severity: Error, Title: "Public team with confidential content",
		Fix: "Make the team private.", check: teamPublicConfidential},
	{ID: "drift-owners", Subject: "item", Severity: Warning, Title: "Declared owners differ from the platform",
		Fix: "Update the owners (team owners, space administrators) on the platform or in the inventory so that they agree.", check: ownerDrift},
	{ID: "drift-sharing", Subject: "item", Severity: Warning, Title: "Declared sharing differs from the platform",
		Fix: "Remove the guests and sharing links, or declare the sharing the team or site really has.", check: sharingDrift},
	{ID: "tenant-sharing", Subject: "tenant", Severity: Error, Title: "Tenant sharing more open than the policy",
		Fix: "Lower the tenant's SharePoint sharing setting to the most open level the policy allows.", check: tenantSharing},
}

// graphSharing maps Graph's sharingCapability to the inventory's levels.
var graphSharing = map[string]string{
	"disabled": "disabled", "existingExternalUserSharingOnly": "existing-guests",
	"externalUserSharingOnly": "new-and-existing-guests", "externalUserAndGuestSharing": "anyone",
}

// teams pairs each team of every M365 snapshot with its declared item,
// matched by a group_id field or by name.
func teams(c *checker, f func(s *snapshots.M365, t *pulldata.Team, it *inventory.Item)) {
	if c.site.Snapshots == nil {
		return
	}
	byName, byID := map[string]*inventory.Item{}, map[string]*inventory.Item{}
	for _, it := range items(c) {
		if it.Kind != "team" {
			continue
		}
		byName[strings.ToLower(it.Name)] = it
		if id, ok := it.Extra["group_id"].(string); ok {
			byID[id] = it
		}
	}
	for _, s := range c.site.Snapshots.M365 {
		for i := range s.Data.Teams {
			t := &s.Data.Teams[i]
			it := byID[t.ID]
			if it == nil {
				it = byName[strings.ToLower(t.Name)]
			}
			f(s, t, it)
		}
	}
}

// readTeams is teams without the teams whose details the pull could not
// read (their Error): their owners, members, guests and archived state
// are unknown, not empty, and judge nothing.
func readTeams(c *checker, f func(s *snapshots.M365, t *pulldata.Team, it *inventory.Item)) {
	teams(c, func(s *snapshots.M365, t *pulldata.Team, it *inventory.Item) {
		if t.Error == "" {
			f(s, t, it)
		}
	})
}

func (c *checker) team(s *snapshots.M365, t *pulldata.Team, it *inventory.Item, format string, args ...any) {
	f := &Finding{Rule: c.rule.ID, Severity: c.rule.Severity, SubjectKind: "team", Subject: t.ID, Title: t.Name, Path: s.Path, Kind: "team", Fix: c.rule.Fix,
		Message: fmt.Sprintf(format, args...) + fmt.Sprintf(" (pulled %s)", s.TakenAt.Format(time.DateOnly))}
	if it != nil {
		f.SubjectKind, f.Subject, f.Title, f.Owners, f.item = "item", it.ID, it.Name, it.Owners, it
		f.Path, f.Line = it.Pos.Path, it.Pos.Line
	}
	c.out = append(c.out, f)
}

func teamOwners(c *checker) {
	readTeams(c, func(s *snapshots.M365, t *pulldata.Team, it *inventory.Item) {
		switch n := len(t.Owners); {
		case n == 0:
			c.team(s, t, it, "team %s has no owner on the platform", t.Name)
			c.out[len(c.out)-1].Severity = Error
		case n < c.policy.MinOwners:
			c.team(s, t, it, "team %s has %d owner on the platform; the policy asks for at least %d", t.Name, n, c.policy.MinOwners)
		}
	})
}

func teamOwnerUnfit(c *checker) {
	readTeams(c, func(s *snapshots.M365, t *pulldata.Team, it *inventory.Item) {
		for _, o := range t.Owners {
			switch {
			case o.Disabled:
				c.team(s, t, it, "owner %s of team %s has a disabled account", o.UPN, t.Name)
			case o.Guest:
				c.team(s, t, it, "owner %s of team %s is a guest", o.UPN, t.Name)
			}
		}
	})
}

func teamGuests(c *checker) {
	readTeams(c, func(s *snapshots.M365, t *pulldata.Team, it *inventory.Item) {
		if it == nil || t.Guests == 0 {
			return
		}
		if allowed, ok := c.policy.SharingBySensitivity[it.Sensitivity]; ok && allowed == "disabled" {
			c.team(s, t, it, "team %s has %d guests but is %s, which allows no external sharing", t.Name, t.Guests, it.Sensitivity)
		}
	})
}

func teamPublicConfidential(c *checker) {
	teams(c, func(s *snapshots.M365, t *pulldata.Team, it *inventory.Item) {
		if it != nil && strings.EqualFold(t.Visibility, "Public") && (it.Sensitivity == "confidential" || it.Sensitivity == "secret") {
			c.team(s, t, it, "team %s is public on the platform but declared %s", t.Name, it.Sensitivity)
		}
	})
}

func ownerDrift(c *checker) {
	spaceOwnerDrift(c)
	readTeams(c, func(s *snapshots.M365, t *pulldata.Team, it *inventory.Item) {
		if it == nil {
			return
		}
		declared, actual := map[string]bool{}, map[string]bool{}
		for _, o := range it.Owners {
			if strings.Contains(o, "@") {
				declared[strings.ToLower(o)] = true
			}
		}
		if len(declared) == 0 {
			return // owners declared as groups cannot be compared with people
		}
		for _, o := range t.Owners {
			actual[strings.ToLower(o.UPN)] = true
		}
		var notOnPlatform, notDeclared []string
		for o := range declared {
			if !actual[o] {
				notOnPlatform = append(notOnPlatform, o)
			}
		}
		for o := range actual {
			if !declared[o] {
				notDeclared = append(notDeclared, o)
			}
		}
		sort.Strings(notOnPlatform)
		sort.Strings(notDeclared)
		if len(notOnPlatform) > 0 {
			c.team(s, t, it, "declared owner %s is not an owner of the team on the platform", strings.Join(notOnPlatform, ", "))
		}
		if len(notDeclared) > 0 {
			c.team(s, t, it, "%s owns the team on the platform but is not a declared owner", strings.Join(notDeclared, ", "))
		}
	})
}

func tenantSharing(c *checker) {
	if c.site.Snapshots == nil {
		return
	}
	most := -1
	for _, level := range c.policy.SharingBySensitivity {
		if r := inventory.SharingRank(level); r > most {
			most = r
		}
	}
	for _, s := range c.site.Snapshots.M365 {
		if s.Data.Sharing == nil || most < 0 {
			continue
		}
		level := graphSharing[s.Data.Sharing.Capability]
		if r := inventory.SharingRank(level); r > most {
			c.out = append(c.out, &Finding{Rule: c.rule.ID, Severity: c.rule.Severity, SubjectKind: "tenant", Subject: s.Source, Title: "Tenant " + s.Source,
				Path: s.Path, Kind: "tenant", Fix: c.rule.Fix,
				Message: fmt.Sprintf("the tenant allows %s (%s); the policy allows at most %s (pulled %s)", s.Data.Sharing.Capability, level, inventory.Sharing[most], s.TakenAt.Format(time.DateOnly))})
		}
	}
}

// sharingDrift reports teams declared closed to outsiders that have guests.
func sharingDrift(c *checker) {
	readTeams(c, func(s *snapshots.M365, t *pulldata.Team, it *inventory.Item) {
		if it != nil && it.ExternalSharing == "disabled" && t.Guests > 0 {
			c.team(s, t, it, "team %s is declared without external sharing but has %d guests on the platform", t.Name, t.Guests)
		}
	})
	declared := declaredSites(c)
	for _, s := range m365(c) {
		for _, site := range s.Data.Sites {
			it := declared[normURL(site.URL)]
			if it == nil || it.ExternalSharing == "" || site.ExternalSharing == "" ||
				inventory.SharingRank(site.ExternalSharing) <= inventory.SharingRank(it.ExternalSharing) {
				continue
			}
			c.item(it, "external_sharing", "site %s declares external_sharing: %s but its files are shared with %s: %s (pulled %s)",
				site.Name, it.ExternalSharing, sharedWith(site.ExternalSharing), sharedItemList(site.SharedItems, site.ExternalSharing), s.TakenAt.Format(time.DateOnly))
		}
	}
}

// sharedWith says in words who a sharing level reaches.
func sharedWith(level string) string {
	if level == pulldata.SharingAnyone {
		return "anyone (anonymous links)"
	}
	return "people outside the organisation"
}

// sharedItemList names the first few items that open a site beyond its
// declared sharing, and how many there are in all.
func sharedItemList(items []pulldata.SharedItem, level string) string {
	var names []string
	for _, it := range items {
		anonymous := false
		for _, l := range it.Links {
			anonymous = anonymous || l.Scope == "anonymous"
		}
		if anonymous || (level != pulldata.SharingAnyone && len(it.External) > 0) {
			names = append(names, it.Path)
		}
	}
	if len(names) > 3 {
		return strings.Join(names[:3], ", ") + fmt.Sprintf(" and %d more", len(names)-3)
	}
	return strings.Join(names, ", ")
}
