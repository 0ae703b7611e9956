// Package confluence pulls spaces, their permissions, labels, page count
// and last activity from Confluence Cloud (REST v2, cursor pagination) or
// Confluence Data Center (REST v1, offset pagination).
package confluence

import (
	"context"
	"encoding/base64"
	"fmt"
	"net/http"
	"net/url"
	"sort"
	"strings"

	"github.com/handbook-dev/handbook/generator/pull"
)

// Flavor is the kind of Confluence.
type Flavor string

// Flavors.
const (
	Cloud      Flavor = "cloud"
	DataCenter Flavor = "datacenter"
)

// Config says where and how to pull.
type Config struct {
	Name   string
	Flavor Flavor
	// BaseURL is the site: https://example.atlassian.net (Cloud) or
	// https://confluence.example.org (Data Center, with its context path).
	BaseURL string
	// Email and Token authenticate Cloud (basic auth); Token alone is a
	// Data Center personal access token (bearer).
	Email, Token string
	// PageSize is the limit asked per page of results.
	PageSize int
}

// Space is what the snapshot records of a space.
type Space struct {
	ID          string   `json:"id,omitempty"`
	Key         string   `json:"key"`
	Name        string   `json:"name"`
	Type        string   `json:"type"`
	Status      string   `json:"status"`
	Description string   `json:"description,omitempty"`
	Homepage    string   `json:"homepage,omitempty"`
	Created     string   `json:"created,omitempty"`
	Admins      []string `json:"admins"`
	// Administrators are the admins resolved to names, with the members
	// of administering groups.
	Administrators []Principal  `json:"administrators"`
	Permissions    []Permission `json:"permissions"`
	Anonymous      bool         `json:"anonymous_access"`
	Labels         []string     `json:"labels"`
	PageCount      int          `json:"page_count"`
	LastActivity   string       `json:"last_activity,omitempty"`
}

// Permission grants an operation to a principal.
type Permission struct {
	PrincipalType string `json:"principal_type"`
	Principal     string `json:"principal"`
	Operation     string `json:"operation"`
	Target        string `json:"target"`
}

// NewClient returns the HTTP client for cfg, authorised for its host only.
func NewClient(cfg Config, logf func(string, ...any)) (*pull.Client, error) {
	u, err := url.Parse(strings.TrimRight(cfg.BaseURL, "/"))
	if err != nil || u.Host == "" || (u.Scheme != "https" && u.Scheme != "http") {
		return nil, fmt.Errorf("%s: url %q is not an http(s) address", cfg.Name, cfg.BaseURL)
	}
	c := &pull.Client{Source: cfg.Name, Host: u.Host, Logf: logf, Secrets: pull.Secrets{cfg.Token}}
	switch cfg.Flavor {
	case Cloud:
		basic := "Basic " + base64.StdEncoding.EncodeToString([]byte(cfg.Email+":"+cfg.Token))
		c.Authorize = func(r *http.Request) error { r.Header.Set("Authorization", basic); return nil }
		c.Secrets = append(c.Secrets, basic[len("Basic "):])
	case DataCenter:
		c.Authorize = func(r *http.Request) error { r.Header.Set("Authorization", "Bearer "+cfg.Token); return nil }
	default:
		return nil, fmt.Errorf("%s: unknown Confluence flavor %q", cfg.Name, cfg.Flavor)
	}
	return c, nil
}

// Pull fetches every space with its details, sorted by key, with
// permissions and labels sorted, so that two snapshots diff cleanly.
func Pull(ctx context.Context, c *pull.Client, cfg Config) ([]Space, error) {
	if cfg.PageSize <= 0 {
		cfg.PageSize = 100
	}
	base := strings.TrimRight(cfg.BaseURL, "/")
	var spaces []Space
	var err error
	if cfg.Flavor == Cloud {
		spaces, err = pullCloud(ctx, c, base, cfg.PageSize)
	} else {
		spaces, err = pullDC(ctx, c, base, cfg.PageSize)
	}
	if err != nil {
		return nil, err
	}
	for i := range spaces {
		s := &spaces[i]
		sort.Slice(s.Permissions, func(a, b int) bool {
			x, y := s.Permissions[a], s.Permissions[b]
			return x.Principal+"\x00"+x.Operation+"\x00"+x.Target < y.Principal+"\x00"+y.Operation+"\x00"+y.Target
		})
		seen := map[string]bool{}
		s.Admins = nil
		for _, p := range s.Permissions {
			if p.Operation == "administer" && !seen[p.Principal] {
				seen[p.Principal] = true
				s.Admins = append(s.Admins, p.Principal)
			}
			if p.PrincipalType == "anonymous" && p.Operation == "read" {
				s.Anonymous = true
			}
		}
		if s.Admins == nil {
			s.Admins = []string{}
		}
		sort.Strings(s.Labels)
		if s.Labels == nil {
			s.Labels = []string{}
		}
		if s.Permissions == nil {
			s.Permissions = []Permission{}
		}
	}
	if err := resolveAdministrators(ctx, c, cfg, spaces); err != nil {
		return nil, err
	}
	sort.Slice(spaces, func(i, j int) bool { return spaces[i].Key < spaces[j].Key })
	return spaces, nil
}

// nextURL resolves a next link (from _links.next or a Link header)
// against the site; it may point at another host, which the client will
// then reach without credentials.
func nextURL(base, next string, h http.Header) string {
	if next == "" {
		next = linkNext(h.Get("Link"))
	}
	if next == "" {
		return ""
	}
	b, err := url.Parse(base)
	if err != nil {
		return ""
	}
	if strings.HasPrefix(next, "/") {
		// Cloud links start at the site root (/wiki/api/v2/...).
		return b.Scheme + "://" + b.Host + next
	}
	n, err := b.Parse(next)
	if err != nil {
		return ""
	}
	return n.String()
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

type cloudSpace struct {
	ID          string `json:"id"`
	Key         string `json:"key"`
	Name        string `json:"name"`
	Type        string `json:"type"`
	Status      string `json:"status"`
	HomepageID  string `json:"homepageId"`
	CreatedAt   string `json:"createdAt"`
	Description *struct {
		Plain *struct {
			Value string `json:"value"`
		} `json:"plain"`
	} `json:"description"`
}

type links struct {
	Next string `json:"next"`
}

// each fetches every page of a cursor-paginated list.
func each[T any](ctx context.Context, c *pull.Client, base, first string, f func(T)) error {
	_, err := eachCounted(ctx, c, base, first, f)
	return err
}

// eachCounted is each, returning the number of pages followed.
func eachCounted[T any](ctx context.Context, c *pull.Client, base, first string, f func(T)) (int, error) {
	pages := 0
	for u := first; u != ""; pages++ {
		var page struct {
			Results []T   `json:"results"`
			Links   links `json:"_links"`
		}
		h, err := c.GetJSON(ctx, u, &page)
		if err != nil {
			return pages, err
		}
		for _, r := range page.Results {
			f(r)
		}
		u = nextURL(base, page.Links.Next, h)
	}
	return pages, nil
}

func pullCloud(ctx context.Context, c *pull.Client, base string, limit int) ([]Space, error) {
	var spaces []Space
	api := base + "/wiki/api/v2"
	pages, err := eachCounted(ctx, c, base, fmt.Sprintf("%s/spaces?limit=%d&description-format=plain", api, limit), func(s cloudSpace) {
		sp := Space{ID: s.ID, Key: s.Key, Name: s.Name, Type: s.Type, Status: s.Status, Homepage: s.HomepageID, Created: s.CreatedAt}
		if s.Description != nil && s.Description.Plain != nil {
			sp.Description = s.Description.Plain.Value
		}
		spaces = append(spaces, sp)
	})
	if err != nil {
		return nil, err
	}
	c.Progress("%s: spaces: %d over %d pages", c.Source, len(spaces), pages)
	for i := range spaces {
		s := &spaces[i]
		type assignment struct {
			Principal struct {
				Type string `json:"type"`
				ID   string `json:"id"`
			} `json:"principal"`
			Operation struct {
				Key        string `json:"key"`
				TargetType string `json:"targetType"`
			} `json:"operation"`
		}
		err := each(ctx, c, base, fmt.Sprintf("%s/spaces/%s/permissions?limit=%d", api, url.PathEscape(s.ID), limit), func(a assignment) {
			s.Permissions = append(s.Permissions, Permission{PrincipalType: a.Principal.Type, Principal: a.Principal.ID, Operation: a.Operation.Key, Target: a.Operation.TargetType})
		})
		if err != nil {
			return nil, err
		}
		type label struct {
			Name string `json:"name"`
		}
		if err := each(ctx, c, base, fmt.Sprintf("%s/spaces/%s/labels?limit=%d", api, url.PathEscape(s.ID), limit), func(l label) {
			s.Labels = append(s.Labels, l.Name)
		}); err != nil {
			return nil, err
		}
		// The newest page gives the space's last activity.
		var newest struct {
			Results []struct {
				Version struct {
					CreatedAt string `json:"createdAt"`
				} `json:"version"`
			} `json:"results"`
		}
		if _, err := c.GetJSON(ctx, fmt.Sprintf("%s/spaces/%s/pages?sort=-modified-date&limit=1", api, url.PathEscape(s.ID)), &newest); err != nil {
			return nil, err
		}
		if len(newest.Results) > 0 {
			s.LastActivity = newest.Results[0].Version.CreatedAt
		}
		if s.PageCount, _, err = search(ctx, c, base+"/wiki/rest/api/search", s.Key); err != nil {
			return nil, err
		}
	}
	c.Progress("%s: permissions, labels and activity of %d spaces", c.Source, len(spaces))
	return spaces, nil
}

// search counts a space's pages with CQL and returns the newest page's
// modification time.
func search(ctx context.Context, c *pull.Client, endpoint, key string) (int, string, error) {
	q := url.Values{"cql": {fmt.Sprintf(`space = "%s" and type = page order by lastmodified desc`, key)}, "limit": {"1"}}
	var res struct {
		TotalSize *int `json:"totalSize"`
		Results   []struct {
			LastModified string `json:"lastModified"`
		} `json:"results"`
	}
	if _, err := c.GetJSON(ctx, endpoint+"?"+q.Encode(), &res); err != nil {
		return 0, "", err
	}
	if res.TotalSize == nil {
		return 0, "", fmt.Errorf("%s: search for space %s has no totalSize", c.Source, key)
	}
	last := ""
	if len(res.Results) > 0 {
		last = res.Results[0].LastModified
	}
	return *res.TotalSize, last, nil
}

type dcSpace struct {
	ID          flexString `json:"id"`
	Key         string     `json:"key"`
	Name        string     `json:"name"`
	Type        string     `json:"type"`
	Status      string     `json:"status"`
	Description struct {
		Plain struct {
			Value string `json:"value"`
		} `json:"plain"`
	} `json:"description"`
	Homepage struct {
		ID string `json:"id"`
	} `json:"homepage"`
}

// flexString accepts a JSON number or string (Data Center ids are numbers).
type flexString string

func (n *flexString) UnmarshalJSON(b []byte) error {
	*n = flexString(strings.Trim(string(b), `"`))
	return nil
}

func pullDC(ctx context.Context, c *pull.Client, base string, limit int) ([]Space, error) {
	var spaces []Space
	for start := 0; ; {
		var page struct {
			Results []dcSpace `json:"results"`
			Size    int       `json:"size"`
			Limit   int       `json:"limit"`
			Links   links     `json:"_links"`
		}
		u := fmt.Sprintf("%s/rest/api/space?start=%d&limit=%d&expand=description.plain,homepage", base, start, limit)
		if _, err := c.GetJSON(ctx, u, &page); err != nil {
			return nil, err
		}
		for _, s := range page.Results {
			spaces = append(spaces, Space{ID: string(s.ID), Key: s.Key, Name: s.Name, Type: s.Type, Status: s.Status, Description: s.Description.Plain.Value, Homepage: s.Homepage.ID})
		}
		// Offset pagination: go on while the server says there is more.
		if page.Links.Next == "" || len(page.Results) == 0 {
			break
		}
		start += len(page.Results)
	}
	c.Progress("%s: spaces: %d", c.Source, len(spaces))
	for i := range spaces {
		s := &spaces[i]
		var perms []struct {
			Operation struct {
				OperationKey string `json:"operationKey"`
				TargetType   string `json:"targetType"`
			} `json:"operation"`
			Subject struct {
				Type    string `json:"type"`
				Name    string `json:"name"`
				UserKey string `json:"userKey"`
			} `json:"subject"`
		}
		if _, err := c.GetJSON(ctx, fmt.Sprintf("%s/rest/api/space/%s/permissions", base, url.PathEscape(s.Key)), &perms); err != nil {
			return nil, err
		}
		for _, p := range perms {
			who := p.Subject.Name
			if who == "" {
				who = p.Subject.UserKey
			}
			s.Permissions = append(s.Permissions, Permission{PrincipalType: p.Subject.Type, Principal: who, Operation: p.Operation.OperationKey, Target: p.Operation.TargetType})
		}
		for start := 0; ; {
			var labels struct {
				Results []struct {
					Name string `json:"name"`
				} `json:"results"`
				Links links `json:"_links"`
			}
			if _, err := c.GetJSON(ctx, fmt.Sprintf("%s/rest/api/space/%s/label?start=%d&limit=%d", base, url.PathEscape(s.Key), start, limit), &labels); err != nil {
				return nil, err
			}
			for _, l := range labels.Results {
				s.Labels = append(s.Labels, l.Name)
			}
			if labels.Links.Next == "" || len(labels.Results) == 0 {
				break
			}
			start += len(labels.Results)
		}
		var err error
		if s.PageCount, s.LastActivity, err = search(ctx, c, base+"/rest/api/search", s.Key); err != nil {
			return nil, err
		}
	}
	return spaces, nil
}
