// Command fakeplatform serves a fake Confluence Cloud site, a fake
// Microsoft 365 tenant (token endpoint and Graph v1.0) and a fake
// endoflife.date (API v1, eol.go) on loopback for
// `make demo-pull`: answers in the shapes of the public API references,
// generated from the example inventory, with a few deliberate differences
// (an undeclared space and team, an archived space still live, anonymous
// access, a space without administrator, a disabled owner, a guest in a
// closed team) so that the demo shows what an audit of pulled data finds.
//
//	go run ./internal/fakeplatform -addr 127.0.0.1:18089 -project .
//
// With -scale it serves instead the tenant at scale of package scale
// (1 = 10,000 sites, 200,000 drive items, 2,000 teams, 500 spaces),
// throttled above -rps requests a second, in state A; POST
// /_fake/state?to=B switches it, GET /_fake/counters counts:
//
//	go run ./internal/fakeplatform -addr 127.0.0.1:18090 -scale 0.1
package main

import (
	"encoding/base64"
	"encoding/json"
	"flag"
	"fmt"
	"hash/crc32"
	"log"
	"net/http"
	"os"
	"slices"
	"strconv"
	"strings"

	"github.com/handbook-dev/handbook/generator/inventory"
	"github.com/handbook-dev/handbook/generator/snapshots"
	"github.com/handbook-dev/handbook/internal/fakeplatform/scale"
)

type space struct {
	ID, Key, Name, Status, Created string
	// Admins are administering groups; Users are people (e-mail
	// addresses) granted administer directly.
	Admins, Users []string
	Anonymous     bool
	Pages         int
	Modified      string
}

func main() {
	addr := flag.String("addr", "127.0.0.1:18089", "listen address (loopback)")
	project := flag.String("project", ".", "site project whose inventory the tenant mirrors")
	email := flag.String("email", "demo@lakeside-logistics.example", "accepted e-mail")
	token := flag.String("token", "demo-token", "accepted API token")
	tlsAddr := flag.String("tls", "127.0.0.1:18443", "the demo websites (HTTPS)")
	shortAddr := flag.String("tls-expiring", "127.0.0.1:18444", "a demo website whose certificate expires in five days")
	caOut := flag.String("ca-out", "bin/demo-ca.pem", "where to write the demo CA's certificate")
	scaleFactor := flag.Float64("scale", 0, "serve the tenant at scale, its counts times this factor (0: the demo tenant)")
	rps := flag.Int("rps", 50, "with -scale: requests a second per app above which the tenant answers 429 (0: never)")
	seed := flag.Uint64("seed", 14, "with -scale: the seed the tenant is generated from")
	faults := flag.Bool("faults", true, "with -scale: a few sites answer 423/403 and a few teams 404")
	flag.Parse()
	if *scaleFactor > 0 {
		cfg := scale.Default().Scaled(*scaleFactor)
		cfg.RPS, cfg.Seed, cfg.Faults = *rps, *seed, *faults
		fmt.Fprintf(os.Stderr, "tenant at scale on http://%s/: %d sites (+%d OneDrives), %d items, %d teams, %d spaces; Graph client %s, Confluence %s\n",
			*addr, cfg.Sites, cfg.PersonalSites, cfg.Items, cfg.Teams, cfg.Spaces, cfg.ClientID, cfg.Email)
		log.Fatal(http.ListenAndServe(*addr, scale.New(cfg).Handler()))
	}
	serveSites(*tlsAddr, *shortAddr, *caOut)
	inv, diags := inventory.Load(*project, inventory.Options{})
	if len(diags) > 0 {
		log.Fatal(diags)
	}
	var spaces []space
	// Each space's administering group holds its declared owners.
	members := map[string][]string{}
	for i, it := range inv.Items {
		if it.Kind != "confluence-space" {
			continue
		}
		key := snapshots.SpaceKey(it.Extra, it.URL)
		s := space{ID: strconv.Itoa(98305 + i*4096), Key: key, Name: it.Name, Status: "current", Created: "2022-03-01T09:00:00.000Z",
			Admins: []string{strings.ToLower(key) + "-admins"}, Pages: 20 + i*7, Modified: "2026-11-2" + strconv.Itoa(i%4) + "T10:00:00.000Z"}
		if it.Status == "archived" || it.Status == "retired" {
			s.Status = "archived"
		}
		members[s.Admins[0]] = it.Owners
		switch key {
		case "PLAN": // declared archived, still live on the platform
			s.Status = "current"
		case "PUBLIC":
			s.Anonymous = true
		case "QHSEDOCS": // its only administrator left
			s.Admins = nil
		case "FIN": // the second owner left the group; a controller administers directly
			members[s.Admins[0]] = it.Owners[:1]
			s.Users = []string{"t.vermeulen@lakeside-logistics.example"}
		}
		spaces = append(spaces, s)
	}
	spaces = append(spaces, space{ID: "999999", Key: "TMPMIGR", Name: "Temp migration notes", Status: "current", Created: "2026-09-14T08:00:00.000Z",
		Users: []string{"t.vermeulen@lakeside-logistics.example"}, Pages: 4, Modified: "2026-10-01T16:20:00.000Z"})

	m365 := newTenant(inv)
	// The plain-http addresses of the corporate and careers sites (their
	// port 80 is this address in the example's connect_to) redirect to
	// https; the shop's does not, and gets the API's 401.
	for _, host := range []string{corporateHost, careersHost} {
		http.HandleFunc("GET "+host+"/", func(w http.ResponseWriter, r *http.Request) {
			http.Redirect(w, r, "https://"+host+r.URL.RequestURI(), http.StatusMovedPermanently)
		})
	}
	http.HandleFunc("POST /{tenant}/oauth2/v2.0/token", m365.token)
	http.HandleFunc("GET /v1.0/", m365.graph)
	http.HandleFunc("POST /v1.0/$batch", m365.batch)
	eolAPI(http.DefaultServeMux)
	auth := "Basic " + base64.StdEncoding.EncodeToString([]byte(*email+":"+*token))
	http.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("Authorization") != auth {
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(http.StatusUnauthorized)
			fmt.Fprint(w, `{"code":401,"message":"Unauthorized; scope does not match"}`)
			return
		}
		answer(w, r, spaces, members)
	})
	fmt.Fprintf(os.Stderr, "fake Confluence Cloud tenant with %d spaces on http://%s/\n", len(spaces), *addr)
	log.Fatal(http.ListenAndServe(*addr, nil))
}

func answer(w http.ResponseWriter, r *http.Request, spaces []space, members map[string][]string) {
	p, q := r.URL.Path, r.URL.Query()
	base := "http://" + r.Host + "/wiki"
	byID := func(id string) *space {
		for i := range spaces {
			if spaces[i].ID == id {
				return &spaces[i]
			}
		}
		return nil
	}
	parts := strings.Split(strings.Trim(p, "/"), "/")
	switch {
	case p == "/wiki/api/v2/spaces":
		// Cursor pagination, five spaces a page.
		start, _ := strconv.Atoi(q.Get("cursor"))
		end := min(start+5, len(spaces))
		var results []map[string]any
		for _, s := range spaces[start:end] {
			results = append(results, map[string]any{"id": s.ID, "key": s.Key, "name": s.Name, "type": "global", "status": s.Status,
				"authorId": "557058:0f1e2d3c", "createdAt": s.Created, "homepageId": s.ID + "1",
				"description": map[string]any{"plain": map[string]any{"value": s.Name + " space", "representation": "plain"}}})
		}
		links := map[string]any{"base": base}
		if end < len(spaces) {
			links["next"] = fmt.Sprintf("/wiki/api/v2/spaces?limit=5&cursor=%d", end)
		}
		write(w, map[string]any{"results": results, "_links": links})
	case len(parts) == 6 && parts[5] == "permissions" && byID(parts[4]) != nil:
		s := byID(parts[4])
		results := []map[string]any{{"id": "1", "principal": map[string]any{"type": "group", "id": "staff"}, "operation": map[string]any{"key": "read", "targetType": "space"}}}
		for _, a := range s.Admins {
			results = append(results, map[string]any{"id": "2", "principal": map[string]any{"type": "group", "id": a}, "operation": map[string]any{"key": "administer", "targetType": "space"}})
		}
		for _, u := range s.Users {
			results = append(results, map[string]any{"id": "4", "principal": map[string]any{"type": "user", "id": accountID(u)}, "operation": map[string]any{"key": "administer", "targetType": "space"}})
		}
		write(w, map[string]any{"results": results, "_links": map[string]any{"base": base}})
	case p == "/wiki/rest/api/space" && q.Get("expand") == "permissions":
		// v1 space list: anonymous access is a permission with
		// anonymousAccess set (v2 assignments have no anonymous principal).
		start, _ := strconv.Atoi(q.Get("start"))
		start = min(start, len(spaces))
		end := min(start+5, len(spaces))
		var results []map[string]any
		for _, s := range spaces[start:end] {
			perms := []map[string]any{{"id": 1, "operation": map[string]any{"operation": "read", "targetType": "space"}, "anonymousAccess": false, "unlicensedAccess": false,
				"subjects": map[string]any{"group": map[string]any{"results": []map[string]any{{"type": "group", "name": "staff", "id": "staff"}}, "size": 1}}}}
			if s.Anonymous {
				perms = append(perms, map[string]any{"id": 3, "operation": map[string]any{"operation": "read", "targetType": "space"}, "anonymousAccess": true, "unlicensedAccess": false})
			}
			results = append(results, map[string]any{"id": s.ID, "key": s.Key, "name": s.Name, "type": "global", "status": s.Status, "permissions": perms})
		}
		links := map[string]any{"base": base, "context": "/wiki"}
		if end < len(spaces) {
			links["next"] = fmt.Sprintf("/rest/api/space?limit=5&start=%d&expand=permissions", end)
		}
		write(w, map[string]any{"results": results, "start": start, "limit": 5, "size": len(results), "_links": links})
	case len(parts) == 6 && parts[5] == "labels":
		write(w, map[string]any{"results": []map[string]any{{"id": "1", "name": "lakeside", "prefix": "global"}}, "_links": map[string]any{"base": base}})
	case p == "/wiki/rest/api/search":
		write(w, search(q.Get("cql"), spaces, base))
	case p == "/wiki/rest/api/user/bulk":
		var results []map[string]any
		for _, s := range spaces {
			for _, u := range s.Users {
				if slices.Contains(q["accountId"], accountID(u)) {
					results = append(results, user(u))
				}
			}
		}
		write(w, map[string]any{"results": results, "start": 0, "limit": len(results), "size": len(results), "_links": map[string]any{"base": base}})
	case p == "/wiki/rest/api/group/by-id":
		write(w, map[string]any{"type": "group", "name": q.Get("id"), "id": q.Get("id")})
	case len(parts) == 6 && parts[3] == "group" && parts[5] == "membersByGroupId":
		var results []map[string]any
		for _, m := range members[parts[4]] {
			results = append(results, user(m))
		}
		write(w, map[string]any{"results": results, "start": 0, "limit": 200, "size": len(results), "_links": map[string]any{"base": base}})
	default:
		http.NotFound(w, r)
	}
}

// search answers the two CQL searches the pull makes: a space's newest
// page with the count of its pages (space = "KEY" and type = page order by
// lastmodified desc), and the newest page modified since a date outside
// the spaces already found (type = page and lastmodified >= "yyyy/MM/dd
// HH:mm" [and space not in ("A","B")]).
func search(cql string, spaces []space, base string) map[string]any {
	result := func(s space) map[string]any {
		return map[string]any{"content": map[string]any{"id": s.ID + "7", "type": "page", "status": "current", "title": "Recent page",
			"space": map[string]any{"id": s.ID, "key": s.Key, "name": s.Name, "type": "global", "status": s.Status}},
			"title": "Recent page", "url": "/spaces/" + s.Key + "/pages/" + s.ID + "7", "entityType": "content",
			"resultGlobalContainer": map[string]any{"title": s.Name, "displayUrl": "/spaces/" + s.Key}, "lastModified": s.Modified}
	}
	results, total := []map[string]any{}, 0
	if since, ok := strings.CutPrefix(cql, `type = page and lastmodified >= "`); ok {
		date, rest, _ := strings.Cut(since, `"`)
		for _, s := range spaces {
			modified := strings.NewReplacer("-", "/", "T", " ").Replace(s.Modified)
			if modified >= date && !strings.Contains(rest, `"`+s.Key+`"`) {
				results, total = append(results[:0], result(s)), total+1
			}
		}
	} else {
		for _, s := range spaces {
			if strings.HasPrefix(cql, `space = "`+s.Key+`"`) {
				results, total = append(results, result(s)), s.Pages
			}
		}
	}
	return map[string]any{"results": results, "start": 0, "limit": 1, "size": len(results), "totalSize": total, "cqlQuery": cql,
		"_links": map[string]any{"base": base, "context": "/wiki"}}
}

// accountID makes a stable Atlassian-style account id for an address.
func accountID(email string) string {
	return fmt.Sprintf("712020:%08x", crc32.ChecksumIEEE([]byte(email)))
}

// user is a Confluence Cloud user object for an address.
func user(email string) map[string]any {
	name, _, _ := strings.Cut(email, "@")
	return map[string]any{"type": "known", "accountId": accountID(email), "accountType": "atlassian", "email": email, "publicName": name, "displayName": name}
}

func write(w http.ResponseWriter, v any) {
	w.Header().Set("Content-Type", "application/json;charset=UTF-8")
	_ = json.NewEncoder(w).Encode(v)
}
