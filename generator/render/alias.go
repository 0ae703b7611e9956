package render

import (
	"html"
	"net/url"
	"strings"

	"github.com/handbook-dev/handbook/generator/site"
)

// aliasJobs write a redirect page at every alias of the site.
func (r *Renderer) aliasJobs(w Writer) []func() error {
	var jobs []func() error
	for _, a := range r.site.Aliases {
		jobs = append(jobs, func() error {
			return w.Write(a.Output(), AliasPage(a, r.site.Config.Language, r.site.Config.BaseURL, r.opts.Translator.T("moved_to")))
		})
	}
	return jobs
}

// AliasPage is the redirect page published at an old address of a page
// (front matter aliases:), modelled on what Hugo publishes there: a
// refresh to the page at once, a canonical link so that search engines
// index the page rather than the old address, noindex, and a visible
// link for a browser that does not follow the refresh. The links are
// relative, so that the site works below any base path; the refresh and
// the visible link name the page's index.html, which a server serves as
// its folder and a browser opening the files from disk opens too (a
// folder would show a directory listing there). The canonical link is
// absolute when handbook.yaml gives base_url. movedTo is the text
// before the link ("This page has moved to").
func AliasPage(a *site.Alias, lang, baseURL, movedTo string) []byte {
	target := site.RootPrefix(a.Path) + a.Page.URL
	canonical := pathAttr(target)
	if target == "" {
		canonical = "./"
	}
	if baseURL != "" {
		canonical = html.EscapeString(baseURL) + pathAttr(a.Page.URL)
	}
	href := pathAttr(target + "index.html")
	title := html.EscapeString(a.Page.Title)
	var b strings.Builder
	b.WriteString("<!DOCTYPE html>\n<html lang=\"" + html.EscapeString(lang) + "\">\n<head>\n<meta charset=\"utf-8\">\n")
	b.WriteString("<meta name=\"robots\" content=\"noindex\">\n")
	b.WriteString("<title>" + title + "</title>\n")
	b.WriteString("<link rel=\"canonical\" href=\"" + canonical + "\">\n")
	b.WriteString("<meta http-equiv=\"refresh\" content=\"0; url=" + href + "\">\n")
	b.WriteString("</head>\n<body>\n<p>" + html.EscapeString(movedTo) + " <a href=\"" + href + "\">" + title + "</a>.</p>\n</body>\n</html>\n")
	return []byte(b.String())
}

// pathAttr writes a relative URL path into a quoted HTML attribute:
// percent-escaped (a space, a quote, and a ';', which would end the
// refresh's url=), "./" before a first segment holding ':' (which would
// read as a scheme), then HTML-escaped.
func pathAttr(p string) string {
	escaped := strings.ReplaceAll((&url.URL{Path: p}).EscapedPath(), ";", "%3B")
	if first, _, _ := strings.Cut(escaped, "/"); strings.Contains(first, ":") {
		escaped = "./" + escaped
	}
	return html.EscapeString(escaped)
}
