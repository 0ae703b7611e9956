package confluence

import (
	"context"
	"net/http"
	"net/url"
	"strings"

	"github.com/handbook-dev/handbook/generator/pull"
)

// site is where the pull reaches Confluence: the configured address
// (https://example.atlassian.net, https://api.atlassian.com/ex/confluence/{cloudId}
// for scoped API tokens, or https://confluence.example.org/confluence for
// Data Center under a context path) and the product's root under it (with
// /wiki on Cloud).
type site struct {
	// api is the configured address, without a trailing slash.
	api string
	// wiki is the root the REST paths hang from: api + "/wiki" on Cloud,
	// api on Data Center.
	wiki string
	// cloud is true for Confluence Cloud.
	cloud bool
}

func newSite(cfg Config) site {
	api := strings.TrimRight(cfg.BaseURL, "/")
	s := site{api: api, wiki: api, cloud: cfg.Flavor == Cloud}
	if s.cloud {
		s.wiki = api + "/wiki"
	}
	return s
}

// pageLinks are the _links of a paged answer. The v1 REST API (Cloud and
// Data Center) documents next as relative to base, which holds the
// context path (/wiki on Cloud, /confluence or "" on Data Center); Cloud
// v2 gives next from the site root (/wiki/api/v2/...), also in a Link
// header.
type pageLinks struct {
	Next    string `json:"next"`
	Base    string `json:"base"`
	Context string `json:"context"`
}

// next resolves a next link (from _links.next, else the Link header)
// against the site the pull is configured for, never against the host
// the answer names: behind api.atlassian.com (scoped tokens) _links.base
// names the site (https://example.atlassian.net/wiki), which would not
// take the token. The link's path loses whichever context prefix it
// carries (the base's path, _links.context, the configured root's path,
// or /wiki on Cloud) and is put under the configured root.
func (s site) next(l pageLinks, h http.Header) string {
	next := l.Next
	if next == "" {
		next = linkNext(h.Get("Link"))
	}
	if next == "" {
		return ""
	}
	n, err := url.Parse(next)
	if err != nil {
		return ""
	}
	path := n.EscapedPath()
	var prefixes []string
	if w, err := url.Parse(s.wiki); err == nil {
		prefixes = append(prefixes, w.EscapedPath())
	}
	if b, err := url.Parse(l.Base); err == nil && l.Base != "" {
		prefixes = append(prefixes, b.EscapedPath())
	}
	prefixes = append(prefixes, l.Context)
	if s.cloud {
		prefixes = append(prefixes, "/wiki")
	}
	for _, p := range prefixes {
		p = strings.TrimRight(p, "/")
		if p != "" && !strings.HasPrefix(p, "/") {
			p = "/" + p
		}
		if p != "" && (path == p || strings.HasPrefix(path, p+"/")) {
			path = path[len(p):]
			break
		}
	}
	if !strings.HasPrefix(path, "/") {
		path = "/" + path
	}
	out := s.wiki + path
	if n.RawQuery != "" {
		out += "?" + n.RawQuery
	}
	return out
}

// linkNext returns the rel="next" target of an RFC 8288 Link header.
func linkNext(h string) string {
	for _, part := range strings.Split(h, ",") {
		part = strings.TrimSpace(part)
		if !strings.Contains(part, `rel="next"`) && !strings.Contains(part, "rel=next") {
			continue
		}
		if i, j := strings.Index(part, "<"), strings.Index(part, ">"); i >= 0 && j > i {
			return part[i+1 : j]
		}
	}
	return ""
}

// each fetches every page of a paged list (cursor or offset, both follow
// the next link) and calls f for each result; it returns the number of
// pages read. It stops at a page without results even when the answer
// still names a next page (Data Center does, past the last item), and at
// a next link it has already followed.
func each[T any](ctx context.Context, c *pull.Client, s site, first string, f func(T)) (int, error) {
	seen := map[string]bool{}
	pages := 0
	for u := first; u != "" && !seen[u]; {
		seen[u] = true
		var page struct {
			Results []T       `json:"results"`
			Links   pageLinks `json:"_links"`
		}
		h, err := c.GetJSON(ctx, u, &page)
		if err != nil {
			return pages, err
		}
		pages++
		if len(page.Results) == 0 {
			break
		}
		for _, r := range page.Results {
			f(r)
		}
		u = s.next(page.Links, h)
	}
	return pages, nil
}
