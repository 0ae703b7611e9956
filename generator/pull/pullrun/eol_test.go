package pullrun

import (
	"bytes"
	"context"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"testing"

	"github.com/handbook-dev/handbook/generator/internal/testsite"
	"github.com/handbook-dev/handbook/generator/snapshots"
)

// endoflife serves the recorded endoflife.date answers of pull/eol's
// testdata (shaped as https://endoflife.date/docs/api/v1/ documents
// them) under /api/v1, and 404 for a product it has none of.
func endoflife(t *testing.T) string {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		name := strings.TrimPrefix(r.URL.Path, "/api/v1/")
		if name != "products" {
			name = strings.TrimPrefix(name, "products/")
		}
		data, err := os.ReadFile("../eol/testdata/" + name + ".json")
		w.Header().Set("Content-Type", "application/json")
		if err != nil || strings.Contains(name, "/") {
			w.WriteHeader(http.StatusNotFound)
			w.Write([]byte(`{"message": "Not found"}`))
			return
		}
		w.Write(data)
	}))
	t.Cleanup(srv.Close)
	return srv.URL + "/api/v1"
}

func TestPullEOL(t *testing.T) {
	dir := testsite.Write(t, map[string]string{
		"inventory/web.yaml": "- id: web-shop\n  kind: webshop\n  name: Shop\n  components:\n    - {name: magento, version: 2.4.6-p3}\n    - php@8.1\n" +
			"- id: web-blog\n  kind: website\n  name: Blog\n  components: [wordpres@6.4.3, php@8.2]\n",
		"handbook.yaml": "sources:\n  - {name: eol, type: eol, url: '" + endoflife(t) + "'}\n",
	})
	var log bytes.Buffer
	res, diags, err := Pull(context.Background(), Options{Dir: dir, What: "eol", Log: &log, Now: fixedNow})
	if err != nil || len(diags) > 0 {
		t.Fatalf("%v %v", err, diags)
	}
	if len(res.Sources) != 1 || res.Sources[0].Items != 3 || res.Sources[0].Failed != 1 || res.Sources[0].Err != nil {
		t.Fatalf("result = %+v", res.Sources)
	}
	want := `inventory/web.yaml:10:16: endoflife.date knows no product "wordpres" (item web-blog); did you mean wordpress?`
	if !strings.Contains(log.String(), want) {
		t.Errorf("the log does not say %q:\n%s", want, log.String())
	}
	root, closeRoot, err := snapshots.OpenRoot(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer closeRoot()
	set, d := snapshots.Load(root)
	if len(d) > 0 || len(set.EOL) != 1 || !set.EOL[0].TakenAt.Equal(fixedNow) {
		t.Fatalf("snapshots: %v %+v", d, set.EOL)
	}
	if p := set.Product("php"); p == nil || p.Release("8.1") == nil || p.Release("8.1").EOLFrom != "2025-12-31" {
		t.Errorf("php in the snapshot = %+v", p)
	}
	if p := set.Product("wordpres"); p == nil || !p.Unknown {
		t.Errorf("wordpres in the snapshot = %+v, want unknown", p)
	}
}

// TestPullEOLOnlyWithComponents: a project whose inventory lists no
// components has no eol source to pull, and pulling the web does not
// read endoflife.date.
func TestPullEOLOnlyWithComponents(t *testing.T) {
	dir := testsite.Write(t, map[string]string{"inventory/web.yaml": "- {id: web-shop, kind: webshop, name: Shop}\n"})
	if _, _, err := Pull(context.Background(), Options{Dir: dir, What: "eol"}); err == nil || !strings.Contains(err.Error(), `no source matches "eol"`) {
		t.Errorf("err = %v", err)
	}
}
