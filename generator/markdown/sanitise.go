package markdown

import (
	"regexp"
	"sync"

	"github.com/microcosm-cc/bluemonday"
)

// srcsetRE matches a srcset of relative or http(s) addresses, each with
// at most one width or density descriptor: a scheme other than http(s)
// has a ':' before any '/', '?' or '#', which no alternative allows.
var srcsetRE = func() *regexp.Regexp {
	const candidate = `(?:(?i:https?)://[^\s,]+|[^\s,:/?#]+(?:[/?#][^\s,]*)?|[/?#][^\s,]*)(?:\s+[0-9]+(?:\.[0-9]+)?[wx])?`
	return regexp.MustCompile(`^\s*` + candidate + `(?:\s*,\s*` + candidate + `)*\s*$`)
}()

// newPolicy returns the sanitiser for pages with raw HTML. It starts from
// bluemonday's policy for user-generated content (no script, no event
// handlers, no javascript: URLs) and adds what goldmark, chroma and admin
// manuals produce: classes, heading and footnote ids, roles, task-list
// checkboxes, <kbd>, <details>, and table layout attributes. Ids (on any
// element) and <a name> anchors are kept when they match idPattern, since
// in-page links of existing manuals point at them; name is kept on <a>
// only, where it is a link target: on <img>, <form> or <iframe> it would
// shadow document properties the scripts use (DOM clobbering).
func newPolicy() *bluemonday.Policy {
	p := bluemonday.UGCPolicy()
	p.RequireNoFollowOnLinks(false)
	p.AllowAttrs("class").Matching(regexp.MustCompile(`^[\w\- :]+$`)).Globally()
	p.AllowAttrs("id").Matching(idPattern).Globally()
	p.AllowAttrs("name").Matching(idPattern).OnElements("a")
	p.AllowAttrs("role").Matching(regexp.MustCompile(`^[a-z\-]+$`)).Globally()
	p.AllowAttrs("aria-label", "aria-hidden").Globally()
	p.AllowElements("kbd", "samp", "var", "mark", "details", "summary", "figure", "figcaption", "abbr", "dl", "dt", "dd", "sup", "sub", "br", "hr", "div", "span")
	p.AllowAttrs("type").Matching(regexp.MustCompile(`^checkbox$`)).OnElements("input")
	p.AllowAttrs("checked", "disabled").OnElements("input")
	p.AllowAttrs("open").OnElements("details")
	p.AllowAttrs("colspan", "rowspan", "scope", "align").OnElements("td", "th")
	p.AllowAttrs("start").OnElements("ol")
	// srcset holds addresses that bluemonday does not check, so only
	// candidates of relative or http(s) addresses pass (see srcsetRE).
	p.AllowAttrs("srcset").Matching(srcsetRE).OnElements("img")
	p.AllowURLSchemes("http", "https", "mailto", "tel")
	p.AllowRelativeURLs(true)
	return p
}

// sharedPolicy is the page policy for callers outside a Converter; a
// bluemonday policy is safe for concurrent use once built.
var sharedPolicy = sync.OnceValue(newPolicy)

// Sanitise cleans an HTML fragment with the policy of pages' raw HTML,
// for the static HTML files of the content (see generator/staticsafe),
// so that one policy decides what HTML the site's origin serves.
func Sanitise(fragment []byte) []byte { return sharedPolicy().SanitizeBytes(fragment) }
