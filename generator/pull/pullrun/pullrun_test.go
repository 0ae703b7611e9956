package pullrun

import (
	"bytes"
	"context"
	"encoding/json"
	"encoding/pem"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/handbook-dev/handbook/generator"
	"github.com/handbook-dev/handbook/generator/internal/testsite"
	"github.com/handbook-dev/handbook/generator/pull"
	"github.com/handbook-dev/handbook/generator/pull/web"
	"github.com/handbook-dev/handbook/generator/pulldata"
	"github.com/handbook-dev/handbook/internal/sentinel"
)

// fixedNow stamps the snapshots, as the build tests' clock does.
var fixedNow = time.Date(2026, 11, 24, 12, 0, 0, 0, time.UTC)

func TestPullWeb(t *testing.T) {
	shop := httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Strict-Transport-Security", "max-age=63072000")
		w.Write([]byte("Lakeside webshop"))
	}))
	defer shop.Close()
	status := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(503) }))
	defer status.Close()
	dir := testsite.Write(t, map[string]string{
		"inventory/web.yaml": "- {id: web-shop, kind: webshop, name: Shop, url: '" + shop.URL + "/'}\n" +
			"- {id: web-old, kind: website, name: Old, url: 'https://old.invalid/', status: retired}\n",
		"handbook.yaml": "sources:\n  - name: web\n    type: web\n    timeout: 5s\n    checks:\n      - {id: status-page, url: '" + status.URL + "/', match: 'All systems'}\n",
	})
	roots := shop.Client().Transport.(*http.Transport).TLSClientConfig.RootCAs
	var log bytes.Buffer
	for run := 0; run < 2; run++ {
		res, diags, err := Pull(context.Background(), Options{Dir: dir, What: "web", Log: &log, Now: fixedNow, Web: web.Options{Roots: roots}})
		if err != nil || len(diags) > 0 {
			t.Fatalf("%v %v", err, diags)
		}
		if len(res.Sources) != 1 || res.Sources[0].Items != 2 || res.Sources[0].Failed != 1 || res.Sources[0].Err != nil {
			t.Fatalf("result = %+v", res.Sources)
		}
	}
	data, err := os.ReadFile(filepath.Join(dir, "data", "snapshots", "web.json"))
	if err != nil {
		t.Fatal(err)
	}
	var snap struct {
		Source string
		Data   []pulldata.WebResult
	}
	if err := json.Unmarshal(data, &snap); err != nil {
		t.Fatal(err)
	}
	if len(snap.Data) != 2 || snap.Data[0].ID != "status-page" || snap.Data[0].Up || snap.Data[1].ID != "web-shop" || !snap.Data[1].Up || snap.Data[1].TLS == nil || !snap.Data[1].Headers.HSTS {
		t.Errorf("snapshot data = %+v", snap.Data)
	}
	hist, _ := os.ReadFile(filepath.Join(dir, "data", "snapshots", "web-history.jsonl"))
	if lines := strings.Count(string(hist), "\n"); lines != 4 {
		t.Errorf("history has %d lines after two runs of two checks:\n%s", lines, hist)
	}
	if !strings.Contains(log.String(), "web: checking 2 sites") || !strings.Contains(log.String(), "status-page DOWN 503") {
		t.Errorf("progress = %s", log.String())
	}
}

func TestPullErrors(t *testing.T) {
	dir := testsite.Write(t, map[string]string{"handbook.yaml": "sources:\n  - name: wiki\n    type: confluence\n"})
	_, diags, err := Pull(context.Background(), Options{Dir: dir, What: "web"})
	if err == nil || len(diags) == 0 || !strings.Contains(diags[0].String(), `handbook.yaml:3:11: type "confluence" is not a source type this version can pull`) {
		t.Errorf("err %v diags %v", err, diags)
	}
	dir = testsite.Write(t, map[string]string{"content/_index.md": "x"})
	if _, _, err := Pull(context.Background(), Options{Dir: dir, What: "web", Only: "nope"}); err == nil || !strings.Contains(err.Error(), `no source matches "web" with --only nope`) {
		t.Errorf("err = %v", err)
	}
}

func TestPullConfluenceFromEnvironment(t *testing.T) {
	pat := sentinel.Value()
	fixtures := filepath.Join("..", "confluence", "testdata", "dc")
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("Authorization") != "Bearer "+pat {
			w.WriteHeader(401)
			return
		}
		p, q := r.URL.Path, r.URL.Query()
		file := map[bool]string{true: "spaces-0.json"}[p == "/rest/api/space" && q.Get("start") == "0"]
		switch {
		case p == "/rest/api/space" && q.Get("start") == "2":
			file = "spaces-2.json"
		case p == "/rest/api/space/OPS/permissions":
			file = "permissions-OPS.json"
		case strings.HasSuffix(p, "/permissions"):
			file = "permissions-none.json"
		case p == "/rest/api/search":
			file = "search.json"
		case p == "/rest/api/user":
			file = "user.json"
		case p == "/rest/api/group/confluence-administrators/member":
			file = "group-members.json"
		}
		data, err := os.ReadFile(filepath.Join(fixtures, file))
		if err != nil {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		w.Write(data)
	}))
	defer srv.Close()
	dir := testsite.Write(t, map[string]string{
		"handbook.yaml": "sources:\n  - name: wiki\n    type: confluence-dc\n    url: " + srv.URL + "\n    token_env: HB_TEST_CONFLUENCE_PAT\n",
	})
	t.Setenv("HB_TEST_CONFLUENCE_PAT", pat)
	var log bytes.Buffer
	res, _, err := Pull(context.Background(), Options{Dir: dir, What: "confluence", Log: &log, Now: fixedNow})
	if err != nil || len(res.Sources) != 1 || res.Sources[0].Err != nil || res.Sources[0].Items != 3 {
		t.Fatalf("err %v result %+v", err, res)
	}
	snap, _ := os.ReadFile(filepath.Join(dir, "data", "snapshots", "wiki.json"))
	if !strings.Contains(string(snap), `"key": "OPS"`) || !strings.Contains(string(snap), `"type": "confluence-dc"`) {
		t.Errorf("snapshot:\n%s", snap)
	}
	if strings.Contains(string(snap), pat) || strings.Contains(log.String(), pat) {
		t.Error("the token reached the snapshot or the log")
	}
	// The watermark an incremental pull starts from is kept beside the
	// snapshots, and --full ignores it.
	state, err := os.ReadFile(pull.StatePath(filepath.Join(dir, "data", "snapshots"), "wiki"))
	if err != nil || !strings.Contains(string(state), `"watermark": "2026-10-02T05:45:00Z"`) {
		t.Errorf("state %s (%v)", state, err)
	}
	log.Reset()
	if res, _, err = Pull(context.Background(), Options{Dir: dir, What: "confluence", Log: &log, Now: fixedNow, Full: true}); err != nil || res.Sources[0].Err != nil {
		t.Fatalf("--full: %v %+v", err, res)
	}
	if !strings.Contains(log.String(), "3 spaces (3 read again)") || strings.Contains(log.String(), "incremental") {
		t.Errorf("--full log:\n%s", log.String())
	}
	// Nor does it reach any file of the site built from the snapshot.
	if err := os.WriteFile(filepath.Join(dir, "content", "_index.md"), []byte("Home.\n"), 0o644); err != nil {
		if err := os.MkdirAll(filepath.Join(dir, "content"), 0o755); err != nil {
			t.Fatal(err)
		}
		_ = os.WriteFile(filepath.Join(dir, "content", "_index.md"), []byte("Home.\n"), 0o644)
	}
	bres, err := generator.Build(context.Background(), generator.Options{Dir: dir, Now: fixedNow})
	if err != nil {
		t.Fatal(err, bres.Diagnostics)
	}
	for _, d := range bres.Diagnostics {
		if strings.Contains(d.String(), pat) {
			t.Errorf("the token reached a diagnostic: %s", d)
		}
	}
	sentinel.CheckTree(t, filepath.Join(dir, "public"))
	sentinel.CheckTree(t, filepath.Join(dir, "data"))
	// Without the variable the source fails and says which variable.
	t.Setenv("HB_TEST_CONFLUENCE_PAT", "")
	res, _, err = Pull(context.Background(), Options{Dir: dir, What: "all", Now: fixedNow})
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range res.Sources {
		if s.Name == "wiki" && (s.Err == nil || !strings.Contains(s.Err.Error(), "HB_TEST_CONFLUENCE_PAT (token_env) is not set")) {
			t.Errorf("missing token: %v", s.Err)
		}
	}
}

func TestPullM365NeedsItsVariables(t *testing.T) {
	dir := testsite.Write(t, map[string]string{
		"handbook.yaml": "sources:\n  - name: m365\n    type: m365\n    tenant: lakeside.onmicrosoft.com\n    client_id_env: HB_TEST_GRAPH_ID\n    client_secret_env: HB_TEST_GRAPH_SECRET\n",
	})
	t.Setenv("HB_TEST_GRAPH_ID", "app")
	t.Setenv("HB_TEST_GRAPH_SECRET", "")
	res, _, err := Pull(context.Background(), Options{Dir: dir, What: "m365"})
	if err != nil || len(res.Sources) != 1 || res.Sources[0].Err == nil || !strings.Contains(res.Sources[0].Err.Error(), "HB_TEST_GRAPH_SECRET (client_secret_env) is not set") {
		t.Fatalf("err %v result %+v", err, res)
	}
	dir = testsite.Write(t, map[string]string{"handbook.yaml": "sources:\n  - name: m365\n    type: m365\n"})
	if _, diags, _ := Pull(context.Background(), Options{Dir: dir, What: "m365"}); len(diags) == 0 || !strings.Contains(diags[0].String(), "source m365 needs tenant, client_id_env and client_secret_env") {
		t.Errorf("diags = %v", diags)
	}
}

func TestPullWebTrustsCAFile(t *testing.T) {
	site := httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { w.Write([]byte("ok")) }))
	defer site.Close()
	certPEM := pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: site.Certificate().Raw})
	dir := testsite.Write(t, map[string]string{
		"certs/ca.pem":     string(certPEM),
		"inventory/w.yaml": "- {id: web-x, kind: website, name: X, url: 'https://never.invalid/'}\n",
		"handbook.yaml":    "sources:\n  - name: web\n    type: web\n    inventory: false\n    ca_file: certs/ca.pem\n    checks:\n      - {id: intranet, url: '" + site.URL + "/'}\n",
	})
	res, diags, err := Pull(context.Background(), Options{Dir: dir, What: "web", Now: fixedNow})
	if err != nil || len(diags) > 0 || res.Sources[0].Err != nil {
		t.Fatalf("%v %v %+v", err, diags, res)
	}
	if res.Sources[0].Items != 1 || res.Sources[0].Failed != 0 {
		t.Errorf("checked %d (down %d); want only the intranet check, up with the CA from ca_file", res.Sources[0].Items, res.Sources[0].Failed)
	}
	dir2 := testsite.Write(t, map[string]string{"handbook.yaml": "sources:\n  - name: web\n    type: web\n    ca_file: ../outside.pem\n"})
	res, _, _ = Pull(context.Background(), Options{Dir: dir2, What: "web", Now: fixedNow})
	if res == nil || res.Sources[0].Err == nil || !strings.Contains(res.Sources[0].Err.Error(), "ca_file ../outside.pem") {
		t.Errorf("a ca_file outside the project was read: %+v", res)
	}
}
