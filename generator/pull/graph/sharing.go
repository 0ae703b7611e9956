package graph

import (
	"context"
	"net/url"
	"sort"
	"strings"

	"github.com/handbook-dev/handbook/generator/pull"
)

// SharedItem is a file or folder of a site's document library that is
// shared explicitly: by a link, or with people directly.
type SharedItem struct {
	Drive string `json:"drive"`
	// Path is the item's path inside its drive ("/Contracts/2026.xlsx").
	Path  string `json:"path"`
	URL   string `json:"url"`
	Links []Link `json:"links"`
	// External lists the people outside the tenant it is shared with
	// (guests, or addresses outside the tenant's verified domains).
	External []string `json:"external"`
}

// Link is a sharing link.
type Link struct {
	// Scope is anonymous (anyone with the link), organization or users.
	Scope string `json:"scope"`
	// Type is view, edit, embed, blocksDownload or review.
	Type     string `json:"type"`
	Expires  string `json:"expires,omitempty"`
	Password bool   `json:"password,omitempty"`
}

// Sharing levels a site's shared items can show, in the inventory's words.
const (
	SharingNone   = "disabled"
	SharingGuests = "existing-guests"
	SharingAnyone = "anyone"
)

// sharingOf is the most open external sharing a site's items show:
// anyone with an anonymous link, guests when people outside the tenant
// were given access, disabled when neither.
func sharingOf(items []SharedItem) string {
	level := SharingNone
	for _, it := range items {
		for _, l := range it.Links {
			if l.Scope == "anonymous" {
				return SharingAnyone
			}
		}
		if len(it.External) > 0 {
			level = SharingGuests
		}
	}
	return level
}

// gDriveItem is what a drive's delta reports of an item.
type gDriveItem struct {
	ID     string `json:"id"`
	Name   string `json:"name"`
	WebURL string `json:"webUrl"`
	Shared *struct {
		Scope string `json:"scope"`
	} `json:"shared"`
	ParentReference struct {
		Path string `json:"path"`
	} `json:"parentReference"`
	Root    *struct{} `json:"root"`
	Deleted *struct{} `json:"deleted"`
}

type gIdentity struct {
	Email       string `json:"email"`
	DisplayName string `json:"displayName"`
	LoginName   string `json:"loginName"`
}

type gIdentitySet struct {
	User     *gIdentity `json:"user"`
	SiteUser *gIdentity `json:"siteUser"`
}

type gPermission struct {
	Link *struct {
		Scope string `json:"scope"`
		Type  string `json:"type"`
	} `json:"link"`
	ExpirationDateTime    string         `json:"expirationDateTime"`
	HasPassword           bool           `json:"hasPassword"`
	GrantedToV2           *gIdentitySet  `json:"grantedToV2"`
	GrantedToIdentitiesV2 []gIdentitySet `json:"grantedToIdentitiesV2"`
	InheritedFrom         *struct {
		ID string `json:"id"`
	} `json:"inheritedFrom"`
}

// tenantDomains returns the tenant's verified domains, lower case: an
// address outside them belongs to someone outside the organisation.
func tenantDomains(ctx context.Context, c *pull.Client, api string) (map[string]bool, error) {
	type org struct {
		VerifiedDomains []struct {
			Name string `json:"name"`
		} `json:"verifiedDomains"`
	}
	orgs, err := all[org](ctx, c, api+"/organization?$select=verifiedDomains")
	if err != nil {
		return nil, err
	}
	out := map[string]bool{}
	for _, o := range orgs {
		for _, d := range o.VerifiedDomains {
			out[strings.ToLower(d.Name)] = true
		}
	}
	return out, nil
}

// external reports whether an identity is outside the tenant: a guest
// account (#EXT# in its login name) or an address of another domain.
func external(id *gIdentity, domains map[string]bool) (string, bool) {
	if id == nil {
		return "", false
	}
	who := id.Email
	if who == "" {
		who = id.DisplayName
	}
	if strings.Contains(strings.ToLower(id.LoginName), "#ext#") {
		return who, true
	}
	if _, domain, ok := strings.Cut(strings.ToLower(id.Email), "@"); ok && len(domains) > 0 && !domains[domain] {
		return who, true
	}
	return "", false
}

// sharedItems walks a drive with its delta query (every item, paged) and
// reads the permissions of each item that is shared explicitly;
// permissions inherited from a folder are counted at that folder only.
func sharedItems(ctx context.Context, c *pull.Client, api, driveID, driveName string, domains map[string]bool) ([]SharedItem, int, error) {
	drive := api + "/drives/" + url.PathEscape(driveID)
	items, _, err := allCounted[gDriveItem](ctx, c, drive+"/root/delta?$select=id,name,webUrl,shared,parentReference,root,deleted")
	if err != nil {
		return nil, 0, err
	}
	var out []SharedItem
	for _, it := range items {
		if it.Shared == nil || it.Root != nil || it.Deleted != nil {
			continue
		}
		perms, err := all[gPermission](ctx, c, drive+"/items/"+url.PathEscape(it.ID)+"/permissions")
		if err != nil {
			return nil, len(items), err
		}
		si := SharedItem{Drive: driveName, Path: itemPath(it), URL: it.WebURL, Links: []Link{}, External: []string{}}
		seen := map[string]bool{}
		for _, p := range perms {
			if p.InheritedFrom != nil && p.InheritedFrom.ID != "" {
				continue
			}
			if p.Link != nil {
				si.Links = append(si.Links, Link{Scope: p.Link.Scope, Type: p.Link.Type, Expires: p.ExpirationDateTime, Password: p.HasPassword})
			}
			grantees := p.GrantedToIdentitiesV2
			if p.GrantedToV2 != nil {
				grantees = append(grantees, *p.GrantedToV2)
			}
			for _, g := range grantees {
				for _, id := range []*gIdentity{g.User, g.SiteUser} {
					if who, ok := external(id, domains); ok && !seen[strings.ToLower(who)] {
						seen[strings.ToLower(who)] = true
						si.External = append(si.External, who)
					}
				}
			}
		}
		if len(si.Links) == 0 && len(si.External) == 0 {
			continue // shared within the organisation only, without links
		}
		sort.Slice(si.Links, func(a, b int) bool {
			return si.Links[a].Scope+si.Links[a].Type+si.Links[a].Expires < si.Links[b].Scope+si.Links[b].Type+si.Links[b].Expires
		})
		sort.Strings(si.External)
		out = append(out, si)
	}
	return out, len(items), nil
}

// itemPath is an item's path inside its drive, from the parent
// reference ("/drives/{id}/root:/Folder") and its name.
func itemPath(it gDriveItem) string {
	parent := it.ParentReference.Path
	if i := strings.Index(parent, "root:"); i >= 0 {
		parent = parent[i+len("root:"):]
	}
	if p, err := url.PathUnescape(parent); err == nil {
		parent = p
	}
	return strings.TrimRight(parent, "/") + "/" + it.Name
}
