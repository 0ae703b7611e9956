package scale

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// small is a tenant of 100 sites (10 personal), 2,000 items, 20 teams
// and 5 spaces, without throttling.
func small() Config {
	c := Default().Scaled(0.01)
	c.RPS = 0
	return c
}

type fake struct {
	t     *testing.T
	s     *Server
	srv   *httptest.Server
	token string
}

func start(t *testing.T, cfg Config) *fake {
	t.Helper()
	s := New(cfg)
	srv := httptest.NewServer(s.Handler())
	t.Cleanup(srv.Close)
	f := &fake{t: t, s: s, srv: srv}
	resp, err := http.PostForm(srv.URL+"/"+cfg.TenantDomain+"/oauth2/v2.0/token", url.Values{"grant_type": {"client_credentials"},
		"client_id": {cfg.ClientID}, "client_secret": {cfg.ClientSecret}, "scope": {"https://graph.microsoft.com/.default"}})
	if err != nil {
		t.Fatal(err)
	}
	var tok struct {
		AccessToken string `json:"access_token"`
	}
	_ = json.NewDecoder(resp.Body).Decode(&tok)
	resp.Body.Close()
	if tok.AccessToken == "" {
		t.Fatalf("no token: %d", resp.StatusCode)
	}
	f.token = tok.AccessToken
	return f
}

// get sends a Graph (Bearer) or Confluence (Basic) request and decodes
// a JSON answer.
func (f *fake) get(rawURL string, header ...string) (int, http.Header, map[string]any) {
	f.t.Helper()
	if strings.HasPrefix(rawURL, "/") {
		rawURL = f.srv.URL + rawURL
	}
	req, _ := http.NewRequest(http.MethodGet, rawURL, nil)
	if strings.Contains(rawURL, "/wiki/") {
		req.SetBasicAuth(f.s.cfg.Email, f.s.cfg.APIToken)
	} else {
		req.Header.Set("Authorization", "Bearer "+f.token)
	}
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	resp, err := http.DefaultTransport.RoundTrip(req)
	if err != nil {
		f.t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	var m map[string]any
	_ = json.Unmarshal(body, &m)
	return resp.StatusCode, resp.Header, m
}

// walk follows @odata.nextLink from a Graph list and returns every
// value, the pages, and the final page.
func (f *fake) walk(first string, header ...string) ([]map[string]any, int, map[string]any) {
	f.t.Helper()
	var all []map[string]any
	next, pages := first, 0
	for {
		status, _, m := f.get(next, header...)
		if status != 200 {
			f.t.Fatalf("GET %s: %d %v", next, status, m)
		}
		pages++
		for _, v := range m["value"].([]any) {
			all = append(all, v.(map[string]any))
		}
		n, ok := m["@odata.nextLink"].(string)
		if !ok {
			return all, pages, m
		}
		if !strings.HasPrefix(n, "http://") {
			f.t.Fatalf("nextLink %q is not absolute", n)
		}
		next = n
	}
}

func TestGetAllSitesPagesAndListsPersonalSites(t *testing.T) {
	f := start(t, small())
	sites, pages, _ := f.walk("/v1.0/sites/getAllSites?$select=id,name,webUrl,isPersonalSite,lastModifiedDateTime&$top=7")
	cfg := f.s.cfg
	if len(sites) != cfg.Sites+cfg.PersonalSites || pages != (len(sites)+6)/7 {
		t.Fatalf("%d sites in %d pages, want %d", len(sites), pages, cfg.Sites+cfg.PersonalSites)
	}
	ids, personal := map[string]bool{}, 0
	for _, s := range sites {
		ids[s["id"].(string)] = true
		if s["isPersonalSite"] == true {
			personal++
			if !strings.Contains(s["webUrl"].(string), "-my.sharepoint.com/personal/") {
				t.Errorf("personal site %v", s["webUrl"])
			}
		}
		if _, err := time.Parse(time.RFC3339, s["lastModifiedDateTime"].(string)); err != nil {
			t.Errorf("lastModifiedDateTime: %v", err)
		}
		if _, has := s["createdDateTime"]; has {
			t.Errorf("createdDateTime was not selected: %v", s)
		}
	}
	if personal != cfg.PersonalSites || len(ids) != len(sites) {
		t.Errorf("%d personal sites (want %d), %d distinct ids", personal, cfg.PersonalSites, len(ids))
	}
	// A site's own id round-trips to the same site and its drive.
	id := sites[3]["id"].(string)
	if st, _, m := f.get("/v1.0/sites/" + id); st != 200 || m["id"] != id {
		t.Errorf("GET site: %d %v", st, m)
	}
	if st, _, m := f.get("/v1.0/sites/" + id + "/drives"); st != 200 || len(m["value"].([]any)) != 1 {
		t.Errorf("GET drives: %d %v", st, m)
	}
}

// changedSite returns a team site that state B changes and one it does
// not.
func changedSite(s *Server) (changed, unchanged int) {
	changed, unchanged = -1, -1
	for k := range s.allSites() {
		pers, _ := s.personal(k)
		if pers || s.siteFault(k) != 0 {
			continue
		}
		if s.siteChanged(k) && changed < 0 && s.itemCount(k) > 12 {
			changed = k
		}
		if !s.siteChanged(k) && unchanged < 0 {
			unchanged = k
		}
	}
	return
}

func TestDriveDeltaPagesThenChangesOnly(t *testing.T) {
	f := start(t, small())
	k, other := changedSite(f.s)
	drive := f.s.driveID(k)
	items, pages, last := f.walk("/v1.0/drives/" + drive + "/root/delta?$top=5")
	if len(items) != f.s.itemCount(k) || pages < 2 {
		t.Fatalf("%d items in %d pages, want %d in several", len(items), pages, f.s.itemCount(k))
	}
	for _, it := range items {
		ref := it["parentReference"].(map[string]any)
		if _, has := ref["path"]; has || ref["driveId"] != drive {
			t.Fatalf("delta item's parentReference %v: want driveId and no path", ref)
		}
		if _, has := it["cTag"]; has {
			t.Fatalf("delta item with cTag: %v", it)
		}
		if it["root"] == nil && ref["id"] == nil {
			t.Fatalf("non-root item without parentReference.id: %v", it)
		}
	}
	link := last["@odata.deltaLink"].(string)
	// No change yet: the delta link gives nothing.
	if again, _, _ := f.walk(link); len(again) != 0 {
		t.Fatalf("delta link in the same state gave %d items", len(again))
	}
	otherLink := f.walkLink("/v1.0/drives/" + f.s.driveID(other) + "/root/delta")
	f.s.SetState(StateB)
	changes, _, last2 := f.walk(link, "deltaExcludeParent", "true")
	want, deleted := 0, 0
	for j := 1; j < f.s.lastIndex(k); j++ {
		if c := f.s.itemChange(k, j); c != changeNone {
			want++
			if c == changeDelete {
				deleted++
			}
		}
	}
	got := 0
	for _, c := range changes {
		if c["deleted"] != nil {
			got++
			if c["name"] != nil {
				t.Errorf("deleted item with a name: %v", c)
			}
		}
	}
	if len(changes) != want || got != deleted || want == 0 || deleted == 0 && want > 30 {
		t.Fatalf("changes: %d items (%d deleted), want %d (%d deleted)", len(changes), got, want, deleted)
	}
	withParents, _, _ := f.walk(link)
	if len(withParents) < len(changes) {
		t.Errorf("with parents %d < %d", len(withParents), len(changes))
	}
	if again, _, _ := f.walk(last2["@odata.deltaLink"].(string)); len(again) != 0 {
		t.Errorf("delta link issued in B gave %d items in B", len(again))
	}
	if unchanged, _, _ := f.walk(otherLink); len(unchanged) != 0 {
		t.Errorf("an unchanged site's drive gave %d changes", len(unchanged))
	}
	// A site's lastModifiedDateTime moves only where B changed it.
	_, _, a := f.get("/v1.0/sites/" + f.s.siteID(k))
	_, _, b := f.get("/v1.0/sites/" + f.s.siteID(other))
	if a["lastModifiedDateTime"] != iso(StateBTime) || b["lastModifiedDateTime"] == iso(StateBTime) {
		t.Errorf("lastModifiedDateTime: changed %v, unchanged %v", a["lastModifiedDateTime"], b["lastModifiedDateTime"])
	}
}

func (f *fake) walkLink(first string) string {
	_, _, last := f.walk(first)
	return last["@odata.deltaLink"].(string)
}

func TestDeltaTokensThatAreGoneAnswer410(t *testing.T) {
	f := start(t, small())
	k, _ := changedSite(f.s)
	self := "/v1.0/drives/" + f.s.driveID(k) + "/root/delta"
	link := f.walkLink(self)
	sitesLink := f.walkLink("/v1.0/sites/delta")
	f.s.ExpireDeltaTokens()
	for _, tc := range []struct{ name, url string }{
		{"expired drive delta link", link},
		{"unknown token", self + "?token=MzslMjM0OyUyMzE7MzsyM2YwNDVhMS1lNmRm"},
		{"expired sites delta link", sitesLink},
	} {
		t.Run(tc.name, func(t *testing.T) {
			status, h, m := f.get(tc.url)
			e, _ := m["error"].(map[string]any)
			if status != http.StatusGone || e["code"] != "resyncRequired" || h.Get("Location") == "" {
				t.Fatalf("%d %v Location=%q", status, m, h.Get("Location"))
			}
		})
	}
	// The Location starts over.
	_, h, _ := f.get(link)
	if items, _, _ := f.walk(h.Get("Location")); len(items) != f.s.itemCount(k) {
		t.Errorf("fresh enumeration gave %d items", len(items))
	}
	// token=latest gives no items and a link that works.
	status, _, m := f.get(self + "?token=latest")
	if status != 200 || len(m["value"].([]any)) != 0 || m["@odata.deltaLink"] == nil {
		t.Fatalf("latest: %d %v", status, m)
	}
}

func TestHierarchicalSharingMarksOnlyTheRoots(t *testing.T) {
	f := start(t, small())
	s := f.s
	// A site with a folder shared explicitly.
	k, folder := -1, -1
	for kk := 0; kk < s.allSites() && k < 0; kk++ {
		for j := 1; j < s.itemCount(kk)-4; j += 5 {
			if s.sharedExplicitly(StateA, kk, j) {
				k, folder = kk, j
				break
			}
		}
	}
	if k < 0 {
		t.Fatal("no shared folder in the tenant")
	}
	count := func(header ...string) (shared int, childShared bool) {
		items, _, _ := f.walk("/v1.0/drives/"+s.driveID(k)+"/root/delta", header...)
		for _, it := range items {
			sh, ok := it["shared"].(map[string]any)
			if ok && len(sh) > 0 {
				shared++
				if it["id"] == s.itemID(k, folder+1) {
					childShared = true
				}
			}
		}
		return
	}
	plain, plainChild := count()
	hier, hierChild := count("Prefer", "hierarchicalsharing")
	if !plainChild || hierChild || hier >= plain {
		t.Fatalf("shared items: %d without the header (child shared %v), %d with it (child shared %v)", plain, plainChild, hier, hierChild)
	}
	// The folder's child lists the folder's link among its permissions,
	// and no permission says inheritedFrom.
	_, _, m := f.get("/v1.0/drives/" + s.driveID(k) + "/items/" + s.itemID(k, folder+1) + "/permissions")
	links := 0
	for _, p := range m["value"].([]any) {
		p := p.(map[string]any)
		if p["inheritedFrom"] != nil {
			t.Errorf("inheritedFrom on SharePoint: %v", p)
		}
		if p["link"] != nil || p["invitation"] != nil {
			links++
		}
	}
	if links == 0 {
		t.Errorf("child of a shared folder has no sharing permission: %v", m)
	}
}

func TestBatchAnswersEachRequestAndThrottlesThemOneByOne(t *testing.T) {
	cfg := small()
	cfg.RPS = 10
	f := start(t, cfg)
	clock := time.Date(2026, 12, 1, 10, 0, 0, 0, time.UTC)
	f.s.now = func() time.Time { return clock }
	batch := func(n int) (int, map[string]any) {
		var reqs []map[string]any
		for i := range n {
			reqs = append(reqs, map[string]any{"id": strconv.Itoa(i + 1), "method": "GET", "url": "/sites/" + f.s.siteID(i) + "/drives"})
		}
		body, _ := json.Marshal(map[string]any{"requests": reqs})
		req, _ := http.NewRequest(http.MethodPost, f.srv.URL+"/v1.0/$batch", bytes.NewReader(body))
		req.Header.Set("Authorization", "Bearer "+f.token)
		req.Header.Set("Content-Type", "application/json")
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		var m map[string]any
		_ = json.NewDecoder(resp.Body).Decode(&m)
		return resp.StatusCode, m
	}
	if status, _ := batch(21); status != http.StatusBadRequest {
		t.Fatalf("21 requests: %d, want 400", status)
	}
	status, m := batch(20)
	if status != 200 {
		t.Fatalf("batch: %d", status)
	}
	ok, throttled := 0, 0
	for _, r := range m["responses"].([]any) {
		r := r.(map[string]any)
		switch r["status"].(float64) {
		case 200:
			ok++
		case 429:
			throttled++
			ra, _ := strconv.Atoi(r["headers"].(map[string]any)["Retry-After"].(string))
			code := r["body"].(map[string]any)["error"].(map[string]any)["code"]
			if ra < 1 || ra > 5 || code != "TooManyRequests" {
				t.Errorf("throttled response: Retry-After %d, code %v", ra, code)
			}
		default:
			// sites with faults answer 423/403 inside the batch too
		}
	}
	c := f.s.Counters()
	if ok+throttled != 20 || throttled != 10 || c.GraphRequests != 20 || c.GraphThrottled != 10 || c.GraphBatches != 2 {
		t.Fatalf("%d ok, %d throttled; counters %+v", ok, throttled, c)
	}
	// A second later the app may send again.
	clock = clock.Add(time.Second)
	if status, m := batch(5); status != 200 || m["responses"].([]any)[4].(map[string]any)["status"].(float64) != 200 {
		t.Fatalf("after a second: %d %v", status, m)
	}
}

func TestThrottlingAbove50RequestsASecond(t *testing.T) {
	cfg := small()
	cfg.RPS = 50
	f := start(t, cfg)
	clock := time.Date(2026, 12, 1, 10, 0, 0, 0, time.UTC)
	var mu sync.Mutex
	f.s.now = func() time.Time { mu.Lock(); defer mu.Unlock(); return clock }
	for _, tc := range []struct {
		name, url string
		check     func(h http.Header, m map[string]any) bool
	}{
		{"graph", "/v1.0/organization", func(h http.Header, m map[string]any) bool {
			return m["error"].(map[string]any)["code"] == "TooManyRequests"
		}},
		{"confluence", "/wiki/api/v2/spaces", func(h http.Header, m map[string]any) bool {
			_, err := time.Parse("2006-01-02T15:04Z", h.Get("X-RateLimit-Reset"))
			return h.Get("X-RateLimit-Limit") == "50" && h.Get("X-RateLimit-Remaining") == "0" && err == nil
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			mu.Lock()
			clock = clock.Add(time.Minute)
			mu.Unlock()
			f.s.ResetCounters()
			throttled := 0
			for range 60 {
				status, h, m := f.get(tc.url)
				if status == http.StatusTooManyRequests {
					throttled++
					ra, _ := strconv.Atoi(h.Get("Retry-After"))
					if ra < 1 || ra > 5 || !tc.check(h, m) {
						t.Fatalf("429 with Retry-After %q, headers %v, body %v", h.Get("Retry-After"), h, m)
					}
				}
			}
			c := f.s.Counters()
			if throttled != 10 || c.GraphThrottled+c.ConfluenceThrottled != 10 || c.GraphRequests+c.ConfluenceRequests != 60 {
				t.Fatalf("%d throttled; counters %+v", throttled, c)
			}
		})
	}
}

func TestTeamsGroupsMembersAndGroupDelta(t *testing.T) {
	f := start(t, small())
	s := f.s
	teams, _, _ := f.walk("/v1.0/groups?$filter=resourceProvisioningOptions/Any(x:x%20eq%20'Team')&$top=7")
	all, _, _ := f.walk("/v1.0/groups")
	if len(teams) != s.cfg.Teams || len(all) <= len(teams) {
		t.Fatalf("%d teams, %d groups", len(teams), len(all))
	}
	// A group with a nested group: the user cast leaves it out; a big
	// group pages past 100.
	for g := range s.groups() {
		if _, ok := s.nestedMember(g); ok {
			id := s.groupID(g)
			members, _, _ := f.walk("/v1.0/groups/" + id + "/members")
			users, _, _ := f.walk("/v1.0/groups/" + id + "/members/microsoft.graph.user")
			if len(members) != len(users)+1 {
				t.Errorf("members %d, users %d", len(members), len(users))
			}
			for _, u := range users {
				if u["@odata.type"] != "#microsoft.graph.user" || u["userPrincipalName"] == nil || u["accountEnabled"] == nil {
					t.Errorf("user member %v", u)
				}
			}
			break
		}
	}
	big := 5 // memberCount: g%37 == 5
	if big < s.groups() {
		members, pages, _ := f.walk("/v1.0/groups/" + s.groupID(big) + "/members/microsoft.graph.user")
		if len(members) != s.memberCount(big) || pages < 2 {
			t.Errorf("big group: %d members in %d pages", len(members), pages)
		}
	}
	if st, _, m := f.get("/v1.0/teams/" + s.groupID(0)); st != 200 || m["isArchived"] == nil {
		t.Errorf("team: %d %v", st, m)
	}
	if st, _, m := f.get("/v1.0/teams/" + s.groupID(0) + "/channels"); st != 200 || len(m["value"].([]any)) == 0 {
		t.Errorf("channels: %d %v", st, m)
	}
	// groups/delta: everything, then only the changed teams.
	_, _, last := f.walk("/v1.0/groups/delta?$select=displayName,members")
	s.SetState(StateB)
	changed, _, _ := f.walk(last["@odata.deltaLink"].(string))
	want := 0
	for tm := range s.cfg.Teams {
		if s.teamChanged(tm) {
			want++
		}
	}
	if len(changed) != want || want == 0 {
		t.Fatalf("%d groups changed, want %d", len(changed), want)
	}
	removed := 0
	for _, m := range changed[0]["members@delta"].([]any) {
		if m.(map[string]any)["@removed"] != nil {
			removed++
		}
	}
	if len(changed[0]["members@delta"].([]any)) != 2 || removed != 1 {
		t.Errorf("members@delta %v", changed[0]["members@delta"])
	}
}

func TestReportsRedirectToADownloadWithTheDocumentedColumns(t *testing.T) {
	f := start(t, small())
	for _, tc := range []struct{ report, header, concealed string }{
		{"getSharePointSiteUsageDetail(period='D30')", "Report Refresh Date,Site Id,Site URL,Owner Display Name,Is Deleted,Last Activity Date,File Count,Active File Count,Page View Count,Visited Page Count,Storage Used (Byte),Storage Allocated (Byte),Root Web Template,Owner Principal Name,Report Period", ""},
		{"getTeamsTeamActivityDetail(period='D30')", "Report Refresh Date,Team Name,Team Id,Team Type,Last Activity Date,Report Period,Active Users,Active Channels,Guests,Reactions,Meetings Organized,Post Messages,Reply Messages,Channel Messages,Urgent Messages,Mentions,Active Shared Channels,Active External Users", f.s.groupID(0)},
	} {
		t.Run(tc.report, func(t *testing.T) {
			req, _ := http.NewRequest(http.MethodGet, f.srv.URL+"/v1.0/reports/"+tc.report, nil)
			req.Header.Set("Authorization", "Bearer "+f.token)
			resp, err := http.DefaultTransport.RoundTrip(req)
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			if resp.StatusCode != http.StatusFound {
				t.Fatalf("%d, want 302", resp.StatusCode)
			}
			// The download needs no Authorization header.
			dl, err := http.Get(resp.Header.Get("Location"))
			if err != nil {
				t.Fatal(err)
			}
			body, _ := io.ReadAll(dl.Body)
			dl.Body.Close()
			lines := strings.Split(strings.TrimSpace(string(body)), "\n")
			if lines[0] != tc.header || len(lines) < 2 {
				t.Fatalf("CSV header %q, %d lines", lines[0], len(lines))
			}
			if tc.concealed != "" && strings.Contains(string(body), tc.concealed) {
				t.Errorf("concealed names on, but the report shows team id %s", tc.concealed)
			}
		})
	}
	if st, _, m := f.get("/v1.0/admin/reportSettings"); st != 200 || m["displayConcealedNames"] != true {
		t.Errorf("reportSettings: %d %v", st, m)
	}
}

func TestConfluencePagingLinksAndSearch(t *testing.T) {
	cfg := small()
	cfg.Spaces = 30
	f := start(t, cfg)
	s := f.s
	// v2 spaces: _links.next starts at /wiki, _links.base ends in /wiki.
	next, n, pages := "/wiki/api/v2/spaces?limit=7", 0, 0
	for next != "" {
		st, h, m := f.get(next)
		if st != 200 {
			t.Fatalf("%s: %d", next, st)
		}
		pages++
		n += len(m["results"].([]any))
		links := m["_links"].(map[string]any)
		if !strings.HasSuffix(links["base"].(string), "/wiki") {
			t.Fatalf("base %v", links["base"])
		}
		next, _ = links["next"].(string)
		if next != "" && (!strings.HasPrefix(next, "/wiki/api/v2/spaces?") || !strings.Contains(h.Get("Link"), `rel="next"`)) {
			t.Fatalf("next %q, Link %q", next, h.Get("Link"))
		}
	}
	if n != 30 || pages != 5 {
		t.Fatalf("%d spaces in %d pages", n, pages)
	}
	// Group members: next is relative to _links.base (no /wiki).
	g := 1 // administrators of space 0: 150 or more members
	st, _, m := f.get("/wiki/rest/api/group/" + s.confGroupID(g) + "/membersByGroupId?limit=100")
	links := m["_links"].(map[string]any)
	nextMembers, _ := links["next"].(string)
	if st != 200 || !strings.HasPrefix(nextMembers, "/rest/api/group/") {
		t.Fatalf("%d next %q", st, nextMembers)
	}
	if st, _, m := f.get(links["base"].(string) + nextMembers); st != 200 || len(m["results"].([]any)) == 0 {
		t.Fatalf("base+next: %d", st)
	}
	if st, _, _ := f.get("/wiki/rest/api/group/member?name=" + s.confGroupName(g)); st != 200 {
		t.Errorf("group/member?name: %d", st)
	}
	// Search: totalSize, and lastmodified filters see what B changed.
	cql := url.QueryEscape(`space="` + spaceKey(0) + `" and type=page and lastmodified > "` + StateATime.Format("2006/01/02 15:04") + `"`)
	_, _, before := f.get("/wiki/rest/api/search?limit=0&cql=" + cql)
	s.SetState(StateB)
	_, _, after := f.get("/wiki/rest/api/search?limit=0&cql=" + cql)
	if before["totalSize"].(float64) != 0 || after["totalSize"].(float64) != 3 {
		t.Fatalf("pages modified since A: %v before, %v after", before["totalSize"], after["totalSize"])
	}
	// Site-wide: the pages of every space B changed.
	siteWide := url.QueryEscape(`type=page and lastmodified >= "` + StateBTime.Add(-time.Hour).Format("2006-01-02 15:04") + `" order by lastmodified desc`)
	_, _, all := f.get("/wiki/rest/api/search?limit=2&cql=" + siteWide)
	want := 0
	for i := range 30 {
		if s.spaceChanged(i) {
			want += 3
		}
	}
	if all["totalSize"].(float64) != float64(want) || len(all["results"].([]any)) != 2 || !strings.HasPrefix(all["_links"].(map[string]any)["next"].(string), "/rest/api/search?") {
		t.Fatalf("site-wide search: %v, want totalSize %d", all, want)
	}
	// NOT IN leaves those spaces out (an incremental pull asks for the
	// next changed space this way).
	first := all["results"].([]any)[0].(map[string]any)["resultGlobalContainer"].(map[string]any)["displayUrl"].(string)
	firstKey := strings.TrimPrefix(first, "/spaces/")
	notIn := url.QueryEscape(`type=page and lastmodified >= "` + StateBTime.Add(-time.Hour).Format("2006-01-02 15:04") + `" and space not in ("` + firstKey + `")`)
	if _, _, rest := f.get("/wiki/rest/api/search?limit=100&cql=" + notIn); rest["totalSize"].(float64) != float64(want-3) {
		t.Errorf("space not in (%s): totalSize %v, want %d", firstKey, rest["totalSize"], want-3)
	}
	if _, _, m := f.get("/wiki/api/v2/spaces?keys=" + spaceKey(3) + "," + spaceKey(7)); len(m["results"].([]any)) != 2 {
		t.Errorf("keys filter: %v", m)
	}
	// A user from members@delta's ids.
	if st, _, m := f.get("/v1.0/users/" + s.guid(kUser, 42, 0)); st != 200 || m["userPrincipalName"] == nil {
		t.Errorf("user: %d %v", st, m)
	}
	// Anonymous access shows in v1's space permissions only.
	for i := range 30 {
		if s.anonymous(i) {
			_, _, sp := f.get("/wiki/rest/api/space/" + spaceKey(i) + "?expand=permissions")
			found := false
			for _, p := range sp["permissions"].([]any) {
				found = found || p.(map[string]any)["anonymousAccess"] == true
			}
			_, _, v2 := f.get("/wiki/api/v2/spaces/" + strconv.FormatInt(spaceNumericID(i), 10) + "/permissions?limit=250")
			for _, p := range v2["results"].([]any) {
				if typ := p.(map[string]any)["principal"].(map[string]any)["type"]; typ != "user" && typ != "group" && typ != "role" {
					t.Errorf("v2 principal type %v", typ)
				}
			}
			if !found {
				t.Errorf("space %d: no anonymousAccess", i)
			}
			break
		}
	}
	req, _ := http.NewRequest(http.MethodGet, f.srv.URL+"/wiki/api/v2/spaces", nil)
	if resp, err := http.DefaultClient.Do(req); err != nil || resp.StatusCode != 401 {
		t.Errorf("no credentials: %v %v", resp.StatusCode, err)
	}
}

// TestStateBChangesAboutOnePercentInOnePercentOfSites checks the full
// tenant's shares without a server.
func TestStateBChangesAboutOnePercentInOnePercentOfSites(t *testing.T) {
	s := New(Default())
	teamSites, changedSites, items, changed, shared := 0, 0, 0, 0, 0
	for k := range s.allSites() {
		if pers, _ := s.personal(k); pers {
			continue
		}
		teamSites++
		if s.siteChanged(k) {
			changedSites++
		}
		for j := 0; j < s.lastIndex(k); j++ {
			if j < s.itemCount(k) {
				items++
				if s.sharedExplicitly(StateA, k, j) {
					shared++
				}
			}
			if s.itemChange(k, j) != changeNone {
				changed++
			}
		}
	}
	pct := func(a, b int) float64 { return 100 * float64(a) / float64(b) }
	t.Logf("%d of %d sites changed, %d of %d items changed, %d shared", changedSites, teamSites, changed, items, shared)
	if teamSites != 10000 || items != 200000 {
		t.Fatalf("%d sites, %d items", teamSites, items)
	}
	if p := pct(changedSites, teamSites); p < 0.7 || p > 1.3 {
		t.Errorf("%.2f%% of sites changed", p)
	}
	if p := pct(changed, items); p < 0.6 || p > 1.4 {
		t.Errorf("%.2f%% of items changed", p)
	}
	if p := pct(shared, items); p < 1.8 || p > 2.2 {
		t.Errorf("%.2f%% of items shared", p)
	}
}

// TestGeneratingTheWholeTenantHoldsNothing generates every site and
// item of the full tenant and checks the heap did not keep them.
func TestGeneratingTheWholeTenantHoldsNothing(t *testing.T) {
	heap := func() uint64 {
		runtime.GC()
		var m runtime.MemStats
		runtime.ReadMemStats(&m)
		return m.HeapAlloc
	}
	h0 := heap()
	s := New(Default())
	h1 := heap()
	n, step := 0, 1
	if raceEnabled {
		step = 10
	}
	for k := 0; k < s.allSites(); k += step {
		_ = s.site(StateA, k)
		for j := 0; j < s.itemCount(k); j++ {
			if s.item(StateA, k, j, false, false)["id"] != "" {
				n++
			}
		}
	}
	h2 := heap()
	if want := 200000 + s.cfg.PersonalSites*(s.cfg.PersonalItems+1); n != want && !raceEnabled || n < want/20 {
		t.Fatalf("generated %d items", n)
	}
	if grow := int64(h1) - int64(h0); grow > 1<<20 {
		t.Errorf("the server holds %d bytes", grow)
	}
	if grow := int64(h2) - int64(h1); grow > 1<<20 {
		t.Errorf("generating every item kept %d bytes", grow)
	}
	runtime.KeepAlive(s)
}

func TestTokenEndpointRefusesAWrongSecret(t *testing.T) {
	cfg := small()
	s := New(cfg)
	srv := httptest.NewServer(s.Handler())
	defer srv.Close()
	resp, err := http.PostForm(srv.URL+"/"+cfg.TenantDomain+"/oauth2/v2.0/token", url.Values{"grant_type": {"client_credentials"},
		"client_id": {cfg.ClientID}, "client_secret": {"wrong"}, "scope": {"https://graph.microsoft.com/.default"}})
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]any
	_ = json.NewDecoder(resp.Body).Decode(&m)
	resp.Body.Close()
	if resp.StatusCode != 401 || m["error"] != "invalid_client" {
		t.Fatalf("%d %v", resp.StatusCode, m)
	}
}
