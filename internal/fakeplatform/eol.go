package main

import (
	"encoding/json"
	"net/http"
	"sort"
	"time"
)

// fakeRelease is a release cycle of the fake endoflife.date; the dates
// are days from today, so that the demo's findings stay the same
// whenever it runs: php 8.1 past its end of security support, php 8.2
// ending within the month, magento 2.4.6 with a patch two months old.
type fakeRelease struct {
	name           string
	released, eoas int
	eol            int // 0: no known date
	latest         string
	latestDays     int
}

// eolProducts are the fake's products; a product the inventory names
// but this table lacks (hugo) is unknown, as endoflife.date answers 404.
var eolProducts = map[string]struct {
	label   string
	aliases []string
	cycles  []fakeRelease
}{
	"php": {"PHP", nil, []fakeRelease{
		{"8.4", -740, 30, 1490, "8.4.15", -13}, {"8.3", -1105, -335, 1125, "8.3.28", -13},
		{"8.2", -1456, -700, 28, "8.2.30", -13}, {"8.1", -1834, -1104, -337, "8.1.34", -350}}},
	"magento": {"Adobe Commerce (Magento)", []string{"adobe-commerce"}, []fakeRelease{
		{"2.4.8", -604, 0, 860, "2.4.8-p3", -50}, {"2.4.7", -968, 0, 492, "2.4.7-p8", -50},
		{"2.4.6", -1360, 0, 240, "2.4.6-p8", -60}}},
	"debian": {"Debian", nil, []fakeRelease{
		{"13", -115, 980, 1700, "13.2", -18}, {"12", -1275, -85, 570, "12.12", -18}, {"11", -1940, -1180, -95, "11.11", -140}}},
	"nginx":      {"nginx", nil, []fakeRelease{{"1.28", -220, 0, 140, "1.28.0", -220}, {"1.26", -580, 0, -215, "1.26.3", -300}}},
	"opensearch": {"OpenSearch", nil, []fakeRelease{{"3", -200, 0, 0, "3.3.1", -20}, {"2", -1500, 0, 0, "2.19.3", -20}}},
	"redis":      {"Redis", nil, []fakeRelease{{"8.2", -100, 0, 0, "8.2.2", -15}, {"7.4", -450, 0, 300, "7.4.6", -15}, {"7.2", -1150, 0, 250, "7.2.11", -15}}},
	"wordpress":  {"WordPress", nil, []fakeRelease{{"6.8", -230, 0, 0, "6.8.3", -5}, {"6.4", -1090, 0, 0, "6.4.7", -5}}},
}

// eolAPI answers GET /api/v1/products and /api/v1/products/{product} in
// the shapes of endoflife.date's API v1 (https://endoflife.date/docs/api/v1/:
// ProductListResponse, ProductResponse with ProductDetails and
// ProductRelease).
func eolAPI(mux *http.ServeMux) {
	day := func(d int) string { return time.Now().UTC().AddDate(0, 0, d).Format(time.DateOnly) }
	mux.HandleFunc("GET /api/v1/products", func(w http.ResponseWriter, r *http.Request) {
		var names []string
		for n := range eolProducts {
			names = append(names, n)
		}
		sort.Strings(names)
		var list []map[string]any
		for _, n := range names {
			p := eolProducts[n]
			aliases := p.aliases
			if aliases == nil {
				aliases = []string{}
			}
			list = append(list, map[string]any{"name": n, "aliases": aliases, "label": p.label, "category": "server-app", "tags": []string{"server-app"},
				"uri": "http://" + r.Host + "/api/v1/products/" + n + "/"})
		}
		writeJSON(w, map[string]any{"schema_version": "1.1.0", "total": len(list), "result": list})
	})
	mux.HandleFunc("GET /api/v1/products/{product}", func(w http.ResponseWriter, r *http.Request) {
		name := r.PathValue("product")
		p, ok := eolProducts[name]
		if !ok {
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(http.StatusNotFound)
			w.Write([]byte(`{"message": "Product not found"}`))
			return
		}
		var releases []map[string]any
		for _, c := range p.cycles {
			rel := map[string]any{"name": c.name, "codename": nil, "label": c.name, "releaseDate": day(c.released), "isLts": false, "ltsFrom": nil,
				"isEol": c.eol < 0, "eolFrom": nil, "isMaintained": c.eol >= 0,
				"latest": map[string]any{"name": c.latest, "date": day(c.latestDays), "link": nil}, "custom": nil}
			if c.eol != 0 {
				rel["eolFrom"] = day(c.eol)
			}
			if c.eoas != 0 {
				rel["isEoas"], rel["eoasFrom"] = c.eoas <= 0, day(c.eoas)
			}
			releases = append(releases, rel)
		}
		aliases := p.aliases
		if aliases == nil {
			aliases = []string{}
		}
		writeJSON(w, map[string]any{"schema_version": "1.1.0", "last_modified": time.Now().UTC().Format(time.RFC3339), "result": map[string]any{
			"name": name, "label": p.label, "aliases": aliases, "category": "server-app", "tags": []string{"server-app"}, "versionCommand": nil,
			"identifiers": []any{}, "labels": map[string]any{"eoas": nil, "discontinued": nil, "eol": "Security Support", "eoes": nil},
			"links": map[string]any{"icon": nil, "html": "https://endoflife.date/" + name, "releasePolicy": nil}, "releases": releases}})
	})
}

func writeJSON(w http.ResponseWriter, v any) {
	w.Header().Set("Content-Type", "application/json")
	json.NewEncoder(w).Encode(v)
}
