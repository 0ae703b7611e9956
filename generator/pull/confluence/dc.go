package confluence

import (
	"context"
	"encoding/json"
	"encoding/xml"
	"errors"
	"fmt"
	"mime"
	"net/http"
	"net/url"
	"strings"

	"github.com/handbook-dev/handbook/generator/pull"
	"github.com/handbook-dev/handbook/generator/pulldata"
)

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
		ID flexString `json:"id"`
	} `json:"homepage"`
	Metadata struct {
		Labels struct {
			Results []struct {
				Name string `json:"name"`
			} `json:"results"`
		} `json:"labels"`
	} `json:"metadata"`
}

// flexString accepts a JSON number or string (Data Center ids are numbers).
type flexString string

func (n *flexString) UnmarshalJSON(b []byte) error {
	*n = flexString(strings.Trim(string(b), `"`))
	return nil
}

// dcSpaces lists the spaces with their labels (GET /rest/api/space with
// expand=metadata.labels: Data Center has no /space/{key}/label, and its
// /space/{key}/labels, from 9.1, lists the labels of the space's content).
func (p *puller) dcSpaces(ctx context.Context) ([]pulldata.Space, error) {
	var spaces []pulldata.Space
	first := fmt.Sprintf("%s/rest/api/space?start=0&limit=%d&expand=description.plain,homepage,metadata.labels", p.site.wiki, p.cfg.PageSize)
	pages, err := each(ctx, p.c, p.site, first, func(s dcSpace) {
		sp := pulldata.Space{ID: string(s.ID), Key: s.Key, Name: s.Name, Type: s.Type, Status: s.Status, Description: s.Description.Plain.Value, Homepage: string(s.Homepage.ID)}
		for _, l := range s.Metadata.Labels.Results {
			sp.Labels = append(sp.Labels, l.Name)
		}
		spaces = append(spaces, sp)
	})
	if err != nil {
		return nil, err
	}
	p.c.Progress("%s: spaces: %d over %d pages", p.c.Source, len(spaces), pages)
	return spaces, nil
}

// dcPermissions reads a space's permissions: GET
// /rest/api/space/{key}/permissions (Confluence 9.1 and later); on a 404
// the JSON-RPC method getSpacePermissionSets that 7.x and 8.x offer; when
// that is not there either, the space records that its permissions are
// unavailable and the pull goes on.
func (p *puller) dcPermissions(ctx context.Context, s *pulldata.Space) error {
	p.mu.Lock()
	source := p.dcPerms
	p.mu.Unlock()
	if source == permsREST {
		err := p.dcRESTPermissions(ctx, s)
		if !optional(err) {
			return err
		}
		version := p.serverVersion(ctx)
		p.switchPerms(permsRPC, "")
		p.warn("Confluence %s has no /rest/api/space/{key}/permissions (Confluence 9.1 and later); reading space permissions through JSON-RPC getSpacePermissionSets", version)
		source = permsRPC
	}
	if source == permsRPC {
		err := p.dcRPCPermissions(ctx, s)
		var se *pull.StatusError
		switch {
		case err == nil:
			return nil
		case errors.As(err, &se) && se.Status == http.StatusForbidden:
			// JSON-RPC wants space administrators; other spaces may answer.
			s.PermissionsUnavailable = "JSON-RPC getSpacePermissionSets answered 403: the account does not administer this space"
			p.warn("permissions of space %s unavailable: %s", s.Key, s.PermissionsUnavailable)
			return nil
		case errors.As(err, &se) || strings.Contains(err.Error(), "not JSON"):
			version := p.serverVersion(ctx)
			reason := fmt.Sprintf("Confluence %s offers neither /rest/api/space/{key}/permissions (9.1 and later) nor JSON-RPC getSpacePermissionSets (%v)", version, err)
			p.switchPerms(permsNone, reason)
			p.warn("space permissions unavailable: %s; the snapshot records permissions_unavailable on every space", reason)
		default:
			return err
		}
	}
	p.mu.Lock()
	s.PermissionsUnavailable = p.unavailable
	p.mu.Unlock()
	s.Permissions = nil
	return nil
}

func (p *puller) switchPerms(to dcPermissionSource, reason string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if to > p.dcPerms {
		p.dcPerms, p.unavailable = to, reason
	}
}

// dcRESTPermissions reads GET /rest/api/space/{key}/permissions (9.1+).
func (p *puller) dcRESTPermissions(ctx context.Context, s *pulldata.Space) error {
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
	if _, err := p.c.GetJSON(ctx, fmt.Sprintf("%s/rest/api/space/%s/permissions", p.site.wiki, url.PathEscape(s.Key)), &perms); err != nil {
		return err
	}
	s.Permissions = nil
	for _, perm := range perms {
		who := perm.Subject.Name
		if who == "" {
			who = perm.Subject.UserKey
		}
		s.Permissions = append(s.Permissions, pulldata.SpacePermission{PrincipalType: perm.Subject.Type, Principal: who, Operation: perm.Operation.OperationKey, Target: perm.Operation.TargetType})
	}
	return nil
}

// rpcOperations maps the space permission types of the remote API to the
// REST operations (key, target) the snapshot records.
var rpcOperations = map[string][2]string{
	"VIEWSPACE":           {"read", "space"},
	"SETSPACEPERMISSIONS": {"administer", "space"},
	"EXPORTSPACE":         {"export", "space"},
	"EDITSPACE":           {"create", "page"},
	"REMOVEPAGE":          {"delete", "page"},
	"EDITBLOG":            {"create", "blogpost"},
	"REMOVEBLOG":          {"delete", "blogpost"},
	"COMMENT":             {"create", "comment"},
	"REMOVECOMMENT":       {"delete", "comment"},
	"CREATEATTACHMENT":    {"create", "attachment"},
	"REMOVEATTACHMENT":    {"delete", "attachment"},
	"REMOVEOWNCONTENT":    {"delete", "space"},
	"SETPAGEPERMISSIONS":  {"restrict_content", "space"},
	"REMOVEMAIL":          {"delete", "mail"},
	"ARCHIVEPAGE":         {"archive", "page"},
}

// dcRPCPermissions reads the space's permission sets through JSON-RPC
// (POST /rpc/json-rpc/confluenceservice-v2/getSpacePermissionSets with
// the space key as the only argument). A permission with neither user
// nor group name is granted to anonymous users.
func (p *puller) dcRPCPermissions(ctx context.Context, s *pulldata.Space) error {
	var sets []struct {
		Type             string `json:"type"`
		SpacePermissions []struct {
			Type      string  `json:"type"`
			UserName  *string `json:"userName"`
			GroupName *string `json:"groupName"`
		} `json:"spacePermissions"`
	}
	if _, err := p.c.PostJSON(ctx, p.site.wiki+"/rpc/json-rpc/confluenceservice-v2/getSpacePermissionSets", []string{s.Key}, &sets); err != nil {
		return err
	}
	s.Permissions = nil
	for _, set := range sets {
		for _, sp := range set.SpacePermissions {
			typ := sp.Type
			if typ == "" {
				typ = set.Type
			}
			op, ok := rpcOperations[typ]
			if !ok {
				op = [2]string{strings.ToLower(typ), "space"}
			}
			perm := pulldata.SpacePermission{PrincipalType: "anonymous", Operation: op[0], Target: op[1]}
			switch {
			case sp.UserName != nil && *sp.UserName != "":
				perm.PrincipalType, perm.Principal = "user", *sp.UserName
			case sp.GroupName != nil && *sp.GroupName != "":
				perm.PrincipalType, perm.Principal = "group", *sp.GroupName
			}
			s.Permissions = append(s.Permissions, perm)
		}
	}
	return nil
}

// serverVersion is the Data Center version for messages, from the
// application links manifest that every version serves (XML unless JSON
// is asked for and offered); "(version unknown)" when it cannot be read.
func (p *puller) serverVersion(ctx context.Context) string {
	var m struct {
		Version string `json:"version" xml:"version"`
	}
	body, h, err := p.c.Get(ctx, p.site.wiki+"/rest/applinks/1.0/manifest", "application/json, application/xml;q=0.9")
	if err == nil {
		if mt, _, _ := mime.ParseMediaType(h.Get("Content-Type")); strings.Contains(mt, "xml") {
			err = xml.Unmarshal(body, &m)
		} else {
			err = json.Unmarshal(body, &m)
		}
	}
	if err != nil || m.Version == "" {
		return "(version unknown)"
	}
	return m.Version
}
