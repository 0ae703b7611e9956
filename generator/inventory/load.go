package inventory

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/bmatcuk/doublestar/v4"
	"github.com/goccy/go-yaml/ast"
	"github.com/handbook-dev/handbook/generator/config"
	"github.com/handbook-dev/handbook/generator/diag"
	"github.com/handbook-dev/handbook/generator/internal/yamlx"
	"github.com/handbook-dev/handbook/internal/suggest"
)

// DefaultPatterns is where inventory files are looked for when
// handbook.yaml says nothing.
var DefaultPatterns = []string{"inventory/**/*.{yaml,yml,json,csv}"}

// Options configure Load.
type Options struct {
	// Patterns are doublestar globs relative to the project.
	Patterns []string
	// Kinds are kinds declared by the project, besides the built-in ones.
	Kinds []string
	// MaxItems bounds the items of all files and MaxFileSize the bytes
	// of one (0: config's defaults): each item becomes a page, and a
	// million-row export would take gigabytes to build.
	MaxItems    int
	MaxFileSize int64
}

// Load reads every inventory file of the project and links the items.
// Files are read through an os.Root, so no symlink can lead outside the
// project. It reports every problem it finds and returns the items it
// could load.
func Load(project string, opts Options) (*Inventory, diag.List) {
	var diags diag.List
	patterns := opts.Patterns
	if len(patterns) == 0 {
		patterns = DefaultPatterns
	}
	root, err := os.OpenRoot(project)
	if err != nil {
		diags.Errorf(project, 0, 0, "cannot open the site project: %v", err)
		return &Inventory{byID: map[string]*Item{}}, diags
	}
	defer root.Close()
	fsys := root.FS()
	seen := map[string]bool{}
	var files []string
	for _, pat := range patterns {
		matches, err := doublestar.Glob(fsys, pat, doublestar.WithFilesOnly(), doublestar.WithFailOnIOErrors())
		if err != nil && !errors.Is(err, fs.ErrNotExist) {
			diags.Errorf("handbook.yaml", 0, 0, "inventory pattern %q: %v", pat, err)
			continue
		}
		for _, m := range matches {
			if !seen[m] {
				seen[m] = true
				files = append(files, m)
			}
		}
	}
	sort.Strings(files)
	maxItems, maxSize := opts.MaxItems, opts.MaxFileSize
	if maxItems <= 0 {
		maxItems = config.DefaultInventoryItems
	}
	if maxSize <= 0 {
		maxSize = config.DefaultInventorySize
	}
	var items []*Item
	for _, name := range files {
		if info, err := fs.Stat(fsys, name); err == nil && info.Size() > maxSize {
			diags.Errorf(name, 0, 0, "the file is %d MiB, over limits.inventory_size (%d MiB); split it, or raise the limit in handbook.yaml", info.Size()>>20, maxSize>>20)
			continue
		}
		src, err := fs.ReadFile(fsys, name)
		if err != nil {
			diags.Errorf(name, 0, 0, "cannot read: %v; an inventory file must be inside the site project", err)
			continue
		}
		its, d := Parse(name, src)
		items = append(items, its...)
		diags = append(diags, d...)
		if len(items) > maxItems {
			diags.Errorf(name, 0, 0, "the inventory has more than %d items with this file (limits.inventory_items), and each item is a page of the site; files after it were not read; raise the limit in handbook.yaml if the inventory is really that large", maxItems)
			return &Inventory{byID: map[string]*Item{}}, diags
		}
	}
	inv, d := link(items, append(append([]string(nil), Kinds...), opts.Kinds...))
	return inv, append(diags, d...)
}

// Parse reads the items of one inventory file; the format follows the
// file's extension (.yaml, .yml, .json or .csv).
func Parse(name string, src []byte) ([]*Item, diag.List) {
	src = bytes.TrimPrefix(src, []byte("\ufeff"))
	switch strings.ToLower(path.Ext(name)) {
	case ".csv":
		return parseCSV(name, src)
	case ".yaml", ".yml", ".json":
		return parseYAML(name, src) // JSON is YAML: one positioned parser for both
	}
	var d diag.List
	d.Errorf(name, 0, 0, "unknown inventory format; use .yaml, .yml, .json or .csv")
	return nil, d
}

func parseYAML(name string, src []byte) ([]*Item, diag.List) {
	var diags diag.List
	f, err := yamlx.Parse(src)
	if err != nil {
		report(&diags, name, err)
		return nil, diags
	}
	if len(f.Docs) == 0 || f.Docs[0].Body == nil {
		return nil, nil
	}
	if err := yamlx.NoAliases(f.Docs[0].Body); err != nil {
		var ye *yamlx.Error
		if errors.As(err, &ye) {
			diags.Errorf(name, ye.Line, ye.Col, "%s", ye.Msg)
		}
		return nil, diags
	}
	body := f.Docs[0].Body
	if entries, err := yamlx.Entries(body); err == nil {
		body = nil
		for _, e := range entries {
			if e.Key == "items" {
				body = e.Value
				continue
			}
			diags.Errorf(name, e.Line, e.Col, "unknown key %q; an inventory file holds a list of items, or a mapping with the key items", e.Key)
		}
		if body == nil {
			return nil, diags
		}
	}
	seq, ok := body.(*ast.SequenceNode)
	if !ok {
		tk := body.GetToken()
		diags.Errorf(name, tk.Position.Line, tk.Position.Column, "expected a list of items (lines starting with '- ')")
		return nil, diags
	}
	var items []*Item
	for _, v := range seq.Values {
		tk := v.GetToken()
		entries, err := yamlx.Entries(v)
		if err != nil {
			report(&diags, name, err)
			continue
		}
		it := &Item{Pos: Pos{Path: name, Line: tk.Position.Line, Col: tk.Position.Column}}
		if len(entries) > 0 {
			it.Pos.Line, it.Pos.Col = entries[0].Line, entries[0].Col
		}
		for _, e := range entries {
			l, c := e.Pos()
			fv := field{key: e.Key, pos: Pos{Path: name, Line: l, Col: c}, entry: &e}
			it.setPos(e.Key, fv.pos)
			if err := it.set(fv); err != nil {
				diags = append(diags, *err)
			}
		}
		items = append(items, it)
	}
	return items, diags
}

func report(diags *diag.List, name string, err error) {
	var ye *yamlx.Error
	if errors.As(err, &ye) {
		diags.Errorf(name, ye.Line, ye.Col, "%s", ye.Msg)
		return
	}
	diags.Errorf(name, 0, 0, "%v", err)
}

// parseCSV reads a header row naming the keys and one item per row.
// Multi-valued cells (owners, tags, groups) separate values with ';', and
// groups are written group:level.
func parseCSV(name string, src []byte) ([]*Item, diag.List) {
	var diags diag.List
	r := csv.NewReader(bytes.NewReader(src))
	r.FieldsPerRecord = -1
	r.TrimLeadingSpace = true
	header, err := r.Read()
	if err == io.EOF {
		return nil, nil
	}
	if err != nil {
		csvError(&diags, name, err)
		return nil, diags
	}
	for i := range header {
		header[i] = strings.TrimSpace(header[i])
		if header[i] == "" {
			diags.Errorf(name, 1, 0, "column %d has no name in the header row", i+1)
		}
	}
	var items []*Item
	for {
		rec, err := r.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			csvError(&diags, name, err)
			break
		}
		line, _ := r.FieldPos(0)
		if len(rec) == 1 && strings.TrimSpace(rec[0]) == "" {
			continue // a blank line
		}
		if len(rec) > len(header) {
			diags.Errorf(name, line, 0, "row %d has %d cells but the header names %d columns", line, len(rec), len(header))
		}
		it := &Item{Pos: Pos{Path: name, Line: line, Col: 1}, fields: make([]fieldPos, 0, len(header))}
		for i, cell := range rec {
			if i >= len(header) || header[i] == "" {
				continue
			}
			cell = strings.TrimSpace(cell)
			if cell == "" {
				continue
			}
			l, c := r.FieldPos(i)
			p := Pos{Path: name, Line: l, Col: c}
			it.setPos(header[i], p)
			if err := it.set(field{key: header[i], pos: p, text: cell, csv: true}); err != nil {
				err.Message = fmt.Sprintf("column %s: %s", header[i], err.Message)
				diags = append(diags, *err)
			}
		}
		items = append(items, it)
	}
	return items, diags
}

func csvError(diags *diag.List, name string, err error) {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		diags.Errorf(name, pe.Line, pe.Column, "%v", pe.Err)
		return
	}
	diags.Errorf(name, 0, 0, "%v", err)
}

// field is one key of an item, from YAML/JSON (entry) or a CSV cell (text).
type field struct {
	key   string
	pos   Pos
	entry *yamlx.Entry
	text  string
	csv   bool
}

func (f field) errorf(format string, args ...any) *diag.Diagnostic {
	return &diag.Diagnostic{Path: f.pos.Path, Line: f.pos.Line, Col: f.pos.Col, Message: fmt.Sprintf(format, args...)}
}

func (f field) wrap(err error) *diag.Diagnostic {
	var ye *yamlx.Error
	if errors.As(err, &ye) {
		return &diag.Diagnostic{Path: f.pos.Path, Line: ye.Line, Col: ye.Col, Message: ye.Msg}
	}
	return f.errorf("%v", err)
}

func (f field) str() (string, *diag.Diagnostic) {
	if f.csv {
		return f.text, nil
	}
	s, err := f.entry.String()
	if err != nil {
		return "", f.wrap(err)
	}
	return strings.TrimSpace(s), nil
}

func (f field) list() ([]string, *diag.Diagnostic) {
	if f.csv {
		var out []string
		for _, s := range strings.Split(f.text, ";") {
			if s = strings.TrimSpace(s); s != "" {
				out = append(out, s)
			}
		}
		return out, nil
	}
	l, err := f.entry.Strings()
	if err != nil {
		return nil, f.wrap(err)
	}
	return l, nil
}

func (f field) date() (time.Time, *diag.Diagnostic) {
	if f.csv {
		t, err := time.Parse(time.DateOnly, f.text)
		if err != nil {
			return t, f.errorf("%s must be a date written as YYYY-MM-DD, found %q", f.key, f.text)
		}
		if err := yamlx.PlausibleDate(t); err != nil {
			return time.Time{}, f.errorf("%s %s %v", f.key, f.text, err)
		}
		return t, nil
	}
	t, err := f.entry.Date()
	if err != nil {
		return t, f.wrap(err)
	}
	return t, nil
}

func (f field) count() (int, *diag.Diagnostic) {
	if f.csv {
		n, err := strconv.Atoi(f.text)
		if err != nil || n < 0 {
			return 0, f.errorf("%s must be a whole number of members, found %q", f.key, f.text)
		}
		return n, nil
	}
	if l, err := f.entry.Strings(); err == nil && isSequence(f.entry.Value) {
		return len(l), nil // a list of members counts them
	}
	n, err := f.entry.Int()
	if err != nil || n < 0 {
		return 0, f.errorf("%s must be a whole number of members or a list of them", f.key)
	}
	return n, nil
}

func isSequence(n ast.Node) bool {
	_, ok := n.(*ast.SequenceNode)
	return ok
}

// grants reads groups as a mapping (group: level), a list of
// "group:level" strings, or a CSV cell "group:level;group:level".
func (f field) grants() ([]Grant, *diag.Diagnostic) {
	if !f.csv {
		if entries, err := yamlx.Entries(f.entry.Value); err == nil && !isSequence(f.entry.Value) {
			var out []Grant
			for _, e := range entries {
				lvl, err := e.String()
				if err != nil || strings.TrimSpace(lvl) == "" {
					l, c := e.Pos()
					return nil, &diag.Diagnostic{Path: f.pos.Path, Line: l, Col: c, Message: fmt.Sprintf("groups: %s needs a permission level such as read, edit or admin", e.Key)}
				}
				out = append(out, Grant{Group: e.Key, Level: strings.TrimSpace(lvl)})
			}
			return out, nil
		}
	}
	parts, err := f.list()
	if err != nil {
		return nil, f.errorf("groups must be a mapping of group to level, e.g. {hr-staff: read}")
	}
	var out []Grant
	for _, p := range parts {
		g, lvl, ok := strings.Cut(p, ":")
		if !ok || strings.TrimSpace(g) == "" || strings.TrimSpace(lvl) == "" {
			return nil, f.errorf("groups: %q must be written group:level, e.g. hr-staff:read", p)
		}
		out = append(out, Grant{Group: strings.TrimSpace(g), Level: strings.TrimSpace(lvl)})
	}
	return out, nil
}

var idRE = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9._-]*$`)

func oneOf(f field, s string, allowed []string) *diag.Diagnostic {
	for _, a := range allowed {
		if s == a {
			return nil
		}
	}
	return f.errorf("%s %q is not one of: %s", f.key, s, strings.Join(allowed, ", "))
}

func (it *Item) set(f field) *diag.Diagnostic {
	var err *diag.Diagnostic
	switch f.key {
	case "id":
		if it.ID, err = f.str(); err == nil && !idRE.MatchString(it.ID) {
			err = f.errorf("id %q may hold only letters, digits, '.', '_' and '-' (it becomes part of a URL)", it.ID)
		}
	case "kind":
		it.Kind, err = f.str()
	case "name":
		it.Name, err = f.str()
	case "url":
		it.URL, err = f.str()
	case "parent":
		it.ParentID, err = f.str()
	case "owners":
		it.Owners, err = f.list()
	case "groups":
		it.Groups, err = f.grants()
	case "members":
		it.Members, err = f.count()
		it.HasMembers = err == nil
	case "external_sharing":
		if it.ExternalSharing, err = f.str(); err == nil {
			err = oneOf(f, it.ExternalSharing, Sharing)
		}
	case "sensitivity", "classification":
		it.Sensitivity, err = f.str()
	case "created":
		it.Created, err = f.date()
	case "last_activity":
		it.LastActivity, err = f.date()
	case "status":
		if it.Status, err = f.str(); err == nil {
			err = oneOf(f, it.Status, Statuses)
		}
	case "tags":
		it.Tags, err = f.list()
	case "description":
		it.Description, err = f.str()
	case "components":
		it.Components, err = f.components()
	case "hosting":
		it.Hosting, err = f.str()
	case "attested":
		a := it.attestation(f.pos)
		if err = f.attestation(a); err != nil {
			a.invalid = true
		}
	default:
		if isAttestationColumn(f.key) {
			return it.attestation(f.pos).set(strings.TrimPrefix(f.key, "attested_"), f)
		}
		if isProviderKey(f.key) {
			it.terms = append(it.terms, f)
		}
		var v any = f.text
		if !f.csv {
			var e error
			if v, e = f.entry.Any(); e != nil {
				return f.wrap(e)
			}
		}
		if it.Extra == nil {
			it.Extra = map[string]any{}
		}
		it.Extra[f.key] = v
	}
	return err
}

// link checks the items together (ids, kinds, parents) and builds the tree.
func link(items []*Item, kinds []string) (*Inventory, diag.List) {
	var diags diag.List
	inv := &Inventory{Kinds: kinds, byID: map[string]*Item{}, rejected: map[string]bool{}}
	kindRank := map[string]int{}
	for i, k := range kinds {
		kindRank[k] = i
	}
	for _, it := range items {
		p := it.Pos
		switch {
		case it.ID == "":
			diags.Errorf(p.Path, p.Line, p.Col, "item has no id; give every item a unique id such as hr-site")
			continue
		case it.Kind == "":
			diags.Errorf(p.Path, p.Line, p.Col, "item %s has no kind; use one of: %s", it.ID, strings.Join(kinds, ", "))
			inv.rejected[it.ID] = true
			continue
		}
		if _, ok := kindRank[it.Kind]; !ok {
			kp := it.At("kind")
			diags.Errorf(kp.Path, kp.Line, kp.Col, "item %s: %s", it.ID, unknownKind(it.Kind, kinds))
			inv.rejected[it.ID] = true
			continue
		}
		if it.Name == "" {
			diags.Errorf(p.Path, p.Line, p.Col, "item %s has no name", it.ID)
		}
		if it.Kind == KindProvider {
			diags = append(diags, it.readProvider()...)
		} else if d := it.readEscalation(); d != nil {
			diags = append(diags, *d)
		}
		it.terms = nil
		if d := it.checkAttestation(); d != nil {
			diags = append(diags, *d)
		}
		if it.Status == "" {
			it.Status = "active"
		}
		if prev, ok := inv.byID[it.ID]; ok {
			ip := it.At("id")
			diags.Errorf(ip.Path, ip.Line, ip.Col, "duplicate id %q: already used at %s:%d; ids must be unique across the inventory", it.ID, prev.Pos.Path, prev.Pos.Line)
			continue
		}
		inv.byID[it.ID] = it
		inv.Items = append(inv.Items, it)
	}
	for _, it := range inv.Items {
		if it.ParentID == "" {
			continue
		}
		parent := inv.byID[it.ParentID]
		if parent == nil && inv.rejected[it.ParentID] {
			continue // the parent's own error is the one message
		}
		if parent == nil {
			pp := it.At("parent")
			diags.Errorf(pp.Path, pp.Line, pp.Col, "item %s: parent %q is not an item of the inventory", it.ID, it.ParentID)
			continue
		}
		it.Parent = parent
	}
	// A parent cycle would make the hierarchy infinite: report it once,
	// at the item of the cycle declared first, and cut it there.
	state := map[*Item]int{} // 0 new, 1 on the current path, 2 done
	for _, start := range inv.Items {
		var path []*Item
		for it := start; it != nil && state[it] != 2; it = it.Parent {
			if state[it] == 1 {
				var ids []string
				cut := it
				for i := len(path) - 1; i >= 0; i-- {
					ids = append([]string{path[i].ID}, ids...)
					if path[i] == it {
						break
					}
				}
				for _, c := range ids {
					if x := inv.byID[c]; earlier(x.Pos, cut.Pos) {
						cut = x
					}
				}
				pp := cut.At("parent")
				diags.Errorf(pp.Path, pp.Line, pp.Col, "item %s: parent cycle %s -> %s; an item cannot be its own ancestor", cut.ID, strings.Join(ids, " -> "), it.ID)
				cut.Parent = nil
				break
			}
			state[it] = 1
			path = append(path, it)
		}
		for _, it := range path {
			state[it] = 2
		}
	}
	sort.SliceStable(inv.Items, func(i, j int) bool {
		a, b := inv.Items[i], inv.Items[j]
		if a.Kind != b.Kind {
			return kindRank[a.Kind] < kindRank[b.Kind]
		}
		if a.Name != b.Name {
			return strings.ToLower(a.Name) < strings.ToLower(b.Name)
		}
		return a.ID < b.ID
	})
	for _, it := range inv.Items {
		if it.Parent != nil {
			it.Parent.Children = append(it.Parent.Children, it)
		} else {
			inv.Roots = append(inv.Roots, it)
		}
	}
	return inv, append(diags, inv.linkHosting()...)
}

// unknownKind says that kind is none of kinds, with the kind it most
// likely misspells (sharepoint-stie) when there is one, else the list.
func unknownKind(kind string, kinds []string) string {
	if meant, ok := suggest.Closest(kind, kinds); ok {
		return fmt.Sprintf("unknown kind %q; did you mean %q? Otherwise declare it under inventory.kinds in handbook.yaml", kind, meant)
	}
	return fmt.Sprintf("unknown kind %q; use one of: %s, or declare it under inventory.kinds in handbook.yaml", kind, strings.Join(kinds, ", "))
}

func earlier(a, b Pos) bool {
	if a.Path != b.Path {
		return a.Path < b.Path
	}
	return a.Line < b.Line
}
