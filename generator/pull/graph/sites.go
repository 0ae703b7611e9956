package graph

import (
	"context"
	"net/url"
	"sort"
	"sync/atomic"

	"github.com/handbook-dev/handbook/generator/pulldata"
)

// gSite is a site as /sites/getAllSites lists it.
type gSite struct {
	ID                   string `json:"id"`
	Name                 string `json:"name"`
	DisplayName          string `json:"displayName"`
	WebURL               string `json:"webUrl"`
	CreatedDateTime      string `json:"createdDateTime"`
	LastModifiedDateTime string `json:"lastModifiedDateTime"`
	// IsPersonalSite marks a user's OneDrive, which getAllSites lists
	// beside the SharePoint sites.
	IsPersonalSite bool `json:"isPersonalSite"`
}

// gDrive is a document library as /sites/{id}/drives lists it.
type gDrive struct {
	ID        string `json:"id"`
	Name      string `json:"name"`
	DriveType string `json:"driveType"`
	WebURL    string `json:"webUrl"`
}

// sites lists the tenant's SharePoint sites (personal OneDrives left
// out: they are people's own files, and walking them would take most of
// the pull) and reads each site's drives and shared items, or keeps them
// from the previous snapshot when the site did not change.
func (p *puller) sites(ctx context.Context, snap *pulldata.M365, state *State) error {
	c := p.c
	var sites []gSite
	personal := 0
	_, pages, err := eachPage(ctx, c, p.api+"/sites/getAllSites?$select=id,name,displayName,webUrl,createdDateTime,lastModifiedDateTime,isPersonalSite&$top=999",
		func(v []gSite) error {
			for _, s := range v {
				if s.IsPersonalSite {
					personal++
					continue
				}
				sites = append(sites, s)
			}
			return nil
		})
	if err != nil {
		return permissionHint(err, "Sites.Read.All")
	}
	c.Progress("%s: sites: %d over %d pages (%d personal OneDrives left out), with their drives", c.Source, len(sites), pages, personal)
	if !p.cfg.SkipSharingLinks {
		if p.domains, err = tenantDomains(ctx, c, p.api); err != nil {
			return permissionHint(err, "Organization.Read.All")
		}
	}
	prevSites := map[string]*pulldata.Site{}
	if p.prevSnap != nil {
		for i := range p.prevSnap.Sites {
			prevSites[p.prevSnap.Sites[i].ID] = &p.prevSnap.Sites[i]
		}
	}
	out := make([]pulldata.Site, len(sites))
	states := make([]SiteState, len(sites))
	var todo []int
	var urls []string
	for i, s := range sites {
		name := s.DisplayName
		if name == "" {
			name = s.Name
		}
		site := pulldata.Site{ID: s.ID, Name: name, URL: s.WebURL, Created: s.CreatedDateTime, LastModified: s.LastModifiedDateTime, Drives: []pulldata.Drive{}}
		prevSite, prevState := prevSites[s.ID], p.siteState(s.ID)
		if prevSite != nil && prevState != nil && prevSite.Error == "" && s.LastModifiedDateTime != "" && prevState.LastModified == s.LastModifiedDateTime {
			// Unchanged since the last pull: keep what it found.
			site.Drives, site.SharedItems, site.ExternalSharing = prevSite.Drives, prevSite.SharedItems, prevSite.ExternalSharing
			out[i], states[i] = site, *prevState
			continue
		}
		out[i] = site
		todo = append(todo, i)
		urls = append(urls, p.api+"/sites/"+url.PathEscape(s.ID)+"/drives?$select=id,name,driveType,webUrl")
	}
	drives, err := p.getMany(ctx, urls)
	if err != nil {
		return err
	}
	var walked, failed atomic.Int64
	err = parallel(ctx, len(todo), func(ctx context.Context, k int) error {
		i := todo[k]
		site := &out[i]
		st := SiteState{LastModified: site.LastModified, Drives: map[string]string{}}
		n, err := p.readSite(ctx, site, urls[k], drives[k], prevSites[site.ID], p.siteState(site.ID), &st)
		drives[k] = answer{} // let the listing go
		if err != nil {
			if !itemError(err) {
				return err
			}
			site.Error = permissionHint(err, "Sites.Read.All").Error()
			site.Drives, site.SharedItems, site.ExternalSharing = []pulldata.Drive{}, nil, ""
			failed.Add(1)
			c.Progress("%s: warning: site %s could not be read: %s", c.Source, site.URL, site.Error)
		}
		walked.Add(int64(n))
		states[i] = st
		return nil
	})
	if err != nil {
		return err
	}
	kept := len(sites) - len(todo)
	shared := 0
	for i, s := range out {
		snap.Sites = append(snap.Sites, s)
		shared += len(s.SharedItems)
		if out[i].Error == "" {
			state.Sites[s.ID] = states[i]
		}
	}
	if !p.cfg.SkipSharingLinks {
		c.Progress("%s: sharing: %d items walked in the document libraries of %d sites (%d unchanged sites kept), %d shared by a link or with people outside; %d sites failed",
			c.Source, walked.Load(), len(todo), kept, shared, failed.Load())
	}
	return nil
}

// siteState is the previous pull's state of a site, if it can be used.
func (p *puller) siteState(id string) *SiteState {
	if p.prev == nil || p.prev.SharingWalked != !p.cfg.SkipSharingLinks {
		return nil
	}
	if st, ok := p.prev.Sites[id]; ok {
		return &st
	}
	return nil
}

// readSite reads a site's drives (from their listing, asked in a batch)
// and walks each for shared items: from
// its delta link when the previous pull left one, else completely. It
// returns how many drive items it saw.
func (p *puller) readSite(ctx context.Context, site *pulldata.Site, u string, listing answer, prevSite *pulldata.Site, prevState *SiteState, st *SiteState) (int, error) {
	drives, err := collect[gDrive](ctx, p.c, u, listing)
	if err != nil {
		return 0, err
	}
	walked := 0
	for _, d := range drives {
		site.Drives = append(site.Drives, pulldata.Drive{ID: d.ID, Name: d.Name, Type: d.DriveType, URL: d.WebURL})
		if p.cfg.SkipSharingLinks {
			continue
		}
		var link string
		var prevItems []pulldata.SharedItem
		if prevState != nil && prevSite != nil {
			if link = prevState.Drives[d.ID]; link != "" {
				for _, it := range prevSite.SharedItems {
					if it.DriveID == d.ID {
						prevItems = append(prevItems, it)
					}
				}
			}
		}
		items, deltaLink, n, err := p.walkDrive(ctx, d, link, prevItems)
		if err != nil {
			return walked, err
		}
		walked += n
		if deltaLink != "" {
			st.Drives[d.ID] = deltaLink
		}
		site.SharedItems = append(site.SharedItems, items...)
	}
	sort.Slice(site.Drives, func(i, j int) bool { return site.Drives[i].URL < site.Drives[j].URL })
	if !p.cfg.SkipSharingLinks {
		sortSharedItems(site.SharedItems)
		site.ExternalSharing = sharingOf(site.SharedItems)
	}
	return walked, nil
}

// sortSharedItems orders a site's shared items by drive and path.
func sortSharedItems(items []pulldata.SharedItem) {
	sort.Slice(items, func(i, j int) bool {
		if items[i].Drive+items[i].Path != items[j].Drive+items[j].Path {
			return items[i].Drive+items[i].Path < items[j].Drive+items[j].Path
		}
		return items[i].ItemID < items[j].ItemID
	})
}
