package render

import (
	"bytes"
	"crypto/rand"
	"encoding/hex"
	"html/template"
	"math"
	"reflect"
	"sort"
	"strings"
	"time"

	"github.com/handbook-dev/handbook/generator/internal/keyhash"
	"github.com/handbook-dev/handbook/generator/site"
)

// Shared keeps values for the rest of a build (cache.Store does): here,
// the rendered pages every version of a versioned build shares.
type Shared interface {
	Value(key [32]byte) (any, bool)
	SetValue(key [32]byte, v any)
}

// A page of a versioned build differs from the same page of another
// version only in its version switcher and banner and in the name of the
// version's search metadata. With Options.Shared set, a page is rendered
// once with slot markers in those places, kept under the hash of its
// view, and each version fills the slots of the kept bytes: a page whose
// view is equal in five versions costs one template execution, not five.
//
// The markers are random per process, so no page text can forge one.
var (
	slotVersions = newSlot()
	slotSearch   = newSlot()
)

func newSlot() string {
	var b [12]byte
	_, _ = rand.Read(b[:])
	return "hbslot" + hex.EncodeToString(b[:])
}

// sharedKinds are the views rendered once for all versions: the many
// pages of the manual, their print views and the tag pages. The few
// other outputs are rendered per version.
var sharedKinds = map[string]bool{"page": true, "section": true, "home": true, "print": true, "tag": true, "tags": true}

// slotted is a rendered page cut at its slots: parts[i] is followed by
// the slot slots[i].
type slotted struct {
	parts [][]byte
	slots []string
}

// cut splits rendered HTML at the slot markers.
func cut(b []byte) *slotted {
	s := &slotted{}
	for {
		i, j := bytes.Index(b, []byte(slotVersions)), bytes.Index(b, []byte(slotSearch))
		k, slot := i, slotVersions
		if k < 0 || (j >= 0 && j < k) {
			k, slot = j, slotSearch
		}
		if k < 0 {
			s.parts = append(s.parts, bytes.Clone(b))
			return s
		}
		s.parts = append(s.parts, bytes.Clone(b[:k]))
		s.slots = append(s.slots, slot)
		b = b[k+len(slot):]
	}
}

// count reports how often a slot occurs.
func (s *slotted) count(slot string) int {
	n := 0
	for _, x := range s.slots {
		if x == slot {
			n++
		}
	}
	return n
}

// fill joins the parts with the slots' values.
func (s *slotted) fill(buf *bytes.Buffer, values map[string]string) []byte {
	buf.Reset()
	for i, p := range s.parts {
		buf.Write(p)
		if i < len(s.slots) {
			buf.WriteString(values[s.slots[i]])
		}
	}
	return buf.Bytes()
}

// executeShared renders a page of a versioned build through the shared
// store: the view without the version switcher is hashed, a kept
// rendering of an equal view is reused, and this version's switcher,
// banner and search metadata fill its slots.
func (r *Renderer) executeShared(w Writer, layout, out string, v *View) error {
	at, isPage := pageURL(out)
	key, keyed := r.viewKey(layout, out, v)
	if !keyed {
		if isPage {
			r.versionViews(v, at)
		}
		return r.executeOnce(w, layout, out, v)
	}
	var page *slotted
	if x, ok := r.opts.Shared.Value(key); ok {
		page = x.(*slotted)
		r.reused.Add(1)
	}
	buf := r.bufs.Get().(*bytes.Buffer)
	defer r.bufs.Put(buf)
	if page == nil {
		buf.Reset()
		v.versionSlot = true
		if err := r.opts.Templates.Set(layout).ExecuteTemplate(buf, "base.html", v); err != nil {
			return r.opts.Templates.Diagnostic(err)
		}
		v.versionSlot = false
		page = cut(buf.Bytes())
		// A project's base.html without {{versions .}} has no slot: its
		// pages are rendered per version.
		if isPage && page.count(slotVersions) != 1 {
			r.versionViews(v, at)
			return r.executeOnce(w, layout, out, v)
		}
		r.opts.Shared.SetValue(key, page)
	}
	chrome := ""
	if isPage {
		var err error
		if chrome, err = r.chrome(v, at); err != nil {
			return r.opts.Templates.Diagnostic(err)
		}
	}
	return w.Write(out, page.fill(buf, map[string]string{slotVersions: chrome, slotSearch: r.opts.SearchIndex}))
}

// chrome renders this version's switcher and banner for the page at at.
// They depend on the page only through its URL in their links and on
// which versions have it, so one rendering per depth and set of versions
// serves every page, with the URL written into it: a template execution
// per page and version cost as much as the rest of a shared page.
func (r *Renderer) chrome(v *View, at string) (string, error) {
	r.versionViews(v, at)
	direct := func() (string, error) {
		h, err := r.opts.Templates.versions(v)
		return string(h), err
	}
	if v.Versions == nil || len(v.Versions.Links) > 64 || !plainURL(at) {
		return direct()
	}
	k := chromeKey{depth: strings.Count(at, "/")}
	for i, l := range v.Versions.Links {
		if l.Missing {
			k.missing |= 1 << i
		}
	}
	stand := strings.Repeat(slotSegment+"/", k.depth)
	c, ok := r.chromes.Load(k)
	if !ok {
		sv := *v
		r.versionViewsAs(&sv, stand, func(i int, _ VersionInfo) bool { return k.missing&(1<<i) == 0 })
		h, err := r.opts.Templates.versions(&sv)
		if err != nil {
			return "", err
		}
		c, _ = r.chromes.LoadOrStore(k, string(h))
	}
	if k.depth == 0 {
		return c.(string), nil
	}
	return strings.ReplaceAll(c.(string), stand, at), nil
}

// chromeKey names a rendering of the version chrome.
type chromeKey struct {
	depth   int
	missing uint64
}

// slotSegment stands for the segments of a page URL in a shared
// rendering of the version chrome.
var slotSegment = newSlot()

// plainURL reports whether a page URL is written into an href as it is:
// html/template escapes nothing in it.
func plainURL(u string) bool {
	for i := 0; i < len(u); i++ {
		c := u[i]
		if !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || strings.IndexByte("-._~/", c) >= 0) {
			return false
		}
	}
	return true
}

// Reused counts the pages this render took from the shared store.
func (r *Renderer) Reused() int { return int(r.reused.Load()) }

// viewKey hashes what the templates read of a view, with the template
// set and the layout. It reports false for a view it cannot hash (see
// viewHasher) and for template sets that are not the built-in ones,
// which may read anything of the model through .Page.
func (r *Renderer) viewKey(layout, out string, v *View) ([32]byte, bool) {
	var key [32]byte
	if !r.opts.Templates.builtin {
		return key, false
	}
	vh := viewHasher{keyhash.New("rendered page")}
	vh.String(layout)
	vh.String(out)
	vh.Bytes(r.opts.Templates.fingerprint[:])
	vh.Bytes(r.opts.Translator.fingerprint[:])
	if !vh.value(reflect.ValueOf(v).Elem(), 0) {
		return key, false
	}
	return vh.Sum(), true
}

// viewHasher writes a view into a hash: every exported field, followed
// through pointers, slices and maps (in key order). A *site.Page is
// written as what the built-in templates read of it (URL, description,
// whether it is the home page): the rest of the page reaches the view
// through its other fields. Values it cannot write (functions, channels,
// structures nested deeper than a view) make the view unkeyed.
type viewHasher struct {
	*keyhash.Hash
}

var (
	pageType = reflect.TypeFor[*site.Page]()
	timeType = reflect.TypeFor[time.Time]()
)

func (vh *viewHasher) value(v reflect.Value, depth int) bool {
	if depth > 12 {
		return false
	}
	switch v.Type() {
	case pageType:
		if v.IsNil() {
			vh.Int(0)
			return true
		}
		p := v.Interface().(*site.Page)
		vh.Int(1)
		vh.String(p.URL)
		vh.String(p.Description)
		vh.Int(int64(boolInt(p.IsHome())))
		return true
	case timeType:
		t := v.Interface().(time.Time)
		vh.Int(t.UnixNano())
		vh.String(t.Location().String())
		return true
	}
	switch v.Kind() {
	case reflect.String:
		vh.String(v.String())
	case reflect.Bool:
		vh.Int(int64(boolInt(v.Bool())))
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		vh.Int(v.Int())
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		vh.Int(int64(v.Uint()))
	case reflect.Float32, reflect.Float64:
		vh.Int(int64(math.Float64bits(v.Float())))
	case reflect.Pointer, reflect.Interface:
		if v.IsNil() {
			vh.Int(0)
			return true
		}
		vh.Int(1)
		return vh.value(v.Elem(), depth+1)
	case reflect.Slice, reflect.Array:
		if v.Kind() == reflect.Slice && v.Type().Elem().Kind() == reflect.Uint8 {
			vh.Bytes(v.Bytes())
			return true
		}
		vh.Int(int64(v.Len()))
		for i := 0; i < v.Len(); i++ {
			if !vh.value(v.Index(i), depth+1) {
				return false
			}
		}
	case reflect.Map:
		keys := v.MapKeys()
		if len(keys) > 0 && keys[0].Kind() != reflect.String {
			return false
		}
		sort.Slice(keys, func(i, j int) bool { return keys[i].String() < keys[j].String() })
		vh.Int(int64(len(keys)))
		for _, k := range keys {
			vh.String(k.String())
			if !vh.value(v.MapIndex(k), depth+1) {
				return false
			}
		}
	case reflect.Struct:
		t := v.Type()
		for i := 0; i < t.NumField(); i++ {
			if !t.Field(i).IsExported() {
				continue
			}
			if !vh.value(v.Field(i), depth+1) {
				return false
			}
		}
	default:
		return false
	}
	return true
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

// versions is the template function {{versions .}} of base.html: the
// version switcher and banner (partials/versions.html), or the slot
// marker they are filled into when the page is rendered for all versions.
func (t *Templates) versions(v *View) (template.HTML, error) {
	if v.versionSlot {
		return template.HTML(slotVersions), nil // #nosec: a marker replaced before writing
	}
	if v.Versions == nil && v.OldVersion == nil {
		return "", nil
	}
	var b strings.Builder
	if err := t.root.ExecuteTemplate(&b, "partials/versions.html", v); err != nil {
		return "", err
	}
	return template.HTML(b.String()), nil // #nosec: the output of an html/template
}
