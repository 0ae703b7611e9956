package audit

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/handbook-dev/handbook/generator/inventory"
	"github.com/handbook-dev/handbook/generator/pulldata"
	"github.com/handbook-dev/handbook/generator/snapshots"
)

// confluenceRules compare the declared Confluence spaces with what the
// last pull found.
var confluenceRules = []Rule{
	{ID: "space-no-admin", Subject: "confluence-space", Severity: Error, Title: "Space without administrator, or with one",
		Fix: "Grant administer on the space to its owners' group.", check: spaceNoAdmin},
	{ID: "space-anonymous", Subject: "confluence-space", Severity: Warning, Title: "Anonymous access to a space",
		Fix: "Remove anonymous read access unless the space is meant to be public (sensitivity public).", check: spaceAnonymous},
	{ID: "drift-status", Subject: "item", Severity: Warning, Title: "Declared status differs from the platform",
		Fix: "Archive the space or team on the platform, or correct status in the inventory.", check: statusDrift},
	{ID: "undeclared", Subject: "platform", Severity: Warning, Title: "On the platform but not in the inventory",
		Fix: "Add the item to the inventory with its owners, or remove it from the platform.", check: undeclared},
	{ID: "missing-on-platform", Subject: "item", Severity: Warning, Title: "Declared but not on the platform",
		Fix: "Correct the item's key or URL, or retire it in the inventory.", check: missingOnPlatform},
}

// spaces pairs each space of every Confluence snapshot with its declared
// item (nil when undeclared).
func spaces(c *checker, f func(s *snapshots.Confluence, sp *pulldata.Space, it *inventory.Item)) {
	if c.site.Snapshots == nil || len(c.site.Snapshots.Confluence) == 0 {
		return
	}
	byKey := map[string]*inventory.Item{}
	for _, it := range items(c) {
		if it.Kind == "confluence-space" {
			if k := snapshots.SpaceKey(it.Extra, it.URL); k != "" {
				byKey[strings.ToUpper(k)] = it
			}
		}
	}
	for _, s := range c.site.Snapshots.Confluence {
		for i := range s.Spaces {
			sp := &s.Spaces[i]
			f(s, sp, byKey[strings.ToUpper(sp.Key)])
		}
	}
}

func (c *checker) space(s *snapshots.Confluence, sp *pulldata.Space, it *inventory.Item, format string, args ...any) {
	f := &Finding{Rule: c.rule.ID, Severity: c.rule.Severity, SubjectKind: "space", Subject: sp.Key, Title: sp.Name + " (" + sp.Key + ")",
		Path: s.Path, Kind: "confluence-space", Fix: c.rule.Fix,
		Message: fmt.Sprintf(format, args...) + fmt.Sprintf(" (pulled %s)", s.TakenAt.Format(time.DateOnly))}
	if it != nil {
		f.SubjectKind, f.Subject, f.Title, f.Owners, f.item = "item", it.ID, it.Name, it.Owners, it
		f.Path, f.Line = it.Pos.Path, it.Pos.Line
	}
	c.out = append(c.out, f)
}

func personal(sp *pulldata.Space) bool {
	return sp.Type == "personal" || strings.HasPrefix(sp.Key, "~")
}

func spaceNoAdmin(c *checker) {
	spaces(c, func(s *snapshots.Confluence, sp *pulldata.Space, it *inventory.Item) {
		if sp.Status == "archived" || personal(sp) {
			return
		}
		if sp.PermissionsUnavailable != "" {
			c.space(s, sp, it, "the administrators of space %s are unknown: %s", sp.Key, sp.PermissionsUnavailable)
			c.out[len(c.out)-1].Severity = Info
			return
		}
		switch n := len(sp.Admins); {
		case n == 0:
			c.space(s, sp, it, "space %s has no administrator", sp.Key)
		case n < c.policy.MinOwners && !strings.HasSuffix(strings.ToLower(sp.Admins[0]), "admins"):
			// One administrator group is fine; one person is not.
			c.space(s, sp, it, "space %s has a single administrator, %s", sp.Key, adminName(sp, sp.Admins[0]))
			c.out[len(c.out)-1].Severity = Warning
		}
	})
}

func spaceAnonymous(c *checker) {
	spaces(c, func(s *snapshots.Confluence, sp *pulldata.Space, it *inventory.Item) {
		if sp.Anonymous && (it == nil || it.Sensitivity != "public") {
			c.space(s, sp, it, "anonymous users can read space %s", sp.Key)
		}
	})
}

func statusDrift(c *checker) {
	spaces(c, func(s *snapshots.Confluence, sp *pulldata.Space, it *inventory.Item) {
		if it == nil {
			return
		}
		actual := "active"
		if sp.Status == "archived" {
			actual = "archived"
		}
		if (it.Status == "archived" || it.Status == "retired") != (actual == "archived") {
			c.space(s, sp, it, "declared %s but the space is %s on the platform", it.Status, sp.Status)
		}
	})
	readTeams(c, func(s *snapshots.M365, t *pulldata.Team, it *inventory.Item) {
		if it == nil || (it.Status == "archived" || it.Status == "retired") == t.Archived {
			return
		}
		status := it.Status
		if status == "" {
			status = "active"
		}
		actual := map[bool]string{true: "archived", false: "active"}[t.Archived]
		c.team(s, t, it, "declared %s but the team is %s on the platform", status, actual)
	})
}

func undeclared(c *checker) {
	spaces(c, func(s *snapshots.Confluence, sp *pulldata.Space, it *inventory.Item) {
		if it == nil && !personal(sp) {
			c.space(s, sp, nil, "space %s (%s) is not in the inventory", sp.Key, sp.Name)
		}
	})
	teams(c, func(s *snapshots.M365, t *pulldata.Team, it *inventory.Item) {
		if it == nil {
			c.team(s, t, nil, "team %s is not in the inventory", t.Name)
		}
	})
	declared := declaredSites(c)
	for _, s := range m365(c) {
		for _, site := range s.Data.Sites {
			u := normURL(site.URL)
			if u == "" || strings.Contains(u, "/personal/") || strings.Contains(u, "-my.sharepoint.") || declared[u] != nil {
				continue
			}
			c.out = append(c.out, &Finding{Rule: c.rule.ID, Severity: c.rule.Severity, SubjectKind: "site", Subject: site.URL, Title: site.Name,
				Path: s.Path, Kind: "sharepoint-site", Fix: c.rule.Fix,
				Message: fmt.Sprintf("site %s (%s) is not in the inventory (pulled %s)", site.Name, site.URL, s.TakenAt.Format(time.DateOnly))})
		}
	}
}

func m365(c *checker) []*snapshots.M365 {
	if c.site.Snapshots == nil {
		return nil
	}
	return c.site.Snapshots.M365
}

// declaredSites maps the normalised URL of every SharePoint site item.
func declaredSites(c *checker) map[string]*inventory.Item {
	out := map[string]*inventory.Item{}
	for _, it := range items(c) {
		if it.Kind == "sharepoint-site" && it.URL != "" {
			out[normURL(it.URL)] = it
		}
	}
	return out
}

func normURL(u string) string { return strings.ToLower(strings.TrimRight(strings.TrimSpace(u), "/")) }

func missingOnPlatform(c *checker) {
	missingTeams(c)
	if c.site.Snapshots == nil || len(c.site.Snapshots.Confluence) == 0 {
		return
	}
	found := map[string]bool{}
	for _, s := range c.site.Snapshots.Confluence {
		for _, sp := range s.Spaces {
			found[strings.ToUpper(sp.Key)] = true
		}
	}
	for _, it := range items(c) {
		if it.Kind != "confluence-space" || it.Status == "retired" {
			continue
		}
		k := snapshots.SpaceKey(it.Extra, it.URL)
		if k == "" || !found[strings.ToUpper(k)] {
			c.item(it, "url", "%s (key %q) is not among the spaces the last Confluence pull found", it.Name, k)
		}
	}
}

// missingTeams reports declared teams the last Graph pull did not find.
func missingTeams(c *checker) {
	if c.site.Snapshots == nil || len(c.site.Snapshots.M365) == 0 {
		return
	}
	found := map[*inventory.Item]bool{}
	teams(c, func(s *snapshots.M365, t *pulldata.Team, it *inventory.Item) {
		if it != nil {
			found[it] = true
		}
	})
	for _, it := range items(c) {
		if it.Kind == "team" && it.Status != "retired" && !found[it] {
			c.item(it, "name", "team %s is not among the teams the last Microsoft 365 pull found", it.Name)
		}
	}
	pulled := map[string]bool{}
	for _, s := range m365(c) {
		for _, site := range s.Data.Sites {
			pulled[normURL(site.URL)] = true
		}
	}
	for u, it := range declaredSites(c) {
		if it.Status != "retired" && !pulled[u] {
			c.item(it, "url", "site %s (%s) is not among the sites the last Microsoft 365 pull found", it.Name, it.URL)
		}
	}
}

// spaceOwnerDrift compares a space's declared owners (e-mail addresses)
// with its administrators as the pull resolved them: a declared owner
// must administer the space, directly or through a group; a person
// granted administer directly must be a declared owner. Members of
// administering groups are not reported the other way round: site-wide
// groups such as confluence-administrators administer every space.
func spaceOwnerDrift(c *checker) {
	spaces(c, func(s *snapshots.Confluence, sp *pulldata.Space, it *inventory.Item) {
		if it == nil || len(sp.Administrators) == 0 || sp.Status == "archived" {
			// Snapshots from before administrators were resolved have
			// none; a space with none is space-no-admin's finding.
			return
		}
		var declared []string
		for _, o := range it.Owners {
			if strings.Contains(o, "@") {
				declared = append(declared, o)
			}
		}
		if len(declared) == 0 {
			return // owners declared as groups cannot be compared with people
		}
		var notAdmin, notDeclared []string
		for _, o := range declared {
			if !slices.ContainsFunc(sp.Administrators, func(a pulldata.Principal) bool { return a.Matches(o) }) {
				notAdmin = append(notAdmin, o)
			}
		}
		for _, a := range sp.Administrators {
			if a.Type == "user" && a.Via == "" && !slices.ContainsFunc(declared, a.Matches) {
				notDeclared = append(notDeclared, principalName(a))
			}
		}
		switch len(notAdmin) {
		case 0:
		case 1:
			c.space(s, sp, it, "declared owner %s does not administer space %s on the platform", notAdmin[0], sp.Key)
		default:
			c.space(s, sp, it, "declared owners %s do not administer space %s on the platform", strings.Join(notAdmin, ", "), sp.Key)
		}
		switch len(notDeclared) {
		case 0:
		case 1:
			c.space(s, sp, it, "%s administers space %s on the platform but is not a declared owner", notDeclared[0], sp.Key)
		default:
			c.space(s, sp, it, "%s administer space %s on the platform but are not declared owners", strings.Join(notDeclared, ", "), sp.Key)
		}
	})
}

// principalName names a user by address, login name or display name,
// whichever the platform gave.
func principalName(p pulldata.Principal) string {
	switch {
	case p.Email != "":
		return p.Email
	case p.Username != "":
		return p.Username
	case p.Name != "":
		return p.Name
	}
	return p.ID
}

// adminName names the administrator with the given id as the pull
// resolved it, or by its id.
func adminName(sp *pulldata.Space, id string) string {
	for _, a := range sp.Administrators {
		if a.ID == id && a.Via == "" {
			if a.Type == "group" && a.Name != "" {
				return a.Name
			}
			return principalName(a)
		}
	}
	return id
}
