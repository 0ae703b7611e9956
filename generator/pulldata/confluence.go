package pulldata

import "strings"

// Space is what a Confluence snapshot records of a space.
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
	Administrators []Principal       `json:"administrators"`
	Permissions    []SpacePermission `json:"permissions"`
	// PermissionsUnavailable says why the space's permissions could not
	// be read (a Data Center older than 9.1 without JSON-RPC, or a space
	// the account does not administer); empty when they were read.
	PermissionsUnavailable string   `json:"permissions_unavailable,omitempty"`
	Anonymous              bool     `json:"anonymous_access"`
	Labels                 []string `json:"labels"`
	PageCount              int      `json:"page_count"`
	LastActivity           string   `json:"last_activity,omitempty"`
}

// SpacePermission grants an operation on a space to a principal.
type SpacePermission struct {
	PrincipalType string `json:"principal_type"`
	Principal     string `json:"principal"`
	Operation     string `json:"operation"`
	Target        string `json:"target"`
}

// Principal is a user or group that administers a space, with its name
// resolved: permissions name account ids, user keys and group ids, which
// cannot be compared with the owners an inventory declares.
type Principal struct {
	// Type is "user" or "group".
	Type string `json:"type"`
	// ID is the account id (Cloud), the user name or key (Data Center),
	// or the group's id (Cloud) or name (Data Center).
	ID string `json:"id"`
	// Name is the display name of a user or the name of a group.
	Name string `json:"name,omitempty"`
	// Email is the user's address when the platform shows it (Cloud,
	// subject to the user's profile visibility).
	Email string `json:"email,omitempty"`
	// Username is a Data Center user's login name.
	Username string `json:"username,omitempty"`
	// Via names the administering group a user is a member of; empty
	// for a user granted administer directly, and for groups.
	Via string `json:"via,omitempty"`
}

// Matches reports whether the administrator p is the person with the
// e-mail address addr: by address, or by a Data Center login name equal
// to the address or its local part.
func (p Principal) Matches(addr string) bool {
	addr = strings.ToLower(strings.TrimSpace(addr))
	if p.Type != "user" || addr == "" {
		return false
	}
	if p.Email != "" && strings.ToLower(p.Email) == addr {
		return true
	}
	u := strings.ToLower(p.Username)
	local, _, _ := strings.Cut(addr, "@")
	return u != "" && (u == addr || u == local)
}
