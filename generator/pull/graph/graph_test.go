package graph

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/handbook-dev/handbook/generator/pulldata"
	"github.com/handbook-dev/handbook/internal/sentinel"
)

// secret is the client secret: the run's sentinel, hunted for in every
// log line and snapshot.
var secret = sentinel.Value()

// The groups of the recorded tenant: three teams (the third's team is
// gone, /teams answers 404).
const (
	g1 = "02bd9fd6-8f93-4758-87c3-1fb73740a315"
	g2 = "8090c93e-ba7c-433e-9f39-08c7ba07c0b3"
	g3 = "b320ee12-b1cd-4cca-b648-a437be61c5cd"
)

// tenantOptions vary the recorded tenant between tests.
type tenantOptions struct {
	// concealed: the usage reports conceal names (the default since 2021).
	concealed bool
	// members overrides the members fixture of a group.
	members map[string]string
	// channels overrides the channels fixture.
	channels string
	// changed serves the second pull's answers: the HR site modified, one
	// item changed in its drive, one group changed.
	changed bool
	// deltaGone: the HR drive's delta link has expired.
	deltaGone bool
	// throttleBatch answers this many requests inside $batch with 429.
	throttleBatch int
	// groupsDeltaFails: /groups/delta answers 400.
	groupsDeltaFails bool
}

// fakeTenant emulates the login and Graph endpoints from the recorded
// answers in testdata (see testdata/README.md for the documentation each
// follows): tokens expire after a few calls (a 401 makes the client fetch
// another), collections come in pages linked by @odata.nextLink, $batch
// runs its requests against the same routes.
type fakeTenant struct {
	t      *testing.T
	opts   tenantOptions // under mu: a test changes them between pulls
	srv    *httptest.Server
	tokens atomic.Int32
	calls  atomic.Int32
	mu     sync.Mutex
	// requests are the paths (with their queries) asked, batched or not.
	requests  []string
	throttled atomic.Int32
	batches   atomic.Int32
	// sleeps are the waits the pull asked of the client's Sleep.
	sleeps []time.Duration
}

// options returns the tenant's current options.
func (f *fakeTenant) options() tenantOptions {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.opts
}

// change changes the tenant's options for the next pull.
func (f *fakeTenant) change(opts tenantOptions) {
	f.mu.Lock()
	f.opts = opts
	f.requests = nil
	f.mu.Unlock()
}

func (f *fakeTenant) asked(substr string) int {
	f.mu.Lock()
	defer f.mu.Unlock()
	n := 0
	for _, r := range f.requests {
		if strings.Contains(r, substr) {
			n++
		}
	}
	return n
}

func tenant(t *testing.T, initial tenantOptions) *fakeTenant {
	f := &fakeTenant{t: t, opts: initial}
	mux := http.NewServeMux()
	mux.HandleFunc("POST /lakeside.onmicrosoft.com/oauth2/v2.0/token", func(w http.ResponseWriter, r *http.Request) {
		r.ParseForm()
		if r.Form.Get("client_secret") != secret || r.Form.Get("grant_type") != "client_credentials" || r.Form.Get("scope") != "https://graph.microsoft.com/.default" {
			w.WriteHeader(401)
			fmt.Fprint(w, `{"error":"invalid_client","error_description":"AADSTS7000215: Invalid client secret provided.\r\nTrace ID: x"}`)
			return
		}
		n := f.tokens.Add(1)
		json.NewEncoder(w).Encode(map[string]any{"token_type": "Bearer", "expires_in": 3599, "access_token": fmt.Sprintf("tok-%d", n)})
	})
	graph := http.NewServeMux()
	// serve answers with a recorded file from testdata.
	serve := func(w http.ResponseWriter, status int, name string) {
		data, err := os.ReadFile(filepath.Join("testdata", name))
		if err != nil {
			t.Errorf("no fixture %s", name)
			status = 404
		}
		w.Header().Set("Content-Type", "application/json; odata.metadata=minimal; odata.streaming=true")
		w.WriteHeader(status)
		w.Write([]byte(strings.ReplaceAll(string(data), "{{SERVER}}", f.srv.URL)))
	}
	fixture := func(name string) http.HandlerFunc {
		return func(w http.ResponseWriter, r *http.Request) { serve(w, 200, name) }
	}
	// https://learn.microsoft.com/en-us/graph/api/site-getallsites
	graph.HandleFunc("GET /v1.0/sites/{fn}", func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Query().Get("$skiptoken") == "" {
			// The next link carries the query in its token.
			if !strings.Contains(r.URL.Query().Get("$select"), "isPersonalSite") {
				t.Errorf("sites listed without isPersonalSite: %s", r.URL)
			}
			if f.options().changed {
				serve(w, 200, "sites-1-changed.json")
				return
			}
			serve(w, 200, "sites-1.json")
			return
		}
		serve(w, 200, "sites-2.json")
	})
	// https://learn.microsoft.com/en-us/graph/api/drive-list; one site is
	// locked (423), one denies the app (403).
	graph.HandleFunc("GET /v1.0/sites/{id}/drives", func(w http.ResponseWriter, r *http.Request) {
		switch id := r.PathValue("id"); {
		case strings.Contains(id, "000000000001"):
			serve(w, 200, "drives.json")
		case strings.Contains(id, "000000000003"):
			serve(w, 200, "drives-ops.json")
		case strings.Contains(id, "000000000005"):
			serve(w, 423, "site-locked.json")
		case strings.Contains(id, "000000000007"):
			serve(w, 403, "site-denied.json")
		default:
			t.Errorf("drives of %s asked (a personal OneDrive?)", id)
			http.NotFound(w, r)
		}
	})
	graph.HandleFunc("GET /v1.0/organization", fixture("organization.json"))
	// https://learn.microsoft.com/en-us/graph/api/driveitem-delta
	graph.HandleFunc("GET /v1.0/drives/{drive}/root/delta", func(w http.ResponseWriter, r *http.Request) {
		opts := f.options()
		hierarchical := r.Header.Get("Prefer") == "hierarchicalsharing"
		token := r.URL.Query().Get("token")
		switch {
		case r.PathValue("drive") == "b!ops-documents" && hierarchical:
			serve(w, 200, "delta-ops-hierarchical.json")
		case r.PathValue("drive") == "b!ops-documents":
			serve(w, 200, "delta-ops.json")
		case token == "MzslMjM0OyUyMzE7Mzs4" && opts.deltaGone:
			w.Header().Set("Location", f.srv.URL+"/v1.0/drives/b!hr-documents/root/delta")
			serve(w, 410, "delta-gone.json")
		case token == "MzslMjM0OyUyMzE7Mzs4":
			serve(w, 200, "delta-hr-changes.json")
		case token == "":
			serve(w, 200, "delta-hr-1.json")
		default:
			serve(w, 200, "delta-hr-2.json")
		}
	})
	// https://learn.microsoft.com/en-us/graph/api/driveitem-get
	graph.HandleFunc("GET /v1.0/drives/{drive}/items/{item}", func(w http.ResponseWriter, r *http.Request) {
		serve(w, 200, "item-"+r.PathValue("item")+".json")
	})
	// https://learn.microsoft.com/en-us/graph/api/driveitem-list-permissions
	graph.HandleFunc("GET /v1.0/drives/{drive}/items/{item}/permissions", func(w http.ResponseWriter, r *http.Request) {
		item := r.PathValue("item")
		if strings.HasPrefix(item, "02T") && item != "02TENDERS" && item != "02T4" {
			item = "02TFILE"
		}
		serve(w, 200, "permissions-"+item+".json")
	})
	// https://learn.microsoft.com/en-us/graph/teams-list-all-teams
	graph.HandleFunc("GET /v1.0/groups", func(w http.ResponseWriter, r *http.Request) {
		if !strings.Contains(r.URL.Query().Get("$filter"), "resourceProvisioningOptions/Any(x:x eq 'Team')") {
			t.Errorf("groups asked without the Teams filter: %s", r.URL)
		}
		serve(w, 200, "groups.json")
	})
	// https://learn.microsoft.com/en-us/graph/api/group-delta
	graph.HandleFunc("GET /v1.0/groups/delta", func(w http.ResponseWriter, r *http.Request) {
		if f.options().groupsDeltaFails {
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(400)
			fmt.Fprint(w, `{"error":{"code":"Request_BadRequest","message":"Invalid request."}}`)
			return
		}
		if r.URL.Query().Get("$deltatoken") != "" && f.options().changed {
			serve(w, 200, "groups-delta-changes.json")
			return
		}
		serve(w, 200, "groups-delta.json")
	})
	// https://learn.microsoft.com/en-us/graph/api/group-list-members
	// (Example 4: the microsoft.graph.user cast).
	graph.HandleFunc("GET /v1.0/groups/{id}/{rel}/microsoft.graph.user", func(w http.ResponseWriter, r *http.Request) {
		if !strings.Contains(r.URL.Query().Get("$select"), "accountEnabled") {
			t.Errorf("%s asked without accountEnabled", r.URL)
		}
		name := r.PathValue("rel") + "-" + r.PathValue("id") + ".json"
		if m, ok := f.options().members[r.PathValue("id")]; ok && r.PathValue("rel") == "members" {
			name = m
		}
		status := 200
		if name == "members-forbidden.json" {
			status = 403
		}
		serve(w, status, name)
	})
	graph.HandleFunc("GET /v1.0/groups/{id}/{rel}", func(w http.ResponseWriter, r *http.Request) {
		t.Errorf("%s asked without the microsoft.graph.user cast: groups, devices and contacts would count as people", r.URL)
		http.NotFound(w, r)
	})
	// https://learn.microsoft.com/en-us/graph/api/team-get
	graph.HandleFunc("GET /v1.0/teams/{id}", func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Query().Get("$select") != "isArchived" {
			t.Errorf("team asked without $select=isArchived: %s", r.URL)
		}
		status := 200
		if r.PathValue("id") == g3 {
			status = 404
		}
		serve(w, status, "team-"+r.PathValue("id")+".json")
	})
	// https://learn.microsoft.com/en-us/graph/api/channel-list
	graph.HandleFunc("GET /v1.0/teams/{id}/channels", func(w http.ResponseWriter, r *http.Request) {
		opts := f.options()
		switch skip := r.URL.Query().Get("$skiptoken"); {
		case opts.channels == "" || r.PathValue("id") != g1:
			serve(w, 200, "channels.json")
		case skip == "":
			serve(w, 200, opts.channels)
		case skip == "Mg":
			serve(w, 200, "channels-empty-next.json")
		default:
			t.Errorf("followed a next link past an empty page: %s", r.URL)
			serve(w, 200, "channels.json")
		}
	})
	// https://learn.microsoft.com/en-us/graph/api/adminreportsettings-get
	graph.HandleFunc("GET /v1.0/admin/reportSettings", func(w http.ResponseWriter, r *http.Request) {
		if f.options().concealed {
			serve(w, 200, "report-settings-concealed.json")
			return
		}
		serve(w, 200, "report-settings-shown.json")
	})
	// Usage reports redirect to a download on another host, which must
	// not receive the token.
	// https://learn.microsoft.com/en-us/graph/api/reportroot-getteamsteamactivitydetail
	download := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("Authorization") != "" {
			t.Errorf("the report download host received credentials")
		}
		data, _ := os.ReadFile(filepath.Join("testdata", strings.TrimPrefix(r.URL.Path, "/")))
		w.Header().Set("Content-Type", "application/octet-stream")
		w.Write(data)
	}))
	t.Cleanup(download.Close)
	graph.HandleFunc("GET /v1.0/reports/{report}", func(w http.ResponseWriter, r *http.Request) {
		file := "/teams-activity"
		if strings.Contains(r.PathValue("report"), "SharePointSiteUsageDetail") {
			file = "/sites-usage"
		}
		if f.options().concealed {
			file += "-concealed"
		}
		http.Redirect(w, r, download.URL+file+".csv", http.StatusFound)
	})
	graph.HandleFunc("GET /v1.0/admin/sharepoint/settings", fixture("settings.json"))
	// https://learn.microsoft.com/en-us/graph/json-batching: each request
	// runs against the routes above; a 429 inside carries Retry-After.
	var throttle atomic.Int32
	throttle.Store(int32(initial.throttleBatch))
	graph.HandleFunc("POST /v1.0/$batch", func(w http.ResponseWriter, r *http.Request) {
		f.batches.Add(1)
		var in struct {
			Requests []struct {
				ID, Method, URL string
				Headers         map[string]string
			} `json:"requests"`
		}
		if err := json.NewDecoder(r.Body).Decode(&in); err != nil || len(in.Requests) == 0 || len(in.Requests) > 20 {
			w.WriteHeader(400)
			fmt.Fprint(w, `{"error":{"code":"BadRequest","message":"Invalid batch payload."}}`)
			t.Errorf("bad batch: %v, %d requests", err, len(in.Requests))
			return
		}
		type resp struct {
			ID      string            `json:"id"`
			Status  int               `json:"status"`
			Headers map[string]string `json:"headers"`
			Body    json.RawMessage   `json:"body"`
		}
		var out struct {
			Responses []resp `json:"responses"`
		}
		for i := len(in.Requests) - 1; i >= 0; i-- { // answers come in any order
			q := in.Requests[i]
			if !strings.HasPrefix(q.URL, "/") || strings.HasPrefix(q.URL, "/v1.0") {
				t.Errorf("batched URL %q is not relative to the version", q.URL)
			}
			if throttle.Add(-1) >= 0 {
				f.throttled.Add(1)
				out.Responses = append(out.Responses, resp{ID: q.ID, Status: 429, Headers: map[string]string{"Retry-After": "1", "Content-Type": "application/json"},
					Body: json.RawMessage(`{"error":{"code":"TooManyRequests","message":"Too many requests."}}`)})
				continue
			}
			sub := httptest.NewRequest(q.Method, "/v1.0"+q.URL, nil)
			sub.Header.Set("Authorization", r.Header.Get("Authorization"))
			for k, v := range q.Headers {
				sub.Header.Set(k, v)
			}
			rec := httptest.NewRecorder()
			f.record(sub)
			graph.ServeHTTP(rec, sub)
			body := bytes.TrimSpace(rec.Body.Bytes())
			if !json.Valid(body) || len(body) == 0 {
				body, _ = json.Marshal(string(body))
			}
			out.Responses = append(out.Responses, resp{ID: q.ID, Status: rec.Code, Headers: map[string]string{"Content-Type": rec.Header().Get("Content-Type")}, Body: body})
		}
		w.Header().Set("Content-Type", "application/json")
		json.NewEncoder(w).Encode(out)
	})
	mux.HandleFunc("/v1.0/", func(w http.ResponseWriter, r *http.Request) {
		// The first token expires after five calls.
		c := f.calls.Add(1)
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
		if r.Method != http.MethodPost {
			f.record(r)
		}
		graph.ServeHTTP(w, r)
	})
	f.srv = httptest.NewServer(mux)
	t.Cleanup(f.srv.Close)
	return f
}

func (f *fakeTenant) record(r *http.Request) {
	f.mu.Lock()
	f.requests = append(f.requests, r.URL.Path+"?"+r.URL.RawQuery)
	f.mu.Unlock()
}

// pullFrom pulls the fake tenant, returning the snapshot and state and
// the log.
func pullFrom(t *testing.T, f *fakeTenant, prev *State, prevSnap *pulldata.M365) (*pulldata.M365, *State, []string, error) {
	t.Helper()
	cfg := Config{Name: "m365", Tenant: "lakeside.onmicrosoft.com", ClientID: "app-id", ClientSecret: secret, GraphURL: f.srv.URL, LoginURL: f.srv.URL}
	var mu sync.Mutex
	var logs []string
	c, err := NewClient(cfg, func(format string, a ...any) {
		mu.Lock()
		logs = append(logs, fmt.Sprintf(format, a...))
		mu.Unlock()
	})
	if err != nil {
		t.Fatal(err)
	}
	c.Sleep = func(_ context.Context, d time.Duration) error {
		f.mu.Lock()
		f.sleeps = append(f.sleeps, d)
		f.mu.Unlock()
		return nil
	}
	snap, state, err := Pull(context.Background(), c, cfg, prev, prevSnap)
	for _, l := range logs {
		if strings.Contains(l, secret) || strings.Contains(l, "tok-") {
			t.Errorf("a secret reached the log: %s", l)
		}
	}
	if snap != nil {
		data, _ := json.Marshal(snap)
		sentinel.CheckText(t, "the snapshot", string(data))
	}
	return snap, state, logs, err
}

// sharedList renders a site's shared items for comparison; a password
// nobody reported is "?".
func sharedList(s pulldata.Site) []string {
	var out []string
	for _, it := range s.SharedItems {
		var links []string
		for _, l := range it.Links {
			pw := "?"
			if l.Password != nil {
				pw = fmt.Sprint(*l.Password)
			}
			links = append(links, fmt.Sprintf("%s/%s/%s/%s", l.Scope, l.Type, l.Expires, pw))
		}
		out = append(out, it.Drive+":"+it.Path+" links["+strings.Join(links, " ")+"] external["+strings.Join(it.External, " ")+"]")
	}
	return out
}

func siteByName(snap *pulldata.M365, name string) pulldata.Site {
	for _, s := range snap.Sites {
		if s.Name == name {
			return s
		}
	}
	return pulldata.Site{}
}

func teamByName(snap *pulldata.M365, name string) pulldata.Team {
	for _, t := range snap.Teams {
		if t.Name == name {
			return t
		}
	}
	return pulldata.Team{}
}

func TestPull(t *testing.T) {
	f := tenant(t, tenantOptions{})
	snap, state, _, err := pullFrom(t, f, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	if f.tokens.Load() < 2 {
		t.Errorf("fetched %d tokens, want another after the 401", f.tokens.Load())
	}
	var urls []string
	for _, s := range snap.Sites {
		urls = append(urls, s.URL)
	}
	if want := []string{"https://lakeside.sharepoint.com/sites/fin-board", "https://lakeside.sharepoint.com/sites/hr-hub", "https://lakeside.sharepoint.com/sites/leg-archive", "https://lakeside.sharepoint.com/sites/ops-planning"}; !slices.Equal(urls, want) {
		t.Errorf("sites = %v, want %v", urls, want)
	}
	hr := siteByName(snap, "HR - Hub")
	if len(hr.Drives) != 1 || hr.Drives[0].Type != "documentLibrary" || hr.ExternalSharing != "anyone" || hr.LastActivity != "2026-11-20" {
		t.Errorf("hr = %+v", hr)
	}
	ops := teamByName(snap, "OPS - Planning Rotterdam")
	if ops.Visibility != "Private" || ops.Guests != 1 || len(ops.Owners) != 1 || len(ops.Channels) != 2 || ops.Channels[0].Name != "Dagplanning" || ops.LastActivity != "2026-11-22" || ops.Archived {
		t.Errorf("ops team = %+v", ops)
	}
	if prj := teamByName(snap, "PRJ - Cold Store 2026"); len(prj.Owners) != 1 || !prj.Owners[0].Disabled || len(prj.Members) != 0 || !prj.Archived {
		t.Errorf("project team = %+v", prj)
	}
	if snap.Sharing == nil || snap.Sharing.Capability != "externalUserAndGuestSharing" {
		t.Errorf("sharing = %+v", snap.Sharing)
	}
	if state.GroupsDelta == "" || !strings.Contains(state.Sites[hr.ID].Drives["b!hr-documents"], "token=MzslMjM0OyUyMzE7Mzs4") {
		t.Errorf("state = %+v", state)
	}
}

// TestSharedItemPaths (point 4): delta never returns parentReference.path;
// paths come from the folders of the same delta by parentReference.id,
// even when a file comes before its folder and its webUrl is a Doc.aspx
// link; and the links' expiry and password are what Graph says (point 10).
func TestSharedItemPaths(t *testing.T) {
	f := tenant(t, tenantOptions{})
	snap, _, _, err := pullFrom(t, f, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{
		"Documents:/Contracts/2026/Carrier contract.docx links[anonymous/view/2027-01-31T00:00:00Z/?] external[]",
		"Documents:/Payroll 2026 links[users/view//?] external[auditor@kpmg.example payroll@partner.example]",
		"Documents:/Staff handbook.pdf links[organization/view//?] external[]",
	}
	if got := sharedList(siteByName(snap, "HR - Hub")); !slices.Equal(got, want) {
		t.Errorf("shared items:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// TestHierarchicalSharing (point 5): the delta is asked with Prefer:
// hierarchicalsharing, so a folder shared with an anyone link is one
// shared item, not one more for each of its three files; a fourth file
// with a sharing of its own is one more, with its own link only (the
// folder's link, which SharePoint lists on it too without inheritedFrom,
// is counted at the folder).
func TestHierarchicalSharing(t *testing.T) {
	f := tenant(t, tenantOptions{})
	snap, _, _, err := pullFrom(t, f, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	ops := siteByName(snap, "OPS - Planning")
	want := []string{
		"Documents:/Tenders links[anonymous/view//?] external[]",
		"Documents:/Tenders/Tender D (partner).pdf links[users/view/2026-12-31T00:00:00Z/?] external[bids@haulier-partner.example]",
	}
	if got := sharedList(ops); !slices.Equal(got, want) || ops.ExternalSharing != pulldata.SharingAnyone {
		t.Errorf("shared items of ops:\n%s\n(%s), want:\n%s", strings.Join(got, "\n"), ops.ExternalSharing, strings.Join(want, "\n"))
	}
	if n := f.asked("/items/02T"); n != 2 {
		t.Errorf("read the permissions of %d items of the shared folder, want the folder's and the one with its own sharing", n)
	}
}

// TestPersonalSites (point 8): getAllSites lists every OneDrive; none is
// kept, none walked (the route fails the test if its drives are asked).
func TestPersonalSites(t *testing.T) {
	f := tenant(t, tenantOptions{})
	snap, _, _, err := pullFrom(t, f, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range snap.Sites {
		if strings.Contains(s.URL, "-my.sharepoint.com") {
			t.Errorf("personal site kept: %+v", s)
		}
	}
}

// TestUsageReports (point 6): with concealed names (the tenant default
// since 2021) the Teams report's ids are hashes: the pull says so, joins
// sites by Site Id (not concealed) and does not pretend to know teams'
// last activity.
func TestUsageReports(t *testing.T) {
	for _, tc := range []struct {
		name                   string
		concealed              bool
		siteActivity, activity string
		warning                string
	}{
		{"names shown", false, "2026-11-20", "2026-11-22", ""},
		{"names concealed", true, "2026-11-20", "", "conceal user, group and site names"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := tenant(t, tenantOptions{concealed: tc.concealed})
			snap, _, logs, err := pullFrom(t, f, nil, nil)
			if err != nil {
				t.Fatal(err)
			}
			if got := siteByName(snap, "HR - Hub").LastActivity; got != tc.siteActivity {
				t.Errorf("site last activity %q, want %q", got, tc.siteActivity)
			}
			if got := teamByName(snap, "OPS - Planning Rotterdam").LastActivity; got != tc.activity {
				t.Errorf("team last activity %q, want %q", got, tc.activity)
			}
			if snap.UsageNamesConcealed != tc.concealed {
				t.Errorf("usage_names_concealed = %v", snap.UsageNamesConcealed)
			}
			warned := slices.ContainsFunc(logs, func(l string) bool { return strings.Contains(l, "warning") && strings.Contains(l, "last activity") })
			if tc.warning != "" && !slices.ContainsFunc(logs, func(l string) bool { return strings.Contains(l, tc.warning) }) || tc.warning == "" && warned {
				t.Errorf("log:\n%s", strings.Join(logs, "\n"))
			}
		})
	}
}

// TestMembers (point 7): owners and members are read through the
// microsoft.graph.user cast with their user properties; when Graph
// denies them (403) or returns them without properties (no
// User.Read.All), the team records why, naming the permission.
func TestMembers(t *testing.T) {
	for _, tc := range []struct {
		name, fixture, wantErr string
		guests                 int
	}{
		{"with User.Read.All", "", "", 1},
		{"denied", "members-forbidden.json", "403", 0},
		{"without user properties", "members-limited.json", "User.Read.All", 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			opts := tenantOptions{}
			if tc.fixture != "" {
				opts.members = map[string]string{g1: tc.fixture}
			}
			f := tenant(t, opts)
			snap, _, _, err := pullFrom(t, f, nil, nil)
			if err != nil {
				t.Fatal(err)
			}
			ops := teamByName(snap, "OPS - Planning Rotterdam")
			if ops.Guests != tc.guests || !strings.Contains(ops.Error, tc.wantErr) || (tc.wantErr == "") != (ops.Error == "") {
				t.Errorf("team = %+v", ops)
			}
			if tc.wantErr != "" && !strings.Contains(ops.Error, "User.Read.All") {
				t.Errorf("the error does not name the permission: %s", ops.Error)
			}
		})
	}
}

// TestItemFailures (point 14): a locked site (423), a site that denies
// the app (403) and a team whose team is gone (404) are recorded on
// themselves; every other site and team is pulled.
func TestItemFailures(t *testing.T) {
	f := tenant(t, tenantOptions{})
	snap, state, _, err := pullFrom(t, f, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	sites, teams, first := snap.Failures()
	if sites != 2 || teams != 1 || first == "" {
		t.Errorf("failures: %d sites, %d teams (%s)", sites, teams, first)
	}
	for name, want := range map[string]string{"LEG - Archive": "423", "FIN - Board": "403"} {
		s := siteByName(snap, name)
		if !strings.Contains(s.Error, want) || s.ExternalSharing != "" || len(s.SharedItems) != 0 {
			t.Errorf("site %s = %+v", name, s)
		}
		if _, ok := state.Sites[s.ID]; ok {
			t.Errorf("failed site %s kept in the state: it would not be read again", name)
		}
	}
	if s := teamByName(snap, "SALES - Benelux"); !strings.Contains(s.Error, "404") {
		t.Errorf("team = %+v", s)
	}
	if hr := siteByName(snap, "HR - Hub"); hr.Error != "" || len(hr.SharedItems) != 3 {
		t.Errorf("hr = %+v", hr)
	}
}

// TestPaging (point 15): a list that keeps sending @odata.nextLink past
// an empty page stops there (the route fails the test otherwise).
func TestPaging(t *testing.T) {
	f := tenant(t, tenantOptions{channels: "channels-next.json"})
	snap, _, _, err := pullFrom(t, f, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	if ops := teamByName(snap, "OPS - Planning Rotterdam"); len(ops.Channels) != 2 {
		t.Errorf("channels = %+v", ops.Channels)
	}
}

func TestPullWithAWrongSecret(t *testing.T) {
	f := tenant(t, tenantOptions{})
	cfg := Config{Name: "m365", Tenant: "lakeside.onmicrosoft.com", ClientID: "app-id", ClientSecret: "wrong", GraphURL: f.srv.URL, LoginURL: f.srv.URL}
	c, _ := NewClient(cfg, nil)
	_, _, err := Pull(context.Background(), c, cfg, nil, nil)
	if err == nil || !strings.Contains(err.Error(), "token request for tenant lakeside.onmicrosoft.com refused: invalid_client: AADSTS7000215") || strings.Contains(err.Error(), "Trace ID") {
		t.Fatalf("err = %v", err)
	}
}

// TestBatching: the drives of the sites, the permissions of the shared
// items and the four requests of each team go in JSON batches; requests
// the service throttled inside a batch (429 with their own Retry-After)
// are sent again after that wait, and the pull comes out the same.
func TestBatching(t *testing.T) {
	plain := tenant(t, tenantOptions{})
	want, _, _, err := pullFrom(t, plain, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	// 4 sites' drives + 3+1 items' permissions + 3 teams × 4 in batches:
	// drives 1 batch, permissions 2 (two drives with several), teams 1.
	if n := plain.batches.Load(); n < 3 || n > 6 {
		t.Errorf("%d batches", n)
	}
	if n := plain.asked("/drives?"); n != 4 {
		t.Errorf("drives asked %d times, want 4 (the personal site left out)", n)
	}
	throttled := tenant(t, tenantOptions{throttleBatch: 5})
	got, _, logs, err := pullFrom(t, throttled, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	// Every request of the source waits out the pause, not only the
	// throttled ones: several waits of up to the second asked.
	waits := 0
	for _, d := range throttled.sleeps {
		if d > 500*time.Millisecond && d <= time.Second {
			waits++
		}
	}
	if throttled.throttled.Load() != 5 || waits < 2 {
		t.Errorf("throttled %d, slept %v\n%s", throttled.throttled.Load(), throttled.sleeps, strings.Join(logs, "\n"))
	}
	a, _ := json.Marshal(want)
	b, _ := json.Marshal(got)
	a, b = bytes.ReplaceAll(a, []byte(plain.srv.URL), nil), bytes.ReplaceAll(b, []byte(throttled.srv.URL), nil)
	if !bytes.Equal(a, b) {
		t.Errorf("a throttled batch changed the pull:\n%s\n%s", a, b)
	}
}

// TestIncremental: the second pull starts from the first one's state:
// the unchanged site is kept without a request, the changed site's drive
// is asked for its changes only (an item's sharing removed, a new shared
// file whose folder is not in the changes: its path comes from the
// folder's own parentReference.path), only the changed team is read
// again, and the failed site and team are read again.
func TestIncremental(t *testing.T) {
	f := tenant(t, tenantOptions{})
	first, state, _, err := pullFrom(t, f, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	firstRequests := len(f.requests)
	f.change(tenantOptions{changed: true})
	snap, state2, _, err := pullFrom(t, f, state, first)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{
		"Documents:/Contracts/2026/Offer.docx links[anonymous/view/2027-03-31T00:00:00Z/?] external[]",
		"Documents:/Payroll 2026 links[users/view//?] external[auditor@kpmg.example payroll@partner.example]",
		"Documents:/Staff handbook.pdf links[organization/view//?] external[]",
	}
	if got := sharedList(siteByName(snap, "HR - Hub")); !slices.Equal(got, want) {
		t.Errorf("shared items:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if got := sharedList(siteByName(snap, "OPS - Planning")); len(got) != 2 {
		t.Errorf("the unchanged site lost its shared items: %v", got)
	}
	for _, q := range []string{"000000000003", "b!ops-documents", "/groups/" + g2, "/teams/" + g2, "root/delta?$select"} {
		if n := f.asked(q); n != 0 {
			t.Errorf("asked %q %d times in the incremental pull", q, n)
		}
	}
	for _, q := range []string{"000000000005", "000000000007", "/teams/" + g3, "/groups/" + g1 + "/members", "token=MzslMjM0OyUyMzE7Mzs4", "/items/01Y2026?"} {
		if n := f.asked(q); n == 0 {
			t.Errorf("did not ask %q in the incremental pull", q)
		}
	}
	if !teamByName(snap, "PRJ - Cold Store 2026").Archived || len(teamByName(snap, "PRJ - Cold Store 2026").Owners) != 1 {
		t.Errorf("the unchanged team was not kept: %+v", teamByName(snap, "PRJ - Cold Store 2026"))
	}
	hr := siteByName(snap, "HR - Hub")
	if !strings.Contains(state2.Sites[hr.ID].Drives["b!hr-documents"], "Mzs5") || !strings.HasSuffix(state2.GroupsDelta, "LOD9") {
		t.Errorf("state = %+v", state2)
	}
	// Fixed costs (lists, reports, settings, the failed site and team
	// read again) dominate a tenant this small; at scale the incremental
	// pull asks a small fraction.
	if len(f.requests) >= firstRequests {
		t.Errorf("the incremental pull asked %d requests, the first %d", len(f.requests), firstRequests)
	}
}

// TestIncrementalTokenExpired: a delta link the service no longer takes
// (410 Gone, resyncRequired) makes the pull walk that drive again.
func TestIncrementalTokenExpired(t *testing.T) {
	f := tenant(t, tenantOptions{})
	first, state, _, err := pullFrom(t, f, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	f.change(tenantOptions{changed: true, deltaGone: true})
	snap, _, logs, err := pullFrom(t, f, state, first)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := sharedList(siteByName(snap, "HR - Hub")), sharedList(siteByName(first, "HR - Hub")); !slices.Equal(got, want) {
		t.Errorf("after the walk again:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if !slices.ContainsFunc(logs, func(l string) bool { return strings.Contains(l, "delta link expired") }) {
		t.Errorf("log:\n%s", strings.Join(logs, "\n"))
	}
}

// TestGroupsDeltaFails: when /groups/delta cannot be used, every team is
// read (as on a first pull) rather than the pull failing.
func TestGroupsDeltaFails(t *testing.T) {
	f := tenant(t, tenantOptions{})
	first, state, _, err := pullFrom(t, f, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	f.change(tenantOptions{changed: true, groupsDeltaFails: true})
	snap, state2, logs, err := pullFrom(t, f, state, first)
	if err != nil {
		t.Fatal(err)
	}
	if f.asked("/teams/"+g2) == 0 || state2.GroupsDelta != "" || len(teamByName(snap, "PRJ - Cold Store 2026").Owners) != 1 {
		t.Errorf("teams not all read again; state %q", state2.GroupsDelta)
	}
	if !slices.ContainsFunc(logs, func(l string) bool { return strings.Contains(l, "/groups/delta failed") }) {
		t.Errorf("log:\n%s", strings.Join(logs, "\n"))
	}
}
