package graph

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"sort"
	"strings"

	"github.com/handbook-dev/handbook/generator/pull"
	"github.com/handbook-dev/handbook/generator/pulldata"
)

// gGroup is a group as the Teams filter lists it.
type gGroup struct {
	ID                 string `json:"id"`
	DisplayName        string `json:"displayName"`
	Visibility         string `json:"visibility"`
	Mail               string `json:"mail"`
	CreatedDateTime    string `json:"createdDateTime"`
	ExpirationDateTime string `json:"expirationDateTime"`
}

// gUser is an owner or member, read through the microsoft.graph.user
// cast: other member types (groups, devices, contacts, service
// principals) are not people, and the user properties come only with
// User.Read.All.
type gUser struct {
	DisplayName       string `json:"displayName"`
	UserPrincipalName string `json:"userPrincipalName"`
	UserType          string `json:"userType"`
	AccountEnabled    *bool  `json:"accountEnabled"`
}

// groupsDeltaSelect asks /groups/delta for the changes that matter here:
// the group's own properties and its members and owners.
const groupsDeltaSelect = "?$select=id,displayName,visibility,expirationDateTime,members,owners"

// teams lists the groups provisioned as teams and reads each one's
// owners, members, archived state and channels. With a previous state,
// only teams whose group /groups/delta reports changed (or that failed
// last time, or are new) are read again; the others are kept from the
// previous snapshot.
func (p *puller) teams(ctx context.Context, snap *pulldata.M365, state *State) error {
	c := p.c
	filter := url.QueryEscape("resourceProvisioningOptions/Any(x:x eq 'Team')")
	groups, pages, err := all[gGroup](ctx, c, p.api+"/groups?$filter="+filter+"&$select=id,displayName,visibility,mail,createdDateTime,expirationDateTime&$top=999")
	if err != nil {
		return permissionHint(err, "GroupMember.Read.All")
	}
	c.Progress("%s: teams: %d over %d pages", c.Source, len(groups), pages)
	// The groups' delta: from the previous link, the groups changed since;
	// on a first pull, every group, walked only for a link to start from.
	changed, full := map[string]bool{}, true
	start := p.api + "/groups/delta" + groupsDeltaSelect
	if p.prev != nil && p.prev.GroupsDelta != "" {
		start, full = p.prev.GroupsDelta, false
	}
	type gDelta struct {
		ID string `json:"id"`
	}
	collect := func(v []gDelta) error {
		if full {
			return nil // every team is read anyway
		}
		for _, g := range v {
			changed[g.ID] = true
		}
		return nil
	}
	link, _, err := eachPage(ctx, c, start, collect)
	if err != nil && !full && tokenExpired(err) {
		c.Progress("%s: the groups' delta link expired; reading every team", c.Source)
		full, changed = true, map[string]bool{}
		link, _, err = eachPage(ctx, c, p.api+"/groups/delta"+groupsDeltaSelect, collect)
	}
	if itemError(err) {
		// Without the groups' delta every team is read, as on a first pull.
		c.Progress("%s: warning: /groups/delta failed (%v); reading every team", c.Source, permissionHint(err, "GroupMember.Read.All"))
		full, link, err = true, "", nil
	}
	if err != nil {
		return err
	}
	state.GroupsDelta = link
	prevTeams := map[string]*pulldata.Team{}
	if p.prevSnap != nil {
		for i := range p.prevSnap.Teams {
			prevTeams[p.prevSnap.Teams[i].ID] = &p.prevSnap.Teams[i]
		}
	}
	out := make([]pulldata.Team, len(groups))
	read := 0
	var todo []int
	for i, g := range groups {
		t := pulldata.Team{ID: g.ID, Name: g.DisplayName, Visibility: g.Visibility, Mail: g.Mail, Created: g.CreatedDateTime, Expires: g.ExpirationDateTime}
		if pt := prevTeams[g.ID]; !full && pt != nil && pt.Error == "" && !changed[g.ID] {
			t.Owners, t.Members, t.Guests, t.Channels, t.Archived = pt.Owners, pt.Members, pt.Guests, pt.Channels, pt.Archived
			out[i] = t
			continue
		}
		out[i] = t
		todo = append(todo, i)
	}
	// Four requests a team, in batches of five teams.
	var urls []string
	for _, i := range todo {
		urls = append(urls, p.teamURLs(out[i].ID)...)
	}
	answers, err := p.getMany(ctx, urls)
	if err != nil {
		return err
	}
	err = parallel(ctx, len(todo), func(ctx context.Context, k int) error {
		t := &out[todo[k]]
		if err := p.readTeam(ctx, t, urls[k*4:k*4+4], answers[k*4:k*4+4]); err != nil {
			if !itemError(err) && !errors.Is(err, errNoUserProperties) {
				return err
			}
			t.Owners, t.Members, t.Guests, t.Channels, t.Archived = []pulldata.Person{}, []pulldata.Person{}, 0, []pulldata.Channel{}, false
			t.Error = permissionHint(err, "GroupMember.Read.All, User.Read.All, Team.ReadBasic.All and Channel.ReadBasic.All").Error()
			c.Progress("%s: warning: team %s could not be read: %s", c.Source, t.Name, t.Error)
		}
		return nil
	})
	if err != nil {
		return err
	}
	read = len(todo)
	snap.Teams = append(snap.Teams, out...)
	c.Progress("%s: owners, members and channels of %d teams read, %d unchanged kept", c.Source, read, len(groups)-read)
	return nil
}

// errNoUserProperties is an owner or member without userPrincipalName
// and userType: what Graph returns when the app may list group members
// but not read users.
var errNoUserProperties = errors.New("owners or members came back without their user properties (userPrincipalName, userType, accountEnabled): " +
	"the app registration needs the application permission User.Read.All besides GroupMember.Read.All, or guests and disabled accounts go unseen")

// userSelect is what is asked of each owner and member.
const userSelect = "/microsoft.graph.user?$select=displayName,userPrincipalName,userType,accountEnabled&$top=999"

// teamURLs are the four requests that read a team: owners, members,
// archived state, channels.
func (p *puller) teamURLs(id string) []string {
	group, team := p.api+"/groups/"+url.PathEscape(id), p.api+"/teams/"+url.PathEscape(id)
	return []string{group + "/owners" + userSelect, group + "/members" + userSelect, team + "?$select=isArchived", team + "/channels?$select=displayName,membershipType"}
}

// readTeam fills a team's owners, members, archived state and channels
// from the answers to its teamURLs.
func (p *puller) readTeam(ctx context.Context, t *pulldata.Team, urls []string, answers []answer) error {
	c := p.c
	owners, err := collect[gUser](ctx, c, urls[0], answers[0])
	if err != nil {
		return err
	}
	members, err := collect[gUser](ctx, c, urls[1], answers[1])
	if err != nil {
		return err
	}
	for _, u := range append(owners, members...) {
		if u.UserPrincipalName == "" && u.UserType == "" {
			return errNoUserProperties
		}
	}
	t.Owners, t.Members = people(owners), people(members)
	t.Guests = 0
	for _, m := range t.Members {
		if m.Guest {
			t.Guests++
		}
	}
	if answers[2].err != nil {
		return answers[2].err
	}
	var team struct {
		IsArchived bool `json:"isArchived"`
	}
	if err := json.Unmarshal(answers[2].body, &team); err != nil {
		return fmt.Errorf("%s: GET %s: the answer is not the expected JSON: %v", c.Source, pull.Redact(urls[2]), err)
	}
	t.Archived = team.IsArchived
	type gChannel struct{ DisplayName, MembershipType string }
	chans, err := collect[gChannel](ctx, c, urls[3], answers[3])
	if err != nil {
		return err
	}
	t.Channels = []pulldata.Channel{}
	for _, ch := range chans {
		t.Channels = append(t.Channels, pulldata.Channel{Name: ch.DisplayName, Membership: ch.MembershipType})
	}
	sort.Slice(t.Channels, func(i, j int) bool { return t.Channels[i].Name < t.Channels[j].Name })
	return nil
}

// people turns users into owners or members, sorted by UPN.
func people(us []gUser) []pulldata.Person {
	out := make([]pulldata.Person, 0, len(us))
	for _, u := range us {
		out = append(out, pulldata.Person{Name: u.DisplayName, UPN: u.UserPrincipalName, Guest: strings.EqualFold(u.UserType, "Guest"),
			Disabled: u.AccountEnabled != nil && !*u.AccountEnabled})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].UPN < out[j].UPN })
	return out
}
