package markdown

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
)

// memCache is an in-memory Cache counting lookups.
type memCache struct {
	mu   sync.Mutex
	m    map[[32]byte][]byte
	hits int
}

func (c *memCache) Get(k [32]byte) ([]byte, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	v, ok := c.m[k]
	if ok {
		c.hits++
	}
	return v, ok
}

func (c *memCache) Put(k [32]byte, v []byte) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.m[k] = v
}

func TestCacheReplaysResolveAndRekeysOnNewTargets(t *testing.T) {
	mc := &memCache{m: map[[32]byte][]byte{}}
	conv := New(WithCache(mc))
	body := []byte("# T\n\nSee [restore](../restore.md#steps) and ![x](img.png).\n\n## Steps\n\n```go\nfunc main() {}\n```\n")
	convert := func(target string) (*Result, []LinkRef) {
		var calls []LinkRef
		res, err := conv.Convert(Document{Body: body, BodyLine: 4, Title: "T", Resolve: func(ref LinkRef) string {
			calls = append(calls, ref)
			if ref.Image {
				return ref.Dest
			}
			return target
		}})
		if err != nil {
			t.Fatal(err)
		}
		return res, calls
	}
	first, calls1 := convert("../restore/#steps")
	if mc.hits != 0 {
		t.Fatalf("%d hits on an empty cache", mc.hits)
	}
	second, calls2 := convert("../restore/#steps")
	if mc.hits != 2 {
		t.Errorf("%d hits, want 2 (analysis and HTML)", mc.hits)
	}
	if string(first.HTML) != string(second.HTML) || len(second.TOC) != 1 || second.TOC[0].ID != "steps" || !second.HasID("steps") {
		t.Errorf("cached result differs:\n%s\n%+v", second.HTML, second)
	}
	if len(calls1) != 2 || len(calls2) != 2 || calls1[0] != calls2[0] || calls2[0].Line != 6 {
		t.Errorf("Resolve calls: parse %+v, hit %+v", calls1, calls2)
	}
	if len(second.Links) != 2 || second.Links[1].Image != true {
		t.Errorf("links of the cached result: %+v", second.Links)
	}
	// The target page moved: the HTML is rendered anew, and Resolve is
	// called once per link, not again for the parse.
	third, calls3 := convert("../admin/restore/#steps")
	if !strings.Contains(string(third.HTML), `href="../admin/restore/#steps"`) || len(calls3) != 2 {
		t.Errorf("moved target: %d calls, HTML:\n%s", len(calls3), third.HTML)
	}
}

func TestCacheSeparatesSettings(t *testing.T) {
	mc := &memCache{m: map[[32]byte][]byte{}}
	body := []byte("> [!NOTE]\n> Read this.\n")
	en, _ := New(WithCache(mc), WithAlertTitles(map[string]string{"note": "Note"})).Convert(Document{Body: body})
	nl, _ := New(WithCache(mc), WithAlertTitles(map[string]string{"note": "Opmerking"})).Convert(Document{Body: body})
	if !strings.Contains(string(en.HTML), "Note") || !strings.Contains(string(nl.HTML), "Opmerking") {
		t.Errorf("alert titles of another converter came from the cache:\n%s\n%s", en.HTML, nl.HTML)
	}
}

// TestCacheKeepsSectionText checks that a cache hit gives the search
// index the same section text as a parse, and that a conversion without
// the text (handbook audit) is a separate entry.
func TestCacheKeepsSectionText(t *testing.T) {
	mc := &memCache{m: map[[32]byte][]byte{}}
	conv := New(WithCache(mc))
	body := []byte("Intro.\n\n## Steps\n\nRenew the certificate.\n")
	plain, err := conv.Convert(Document{Body: body, BodyLine: 1, SkipRender: true})
	if err != nil || plain.Sections != nil {
		t.Fatalf("without CollectText: %v, %+v", err, plain.Sections)
	}
	first, err := conv.Convert(Document{Body: body, BodyLine: 1, CollectText: true})
	if err != nil || len(first.Sections) != 2 {
		t.Fatalf("a parse after an analysis without text: %v, %+v", err, first.Sections)
	}
	hits := mc.hits
	again, err := conv.Convert(Document{Body: body, BodyLine: 1, CollectText: true})
	if err != nil || mc.hits == hits {
		t.Fatalf("no cache hit: %v", err)
	}
	if len(again.Sections) != 2 || again.Sections[1] != first.Sections[1] {
		t.Errorf("cached sections %+v, parsed %+v", again.Sections, first.Sections)
	}
}

// TestConverterVersionFollowsBehaviour guards the cache against stale
// HTML: it converts sample pages (testdata/*.md and a few more) and
// compares a hash of their HTML and analysis with the one recorded in
// testdata/converter.sum for converterVersion. Output that changed
// under the same version would let a cache written by the older
// converter serve old HTML, so the test then asks for a new version;
// `-update` records the hash once the version changed.
func TestConverterVersionFollowsBehaviour(t *testing.T) {
	pages, _ := filepath.Glob("testdata/*.md")
	bodies := []string{
		"# T\n\n## A {#a .c}\n\n[x](y.md#z) ![i](i.png) <https://example.org>\n\n<a name=\"n\"></a><span id=\"sidebar\">s</span>\n",
		"> [!NOTE]\n> n\n\n!!! tip \"T\"\n    t\n\n:::info[I]\ni\n:::\n\nx[^1]\n\n[^1]: f\n\nTerm\n: def\n\n- [x] task\n",
	}
	for _, p := range pages {
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		bodies = append(bodies, string(b))
	}
	h := sha256.New()
	c := New(WithAlertTitles(map[string]string{"note": "Note"}))
	for _, b := range bodies {
		res, err := c.Convert(Document{Body: []byte(b), BodyLine: 1, CollectText: true, Resolve: func(r LinkRef) string { return "R" + r.Dest }})
		if err != nil {
			t.Fatal(err)
		}
		a, _ := json.Marshal(analysis{TOC: res.TOC, IDs: res.IDs, Links: res.Links, Sanitised: res.Sanitised, Sections: res.Sections, Notes: res.Notes})
		h.Write(res.HTML)
		h.Write(a)
	}
	got := converterVersion + " " + hex.EncodeToString(h.Sum(nil)) + "\n"
	const sum = "testdata/converter.sum"
	want, _ := os.ReadFile(sum)
	if got == string(want) {
		return
	}
	if recorded := string(want[:max(0, bytes.LastIndexByte(want, ' '))]); recorded == converterVersion {
		t.Fatalf("the converter's output changed but converterVersion is still %q: change it (cache.go), then run with -update", converterVersion)
	}
	if !*update {
		t.Fatalf("%s records %q; run with -update to record %q", sum, want, got)
	}
	if err := os.WriteFile(sum, []byte(got), 0o644); err != nil {
		t.Fatal(err)
	}
}
