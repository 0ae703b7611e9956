package main

import (
	"fmt"
	"net/http"
	"sort"
	"strings"

	"github.com/handbook-dev/handbook/generator/inventory"
)

// tenant is the fake Microsoft 365 tenant.
type tenant struct {
	sites []map[string]any
	teams []fakeTeam
}

type fakeTeam struct {
	id, name, visibility string
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
	t := &tenant{}
	for i, it := range inv.Items {
		switch it.Kind {
		case "sharepoint-site":
			t.sites = append(t.sites, map[string]any{"id": fmt.Sprintf("lakesidelogistics.sharepoint.com,%08d-0000-0000-0000-000000000000,1", i), "name": it.ID,
				"displayName": it.Name, "webUrl": it.URL, "createdDateTime": "2022-01-10T09:00:00Z", "lastModifiedDateTime": "2026-11-18T12:00:00Z"})
		case "team":
			if it.Status == "retired" {
				continue
			}
			ft := fakeTeam{id: fmt.Sprintf("%08x-7e57-4a1d-9c0e-000000000000", i), name: it.Name, visibility: "Private"}
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
	t.teams = append(t.teams, fakeTeam{id: "0f0f0f0f-dead-beef-0000-000000000001", name: "Kerstborrel 2026", visibility: "Public",
		owners: []map[string]any{person("s.bakker@lakeside-logistics.example", false, false)}})
	sort.Slice(t.teams, func(i, j int) bool { return t.teams[i].name < t.teams[j].name })
	return t
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
		write(w, map[string]any{"value": []map[string]any{{"name": "Documents", "driveType": "documentLibrary", "webUrl": web + "/Shared%20Documents"}}})
	case p == "groups":
		var v []map[string]any
		for _, tm := range t.teams {
			v = append(v, map[string]any{"id": tm.id, "displayName": tm.name, "visibility": tm.visibility, "createdDateTime": "2023-05-01T08:00:00Z"})
		}
		write(w, map[string]any{"value": v})
	case len(parts) == 3 && parts[0] == "groups" && find(parts[1]) != nil:
		tm := find(parts[1])
		v := tm.members
		if parts[2] == "owners" {
			v = tm.owners
		}
		write(w, map[string]any{"value": v})
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
		w.Header().Set("Content-Type", "application/octet-stream")
		fmt.Fprint(w, "Report Refresh Date,Team Id,Team Name,Team Type,Is Deleted,Last Activity Date\n")
		for i, tm := range t.teams {
			fmt.Fprintf(w, "2026-11-23,%s,%s,%s,False,2026-11-%02d\n", tm.id, tm.name, tm.visibility, 1+i%23)
		}
	case p == "admin/sharepoint/settings":
		write(w, map[string]any{"sharingCapability": "externalUserAndGuestSharing"})
	default:
		http.NotFound(w, r)
	}
}
