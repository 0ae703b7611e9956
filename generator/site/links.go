package site

import (
	"github.com/handbook-dev/handbook/generator/markdown"
	"github.com/handbook-dev/handbook/generator/source"
	"html"
	"net/url"
	"path"
	"strings"
)

// Link is what a link destination written in a page resolves to.
type Link struct {
	// Href is the destination to write into the HTML.
	Href string
	// Page or File is the internal target; both nil for external links.
	Page *Page
	File *StaticFile
	// Fragment is the #anchor without '#', checked against the target's headings.
	Fragment string
	// Problem describes why an internal link is broken ("no such page");
	// empty when it resolves. Unsafe is set when the destination used a
	// script-capable scheme and was neutralised.
	Problem string
	Unsafe  bool
	// Excluded is set for a link to a page, folder or file left out for
	// the audience: the link is dropped and its text kept.
	Excluded bool
	// Target is the content-relative path a broken internal link points
	// at, which groups broken links by what they miss.
	Target string
}

// IsInternal reports whether l points into the site.
func (l Link) IsInternal() bool {
	return l.Page != nil || l.File != nil || l.Problem != "" && !l.Unsafe
}

// ResolveLink resolves a Markdown link destination written in page from.
// Relative paths resolve against the page's source folder; a leading '/'
// means the content root, except under a prefix that links.external of
// handbook.yaml gives to another site, where it becomes that site's
// absolute address and is not checked. Links to .md files, section
// folders and static files become relative URLs of the output. An image
// is only ever a file, so its problem says so.
func (s *Site) ResolveLink(from *Page, dest string, image bool) Link {
	return s.resolveLink(from, from.Dir(), dest, image)
}

// ResolveLinkIn resolves a link written in the file at source (content-
// relative), included into the page from: a relative path resolves
// against the included file's folder, as DocFX resolves it, and the
// href is relative to the page. An empty source is the page itself.
func (s *Site) ResolveLinkIn(from *Page, source, dest string, image bool) Link {
	if source == "" {
		return s.ResolveLink(from, dest, image)
	}
	return s.resolveLink(from, parentDir(source), dest, image)
}

func (s *Site) resolveLink(from *Page, dir, dest string, image bool) Link {
	dest = strings.TrimSpace(dest)
	if dest == "" {
		return Link{Href: dest}
	}
	if problem := schemeProblem(dest, image); problem != "" {
		return Link{Href: "#", Unsafe: true, Problem: problem}
	}
	u, err := url.Parse(dest)
	if err != nil {
		return Link{Href: dest, Problem: "is not a valid URL: " + err.Error()}
	}
	if u.Scheme != "" || strings.HasPrefix(dest, "//") {
		return Link{Href: dest}
	}
	// Pages written on Windows for DocFX, which accepts them, separate
	// folders with backslashes (media\shot.png).
	u.Path = strings.ReplaceAll(u.Path, "\\", "/")
	frag := u.Fragment
	if u.Path == "" {
		if strings.HasPrefix(frag, "tab/") {
			// A DocFX tab's heading, # [Windows](#tab/windows): the
			// tabs are shown one after the other, the heading as text.
			return Link{Href: markdown.Unlink}
		}
		return Link{Href: "#" + u.EscapedFragment(), Page: from, Fragment: frag}
	}
	var rel string
	if strings.HasPrefix(u.Path, "/") {
		if abs, ok := s.Config.Links.Match(dest, u.Path); ok {
			return Link{Href: abs}
		}
		rel = path.Clean(strings.TrimPrefix(u.Path, "/"))
	} else {
		rel = path.Clean(path.Join(dir, u.Path))
	}
	if rel == "." {
		rel = ""
	}
	missing := "no such page"
	if image {
		missing = "no such file"
	}
	if rel == ".." || strings.HasPrefix(rel, "../") {
		return Link{Href: dest, Problem: missing + ": the path leaves the content folder"}
	}
	suffix := ""
	if u.RawQuery != "" {
		suffix = "?" + u.RawQuery
	}
	if frag != "" {
		suffix += "#" + u.EscapedFragment()
	}
	if s.excluded[rel] {
		return Link{Href: markdown.Unlink, Excluded: true}
	}
	candidates := []string{rel}
	if f := s.foldCase(rel); f != "" && f != rel {
		candidates = append(candidates, f)
	}
	for _, r := range candidates {
		if p := s.Current(s.pageBySource[r]); p != nil {
			return Link{Href: RelURL(from, p.URL) + suffix, Page: p, Fragment: frag}
		}
		if sec := s.sectionByDir[r]; sec != nil && !source.IsMarkdownPath(r) {
			return Link{Href: RelURL(from, sec.Page.URL) + suffix, Page: sec.Page, Fragment: frag}
		}
		if f := s.fileByRel[r]; f != nil && !source.IsMarkdownPath(r) {
			return Link{Href: RelURL(from, f.URL) + suffix, File: f}
		}
		if a := s.aliasByPath[strings.ToLower(r)]; a != nil {
			// An old address of a page: the link goes to the page itself.
			return Link{Href: RelURL(from, a.Page.URL) + suffix, Page: a.Page, Fragment: frag}
		}
		if s.unreadable[r] {
			// The page's own error fails the build; its links are not
			// checked, nor their anchors (see Site.unreadable).
			return Link{Href: dest}
		}
		if l, ok := s.linkElsewhere(from, r, suffix, frag); ok {
			return l
		}
	}
	if source.IsMarkdownPath(rel) {
		if s.included[rel] {
			return Link{Href: dest, Problem: "the file is included into pages and is not a page itself; link to a page that includes it", Target: rel}
		}
		return Link{Href: dest, Problem: missing + s.missingHint(rel, dir, strings.HasPrefix(u.Path, "/")), Target: rel}
	}
	if !image {
		missing = "no such page or file"
	}
	return Link{Href: dest, Problem: missing + s.missingHint(rel, dir, strings.HasPrefix(u.Path, "/")), Target: rel}
}

// foldCase returns the one content path that rel names when letter case
// is ignored, else "" (also for the root, whose path is ""). Documentation written on Windows or macOS (Learn's
// repositories, whose publisher matches case-insensitively) links to
// What-s-New.md as what-s-new.md; on the file systems it was written on,
// and on its publisher, that link works, so it does here.
func (s *Site) foldCase(rel string) string {
	l := s.lookups
	l.foldOnce.Do(func() {
		l.folded = map[string]string{}
		add := func(r string) {
			k := strings.ToLower(r)
			if prev, ok := l.folded[k]; ok && prev != r {
				l.folded[k] = "" // ambiguous: no guess
				return
			}
			l.folded[k] = r
		}
		for r := range s.pageBySource {
			add(r)
		}
		for r := range s.sectionByDir {
			add(r)
		}
		for r := range s.fileByRel {
			add(r)
		}
		for r := range s.unreadable {
			add(r)
		}
	})
	return l.folded[strings.ToLower(rel)]
}

// schemeProblem says why dest's scheme may not be linked, or "" when it
// may: only http(s), mailto and tel (and data: URIs of raster images) are
// allowed, an allow-list, because the schemes that open programs on the
// reader's machine (ms-msdt:, search-ms:, file:, smb:, ms-word:) keep
// growing. The check undoes the tricks used to hide a scheme: entities
// (javascript&colon;), percent-escapes, control characters, mixed case.
func schemeProblem(dest string, image bool) string {
	d := html.UnescapeString(dest)
	if ud, err := url.PathUnescape(d); err == nil {
		d = ud
	}
	var b strings.Builder
	for _, r := range d {
		if r > ' ' && r != 0x7f {
			b.WriteRune(r)
		}
	}
	d = strings.ToLower(b.String())
	scheme, _, ok := strings.Cut(d, ":")
	if !ok || !isScheme(scheme) {
		return "" // a relative link
	}
	switch scheme {
	case "http", "https", "mailto", "tel":
		return ""
	case "data":
		if image {
			for _, ok := range []string{"data:image/png", "data:image/gif", "data:image/jpeg", "data:image/webp"} {
				if strings.HasPrefix(d, ok) {
					return ""
				}
			}
		}
		return "uses a scheme that can run script; " + allowedLinks
	case "javascript", "vbscript":
		return "uses a scheme that can run script; " + allowedLinks
	}
	return "uses the " + scheme + ": scheme, which can open a program on the reader's machine; " + allowedLinks
}

const allowedLinks = "only http(s), mailto, tel and relative links are allowed"

// isScheme reports whether s is a URL scheme (RFC 3986: a letter, then
// letters, digits, +, - or .); one letter alone is a Windows drive.
func isScheme(s string) bool {
	if len(s) < 2 || s[0] < 'a' || s[0] > 'z' {
		return false
	}
	for _, c := range []byte(s) {
		if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '+' || c == '-' || c == '.') {
			return false
		}
	}
	return true
}
