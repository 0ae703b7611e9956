package main

import (
	"bytes"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestPullEOLCommand: handbook pull eol against a local endoflife.date
// serving the recorded answers of generator/pull/eol/testdata (shaped
// as https://endoflife.date/docs/api/v1/ documents them) says what it
// wrote and names the component whose product is unknown, and exits 0:
// an unknown product is the inventory's mistake, which the pull reports,
// not a failed pull.
func TestPullEOLCommand(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		name := strings.TrimPrefix(r.URL.Path, "/api/v1/products")
		name = strings.TrimPrefix(name, "/")
		if name == "" {
			name = "products"
		}
		data, err := os.ReadFile(filepath.Join("..", "..", "generator", "pull", "eol", "testdata", name+".json"))
		w.Header().Set("Content-Type", "application/json")
		if err != nil || strings.ContainsAny(name, "/.") {
			w.WriteHeader(http.StatusNotFound)
			return
		}
		w.Write(data)
	}))
	defer srv.Close()
	dir := t.TempDir()
	files := map[string]string{
		"handbook.yaml":      "sources:\n  - {name: eol, type: eol, url: '" + srv.URL + "/api/v1'}\n",
		"content/_index.md":  "# Manual\n",
		"inventory/web.yaml": "- id: shop\n  kind: webshop\n  name: Shop\n  components: [magento@2.4.6-p3, php@8.1, magneto@2.4]\n",
	}
	for name, text := range files {
		p := filepath.Join(dir, name)
		os.MkdirAll(filepath.Dir(p), 0o755)
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	var stdout, stderr bytes.Buffer
	if code := run([]string{"pull", "eol", "-C", dir}, &stdout, &stderr); code != 0 {
		t.Fatalf("exit %d\n%s%s", code, stdout.String(), stderr.String())
	}
	if out := stdout.String(); !strings.HasPrefix(out, "eol: 3 products, 1 unknown to endoflife.date; wrote ") || !strings.HasSuffix(out, filepath.Join("data", "snapshots", "eol.json")+"\n") {
		t.Errorf("stdout = %q", out)
	}
	if want := `inventory/web.yaml:4:43: endoflife.date knows no product "magneto" (item shop); did you mean magento?`; !strings.Contains(stderr.String(), want) {
		t.Errorf("stderr does not say %q:\n%s", want, stderr.String())
	}
}
