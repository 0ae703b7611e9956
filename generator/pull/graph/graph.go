// Package graph pulls Microsoft 365 metadata through Microsoft Graph v1.0
// with plain net/http (the official SDK takes minutes and gigabytes to
// build): SharePoint sites, Teams with owners, members and channels, the
// tenant's sharing settings and the usage reports' last activity.
package graph

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/handbook-dev/handbook/generator/pull"
)

// Config says which tenant to pull and with which app registration.
type Config struct {
	Name                   string
	Tenant                 string
	ClientID, ClientSecret string
	// GraphURL and LoginURL default to the public cloud's endpoints;
	// tests and the demo point them at a local server.
	GraphURL, LoginURL string
	HTTP               *http.Client
	// SkipSharingLinks leaves out the walk of every document library for
	// shared items (one delta query per drive and one permissions request
	// per shared item), for tenants where that is too slow.
	SkipSharingLinks bool
}

// Snapshot is what a Graph pull records.
type Snapshot struct {
	Sites   []Site         `json:"sites"`
	Teams   []Team         `json:"teams"`
	Sharing *TenantSharing `json:"tenant_sharing,omitempty"`
}

// Site is a SharePoint site.
type Site struct {
	ID           string  `json:"id"`
	Name         string  `json:"name"`
	URL          string  `json:"url"`
	Created      string  `json:"created,omitempty"`
	LastModified string  `json:"last_modified,omitempty"`
	LastActivity string  `json:"last_activity,omitempty"`
	Drives       []Drive `json:"drives"`
	// ExternalSharing is the most open sharing the site's shared items
	// show (disabled, existing-guests, anyone); empty when not pulled.
	ExternalSharing string `json:"external_sharing,omitempty"`
	// SharedItems are the files and folders shared by a link or with
	// people outside the tenant.
	SharedItems []SharedItem `json:"shared_items,omitempty"`
}

// Drive is a document library of a site.
type Drive struct {
	Name string `json:"name"`
	Type string `json:"type"`
	URL  string `json:"url"`
}

// Team is a Microsoft 365 group provisioned as a team.
type Team struct {
	ID           string    `json:"id"`
	Name         string    `json:"name"`
	Visibility   string    `json:"visibility"`
	Mail         string    `json:"mail,omitempty"`
	Created      string    `json:"created,omitempty"`
	Expires      string    `json:"expires,omitempty"`
	Owners       []Person  `json:"owners"`
	Members      []Person  `json:"members"`
	Guests       int       `json:"guests"`
	Channels     []Channel `json:"channels"`
	LastActivity string    `json:"last_activity,omitempty"`
	// Archived is the team's isArchived: read-only, kept for reference.
	Archived bool `json:"archived,omitempty"`
}

// Person is an owner or member.
type Person struct {
	Name     string `json:"name"`
	UPN      string `json:"upn"`
	Guest    bool   `json:"guest,omitempty"`
	Disabled bool   `json:"disabled,omitempty"`
}

// Channel of a team.
type Channel struct {
	Name       string `json:"name"`
	Membership string `json:"membership"`
}

// TenantSharing is the tenant-wide SharePoint sharing setting.
type TenantSharing struct {
	Capability string `json:"sharing_capability"`
}

// tokenSource fetches app-only tokens with the client-credentials grant
// (scope https://graph.microsoft.com/.default); a 401 asks for a new one.
type tokenSource struct {
	cfg   Config
	mu    sync.Mutex
	token string
}

func (ts *tokenSource) fetch(ctx context.Context) error {
	form := url.Values{
		"client_id":     {ts.cfg.ClientID},
		"client_secret": {ts.cfg.ClientSecret},
		"scope":         {"https://graph.microsoft.com/.default"},
		"grant_type":    {"client_credentials"},
	}
	endpoint := strings.TrimRight(ts.cfg.LoginURL, "/") + "/" + url.PathEscape(ts.cfg.Tenant) + "/oauth2/v2.0/token"
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, endpoint, strings.NewReader(form.Encode()))
	if err != nil {
		return err
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	hc := ts.cfg.HTTP
	if hc == nil {
		hc = &http.Client{Timeout: 30 * time.Second}
	}
	resp, err := hc.Do(req)
	if err != nil {
		var ue *url.Error
		if errors.As(err, &ue) {
			err = ue.Err
		}
		return fmt.Errorf("token request to %s: %v", pull.Redact(endpoint), err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	var tok struct {
		AccessToken string `json:"access_token"`
		Error       string `json:"error"`
		Description string `json:"error_description"`
	}
	_ = json.Unmarshal(body, &tok)
	if resp.StatusCode != http.StatusOK || tok.AccessToken == "" {
		msg := tok.Error
		if tok.Description != "" {
			msg += ": " + strings.SplitN(tok.Description, "\r\n", 2)[0]
		}
		if msg == "" {
			msg = resp.Status
		}
		return fmt.Errorf("token request for tenant %s refused: %s", ts.cfg.Tenant, msg)
	}
	ts.mu.Lock()
	ts.token = tok.AccessToken
	ts.mu.Unlock()
	return nil
}

func (ts *tokenSource) authorize(r *http.Request) error {
	ts.mu.Lock()
	t := ts.token
	ts.mu.Unlock()
	if t == "" {
		if err := ts.fetch(r.Context()); err != nil {
			return err
		}
		ts.mu.Lock()
		t = ts.token
		ts.mu.Unlock()
	}
	r.Header.Set("Authorization", "Bearer "+t)
	return nil
}

// NewClient returns a client for cfg's Graph endpoint that fetches its
// token on first use and again once on a 401.
func NewClient(cfg Config, logf func(string, ...any)) (*pull.Client, error) {
	if cfg.GraphURL == "" {
		cfg.GraphURL = "https://graph.microsoft.com"
	}
	if cfg.LoginURL == "" {
		cfg.LoginURL = "https://login.microsoftonline.com"
	}
	u, err := url.Parse(cfg.GraphURL)
	if err != nil || u.Host == "" {
		return nil, fmt.Errorf("%s: bad Graph URL %q", cfg.Name, cfg.GraphURL)
	}
	ts := &tokenSource{cfg: cfg}
	c := &pull.Client{Source: cfg.Name, Host: u.Host, HTTP: cfg.HTTP, Logf: logf, Secrets: pull.Secrets{cfg.ClientSecret},
		Authorize: ts.authorize, Refresh: ts.fetch}
	return c, nil
}

// collection is a page of a Graph collection.
type collection[T any] struct {
	Value    []T    `json:"value"`
	NextLink string `json:"@odata.nextLink"`
}

// all follows @odata.nextLink through every page.
func all[T any](ctx context.Context, c *pull.Client, first string) ([]T, error) {
	out, _, err := allCounted[T](ctx, c, first)
	return out, err
}

// allCounted is all, returning the number of pages followed.
func allCounted[T any](ctx context.Context, c *pull.Client, first string) ([]T, int, error) {
	var out []T
	pages := 0
	for u := first; u != ""; pages++ {
		var page collection[T]
		if _, err := c.GetJSON(ctx, u, &page); err != nil {
			return nil, pages, err
		}
		out = append(out, page.Value...)
		u = page.NextLink
	}
	return out, pages, nil
}

// Pull fetches the tenant's sites, teams and sharing settings, sorted.
func Pull(ctx context.Context, c *pull.Client, cfg Config) (*Snapshot, error) {
	api := strings.TrimRight(cfg.GraphURL, "/")
	if api == "" {
		api = "https://graph.microsoft.com"
	}
	api += "/v1.0"
	snap := &Snapshot{}
	type gSite struct {
		ID, Name, DisplayName, WebURL string
		CreatedDateTime               string
		LastModifiedDateTime          string
	}
	sites, pages, err := allCounted[gSite](ctx, c, api+"/sites/getAllSites?$select=id,name,displayName,webUrl,createdDateTime,lastModifiedDateTime&$top=999")
	if err != nil {
		return nil, err
	}
	c.Progress("%s: sites: %d over %d pages, with their drives", c.Source, len(sites), pages)
	var domains map[string]bool
	if !cfg.SkipSharingLinks {
		if domains, err = tenantDomains(ctx, c, api); err != nil {
			return nil, err
		}
	}
	walked, shared := 0, 0
	type gDrive struct{ ID, Name, DriveType, WebURL string }
	for _, s := range sites {
		name := s.DisplayName
		if name == "" {
			name = s.Name
		}
		site := Site{ID: s.ID, Name: name, URL: s.WebURL, Created: s.CreatedDateTime, LastModified: s.LastModifiedDateTime, Drives: []Drive{}}
		drives, err := all[gDrive](ctx, c, api+"/sites/"+url.PathEscape(s.ID)+"/drives?$select=id,name,driveType,webUrl")
		if err != nil {
			return nil, err
		}
		for _, d := range drives {
			site.Drives = append(site.Drives, Drive{Name: d.Name, Type: d.DriveType, URL: d.WebURL})
			if cfg.SkipSharingLinks {
				continue
			}
			items, n, err := sharedItems(ctx, c, api, d.ID, d.Name, domains)
			if err != nil {
				return nil, err
			}
			walked += n
			site.SharedItems = append(site.SharedItems, items...)
		}
		sort.Slice(site.Drives, func(i, j int) bool { return site.Drives[i].URL < site.Drives[j].URL })
		if !cfg.SkipSharingLinks {
			sort.Slice(site.SharedItems, func(i, j int) bool {
				return site.SharedItems[i].Drive+site.SharedItems[i].Path < site.SharedItems[j].Drive+site.SharedItems[j].Path
			})
			site.ExternalSharing = sharingOf(site.SharedItems)
			shared += len(site.SharedItems)
		}
		snap.Sites = append(snap.Sites, site)
	}
	if !cfg.SkipSharingLinks {
		c.Progress("%s: sharing: %d items walked in the document libraries, %d shared by a link or with people outside", c.Source, walked, shared)
	}
	type gGroup struct {
		ID, DisplayName, Visibility, Mail string
		CreatedDateTime                   string
		ExpirationDateTime                string
	}
	filter := url.QueryEscape("resourceProvisioningOptions/Any(x:x eq 'Team')")
	groups, pages, err := allCounted[gGroup](ctx, c, api+"/groups?$filter="+filter+"&$select=id,displayName,visibility,mail,createdDateTime,expirationDateTime&$top=999")
	if err != nil {
		return nil, err
	}
	c.Progress("%s: teams: %d over %d pages", c.Source, len(groups), pages)
	type gUser struct {
		DisplayName, UserPrincipalName, UserType string
		AccountEnabled                           *bool
	}
	people := func(us []gUser) []Person {
		out := make([]Person, 0, len(us))
		for _, u := range us {
			out = append(out, Person{Name: u.DisplayName, UPN: u.UserPrincipalName, Guest: strings.EqualFold(u.UserType, "Guest"),
				Disabled: u.AccountEnabled != nil && !*u.AccountEnabled})
		}
		sort.Slice(out, func(i, j int) bool { return out[i].UPN < out[j].UPN })
		return out
	}
	sel := "?$select=displayName,userPrincipalName,userType,accountEnabled&$top=999"
	for _, g := range groups {
		t := Team{ID: g.ID, Name: g.DisplayName, Visibility: g.Visibility, Mail: g.Mail, Created: g.CreatedDateTime, Expires: g.ExpirationDateTime}
		owners, err := all[gUser](ctx, c, api+"/groups/"+url.PathEscape(g.ID)+"/owners"+sel)
		if err != nil {
			return nil, err
		}
		members, err := all[gUser](ctx, c, api+"/groups/"+url.PathEscape(g.ID)+"/members"+sel)
		if err != nil {
			return nil, err
		}
		t.Owners, t.Members = people(owners), people(members)
		for _, m := range t.Members {
			if m.Guest {
				t.Guests++
			}
		}
		var team struct {
			IsArchived bool `json:"isArchived"`
		}
		if _, err := c.GetJSON(ctx, api+"/teams/"+url.PathEscape(g.ID)+"?$select=isArchived", &team); err != nil {
			return nil, err
		}
		t.Archived = team.IsArchived
		type gChannel struct{ DisplayName, MembershipType string }
		chans, err := all[gChannel](ctx, c, api+"/teams/"+url.PathEscape(g.ID)+"/channels?$select=displayName,membershipType")
		if err != nil {
			return nil, err
		}
		for _, ch := range chans {
			t.Channels = append(t.Channels, Channel{Name: ch.DisplayName, Membership: ch.MembershipType})
		}
		sort.Slice(t.Channels, func(i, j int) bool { return t.Channels[i].Name < t.Channels[j].Name })
		if t.Channels == nil {
			t.Channels = []Channel{}
		}
		snap.Teams = append(snap.Teams, t)
	}
	c.Progress("%s: owners, members and channels of %d teams", c.Source, len(snap.Teams))
	// Last activity comes from the usage reports: CSV files behind a
	// redirect to a pre-authenticated download on another host (which the
	// client reaches without the token).
	siteActivity, err := report(ctx, c, api+"/reports/getSharePointSiteUsageDetail(period='D30')", "Site Id")
	if err != nil {
		return nil, err
	}
	for i := range snap.Sites {
		if parts := strings.Split(snap.Sites[i].ID, ","); len(parts) >= 2 {
			snap.Sites[i].LastActivity = siteActivity[strings.ToLower(parts[1])]
		}
	}
	teamActivity, err := report(ctx, c, api+"/reports/getTeamsTeamActivityDetail(period='D30')", "Team Id")
	if err != nil {
		return nil, err
	}
	for i := range snap.Teams {
		snap.Teams[i].LastActivity = teamActivity[strings.ToLower(snap.Teams[i].ID)]
	}
	var sharing struct {
		SharingCapability string `json:"sharingCapability"`
	}
	if _, err := c.GetJSON(ctx, api+"/admin/sharepoint/settings", &sharing); err != nil {
		return nil, err
	}
	snap.Sharing = &TenantSharing{Capability: sharing.SharingCapability}
	sort.Slice(snap.Sites, func(i, j int) bool { return snap.Sites[i].URL < snap.Sites[j].URL })
	sort.Slice(snap.Teams, func(i, j int) bool { return snap.Teams[i].Name < snap.Teams[j].Name })
	return snap, nil
}

// report reads a usage report CSV and maps the id column (lower case) to
// its "Last Activity Date".
func report(ctx context.Context, c *pull.Client, u, idColumn string) (map[string]string, error) {
	body, _, err := c.Get(ctx, u, "text/csv")
	if err != nil {
		return nil, err
	}
	r := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(body, []byte("\ufeff"))))
	r.FieldsPerRecord = -1
	header, err := r.Read()
	if err != nil {
		return nil, fmt.Errorf("%s: usage report %s: %v", c.Source, pull.Redact(u), err)
	}
	id, last := -1, -1
	for i, h := range header {
		switch strings.TrimSpace(h) {
		case idColumn:
			id = i
		case "Last Activity Date":
			last = i
		}
	}
	if id < 0 || last < 0 {
		return nil, fmt.Errorf("%s: usage report %s has no %q and \"Last Activity Date\" columns", c.Source, pull.Redact(u), idColumn)
	}
	out := map[string]string{}
	for {
		rec, err := r.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("%s: usage report %s: %v", c.Source, pull.Redact(u), err)
		}
		if len(rec) > id && len(rec) > last && rec[last] != "" {
			out[strings.ToLower(rec[id])] = rec[last]
		}
	}
	return out, nil
}
