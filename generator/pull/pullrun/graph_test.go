package pullrun

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/handbook-dev/handbook/generator/internal/testsite"
	"github.com/handbook-dev/handbook/generator/pull"
)

// TestPullM365 (point 14 and the pull state): a site Graph answers 423
// Locked for is recorded in the snapshot, the others are pulled, and the
// source fails at the end (handbook pull exits 1); the state is kept
// beside the snapshot, so the next pull is incremental and does not read
// the unchanged site again; --full ignores the state. The answers follow
// the shapes of the documentation pages cited in
// generator/pull/graph/testdata/README.md.
func TestPullM365(t *testing.T) {
	var drives atomic.Int32
	graph := http.NewServeMux()
	graph.HandleFunc("POST /lakeside.onmicrosoft.com/oauth2/v2.0/token", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		fmt.Fprint(w, `{"token_type":"Bearer","expires_in":3599,"access_token":"eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1NiJ9.e30.c2ln"}`)
	})
	json := func(body string) http.HandlerFunc {
		return func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "application/json")
			fmt.Fprint(w, body)
		}
	}
	// https://learn.microsoft.com/en-us/graph/api/site-getallsites
	graph.HandleFunc("GET /v1.0/sites/getAllSites", json(`{"value":[
		{"id":"lakeside.sharepoint.com,00000000-0000-0000-0000-000000000001,00000000-0000-0000-0000-000000000002","name":"HR-Hub","displayName":"HR - Hub","webUrl":"https://lakeside.sharepoint.com/sites/hr-hub","lastModifiedDateTime":"2026-11-01T10:00:00Z","isPersonalSite":false},
		{"id":"lakeside.sharepoint.com,00000000-0000-0000-0000-000000000005,00000000-0000-0000-0000-000000000006","name":"leg-archive","displayName":"LEG - Archive","webUrl":"https://lakeside.sharepoint.com/sites/leg-archive","lastModifiedDateTime":"2025-06-30T09:00:00Z","isPersonalSite":false}]}`))
	// https://learn.microsoft.com/en-us/graph/api/drive-list; https://learn.microsoft.com/en-us/graph/errors (423 Locked)
	graph.HandleFunc("GET /v1.0/sites/{id}/drives", func(w http.ResponseWriter, r *http.Request) {
		drives.Add(1)
		w.Header().Set("Content-Type", "application/json")
		if strings.Contains(r.PathValue("id"), "000000000005") {
			w.WriteHeader(http.StatusLocked)
			fmt.Fprint(w, `{"error":{"code":"notAllowed","message":"This site has been locked."}}`)
			return
		}
		fmt.Fprint(w, `{"value":[{"id":"b!hr","name":"Documents","driveType":"documentLibrary","webUrl":"https://lakeside.sharepoint.com/sites/hr-hub/Shared%20Documents"}]}`)
	})
	graph.HandleFunc("POST /v1.0/$batch", func(w http.ResponseWriter, r *http.Request) {
		http.Error(w, `{"error":{"code":"BadRequest","message":"not here"}}`, http.StatusBadRequest)
	})
	graph.HandleFunc("GET /v1.0/groups", json(`{"value":[]}`))
	graph.HandleFunc("GET /v1.0/groups/delta", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		fmt.Fprintf(w, `{"value":[],"@odata.deltaLink":"http://%s/v1.0/groups/delta?$deltatoken=abc"}`, r.Host)
	})
	graph.HandleFunc("GET /v1.0/admin/reportSettings", json(`{"displayConcealedNames":false}`))
	graph.HandleFunc("GET /v1.0/reports/{report}", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/octet-stream")
		fmt.Fprint(w, "Report Refresh Date,Site Id,Team Id,Last Activity Date\r\n")
	})
	graph.HandleFunc("GET /v1.0/admin/sharepoint/settings", json(`{"sharingCapability":"existingExternalUserSharingOnly"}`))
	srv := httptest.NewServer(graph)
	defer srv.Close()
	dir := testsite.Write(t, map[string]string{
		"handbook.yaml": "sources:\n  - name: m365\n    type: m365\n    tenant: lakeside.onmicrosoft.com\n    client_id_env: HB_TEST_GRAPH_ID\n    client_secret_env: HB_TEST_GRAPH_SECRET\n" +
			"    graph_url: " + srv.URL + "\n    login_url: " + srv.URL + "\n    sharing_links: false\n",
	})
	t.Setenv("HB_TEST_GRAPH_ID", "app")
	t.Setenv("HB_TEST_GRAPH_SECRET", "app-secret-value")
	pullOnce := func(full bool) (SourceResult, string) {
		var log bytes.Buffer
		res, diags, err := Pull(context.Background(), Options{Dir: dir, What: "m365", Full: full, Log: &log, Now: fixedNow})
		if err != nil || len(res.Sources) != 1 {
			t.Fatalf("err %v diags %v result %+v", err, diags, res)
		}
		return res.Sources[0], log.String()
	}
	sr, _ := pullOnce(false)
	if sr.Err == nil || !strings.Contains(sr.Err.Error(), "1 sites and 0 teams could not be read") || sr.Failed != 1 || sr.Snapshot == "" {
		t.Fatalf("result %+v", sr)
	}
	snap, _ := os.ReadFile(sr.Snapshot)
	if !strings.Contains(string(snap), `"error": "m365: GET`) || !strings.Contains(string(snap), "423 Locked") || !strings.Contains(string(snap), `"name": "HR - Hub"`) {
		t.Errorf("snapshot:\n%s", snap)
	}
	if _, err := os.Stat(pull.StatePath(filepath.Join(dir, "data", "snapshots"), "m365")); err != nil {
		t.Errorf("no state kept: %v", err)
	}
	drives.Store(0)
	_, log := pullOnce(false)
	if !strings.Contains(log, "(incremental)") || drives.Load() != 1 {
		t.Errorf("second pull read %d sites' drives (want the locked one only):\n%s", drives.Load(), log)
	}
	drives.Store(0)
	_, log = pullOnce(true)
	if !strings.Contains(log, "(full)") || drives.Load() != 2 {
		t.Errorf("--full read %d sites' drives:\n%s", drives.Load(), log)
	}
}
