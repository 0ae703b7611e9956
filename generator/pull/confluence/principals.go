package confluence

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"sort"
	"strings"
	"sync"

	"github.com/handbook-dev/handbook/generator/pull"
	"github.com/handbook-dev/handbook/generator/pulldata"
)

// person is a resolved user.
type person struct{ name, email, username string }

// resolver looks up users and groups once per pull, however many spaces
// name them.
type resolver struct {
	c       *pull.Client
	site    site
	flavor  Flavor
	limit   int
	users   map[string]person
	groups  map[string]string               // id -> name
	members map[string][]pulldata.Principal // group id -> users
	// warn reports a principal that cannot be resolved (a deleted user or
	// group still named by a permission), which does not stop the pull.
	warn func(format string, args ...any)
}

// resolveAdministrators fills every space's Administrators: the users and
// groups granted administer, and the members of those groups.
func (p *puller) resolveAdministrators(ctx context.Context, spaces []pulldata.Space) error {
	r := &resolver{c: p.c, site: p.site, flavor: p.cfg.Flavor, limit: p.cfg.PageSize, warn: p.warn,
		users: map[string]person{}, groups: map[string]string{}, members: map[string][]pulldata.Principal{}}
	c := p.c
	var userIDs []string
	for _, s := range spaces {
		for _, p := range s.Permissions {
			if p.Operation == "administer" && p.PrincipalType == "user" {
				userIDs = append(userIDs, p.Principal)
			}
		}
	}
	if err := r.lookUpUsers(ctx, userIDs); err != nil {
		return err
	}
	if err := r.fetchGroups(ctx, spaces); err != nil {
		return err
	}
	resolved := 0
	for i := range spaces {
		s := &spaces[i]
		s.Administrators = []pulldata.Principal{}
		seen := map[string]bool{}
		for _, p := range s.Permissions {
			if p.Operation != "administer" || seen[p.PrincipalType+p.Principal] {
				continue
			}
			seen[p.PrincipalType+p.Principal] = true
			switch p.PrincipalType {
			case "user":
				u := r.users[p.Principal]
				s.Administrators = append(s.Administrators, pulldata.Principal{Type: "user", ID: p.Principal, Name: u.name, Email: u.email, Username: u.username})
			case "group":
				name, members, err := r.group(ctx, p.Principal)
				if err != nil {
					return err
				}
				s.Administrators = append(s.Administrators, pulldata.Principal{Type: "group", ID: p.Principal, Name: name})
				s.Administrators = append(s.Administrators, members...)
			}
		}
		sort.SliceStable(s.Administrators, func(a, b int) bool {
			x, y := s.Administrators[a], s.Administrators[b]
			return x.Via+"\x00"+x.Type+"\x00"+x.ID < y.Via+"\x00"+y.Type+"\x00"+y.ID
		})
		resolved += len(s.Administrators)
	}
	c.Progress("%s: administrators: %d users and %d groups resolved, %d entries over %d spaces", c.Source, len(r.users), len(r.groups), resolved, len(spaces))
	return nil
}

// lookUpUsers resolves user ids: Cloud in batches of 100 account ids
// (GET /wiki/rest/api/user/bulk), Data Center one request each, a few at
// a time (by key, or by login name when the key is unknown).
func (r *resolver) lookUpUsers(ctx context.Context, ids []string) error {
	var todo []string
	for _, id := range ids {
		if _, ok := r.users[id]; !ok && id != "" {
			r.users[id] = person{}
			todo = append(todo, id)
		}
	}
	sort.Strings(todo)
	if r.flavor == Cloud {
		for len(todo) > 0 {
			n := min(len(todo), 100)
			q := url.Values{"accountId": todo[:n], "limit": {fmt.Sprint(n)}}
			var res struct {
				Results []apiUser `json:"results"`
			}
			if _, err := r.c.GetJSON(ctx, r.site.wiki+"/rest/api/user/bulk?"+q.Encode(), &res); err != nil {
				return err
			}
			for _, u := range res.Results {
				r.users[u.AccountID] = person{name: u.name(), email: u.Email}
			}
			todo = todo[n:]
		}
		return nil
	}
	var mu sync.Mutex
	return parallel(ctx, workers(r.c), len(todo), func(ctx context.Context, i int) error {
		id := todo[i]
		var u apiUser
		_, err := r.c.GetJSON(ctx, r.site.wiki+"/rest/api/user?key="+url.QueryEscape(id), &u)
		var se *pull.StatusError
		if errors.As(err, &se) && se.Status == http.StatusNotFound {
			// Older permissions name the user by login name, not key.
			_, err = r.c.GetJSON(ctx, r.site.wiki+"/rest/api/user?username="+url.QueryEscape(id), &u)
		}
		if optional(err) {
			r.warn("user %s, administrator by a space permission, is not found by key or login name (deleted?)", id)
			return nil
		}
		if err != nil {
			return err
		}
		p := person{name: u.DisplayName, username: u.Username}
		if strings.Contains(u.Username, "@") {
			p.email = u.Username
		}
		mu.Lock()
		r.users[id] = p
		mu.Unlock()
		return nil
	})
}

// apiUser is a user as both Confluence APIs return one (Cloud: account
// id, public and display name, e-mail; Data Center: user key, login name,
// display name).
type apiUser struct {
	AccountID   string `json:"accountId"`
	Email       string `json:"email"`
	PublicName  string `json:"publicName"`
	DisplayName string `json:"displayName"`
	Username    string `json:"username"`
	UserKey     string `json:"userKey"`
}

// name is the user's display name, else the public one.
func (u apiUser) name() string {
	if u.DisplayName != "" {
		return u.DisplayName
	}
	return u.PublicName
}

// group returns a group's name and its members (as users administering
// through it), fetched once per pull.
func (r *resolver) group(ctx context.Context, id string) (string, []pulldata.Principal, error) {
	if name, ok := r.groups[id]; ok {
		return name, r.members[id], nil
	}
	name, members, err := r.fetchGroup(ctx, id)
	if err == nil {
		r.groups[id], r.members[id] = name, members
	}
	return name, members, err
}

// fetchGroups fetches every administering group of spaces at once, a
// few at a time, into the resolver's cache.
func (r *resolver) fetchGroups(ctx context.Context, spaces []pulldata.Space) error {
	var ids []string
	for _, s := range spaces {
		for _, p := range s.Permissions {
			if p.Operation == "administer" && p.PrincipalType == "group" {
				ids = append(ids, p.Principal)
			}
		}
	}
	slices.Sort(ids)
	ids = slices.Compact(ids)
	var mu sync.Mutex
	return parallel(ctx, workers(r.c), len(ids), func(ctx context.Context, i int) error {
		name, members, err := r.fetchGroup(ctx, ids[i])
		if optional(err) {
			// Permissions may still name a deleted group.
			r.warn("group %s, administrator by a space permission, is not found (deleted?): %v", ids[i], err)
			name, members, err = ids[i], nil, nil
		}
		if err != nil {
			return err
		}
		mu.Lock()
		r.groups[ids[i]], r.members[ids[i]] = name, members
		mu.Unlock()
		return nil
	})
}

// fetchGroup reads a group's name (Cloud names groups by id) and members.
func (r *resolver) fetchGroup(ctx context.Context, id string) (string, []pulldata.Principal, error) {
	name := id
	var first string
	if r.flavor == Cloud {
		var g struct {
			Name string `json:"name"`
		}
		if _, err := r.c.GetJSON(ctx, r.site.wiki+"/rest/api/group/by-id?id="+url.QueryEscape(id), &g); err != nil {
			return "", nil, err
		}
		if g.Name != "" {
			name = g.Name
		}
		first = fmt.Sprintf("%s/rest/api/group/%s/membersByGroupId?start=0&limit=%d", r.site.wiki, url.PathEscape(id), r.limit)
	} else {
		first = fmt.Sprintf("%s/rest/api/group/%s/member?start=0&limit=%d", r.site.wiki, url.PathEscape(id), r.limit)
	}
	var members []pulldata.Principal
	_, err := each(ctx, r.c, r.site, first, func(m apiUser) {
		p := pulldata.Principal{Type: "user", ID: m.AccountID, Name: m.name(), Email: m.Email, Username: m.Username, Via: name}
		if r.flavor == DataCenter {
			p.ID = m.UserKey
			if strings.Contains(m.Username, "@") {
				p.Email = m.Username
			}
		}
		members = append(members, p)
	})
	if err != nil {
		return "", nil, err
	}
	sort.Slice(members, func(a, b int) bool { return members[a].ID < members[b].ID })
	return name, members, nil
}
