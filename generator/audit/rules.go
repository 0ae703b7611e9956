package audit

import (
	"slices"
	"strings"
	"time"

	"github.com/handbook-dev/handbook/generator/inventory"
	"github.com/handbook-dev/handbook/generator/site"
)

// Rules are the built-in rules, in the order reports list them (and
// the reference tables of the manual): the rules of declared content,
// then those comparing the inventory with each platform's snapshots,
// the records' and the websites'. Their parameters come from the audit
// policy in handbook.yaml. The list is built here, in one place, not
// appended to from init functions, whose order is that of file names.
var Rules = slices.Concat(contentRules, attestationRules, confluenceRules, m365Rules, recordRules, translationRules, webRules, eolRules)

// contentRules check the pages' front matter and links and the
// inventory's declarations.
var contentRules = []Rule{
	{ID: "page-review-overdue", Subject: "page", Severity: Warning, Title: "Review overdue",
		Fix: "Review the procedure with its owner, then set reviewed: to today's date.", check: reviewOverdue},
	{ID: "page-review-due", Subject: "page", Severity: Info, Title: "Review due soon",
		Fix: "Plan the review with the page's owner before the due date.", check: reviewDue},
	{ID: "page-no-owner", Subject: "page", Severity: Warning, Title: "Page without owner",
		Fix: "Add owner: with the person or team responsible for the procedure.", check: pageNoOwner},
	{ID: "page-no-review-date", Subject: "page", Severity: Warning, Title: "Page never reviewed",
		Fix: "Add reviewed: YYYY-MM-DD and review_interval: (e.g. 6m) to the front matter.", check: pageNoReviewDate},
	{ID: "page-broken-link", Subject: "page", Severity: Warning, ReadsBodies: true, Title: "Broken link or anchor",
		Fix: "Point the link at an existing page (relative path to its .md file) and heading.", check: brokenLinks},
	{ID: "page-markup", Subject: "page", Severity: Warning, ReadsBodies: true, Title: "Markdown the converter could not read as meant",
		Fix: "Correct the Markdown at the line given (close the admonition, say); the page converts regardless.", check: markupNotes},
	{ID: "page-orphan", Subject: "page", Severity: Info, ReadsBodies: true, Title: "Page no other page links to",
		Fix: "Link the page from the procedures that lead to it, or retire it.", check: orphans},
	{ID: "page-duplicate-title", Subject: "page", Severity: Warning, Title: "Two pages with one title in a section",
		Fix: "Give each page a title that says how it differs.", check: duplicateTitles},
	{ID: "item-no-owner", Subject: "item", Severity: Error, Title: "Item without owner",
		Fix: "Name at least two owners (people or groups) in owners:.", check: itemNoOwner},
	{ID: "item-min-owners", Subject: "item", Severity: Warning, Title: "Too few owners",
		Fix: "Add a second owner so that the item is not orphaned when one leaves.", check: minOwners},
	{ID: "item-external-sharing", Subject: "item", Severity: Error, Title: "External sharing above what the sensitivity allows",
		Fix: "Restrict external sharing on the platform (and in the inventory), or correct the sensitivity.", check: externalSharing},
	{ID: "item-naming", Subject: "item", Severity: Warning, Title: "Name breaks the naming convention",
		Fix: "Rename the item on the platform and in the inventory to follow the convention of its kind.", check: naming},
	{ID: "item-inactive", Subject: "item", Severity: Warning, Title: "Active but unused",
		Fix: "Ask the owners whether the item is still needed; archive or retire it if not.", check: inactive},
	{ID: "item-parent", Subject: "item", Severity: Warning, Title: "Parent missing or of the wrong kind",
		Fix: "Set parent: to an item of an allowed kind (see audit.parent_kinds).", check: parentKind},
	{ID: "item-retired-active", Subject: "item", Severity: Warning, Title: "Retired but still shared or with members",
		Fix: "Remove the members and turn external sharing off, or correct the status.", check: retiredActive},
	{ID: "item-unnamed", Subject: "item", Severity: Info, Title: "No procedure names the item",
		Fix: "Add the item's id to items: in the procedures that manage it.", check: unnamed},
}

// RuleByID returns a built-in rule, or nil.
func RuleByID(id string) *Rule {
	for i := range Rules {
		if Rules[i].ID == id {
			return &Rules[i]
		}
	}
	return nil
}

func day(t time.Time) string { return t.Format(time.DateOnly) }

func reviewOverdue(c *checker) {
	for _, p := range c.site.Pages {
		if due := p.ReviewDue(); !due.IsZero() && due.Before(c.now) {
			c.page(p, "reviewed", "was due for review on %s (reviewed %s, every %s)", day(due), day(p.Reviewed), p.ReviewInterval)
		}
	}
}

func reviewDue(c *checker) {
	limit := c.now.AddDate(0, 0, c.policy.ReviewDueDays)
	for _, p := range c.site.Pages {
		if due := p.ReviewDue(); !due.IsZero() && !due.Before(c.now) && due.Before(limit) {
			c.page(p, "reviewed", "is due for review on %s", day(due))
		}
	}
}

// authored reports whether a page was written by someone: generated
// section pages have no front matter to fix.
func authored(p *site.Page) bool { return p.File.Path != "" }

func pageNoOwner(c *checker) {
	for _, p := range c.site.Pages {
		if authored(p) && p.Section == nil && strings.TrimSpace(p.Owner) == "" {
			c.page(p, "", "has no owner")
		}
	}
}

func pageNoReviewDate(c *checker) {
	for _, p := range c.site.Pages {
		if authored(p) && p.Section == nil && p.Reviewed.IsZero() && p.Record == nil {
			c.page(p, "", "has no reviewed date")
		}
	}
}

func brokenLinks(c *checker) {
	for _, p := range c.site.Pages {
		content := c.site.Content(p)
		if content == nil {
			continue
		}
		for _, l := range content.Links {
			switch {
			case l.Problem != "":
				c.pageAt(p, l.Line, "%s: %s", linkSubject(l), l.Problem)
			case l.Page != nil && l.Fragment != "" && c.site.Content(l.Page) != nil && !c.site.Content(l.Page).Result.HasID(l.Fragment):
				c.pageAt(p, l.Line, "link to %s: no such heading #%s", l.Dest, l.Fragment)
			default:
				continue
			}
			c.out[len(c.out)-1].Path = l.Path(p) // the included file's line
		}
	}
}

// orphans reports authored pages that no other page links to: they are
// reachable only through the generated section listings. Incident and
// change records are left out: the incident timeline and the change log
// are how readers reach them.
func orphans(c *checker) {
	// By Index: a link's target is the page as the site was built, which
	// an edit may since have replaced (see site.Page.Index).
	linked := make([]bool, len(c.site.Pages))
	for _, p := range c.site.Pages {
		content := c.site.Content(p)
		if content == nil {
			continue
		}
		for _, l := range content.Links {
			if l.Page != nil && l.Page.Index != p.Index {
				linked[l.Page.Index] = true
			}
		}
	}
	for _, p := range c.site.Pages {
		if authored(p) && p.Section == nil && !linked[p.Index] && p.Record == nil {
			c.page(p, "", "is linked from no other page")
		}
	}
}

func duplicateTitles(c *checker) {
	for _, sec := range c.site.Sections {
		seen := map[string]*site.Page{}
		for _, p := range sec.Children {
			key := strings.ToLower(strings.TrimSpace(p.Title))
			if first, ok := seen[key]; ok {
				c.page(p, "title", "has the same title as %s in this section", first.Path())
				continue
			}
			seen[key] = p
		}
	}
}

func items(c *checker) []*inventory.Item {
	if c.site.Inventory == nil {
		return nil
	}
	return c.site.Inventory.Items
}

func itemNoOwner(c *checker) {
	for _, it := range items(c) {
		if len(it.Owners) == 0 && it.Status != "retired" {
			c.item(it, "owners", "%s has no owner", it.Name)
		}
	}
}

func minOwners(c *checker) {
	for _, it := range items(c) {
		if n := len(it.Owners); n > 0 && n < c.policy.MinOwners && it.Status != "retired" {
			c.item(it, "owners", "%s has %d owner; the policy asks for at least %d", it.Name, n, c.policy.MinOwners)
		}
	}
}

func externalSharing(c *checker) {
	for _, it := range items(c) {
		allowed, ok := c.policy.SharingBySensitivity[it.Sensitivity]
		if !ok || it.ExternalSharing == "" {
			continue
		}
		if inventory.SharingRank(it.ExternalSharing) > inventory.SharingRank(allowed) {
			c.item(it, "external_sharing", "%s is %s but shared with %s; %s content allows at most %s", it.Name, it.Sensitivity, it.ExternalSharing, it.Sensitivity, allowed)
		}
	}
}

func naming(c *checker) {
	for _, it := range items(c) {
		if re := c.policy.Naming[it.Kind]; re != nil && !re.MatchString(it.Name) {
			c.item(it, "name", "name %q does not follow the %s naming convention %s", it.Name, it.Kind, re)
		}
	}
}

func inactive(c *checker) {
	limit := c.now.AddDate(0, 0, -c.policy.InactiveDays)
	for _, it := range items(c) {
		if it.Status == "active" && !it.LastActivity.IsZero() && it.LastActivity.Before(limit) {
			days := int(c.now.Sub(it.LastActivity).Hours() / 24)
			c.item(it, "last_activity", "%s is active but has had no activity for %d days (since %s; the policy allows %d)", it.Name, days, day(it.LastActivity), c.policy.InactiveDays)
		}
	}
}

// requiresParent lists the kinds that make no sense without a parent.
var requiresParent = map[string]bool{"channel": true}

func parentKind(c *checker) {
	for _, it := range items(c) {
		allowed, ok := c.policy.ParentKinds[it.Kind]
		switch {
		case it.Parent == nil && requiresParent[it.Kind]:
			c.item(it, "parent", "%s is a %s without a parent; it must belong to a %s", it.Name, it.Kind, strings.Join(allowed, " or "))
		case it.Parent != nil && ok && !contains(allowed, it.Parent.Kind):
			c.item(it, "parent", "%s (%s) has parent %s, a %s; a %s's parent must be a %s", it.Name, it.Kind, it.Parent.ID, it.Parent.Kind, it.Kind, strings.Join(allowed, " or "))
		}
	}
}

func contains(list []string, s string) bool {
	for _, l := range list {
		if l == s {
			return true
		}
	}
	return false
}

func retiredActive(c *checker) {
	for _, it := range items(c) {
		if it.Status != "retired" {
			continue
		}
		if it.Members > 0 {
			c.item(it, "members", "%s is retired but still has %d members", it.Name, it.Members)
		} else if it.ExternalSharing != "" && it.ExternalSharing != "disabled" {
			c.item(it, "external_sharing", "%s is retired but still shared externally (%s)", it.Name, it.ExternalSharing)
		}
	}
}

// namedByProcedure reports whether one of the pages is a procedure rather
// than an incident or change record, which name items but manage nothing.
func namedByProcedure(pages []*site.Page) bool {
	for _, p := range pages {
		if p.Record == nil {
			return true
		}
	}
	return false
}

func unnamed(c *checker) {
	for _, it := range items(c) {
		if it.Status != "retired" && !namedByProcedure(c.site.PagesAbout(it)) {
			c.item(it, "id", "no procedure names %s", it.Name)
		}
	}
}
