package search_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strings"
	"sync"
	"testing"

	"github.com/handbook-dev/handbook/generator"
	"github.com/handbook-dev/handbook/generator/cache"
	"github.com/handbook-dev/handbook/generator/config"
	"github.com/handbook-dev/handbook/generator/internal/testsite"
	"github.com/handbook-dev/handbook/generator/inventory"
	"github.com/handbook-dev/handbook/generator/markdown"
	"github.com/handbook-dev/handbook/generator/search"
	"github.com/handbook-dev/handbook/generator/site"
	"github.com/handbook-dev/handbook/generator/source"
)

var update = flag.Bool("update", false, "rewrite testdata/index.golden")

// build builds a site project and returns its search files by path.
func build(t *testing.T, dir string) map[string][]byte {
	t.Helper()
	res, err := generator.Build(context.Background(), generator.Options{Dir: dir, SourceCommit: "test"})
	if err != nil {
		t.Fatalf("build: %v %v", err, res.Diagnostics)
	}
	files := map[string][]byte{}
	root := filepath.Join(dir, "public")
	err = filepath.WalkDir(filepath.Join(root, "search"), func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(root, p)
		files[filepath.ToSlash(rel)], err = os.ReadFile(p)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return files
}

var wrapped = regexp.MustCompile(`(?s)^hbSearch\("([^"]+)",(.*)\)\n$`)

// data decodes a script-wrapped index file.
func data(t *testing.T, b []byte, v any) string {
	t.Helper()
	m := wrapped.FindSubmatch(b)
	if m == nil {
		t.Fatalf("not an index script: %.80s", b)
	}
	if err := json.Unmarshal(m[2], v); err != nil {
		t.Fatal(err)
	}
	return string(m[1])
}

type shard struct {
	T map[string]string `json:"t"`
	F map[string]any    `json:"f"`
}

// model builds the site model of a project as the build does, without
// the audit, so that the golden index below does not change whenever a
// rule is added.
func model(t testing.TB, dir string) *site.Site {
	return modelWith(t, dir, markdown.New(), nil)
}

// modelWith is model converted with conv, spilling into spill when set
// (as a build does).
func modelWith(t testing.TB, dir string, conv *markdown.Converter, spill *cache.Spill) *site.Site {
	t.Helper()
	cfg, diags := config.Load(dir)
	tree, d := source.Walk(dir, "content")
	diags = append(diags, d...)
	docs := map[string]*source.Document{}
	for _, f := range tree.Files {
		if !f.IsMarkdown() {
			continue
		}
		src, err := os.ReadFile(f.Abs)
		if err != nil {
			t.Fatal(err)
		}
		doc, d := source.Parse(f.Path, src)
		diags = append(diags, d...)
		docs[f.Rel] = doc
	}
	inv, d := inventory.Load(dir, inventory.Options{Patterns: cfg.Inventory.Paths})
	diags = append(diags, d...)
	s, d := site.New(cfg, tree, docs, site.Options{Inventory: inv})
	diags = append(diags, d...)
	s, d = s.ConvertSpilled(conv, spill)
	diags = append(diags, d...)
	if len(diags) > 0 {
		t.Fatal(diags)
	}
	return s
}

// TestIndexGolden pins the whole index of a small bilingual site: shard
// layout, posting lists, inflected forms, compounds, facets, snippets.
func TestIndexGolden(t *testing.T) {
	dir := testsite.Write(t, map[string]string{
		"handbook.yaml":          "title: Test\n",
		"content/_index.md":      "---\ntitle: Home\n---\n\nWelcome.\n",
		"content/certs/renew.md": "---\ntitle: Certificate renewal\nowner: web-ops\nplatform: website\naudience: [admin]\ntags: [tls]\nitems: [web-main]\n---\n\nRenewing certificates yearly.\n\n## Steps\n\nRenew the certificate before it expires.\n",
		"content/nl/beleid.md":   "---\ntitle: Wachtwoordbeleid\nlang: nl\nowner: security\naudience: [staff]\n---\n\nHet beleid voor wachtwoorden.\n\n## Wachtwoord kiezen\n\nKies een lang wachtwoord.\n",
		"inventory/web.yaml":     "items:\n  - id: web-main\n    kind: website\n    name: Main website\n    url: https://www.example.org\n    owners: [web-ops]\n",
	})
	spill, err := cache.NewSpill(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer spill.Close()
	plain := model(t, dir)
	// As a build converts: words counted, text and HTML in a spill file.
	built := modelWith(t, dir, markdown.New(markdown.WithWordCounter(search.WordCounter, search.CountWords)), spill)
	golden := filepath.Join("testdata", "index.golden")
	// Kept: the files in Index.Files (serve); written: each handed to
	// Options.Write as it is encoded (a build), the same bytes, from the
	// plain model and from the built one.
	for i, written := range []bool{false, true, true} {
		s := plain
		if i == 2 {
			s = built
		}
		opts := search.Options{Lang: "en", InventoryLabel: "Inventory", AuditLabel: "Audit"}
		var mu sync.Mutex
		files := map[string][]byte{}
		if written {
			opts.Write = func(f search.File) error {
				mu.Lock()
				defer mu.Unlock()
				files[f.Path] = f.Data
				return nil
			}
		}
		idx := search.Build(s, nil, opts)
		if written && len(idx.Files) > 0 {
			t.Errorf("written: Index.Files holds %d files, want none", len(idx.Files))
		}
		var size int64
		for _, f := range idx.Files {
			files[f.Path] = f.Data
		}
		var paths []string
		for p, data := range files {
			paths = append(paths, p)
			size += int64(len(data))
		}
		if idx.Count != len(files) || idx.Bytes != size {
			t.Errorf("written %v: Count %d, Bytes %d; the files are %d of %d bytes", written, idx.Count, idx.Bytes, len(files), size)
		}
		sort.Strings(paths)
		var b bytes.Buffer
		for _, p := range paths {
			b.WriteString("-- " + p + " --\n")
			b.Write(files[p])
		}
		if *update && i == 0 {
			if err := os.WriteFile(golden, b.Bytes(), 0o644); err != nil {
				t.Fatal(err)
			}
		}
		want, err := os.ReadFile(golden)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(b.Bytes(), want) {
			t.Errorf("written %v: index differs from %s (go test ./generator/search -update after an intended change):\n%s", written, golden, b.String())
		}
	}
}

// TestExampleIndex checks the index of the bundled example manual: every
// file is named by its content, shards hold inflected forms and compound
// parts, and procedures are found by the items they name.
func TestExampleIndex(t *testing.T) {
	dir := t.TempDir()
	for _, d := range []string{"content", "inventory"} {
		if err := os.CopyFS(filepath.Join(dir, d), os.DirFS(filepath.Join("../..", d))); err != nil {
			t.Fatal(err)
		}
	}
	files := build(t, dir)
	var meta struct {
		N    int               `json:"n"`
		S    map[string]string `json:"s"`
		F    []string          `json:"f"`
		Kind [][3]any          `json:"kind"`
	}
	var frags int
	for p, b := range files {
		name := filepath.Base(p)
		switch {
		case strings.HasPrefix(p, "search/meta."):
			data(t, b, &meta)
			fallthrough
		case strings.HasPrefix(p, "search/s/"), strings.HasPrefix(p, "search/facets."):
			sum := sha256.Sum256(b)
			if h := strings.Split(name, ".")[1]; h != hex.EncodeToString(sum[:4]) {
				t.Errorf("%s: name does not match content hash", p)
			}
		case strings.HasPrefix(p, "search/f/"):
			frags++
		}
	}
	if meta.N == 0 || frags != meta.N || len(meta.F) != (meta.N+63)/64 {
		t.Fatalf("%d documents, %d fragments, %d chunk hashes", meta.N, frags, len(meta.F))
	}
	if last := meta.Kind[len(meta.Kind)-1]; last[0] != "audit" || int(last[2].(float64)) != meta.N {
		t.Errorf("kind ranges %v do not end with the audit pages", meta.Kind)
	}
	load := func(word string) shard {
		for k := len(word); k >= 1; k-- {
			if h, ok := meta.S[word[:k]]; ok {
				var s shard
				data(t, files["search/s/"+word[:k]+"."+h+".js"], &s)
				return s
			}
		}
		t.Fatalf("no shard for %q", word)
		return shard{}
	}
	if f := load("wachtwoorden").F["wachtwoorden"]; f != "wachtwoord" {
		t.Errorf("form wachtwoorden -> %v, want the stem wachtwoord", f)
	}
	if _, ok := load("renewal").T["renew"]; !ok {
		t.Error("no term renew")
	}
	if len(load("beleid").T["beleid"]) < 4 {
		t.Error("beleid has fewer postings than the pages naming it and its compounds")
	}
	// Every shard key starts the words it holds.
	for key, h := range meta.S {
		var s shard
		data(t, files["search/s/"+key+"."+h+".js"], &s)
		for w := range s.T {
			if !strings.HasPrefix(w, key) {
				t.Errorf("term %q in shard %q", w, key)
			}
		}
	}
}

// TestIndexWithoutOptionalKeys builds the index of sites whose pages set
// none of the optional keys (kind, platform, audience, tags, owner,
// lang), with no inventory: every table the browser reads is present and
// a table, never null (a null platform table broke every query).
func TestIndexWithoutOptionalKeys(t *testing.T) {
	tests := []struct {
		name  string
		files map[string]string
	}{
		{"no front matter", map[string]string{
			"content/_index.md":     "# Runbooks\n\nThe team's runbooks.\n",
			"content/db/restore.md": "# Restore\n\nRestore the backup.\n",
		}},
		{"a single page", map[string]string{"content/_index.md": "Just text.\n"}},
		{"an empty page", map[string]string{"content/_index.md": "", "content/a.md": ""}},
		{"only a title", map[string]string{"content/_index.md": "---\ntitle: Home\n---\n", "content/a.md": "---\ntitle: A\n---\n\nBody.\n"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			files := build(t, testsite.Write(t, tt.files))
			var meta map[string]json.RawMessage
			var facets map[string]map[string]string
			frags := 0
			for p, b := range files {
				switch {
				case strings.HasPrefix(p, "search/meta."):
					data(t, b, &meta)
				case strings.HasPrefix(p, "search/facets."):
					data(t, b, &facets)
				case strings.HasPrefix(p, "search/f/"):
					var f struct {
						T string      `json:"t"`
						S [][3]string `json:"s"`
					}
					data(t, b, &f)
					if f.S == nil {
						t.Errorf("%s: sections null", p)
					}
					frags++
				}
			}
			want := map[string]byte{"kind": '[', "platform": '[', "s": '{', "f": '[', "sw": '[', "l": '{', "c": '"', "n": '0'}
			for key, first := range want {
				v := meta[key]
				if len(v) == 0 || (v[0] != first && !(first == '0' && v[0] >= '0' && v[0] <= '9')) {
					t.Errorf("meta %s = %s, want a value starting %q", key, v, first)
				}
			}
			if string(meta["platform"]) != "[]" {
				t.Errorf("platform ranges %s, want []", meta["platform"])
			}
			for _, f := range []string{"audience", "tags", "owner"} {
				if v, ok := facets[f]; !ok || v == nil {
					t.Errorf("facet list %s missing or null", f)
				}
			}
			var n int
			if err := json.Unmarshal(meta["n"], &n); err != nil || n == 0 || frags != n {
				t.Errorf("%d documents, %d snippet files", n, frags)
			}
		})
	}
}

// TestSmallDutchSiteCompound: in a manual of a few pages, where
// "beleid" occurs in no page on its own, the page titled
// "Wachtwoordbeleid" holds the term beleid (its compound split by the
// lexicon, not by the manual's other words), and a derivation stays
// whole.
func TestSmallDutchSiteCompound(t *testing.T) {
	dir := testsite.Write(t, map[string]string{
		"handbook.yaml":           "title: Beheer\nlanguage: nl\n",
		"content/_index.md":       "# Beheer\n\nDe handleiding van het team.\n",
		"content/wachtwoord.md":   "# Wachtwoordbeleid\n\nKies een lang wachtwoord en wissel het elk jaar.\n",
		"content/bestellingen.md": "# Bestellingen\n\nElke bestelling gaat via de servicedesk.\n",
	})
	files := build(t, dir)
	var meta struct {
		S map[string]string `json:"s"`
	}
	var fragURL = map[int]string{}
	for p, b := range files {
		switch {
		case strings.HasPrefix(p, "search/meta."):
			data(t, b, &meta)
		case strings.HasPrefix(p, "search/f/"):
			var f struct {
				U string `json:"u"`
			}
			name := data(t, b, &f)
			var n int
			if _, err := fmt.Sscanf(name, "f:%d", &n); err != nil {
				t.Fatal(err)
			}
			fragURL[n] = f.U
		}
	}
	terms := map[string]string{}
	for key, h := range meta.S {
		var s shard
		data(t, files["search/s/"+key+"."+h+".js"], &s)
		for term, list := range s.T {
			terms[term] = list
		}
	}
	docs := func(term string) []string {
		var out []string
		doc := -1
		v := decodeVarintsForTest(terms[term])
		for i := 0; i+1 < len(v); i += 2 {
			doc += int(v[i]) + 1
			out = append(out, fragURL[doc])
		}
		return out
	}
	if got := docs("beleid"); !slices.Contains(got, "wachtwoord/") {
		t.Errorf("beleid finds %q, want the page wachtwoord/", got)
	}
	if got := docs(search.Stem("nl", "telling")); len(got) > 0 {
		t.Errorf("bestelling split: telling finds %q", got)
	}
}

// decodeVarintsForTest reads a posting list's numbers: gap and impact
// pairs (assets/search-index.js decode); the impact digit is one.
func decodeVarintsForTest(s string) []uint32 {
	const digits = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-_"
	var out []uint32
	for i := 0; i < len(s); {
		var v uint32
		for shift := 0; ; shift += 5 {
			c := uint32(strings.IndexByte(digits, s[i]))
			i++
			v |= (c & 31) << shift
			if c < 32 {
				break
			}
		}
		out = append(out, v, uint32(strings.IndexByte(digits, s[i])))
		i++
	}
	return out
}
