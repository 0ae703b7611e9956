// Package snapshots reads the files handbook pull wrote, so that a build
// can show and audit what the platforms report beside what the inventory
// declares. It reads; it never fetches.
package snapshots

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"io/fs"
	"os"
	"path"
	"sort"
	"strings"
	"time"

	"github.com/handbook-dev/handbook/generator/diag"
	"github.com/handbook-dev/handbook/generator/internal/yamlx"
	"github.com/handbook-dev/handbook/generator/pulldata"
)

// Dir is where snapshots are read from, relative to the project.
const Dir = "data/snapshots"

// Set is every snapshot of the project.
type Set struct {
	Web        []*Web
	Confluence []*Confluence
	M365       []*M365
	EOL        []*EOL
	// Changes are the differences between consecutive committed
	// versions of the snapshots, newest first.
	Changes []Change
}

// M365 is a Microsoft 365 snapshot.
type M365 struct {
	Path    string
	Source  string
	TakenAt time.Time
	Data    pulldata.M365
}

// EOL is an endoflife.date snapshot: the release cycles of the
// products the inventory's components name.
type EOL struct {
	Path     string
	Source   string
	TakenAt  time.Time
	Products []pulldata.EOLProduct
}

// Product returns what the snapshots say about the product name, or nil
// when no eol snapshot holds it.
func (s *Set) Product(name string) *pulldata.EOLProduct {
	for _, e := range s.EOL {
		for i := range e.Products {
			if e.Products[i].Name == name {
				return &e.Products[i]
			}
		}
	}
	return nil
}

// Confluence is a Confluence snapshot.
type Confluence struct {
	Path    string
	Source  string
	TakenAt time.Time
	Spaces  []pulldata.Space
}

// Web is a web snapshot with its history.
type Web struct {
	// Path is the snapshot file, relative to the project.
	Path    string
	Source  string
	TakenAt time.Time
	Results []pulldata.WebResult
	// History holds the lines of <source>-history.jsonl, oldest first.
	History []pulldata.WebHistoryLine
}

// Result returns the result about the item or check id, or nil.
func (w *Web) Result(id string) *pulldata.WebResult {
	for i := range w.Results {
		if w.Results[i].ID == id {
			return &w.Results[i]
		}
	}
	return nil
}

// Load reads data/snapshots/*.json of the project through root (so no
// symlink leads outside it). A missing folder is no error: a project that
// never pulled has no snapshots.
func Load(root fs.FS) (*Set, diag.List) {
	var diags diag.List
	set := &Set{}
	entries, err := fs.ReadDir(root, Dir)
	if errors.Is(err, fs.ErrNotExist) {
		return set, nil
	}
	if err != nil {
		diags.Errorf(Dir, 0, 0, "cannot read: %v", err)
		return set, diags
	}
	for _, e := range entries {
		name := e.Name()
		if e.IsDir() || !strings.HasSuffix(name, ".json") || strings.HasPrefix(name, ".") {
			continue
		}
		p := path.Join(Dir, name)
		data, err := fs.ReadFile(root, p)
		if err != nil {
			diags.Errorf(p, 0, 0, "cannot read: %v", err)
			continue
		}
		var env pulldata.Envelope
		if err := pulldata.DecodeJSON(data, &env); err != nil {
			var ye *yamlx.Error
			if errors.As(err, &ye) {
				diags.Errorf(p, ye.Line, ye.Col, "not a snapshot written by handbook pull: %s; pull it again", ye.Msg)
				continue
			}
			diags.Errorf(p, 0, 0, "not a snapshot written by handbook pull: %v; pull it again", err)
			continue
		}
		switch env.Type {
		case "web":
			w := &Web{Path: p, Source: env.Source, TakenAt: env.TakenAt}
			if err := json.Unmarshal(env.Data, &w.Results); err != nil {
				diags.Errorf(p, 0, 0, "web snapshot data: %v; pull it again", err)
				continue
			}
			w.History = readHistory(root, path.Join(Dir, env.Source+"-history.jsonl"))
			set.Web = append(set.Web, w)
		case "confluence-cloud", "confluence-dc":
			c := &Confluence{Path: p, Source: env.Source, TakenAt: env.TakenAt}
			if err := json.Unmarshal(env.Data, &c.Spaces); err != nil {
				diags.Errorf(p, 0, 0, "confluence snapshot data: %v; pull it again", err)
				continue
			}
			set.Confluence = append(set.Confluence, c)
		case "eol":
			e := &EOL{Path: p, Source: env.Source, TakenAt: env.TakenAt}
			if err := json.Unmarshal(env.Data, &e.Products); err != nil {
				diags.Errorf(p, 0, 0, "eol snapshot data: %v; pull it again", err)
				continue
			}
			set.EOL = append(set.EOL, e)
		case "m365":
			m := &M365{Path: p, Source: env.Source, TakenAt: env.TakenAt}
			if err := json.Unmarshal(env.Data, &m.Data); err != nil {
				diags.Errorf(p, 0, 0, "m365 snapshot data: %v; pull it again", err)
				continue
			}
			set.M365 = append(set.M365, m)
		}
	}
	sort.Slice(set.Web, func(i, j int) bool { return set.Web[i].Source < set.Web[j].Source })
	sort.Slice(set.Confluence, func(i, j int) bool { return set.Confluence[i].Source < set.Confluence[j].Source })
	sort.Slice(set.EOL, func(i, j int) bool { return set.EOL[i].Source < set.EOL[j].Source })
	return set, diags
}

// readHistory reads a JSON Lines history, skipping lines it cannot read
// (a run killed in the middle of its append leaves at most a partial last line).
func readHistory(root fs.FS, p string) []pulldata.WebHistoryLine {
	data, err := fs.ReadFile(root, p)
	if err != nil {
		return nil
	}
	var out []pulldata.WebHistoryLine
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(make([]byte, 64<<10), 1<<20)
	for sc.Scan() {
		var l pulldata.WebHistoryLine
		if json.Unmarshal(sc.Bytes(), &l) == nil && l.ID != "" {
			out = append(out, l)
		}
	}
	return out
}

// OpenRoot opens the project for Load.
func OpenRoot(project string) (fs.FS, func(), error) {
	r, err := os.OpenRoot(project)
	if err != nil {
		return nil, nil, err
	}
	return r.FS(), func() { r.Close() }, nil
}

// SpaceKey returns the Confluence space key an inventory item declares:
// its key field, or the key in its URL (/spaces/KEY or /display/KEY).
func SpaceKey(extra map[string]any, rawURL string) string {
	if k, ok := extra["key"].(string); ok && k != "" {
		return k
	}
	parts := strings.Split(strings.Trim(rawURL, "/"), "/")
	for i, p := range parts {
		if (p == "spaces" || p == "display") && i+1 < len(parts) {
			return parts[i+1]
		}
	}
	return ""
}
