package confluence

import (
	"context"
	"encoding/base64"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/handbook-dev/handbook/generator/pull"
	"github.com/handbook-dev/handbook/generator/pulldata"
	"github.com/handbook-dev/handbook/internal/sentinel"
)

// The recorded answers under testdata follow Atlassian's documentation;
// testdata/README.md names the page each file follows.

// answer is a recorded response: a testdata file, or a bare status.
type answer struct {
	file   string
	status int
	header map[string]string
}

// tenant serves recorded answers under prefix (a Data Center context
// path, or api.atlassian.com's /ex/confluence/{cloudId}), checking
// credentials, and logs every request it gets.
type tenant struct {
	*httptest.Server
	mu       sync.Mutex
	requests []string
}

// count is how many requests matched f.
func (tn *tenant) count(f func(string) bool) int {
	tn.mu.Lock()
	defer tn.mu.Unlock()
	n := 0
	for _, r := range tn.requests {
		if f(r) {
			n++
		}
	}
	return n
}

func serve(t *testing.T, dir, prefix, wantAuth string, route func(r *http.Request, p string, q url.Values) answer) *tenant {
	t.Helper()
	tn := &tenant{}
	tn.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		tn.mu.Lock()
		tn.requests = append(tn.requests, r.Method+" "+r.URL.RequestURI())
		tn.mu.Unlock()
		if r.Header.Get("Authorization") != wantAuth {
			t.Errorf("%s %s without the right credentials", r.Method, r.URL)
			w.WriteHeader(http.StatusUnauthorized)
			return
		}
		p, ok := strings.CutPrefix(r.URL.Path, prefix)
		if !ok {
			t.Errorf("request outside %s: %s", prefix, r.URL)
			http.NotFound(w, r)
			return
		}
		a := route(r, p, r.URL.Query())
		for k, v := range a.header {
			w.Header().Set(k, v)
		}
		if a.file == "" {
			if a.status == 0 {
				t.Errorf("unexpected request %s %s", r.Method, r.URL)
				a.status = http.StatusNotFound
			}
			w.Header().Set("Content-Type", "application/json;charset=UTF-8")
			w.WriteHeader(a.status)
			fmt.Fprintf(w, `{"statusCode":%d,"message":%q}`, a.status, http.StatusText(a.status))
			return
		}
		data, err := os.ReadFile(filepath.Join("testdata", dir, a.file))
		if err != nil {
			t.Error(err)
			return
		}
		if strings.HasSuffix(a.file, ".xml") {
			w.Header().Set("Content-Type", "application/xml")
		} else {
			w.Header().Set("Content-Type", "application/json;charset=UTF-8")
		}
		w.Write(data)
	}))
	t.Cleanup(tn.Close)
	return tn
}

// cloudRoute answers a Confluence Cloud site; search answers the CQL
// searches (nil: the per-space count of WOPS, none elsewhere).
func cloudRoute(search func(cql string) answer) func(r *http.Request, p string, q url.Values) answer {
	return func(r *http.Request, p string, q url.Values) answer {
		switch {
		case p == "/wiki/api/v2/spaces" && q.Get("cursor") == "":
			return answer{file: "spaces-1.json"}
		case p == "/wiki/api/v2/spaces" && q.Get("cursor") == "eyJpZCI6IjEzMTA3MyJ9":
			return answer{file: "spaces-2.json"}
		case p == "/wiki/api/v2/spaces/98305/permissions" && q.Get("cursor") == "":
			// The next page is announced in a Link header only, from the site root.
			return answer{file: "permissions-98305-1.json", header: map[string]string{"Link": `</wiki/api/v2/spaces/98305/permissions?limit=100&cursor=p2>; rel="next", <https://lakeside.atlassian.net/wiki>; rel="base"`}}
		case p == "/wiki/api/v2/spaces/98305/permissions" && q.Get("cursor") == "p2":
			return answer{file: "permissions-98305-2.json"}
		case p == "/wiki/api/v2/spaces/131073/permissions", p == "/wiki/api/v2/spaces/163841/permissions":
			return answer{file: "permissions-" + strings.Split(p, "/")[5] + ".json"}
		case p == "/wiki/rest/api/space" && q.Get("expand") == "permissions" && q.Get("start") == "":
			return answer{file: "spaces-v1-1.json"}
		case p == "/wiki/rest/api/space" && q.Get("expand") == "permissions" && q.Get("start") == "2":
			return answer{file: "spaces-v1-2.json"}
		case p == "/wiki/api/v2/spaces/98305/labels":
			return answer{file: "labels.json"}
		case p == "/wiki/api/v2/spaces/131073/labels", p == "/wiki/api/v2/spaces/163841/labels":
			return answer{file: "labels-empty.json"}
		case p == "/wiki/rest/api/search" && search != nil && strings.Contains(q.Get("cql"), "lastmodified >="):
			return search(q.Get("cql"))
		case p == "/wiki/rest/api/search" && q.Get("cql") == `space = "WOPS" and type = page order by lastmodified desc`:
			return answer{file: "search.json"}
		case p == "/wiki/rest/api/search" && strings.HasPrefix(q.Get("cql"), `space = "`):
			return answer{file: "search-empty.json"}
		case p == "/wiki/rest/api/user/bulk" && strings.Join(q["accountId"], ",") == "5b10a2844c20165700ede21g,5b10ac8d82e05b22cc7d4ef5":
			return answer{file: "users-bulk.json"}
		case p == "/wiki/rest/api/group/by-id" && q.Get("id") == "a1b2c3d4-wops-admins":
			return answer{file: "group-by-id.json"}
		case p == "/wiki/rest/api/group/a1b2c3d4-wops-admins/membersByGroupId" && q.Get("start") == "0":
			return answer{file: "group-members-1.json"}
		case p == "/wiki/rest/api/group/a1b2c3d4-wops-admins/membersByGroupId" && q.Get("start") == "1":
			// Reached through a next link relative to _links.base (…/wiki).
			return answer{file: "group-members-2.json"}
		}
		return answer{}
	}
}

func cloudAuth(email, token string) string {
	return "Basic " + base64.StdEncoding.EncodeToString([]byte(email+":"+token))
}

// TestPullCloud pulls a Cloud site directly and through api.atlassian.com
// (scoped API tokens: /ex/confluence/{cloudId}); every next link (v2 from
// the site root, v1 relative to _links.base) must stay under the prefix.
func TestPullCloud(t *testing.T) {
	for _, prefix := range []string{"", "/ex/confluence/3f6a9b1c-0d2e-4c5b-8a7f-1e2d3c4b5a69"} {
		t.Run("prefix="+prefix, func(t *testing.T) {
			email, token := "ops@lakeside.example", "ATATT3xFfGF0-"+sentinel.Value()
			srv := serve(t, "cloud", prefix, cloudAuth(email, token), cloudRoute(nil))
			cfg := Config{Name: "confluence", Flavor: Cloud, BaseURL: srv.URL + prefix, Email: email, Token: token, PageSize: 2}
			c, err := NewClient(cfg, nil)
			if err != nil {
				t.Fatal(err)
			}
			res, err := Pull(context.Background(), c, cfg, nil)
			if err != nil {
				t.Fatal(err)
			}
			spaces := res.Spaces
			if len(spaces) != 3 || spaces[0].Key != "PRJINTRA23" || spaces[2].Key != "WOPS" {
				t.Fatalf("spaces = %+v", spaces)
			}
			wops := spaces[2]
			if len(wops.Permissions) != 5 || strings.Join(wops.Admins, ",") != "5b10a2844c20165700ede21g,a1b2c3d4-wops-admins" {
				t.Errorf("WOPS permissions %+v admins %v", wops.Permissions, wops.Admins)
			}
			var admins []string
			for _, a := range wops.Administrators {
				admins = append(admins, a.Type+":"+a.Name+":"+a.Email+":"+a.Via)
			}
			want := "group:wops-admins::," +
				"user:Marieke Jansen:m.jansen@lakeside-logistics.example:," +
				"user:Marieke Jansen:m.jansen@lakeside-logistics.example:wops-admins," +
				"user:Ruben Bos:r.bos@lakeside-logistics.example:wops-admins"
			if got := strings.Join(admins, ","); got != want {
				t.Errorf("WOPS administrators\n got %s\nwant %s", got, want)
			}
			if !wops.Administrators[1].Matches("M.Jansen@lakeside-logistics.example") || wops.Administrators[0].Matches("m.jansen@lakeside-logistics.example") {
				t.Errorf("Matches: %+v", wops.Administrators[:2])
			}
			if a := spaces[1].Administrators; len(a) != 1 || a[0].Name != "Pieter de Vries" || a[0].Email != "" {
				t.Errorf("PUBLIC administrators = %+v (the hidden e-mail stays empty)", a)
			}
			// Anonymous users may comment on WOPS but not read it.
			if wops.LastActivity != "2026-11-20T14:03:11.000Z" || wops.PageCount != 137 || strings.Join(wops.Labels, ",") != "operations,runbooks" || wops.Description == "" || wops.Anonymous {
				t.Errorf("WOPS = %+v", wops)
			}
			public := spaces[1]
			if !public.Anonymous || len(public.Admins) != 1 || !slices.Contains(public.Permissions, pulldata.SpacePermission{PrincipalType: "anonymous", Operation: "read", Target: "space"}) {
				t.Errorf("PUBLIC = %+v", public)
			}
			if archived := spaces[0]; archived.Status != "archived" || len(archived.Admins) != 0 || archived.LastActivity != "" || archived.Anonymous {
				t.Errorf("PRJINTRA23 = %+v", archived)
			}
			if res.State.Site != srv.URL+prefix || res.State.Watermark != "2026-11-20T14:03:11Z" || len(res.Warnings) != 0 {
				t.Errorf("state %+v warnings %q", res.State, res.Warnings)
			}
		})
	}
}

// dcRoute answers a Data Center under its context path; perms answers
// the permission requests (REST and JSON-RPC).
func dcRoute(perms func(r *http.Request, p string) answer) func(r *http.Request, p string, q url.Values) answer {
	return func(r *http.Request, p string, q url.Values) answer {
		switch {
		case p == "/rest/api/space" && q.Get("start") == "0":
			return answer{file: "spaces-0.json"}
		case p == "/rest/api/space" && q.Get("start") == "2":
			return answer{file: "spaces-2.json"}
		case strings.HasPrefix(p, "/rest/api/space/") && strings.HasSuffix(p, "/label"):
			// A Cloud v1 path: Data Center has no such resource.
			return answer{status: http.StatusNotFound}
		case strings.HasSuffix(p, "/permissions"), strings.HasPrefix(p, "/rpc/"):
			return perms(r, p)
		case p == "/rest/applinks/1.0/manifest":
			return answer{file: "applinks-manifest.xml"}
		case p == "/rest/api/search" && q.Get("cql") == `space = "OPS" and type = page order by lastmodified desc`:
			return answer{file: "search.json"}
		case p == "/rest/api/search":
			return answer{file: "search-empty.json"}
		case p == "/rest/api/user" && q.Get("key") == "4028800d98315ec60198315f45c00001":
			return answer{file: "user.json"}
		case p == "/rest/api/user" && q.Get("key") == "s.yilmaz":
			return answer{status: http.StatusNotFound}
		case p == "/rest/api/user" && q.Get("username") == "s.yilmaz":
			return answer{file: "user-by-username.json"}
		case p == "/rest/api/group/confluence-administrators/member" && q.Get("start") == "0":
			return answer{file: "group-members.json"}
		case p == "/rest/api/group/confluence-administrators/member" && q.Get("start") == "1":
			return answer{file: "group-members-1.json"}
		case p == "/rest/api/group/confluence-administrators/member" && q.Get("start") == "2":
			// Data Center names a next page past the last member.
			return answer{file: "group-members-2.json"}
		}
		return answer{}
	}
}

// TestPullDataCenter pulls a Confluence 9.1+ under the context path
// /confluence: labels come with the space list (there is no
// /space/{key}/label on Data Center), next links are relative to the
// context path, and the member list ends at its empty page.
func TestPullDataCenter(t *testing.T) {
	pat := sentinel.Value()
	srv := serve(t, "dc", "/confluence", "Bearer "+pat, dcRoute(func(r *http.Request, p string) answer {
		switch p {
		case "/rest/api/space/OPS/permissions":
			return answer{file: "permissions-OPS.json"}
		case "/rest/api/space/HR/permissions", "/rest/api/space/~jdoe/permissions":
			return answer{file: "permissions-none.json"}
		}
		return answer{}
	}))
	cfg := Config{Name: "confluence-dc", Flavor: DataCenter, BaseURL: srv.URL + "/confluence/", Token: pat, PageSize: 2}
	c, err := NewClient(cfg, nil)
	if err != nil {
		t.Fatal(err)
	}
	res, err := Pull(context.Background(), c, cfg, nil)
	if err != nil {
		t.Fatal(err)
	}
	spaces := res.Spaces
	if len(spaces) != 3 || len(res.Warnings) != 0 {
		t.Fatalf("spaces %+v warnings %q", spaces, res.Warnings)
	}
	ops := spaces[1]
	if ops.Key != "OPS" || ops.ID != "65537" || ops.Homepage != "65540" || strings.Join(ops.Admins, ",") != "4028800d98315ec60198315f45c00001,confluence-administrators" ||
		ops.PageCount != 58 || ops.LastActivity != "2026-10-02T07:45:00.000+0200" || len(ops.Permissions) != 4 || strings.Join(ops.Labels, ",") != "handover,ops" {
		t.Errorf("OPS = %+v", ops)
	}
	var admins []string
	for _, a := range ops.Administrators {
		admins = append(admins, a.Type+":"+a.Name+":"+a.Username+":"+a.Via)
	}
	want := "group:confluence-administrators::,user:Sevda Yilmaz:s.yilmaz:," +
		"user:Confluence Administrator:admin:confluence-administrators,user:Marieke Jansen:m.jansen@lakeside-logistics.example:confluence-administrators"
	if got := strings.Join(admins, ","); got != want {
		t.Errorf("OPS administrators\n got %s\nwant %s", got, want)
	}
	if !ops.Administrators[1].Matches("s.yilmaz@lakeside-logistics.example") || !ops.Administrators[3].Matches("m.jansen@lakeside-logistics.example") {
		t.Errorf("Matches by login name: %+v", ops.Administrators)
	}
	if hr := spaces[0]; hr.Key != "HR" || len(hr.Admins) != 0 || len(hr.Labels) != 0 || hr.PermissionsUnavailable != "" {
		t.Errorf("HR = %+v", hr)
	}
	// The watermark is in UTC: 07:45 at +02:00.
	if res.State.Watermark != "2026-10-02T05:45:00Z" {
		t.Errorf("state = %+v", res.State)
	}
	if n := srv.count(func(r string) bool { return strings.Contains(r, "/member?") }); n != 3 {
		t.Errorf("%d member pages requested, want 3 (the empty one ends the list)", n)
	}
	if n := srv.count(func(r string) bool {
		return strings.HasPrefix(r, "GET /confluence/rest/api/space?") && strings.Contains(r, "metadata.labels")
	}); n != 2 {
		t.Errorf("%d space list pages asked for metadata.labels, want 2", n)
	}
}

// TestPullStopsAtEmptyPage: a space list that still names a next page
// after an empty one (Data Center does, past the last item) ends there,
// for Data Center's offset list and Cloud's cursor list.
func TestPullStopsAtEmptyPage(t *testing.T) {
	for _, tc := range []struct {
		flavor     Flavor
		dir, auth  string
		route      func(r *http.Request, p string, q url.Values) answer
		afterEmpty string
	}{
		{Cloud, "cloud", cloudAuth("ops@lakeside.example", "tok"), func(r *http.Request, p string, q url.Values) answer {
			switch {
			case p == "/wiki/api/v2/spaces" && q.Get("cursor") == "eyJpZCI6IjEzMTA3MyJ9":
				return answer{file: "spaces-2-next.json"}
			case p == "/wiki/api/v2/spaces" && q.Get("cursor") == "eyJpZCI6IjE2Mzg0MSJ9":
				return answer{file: "spaces-3-empty.json"}
			}
			return cloudRoute(nil)(r, p, q)
		}, "cursor=eyJpZCI6IjE2Mzg0MiJ9"},
		{DataCenter, "dc", "Bearer tok", func(r *http.Request, p string, q url.Values) answer {
			switch {
			case p == "/rest/api/space" && q.Get("start") == "2":
				return answer{file: "spaces-2-next.json"}
			case p == "/rest/api/space" && q.Get("start") == "3":
				return answer{file: "spaces-3-empty.json"}
			case p == "/rest/api/space/OPS/permissions":
				return answer{file: "permissions-OPS.json"}
			case strings.HasSuffix(p, "/permissions"):
				return answer{file: "permissions-none.json"}
			}
			return dcRoute(nil)(r, p, q)
		}, "start=5"},
	} {
		t.Run(string(tc.flavor), func(t *testing.T) {
			srv := serve(t, tc.dir, "", tc.auth, tc.route)
			cfg := Config{Name: "c", Flavor: tc.flavor, BaseURL: srv.URL, Email: "ops@lakeside.example", Token: "tok", PageSize: 2}
			c, err := NewClient(cfg, nil)
			if err != nil {
				t.Fatal(err)
			}
			res, err := Pull(context.Background(), c, cfg, nil)
			if err != nil {
				t.Fatal(err)
			}
			if len(res.Spaces) != 3 {
				t.Errorf("spaces %+v", res.Spaces)
			}
			if n := srv.count(func(r string) bool { return strings.Contains(r, tc.afterEmpty) }); n != 0 {
				t.Errorf("the page after the empty one was asked for %d times", n)
			}
		})
	}
}

// TestCloudAnonymous: Cloud's v2 permission assignments name users,
// groups and roles only; anonymous read access comes from the v1 space
// list (expand=permissions, anonymousAccess on the read/space
// operation). Anonymous comments are not anonymous read access, and a v1
// list that answers 404 warns without stopping the pull.
func TestCloudAnonymous(t *testing.T) {
	for _, tc := range []struct {
		name    string
		v1      func(q url.Values) answer
		want    string
		warning bool
	}{
		{"v1 list", func(q url.Values) answer {
			if q.Get("start") == "2" {
				return answer{file: "spaces-v1-2.json"}
			}
			return answer{file: "spaces-v1-1.json"}
		}, "PUBLIC", false},
		{"v1 list answers 404", func(url.Values) answer { return answer{status: http.StatusNotFound} }, "", true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			auth := cloudAuth("ops@lakeside.example", "tok")
			srv := serve(t, "cloud", "", auth, func(r *http.Request, p string, q url.Values) answer {
				switch {
				case p == "/wiki/rest/api/space":
					return tc.v1(q)
				case strings.HasSuffix(p, "/permissions"):
					// Groups, users and roles only: nothing to resolve.
					return answer{file: "permissions-163841.json"}
				case strings.HasSuffix(p, "/labels"):
					return answer{file: "labels-empty.json"}
				case p == "/wiki/rest/api/search":
					return answer{file: "search-empty.json"}
				}
				return cloudRoute(nil)(r, p, q)
			})
			cfg := Config{Name: "c", Flavor: Cloud, BaseURL: srv.URL, Email: "ops@lakeside.example", Token: "tok", PageSize: 2}
			c, err := NewClient(cfg, nil)
			if err != nil {
				t.Fatal(err)
			}
			res, err := Pull(context.Background(), c, cfg, nil)
			if err != nil {
				t.Fatal(err)
			}
			var anonymous []string
			for _, s := range res.Spaces {
				if s.Anonymous {
					anonymous = append(anonymous, s.Key)
				}
			}
			if strings.Join(anonymous, ",") != tc.want || (len(res.Warnings) > 0) != tc.warning {
				t.Errorf("anonymous %v, warnings %q", anonymous, res.Warnings)
			}
		})
	}
}

// TestPullDataCenterBefore91: Confluence 7.19 and 8.x answer 404 to
// /rest/api/space/{key}/permissions. The pull reads them through
// JSON-RPC, or, when that is off too, records on every space that its
// permissions are unavailable, naming the version; it never aborts.
func TestPullDataCenterBefore91(t *testing.T) {
	for _, tc := range []struct {
		name string
		rpc  func(body string) answer
		// check inspects the result.
		check func(t *testing.T, res *Result)
	}{
		{"json-rpc", func(body string) answer {
			switch body {
			case `["OPS"]`:
				return answer{file: "rpc-permission-sets-OPS.json"}
			case `["HR"]`, `["~jdoe"]`:
				// The account administers neither space.
				return answer{status: http.StatusForbidden}
			}
			return answer{}
		}, func(t *testing.T, res *Result) {
			ops := res.Spaces[1]
			if strings.Join(ops.Admins, ",") != "confluence-administrators,s.yilmaz" || !ops.Anonymous || ops.PermissionsUnavailable != "" ||
				!slices.Contains(ops.Permissions, pulldata.SpacePermission{PrincipalType: "group", Principal: "confluence-users", Operation: "create", Target: "page"}) {
				t.Errorf("OPS = %+v", ops)
			}
			if len(ops.Administrators) != 4 || ops.Administrators[1].Name != "Sevda Yilmaz" {
				t.Errorf("OPS administrators = %+v", ops.Administrators)
			}
			if hr := res.Spaces[0]; !strings.Contains(hr.PermissionsUnavailable, "403") || len(hr.Permissions) != 0 {
				t.Errorf("HR = %+v", hr)
			}
			if personal := res.Spaces[2]; personal.Anonymous || len(personal.Permissions) != 0 || !strings.Contains(personal.PermissionsUnavailable, "403") {
				t.Errorf("~jdoe = %+v", personal)
			}
			if len(res.Warnings) != 3 || !strings.Contains(res.Warnings[0], "Confluence 8.5.4 has no /rest/api/space/{key}/permissions") {
				t.Errorf("warnings %q", res.Warnings)
			}
		}},
		{"unavailable", func(string) answer { return answer{status: http.StatusNotFound} }, func(t *testing.T, res *Result) {
			for _, s := range res.Spaces {
				if !strings.Contains(s.PermissionsUnavailable, "Confluence 8.5.4 offers neither") || len(s.Permissions) != 0 || len(s.Admins) != 0 {
					t.Errorf("%s = %+v", s.Key, s)
				}
			}
			if ops := res.Spaces[1]; ops.PageCount != 58 || len(ops.Labels) != 2 {
				t.Errorf("OPS lost its other details: %+v", ops)
			}
			if len(res.Warnings) != 2 || !strings.Contains(res.Warnings[1], "permissions_unavailable") {
				t.Errorf("warnings %q", res.Warnings)
			}
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			pat := sentinel.Value()
			srv := serve(t, "dc", "/confluence", "Bearer "+pat, dcRoute(func(r *http.Request, p string) answer {
				switch {
				case r.Method == http.MethodGet && strings.HasPrefix(p, "/rest/api/space/"):
					return answer{status: http.StatusNotFound}
				case r.Method == http.MethodPost && p == "/rpc/json-rpc/confluenceservice-v2/getSpacePermissionSets" && r.Header.Get("Content-Type") == "application/json":
					body, _ := io.ReadAll(r.Body)
					return tc.rpc(string(body))
				}
				return answer{}
			}))
			cfg := Config{Name: "confluence-dc", Flavor: DataCenter, BaseURL: srv.URL + "/confluence", Token: pat, PageSize: 2}
			// A logger that is not safe for goroutines, as the command's is.
			var logs []string
			c, err := NewClient(cfg, func(format string, args ...any) { logs = append(logs, fmt.Sprintf(format, args...)) })
			if err != nil {
				t.Fatal(err)
			}
			res, err := Pull(context.Background(), c, cfg, nil)
			if err != nil {
				t.Fatal(err)
			}
			if len(res.Spaces) != 3 {
				t.Fatalf("spaces %+v", res.Spaces)
			}
			tc.check(t, res)
			if log := strings.Join(logs, "\n"); !strings.Contains(log, "warning: "+res.Warnings[len(res.Warnings)-1]) || strings.Contains(log, pat) {
				t.Errorf("log:\n%s", log)
			}
			// Once the REST endpoint answered 404, the others are not asked.
			if n := srv.count(func(r string) bool { return strings.HasSuffix(r, "/permissions") }); n != 1 {
				t.Errorf("REST permissions asked %d times", n)
			}
		})
	}
}

// TestNextLink resolves next links the way the docs give them, under the
// root the pull is configured for.
func TestNextLink(t *testing.T) {
	for _, tc := range []struct {
		name   string
		cfg    Config
		links  pageLinks
		header string
		want   string
	}{
		{"dc context path", Config{Flavor: DataCenter, BaseURL: "http://localhost:8080/confluence"},
			pageLinks{Base: "http://localhost:8080/confluence", Context: "/confluence", Next: "/rest/api/space/ds/content/page?limit=5&start=5"}, "",
			"http://localhost:8080/confluence/rest/api/space/ds/content/page?limit=5&start=5"},
		{"dc root", Config{Flavor: DataCenter, BaseURL: "https://confluence.example.org/"},
			pageLinks{Base: "https://confluence.example.org", Context: "", Next: "/rest/api/space?start=2"}, "",
			"https://confluence.example.org/rest/api/space?start=2"},
		{"cloud v1 relative to base", Config{Flavor: Cloud, BaseURL: "https://lakeside.atlassian.net"},
			pageLinks{Base: "https://lakeside.atlassian.net/wiki", Context: "/wiki", Next: "/rest/api/group/g1/membersByGroupId?start=100&limit=100"}, "",
			"https://lakeside.atlassian.net/wiki/rest/api/group/g1/membersByGroupId?start=100&limit=100"},
		{"cloud v2 from the site root", Config{Flavor: Cloud, BaseURL: "https://lakeside.atlassian.net"},
			pageLinks{Base: "https://lakeside.atlassian.net/wiki", Next: "/wiki/api/v2/spaces?cursor=abc"}, "",
			"https://lakeside.atlassian.net/wiki/api/v2/spaces?cursor=abc"},
		{"cloud v2 Link header", Config{Flavor: Cloud, BaseURL: "https://lakeside.atlassian.net"},
			pageLinks{}, `</wiki/api/v2/spaces/1/permissions?cursor=p2>; rel="next", <https://lakeside.atlassian.net/wiki>; rel="base"`,
			"https://lakeside.atlassian.net/wiki/api/v2/spaces/1/permissions?cursor=p2"},
		{"scoped token v2", Config{Flavor: Cloud, BaseURL: "https://api.atlassian.com/ex/confluence/3f6a9b1c"},
			pageLinks{Base: "https://lakeside.atlassian.net/wiki", Next: "/wiki/api/v2/spaces?cursor=abc"}, "",
			"https://api.atlassian.com/ex/confluence/3f6a9b1c/wiki/api/v2/spaces?cursor=abc"},
		{"scoped token v1", Config{Flavor: Cloud, BaseURL: "https://api.atlassian.com/ex/confluence/3f6a9b1c"},
			pageLinks{Base: "https://lakeside.atlassian.net/wiki", Context: "/wiki", Next: "/rest/api/space?start=25"}, "",
			"https://api.atlassian.com/ex/confluence/3f6a9b1c/wiki/rest/api/space?start=25"},
		{"scoped token, link through the gateway", Config{Flavor: Cloud, BaseURL: "https://api.atlassian.com/ex/confluence/3f6a9b1c"},
			pageLinks{Next: "https://api.atlassian.com/ex/confluence/3f6a9b1c/wiki/api/v2/spaces?cursor=abc"}, "",
			"https://api.atlassian.com/ex/confluence/3f6a9b1c/wiki/api/v2/spaces?cursor=abc"},
		{"absolute link to the site stays on the configured host", Config{Flavor: Cloud, BaseURL: "https://api.atlassian.com/ex/confluence/3f6a9b1c"},
			pageLinks{Next: "https://lakeside.atlassian.net/wiki/rest/api/space?start=25"}, "",
			"https://api.atlassian.com/ex/confluence/3f6a9b1c/wiki/rest/api/space?start=25"},
		{"no next", Config{Flavor: Cloud, BaseURL: "https://lakeside.atlassian.net"}, pageLinks{Base: "https://lakeside.atlassian.net/wiki"}, "", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			h := http.Header{}
			if tc.header != "" {
				h.Set("Link", tc.header)
			}
			if got := newSite(tc.cfg).next(tc.links, h); got != tc.want {
				t.Errorf("got  %s\nwant %s", got, tc.want)
			}
		})
	}
}

// TestPagingStopsAtEmptyPage: a list that keeps naming a next page after
// an empty one (Data Center's offset lists do) ends there, for offset
// and cursor lists alike.
func TestPagingStopsAtEmptyPage(t *testing.T) {
	for _, tc := range []struct {
		name, first string
		page        func(n int) (body string, link string)
	}{
		{"offset", "/rest/api/group/g/member?start=0&limit=1", func(n int) (string, string) {
			results := `[{"type":"known","username":"u` + string(rune('0'+n)) + `"}]`
			if n > 1 {
				results = `[]`
			}
			return `{"results":` + results + `,"start":` + string(rune('0'+n)) + `,"limit":1,"size":1,"_links":{"base":"https://c.example/confluence","context":"/confluence","next":"/rest/api/group/g/member?limit=1&start=` + string(rune('1'+n)) + `"}}`, ""
		}},
		{"cursor", "/wiki/api/v2/spaces?limit=1", func(n int) (string, string) {
			results := `[{"id":"` + string(rune('0'+n)) + `","key":"K` + string(rune('0'+n)) + `"}]`
			if n > 1 {
				results = `[]`
			}
			return `{"results":` + results + `,"_links":{"base":"https://x.atlassian.net/wiki"}}`, `</wiki/api/v2/spaces?limit=1&cursor=c` + string(rune('1'+n)) + `>; rel="next"`
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var mu sync.Mutex
			n := 0
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				mu.Lock()
				n++
				body, link := tc.page(n)
				mu.Unlock()
				if n > 5 {
					t.Errorf("still paging: %s", r.URL)
					http.NotFound(w, r)
					return
				}
				if link != "" {
					w.Header().Set("Link", link)
				}
				w.Header().Set("Content-Type", "application/json")
				io.WriteString(w, body)
			}))
			defer srv.Close()
			flavor := DataCenter
			if tc.name == "cursor" {
				flavor = Cloud
			}
			s := newSite(Config{Flavor: flavor, BaseURL: srv.URL})
			c := &pull.Client{Source: "t", Host: "none"}
			first := s.wiki + strings.TrimPrefix(tc.first, "/wiki")
			var got []apiUser
			pages, err := each(context.Background(), c, s, first, func(u apiUser) { got = append(got, u) })
			if err != nil || pages != 2 || len(got) != 1 {
				t.Errorf("pages %d results %d err %v", pages, len(got), err)
			}
		})
	}
}

// TestIncrementalPull: the second pull reads labels, page count and
// activity only of spaces with pages modified since the watermark (one
// CQL search per changed space) and of spaces new since the previous
// snapshot, keeps the previous snapshot's for the others, and reads
// permissions of every space.
func TestIncrementalPull(t *testing.T) {
	email, token := "ops@lakeside.example", "ATATT3xFfGF0-"+sentinel.Value()
	var cqls []string
	var mu sync.Mutex
	srv := serve(t, "cloud", "", cloudAuth(email, token), cloudRoute(func(cql string) answer {
		mu.Lock()
		cqls = append(cqls, cql)
		mu.Unlock()
		switch cql {
		case `type = page and lastmodified >= "2026/11/19 14:03"`:
			return answer{file: "search-changed.json"}
		case `type = page and lastmodified >= "2026/11/19 14:03" and space not in ("WOPS")`:
			return answer{file: "search-none.json"}
		}
		return answer{}
	}))
	cfg := Config{Name: "confluence", Flavor: Cloud, BaseURL: srv.URL, Email: email, Token: token, PageSize: 2}
	c, err := NewClient(cfg, nil)
	if err != nil {
		t.Fatal(err)
	}
	first, err := Pull(context.Background(), c, cfg, nil)
	if err != nil {
		t.Fatal(err)
	}
	if first.Reread != 3 || len(cqls) != 0 {
		t.Fatalf("first pull read %d spaces, searched %q", first.Reread, cqls)
	}
	for _, tc := range []struct {
		name       string
		state      State
		wantReread int
		wantCQL    int
	}{
		{"incremental", first.State, 2, 2},
		{"another site", State{Site: "https://other.atlassian.net", Watermark: first.State.Watermark}, 3, 0},
		{"no watermark", State{Site: first.State.Site}, 3, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			cqls = nil
			before := srv.count(func(string) bool { return true })
			details := func() int {
				return srv.count(func(r string) bool { return strings.Contains(r, "/labels") || strings.Contains(r, "cql=space") })
			}
			detailsBefore, permsBefore := details(), srv.count(func(r string) bool { return strings.Contains(r, "/permissions") })
			// The previous snapshot had no PUBLIC (a new space) and other counts.
			var prevSpaces []pulldata.Space
			for _, s := range first.Spaces {
				if s.Key == "PUBLIC" {
					continue
				}
				s.PageCount, s.Labels = s.PageCount+1000, []string{"kept"}
				prevSpaces = append(prevSpaces, s)
			}
			res, err := Pull(context.Background(), c, cfg, &Previous{State: tc.state, Spaces: prevSpaces})
			if err != nil {
				t.Fatal(err)
			}
			if res.Reread != tc.wantReread || len(cqls) != tc.wantCQL {
				t.Errorf("read %d spaces again (want %d), searches %q", res.Reread, tc.wantReread, cqls)
			}
			// Two detail requests (labels, count) per space read again.
			if got := details() - detailsBefore; got != 2*tc.wantReread {
				t.Errorf("%d detail requests, want %d", got, 2*tc.wantReread)
			}
			if got := srv.count(func(r string) bool { return strings.Contains(r, "/permissions") }) - permsBefore; got != 4 {
				t.Errorf("%d permission requests, want 4 (every space, WOPS over two pages)", got)
			}
			archived, public, wops := res.Spaces[0], res.Spaces[1], res.Spaces[2]
			if tc.wantReread == 2 {
				if archived.PageCount != 1000 || strings.Join(archived.Labels, ",") != "kept" {
					t.Errorf("unchanged PRJINTRA23 not kept from the previous snapshot: %+v", archived)
				}
			} else if archived.PageCount != 0 || len(archived.Labels) != 0 {
				t.Errorf("PRJINTRA23 not read again: %+v", archived)
			}
			if wops.PageCount != 137 || strings.Join(wops.Labels, ",") != "operations,runbooks" || public.PageCount != 0 || !public.Anonymous {
				t.Errorf("WOPS %+v PUBLIC %+v", wops, public)
			}
			if res.State.Watermark != "2026-11-20T14:03:11Z" {
				t.Errorf("state %+v", res.State)
			}
			t.Logf("%d requests", srv.count(func(string) bool { return true })-before)
		})
	}
}

func TestPullRejectsLoginPage(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html;charset=UTF-8")
		w.Write([]byte("<html><title>Log in - Confluence</title></html>"))
	}))
	defer srv.Close()
	cfg := Config{Name: "confluence", Flavor: DataCenter, BaseURL: srv.URL, Token: "x-sentinel"}
	c, _ := NewClient(cfg, nil)
	res, err := Pull(context.Background(), c, cfg, nil)
	if err == nil || res != nil || !strings.Contains(err.Error(), "confluence: GET "+srv.URL+"/rest/api/space") || !strings.Contains(err.Error(), "not JSON") {
		t.Fatalf("err = %v, result %v", err, res)
	}
}

// TestWarningsFromGoroutines: the workers that read spaces at once warn
// through the command's logger, which is not safe for goroutines.
func TestWarningsFromGoroutines(t *testing.T) {
	var logs []string
	c, err := NewClient(Config{Name: "c", Flavor: DataCenter, BaseURL: "https://confluence.example.org"}, func(format string, args ...any) {
		logs = append(logs, fmt.Sprintf(format, args...))
	})
	if err != nil {
		t.Fatal(err)
	}
	p := &puller{c: c}
	var wg sync.WaitGroup
	for i := range 8 {
		wg.Add(1)
		go func() { defer wg.Done(); p.warn("space %d", i) }()
	}
	wg.Wait()
	if len(logs) != 8 || len(p.warnings) != 8 {
		t.Errorf("logs %q warnings %q", logs, p.warnings)
	}
}

// TestUnresolvablePrincipals: a permission that still names a deleted
// user or group (both 404) is kept with its id and a warning; the pull
// goes on.
func TestUnresolvablePrincipals(t *testing.T) {
	pat := sentinel.Value()
	srv := serve(t, "dc", "", "Bearer "+pat, func(r *http.Request, p string, q url.Values) answer {
		switch {
		case p == "/rest/api/space/OPS/permissions":
			return answer{file: "permissions-OPS.json"}
		case strings.HasSuffix(p, "/permissions"):
			return answer{file: "permissions-none.json"}
		case p == "/rest/api/user", p == "/rest/api/group/confluence-administrators/member":
			return answer{status: http.StatusNotFound}
		}
		return dcRoute(nil)(r, p, q)
	})
	cfg := Config{Name: "confluence-dc", Flavor: DataCenter, BaseURL: srv.URL, Token: pat, PageSize: 2}
	c, err := NewClient(cfg, nil)
	if err != nil {
		t.Fatal(err)
	}
	res, err := Pull(context.Background(), c, cfg, nil)
	if err != nil {
		t.Fatal(err)
	}
	var admins []string
	for _, a := range res.Spaces[1].Administrators {
		admins = append(admins, a.Type+":"+a.ID+":"+a.Name)
	}
	if got := strings.Join(admins, ","); got != "group:confluence-administrators:confluence-administrators,user:4028800d98315ec60198315f45c00001:" || len(res.Warnings) != 2 {
		t.Errorf("administrators %s, warnings %q", got, res.Warnings)
	}
}

// TestChangedSpacesLimit: an incremental pull looks for changed spaces
// one by one while that is cheaper than reading every space again; the
// 24-hour margin alone finds a fifth of a 500-space site's spaces, which
// a fixed limit of 100 turned into a full read (bench-pull at scale 1).
func TestChangedSpacesLimit(t *testing.T) {
	for _, tt := range []struct{ spaces, want int }{{0, 100}, {13, 100}, {200, 100}, {500, 250}, {800, 400}, {5000, 400}} {
		if got := changedSpacesLimit(tt.spaces); got != tt.want {
			t.Errorf("changedSpacesLimit(%d) = %d, want %d", tt.spaces, got, tt.want)
		}
	}
}
