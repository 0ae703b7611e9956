package scale

import (
	"encoding/base64"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"time"
)

// The Confluence Cloud side: Spaces spaces with their permissions,
// labels and pages, and the groups and users they name.

func (s *Server) confluenceUsers() int { return max(200, s.cfg.Spaces*2) }

func spaceNumericID(i int) int64 { return 163840 + int64(i)*65536 }

func (s *Server) parseSpaceID(id string) (int, bool) {
	v, err := strconv.ParseInt(id, 10, 64)
	if err != nil || v < 163840 || (v-163840)%65536 != 0 {
		return 0, false
	}
	i := int((v - 163840) / 65536)
	return i, i < s.cfg.Spaces
}

func spaceKey(i int) string {
	return fmt.Sprintf("%s%04d", strings.ToUpper((siteWords[i%len(siteWords)] + "xx")[:3]), i)
}

func (s *Server) spaceByKey(key string) (int, bool) {
	if len(key) < 5 {
		return 0, false
	}
	i, err := strconv.Atoi(key[len(key)-4:])
	if err != nil || i >= s.cfg.Spaces || spaceKey(i) != key {
		return 0, false
	}
	return i, true
}

// spaceChanged says whether state B changed space i (about 1%, and
// always the first).
func (s *Server) spaceChanged(i int) bool { return i == 0 || s.hash(hSpace, uint64(i), 99)%100 == 0 }

func (s *Server) accountID(u int) string { return "712020:" + s.guid(kUser, uint32(u), 1) }

func (s *Server) accountIndex(id string) (int, bool) {
	u, b, ok := s.parseGUID(kUser, strings.TrimPrefix(id, "712020:"))
	return int(u), ok && b == 1 && strings.HasPrefix(id, "712020:")
}

// confluenceUser is a Confluence Cloud user
// (https://developer.atlassian.com/cloud/confluence/rest/v1/api-group-users/#api-wiki-rest-api-user-get).
func (s *Server) confluenceUser(u int, base string) map[string]any {
	name := fmt.Sprintf("%s User%05d", givenNames[u%len(givenNames)], u)
	return map[string]any{"type": "known", "accountId": s.accountID(u), "accountType": "atlassian", "email": fmt.Sprintf("user%05d@contoso.example", u),
		"publicName": name, "displayName": name, "timeZone": "Europe/Amsterdam", "isExternalCollaborator": u%30 == 0,
		"profilePicture": map[string]any{"path": "/wiki/aa-avatar/" + s.accountID(u), "width": 48, "height": 48, "isDefault": true},
		"_links":         map[string]any{"self": base + "/rest/api/user?accountId=" + s.accountID(u)}}
}

// Confluence groups: group 0 is confluence-users (every user); group
// i+1 administers space i.
func (s *Server) confGroupID(g int) string { return s.guid(kSpaceGroup, uint32(g), 0) }

func (s *Server) confGroupName(g int) string {
	if g == 0 {
		return "confluence-users"
	}
	return strings.ToLower(spaceKey(g-1)) + "-administrators"
}

func (s *Server) confGroupByID(id string) (int, bool) {
	g, _, ok := s.parseGUID(kSpaceGroup, id)
	return int(g), ok && int(g) <= s.cfg.Spaces
}

func (s *Server) confGroupByName(name string) (int, bool) {
	if name == "confluence-users" {
		return 0, true
	}
	i, ok := s.spaceByKey(strings.ToUpper(strings.TrimSuffix(name, "-administrators")))
	return i + 1, ok && strings.HasSuffix(name, "-administrators")
}

// confGroupMembers are the user indexes of a group in a state; every
// 25th administrators group has more members than one page holds.
func (s *Server) confGroupMembers(st State, g int) []int {
	if g == 0 {
		out := make([]int, s.confluenceUsers())
		for u := range out {
			out[u] = u
		}
		return out
	}
	n := 2 + int(s.hash(hSpace, uint64(g), 1)%8)
	if g%25 == 1 {
		n = 150 + int(s.hash(hSpace, uint64(g), 2)%150)
	}
	start := int(s.hash(hSpace, uint64(g), 3) % uint64(s.confluenceUsers()))
	out := make([]int, 0, n+1)
	for j := range n {
		out = append(out, (start+j*7919)%s.confluenceUsers())
	}
	if st == StateB && s.spaceChanged(g-1) {
		out = append(out[:len(out)-1], (start+n*7919)%s.confluenceUsers())
	}
	return out
}

// space is a v2 space
// (https://developer.atlassian.com/cloud/confluence/rest/v2/api-group-space/#api-spaces-get).
func (s *Server) space(i int, base string) map[string]any {
	status := "current"
	if s.hash(hSpace, uint64(i), 4)%33 == 0 {
		status = "archived"
	}
	id := strconv.FormatInt(spaceNumericID(i), 10)
	name := fmt.Sprintf("%s space %04d", strings.ToUpper(siteWords[i%len(siteWords)][:1])+siteWords[i%len(siteWords)][1:], i)
	return map[string]any{"id": id, "key": spaceKey(i), "name": name, "type": "global", "status": status,
		"authorId": s.accountID(int(s.hash(hSpace, uint64(i), 5) % uint64(s.confluenceUsers()))), "createdAt": StateATime.AddDate(0, 0, -100-int(s.hash(hSpace, uint64(i), 6)%1500)).Format("2006-01-02T15:04:05.000Z"),
		"homepageId":  strconv.FormatInt(spaceNumericID(i)+1, 10),
		"description": map[string]any{"plain": map[string]any{"value": name + ": notes and procedures", "representation": "plain"}},
		"_links":      map[string]any{"webui": "/spaces/" + spaceKey(i)}}
}

// anonymous: one space in twenty grants anonymous read; on Cloud that
// shows only in v1's space permissions (anonymousAccess), never as a v2
// principal (v2 principals are user, group or role).
func (s *Server) anonymous(i int) bool { return s.hash(hSpace, uint64(i), 7)%20 == 0 }

type assignment struct {
	kind, id, op, target string
}

// assignments are space i's permission assignments in a state.
func (s *Server) assignments(st State, i int) []assignment {
	var out []assignment
	for _, op := range [][2]string{{"read", "space"}, {"create", "page"}, {"create", "comment"}} {
		out = append(out, assignment{"group", s.confGroupID(0), op[0], op[1]})
	}
	for _, op := range [][2]string{{"read", "space"}, {"create", "page"}, {"delete", "page"}, {"export", "space"}, {"administer", "space"}} {
		out = append(out, assignment{"group", s.confGroupID(i + 1), op[0], op[1]})
	}
	users := int(s.hash(hSpace, uint64(i), 8) % 3)
	if st == StateB && s.spaceChanged(i) {
		users++
	}
	for j := range users {
		u := s.accountID(int(s.hash(hSpace, uint64(i), 9, uint64(j)) % uint64(s.confluenceUsers())))
		out = append(out, assignment{"user", u, "read", "space"}, assignment{"user", u, "administer", "space"})
	}
	if i%17 == 3 {
		out = append(out, assignment{"role", s.guid(kSpaceGroup, uint32(i), 9), "read", "space"})
	}
	return out
}

// pageTimes are the last-modified times of space i's pages in a state,
// newest first.
func (s *Server) pageTimes(st State, i int) []time.Time {
	n := 5 + int(s.hash(hPages, uint64(i))%400)
	out := make([]time.Time, 0, n+3)
	for p := range n {
		out = append(out, StateATime.Add(-time.Duration(s.hash(hPages, uint64(i), uint64(p))%(24*900))*time.Hour))
	}
	if st == StateB && s.spaceChanged(i) {
		for p := range 3 {
			out = append(out, StateBTime.Add(-time.Duration(p)*time.Minute))
		}
	}
	sort.Slice(out, func(a, b int) bool { return out[a].After(out[b]) })
	return out
}

// confluence serves /wiki/... with Basic auth (e-mail and API token),
// per-account throttling and the v1 and v2 endpoints a pull reads.
func (s *Server) confluence(w http.ResponseWriter, r *http.Request) {
	email, tok, ok := r.BasicAuth()
	if !ok || email != s.cfg.Email || tok != s.cfg.APIToken {
		writeJSON(w, http.StatusUnauthorized, nil, map[string]any{"code": 401, "message": "Unauthorized; scope does not match"})
		return
	}
	s.confReqs.Add(1)
	if ok, serial := s.confLimit.admit(); !ok {
		// Rate limiting: 429 with Retry-After (seconds) and the
		// X-RateLimit headers, X-RateLimit-Reset an ISO 8601 timestamp
		// (https://developer.atlassian.com/cloud/confluence/rate-limiting/).
		s.confThrot.Add(1)
		ra := s.retryAfter(serial)
		h := http.Header{}
		h.Set("Retry-After", strconv.Itoa(ra))
		h.Set("X-RateLimit-Limit", strconv.Itoa(s.cfg.RPS))
		h.Set("X-RateLimit-Remaining", "0")
		h.Set("X-RateLimit-Reset", s.now().UTC().Add(time.Duration(ra)*time.Second).Format("2006-01-02T15:04Z"))
		h.Set("X-RateLimit-NearLimit", "true")
		writeJSON(w, http.StatusTooManyRequests, h, map[string]any{"statusCode": 429, "message": "Rate limit exceeded."})
		return
	}
	st := s.CurrentState()
	base := "http://" + r.Host + "/wiki"
	p, q := strings.TrimPrefix(r.URL.Path, "/wiki"), r.URL.Query()
	parts := strings.Split(strings.Trim(p, "/"), "/")
	notFound := func() {
		writeJSON(w, http.StatusNotFound, nil, map[string]any{"errors": []any{map[string]any{"status": 404, "code": "NOT_FOUND", "title": "Not Found", "detail": nil}}})
	}
	limit := func(def, maxLimit int) int {
		if v, err := strconv.Atoi(q.Get("limit")); err == nil && v > 0 {
			return min(v, maxLimit)
		}
		return def
	}
	switch {
	case p == "/api/v2/spaces":
		// Cursor pagination: _links.next is relative to the site
		// (it starts with /wiki), with a Link header too
		// (https://developer.atlassian.com/cloud/confluence/rest/v2/intro/#using-pagination).
		// keys= and ids= narrow the list.
		list := make([]int, 0, s.cfg.Spaces)
		for i := range s.cfg.Spaces {
			list = append(list, i)
		}
		if keys, ids := q.Get("keys"), q.Get("ids"); keys != "" || ids != "" {
			list = list[:0]
			for _, k := range strings.Split(keys, ",") {
				if i, ok := s.spaceByKey(strings.TrimSpace(k)); ok {
					list = append(list, i)
				}
			}
			for _, id := range strings.Split(ids, ",") {
				if i, ok := s.parseSpaceID(strings.TrimSpace(id)); ok {
					list = append(list, i)
				}
			}
		}
		s.cursorPage(w, q, base, "/wiki/api/v2/spaces", len(list), limit(25, 250), func(n int) any { return s.space(list[n], base) })
	case len(parts) == 5 && parts[0] == "api" && parts[2] == "spaces":
		i, ok := s.parseSpaceID(parts[3])
		if !ok {
			notFound()
			return
		}
		self := "/wiki/api/v2/spaces/" + parts[3] + "/" + parts[4]
		switch parts[4] {
		case "permissions":
			// https://developer.atlassian.com/cloud/confluence/rest/v2/api-group-space-permissions/#api-spaces-id-permissions-get
			as := s.assignments(st, i)
			s.cursorPage(w, q, base, self, len(as), limit(25, 250), func(n int) any {
				a := as[n]
				return map[string]any{"id": strconv.FormatInt(spaceNumericID(i)*100+int64(n), 10), "principal": map[string]any{"type": a.kind, "id": a.id},
					"operation": map[string]any{"key": a.op, "targetType": a.target}}
			})
		case "labels":
			// https://developer.atlassian.com/cloud/confluence/rest/v2/api-group-label/#api-spaces-id-labels-get
			n := int(s.hash(hSpace, uint64(i), 10) % 4)
			if st == StateB && s.spaceChanged(i) {
				n++
			}
			s.cursorPage(w, q, base, self, n, limit(25, 250), func(l int) any {
				return map[string]any{"id": strconv.FormatInt(spaceNumericID(i)+100+int64(l), 10), "name": []string{"handbook", "archive", "procedures", "team", "reviewed"}[l%5], "prefix": "global"}
			})
		case "pages":
			// https://developer.atlassian.com/cloud/confluence/rest/v2/api-group-page/#api-spaces-id-pages-get
			times := s.pageTimes(st, i)
			if q.Get("sort") == "modified-date" {
				sort.Slice(times, func(a, b int) bool { return times[a].Before(times[b]) })
			}
			s.cursorPage(w, q, base, self, len(times), limit(25, 250), func(n int) any {
				id := strconv.FormatInt(spaceNumericID(i)+1000+int64(n), 10)
				return map[string]any{"id": id, "status": "current", "title": fmt.Sprintf("Page %d", n), "spaceId": parts[3], "parentType": "page",
					"authorId": s.accountID(n % s.confluenceUsers()), "createdAt": times[n].AddDate(0, -2, 0).Format("2006-01-02T15:04:05.000Z"),
					"version": map[string]any{"number": 1 + n%7, "message": "", "minorEdit": false, "authorId": s.accountID(n % s.confluenceUsers()), "createdAt": times[n].Format("2006-01-02T15:04:05.000Z")},
					"_links":  map[string]any{"webui": "/spaces/" + spaceKey(i) + "/pages/" + id, "tinyui": "/x/" + id}}
			})
		default:
			notFound()
		}
	case p == "/rest/api/search":
		s.search(w, st, q, base)
	case p == "/rest/api/space":
		// https://developer.atlassian.com/cloud/confluence/rest/v1/api-group-space/#api-wiki-rest-api-space-get
		// offset paging, _links.next relative to _links.base.
		lim := 25
		if v, err := strconv.Atoi(q.Get("limit")); err == nil && v > 0 {
			lim = min(v, 250)
		}
		start, _ := strconv.Atoi(q.Get("start"))
		start = max(0, min(start, s.cfg.Spaces))
		end := min(start+lim, s.cfg.Spaces)
		results := []any{}
		for i := start; i < end; i++ {
			results = append(results, s.v1Space(st, i, base, strings.Contains(q.Get("expand"), "permissions")))
		}
		links := map[string]any{"base": base, "context": "/wiki", "self": base + "/rest/api/space"}
		if end < s.cfg.Spaces {
			links["next"] = "/rest/api/space?" + url.Values{"start": {strconv.Itoa(end)}, "limit": {strconv.Itoa(lim)}, "expand": {q.Get("expand")}}.Encode()
		}
		writeJSON(w, http.StatusOK, nil, map[string]any{"results": results, "start": start, "limit": lim, "size": len(results), "_links": links})
	case len(parts) == 4 && parts[0] == "rest" && parts[2] == "space":
		// https://developer.atlassian.com/cloud/confluence/rest/v1/api-group-space/#api-wiki-rest-api-space-spacekey-get
		// with expand=permissions: anonymousAccess is how Cloud says
		// anonymous users may read the space.
		i, ok := s.spaceByKey(parts[3])
		if !ok {
			notFound()
			return
		}
		writeJSON(w, http.StatusOK, nil, s.v1Space(st, i, base, strings.Contains(q.Get("expand"), "permissions")))
	case p == "/rest/api/group/by-id":
		g, ok := s.confGroupByID(q.Get("id"))
		if !ok {
			notFound()
			return
		}
		writeJSON(w, http.StatusOK, nil, map[string]any{"type": "group", "name": s.confGroupName(g), "id": s.confGroupID(g), "_links": map[string]any{"base": base, "context": "/wiki"}})
	case (len(parts) == 5 && parts[0] == "rest" && parts[2] == "group" && parts[4] == "membersByGroupId") || p == "/rest/api/group/member":
		// https://developer.atlassian.com/cloud/confluence/rest/v1/api-group-group/#api-wiki-rest-api-group-groupid-membersbygroupid-get
		// (and the deprecated /group/member?name=): offset paging, at
		// most 200 a page, _links.next relative to _links.base.
		var g int
		var ok bool
		var self string
		if p == "/rest/api/group/member" {
			g, ok = s.confGroupByName(q.Get("name"))
			self = "/rest/api/group/member?name=" + url.QueryEscape(q.Get("name")) + "&"
		} else {
			g, ok = s.confGroupByID(parts[3])
			self = "/rest/api/group/" + parts[3] + "/membersByGroupId?"
		}
		if !ok {
			notFound()
			return
		}
		members := s.confGroupMembers(st, g)
		lim := limit(200, 200)
		start, _ := strconv.Atoi(q.Get("start"))
		start = max(0, min(start, len(members)))
		end := min(start+lim, len(members))
		results := make([]any, 0, end-start)
		for _, u := range members[start:end] {
			results = append(results, s.confluenceUser(u, base))
		}
		links := map[string]any{"base": base, "context": "/wiki", "self": base + self + fmt.Sprintf("start=%d&limit=%d", start, lim)}
		if end < len(members) {
			links["next"] = self + fmt.Sprintf("start=%d&limit=%d", end, lim)
		}
		writeJSON(w, http.StatusOK, nil, map[string]any{"results": results, "start": start, "limit": lim, "size": len(results), "_links": links})
	case p == "/rest/api/user/bulk" || p == "/rest/api/user":
		// https://developer.atlassian.com/cloud/confluence/rest/v1/api-group-users/#api-wiki-rest-api-user-bulk-get
		var results []any
		for _, id := range q["accountId"] {
			if u, ok := s.accountIndex(id); ok && u < s.confluenceUsers() {
				results = append(results, s.confluenceUser(u, base))
			}
		}
		if p == "/rest/api/user" {
			if len(results) == 0 {
				notFound()
				return
			}
			writeJSON(w, http.StatusOK, nil, results[0])
			return
		}
		writeJSON(w, http.StatusOK, nil, map[string]any{"results": results, "start": 0, "limit": len(results), "size": len(results), "_links": map[string]any{"base": base, "context": "/wiki"}})
	default:
		notFound()
	}
}

// cursorPage writes a v2 page: results, and _links.next (relative,
// starting /wiki) with a Link header while more remain.
func (s *Server) cursorPage(w http.ResponseWriter, q url.Values, base, self string, n, lim int, obj func(int) any) {
	start := 0
	if c := q.Get("cursor"); c != "" {
		v, ok := s.unsignInts("cursor", c)
		if !ok || len(v) != 1 {
			writeJSON(w, http.StatusBadRequest, nil, map[string]any{"errors": []any{map[string]any{"status": 400, "code": "INVALID_REQUEST_PARAMETER", "title": "Provided value {" + c + "} for 'cursor' is not the correct type. Expected type is ContentCursor", "detail": nil}}})
			return
		}
		start = int(v[0])
	}
	end := min(start+lim, n)
	results := make([]any, 0, max(0, end-start))
	for i := start; i < end; i++ {
		results = append(results, obj(i))
	}
	links := map[string]any{"base": base}
	h := http.Header{}
	if end < n {
		next := url.Values{}
		for k, v := range q {
			next[k] = v
		}
		next.Set("cursor", s.signInts("cursor", int64(end)))
		links["next"] = self + "?" + next.Encode()
		h.Set("Link", "<"+links["next"].(string)+`>; rel="next", <`+base+`>; rel="base"`)
	}
	writeJSON(w, http.StatusOK, h, map[string]any{"results": results, "_links": links})
}

var (
	cqlSpace    = regexp.MustCompile(`(?i)\bspace\s*(=|in)\s*(\([^)]*\)|"[^"]*"|[A-Za-z0-9~]+)`)
	cqlNotSpace = regexp.MustCompile(`(?i)\bspace\s+not\s+in\s*(\([^)]*\))`)
	cqlKey      = regexp.MustCompile(`[A-Za-z0-9~]+`)
	cqlModified = regexp.MustCompile(`(?i)lastmodified\s*(>=|>|<=|<)\s*"?([0-9][0-9/:\- ]+[0-9])"?`)
)

// search is v1 CQL search
// (https://developer.atlassian.com/cloud/confluence/rest/v1/api-group-search/#api-wiki-rest-api-search-get):
// pages of one space (space = KEY), of several (space in (...)) or of
// the whole site, filtered by lastmodified
// (https://developer.atlassian.com/cloud/confluence/cql-fields/#last-modified),
// newest first; totalSize counts every match; _links.next is relative
// to _links.base.
func (s *Server) search(w http.ResponseWriter, st State, q url.Values, base string) {
	cql := q.Get("cql")
	bad := func() {
		writeJSON(w, http.StatusBadRequest, nil, map[string]any{"statusCode": 400, "message": "Could not parse cql : " + cql})
	}
	if strings.TrimSpace(cql) == "" {
		bad()
		return
	}
	var spaces []int
	if m := cqlSpace.FindStringSubmatch(cql); m != nil {
		for _, key := range cqlKey.FindAllString(m[2], -1) {
			if i, ok := s.spaceByKey(key); ok {
				spaces = append(spaces, i)
			}
		}
	} else {
		// CQL's NOT IN (cql-fields, "space"): every space but those.
		excluded := map[int]bool{}
		if m := cqlNotSpace.FindStringSubmatch(cql); m != nil {
			for _, key := range cqlKey.FindAllString(m[1], -1) {
				if i, ok := s.spaceByKey(key); ok {
					excluded[i] = true
				}
			}
		}
		for i := range s.cfg.Spaces {
			if !excluded[i] {
				spaces = append(spaces, i)
			}
		}
	}
	type hit struct {
		space, n int
		at       time.Time
	}
	var filters []func(time.Time) bool
	for _, f := range cqlModified.FindAllStringSubmatch(cql, -1) {
		var t time.Time
		var err error
		for _, layout := range []string{"2006/01/02 15:04", "2006-01-02 15:04", "2006/01/02", "2006-01-02"} {
			if t, err = time.Parse(layout, f[2]); err == nil {
				break
			}
		}
		if err != nil {
			bad()
			return
		}
		op := f[1]
		filters = append(filters, func(pt time.Time) bool {
			return (op == ">" && pt.After(t)) || (op == ">=" && !pt.Before(t)) || (op == "<" && pt.Before(t)) || (op == "<=" && !pt.After(t))
		})
	}
	var hits []hit
	for _, i := range spaces {
	pages:
		for n, pt := range s.pageTimes(st, i) {
			for _, f := range filters {
				if !f(pt) {
					continue pages
				}
			}
			hits = append(hits, hit{i, n, pt})
		}
	}
	sort.SliceStable(hits, func(a, b int) bool { return hits[a].at.After(hits[b].at) })
	lim := 25
	if v, err := strconv.Atoi(q.Get("limit")); err == nil && v >= 0 {
		lim = min(v, 100)
	}
	start, _ := strconv.Atoi(q.Get("start"))
	start = max(0, min(start, len(hits)))
	end := min(start+lim, len(hits))
	results := []any{}
	for _, h := range hits[start:end] {
		id := strconv.FormatInt(spaceNumericID(h.space)+1000+int64(h.n), 10)
		key := spaceKey(h.space)
		results = append(results, map[string]any{"content": map[string]any{"id": id, "type": "page", "status": "current", "title": fmt.Sprintf("Page %d", h.n),
			"_expandable": map[string]any{"space": "/rest/api/space/" + key}},
			"title": fmt.Sprintf("Page %d", h.n), "excerpt": "", "url": "/spaces/" + key + "/pages/" + id, "entityType": "content",
			"resultGlobalContainer": map[string]any{"title": s.space(h.space, base)["name"], "displayUrl": "/spaces/" + key},
			"lastModified":          h.at.Format("2006-01-02T15:04:05.000Z"), "friendlyLastModified": h.at.Format("Jan 02, 2006")})
	}
	links := map[string]any{"base": base, "context": "/wiki"}
	if end < len(hits) {
		links["next"] = "/rest/api/search?" + url.Values{"cql": {cql}, "limit": {strconv.Itoa(lim)}, "start": {strconv.Itoa(end)},
			"cursor": {base64.RawURLEncoding.EncodeToString([]byte(strconv.Itoa(end)))}, "next": {"true"}}.Encode()
	}
	writeJSON(w, http.StatusOK, nil, map[string]any{"results": results, "start": start, "limit": lim, "size": len(results), "totalSize": len(hits),
		"cqlQuery": cql, "searchDuration": 12, "_links": links})
}

// v1Space is a space as the v1 API gives it, with its permissions when
// expanded.
func (s *Server) v1Space(st State, i int, base string, withPermissions bool) map[string]any {
	sp := s.space(i, base)
	out := map[string]any{"id": spaceNumericID(i), "key": sp["key"], "name": sp["name"], "type": "global", "status": sp["status"],
		"_links": map[string]any{"webui": "/spaces/" + spaceKey(i), "self": base + "/rest/api/space/" + spaceKey(i), "base": base, "context": "/wiki"}}
	if withPermissions {
		var perms []any
		for n, a := range s.assignments(st, i) {
			subj := map[string]any{}
			switch a.kind {
			case "group":
				g, _ := s.confGroupByID(a.id)
				subj["group"] = map[string]any{"results": []any{map[string]any{"type": "group", "name": s.confGroupName(g), "id": a.id}}, "size": 1}
			case "user":
				u, _ := s.accountIndex(a.id)
				subj["user"] = map[string]any{"results": []any{s.confluenceUser(u, base)}, "size": 1}
			default:
				continue
			}
			perms = append(perms, map[string]any{"id": n + 1, "subjects": subj, "operation": map[string]any{"operation": a.op, "targetType": a.target}, "anonymousAccess": false, "unlicensedAccess": false})
		}
		if s.anonymous(i) {
			perms = append(perms, map[string]any{"id": 999, "operation": map[string]any{"operation": "read", "targetType": "space"}, "anonymousAccess": true, "unlicensedAccess": false})
		}
		out["permissions"] = perms
	}
	return out
}
