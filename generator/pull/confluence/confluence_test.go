package confluence

import (
	"context"
	"encoding/base64"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/handbook-dev/handbook/internal/sentinel"
)

// replay serves recorded answers from testdata, checking credentials.
func replay(t *testing.T, dir, wantAuth string, route func(r *http.Request) (file string, header map[string]string)) (*httptest.Server, *atomic.Int32) {
	var unauth atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("Authorization") != wantAuth {
			unauth.Add(1)
			w.WriteHeader(http.StatusUnauthorized)
			return
		}
		file, hdr := route(r)
		if file == "" {
			t.Errorf("unexpected request %s", r.URL)
			http.NotFound(w, r)
			return
		}
		data, err := os.ReadFile(filepath.Join("testdata", dir, file))
		if err != nil {
			t.Fatal(err)
		}
		for k, v := range hdr {
			w.Header().Set(k, v)
		}
		w.Header().Set("Content-Type", "application/json;charset=UTF-8")
		w.Write(data)
	}))
	t.Cleanup(srv.Close)
	return srv, &unauth
}

func TestPullCloud(t *testing.T) {
	email, token := "ops@lakeside.example", "ATATT3xFfGF0-"+sentinel.Value()
	auth := "Basic " + base64.StdEncoding.EncodeToString([]byte(email+":"+token))
	var srvURL string
	srv, unauth := replay(t, "cloud", auth, func(r *http.Request) (string, map[string]string) {
		p, q := r.URL.Path, r.URL.Query()
		switch {
		case p == "/wiki/api/v2/spaces" && q.Get("cursor") == "":
			return "spaces-1.json", nil
		case p == "/wiki/api/v2/spaces" && q.Get("cursor") == "eyJpZCI6IjEzMTA3MyJ9":
			return "spaces-2.json", nil
		case p == "/wiki/api/v2/spaces/98305/permissions" && q.Get("cursor") == "":
			// The next page is announced in a Link header only.
			return "permissions-98305-1.json", map[string]string{"Link": `</wiki/api/v2/spaces/98305/permissions?limit=100&cursor=p2>; rel="next", <https://lakeside.atlassian.net/wiki>; rel="base"`}
		case p == "/wiki/api/v2/spaces/98305/permissions":
			return "permissions-98305-2.json", nil
		case strings.HasPrefix(p, "/wiki/api/v2/spaces/") && strings.HasSuffix(p, "/permissions"):
			return "permissions-" + strings.Split(p, "/")[5] + ".json", nil
		case p == "/wiki/api/v2/spaces/98305/labels":
			return "labels.json", nil
		case strings.HasSuffix(p, "/labels"):
			return "labels-empty.json", nil
		case p == "/wiki/api/v2/spaces/98305/pages" && q.Get("sort") == "-modified-date" && q.Get("limit") == "1":
			return "pages-newest.json", nil
		case strings.HasSuffix(p, "/pages"):
			return "pages-none.json", nil
		case p == "/wiki/rest/api/search" && strings.Contains(q.Get("cql"), `space = "`):
			return "search.json", nil
		case p == "/wiki/rest/api/user/bulk" && strings.Join(q["accountId"], ",") == "5b10a2844c20165700ede21g,5b10ac8d82e05b22cc7d4ef5":
			return "users-bulk.json", nil
		case p == "/wiki/rest/api/group/by-id" && q.Get("id") == "a1b2c3d4-wops-admins":
			return "group-by-id.json", nil
		case p == "/wiki/rest/api/group/a1b2c3d4-wops-admins/membersByGroupId" && q.Get("start") == "0":
			return "group-members-1.json", nil
		case p == "/wiki/rest/api/group/a1b2c3d4-wops-admins/membersByGroupId" && q.Get("start") == "1":
			return "group-members-2.json", nil
		}
		return "", nil
	})
	srvURL = srv.URL
	cfg := Config{Name: "confluence", Flavor: Cloud, BaseURL: srvURL, Email: email, Token: token, PageSize: 2}
	var logs []string
	c, err := NewClient(cfg, func(f string, a ...any) { logs = append(logs, f) })
	if err != nil {
		t.Fatal(err)
	}
	spaces, err := Pull(context.Background(), c, cfg)
	if err != nil {
		t.Fatal(err)
	}
	if unauth.Load() != 0 {
		t.Errorf("%d requests without the right credentials", unauth.Load())
	}
	if len(spaces) != 3 || spaces[0].Key != "PRJINTRA23" || spaces[2].Key != "WOPS" {
		t.Fatalf("spaces = %+v", spaces)
	}
	wops := spaces[2]
	if len(wops.Permissions) != 5 || strings.Join(wops.Admins, ",") != "5b10a2844c20165700ede21g,a1b2c3d4-wops-admins" && strings.Join(wops.Admins, ",") != "a1b2c3d4-wops-admins,5b10a2844c20165700ede21g" {
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
	if wops.LastActivity != "2026-11-20T14:03:11.000Z" || wops.PageCount != 137 || strings.Join(wops.Labels, ",") != "operations,runbooks" || wops.Description == "" || wops.Anonymous {
		t.Errorf("WOPS = %+v", wops)
	}
	public := spaces[1]
	if !public.Anonymous || len(public.Admins) != 1 {
		t.Errorf("PUBLIC = %+v", public)
	}
	if archived := spaces[0]; archived.Status != "archived" || len(archived.Admins) != 0 || archived.LastActivity != "" {
		t.Errorf("PRJINTRA23 = %+v", archived)
	}
}

func TestPullDataCenter(t *testing.T) {
	pat := sentinel.Value()
	srv, unauth := replay(t, "dc", "Bearer "+pat, func(r *http.Request) (string, map[string]string) {
		p, q := r.URL.Path, r.URL.Query()
		switch {
		case p == "/rest/api/space" && q.Get("start") == "0":
			return "spaces-0.json", nil
		case p == "/rest/api/space" && q.Get("start") == "2":
			return "spaces-2.json", nil
		case p == "/rest/api/space/OPS/permissions":
			return "permissions-OPS.json", nil
		case strings.HasSuffix(p, "/permissions"):
			return "permissions-none.json", nil
		case strings.HasSuffix(p, "/label"):
			return "labels.json", nil
		case p == "/rest/api/search":
			return "search.json", nil
		case p == "/rest/api/user" && q.Get("key") == "4028800d98315ec60198315f45c00001":
			return "user.json", nil
		case p == "/rest/api/group/confluence-administrators/member":
			return "group-members.json", nil
		}
		return "", nil
	})
	cfg := Config{Name: "confluence-dc", Flavor: DataCenter, BaseURL: srv.URL, Token: pat, PageSize: 2}
	c, err := NewClient(cfg, nil)
	if err != nil {
		t.Fatal(err)
	}
	spaces, err := Pull(context.Background(), c, cfg)
	if err != nil {
		t.Fatal(err)
	}
	if unauth.Load() != 0 || len(spaces) != 3 {
		t.Fatalf("unauthorised %d, spaces %+v", unauth.Load(), spaces)
	}
	ops := spaces[1]
	if ops.Key != "OPS" || ops.ID != "65537" || strings.Join(ops.Admins, ",") != "4028800d98315ec60198315f45c00001,confluence-administrators" || ops.PageCount != 58 || ops.LastActivity == "" || len(ops.Permissions) != 4 {
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
	if hr := spaces[0]; hr.Key != "HR" || len(hr.Admins) != 0 {
		t.Errorf("HR = %+v", hr)
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
	spaces, err := Pull(context.Background(), c, cfg)
	if err == nil || spaces != nil || !strings.Contains(err.Error(), "confluence: GET "+srv.URL+"/rest/api/space") || !strings.Contains(err.Error(), "not JSON") {
		t.Fatalf("err = %v, spaces %v", err, spaces)
	}
}
