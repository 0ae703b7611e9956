package graph

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
)

const secret = "client-secret-SENTINEL-7d1e"

// tenant emulates the login and Graph endpoints: tokens expire after a
// few calls (a 401 makes the client fetch another), collections come in
// pages linked by @odata.nextLink.
func tenant(t *testing.T) (*httptest.Server, *atomic.Int32) {
	var tokens atomic.Int32
	var calls atomic.Int32
	mux := http.NewServeMux()
	var srv *httptest.Server
	mux.HandleFunc("POST /lakeside.onmicrosoft.com/oauth2/v2.0/token", func(w http.ResponseWriter, r *http.Request) {
		r.ParseForm()
		if r.Form.Get("client_secret") != secret || r.Form.Get("grant_type") != "client_credentials" || r.Form.Get("scope") != "https://graph.microsoft.com/.default" {
			w.WriteHeader(401)
			fmt.Fprint(w, `{"error":"invalid_client","error_description":"AADSTS7000215: Invalid client secret provided.\r\nTrace ID: x"}`)
			return
		}
		n := tokens.Add(1)
		json.NewEncoder(w).Encode(map[string]any{"token_type": "Bearer", "expires_in": 3599, "access_token": fmt.Sprintf("tok-%d", n)})
	})
	graph := func(w http.ResponseWriter, r *http.Request, v any) {
		// The first token expires after five calls.
		c := calls.Add(1)
		if r.Header.Get("Authorization") == "Bearer tok-1" && c > 5 {
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(401)
			fmt.Fprint(w, `{"error":{"code":"InvalidAuthenticationToken","message":"Lifetime validation failed, the token is expired."}}`)
			return
		}
		if !strings.HasPrefix(r.Header.Get("Authorization"), "Bearer tok-") {
			w.WriteHeader(401)
			return
		}
		w.Header().Set("Content-Type", "application/json; odata.metadata=minimal")
		json.NewEncoder(w).Encode(v)
	}
	mux.HandleFunc("GET /v1.0/sites/getAllSites", func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Query().Get("$skiptoken") == "" {
			graph(w, r, map[string]any{"@odata.context": "x", "@odata.nextLink": srv.URL + "/v1.0/sites/getAllSites?$select=id&$skiptoken=UGFnZTI", "value": []any{
				map[string]any{"id": "lakeside.sharepoint.com,00000000-0000-0000-0000-000000000001,2", "name": "HR-Hub", "displayName": "HR - Hub", "webUrl": "https://lakeside.sharepoint.com/sites/hr-hub", "createdDateTime": "2021-03-01T08:00:00Z", "lastModifiedDateTime": "2026-11-01T10:00:00Z"}}})
			return
		}
		graph(w, r, map[string]any{"value": []any{
			map[string]any{"id": "lakeside.sharepoint.com,3,4", "name": "ops-planning", "displayName": "OPS - Planning", "webUrl": "https://lakeside.sharepoint.com/sites/ops-planning"}}})
	})
	mux.HandleFunc("GET /v1.0/sites/{id}/drives", func(w http.ResponseWriter, r *http.Request) {
		graph(w, r, map[string]any{"value": []any{map[string]any{"name": "Documents", "driveType": "documentLibrary", "webUrl": "https://lakeside.sharepoint.com/sites/x/Shared%20Documents"}}})
	})
	mux.HandleFunc("GET /v1.0/groups", func(w http.ResponseWriter, r *http.Request) {
		if !strings.Contains(r.URL.Query().Get("$filter"), "resourceProvisioningOptions/Any(x:x eq 'Team')") {
			t.Errorf("groups asked without the Teams filter: %s", r.URL)
		}
		graph(w, r, map[string]any{"value": []any{
			map[string]any{"id": "g1", "displayName": "OPS - Planning Rotterdam", "visibility": "Private", "mail": "ops-planning@lakeside.example", "createdDateTime": "2022-01-01T00:00:00Z"},
			map[string]any{"id": "g2", "displayName": "PRJ - Cold Store 2026", "visibility": "Public"}}})
	})
	users := map[string][]any{
		"g1/owners":  {map[string]any{"displayName": "M. Jansen", "userPrincipalName": "m.jansen@lakeside.example", "userType": "Member", "accountEnabled": true}},
		"g1/members": {map[string]any{"displayName": "M. Jansen", "userPrincipalName": "m.jansen@lakeside.example", "userType": "Member", "accountEnabled": true}, map[string]any{"displayName": "Haulier", "userPrincipalName": "p_vandijk.example#EXT#@lakeside.onmicrosoft.com", "userType": "Guest", "accountEnabled": true}},
		"g2/owners":  {map[string]any{"displayName": "P. de Vries", "userPrincipalName": "p.devries@lakeside.example", "userType": "Member", "accountEnabled": false}},
		"g2/members": {},
	}
	mux.HandleFunc("GET /v1.0/groups/{id}/{rel}", func(w http.ResponseWriter, r *http.Request) {
		graph(w, r, map[string]any{"value": users[r.PathValue("id")+"/"+r.PathValue("rel")]})
	})
	mux.HandleFunc("GET /v1.0/teams/{id}/channels", func(w http.ResponseWriter, r *http.Request) {
		graph(w, r, map[string]any{"value": []any{map[string]any{"displayName": "General", "membershipType": "standard"}, map[string]any{"displayName": "Dagplanning", "membershipType": "private"}}})
	})
	// Usage reports redirect to a download on another host, which must
	// not receive the token.
	download := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("Authorization") != "" {
			t.Errorf("the report download host received credentials")
		}
		w.Header().Set("Content-Type", "application/octet-stream")
		switch r.URL.Path {
		case "/sites.csv":
			fmt.Fprint(w, "\ufeffReport Refresh Date,Site Id,Site URL,Owner Display Name,Is Deleted,Last Activity Date,File Count\n2026-11-23,00000000-0000-0000-0000-000000000001,https://lakeside.sharepoint.com/sites/hr-hub,HR,False,2026-11-20,120\n")
		case "/teams.csv":
			fmt.Fprint(w, "Report Refresh Date,Team Id,Team Name,Team Type,Is Deleted,Last Activity Date\n2026-11-23,G1,OPS - Planning Rotterdam,Private,False,2026-11-22\n")
		}
	}))
	t.Cleanup(download.Close)
	mux.HandleFunc("GET /v1.0/reports/{report}", func(w http.ResponseWriter, r *http.Request) {
		if !strings.HasPrefix(r.Header.Get("Authorization"), "Bearer tok-") {
			w.WriteHeader(401)
			return
		}
		file := "/teams.csv"
		if strings.Contains(r.PathValue("report"), "SharePointSiteUsageDetail") {
			file = "/sites.csv"
		}
		http.Redirect(w, r, download.URL+file, http.StatusFound)
	})
	mux.HandleFunc("GET /v1.0/admin/sharepoint/settings", func(w http.ResponseWriter, r *http.Request) {
		graph(w, r, map[string]any{"sharingCapability": "externalUserAndGuestSharing"})
	})
	srv = httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	return srv, &tokens
}

func TestPull(t *testing.T) {
	srv, tokens := tenant(t)
	cfg := Config{Name: "m365", Tenant: "lakeside.onmicrosoft.com", ClientID: "app-id", ClientSecret: secret, GraphURL: srv.URL, LoginURL: srv.URL}
	var logs []string
	c, err := NewClient(cfg, func(f string, a ...any) { logs = append(logs, fmt.Sprintf(f, a...)) })
	if err != nil {
		t.Fatal(err)
	}
	snap, err := Pull(context.Background(), c, cfg)
	if err != nil {
		t.Fatal(err)
	}
	if tokens.Load() != 2 {
		t.Errorf("fetched %d tokens, want 2 (one more after the 401)", tokens.Load())
	}
	if len(snap.Sites) != 2 || snap.Sites[0].Name != "HR - Hub" || snap.Sites[1].URL != "https://lakeside.sharepoint.com/sites/ops-planning" || len(snap.Sites[0].Drives) != 1 || snap.Sites[0].Drives[0].Type != "documentLibrary" {
		t.Errorf("sites = %+v", snap.Sites)
	}
	if len(snap.Teams) != 2 {
		t.Fatalf("teams = %+v", snap.Teams)
	}
	ops := snap.Teams[0]
	if ops.Name != "OPS - Planning Rotterdam" || ops.Visibility != "Private" || ops.Guests != 1 || len(ops.Owners) != 1 || len(ops.Channels) != 2 || ops.Channels[0].Name != "Dagplanning" {
		t.Errorf("ops team = %+v", ops)
	}
	if prj := snap.Teams[1]; !prj.Owners[0].Disabled || len(prj.Members) != 0 {
		t.Errorf("project team = %+v", prj)
	}
	if snap.Sites[0].LastActivity != "2026-11-20" || ops.LastActivity != "2026-11-22" {
		t.Errorf("last activity: site %q, team %q", snap.Sites[0].LastActivity, ops.LastActivity)
	}
	if snap.Sharing == nil || snap.Sharing.Capability != "externalUserAndGuestSharing" {
		t.Errorf("sharing = %+v", snap.Sharing)
	}
	for _, l := range logs {
		if strings.Contains(l, secret) || strings.Contains(l, "tok-") {
			t.Errorf("a secret reached the log: %s", l)
		}
	}
}

func TestPullWithAWrongSecret(t *testing.T) {
	srv, _ := tenant(t)
	cfg := Config{Name: "m365", Tenant: "lakeside.onmicrosoft.com", ClientID: "app-id", ClientSecret: "wrong", GraphURL: srv.URL, LoginURL: srv.URL}
	c, _ := NewClient(cfg, nil)
	_, err := Pull(context.Background(), c, cfg)
	if err == nil || !strings.Contains(err.Error(), "token request for tenant lakeside.onmicrosoft.com refused: invalid_client: AADSTS7000215") || strings.Contains(err.Error(), "Trace ID") {
		t.Fatalf("err = %v", err)
	}
}
