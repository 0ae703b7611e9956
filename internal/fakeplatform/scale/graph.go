package scale

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"time"
)

// graphAnswer is one Graph response, so that a request inside a $batch
// and a plain request take the same path.
type graphAnswer struct {
	status int
	header http.Header
	body   any    // JSON
	raw    []byte // anything else
}

func jsonAnswer(status int, body any) graphAnswer {
	return graphAnswer{status: status, header: http.Header{"Content-Type": {"application/json"}}, body: body}
}

// graphError is Graph's error body
// (https://learn.microsoft.com/graph/errors#json-representation).
func (s *Server) graphError(status int, code, message string) graphAnswer {
	return jsonAnswer(status, map[string]any{"error": map[string]any{"code": code, "message": message,
		"innerError": map[string]any{"date": s.now().UTC().Format("2006-01-02T15:04:05"), "request-id": s.guid(kTenant, uint32(s.now().UnixNano()), 1), "client-request-id": s.guid(kTenant, uint32(s.now().UnixNano()), 2)}}})
}

// throttled is Graph's 429: Retry-After in seconds and the body of the
// documented sample
// (https://learn.microsoft.com/graph/throttling#sample-response).
func (s *Server) throttled(serial uint64) graphAnswer {
	a := jsonAnswer(http.StatusTooManyRequests, map[string]any{"error": map[string]any{
		"code": "TooManyRequests", "message": "Please retry again later.",
		"innerError": map[string]any{"code": "429", "date": s.now().UTC().Format("2006-01-02T15:04:05"), "message": "Please retry after",
			"request-id": s.guid(kTenant, uint32(serial), 3), "status": "429"}}})
	a.header.Set("Retry-After", strconv.Itoa(s.retryAfter(serial)))
	return a
}

// token is the Microsoft identity platform's client-credentials grant
// (https://learn.microsoft.com/entra/identity-platform/v2-oauth2-client-creds-grant-flow#get-a-token).
func (s *Server) token(w http.ResponseWriter, r *http.Request) {
	s.tokenReqs.Add(1)
	_ = r.ParseForm()
	if r.PathValue("tenant") != s.cfg.TenantDomain && r.PathValue("tenant") != s.guid(kTenant, 0, 0) {
		writeJSON(w, http.StatusBadRequest, nil, map[string]any{"error": "invalid_request", "error_description": "AADSTS90002: Tenant '" + r.PathValue("tenant") + "' not found."})
		return
	}
	if r.Form.Get("grant_type") != "client_credentials" {
		writeJSON(w, http.StatusBadRequest, nil, map[string]any{"error": "unsupported_grant_type", "error_description": "AADSTS70003: The app requested an unsupported grant type."})
		return
	}
	if r.Form.Get("client_id") != s.cfg.ClientID || r.Form.Get("client_secret") != s.cfg.ClientSecret {
		writeJSON(w, http.StatusUnauthorized, nil, map[string]any{"error": "invalid_client", "error_description": "AADSTS7000215: Invalid client secret provided."})
		return
	}
	if r.Form.Get("scope") != "https://graph.microsoft.com/.default" {
		writeJSON(w, http.StatusBadRequest, nil, map[string]any{"error": "invalid_scope", "error_description": "AADSTS1002012: The provided value for scope is not valid. Client credential flows must have a scope value with /.default suffixed to the resource identifier."})
		return
	}
	writeJSON(w, http.StatusOK, nil, map[string]any{"token_type": "Bearer", "expires_in": 3599, "ext_expires_in": 3599, "access_token": s.accessToken()})
}

func (s *Server) accessToken() string {
	return "eyJ0eXAiOiJKV1QifQ." + base64.RawURLEncoding.EncodeToString([]byte(s.cfg.ClientID)) + "." + s.sign("at", s.cfg.ClientID)
}

func (s *Server) authorized(r *http.Request) bool {
	return r.Header.Get("Authorization") == "Bearer "+s.accessToken()
}

// graph serves one Graph request.
func (s *Server) graph(w http.ResponseWriter, r *http.Request) {
	if !s.authorized(r) {
		s.writeAnswer(w, s.graphError(http.StatusUnauthorized, "InvalidAuthenticationToken", "Access token is empty."))
		return
	}
	s.graphReqs.Add(1)
	if ok, serial := s.graphLimit.admit(); !ok {
		s.graphThrot.Add(1)
		s.writeAnswer(w, s.throttled(serial))
		return
	}
	s.writeAnswer(w, s.graphDo(r.Method, r.URL, r.Header, "http://"+r.Host))
}

// selected keeps, when the request has $select, only the selected
// properties of the answer's objects (and id, the annotations, and the
// deleted facet of a delta's removed items): Graph returns what $select
// names and nothing else (https://learn.microsoft.com/graph/query-parameters#select-parameter),
// so a pull that reads a property it did not select sees it missing.
func selected(a graphAnswer, q url.Values) graphAnswer {
	sel := q.Get("$select")
	body, ok := a.body.(map[string]any)
	if sel == "" || !ok || a.status != http.StatusOK {
		return a
	}
	keep := map[string]bool{"id": true, "deleted": true}
	for _, f := range strings.Split(sel, ",") {
		keep[strings.TrimSpace(f)] = true
		keep[strings.TrimSpace(f)+"@delta"] = true
	}
	filter := func(m map[string]any) map[string]any {
		out := make(map[string]any, len(keep))
		for k, v := range m {
			if keep[k] || strings.HasPrefix(k, "@") {
				out[k] = v
			}
		}
		return out
	}
	values, isList := body["value"].([]any)
	if !isList {
		a.body = filter(body)
		return a
	}
	for i, v := range values {
		if m, ok := v.(map[string]any); ok {
			values[i] = filter(m)
		}
	}
	return a
}

func (s *Server) writeAnswer(w http.ResponseWriter, a graphAnswer) {
	for k, v := range a.header {
		w.Header()[k] = v
	}
	w.WriteHeader(a.status)
	if a.raw != nil {
		_, _ = w.Write(a.raw)
	} else if a.body != nil {
		_ = json.NewEncoder(w).Encode(a.body)
	}
}

// batch is JSON batching
// (https://learn.microsoft.com/graph/json-batching): at most 20
// requests, each answered on its own (a 200 envelope even when some
// fail), each counted and throttled on its own ("Requests in a batch
// are evaluated individually against the applicable throttling limits
// and if any request exceeds the limits, it fails with a status of
// 429"), dependsOn honoured with 424.
func (s *Server) batch(w http.ResponseWriter, r *http.Request) {
	if !s.authorized(r) {
		s.writeAnswer(w, s.graphError(http.StatusUnauthorized, "InvalidAuthenticationToken", "Access token is empty."))
		return
	}
	s.graphBatches.Add(1)
	var in struct {
		Requests []struct {
			ID        string            `json:"id"`
			Method    string            `json:"method"`
			URL       string            `json:"url"`
			Headers   map[string]string `json:"headers"`
			DependsOn []string          `json:"dependsOn"`
		} `json:"requests"`
	}
	body, _ := io.ReadAll(io.LimitReader(r.Body, 1<<20))
	if err := json.Unmarshal(body, &in); err != nil || len(in.Requests) == 0 {
		s.writeAnswer(w, s.graphError(http.StatusBadRequest, "BadRequest", "Invalid batch payload format."))
		return
	}
	if len(in.Requests) > 20 {
		s.writeAnswer(w, s.graphError(http.StatusBadRequest, "BadRequest", "Maximum number of requests allowed in a batch is 20."))
		return
	}
	seen := map[string]bool{}
	for _, q := range in.Requests {
		if q.ID == "" || seen[strings.ToLower(q.ID)] || q.URL == "" || q.Method == "" {
			s.writeAnswer(w, s.graphError(http.StatusBadRequest, "BadRequest", "Each request needs a unique id, a method and a url."))
			return
		}
		seen[strings.ToLower(q.ID)] = true
	}
	status := map[string]int{}
	var out []map[string]any
	for _, q := range in.Requests {
		var a graphAnswer
		failedDep := false
		for _, d := range q.DependsOn {
			if status[strings.ToLower(d)] >= 400 {
				failedDep = true
			}
		}
		s.graphReqs.Add(1)
		if ok, serial := s.graphLimit.admit(); !ok {
			s.graphThrot.Add(1)
			a = s.throttled(serial)
		} else if failedDep {
			a = s.graphError(http.StatusFailedDependency, "BadRequest", "Failed dependency.")
		} else {
			u, err := url.Parse("/v1.0/" + strings.TrimPrefix(q.URL, "/"))
			if err != nil {
				a = s.graphError(http.StatusBadRequest, "BadRequest", "Invalid request URL.")
			} else {
				h := http.Header{}
				for k, v := range q.Headers {
					h.Set(k, v)
				}
				a = s.graphDo(strings.ToUpper(q.Method), u, h, "http://"+r.Host)
			}
		}
		status[strings.ToLower(q.ID)] = a.status
		headers := map[string]string{}
		for k := range a.header {
			headers[k] = a.header.Get(k)
		}
		resp := map[string]any{"id": q.ID, "status": a.status, "headers": headers}
		switch {
		case a.raw != nil:
			resp["body"] = base64.StdEncoding.EncodeToString(a.raw)
		case a.body != nil:
			resp["body"] = a.body
		}
		out = append(out, resp)
	}
	writeJSON(w, http.StatusOK, nil, map[string]any{"responses": out})
}

var deltaFunc = regexp.MustCompile(`^drives/([^/]+)/root/delta(?:\(token='([^']*)'\))?$`)

// graphDo answers a Graph request (path below /v1.0/).
func (s *Server) graphDo(method string, u *url.URL, h http.Header, origin string) graphAnswer {
	return selected(s.graphRoute(method, u, h, origin), u.Query())
}

func (s *Server) graphRoute(method string, u *url.URL, h http.Header, origin string) graphAnswer {
	if method != http.MethodGet {
		return s.graphError(http.StatusMethodNotAllowed, "Request_BadRequest", "Specified HTTP method is not allowed for the request target.")
	}
	p := strings.TrimPrefix(u.Path, "/v1.0/")
	q := u.Query()
	parts := strings.Split(p, "/")
	st := s.CurrentState()
	api := origin + "/v1.0/"
	switch {
	case p == "sites/getAllSites":
		// https://learn.microsoft.com/graph/api/site-getallsites: every
		// site, OneDrives (isPersonalSite) included.
		return s.page(q, api+p, s.allSites(), 200, func(k int) any { return s.site(st, k) })
	case p == "sites/delta":
		return s.sitesDelta(st, q, api)
	case len(parts) >= 2 && parts[0] == "sites":
		k, ok := s.parseSiteID(parts[1])
		if !ok {
			return s.graphError(http.StatusNotFound, "itemNotFound", "Requested site could not be found")
		}
		switch {
		case len(parts) == 2:
			return jsonAnswer(http.StatusOK, s.site(st, k))
		case len(parts) == 3 && (parts[2] == "drives" || parts[2] == "drive"):
			// https://learn.microsoft.com/graph/api/drive-list
			if f := s.siteFault(k); f == 423 {
				return s.graphError(423, "resourceLocked", "The site is locked.")
			} else if f == 403 {
				return s.graphError(http.StatusForbidden, "accessDenied", "Access denied")
			}
			if parts[2] == "drive" {
				return jsonAnswer(http.StatusOK, s.drive(st, k))
			}
			return jsonAnswer(http.StatusOK, map[string]any{"value": []any{s.drive(st, k)}})
		}
	case len(parts) >= 2 && parts[0] == "drives":
		return s.drives(st, p, q, h, api)
	case p == "groups":
		// https://learn.microsoft.com/graph/api/group-list; teams are
		// the groups whose resourceProvisioningOptions hold "Team"
		// (https://learn.microsoft.com/graph/teams-list-all-teams).
		filter := strings.ReplaceAll(strings.ToLower(q.Get("$filter")), " ", "")
		if filter != "" && filter != "resourceprovisioningoptions/any(x:xeq'team')" {
			return s.graphError(http.StatusBadRequest, "Request_UnsupportedQuery", "Unsupported query.")
		}
		if filter != "" {
			return s.page(q, api+p, s.cfg.Teams, 100, func(t int) any { return s.group(groupOfTeam(t)) })
		}
		return s.page(q, api+p, s.groups(), 100, func(g int) any { return s.group(g) })
	case p == "groups/delta":
		return s.groupsDelta(st, q, api)
	case len(parts) >= 2 && parts[0] == "groups":
		g, ok := s.parseGroupID(parts[1])
		if !ok {
			return s.graphError(http.StatusNotFound, "Request_ResourceNotFound", fmt.Sprintf("Resource '%s' does not exist or one of its queried reference-property objects are not present.", parts[1]))
		}
		rest := strings.Join(parts[2:], "/")
		switch rest {
		case "":
			return jsonAnswer(http.StatusOK, s.group(g))
		case "owners", "members", "owners/microsoft.graph.user", "members/microsoft.graph.user", "transitiveMembers":
			return s.groupMembers(st, g, rest, q, api+p)
		}
	case len(parts) >= 2 && parts[0] == "teams":
		g, ok := s.parseGroupID(parts[1])
		t, isTeam := teamOfGroup(g)
		if !ok || !isTeam || s.teamMissing(t) {
			return s.graphError(http.StatusNotFound, "NotFound", "No team found with Group Id "+parts[1])
		}
		switch {
		case len(parts) == 2:
			// https://learn.microsoft.com/graph/api/team-get
			grp := s.group(g)
			return jsonAnswer(http.StatusOK, map[string]any{"id": parts[1], "displayName": grp["displayName"], "description": grp["description"],
				"visibility": strings.ToLower(grp["visibility"].(string)), "isArchived": t%40 == 39, "createdDateTime": grp["createdDateTime"],
				"webUrl":         "https://teams.microsoft.com/l/team/19%3a" + parts[1] + "%40thread.tacv2/conversations?groupId=" + parts[1] + "&tenantId=" + s.guid(kTenant, 0, 0),
				"memberSettings": map[string]any{"allowCreateUpdateChannels": true, "allowCreatePrivateChannels": true},
				"guestSettings":  map[string]any{"allowCreateUpdateChannels": false, "allowDeleteChannels": false}})
		case len(parts) == 3 && parts[2] == "channels":
			// https://learn.microsoft.com/graph/api/channel-list
			return jsonAnswer(http.StatusOK, map[string]any{"@odata.count": len(s.channels(t)), "value": s.channels(t)})
		}
	case len(parts) == 2 && parts[0] == "users":
		// https://learn.microsoft.com/graph/api/user-get (by id or
		// userPrincipalName), for the ids members@delta carries.
		if u, b, ok := s.parseGUID(kUser, parts[1]); ok && b == 0 && int(u) < s.users() {
			return jsonAnswer(http.StatusOK, s.user(int(u)))
		}
		var u int
		if _, err := fmt.Sscanf(strings.ToLower(parts[1]), "user%05d@", &u); err == nil && u < s.users() && strings.EqualFold(s.user(u)["userPrincipalName"].(string), parts[1]) {
			return jsonAnswer(http.StatusOK, s.user(u))
		}
		return s.graphError(http.StatusNotFound, "Request_ResourceNotFound", fmt.Sprintf("Resource '%s' does not exist or one of its queried reference-property objects are not present.", parts[1]))
	case p == "organization":
		// https://learn.microsoft.com/graph/api/organization-list
		tn := s.tenantName()
		return jsonAnswer(http.StatusOK, map[string]any{"value": []any{map[string]any{"id": s.guid(kTenant, 0, 0), "displayName": strings.ToUpper(tn[:1]) + tn[1:],
			"verifiedDomains": []any{
				map[string]any{"capabilities": "Email, OfficeCommunicationsOnline", "isDefault": true, "isInitial": false, "name": tn + ".example", "type": "Managed"},
				map[string]any{"capabilities": "Email, OfficeCommunicationsOnline", "isDefault": false, "isInitial": true, "name": s.cfg.TenantDomain, "type": "Managed"}}}}})
	case p == "admin/sharepoint/settings":
		// https://learn.microsoft.com/graph/api/sharepointsettings-get
		return jsonAnswer(http.StatusOK, map[string]any{"@odata.context": api + "$metadata#admin/sharepoint/settings/$entity",
			"sharingCapability": "externalUserAndGuestSharing", "sharingDomainRestrictionMode": "none", "sharingAllowedDomainList": []string{}, "sharingBlockedDomainList": []string{},
			"isResharingByExternalUsersEnabled": false, "isRequireAcceptingUserToMatchInvitedUserEnabled": true, "personalSiteDefaultStorageLimitInMB": 1048576,
			"tenantDefaultTimezone": "(UTC+01:00) Amsterdam, Berlin, Bern, Rome, Stockholm, Vienna", "isLegacyAuthProtocolsEnabled": false})
	case p == "admin/reportSettings":
		// https://learn.microsoft.com/graph/api/adminreportsettings-get
		return jsonAnswer(http.StatusOK, map[string]any{"@odata.context": api + "$metadata#admin/reportSettings/$entity", "displayConcealedNames": s.cfg.ConcealedNames})
	case strings.HasPrefix(p, "reports/getSharePointSiteUsageDetail(") || strings.HasPrefix(p, "reports/getTeamsTeamActivityDetail("):
		// A 302 to a pre-authenticated download URL
		// (https://learn.microsoft.com/graph/api/reportroot-getsharepointsiteusagedetail,
		// https://learn.microsoft.com/graph/api/reportroot-getteamsteamactivitydetail).
		name := strings.TrimPrefix(p[:strings.Index(p, "(")], "reports/")
		a := graphAnswer{status: http.StatusFound, header: http.Header{"Content-Type": {"text/plain"},
			"Location": {origin + "/_reports/download/" + s.sign("report", name, st.String()) + "." + base64.RawURLEncoding.EncodeToString([]byte(name+"|"+st.String()))}}}
		return a
	}
	return s.graphError(http.StatusBadRequest, "BadRequest", "Resource not found for the segment '"+parts[len(parts)-1]+"'.")
}

// page serves a list of n objects with $top and $skiptoken paging and
// an absolute @odata.nextLink that keeps the other query options
// (https://learn.microsoft.com/graph/paging).
func (s *Server) page(q url.Values, self string, n, defTop int, obj func(int) any) graphAnswer {
	top := defTop
	if v, err := strconv.Atoi(q.Get("$top")); err == nil && v > 0 {
		top = min(v, 999)
	}
	start := 0
	if tok := q.Get("$skiptoken"); tok != "" {
		v, ok := s.unsignInts("page", tok)
		if !ok || len(v) != 1 {
			return s.graphError(http.StatusBadRequest, "Request_BadRequest", "The specified page token value has expired and can no longer be included in your request.")
		}
		start = int(v[0])
	}
	end := min(start+top, n)
	value := make([]any, 0, max(end-start, 0))
	for i := start; i < end; i++ {
		value = append(value, obj(i))
	}
	out := map[string]any{"value": value}
	if end < n {
		next := url.Values{}
		for k, v := range q {
			next[k] = v
		}
		next.Set("$skiptoken", s.signInts("page", int64(end)))
		out["@odata.nextLink"] = self + "?" + next.Encode()
	}
	return jsonAnswer(http.StatusOK, out)
}

// drive is a drive resource (https://learn.microsoft.com/graph/api/resources/drive).
func (s *Server) drive(st State, k int) map[string]any {
	pers, _ := s.personal(k)
	name, kind := "Documents", "documentLibrary"
	if pers {
		name, kind = "OneDrive", "business"
	}
	return map[string]any{"id": s.driveID(k), "name": name, "driveType": kind, "webUrl": s.libraryURL(k), "description": "",
		"createdDateTime": iso(s.siteCreated(k)), "lastModifiedDateTime": iso(s.siteModified(st, k))}
}

// drives answers /drives/{id}/...: the drive, an item, its
// permissions, and the root's delta.
func (s *Server) drives(st State, p string, q url.Values, h http.Header, api string) graphAnswer {
	parts := strings.Split(p, "/")
	k, ok := s.parseDriveID(parts[1])
	if !ok {
		return s.graphError(http.StatusNotFound, "itemNotFound", "The provided drive id appears to be malformed, or does not represent a valid drive.")
	}
	if m := deltaFunc.FindStringSubmatch(p); m != nil {
		tok := q.Get("token")
		if m[2] != "" {
			tok = m[2]
		}
		return s.driveDelta(st, k, tok, h, api+"drives/"+parts[1]+"/root/delta", q)
	}
	switch {
	case len(parts) == 2:
		return jsonAnswer(http.StatusOK, s.drive(st, k))
	case len(parts) >= 4 && parts[2] == "items":
		ik, j, ok := s.parseItemID(parts[3])
		if !ok || ik != k || !s.exists(st, k, j) {
			return s.graphError(http.StatusNotFound, "itemNotFound", "The resource could not be found.")
		}
		switch {
		case len(parts) == 4:
			// https://learn.microsoft.com/graph/api/driveitem-get
			return jsonAnswer(http.StatusOK, s.item(st, k, j, true, false))
		case len(parts) == 5 && parts[4] == "permissions":
			// https://learn.microsoft.com/graph/api/driveitem-list-permissions
			return jsonAnswer(http.StatusOK, map[string]any{"value": s.permissions(st, k, j)})
		}
	}
	return s.graphError(http.StatusBadRequest, "BadRequest", "Resource not found for the segment '"+parts[len(parts)-1]+"'.")
}

// Delta modes in tokens.
const (
	modeFull    = 1 // enumerating the current state
	modeChanges = 2 // enumerating what changed since a state
	modeLink    = 3 // a delta link: the state it was issued in
)

// driveDelta is driveItem: delta
// (https://learn.microsoft.com/graph/api/driveitem-delta): pages with
// @odata.nextLink, then @odata.deltaLink; a delta link from an older
// state returns only what changed (deleted items with the deleted
// facet); token=latest returns no items and the current delta link; an
// expired or unknown token answers 410 Gone with resyncRequired and a
// Location that starts over. Without deltaExcludeParent a changed
// item's folders come along (same page). Items carry parentReference
// with driveId and id, never path (the page's remarks: delta does not
// return parentReference.path).
func (s *Server) driveDelta(st State, k int, tok string, h http.Header, self string, q url.Values) graphAnswer {
	prefer := strings.ToLower(strings.Join(h.Values("Prefer"), ","))
	hier := strings.Contains(prefer, "hierarchicalsharing")
	showSharing := strings.Contains(prefer, "deltashowsharingchanges")
	top := 200
	if v, err := strconv.Atoi(q.Get("$top")); err == nil && v > 0 {
		top = min(v, 1000)
	}
	epoch := s.epoch.Load()
	mode, from, offset := int64(modeFull), int64(st), int64(0)
	switch {
	case tok == "":
	case tok == "latest":
		return jsonAnswer(http.StatusOK, map[string]any{"value": []any{}, "@odata.deltaLink": self + "?token=" + s.signInts("delta", epoch, modeLink, int64(st), int64(k), 0)})
	default:
		if t, err := time.Parse(time.RFC3339, tok); err == nil {
			// A timestamp in place of a token (the page's example 4).
			mode, from = modeChanges, int64(st)
			if t.Before(StateBTime) {
				from = int64(StateA)
			}
			break
		}
		v, ok := s.unsignInts("delta", tok)
		if !ok || len(v) != 5 || v[0] != epoch || int(v[3]) != k {
			loc := self
			a := s.graphError(http.StatusGone, "resyncRequired", "Resync required. Replace any local items with the server's version (including deletes) if you're sure that the service was up to date with your local changes when you last sync'd. Upload any local changes that the server doesn't know about.")
			a.body.(map[string]any)["error"].(map[string]any)["innerError"].(map[string]any)["code"] = "resyncChangesApplyDifferences"
			a.header.Set("Location", loc)
			return a
		}
		mode, from, offset = v[1], v[2], v[4]
		if mode == modeLink {
			mode, offset = modeChanges, 0
		}
	}
	// The indexes to send, in order.
	var list []int
	last := s.lastIndex(k)
	if mode == modeFull {
		for j := range last {
			if s.exists(st, k, j) {
				list = append(list, j)
			}
		}
	} else if State(from) != st {
		sent := map[int]bool{}
		for j := 1; j < last; j++ {
			if s.itemChange(k, j) == changeNone {
				continue
			}
			if h.Get("deltaExcludeParent") == "" {
				var chain []int
				for x := s.parent(k, j); x >= 0 && !sent[x]; x = s.parent(k, x) {
					chain = append([]int{x}, chain...)
					if x == 0 {
						break
					}
				}
				for _, x := range chain {
					sent[x] = true
					list = append(list, x)
				}
			}
			if !sent[j] {
				sent[j] = true
				list = append(list, j)
			}
		}
	}
	end := min(int(offset)+top, len(list))
	value := make([]any, 0, max(end-int(offset), 0))
	for _, j := range list[min(int(offset), len(list)):end] {
		var m map[string]any
		// Delta leaves out cTag (and lastModifiedBy), and on a deleted
		// item the name too
		// (https://learn.microsoft.com/onedrive/developer/rest-api/concepts/scan-guidance,
		// "properties omitted by delta query", OneDrive for Business and
		// SharePoint).
		if s.exists(st, k, j) {
			m = s.item(st, k, j, false, hier)
			delete(m, "cTag")
			if showSharing && mode == modeChanges && s.itemChange(k, j) == changeSharing {
				m["@microsoft.graph.sharedChanged"] = "True"
			}
		} else {
			m = map[string]any{"id": s.itemID(k, j), "deleted": map[string]any{"state": "deleted"},
				"parentReference": map[string]any{"driveId": s.driveID(k), "driveType": "documentLibrary", "id": s.itemID(k, s.parent(k, j))},
				"file":            map[string]any{}}
		}
		value = append(value, m)
	}
	out := map[string]any{"@odata.context": strings.SplitAfter(self, "/v1.0/")[0] + "$metadata#Collection(driveItem)", "value": value}
	if end < len(list) {
		out["@odata.nextLink"] = self + "?token=" + s.signInts("delta", epoch, mode, from, int64(k), int64(end))
	} else {
		out["@odata.deltaLink"] = self + "?token=" + s.signInts("delta", epoch, modeLink, int64(st), int64(k), 0)
	}
	return jsonAnswer(http.StatusOK, out)
}

// sitesDelta is sites: delta
// (https://learn.microsoft.com/graph/api/site-delta): every site, then
// from a delta link only the sites changed since.
func (s *Server) sitesDelta(st State, q url.Values, api string) graphAnswer {
	self := api + "sites/delta"
	epoch := s.epoch.Load()
	tok := q.Get("token")
	var list []int
	mode, from, offset := int64(modeFull), int64(st), int64(0)
	if tok == "latest" {
		return jsonAnswer(http.StatusOK, map[string]any{"value": []any{}, "@odata.deltaLink": self + "?token=" + s.signInts("delta", epoch, modeLink, int64(st), -1, 0)})
	}
	if tok != "" {
		v, ok := s.unsignInts("delta", tok)
		if !ok || len(v) != 5 || v[0] != epoch || v[3] != -1 {
			a := s.graphError(http.StatusGone, "resyncRequired", "Resync required.")
			a.body.(map[string]any)["error"].(map[string]any)["innerError"].(map[string]any)["code"] = "resyncChangesApplyDifferences"
			a.header.Set("Location", self)
			return a
		}
		mode, from, offset = v[1], v[2], v[4]
		if mode == modeLink {
			mode, offset = modeChanges, 0
		}
	}
	for k := range s.allSites() {
		if mode == modeFull || (State(from) != st && s.siteChanged(k)) {
			list = append(list, k)
		}
	}
	end := min(int(offset)+200, len(list))
	value := []any{}
	for _, k := range list[min(int(offset), len(list)):end] {
		value = append(value, s.site(st, k))
	}
	out := map[string]any{"value": value}
	if end < len(list) {
		out["@odata.nextLink"] = self + "?token=" + s.signInts("delta", epoch, mode, from, -1, int64(end))
	} else {
		out["@odata.deltaLink"] = self + "?token=" + s.signInts("delta", epoch, modeLink, int64(st), -1, 0)
	}
	return jsonAnswer(http.StatusOK, out)
}

// groupsDelta is group: delta
// (https://learn.microsoft.com/graph/api/group-delta): every group with
// members@delta, then from a delta link the groups whose membership
// changed, with added members and removed ones marked "@removed"
// (https://learn.microsoft.com/graph/delta-query-groups).
func (s *Server) groupsDelta(st State, q url.Values, api string) graphAnswer {
	self := api + "groups/delta"
	epoch := s.epoch.Load()
	tok := q.Get("$deltatoken")
	if tok == "" {
		tok = q.Get("$skiptoken")
	}
	mode, from, offset := int64(modeFull), int64(st), int64(0)
	if tok != "" {
		v, ok := s.unsignInts("delta", tok)
		if !ok || len(v) != 5 || v[0] != epoch || v[3] != -2 {
			a := s.graphError(http.StatusGone, "resyncRequired", "Resync required.")
			a.header.Set("Location", self)
			return a
		}
		mode, from, offset = v[1], v[2], v[4]
		if mode == modeLink {
			mode, offset = modeChanges, 0
		}
	}
	var list []int
	for g := range s.groups() {
		t, isTeam := teamOfGroup(g)
		if mode == modeFull || (State(from) != st && isTeam && s.teamChanged(t)) {
			list = append(list, g)
		}
	}
	end := min(int(offset)+100, len(list))
	value := []any{}
	for _, g := range list[min(int(offset), len(list)):end] {
		grp := s.group(g)
		var md []any
		if mode == modeFull {
			for _, u := range s.memberUsers(st, g) {
				md = append(md, map[string]any{"@odata.type": "#microsoft.graph.user", "id": s.guid(kUser, uint32(u), 0)})
			}
		} else {
			old, now := map[int]bool{}, map[int]bool{}
			for _, u := range s.memberUsers(State(from), g) {
				old[u] = true
			}
			for _, u := range s.memberUsers(st, g) {
				now[u] = true
				if !old[u] {
					md = append(md, map[string]any{"@odata.type": "#microsoft.graph.user", "id": s.guid(kUser, uint32(u), 0)})
				}
			}
			for _, u := range s.memberUsers(State(from), g) {
				if !now[u] {
					md = append(md, map[string]any{"@odata.type": "#microsoft.graph.user", "id": s.guid(kUser, uint32(u), 0), "@removed": map[string]any{"reason": "deleted"}})
				}
			}
		}
		grp["members@delta"] = md
		value = append(value, grp)
	}
	out := map[string]any{"@odata.context": api + "$metadata#groups", "value": value}
	if end < len(list) {
		out["@odata.nextLink"] = self + "?$skiptoken=" + s.signInts("delta", epoch, mode, from, -2, int64(end))
	} else {
		out["@odata.deltaLink"] = self + "?$deltatoken=" + s.signInts("delta", epoch, modeLink, int64(st), -2, 0)
	}
	return jsonAnswer(http.StatusOK, out)
}

// groupMembers lists owners or members as directoryObjects
// (https://learn.microsoft.com/graph/api/group-list-members,
// https://learn.microsoft.com/graph/api/group-list-owners); the
// microsoft.graph.user cast segment keeps only the users (the
// group-list-members page's example of /members/microsoft.graph.user).
func (s *Server) groupMembers(st State, g int, rest string, q url.Values, self string) graphAnswer {
	users := s.memberUsers(st, g)
	if strings.HasPrefix(rest, "owners") {
		users = users[:min(len(users), s.ownerCount(g))]
	}
	objs := make([]func() any, 0, len(users)+1)
	for _, u := range users {
		objs = append(objs, func() any { return s.user(u) })
	}
	if ng, ok := s.nestedMember(g); ok && strings.HasPrefix(rest, "members") && !strings.HasSuffix(rest, "microsoft.graph.user") {
		objs = append(objs, func() any {
			m := s.group(ng)
			m["@odata.type"] = "#microsoft.graph.group"
			return m
		})
	}
	return s.page(q, self, len(objs), 100, func(i int) any { return objs[i]() })
}

// download serves a report's CSV at its pre-authenticated URL, with the
// documented columns. With concealed names (the tenant's report
// setting) the names and ids that identify a site's owner or a team are
// replaced by hashes.
func (s *Server) download(w http.ResponseWriter, r *http.Request) {
	s.graphReqs.Add(1)
	sig, payload, _ := strings.Cut(r.PathValue("token"), ".")
	raw, err := base64.RawURLEncoding.DecodeString(payload)
	name, state, _ := strings.Cut(string(raw), "|")
	if err != nil || sig != s.sign("report", name, state) {
		http.Error(w, "The download link has expired.", http.StatusForbidden)
		return
	}
	st := StateA
	if state == "B" {
		st = StateB
	}
	conceal := func(v string) string {
		if !s.cfg.ConcealedNames {
			return v
		}
		return strings.ToUpper(fmt.Sprintf("%016x%016x", s.hash(hID, 77, uint64(len(v))), s.hash(hID, 78, uint64(crcString(v)))))
	}
	var b bytes.Buffer
	refresh := StateATime.Format("2006-01-02")
	if st == StateB {
		refresh = StateBTime.Format("2006-01-02")
	}
	switch name {
	case "getSharePointSiteUsageDetail":
		b.WriteString("Report Refresh Date,Site Id,Site URL,Owner Display Name,Is Deleted,Last Activity Date,File Count,Active File Count,Page View Count,Visited Page Count,Storage Used (Byte),Storage Allocated (Byte),Root Web Template,Owner Principal Name,Report Period\n")
		for k := range s.allSites() {
			pers, _ := s.personal(k)
			if pers {
				continue // OneDrive usage is a report of its own
			}
			site := s.site(st, k)
			siteURL := site["webUrl"].(string)
			owner := s.user(int(s.hash(hUser, uint64(k), 5) % uint64(s.users())))
			if s.cfg.ConcealedNames {
				siteURL = ""
			}
			last := s.siteModified(st, k).Format("2006-01-02")
			fmt.Fprintf(&b, "%s,%s,%s,%s,False,%s,%d,%d,%d,%d,%d,%d,Group,%s,30\n", refresh, s.guid(kSiteCollection, uint32(k), 0), siteURL,
				conceal(owner["displayName"].(string)), last, s.itemCount(k)-1, (s.itemCount(k)-1)/3, s.hash(hDays, uint64(k), 9)%500, s.hash(hDays, uint64(k), 10)%50,
				s.hash(hDays, uint64(k), 11)%(1<<34), int64(1)<<40, conceal(owner["userPrincipalName"].(string)))
		}
	case "getTeamsTeamActivityDetail":
		b.WriteString("Report Refresh Date,Team Name,Team Id,Team Type,Last Activity Date,Report Period,Active Users,Active Channels,Guests,Reactions,Meetings Organized,Post Messages,Reply Messages,Channel Messages,Urgent Messages,Mentions,Active Shared Channels,Active External Users\n")
		for t := range s.cfg.Teams {
			grp := s.group(groupOfTeam(t))
			last := StateATime.AddDate(0, 0, -int(s.hash(hTeam, uint64(t), 8)%60)).Format("2006-01-02")
			fmt.Fprintf(&b, "%s,%s,%s,%s,%s,30,%d,%d,%d,%d,%d,%d,%d,%d,0,%d,0,0\n", refresh, conceal(grp["displayName"].(string)), conceal(grp["id"].(string)), grp["visibility"], last,
				s.hash(hTeam, uint64(t), 9)%40, len(s.channels(t)), s.hash(hTeam, uint64(t), 10)%3, s.hash(hTeam, uint64(t), 11)%90, s.hash(hTeam, uint64(t), 12)%12,
				s.hash(hTeam, uint64(t), 13)%50, s.hash(hTeam, uint64(t), 14)%80, s.hash(hTeam, uint64(t), 15)%130, s.hash(hTeam, uint64(t), 16)%20)
		}
	default:
		http.NotFound(w, r)
		return
	}
	w.Header().Set("Content-Type", "application/octet-stream")
	_, _ = w.Write(b.Bytes())
}

func crcString(v string) uint32 {
	var h uint32 = 2166136261
	for i := 0; i < len(v); i++ {
		h ^= uint32(v[i])
		h *= 16777619
	}
	return h
}

// sign makes a short check of parts, so that tokens the fake did not
// issue are refused.
func (s *Server) sign(parts ...string) string {
	h := s.hash(hToken)
	for _, p := range parts {
		h = s.hash(h, uint64(crcString(p)), uint64(len(p)))
	}
	return fmt.Sprintf("%016x", h)
}

// signInts encodes numbers as an opaque token with a check.
func (s *Server) signInts(kind string, v ...int64) string {
	var b strings.Builder
	for i, x := range v {
		if i > 0 {
			b.WriteByte('.')
		}
		b.WriteString(strconv.FormatInt(x, 10))
	}
	body := b.String()
	return base64.RawURLEncoding.EncodeToString([]byte(body + "~" + s.sign(kind, body)))
}

func (s *Server) unsignInts(kind, tok string) ([]int64, bool) {
	raw, err := base64.RawURLEncoding.DecodeString(tok)
	if err != nil {
		return nil, false
	}
	body, sig, ok := strings.Cut(string(raw), "~")
	if !ok || sig != s.sign(kind, body) {
		return nil, false
	}
	var out []int64
	for _, f := range strings.Split(body, ".") {
		x, err := strconv.ParseInt(f, 10, 64)
		if err != nil {
			return nil, false
		}
		out = append(out, x)
	}
	return out, true
}
