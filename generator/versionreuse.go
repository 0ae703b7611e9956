package generator

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/handbook-dev/handbook/generator/cache"
	"github.com/handbook-dev/handbook/generator/config"
	"github.com/handbook-dev/handbook/generator/diag"
	"github.com/handbook-dev/handbook/generator/internal/gitrepo"
	"github.com/handbook-dev/handbook/generator/privacy"
	"github.com/handbook-dev/handbook/generator/publish"
	"github.com/handbook-dev/handbook/generator/source"
	"github.com/handbook-dev/handbook/generator/versiondiff"
)

// A frozen version is one other than the latest built from a Git ref: it
// is measured as of its commit's date (see loadVersion), so its output
// is a function of its commit, of handbook itself, of the project's
// handbook.yaml and of the other versions' pages its switcher links to.
// Rendering it again in every build is most of a versioned build's cost
// (each older version is a whole site of its own); instead a build whose
// inputs for it are those of the build that wrote the reused staging
// folder takes its files over from that folder as they are.
func frozen(v config.Version) bool { return v.Ref != "" && !v.Latest }

// frozenRecord is what a build keeps, in the cache, of a frozen version
// it rendered: what the other versions and the summary need of it when
// a later build publishes it again without loading it.
type frozenRecord struct {
	URLs        []string          `json:"urls"`
	Pages       int               `json:"pages"`
	BuiltAt     time.Time         `json:"built_at"`
	Diagnostics []diag.Diagnostic `json:"diagnostics"`
}

// reuse holds the keys of a build's frozen versions. Keys are SHA-256
// sums of everything the thing named depends on, so a record never goes
// stale: a changed input makes another key.
type reuse struct {
	store *cache.Store
	// own is the key of each frozen version's own output (by index in
	// the versions list), before the other versions are taken in.
	own map[int][32]byte
	// records are the frozen versions a build before rendered.
	records map[int]*frozenRecord
}

// executableSum hashes the running handbook: templates, assets and the
// code that renders are all in it.
var executableSum = sync.OnceValue(func() string {
	p, err := os.Executable()
	if err != nil {
		return ""
	}
	f, err := os.Open(p)
	if err != nil {
		return ""
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return ""
	}
	return hex.EncodeToString(h.Sum(nil))
})

// newReuse computes the own keys of the frozen versions among builds,
// their commits resolved, and looks up their records. It returns nil
// when nothing can be reused: no cache folder to keep records in, or no
// frozen version.
func newReuse(ctx context.Context, opts Options, project string, store *cache.Store, builds []*target) *reuse {
	if !store.Persistent() || !slices.ContainsFunc(builds, func(vb *target) bool { return frozen(vb.cfg) }) {
		return nil
	}
	exe := executableSum()
	projectConfig, err := os.ReadFile(filepath.Join(project, config.FileName))
	if exe == "" || err != nil {
		return nil
	}
	shape, err := gitrepo.Open(project).Shape(ctx)
	if err != nil {
		return nil
	}
	shallow := strconv.FormatBool(shape.Shallow) + "\n" // as git rev-parse --is-shallow-repository prints it
	base := sha256.New()
	field := func(h interface{ Write([]byte) (int, error) }, parts ...string) {
		for _, p := range parts {
			h.Write([]byte(p))
			h.Write([]byte{0})
		}
	}
	pseudonymKey := sha256.Sum256([]byte(os.Getenv(privacy.PseudonymKeyEnv)))
	field(base, "handbook frozen version 1", exe, Version, string(projectConfig), string(shallow),
		boolString(opts.Strict), boolString(opts.Drafts), opts.Audience, boolString(opts.unshared), boolString(opts.stableSearch),
		hex.EncodeToString(pseudonymKey[:]))
	baseSum := base.Sum(nil)
	r := &reuse{store: store, own: map[int][32]byte{}, records: map[int]*frozenRecord{}}
	for i, vb := range builds {
		if !frozen(vb.cfg) || vb.src.commit == "" {
			continue
		}
		h := sha256.New()
		h.Write(baseSum)
		field(h, vb.src.commit, vb.cfg.Name)
		var key [32]byte
		h.Sum(key[:0])
		r.own[i] = key
		if data, ok := store.Peek(recordKey("record", key[:])); ok {
			var rec frozenRecord
			if json.Unmarshal(data, &rec) == nil {
				r.records[i] = &rec
			}
		}
	}
	return r
}

func boolString(b bool) string {
	if b {
		return "1"
	}
	return "0"
}

// recordKey names a record of kind in the cache.
func recordKey(kind string, parts ...[]byte) [32]byte {
	h := sha256.New()
	h.Write([]byte("handbook " + kind + "\x00"))
	for _, p := range parts {
		h.Write(p)
	}
	var key [32]byte
	h.Sum(key[:0])
	return key
}

// outputKey is the key of version i's output in this build: its own key,
// every version's name, folder and aliases, which of its pages each
// other version has (the switcher and banner link them), and the own key
// of the version before it (its what-changed pages compare the two).
// ok is false when version i cannot be reused.
func (r *reuse) outputKey(i int, builds []*target) (string, bool) {
	own, ok := r.own[i]
	if !ok {
		return "", false
	}
	h := sha256.New()
	h.Write(own[:])
	mine := builds[i].urls
	for j, vb := range builds {
		h.Write([]byte(vb.cfg.Name + "\x00" + vb.prefix + "\x00" + strings.Join(vb.cfg.Aliases, "\x01") + "\x00" + boolString(vb.cfg.Latest)))
		if j == i {
			continue
		}
		var shared []string
		for u := range mine {
			if vb.urls[u] {
				shared = append(shared, u)
			}
		}
		slices.Sort(shared)
		h.Write([]byte(strings.Join(shared, "\x00") + "\x01"))
	}
	if i+1 < len(builds) {
		older, ok := r.own[i+1]
		if !ok {
			return "", false
		}
		h.Write(older[:])
	}
	return hex.EncodeToString(h.Sum(nil)), true
}

// unrecorded sets the URLs of the frozen versions a build before
// rendered from their records and returns the others, which must load.
func (r *reuse) unrecorded(builds []*target) []*target {
	var todo []*target
	for i, vb := range builds {
		rec := r.record(i)
		if rec == nil {
			todo = append(todo, vb)
			continue
		}
		vb.urls = make(map[string]bool, len(rec.URLs))
		for _, u := range rec.URLs {
			vb.urls[u] = true
		}
	}
	return todo
}

// takeOver keeps, in stage, the files of every frozen version the reused
// staging folder holds as this build would render it, and reports which
// it kept; keys are the output keys of the frozen versions, for the
// record of this build's output (see keepPublished).
func (r *reuse) takeOver(stage *publish.Stage, out string, builds []*target) (reused []bool, keys map[string]string) {
	reused, keys = make([]bool, len(builds)), map[string]string{}
	if r == nil {
		return reused, keys
	}
	published := r.publishedKeys(stage.ReusedManifest())
	for i, vb := range builds {
		key, ok := r.outputKey(i, builds)
		if !ok {
			continue
		}
		keys[vb.folder()] = key
		if r.record(i) != nil && published[vb.folder()] == key && stage.Keep(vb.folder()) {
			reused[i] = true
			r.store.KeepTree(vb.src.commit)
			own := r.own[i]
			r.store.Touch(recordKey("pages", own[:]))
		}
	}
	// The current output becomes the next build's staging folder: its
	// record must outlive this build's cache pruning.
	r.publishedKeys(publish.ManifestSum(out))
	return reused, keys
}

// publishedKeys returns the output keys of the version folders of the
// output whose manifest has the SHA-256 sum.
func (r *reuse) publishedKeys(sum string) map[string]string {
	if sum == "" {
		return nil
	}
	data, ok := r.store.Peek(recordKey("published", []byte(sum)))
	if !ok {
		return nil
	}
	var keys map[string]string
	if json.Unmarshal(data, &keys) != nil {
		return nil
	}
	return keys
}

// keepPublished records the output keys of the frozen version folders
// of the output whose manifest has the SHA-256 sum, for the next build
// (see takeOver).
func keepPublished(store *cache.Store, sum string, keys map[string]string) {
	if !store.Persistent() || len(keys) == 0 {
		return
	}
	data, err := json.Marshal(keys)
	if err == nil && sum != "" {
		store.Put(recordKey("published", []byte(sum)), data)
	}
}

// record returns the record of frozen version i a build before kept, or
// nil.
func (r *reuse) record(i int) *frozenRecord {
	if r == nil {
		return nil
	}
	return r.records[i]
}

// frozenPage is a page of a frozen version as the newer version's
// what-changed pages compare with it (see versiondiff.Old), kept in a
// record of its own: only the version next to a rendered one reads it.
type frozenPage struct {
	Rel   string `json:"rel"`
	Path  string `json:"path"`
	Title string `json:"title"`
	URL   string `json:"url"`
	Sum   string `json:"sha256"`
}

// olds returns the pages of frozen version i, taken over in this build,
// for a comparison: from its record, their Markdown read from its
// extracted tree for the pages that changed. It returns nil when the
// record or the tree is missing.
func (r *reuse) olds(i int, vb *target) []versiondiff.Old {
	own, ok := r.own[i]
	if !ok {
		return nil
	}
	data, ok := r.store.Peek(recordKey("pages", own[:]))
	tree := r.store.KeepTree(vb.src.commit)
	if !ok || tree == "" {
		return nil
	}
	var pages []frozenPage
	if json.Unmarshal(data, &pages) != nil {
		return nil
	}
	olds := make([]versiondiff.Old, len(pages))
	for k, p := range pages {
		sum, err := hex.DecodeString(p.Sum)
		if err != nil || len(sum) != sha256.Size {
			return nil
		}
		o := versiondiff.Old{Rel: p.Rel, Path: p.Path, Title: p.Title, URL: p.URL}
		copy(o.Sum[:], sum)
		file := filepath.Join(tree, filepath.FromSlash(p.Path))
		o.Load = func() ([]byte, error) {
			src, err := os.ReadFile(file)
			if err != nil {
				return nil, err
			}
			doc, d := source.Parse(p.Path, src)
			if n, _ := d.Count(); n > 0 || doc == nil {
				return nil, fmt.Errorf("%s: cannot parse it again", p.Path)
			}
			return doc.Body, nil
		}
		olds[k] = o
	}
	return olds
}

// keepRecord records frozen version i, rendered in this build.
func (r *reuse) keepRecord(i int, vb *target, diags diag.List) {
	if r == nil {
		return
	}
	key, ok := r.own[i]
	if !ok {
		return
	}
	rec := frozenRecord{Pages: vb.pages, BuiltAt: vb.builtAt, Diagnostics: diags}
	for u := range vb.urls {
		rec.URLs = append(rec.URLs, u)
	}
	slices.Sort(rec.URLs)
	if data, err := json.Marshal(rec); err == nil {
		r.store.Put(recordKey("record", key[:]), data)
	}
	var pages []frozenPage
	for _, o := range versiondiff.Olds(vb.m.site) {
		sum := sha256.Sum256(o.Body)
		pages = append(pages, frozenPage{Rel: o.Rel, Path: o.Path, Title: o.Title, URL: o.URL, Sum: hex.EncodeToString(sum[:])})
	}
	if data, err := json.Marshal(pages); err == nil {
		r.store.Put(recordKey("pages", key[:]), data)
	}
}
