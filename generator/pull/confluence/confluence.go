// Package confluence pulls spaces, their permissions, labels, page count
// and last activity from Confluence Cloud (REST v2, cursor pagination, and
// v1 where v2 has no equivalent) or Confluence Data Center (REST v1,
// offset pagination; JSON-RPC for space permissions before 9.1). A pull
// can be incremental: it reads the labels, page count and last activity
// again only for spaces with pages modified since the previous pull's
// watermark, and keeps the previous snapshot's for the others.
package confluence

import (
	"context"
	"encoding/base64"
	"errors"
	"fmt"
	"maps"
	"net/http"
	"net/url"
	"slices"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/handbook-dev/handbook/generator/pull"
	"github.com/handbook-dev/handbook/generator/pulldata"
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

// NewClient returns the HTTP client for cfg, authorised for its host only.
func NewClient(cfg Config, logf func(string, ...any)) (*pull.Client, error) {
	u, err := url.Parse(strings.TrimRight(cfg.BaseURL, "/"))
	if err != nil || u.Host == "" || (u.Scheme != "https" && u.Scheme != "http") {
		return nil, fmt.Errorf("%s: url %q is not an http(s) address", cfg.Name, cfg.BaseURL)
	}
	c := &pull.Client{Source: cfg.Name, Host: u.Host, Logf: serialized(logf), Secrets: pull.Secrets{cfg.Token}}
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

// serialized returns logf made safe for the goroutines that read spaces
// at once (the caller's logf may write to a plain io.Writer); nil stays
// nil.
func serialized(logf func(string, ...any)) func(string, ...any) {
	if logf == nil {
		return nil
	}
	var mu sync.Mutex
	return func(format string, args ...any) {
		mu.Lock()
		defer mu.Unlock()
		logf(format, args...)
	}
}

// State is what an incremental pull starts from, kept beside the
// snapshots (pull.StatePath), never in the site.
type State struct {
	// Site is the address the watermark belongs to; a pull of another
	// address ignores it.
	Site string `json:"site"`
	// Watermark is the newest page modification time the pull saw
	// (RFC 3339, UTC), in the server's clock.
	Watermark string `json:"watermark,omitempty"`
}

// Previous is the previous pull: its state and its snapshot's spaces.
type Previous struct {
	State  State
	Spaces []pulldata.Space
}

// Result is a pull's outcome.
type Result struct {
	// Spaces sorted by key, their lists sorted, so that two snapshots
	// diff cleanly.
	Spaces []pulldata.Space
	// State is for the next pull.
	State State
	// Warnings are things the user should know that did not stop the
	// pull (an optional detail the server does not offer, permissions
	// unavailable for its version).
	Warnings []string
	// Reread counts the spaces whose labels, page count and activity
	// were read again; the others kept the previous snapshot's.
	Reread int
}

// changedSpacesLimit bounds the spaces an incremental pull looks for one
// by one (one search each, the CQL growing with each key found); past it
// every space is read again. Finding a space costs one request and
// reading it again three, so looking pays while fewer than half of the
// spaces changed; the 24-hour margin alone finds a fifth of a busy
// site's spaces. At most 400 keys keep the search's address under 8 KB.
func changedSpacesLimit(spaces int) int {
	return min(max(100, spaces/2), 400)
}

// watermarkMargin is how far before the watermark the next pull looks:
// CQL compares dates to the minute in the searching user's time zone.
const watermarkMargin = 24 * time.Hour

// puller holds one pull's state.
type puller struct {
	c    *pull.Client
	cfg  Config
	site site

	mu       sync.Mutex
	warnings []string
	// dcPerms is how Data Center space permissions are read: REST
	// (9.1+), JSON-RPC (older), or not at all (unavailable says why).
	dcPerms     dcPermissionSource
	unavailable string
}

type dcPermissionSource int

const (
	permsREST dcPermissionSource = iota
	permsRPC
	permsNone
)

func (p *puller) warn(format string, args ...any) {
	msg := fmt.Sprintf(format, args...)
	p.mu.Lock()
	p.warnings = append(p.warnings, msg)
	p.mu.Unlock()
	p.c.Progress("%s: warning: %s", p.c.Source, msg)
}

// Pull fetches every space with its details. With prev (nil on a first or
// --full pull) it reads labels, page count and last activity only of
// spaces whose pages changed since prev's watermark, and of new spaces;
// permissions, which have no watermark, are read every time.
func Pull(ctx context.Context, c *pull.Client, cfg Config, prev *Previous) (*Result, error) {
	if cfg.PageSize <= 0 {
		cfg.PageSize = 100
	}
	p := &puller{c: c, cfg: cfg, site: newSite(cfg)}
	var spaces []pulldata.Space
	var anonymous map[string]bool
	var err error
	if cfg.Flavor == Cloud {
		if spaces, err = p.cloudSpaces(ctx); err == nil {
			anonymous, err = p.cloudAnonymous(ctx)
		}
	} else {
		spaces, err = p.dcSpaces(ctx)
	}
	if err != nil {
		return nil, err
	}
	changed, err := p.changedSpaces(ctx, prev)
	if err != nil {
		return nil, err
	}
	kept := map[string]pulldata.Space{}
	if changed != nil {
		for _, s := range prev.Spaces {
			kept[s.Key] = s
		}
	}
	var reread atomic.Int32
	err = p.forEach(ctx, spaces, func(ctx context.Context, s *pulldata.Space) error {
		if err := p.permissions(ctx, s); err != nil {
			return err
		}
		if old, ok := kept[s.Key]; ok && !changed[s.Key] {
			s.PageCount, s.LastActivity = old.PageCount, old.LastActivity
			if p.site.cloud {
				s.Labels = old.Labels
			}
			return nil
		}
		reread.Add(1)
		return p.details(ctx, s)
	})
	if err != nil {
		return nil, err
	}
	if changed != nil {
		c.Progress("%s: incremental: %d of %d spaces changed since %s", c.Source, reread.Load(), len(spaces), prev.State.Watermark)
	}
	for i := range spaces {
		if anonymous[spaces[i].Key] {
			spaces[i].Permissions = append(spaces[i].Permissions, pulldata.SpacePermission{PrincipalType: "anonymous", Operation: "read", Target: "space"})
		}
		normalize(&spaces[i])
	}
	if err := p.resolveAdministrators(ctx, spaces); err != nil {
		return nil, err
	}
	sort.Slice(spaces, func(i, j int) bool { return spaces[i].Key < spaces[j].Key })
	res := &Result{Spaces: spaces, Warnings: p.warnings, Reread: int(reread.Load())}
	res.State = State{Site: p.site.api, Watermark: watermark(spaces, prev)}
	return res, nil
}

// normalize sorts a space's lists, derives its admins and anonymous flag
// from its permissions, and makes empty lists [] rather than null.
func normalize(s *pulldata.Space) {
	sort.Slice(s.Permissions, func(a, b int) bool {
		x, y := s.Permissions[a], s.Permissions[b]
		return x.Principal+"\x00"+x.Operation+"\x00"+x.Target+"\x00"+x.PrincipalType < y.Principal+"\x00"+y.Operation+"\x00"+y.Target+"\x00"+y.PrincipalType
	})
	s.Permissions = slices.Compact(s.Permissions)
	seen := map[string]bool{}
	s.Admins = []string{}
	for _, p := range s.Permissions {
		if p.Operation == "administer" && p.Principal != "" && !seen[p.Principal] {
			seen[p.Principal] = true
			s.Admins = append(s.Admins, p.Principal)
		}
		if p.PrincipalType == "anonymous" && p.Operation == "read" {
			s.Anonymous = true
		}
	}
	sort.Strings(s.Admins)
	sort.Strings(s.Labels)
	s.Labels = slices.Compact(s.Labels)
	if s.Labels == nil {
		s.Labels = []string{}
	}
	if s.Permissions == nil {
		s.Permissions = []pulldata.SpacePermission{}
	}
}

// forEach runs f for every space: the first alone (so that what it
// learns of the server, such as the permission endpoint Data Center
// offers, serves the others), the rest from a few goroutines through the
// one client, which bounds the requests in flight.
func (p *puller) forEach(ctx context.Context, spaces []pulldata.Space, f func(context.Context, *pulldata.Space) error) error {
	if len(spaces) == 0 {
		return nil
	}
	if err := f(ctx, &spaces[0]); err != nil {
		return err
	}
	rest := spaces[1:]
	return parallel(ctx, workers(p.c), len(rest), func(ctx context.Context, i int) error { return f(ctx, &rest[i]) })
}

// workers is how many goroutines read at once: as many as the client
// lets requests be in flight, which it bounds itself.
func workers(c *pull.Client) int {
	if c.MaxConcurrent > 0 {
		return c.MaxConcurrent
	}
	return pull.DefaultConcurrency
}

// parallel runs f(0) … f(n-1) from at most w goroutines; the first error
// cancels the others and is returned.
func parallel(ctx context.Context, w, n int, f func(context.Context, int) error) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	var (
		wg    sync.WaitGroup
		once  sync.Once
		first error
	)
	jobs := make(chan int)
	for range min(w, n) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range jobs {
				if err := f(ctx, i); err != nil {
					once.Do(func() { first = err; cancel() })
				}
			}
		}()
	}
feed:
	for i := range n {
		select {
		case jobs <- i:
		case <-ctx.Done():
			break feed
		}
	}
	close(jobs)
	wg.Wait()
	if first == nil && ctx.Err() != nil {
		return ctx.Err()
	}
	return first
}

// optional reports whether err is a 404, which an optional detail (labels,
// page count) may answer without stopping the pull.
func optional(err error) bool {
	var se *pull.StatusError
	return errors.As(err, &se) && se.Status == http.StatusNotFound
}

// details reads a space's labels (Cloud; Data Center's come with the
// list), page count and last activity.
func (p *puller) details(ctx context.Context, s *pulldata.Space) error {
	if p.site.cloud {
		type label struct {
			Name string `json:"name"`
		}
		s.Labels = nil
		_, err := each(ctx, p.c, p.site, fmt.Sprintf("%s/api/v2/spaces/%s/labels?limit=%d", p.site.wiki, url.PathEscape(s.ID), p.cfg.PageSize), func(l label) {
			s.Labels = append(s.Labels, l.Name)
		})
		if optional(err) {
			p.warn("labels of space %s: %v", s.Key, err)
		} else if err != nil {
			return err
		}
	}
	count, last, err := p.search(ctx, s.Key)
	if optional(err) {
		p.warn("page count of space %s: %v", s.Key, err)
		return nil
	}
	s.PageCount, s.LastActivity = count, last
	return err
}

// searchResult is a v1 search result (Cloud and Data Center).
type searchResult struct {
	LastModified string `json:"lastModified"`
	Content      struct {
		Space struct {
			Key string `json:"key"`
		} `json:"space"`
	} `json:"content"`
	ResultGlobalContainer struct {
		DisplayURL string `json:"displayUrl"`
	} `json:"resultGlobalContainer"`
}

// spaceKey is the key of the space a result lives in: content.space.key
// (expand=content.space), else the last segment of the container's
// display URL (/spaces/KEY on Cloud, /display/KEY on Data Center).
func (r searchResult) spaceKey() string {
	if r.Content.Space.Key != "" {
		return r.Content.Space.Key
	}
	u := strings.TrimRight(r.ResultGlobalContainer.DisplayURL, "/")
	if i := strings.LastIndex(u, "/"); i >= 0 && i < len(u)-1 {
		k, err := url.PathUnescape(u[i+1:])
		if err == nil {
			return k
		}
	}
	return ""
}

// search counts a space's pages with CQL and returns the newest page's
// modification time.
func (p *puller) search(ctx context.Context, key string) (int, string, error) {
	q := url.Values{"cql": {fmt.Sprintf(`space = %s and type = page order by lastmodified desc`, cqlString(key))}, "limit": {"1"}}
	var res struct {
		TotalSize *int           `json:"totalSize"`
		Results   []searchResult `json:"results"`
	}
	if _, err := p.c.GetJSON(ctx, p.site.wiki+"/rest/api/search?"+q.Encode(), &res); err != nil {
		return 0, "", err
	}
	if res.TotalSize == nil {
		return 0, "", fmt.Errorf("%s: search for space %s has no totalSize", p.c.Source, key)
	}
	last := ""
	if len(res.Results) > 0 {
		last = res.Results[0].LastModified
	}
	return *res.TotalSize, last, nil
}

// cqlString quotes s for CQL.
func cqlString(s string) string {
	return `"` + strings.NewReplacer(`\`, `\\`, `"`, `\"`).Replace(s) + `"`
}

// changedSpaces returns the spaces with pages modified since the
// previous pull's watermark (less watermarkMargin), or nil when every
// space is to be read (no previous pull, another site, or too many
// changed). It asks CQL for the newest such page outside the spaces
// already found, one search per changed space, so a busy space costs one
// request however many of its pages changed.
func (p *puller) changedSpaces(ctx context.Context, prev *Previous) (map[string]bool, error) {
	if prev == nil || prev.State.Site != p.site.api || prev.State.Watermark == "" {
		return nil, nil
	}
	wm, err := time.Parse(time.RFC3339, prev.State.Watermark)
	if err != nil {
		return nil, nil
	}
	since := wm.Add(-watermarkMargin).UTC().Format("2006/01/02 15:04")
	changed := map[string]bool{}
	for {
		cql := fmt.Sprintf(`type = page and lastmodified >= %s`, cqlString(since))
		if len(changed) > 0 {
			keys := slices.Sorted(maps.Keys(changed))
			for i, k := range keys {
				keys[i] = cqlString(k)
			}
			cql += " and space not in (" + strings.Join(keys, ",") + ")"
		}
		q := url.Values{"cql": {cql}, "limit": {"1"}, "expand": {"content.space"}}
		var res struct {
			Results []searchResult `json:"results"`
		}
		if _, err := p.c.GetJSON(ctx, p.site.wiki+"/rest/api/search?"+q.Encode(), &res); err != nil {
			return nil, err
		}
		if len(res.Results) == 0 {
			return changed, nil
		}
		key := res.Results[0].spaceKey()
		if key == "" || changed[key] || len(changed) >= changedSpacesLimit(len(prev.Spaces)) {
			// Cannot tell which space changed, or too many did: read all.
			return nil, nil
		}
		changed[key] = true
	}
}

// watermark is the newest page modification among spaces (and the
// previous watermark, so that it never goes back), RFC 3339 in UTC.
func watermark(spaces []pulldata.Space, prev *Previous) string {
	var newest time.Time
	if prev != nil {
		newest, _ = time.Parse(time.RFC3339, prev.State.Watermark)
	}
	for _, s := range spaces {
		if t, ok := parseTime(s.LastActivity); ok && t.After(newest) {
			newest = t
		}
	}
	if newest.IsZero() {
		return ""
	}
	return newest.UTC().Format(time.RFC3339)
}

// parseTime reads the times Confluence gives: RFC 3339 (Cloud,
// 2026-11-20T14:03:11.000Z) or an offset without a colon (Data Center,
// 2026-10-02T07:45:00.000+0200).
func parseTime(s string) (time.Time, bool) {
	for _, layout := range []string{time.RFC3339Nano, "2006-01-02T15:04:05.000-0700", "2006-01-02T15:04:05-0700"} {
		if t, err := time.Parse(layout, s); err == nil {
			return t, true
		}
	}
	return time.Time{}, false
}
