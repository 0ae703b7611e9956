package graph

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/handbook-dev/handbook/internal/sentinel"
)

// secret is the client secret: the run's sentinel, hunted for in every
// log line and snapshot.
var secret = sentinel.Value()

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
	// fixture answers with a recorded file from testdata; JSON next links
	// name the server as {{SERVER}}.
	fixture := func(w http.ResponseWriter, r *http.Request, name string) {
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
		data, err := os.ReadFile(filepath.Join("testdata", name))
		if err != nil {
			t.Errorf("no fixture %s for %s", name, r.URL)
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Type", "application/json; odata.metadata=minimal; odata.streaming=true")
		w.Write([]byte(strings.ReplaceAll(string(data), "{{SERVER}}", srv.URL)))
	}
	mux.HandleFunc("GET /v1.0/sites/getAllSites", func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Query().Get("$skiptoken") == "" {
			fixture(w, r, "sites-1.json")
			return
		}
		fixture(w, r, "sites-2.json")
	})
	mux.HandleFunc("GET /v1.0/sites/{id}/drives", func(w http.ResponseWriter, r *http.Request) {
		if strings.Contains(r.PathValue("id"), "00000000-0000-0000-0000-000000000001") {
			fixture(w, r, "drives.json")
			return
		}
		fixture(w, r, "drives-ops.json")
	})
	mux.HandleFunc("GET /v1.0/organization", func(w http.ResponseWriter, r *http.Request) { fixture(w, r, "organization.json") })
	mux.HandleFunc("GET /v1.0/drives/{drive}/root/delta", func(w http.ResponseWriter, r *http.Request) {
		switch {
		case r.PathValue("drive") == "b!ops-documents":
			fixture(w, r, "delta-ops.json")
		case r.URL.Query().Get("token") == "":
			fixture(w, r, "delta-hr-1.json")
		default:
			fixture(w, r, "delta-hr-2.json")
		}
	})
	mux.HandleFunc("GET /v1.0/drives/{drive}/items/{item}/permissions", func(w http.ResponseWriter, r *http.Request) {
		fixture(w, r, "permissions-"+r.PathValue("item")+".json")
	})
	mux.HandleFunc("GET /v1.0/groups", func(w http.ResponseWriter, r *http.Request) {
		if !strings.Contains(r.URL.Query().Get("$filter"), "resourceProvisioningOptions/Any(x:x eq 'Team')") {
			t.Errorf("groups asked without the Teams filter: %s", r.URL)
		}
		fixture(w, r, "groups.json")
	})
	mux.HandleFunc("GET /v1.0/groups/{id}/{rel}", func(w http.ResponseWriter, r *http.Request) {
		fixture(w, r, r.PathValue("id")+"-"+r.PathValue("rel")+".json")
	})
	mux.HandleFunc("GET /v1.0/teams/{id}", func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Query().Get("$select") != "isArchived" {
			t.Errorf("team asked without $select=isArchived: %s", r.URL)
		}
		fixture(w, r, "team-"+r.PathValue("id")+".json")
	})
	mux.HandleFunc("GET /v1.0/teams/{id}/channels", func(w http.ResponseWriter, r *http.Request) { fixture(w, r, "channels.json") })
	// Usage reports redirect to a download on another host, which must
	// not receive the token.
	download := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("Authorization") != "" {
			t.Errorf("the report download host received credentials")
		}
		data, _ := os.ReadFile(filepath.Join("testdata", strings.TrimPrefix(r.URL.Path, "/")))
		w.Header().Set("Content-Type", "application/octet-stream")
		w.Write(data)
	}))
	t.Cleanup(download.Close)
	mux.HandleFunc("GET /v1.0/reports/{report}", func(w http.ResponseWriter, r *http.Request) {
		if !strings.HasPrefix(r.Header.Get("Authorization"), "Bearer tok-") {
			w.WriteHeader(401)
			return
		}
		file := "/teams-activity.csv"
		if strings.Contains(r.PathValue("report"), "SharePointSiteUsageDetail") {
			file = "/sites-usage.csv"
		}
		http.Redirect(w, r, download.URL+file, http.StatusFound)
	})
	mux.HandleFunc("GET /v1.0/admin/sharepoint/settings", func(w http.ResponseWriter, r *http.Request) { fixture(w, r, "settings.json") })
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
	hr, opsSite := snap.Sites[0], snap.Sites[1]
	if hr.ExternalSharing != "anyone" || opsSite.ExternalSharing != "disabled" || len(opsSite.SharedItems) != 0 {
		t.Errorf("external sharing: hr %q, ops %q %+v", hr.ExternalSharing, opsSite.ExternalSharing, opsSite.SharedItems)
	}
	var shared []string
	for _, it := range hr.SharedItems {
		var links []string
		for _, l := range it.Links {
			links = append(links, fmt.Sprintf("%s/%s/%s/%v", l.Scope, l.Type, l.Expires, l.Password))
		}
		shared = append(shared, it.Drive+":"+it.Path+" links["+strings.Join(links, " ")+"] external["+strings.Join(it.External, " ")+"]")
	}
	want := []string{
		"Documents:/Contracts/Carrier contract.docx links[anonymous/view/2027-01-31T00:00:00Z/true] external[]",
		"Documents:/Payroll 2026 links[users/view//false] external[auditor@kpmg.example payroll@partner.example]",
		"Documents:/Staff handbook.pdf links[organization/view//false] external[]",
	}
	if strings.Join(shared, "\n") != strings.Join(want, "\n") {
		t.Errorf("shared items:\n%s\nwant:\n%s", strings.Join(shared, "\n"), strings.Join(want, "\n"))
	}
	if len(snap.Teams) != 2 {
		t.Fatalf("teams = %+v", snap.Teams)
	}
	ops := snap.Teams[0]
	if ops.Name != "OPS - Planning Rotterdam" || ops.Visibility != "Private" || ops.Guests != 1 || len(ops.Owners) != 1 || len(ops.Channels) != 2 || ops.Channels[0].Name != "Dagplanning" {
		t.Errorf("ops team = %+v", ops)
	}
	if prj := snap.Teams[1]; !prj.Owners[0].Disabled || len(prj.Members) != 0 || !prj.Archived || ops.Archived {
		t.Errorf("project team = %+v", prj)
	}
	if snap.Sites[0].LastActivity != "2026-11-20" || ops.LastActivity != "2026-11-22" {
		t.Errorf("last activity: site %q, team %q", snap.Sites[0].LastActivity, ops.LastActivity)
	}
	if snap.Sharing == nil || snap.Sharing.Capability != "externalUserAndGuestSharing" {
		t.Errorf("sharing = %+v", snap.Sharing)
	}
	data, _ := json.Marshal(snap)
	sentinel.CheckText(t, "the snapshot", string(data))
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
