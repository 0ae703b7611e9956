// Package graph pulls Microsoft 365 metadata through Microsoft Graph v1.0
// with plain net/http (the official SDK takes minutes and gigabytes to
// build): SharePoint sites, Teams with owners, members and channels, the
// tenant's sharing settings and the usage reports' last activity.
//
// The app registration needs these application permissions:
// Sites.Read.All (sites, drives, delta, permissions), GroupMember.Read.All
// and User.Read.All (owners and members with their user properties:
// without User.Read.All Graph returns members without userType or
// accountEnabled, so guests and disabled accounts would go unseen),
// Team.ReadBasic.All and Channel.ReadBasic.All (archived state, channels),
// Reports.Read.All and ReportSettings.Read.All (usage reports, and whether
// they conceal names), SharePointTenantSettings.Read.All and
// Organization.Read.All (the verified domains).
//
// A pull can be incremental: State keeps each drive's @odata.deltaLink,
// each site's lastModifiedDateTime and the groups' delta link, so the
// next pull skips sites that did not change, asks changed drives for
// their changes only and re-reads only the teams whose group changed.
package graph

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
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

// Permissions is what the app registration needs, in the words of the
// Entra admin center (API permissions, Microsoft Graph, application).
const Permissions = "Sites.Read.All, GroupMember.Read.All, User.Read.All, Team.ReadBasic.All, Channel.ReadBasic.All, " +
	"Reports.Read.All, ReportSettings.Read.All, SharePointTenantSettings.Read.All and Organization.Read.All"

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
