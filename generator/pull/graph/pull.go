package graph

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"sort"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/handbook-dev/handbook/generator/pull"
	"github.com/handbook-dev/handbook/generator/pulldata"
)

// page is one page of a Graph collection or delta query.
type page[T any] struct {
	Value     []T    `json:"value"`
	NextLink  string `json:"@odata.nextLink"`
	DeltaLink string `json:"@odata.deltaLink"`
}

// eachPage follows @odata.nextLink from first, handing every page's items
// to f as it arrives (a delta of a large drive is never held whole), and
// returns the @odata.deltaLink of the last page, if any. It stops at an
// empty page even when that page still names a next one, and at a next
// link it has already followed: a service that keeps sending next links
// past the end would otherwise keep the pull busy forever.
func eachPage[T any](ctx context.Context, c *pull.Client, first string, f func([]T) error) (deltaLink string, pages int, err error) {
	seen := map[string]bool{}
	for u := first; u != ""; {
		seen[u] = true
		var p page[T]
		if _, err := c.GetJSON(ctx, u, &p); err != nil {
			return "", pages, err
		}
		pages++
		if err := f(p.Value); err != nil {
			return "", pages, err
		}
		if p.DeltaLink != "" {
			return p.DeltaLink, pages, nil
		}
		if p.NextLink != "" && (len(p.Value) == 0 || seen[p.NextLink]) {
			c.Progress("%s: %s sent a next link after an empty or repeated page; stopping there", c.Source, pull.Redact(u))
			return "", pages, nil
		}
		u = p.NextLink
	}
	return "", pages, nil
}

// all collects every item of a paged collection.
func all[T any](ctx context.Context, c *pull.Client, first string) ([]T, int, error) {
	var out []T
	_, pages, err := eachPage(ctx, c, first, func(v []T) error {
		out = append(out, v...)
		return nil
	})
	return out, pages, err
}

// State is what an incremental pull starts from, kept beside the
// snapshots (pull.StatePath), never in the site.
type State struct {
	// Sites are by site id.
	Sites map[string]SiteState `json:"sites,omitempty"`
	// GroupsDelta is the @odata.deltaLink of /groups/delta.
	GroupsDelta string `json:"groups_delta,omitempty"`
	// SharingWalked records whether the drives were walked for shared
	// items (sharing_links), so that turning the walk on reads them all.
	SharingWalked bool `json:"sharing_walked,omitempty"`
}

// SiteState is what a site looked like at the last pull.
type SiteState struct {
	LastModified string `json:"last_modified"`
	// Drives map each drive's id to its @odata.deltaLink.
	Drives map[string]string `json:"drives,omitempty"`
}

// itemError reports whether err is the failure of one site or team (an
// answer such as 403, 404 or 423 (locked)) that the pull records on that
// item and goes on, rather than one that stops it (cancelled, the
// network or the credentials gone).
func itemError(err error) bool {
	var se *pull.StatusError
	return errors.As(err, &se) && se.Status != http.StatusUnauthorized && se.Status >= 400
}

// statusOf is the HTTP status of a final error answer, or 0.
func statusOf(err error) int {
	var se *pull.StatusError
	if errors.As(err, &se) {
		return se.Status
	}
	return 0
}

// workers is how many sites or teams are read at once; the client's own
// limit on requests in flight is what protects the service.
const workers = 8

// parallel calls f for 0..n-1 from a few goroutines and returns the first
// error, after which no new call starts.
func parallel(ctx context.Context, n int, f func(ctx context.Context, i int) error) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	var (
		mu    sync.Mutex
		first error
		next  int
		wg    sync.WaitGroup
	)
	for w := 0; w < min(workers, n); w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				mu.Lock()
				i := next
				next++
				stop := first != nil || i >= n
				mu.Unlock()
				if stop || ctx.Err() != nil {
					return
				}
				if err := f(ctx, i); err != nil {
					mu.Lock()
					if first == nil {
						first = err
					}
					mu.Unlock()
					cancel()
				}
			}
		}()
	}
	wg.Wait()
	if first == nil && ctx.Err() != nil {
		// The parent was cancelled.
		return context.Cause(ctx)
	}
	return first
}

// Pull fetches the tenant's sites, teams and sharing settings, sorted.
// With prev and prevSnap (both nil on a first pull or --full) it reads
// only what changed since and keeps the rest from prevSnap. Sites and
// teams that cannot be read are recorded with their Error (see
// pulldata.M365.Failures); the error returned is one that stopped the pull.
func Pull(ctx context.Context, c *pull.Client, cfg Config, prev *State, prevSnap *pulldata.M365) (*pulldata.M365, *State, error) {
	api := strings.TrimRight(cfg.GraphURL, "/")
	if api == "" {
		api = "https://graph.microsoft.com"
	}
	p := &puller{c: c, cfg: cfg, api: api + "/v1.0", prev: prev, prevSnap: prevSnap}
	if prev == nil || prevSnap == nil {
		p.prev, p.prevSnap = nil, nil
	}
	snap := &pulldata.M365{}
	state := &State{Sites: map[string]SiteState{}, SharingWalked: !cfg.SkipSharingLinks}
	if err := p.sites(ctx, snap, state); err != nil {
		return nil, nil, err
	}
	if err := p.teams(ctx, snap, state); err != nil {
		return nil, nil, err
	}
	if err := p.lastActivity(ctx, snap); err != nil {
		return nil, nil, err
	}
	var sharing struct {
		SharingCapability string `json:"sharingCapability"`
	}
	if _, err := c.GetJSON(ctx, p.api+"/admin/sharepoint/settings", &sharing); err != nil {
		return nil, nil, permissionHint(err, "SharePointTenantSettings.Read.All")
	}
	snap.Sharing = &pulldata.TenantSharing{Capability: sharing.SharingCapability}
	sort.Slice(snap.Sites, func(i, j int) bool { return snap.Sites[i].URL < snap.Sites[j].URL })
	sort.Slice(snap.Teams, func(i, j int) bool {
		if snap.Teams[i].Name != snap.Teams[j].Name {
			return snap.Teams[i].Name < snap.Teams[j].Name
		}
		return snap.Teams[i].ID < snap.Teams[j].ID
	})
	return snap, state, nil
}

// puller is one pull's shared context.
type puller struct {
	c        *pull.Client
	cfg      Config
	api      string // https://graph.microsoft.com/v1.0
	prev     *State
	prevSnap *pulldata.M365
	domains  map[string]bool
	// noBatch is set once the service refused a JSON batch.
	noBatch atomic.Bool
}

// permissionHint adds, to a 403 answer, the application permission the
// request needs: the fix is in the app registration, not in handbook.
func permissionHint(err error, perms string) error {
	if statusOf(err) == http.StatusForbidden {
		return fmt.Errorf("%w (the app registration needs the application permission %s, granted by an administrator)", err, perms)
	}
	return err
}
