package render

import (
	"strings"

	"github.com/handbook-dev/handbook/generator/site"
)

// Versions tells a render which version of the manual it writes and where
// the others are, for the version switcher and the banner of old versions.
type Versions struct {
	// Current is the index in All of the version being rendered.
	Current int
	All     []VersionInfo
}

// VersionInfo is one version of the manual.
type VersionInfo struct {
	Name string
	// Prefix is where the version lives below the site root: "" for the
	// latest (served at the root), "2025/" for the others.
	Prefix string
	Latest bool
	// Has reports whether the version has a page at a URL.
	Has func(url string) bool
}

// VersionSwitch is the switcher on a page: a link to the same page in
// every version (or that version's home when the page is not there).
type VersionSwitch struct {
	Current string
	Links   []VersionLink
}

// VersionLink is one entry of the switcher.
type VersionLink struct {
	Name, Href      string
	Current, Latest bool
	// Missing says the page is not in that version; Href is its home.
	Missing bool
}

// OldVersion is the banner on the pages of a version that is not the
// latest, linking the current version of the page.
type OldVersion struct {
	Name, Href string
}

// versionViews fills the switcher and the banner of the page at URL at.
func (r *Renderer) versionViews(v *View, at string) {
	r.versionViewsAs(v, at, func(_ int, o VersionInfo) bool { return o.Has == nil || o.Has(at) })
}

// versionViewsAs fills the switcher and the banner of the page at URL at
// as if version i had it when has says so.
func (r *Renderer) versionViewsAs(v *View, at string, has func(i int, o VersionInfo) bool) {
	vs := r.opts.Versions
	if vs == nil || len(vs.All) == 0 {
		return
	}
	cur := vs.All[vs.Current]
	from := cur.Prefix + at
	sw := &VersionSwitch{Current: cur.Name}
	for i, o := range vs.All {
		target, missing := at, false
		if !has(i, o) {
			target, missing = "", true
		}
		href := site.Rel(from, o.Prefix+target)
		if href == "" {
			href = "./"
		}
		sw.Links = append(sw.Links, VersionLink{Name: o.Name, Href: href, Current: i == vs.Current, Latest: o.Latest, Missing: missing})
		if o.Latest && !cur.Latest {
			v.OldVersion = &OldVersion{Name: cur.Name, Href: href}
		}
	}
	v.Versions = sw
}

// pageURL is the URL of the page an output file is, or "" with false for
// files that are not pages.
func pageURL(out string) (string, bool) {
	if !strings.HasSuffix(out, "index.html") {
		return "", false
	}
	return strings.TrimSuffix(out, "index.html"), true
}
