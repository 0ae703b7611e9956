package main

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"sort"
	"strings"

	"github.com/handbook-dev/handbook/generator/inventory"
)

// tenant is the fake Microsoft 365 tenant.
type tenant struct {
	sites []map[string]any
	teams []fakeTeam
	// items are the files of each site's document library (by drive id),
	// permissions the sharing of those that are shared (by item id).
	items       map[string][]map[string]any
	permissions map[string][]map[string]any
}

type fakeTeam struct {
	id, name, visibility string
	archived             bool
	owners, members      []map[string]any
	channels             []map[string]any
}

func person(upn string, guest, disabled bool) map[string]any {
	userType := "Member"
	if guest {
		userType = "Guest"
	}
	return map[string]any{"displayName": strings.Split(upn, "@")[0], "userPrincipalName": upn, "userType": userType, "accountEnabled": !disabled}
}

func newTenant(inv *inventory.Inventory) *tenant {
	t := &tenant{items: map[string][]map[string]any{}, permissions: map[string][]map[string]any{}}
	for i, it := range inv.Items {
		switch it.Kind {
		case "sharepoint-site":
			id := fmt.Sprintf("lakesidelogistics.sharepoint.com,%08d-0000-0000-0000-000000000000,1", i)
			t.sites = append(t.sites, map[string]any{"id": id, "name": it.ID,
				"displayName": it.Name, "webUrl": it.URL, "createdDateTime": "2022-01-10T09:00:00Z", "lastModifiedDateTime": "2026-11-18T12:00:00Z", "isPersonalSite": false})
			t.library(driveID(id), it.ID, it.URL)
		case "team":
			if it.Status == "retired" {
				continue
			}
			// The finished 2024 project's team was archived on the
			// platform but is still declared active.
			ft := fakeTeam{id: fmt.Sprintf("%08x-7e57-4a1d-9c0e-000000000000", i), name: it.Name, visibility: "Private",
				archived: it.Status == "archived" || it.ID == "team-prj-wms-2024"}
			for j, o := range it.Owners {
				// The second owner of the first team left: disabled.
				ft.owners = append(ft.owners, person(o, false, j == 1 && len(t.teams) == 0))
			}
			ft.members = append(ft.members, ft.owners...)
			if it.ExternalSharing == "disabled" && len(t.teams) == 2 {
				ft.members = append(ft.members, person("consultant_partner.example#EXT#@lakesidelogistics.onmicrosoft.com", true, false))
			}
			for _, ch := range it.Children {
				membership := "standard"
				if v, ok := ch.Extra["membership"].(string); ok {
					membership = v
				}
				ft.channels = append(ft.channels, map[string]any{"displayName": ch.Name, "membershipType": membership})
			}
			t.teams = append(t.teams, ft)
		}
	}
	// getAllSites lists every OneDrive too, marked isPersonalSite; the
	// pull leaves them out.
	t.sites = append(t.sites, map[string]any{"id": "lakesidelogistics-my.sharepoint.com,0f0f0f0f-0000-4000-8000-0000000000d1,0f0f0f0f-0000-4000-8000-0000000000d2",
		"name": "Sanne Bakker", "displayName": "Sanne Bakker", "webUrl": "https://lakesidelogistics-my.sharepoint.com/personal/s_bakker_lakeside-logistics_example",
		"createdDateTime": "2022-01-10T09:00:00Z", "lastModifiedDateTime": "2026-11-20T12:00:00Z", "isPersonalSite": true})
	t.teams = append(t.teams, fakeTeam{id: "0f0f0f0f-dead-beef-0000-000000000001", name: "Kerstborrel 2026", visibility: "Public",
		owners: []map[string]any{person("s.bakker@lakeside-logistics.example", false, false)}})
	sort.Slice(t.teams, func(i, j int) bool { return t.teams[i].name < t.teams[j].name })
	return t
}

// driveID is the id of a site's document library.
func driveID(siteID string) string { return "b!" + strings.Split(siteID, ",")[1] }

// library fills a site's document library: a folder and a file in each,
// with sharing on two sites: the customs broker (outside the tenant) on
// the customs site, which declares existing guests, and an anonymous
// link on the contract register, which declares no external sharing.
// Items name their parent by parentReference.id only: delta never
// returns parentReference.path
// (https://learn.microsoft.com/en-us/graph/api/driveitem-delta, Remarks).
func (t *tenant) library(drive, site, webURL string) {
	folder, file := drive+"-general", drive+"-file"
	item := func(id, name, parent, parentPath string, shared bool) map[string]any {
		m := map[string]any{"id": id, "name": name, "webUrl": webURL + "/Shared%20Documents" + strings.ReplaceAll(parentPath+"/"+name, " ", "%20"),
			"parentReference": map[string]any{"driveId": drive, "driveType": "documentLibrary", "id": parent}}
		if parent == folder {
			m["file"] = map[string]any{"mimeType": "application/octet-stream"}
		} else {
			m["folder"] = map[string]any{"childCount": 1}
		}
		if shared {
			m["shared"] = map[string]any{"scope": "users"}
		}
		return m
	}
	root := map[string]any{"id": drive + "-root", "name": "root", "webUrl": webURL + "/Shared%20Documents", "root": map[string]any{}, "folder": map[string]any{"childCount": 1},
		"parentReference": map[string]any{"driveId": drive, "driveType": "documentLibrary"}}
	top := drive + "-root"
	switch site {
	case "sp-ops-customs-documents":
		t.items[drive] = []map[string]any{root, item(folder, "Declarations 2026", top, "", true), item(file, "Broker contacts.xlsx", folder, "/Declarations 2026", false)}
		t.permissions[folder] = []map[string]any{
			{"id": "p1", "roles": []string{"write"}, "grantedToV2": map[string]any{"siteUser": map[string]any{"displayName": "Customs Broker", "email": "desk@customsbroker.example",
				"loginName": "i:0#.f|membership|desk_customsbroker.example#ext#@lakesidelogistics.onmicrosoft.com"}}},
		}
	case "sp-leg-contract-register":
		t.items[drive] = []map[string]any{root, item(folder, "Signed", top, "", false), item(file, "Carrier framework agreement 2025.pdf", folder, "/Signed", true)}
		// SharePoint returns no inheritedFrom and no hasPassword; no
		// expiry is 0001-01-01T00:00:00Z
		// (https://learn.microsoft.com/en-us/graph/api/resources/permission).
		t.permissions[file] = []map[string]any{
			{"id": "p2", "roles": []string{"read"}, "link": map[string]any{"scope": "anonymous", "type": "view", "webUrl": "https://lakesidelogistics.sharepoint.com/:b:/s/x/E1"}, "expirationDateTime": "0001-01-01T00:00:00Z"},
			{"id": "p3", "roles": []string{"owner"}, "grantedToV2": map[string]any{"siteGroup": map[string]any{"displayName": "Owners"}}},
		}
	default:
		t.items[drive] = []map[string]any{root, item(folder, "General", top, "", false), item(file, "Read me.docx", folder, "/General", false)}
	}
}

// delta is a drive's items as its delta query reports them. Without
// Prefer: hierarchicalsharing every item below a shared folder carries
// the shared facet too; with it, only the item the sharing was set on
// (https://learn.microsoft.com/en-us/graph/api/driveitem-delta,
// Scanning permissions hierarchies).
func (t *tenant) delta(drive string, hierarchical bool) []map[string]any {
	items := t.items[drive]
	if hierarchical {
		return items
	}
	shared := map[string]bool{}
	out := make([]map[string]any, 0, len(items))
	for _, it := range items {
		parent, _ := it["parentReference"].(map[string]any)["id"].(string)
		if _, ok := it["shared"]; ok || shared[parent] {
			shared[it["id"].(string)] = true
			if _, ok := it["shared"]; !ok {
				c := map[string]any{}
				for k, v := range it {
					c[k] = v
				}
				c["shared"] = map[string]any{"scope": "users"}
				it = c
			}
		}
		out = append(out, it)
	}
	return out
}

// batch answers a JSON batch (https://learn.microsoft.com/en-us/graph/json-batching)
// by running each of its requests against the routes of graph.
func (t *tenant) batch(w http.ResponseWriter, r *http.Request) {
	var in struct {
		Requests []struct {
			ID, Method, URL string
			Headers         map[string]string
		} `json:"requests"`
	}
	if err := json.NewDecoder(r.Body).Decode(&in); err != nil || len(in.Requests) == 0 || len(in.Requests) > 20 {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusBadRequest)
		fmt.Fprint(w, `{"error":{"code":"BadRequest","message":"Invalid batch payload."}}`)
		return
	}
	type response struct {
		ID      string            `json:"id"`
		Status  int               `json:"status"`
		Headers map[string]string `json:"headers"`
		Body    json.RawMessage   `json:"body"`
	}
	var out struct {
		Responses []response `json:"responses"`
	}
	for _, q := range in.Requests {
		sub := httptest.NewRequest(q.Method, "/v1.0"+q.URL, nil)
		sub.Header.Set("Authorization", r.Header.Get("Authorization"))
		for k, v := range q.Headers {
			sub.Header.Set(k, v)
		}
		rec := httptest.NewRecorder()
		t.graph(rec, sub)
		body := rec.Body.Bytes()
		if !json.Valid(body) {
			body, _ = json.Marshal(string(body))
		}
		out.Responses = append(out.Responses, response{ID: q.ID, Status: rec.Code, Headers: map[string]string{"Content-Type": rec.Header().Get("Content-Type")}, Body: body})
	}
	write(w, out)
}

func (t *tenant) token(w http.ResponseWriter, r *http.Request) {
	r.ParseForm()
	if r.Form.Get("client_id") != "demo-app" || r.Form.Get("client_secret") != "demo-secret" || r.Form.Get("grant_type") != "client_credentials" {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusUnauthorized)
		fmt.Fprint(w, `{"error":"invalid_client","error_description":"AADSTS7000215: Invalid client secret provided."}`)
		return
	}
	write(w, map[string]any{"token_type": "Bearer", "expires_in": 3599, "access_token": "demo-access-token"})
}

func (t *tenant) graph(w http.ResponseWriter, r *http.Request) {
	if r.Header.Get("Authorization") != "Bearer demo-access-token" {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusUnauthorized)
		fmt.Fprint(w, `{"error":{"code":"InvalidAuthenticationToken","message":"Access token is empty."}}`)
		return
	}
	p := strings.TrimPrefix(r.URL.Path, "/v1.0/")
	parts := strings.Split(p, "/")
	find := func(id string) *fakeTeam {
		for i := range t.teams {
			if t.teams[i].id == id {
				return &t.teams[i]
			}
		}
		return nil
	}
	switch {
	case p == "sites/getAllSites":
		write(w, map[string]any{"value": t.sites})
	case len(parts) == 3 && parts[0] == "sites" && parts[2] == "drives":
		web := ""
		for _, s := range t.sites {
			if s["id"] == parts[1] {
				web, _ = s["webUrl"].(string)
			}
		}
		write(w, map[string]any{"value": []map[string]any{{"id": driveID(parts[1]), "name": "Documents", "driveType": "documentLibrary", "webUrl": web + "/Shared%20Documents"}}})
	case p == "organization":
		write(w, map[string]any{"value": []map[string]any{{"verifiedDomains": []map[string]any{
			{"name": "lakeside-logistics.example", "isDefault": true}, {"name": "lakesidelogistics.onmicrosoft.com", "isInitial": true}}}}})
	case len(parts) == 4 && parts[0] == "drives" && parts[2] == "root" && parts[3] == "delta":
		items := t.delta(parts[1], r.Header.Get("Prefer") == "hierarchicalsharing")
		if r.URL.Query().Get("token") != "" {
			items = []map[string]any{} // nothing changed since
		}
		write(w, map[string]any{"value": items, "@odata.deltaLink": "http://" + r.Host + "/v1.0/" + p + "?token=MzslMjM0OyUyMzE7Mzs4"})
	case len(parts) == 5 && parts[0] == "drives" && parts[2] == "items" && parts[4] == "permissions":
		write(w, map[string]any{"value": t.permissions[parts[3]]})
	case p == "groups":
		var v []map[string]any
		for _, tm := range t.teams {
			v = append(v, map[string]any{"id": tm.id, "displayName": tm.name, "visibility": tm.visibility, "createdDateTime": "2023-05-01T08:00:00Z"})
		}
		write(w, map[string]any{"value": v})
	case p == "groups/delta":
		// https://learn.microsoft.com/en-us/graph/api/group-delta: every
		// group at first, none changed since when asked with the token.
		var v []map[string]any
		if r.URL.Query().Get("$deltatoken") == "" {
			for _, tm := range t.teams {
				v = append(v, map[string]any{"id": tm.id, "displayName": tm.name, "visibility": tm.visibility})
			}
		}
		write(w, map[string]any{"value": v, "@odata.deltaLink": "http://" + r.Host + "/v1.0/groups/delta?$deltatoken=sZwAFZibx-LQOdZIo1hHhmmDhHzCY0Hs6snoIHJCSIfCHdqKdWNZ2VX3w_fbRIufHAFeTFQE7HEIiqb0yrrZ0OLUWcQ3u_GxcCr6hd3uWW0rDCjBsNxgmWIp9a5y-1H-zl_mLS0c-PhoXwqQvOzV2sbcR-E4BdtD56HbnWfLOD8"})
	case len(parts) == 4 && parts[0] == "groups" && parts[3] == "microsoft.graph.user" && find(parts[1]) != nil:
		// Owners and members through the user cast
		// (https://learn.microsoft.com/en-us/graph/api/group-list-members).
		tm := find(parts[1])
		v := tm.members
		if parts[2] == "owners" {
			v = tm.owners
		}
		write(w, map[string]any{"value": v})
	case len(parts) == 2 && parts[0] == "teams" && find(parts[1]) != nil:
		write(w, map[string]any{"id": parts[1], "isArchived": find(parts[1]).archived})
	case len(parts) == 3 && parts[0] == "teams" && parts[2] == "channels" && find(parts[1]) != nil:
		write(w, map[string]any{"value": append([]map[string]any{{"displayName": "General", "membershipType": "standard"}}, find(parts[1]).channels...)})
	case strings.HasPrefix(p, "reports/getSharePointSiteUsageDetail"):
		w.Header().Set("Content-Type", "application/octet-stream")
		fmt.Fprint(w, "Report Refresh Date,Site Id,Site URL,Owner Display Name,Is Deleted,Last Activity Date\n")
		for i, s := range t.sites {
			id := strings.Split(s["id"].(string), ",")[1]
			fmt.Fprintf(w, "2026-11-23,%s,%s,,False,2026-11-%02d\n", id, s["webUrl"], 1+i%23)
		}
	case strings.HasPrefix(p, "reports/getTeamsTeamActivityDetail"):
		// Columns as documented: https://learn.microsoft.com/en-us/graph/api/reportroot-getteamsteamactivitydetail
		w.Header().Set("Content-Type", "application/octet-stream")
		fmt.Fprint(w, "Report Refresh Date,Team Name,Team Id,Team Type,Last Activity Date,Report Period,Active Users,Active Channels,Guests,Reactions,Meetings Organized,Post Messages,Reply Messages,Channel Messages,Urgent Messages,Mentions,Active Shared Channels,Active External Users\n")
		for i, tm := range t.teams {
			fmt.Fprintf(w, "2026-11-23,%s,%s,%s,2026-11-%02d,30,3,1,0,0,0,0,0,0,0,0,0,0\n", tm.name, tm.id, tm.visibility, 1+i%23)
		}
	case p == "admin/reportSettings":
		// The demo tenant shows names in its usage reports
		// (https://learn.microsoft.com/en-us/graph/api/adminreportsettings-get).
		write(w, map[string]any{"displayConcealedNames": false})
	case p == "admin/sharepoint/settings":
		write(w, map[string]any{"sharingCapability": "externalUserAndGuestSharing"})
	default:
		http.NotFound(w, r)
	}
}
