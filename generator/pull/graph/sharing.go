package graph

import (
	"context"
	"net/http"
	"net/url"
	"sort"
	"strings"

	"github.com/handbook-dev/handbook/generator/pull"
	"github.com/handbook-dev/handbook/generator/pulldata"
)

// sharingOf is the most open external sharing a site's items show:
// anyone with an anonymous link, guests when people outside the tenant
// were given access, disabled when neither.
func sharingOf(items []pulldata.SharedItem) string {
	level := pulldata.SharingNone
	for _, it := range items {
		for _, l := range it.Links {
			if l.Scope == "anonymous" {
				return pulldata.SharingAnyone
			}
		}
		if len(it.External) > 0 {
			level = pulldata.SharingGuests
		}
	}
	return level
}

// gDriveItem is what a drive's delta reports of an item. Delta never
// reports parentReference.path (renaming a folder does not list its
// descendants again), so paths are rebuilt from parentReference.id.
type gDriveItem struct {
	ID     string `json:"id"`
	Name   string `json:"name"`
	WebURL string `json:"webUrl"`
	// Shared is present on the root of a permission hierarchy (with
	// Prefer: hierarchicalsharing): with a scope when the item is
	// shared, empty when its permissions are unique but it is not.
	Shared *struct {
		Scope string `json:"scope"`
	} `json:"shared"`
	Folder          *struct{} `json:"folder"`
	ParentReference struct {
		ID   string `json:"id"`
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
	ID   string `json:"id"`
	Link *struct {
		Scope string `json:"scope"`
		Type  string `json:"type"`
	} `json:"link"`
	ExpirationDateTime    string         `json:"expirationDateTime"`
	HasPassword           *bool          `json:"hasPassword"`
	GrantedToV2           *gIdentitySet  `json:"grantedToV2"`
	GrantedToIdentitiesV2 []gIdentitySet `json:"grantedToIdentitiesV2"`
	// InheritedFrom is set by OneDrive personal only; SharePoint and
	// OneDrive for Business never return it.
	InheritedFrom *struct {
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
	orgs, _, err := all[org](ctx, c, api+"/organization?$select=verifiedDomains")
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

// folder is a folder seen in a drive's delta, for rebuilding paths.
type folder struct{ name, parent string }

// candidate is an item the delta reports shared, before its permissions
// are read.
type candidate struct {
	id, name, parent, webURL string
}

// deltaSelect is what a drive's delta query asks of each item.
const deltaSelect = "?$select=id,name,webUrl,folder,shared,parentReference,root,deleted"

// walkDrive walks a drive with its delta query, from link when the
// previous pull left one (then only changes come, and prev, the drive's
// shared items of the previous snapshot, are updated with them), else
// completely. The query asks for Prefer: hierarchicalsharing, so that
// only the item a sharing was set on carries the shared facet, not each
// of its descendants. It returns the drive's shared items, the new delta
// link and how many items the delta reported.
func (p *puller) walkDrive(ctx context.Context, d gDrive, link string, prev []pulldata.SharedItem) ([]pulldata.SharedItem, string, int, error) {
	c := p.c
	drive := p.api + "/drives/" + url.PathEscape(d.ID)
	start := link
	if start == "" {
		start, prev = drive+"/root/delta"+deltaSelect, nil
	}
	dctx := pull.WithHeader(ctx, "Prefer", "hierarchicalsharing")
	var (
		folders    = map[string]folder{}
		changed    = map[string]bool{}
		candidates []candidate
		rootID     string
		walked     int
	)
	walk := func(u string) (string, error) {
		deltaLink, _, err := eachPage(dctx, c, u, func(items []gDriveItem) error {
			for _, it := range items {
				walked++
				if link != "" {
					changed[it.ID] = true
				}
				switch {
				case it.Root != nil:
					rootID = it.ID
				case it.Deleted != nil:
					delete(folders, it.ID)
				default:
					if it.Folder != nil {
						folders[it.ID] = folder{name: it.Name, parent: it.ParentReference.ID}
					}
					if it.Shared != nil && it.Shared.Scope != "" {
						candidates = append(candidates, candidate{id: it.ID, name: it.Name, parent: it.ParentReference.ID, webURL: it.WebURL})
					}
				}
			}
			return nil
		})
		return deltaLink, err
	}
	deltaLink, err := walk(start)
	if err != nil && link != "" && tokenExpired(err) {
		// The delta token expired (410 Gone, resyncRequired): walk the
		// drive again from the start.
		c.Progress("%s: drive %s: the delta link expired; walking the drive again", c.Source, d.WebURL)
		link, prev, changed, candidates, folders, rootID = "", nil, map[string]bool{}, nil, map[string]folder{}, ""
		deltaLink, err = walk(drive + "/root/delta" + deltaSelect)
	}
	if err != nil {
		return nil, "", walked, err
	}
	var out []pulldata.SharedItem
	for _, it := range prev {
		if !changed[it.ItemID] {
			out = append(out, it)
		}
	}
	paths := &pathResolver{p: p, drive: drive, driveWebURL: d.WebURL, folders: folders, rootID: rootID, cache: map[string]string{}}
	urls := make([]string, len(candidates))
	for i, cand := range candidates {
		urls[i] = drive + "/items/" + url.PathEscape(cand.id) + "/permissions"
	}
	answers, err := p.getMany(ctx, urls)
	if err != nil {
		return nil, "", walked, err
	}
	type read struct {
		cand  candidate
		path  string
		perms []gPermission
	}
	var reads []read
	for i, cand := range candidates {
		perms, err := collect[gPermission](ctx, p.c, urls[i], answers[i])
		answers[i] = answer{}
		if statusOf(err) == http.StatusNotFound {
			continue // deleted since the delta
		}
		if err != nil {
			return nil, "", walked, err
		}
		path, err := paths.path(ctx, cand)
		if err != nil {
			return nil, "", walked, err
		}
		reads = append(reads, read{cand: cand, path: path, perms: perms})
	}
	// SharePoint lists, on an item with its own sharing inside a shared
	// folder, the folder's permissions too, under the same ids and
	// without inheritedFrom: those are counted at the folder only.
	above := map[string][]string{} // path → the permission ids there
	for _, it := range out {
		above[it.Path] = it.PermissionIDs
	}
	for _, r := range reads {
		for _, pm := range r.perms {
			above[r.path] = append(above[r.path], pm.ID)
		}
	}
	for _, r := range reads {
		inherited := map[string]bool{}
		for dir := parentDir(r.path); dir != ""; dir = parentDir(dir) {
			for _, id := range above[dir] {
				inherited[id] = true
			}
		}
		var own []gPermission
		for _, pm := range r.perms {
			if pm.ID == "" || !inherited[pm.ID] {
				own = append(own, pm)
			}
		}
		si := sharedFromPermissions(own, p.domains)
		if len(si.Links) == 0 && len(si.External) == 0 {
			continue // shared within the organisation only, without links
		}
		si.Drive, si.DriveID, si.ItemID, si.Path, si.URL = d.Name, d.ID, r.cand.id, r.path, r.cand.webURL
		for _, pm := range own {
			if pm.ID != "" {
				si.PermissionIDs = append(si.PermissionIDs, pm.ID)
			}
		}
		sort.Strings(si.PermissionIDs)
		out = append(out, si)
	}
	return out, deltaLink, walked, nil
}

// parentDir is the folder of a path inside a drive ("/a/b" is "/a", "/a"
// is ""; the root itself is never a shared item).
func parentDir(p string) string {
	i := strings.LastIndex(p, "/")
	if i <= 0 {
		return ""
	}
	return p[:i]
}

// tokenExpired reports whether a delta request failed because its token
// can no longer be used: 410 Gone (with resyncChangesApplyDifferences
// or resyncChangesUploadDifferences), or the error codes resyncRequired
// and syncStateNotFound (https://learn.microsoft.com/en-us/graph/errors).
func tokenExpired(err error) bool {
	if statusOf(err) == http.StatusGone {
		return true
	}
	msg := err.Error()
	return statusOf(err) != 0 && (strings.Contains(msg, "resyncRequired") || strings.Contains(msg, "syncStateNotFound"))
}

// noExpiry is DateTime.MinValue, which Graph sends for a permission that
// does not expire.
const noExpiry = "0001-01-01"

// sharedFromPermissions is what an item's permissions share: its links
// and the people outside the tenant.
func sharedFromPermissions(perms []gPermission, domains map[string]bool) pulldata.SharedItem {
	si := pulldata.SharedItem{Links: []pulldata.SharingLink{}, External: []string{}}
	seen := map[string]bool{}
	for _, p := range perms {
		if p.InheritedFrom != nil && p.InheritedFrom.ID != "" {
			continue // counted at the folder it comes from (OneDrive personal)
		}
		if p.Link != nil {
			l := pulldata.SharingLink{Scope: p.Link.Scope, Type: p.Link.Type, Expires: p.ExpirationDateTime, Password: p.HasPassword}
			if strings.HasPrefix(l.Expires, noExpiry) {
				l.Expires = ""
			}
			si.Links = append(si.Links, l)
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
	sort.Slice(si.Links, func(a, b int) bool {
		return si.Links[a].Scope+si.Links[a].Type+si.Links[a].Expires < si.Links[b].Scope+si.Links[b].Type+si.Links[b].Expires
	})
	sort.Strings(si.External)
	return si
}

// pathResolver rebuilds items' paths inside a drive ("/Contracts/2026.xlsx"):
// from the folders of the same delta by parentReference.id; else from
// the item's webUrl below the drive's webUrl (a plain path for folders
// and most files, not for Office documents, whose webUrl is a
// Doc.aspx link); else by asking for the parent folder, whose
// parentReference.path an ordinary GET does return.
type pathResolver struct {
	p           *puller
	drive       string // the drive's API URL
	driveWebURL string
	folders     map[string]folder
	rootID      string
	cache       map[string]string // folder id → its path, from a GET
}

func (r *pathResolver) path(ctx context.Context, it candidate) (string, error) {
	parts := []string{it.name}
	id := it.parent
	for range 1000 { // a cycle cannot hang the pull
		if id == r.rootID && id != "" {
			return "/" + strings.Join(parts, "/"), nil
		}
		f, ok := r.folders[id]
		if !ok {
			break
		}
		parts = append([]string{f.name}, parts...)
		id = f.parent
	}
	if p, ok := pathBelow(it.webURL, r.driveWebURL); ok {
		return p, nil
	}
	if id == "" {
		return "/" + strings.Join(parts, "/"), nil
	}
	parent, ok := r.cache[id]
	if !ok {
		var item struct {
			Name            string    `json:"name"`
			Root            *struct{} `json:"root"`
			ParentReference struct {
				Path string `json:"path"`
			} `json:"parentReference"`
		}
		if _, err := r.p.c.GetJSON(ctx, r.drive+"/items/"+url.PathEscape(id)+"?$select=name,root,parentReference", &item); err != nil {
			if !itemError(err) {
				return "", err
			}
			// The folder is gone or hidden: the path is known from it down.
			r.p.c.Progress("%s: warning: the folder of %s could not be read (%v); its path is given from below that folder", r.p.c.Source, it.name, err)
			return "/…/" + strings.Join(parts, "/"), nil
		}
		if item.Root == nil {
			parent = folderPath(item.ParentReference.Path) + "/" + item.Name
		}
		r.cache[id] = parent
	}
	return parent + "/" + strings.Join(parts, "/"), nil
}

// pathBelow is the path of webURL inside the drive at driveWebURL, when
// webURL is a plain address below it.
func pathBelow(webURL, driveWebURL string) (string, bool) {
	u, err := url.Parse(webURL)
	if err != nil || driveWebURL == "" || u.RawQuery != "" {
		return "", false
	}
	base, err := url.Parse(strings.TrimRight(driveWebURL, "/"))
	if err != nil || !strings.EqualFold(u.Host, base.Host) || !strings.HasPrefix(u.Path, base.Path+"/") {
		return "", false
	}
	return strings.TrimPrefix(u.Path, base.Path), true
}

// folderPath is the path inside the drive of a parentReference.path
// ("/drive/root:/Folder%20A" is "/Folder A").
func folderPath(ref string) string {
	if i := strings.Index(ref, "root:"); i >= 0 {
		ref = ref[i+len("root:"):]
	}
	if p, err := url.PathUnescape(ref); err == nil {
		ref = p
	}
	return strings.TrimRight(ref, "/")
}
