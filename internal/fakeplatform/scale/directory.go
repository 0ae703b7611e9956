package scale

import (
	"encoding/base64"
	"fmt"
	"strings"
)

// Permissions, users, groups and teams of the Microsoft 365 side.

// sitePermissions are the three SharePoint groups every item of a
// team site grants (owner, write, read), as grantedToV2.siteGroup; a
// OneDrive grants its owner
// (https://learn.microsoft.com/graph/api/resources/permission). No
// permission carries inheritedFrom: SharePoint does not return it (the
// issue's point 5).
func (s *Server) sitePermissions(k int) []map[string]any {
	if pers, pi := s.personal(k); pers {
		u := s.user(pi % s.users())
		return []map[string]any{{"id": s.permissionID(k, 0, 0), "roles": []string{"owner"},
			"grantedToV2": map[string]any{"user": map[string]any{"id": u["id"], "displayName": u["displayName"], "email": u["mail"]},
				"siteUser": map[string]any{"id": "3", "displayName": u["displayName"], "email": u["mail"], "loginName": "i:0#.f|membership|" + strings.ToLower(u["userPrincipalName"].(string))}},
			"grantedTo": map[string]any{"user": map[string]any{"id": u["id"], "displayName": u["displayName"], "email": u["mail"]}}}}
	}
	var out []map[string]any
	for i, g := range []struct{ name, role string }{{"Owners", "owner"}, {"Members", "write"}, {"Visitors", "read"}} {
		display := strings.ToUpper(s.siteName(k)[:1]) + s.siteName(k)[1:] + " " + g.name
		out = append(out, map[string]any{"id": s.permissionID(k, 0, i), "roles": []string{g.role},
			"grantedToV2": map[string]any{"siteGroup": map[string]any{"id": fmt.Sprint(3 + i), "displayName": display, "loginName": display}}})
	}
	return out
}

func (s *Server) permissionID(k, j, n int) string {
	r := s.raw16(kPermission, uint32(k), uint32(j*8+n))
	return base64.RawStdEncoding.EncodeToString(r[:12])
}

// sharingPermissions are the link or invitation permissions an
// explicitly shared item j carries
// (https://learn.microsoft.com/graph/api/resources/permission, the
// sharing-link and invitation examples; https://learn.microsoft.com/graph/api/resources/sharinglink).
// Anonymous links expire on some items; others carry
// "0001-01-01T00:00:00Z", which SharePoint sends for "no expiry"
// (the point 10). hasPassword is OneDrive-personal only and is
// never set here.
func (s *Server) sharingPermissions(k, j int) []map[string]any {
	h := s.hash(hLink, uint64(k), uint64(j), 1)
	ext := extensions[s.hash(hDays, uint64(k), uint64(j), 3)%uint64(len(extensions))].ext
	letter := map[string]string{"docx": "w", "xlsx": "x", "pptx": "p", "pdf": "b", "txt": "t"}[ext]
	if isFolder(j) {
		letter = "f"
	}
	linkURL := fmt.Sprintf("https://%s/:%s:/s/%s/E%s", s.siteHost(k), letter, s.siteName(k), s.permissionID(k, j, 7)[:14])
	id := s.permissionID(k, j, 1)
	u := s.user(int(h % uint64(s.users())))
	ident := map[string]any{"id": u["id"], "displayName": u["displayName"], "email": u["mail"]}
	switch s.linkKind(k, j) {
	case linkAnonymous:
		p := map[string]any{"id": id, "roles": []string{"read"}, "link": map[string]any{"scope": "anonymous", "type": "view", "webUrl": linkURL, "preventsDownload": false}}
		switch h % 3 {
		case 0:
			p["expirationDateTime"] = iso(StateBTime.AddDate(0, 0, 10+int(h%80)))
		case 1:
			p["expirationDateTime"] = "0001-01-01T00:00:00Z"
		}
		return []map[string]any{p}
	case linkOrganization:
		return []map[string]any{{"id": id, "roles": []string{"write"}, "link": map[string]any{"scope": "organization", "type": "edit", "webUrl": linkURL, "preventsDownload": false}}}
	case linkPeople:
		g := s.user(int((h >> 20) % uint64(s.users())))
		return []map[string]any{{"id": id, "roles": []string{"read"},
			"link":                  map[string]any{"scope": "users", "type": "view", "webUrl": linkURL, "preventsDownload": false},
			"grantedToIdentitiesV2": []map[string]any{{"user": ident}, {"user": map[string]any{"id": g["id"], "displayName": g["displayName"], "email": g["mail"]}}},
			"grantedToIdentities":   []map[string]any{{"user": ident}}}}
	}
	// A direct invitation of someone outside the tenant.
	guest := fmt.Sprintf("contact%04d@partner%d.example", h%10000, h%7)
	login := "i:0#.f|membership|" + strings.ReplaceAll(guest, "@", "_") + "#ext#@" + s.cfg.TenantDomain
	return []map[string]any{{"id": id, "roles": []string{"write"},
		"grantedToV2": map[string]any{"siteUser": map[string]any{"id": fmt.Sprint(20 + h%500), "displayName": strings.Split(guest, "@")[0], "email": guest, "loginName": login}},
		"invitation":  map[string]any{"email": guest, "signInRequired": true}}}
}

// permissions are item j's effective permissions in a state: the
// site's, and those of the nearest explicitly shared item at or above
// it. Graph returns the whole effective collection and, on SharePoint,
// without inheritedFrom.
func (s *Server) permissions(st State, k, j int) []map[string]any {
	out := s.sitePermissions(k)
	if root := s.sharedRoot(st, k, j); root >= 0 {
		out = append(out, s.sharingPermissions(k, root)...)
	}
	return out
}

// users is the size of the tenant's directory.
func (s *Server) users() int {
	n := max(200, s.cfg.Teams*3/2, s.cfg.PersonalSites)
	if n%7919 == 0 {
		n++
	}
	return n
}

// user is a user resource
// (https://learn.microsoft.com/graph/api/resources/user): every 25th a
// guest, about one in 40 disabled.
func (s *Server) user(u int) map[string]any {
	m := map[string]any{"@odata.type": "#microsoft.graph.user", "id": s.guid(kUser, uint32(u), 0),
		"displayName": fmt.Sprintf("%s %s", givenNames[u%len(givenNames)], fmt.Sprintf("User%05d", u)),
		"userType":    "Member", "accountEnabled": s.hash(hUser, uint64(u))%40 != 0}
	if u%25 == 0 {
		mail := fmt.Sprintf("partner%05d@fabrikam.example", u)
		m["mail"] = mail
		m["userPrincipalName"] = strings.ReplaceAll(mail, "@", "_") + "#EXT#@" + s.cfg.TenantDomain
		m["userType"] = "Guest"
	} else {
		upn := fmt.Sprintf("user%05d@%s", u, s.cfg.TenantDomain)
		m["mail"], m["userPrincipalName"] = upn, upn
	}
	return m
}

var givenNames = []string{"Anouk", "Bram", "Chen", "Daan", "Emma", "Fatima", "Gijs", "Hana", "Ivo", "Julia", "Kofi", "Lotte", "Mehmet", "Noor", "Olaf", "Priya"}

// Groups: every fifth group (g%5 == 4) is a Microsoft 365 group without
// a team; the others are teams t = g - g/5.
func (s *Server) groups() int { return s.cfg.Teams + s.cfg.Teams/4 }

func groupOfTeam(t int) int { return t + t/4 }

func teamOfGroup(g int) (int, bool) {
	if g%5 == 4 {
		return 0, false
	}
	return g - g/5, true
}

func (s *Server) groupID(g int) string { return s.guid(kGroup, uint32(g), 0) }

func (s *Server) parseGroupID(id string) (int, bool) {
	g, _, ok := s.parseGUID(kGroup, id)
	return int(g), ok && int(g) < s.groups()
}

// teamChanged says whether state B changed team t's membership (about
// 1%, and always the first).
func (s *Server) teamChanged(t int) bool { return t == 0 || s.hash(hTeam, uint64(t), 99)%100 == 0 }

func (s *Server) memberCount(g int) int {
	if g%37 == 5 {
		return 120 + int(s.hash(hMembers, uint64(g))%200) // pages past 100
	}
	return 3 + int(s.hash(hMembers, uint64(g))%40)
}

// memberUsers are group g's members (user indexes) in a state; owners
// are the first one to three. State B removes the last member of a
// changed team and adds another user.
func (s *Server) memberUsers(st State, g int) []int {
	m := s.memberCount(g)
	start := int(s.hash(hMembers, uint64(g), 1) % uint64(s.users()))
	at := func(j int) int { return (start + j*7919) % s.users() }
	var out []int
	t, isTeam := teamOfGroup(g)
	changed := st == StateB && isTeam && s.teamChanged(t)
	for j := range m {
		if changed && j == m-1 {
			continue
		}
		out = append(out, at(j))
	}
	if changed {
		out = append(out, at(m))
	}
	return out
}

func (s *Server) ownerCount(g int) int { return 1 + int(s.hash(hMembers, uint64(g), 2)%3) }

// nestedMember: every tenth group also has a group among its members,
// which the /members/microsoft.graph.user cast leaves out.
func (s *Server) nestedMember(g int) (int, bool) {
	if g%10 != 3 || s.groups() < 2 {
		return 0, false
	}
	return (g + 1) % s.groups(), true
}

// group is a group resource
// (https://learn.microsoft.com/graph/api/resources/group).
func (s *Server) group(g int) map[string]any {
	t, isTeam := teamOfGroup(g)
	name := fmt.Sprintf("%s %04d", strings.ToUpper(siteWords[g%len(siteWords)][:1])+siteWords[g%len(siteWords)][1:], g)
	vis := "Private"
	if s.hash(hTeam, uint64(g), 1)%3 == 0 {
		vis = "Public"
	}
	rpo := []string{}
	if isTeam {
		rpo = []string{"Team"}
		name = fmt.Sprintf("Team %s %04d", siteWords[t%len(siteWords)], t)
	}
	nick := strings.ToLower(strings.ReplaceAll(name, " ", "-"))
	return map[string]any{"id": s.groupID(g), "displayName": name, "description": name + " workspace",
		"mail": nick + "@" + s.cfg.TenantDomain, "mailNickname": nick, "mailEnabled": true, "securityEnabled": false,
		"groupTypes": []string{"Unified"}, "visibility": vis, "resourceProvisioningOptions": rpo,
		"createdDateTime": iso(StateATime.AddDate(0, 0, -30-int(s.hash(hTeam, uint64(g), 2)%1200))), "expirationDateTime": nil}
}

// teamMissing: with Faults, one team in 500 answers 404 on /teams/{id}
// (the team of a group whose provisioning failed).
func (s *Server) teamMissing(t int) bool { return s.cfg.Faults && t%500 == 250 }

// siteFault: with Faults, one site in 1000 is locked (423) and one is
// closed to the app (403) when its drives are asked for.
func (s *Server) siteFault(k int) int {
	if pers, ti := s.personal(k); !pers && s.cfg.Faults {
		switch ti % 1000 {
		case 500:
			return 423
		case 900:
			return 403
		}
	}
	return 0
}

// channels of team t (https://learn.microsoft.com/graph/api/resources/channel).
func (s *Server) channels(t int) []map[string]any {
	n := 1 + int(s.hash(hTeam, uint64(t), 3)%6)
	g := groupOfTeam(t)
	var out []map[string]any
	for c := range n {
		kind := "standard"
		switch h := s.hash(hTeam, uint64(t), 4, uint64(c)) % 20; {
		case c == 0:
		case h < 5:
			kind = "private"
		case h < 7:
			kind = "shared"
		}
		name := "General"
		if c > 0 {
			name = fmt.Sprintf("Channel %d", c)
		}
		r := s.raw16(kChannel, uint32(t), uint32(c))
		id := fmt.Sprintf("19:%x@thread.tacv2", r[:])
		out = append(out, map[string]any{"id": id, "displayName": name, "description": nil, "membershipType": kind,
			"createdDateTime": iso(StateATime.AddDate(0, 0, -int(s.hash(hTeam, uint64(t), 5, uint64(c))%900))),
			"email":           "", "webUrl": "https://teams.microsoft.com/l/channel/" + id + "/" + strings.ReplaceAll(name, " ", "%20") + "?groupId=" + s.groupID(g) + "&tenantId=" + s.guid(kTenant, 0, 0)})
	}
	return out
}
