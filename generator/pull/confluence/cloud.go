package confluence

import (
	"context"
	"fmt"
	"net/url"

	"github.com/handbook-dev/handbook/generator/pulldata"
)

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

// cloudSpaces lists the spaces (GET /wiki/api/v2/spaces, cursor paged).
func (p *puller) cloudSpaces(ctx context.Context) ([]pulldata.Space, error) {
	var spaces []pulldata.Space
	pages, err := each(ctx, p.c, p.site, fmt.Sprintf("%s/api/v2/spaces?limit=%d&description-format=plain", p.site.wiki, p.cfg.PageSize), func(s cloudSpace) {
		sp := pulldata.Space{ID: s.ID, Key: s.Key, Name: s.Name, Type: s.Type, Status: s.Status, Homepage: s.HomepageID, Created: s.CreatedAt}
		if s.Description != nil && s.Description.Plain != nil {
			sp.Description = s.Description.Plain.Value
		}
		spaces = append(spaces, sp)
	})
	if err != nil {
		return nil, err
	}
	p.c.Progress("%s: spaces: %d over %d pages", p.c.Source, len(spaces), pages)
	return spaces, nil
}

// cloudAnonymous returns the keys of the spaces anonymous users may read.
// The v2 permission assignments name only users, groups and roles; the
// v1 space list with expand=permissions marks each permission granted to
// anonymous users with anonymousAccess, one paged list for all spaces.
func (p *puller) cloudAnonymous(ctx context.Context) (map[string]bool, error) {
	type v1Space struct {
		Key         string `json:"key"`
		Permissions []struct {
			Operation struct {
				Operation  string `json:"operation"`
				TargetType string `json:"targetType"`
			} `json:"operation"`
			AnonymousAccess bool `json:"anonymousAccess"`
		} `json:"permissions"`
	}
	anonymous := map[string]bool{}
	_, err := each(ctx, p.c, p.site, fmt.Sprintf("%s/rest/api/space?limit=%d&expand=permissions", p.site.wiki, p.cfg.PageSize), func(s v1Space) {
		for _, perm := range s.Permissions {
			if perm.AnonymousAccess && perm.Operation.Operation == "read" && perm.Operation.TargetType == "space" {
				anonymous[s.Key] = true
			}
		}
	})
	if optional(err) {
		p.warn("anonymous access cannot be read (%v); anonymous_access is false for every space", err)
		return anonymous, nil
	}
	return anonymous, err
}

// cloudPermissions reads a space's permission assignments
// (GET /wiki/api/v2/spaces/{id}/permissions, cursor paged).
func (p *puller) cloudPermissions(ctx context.Context, s *pulldata.Space) error {
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
	s.Permissions = nil
	_, err := each(ctx, p.c, p.site, fmt.Sprintf("%s/api/v2/spaces/%s/permissions?limit=%d", p.site.wiki, url.PathEscape(s.ID), p.cfg.PageSize), func(a assignment) {
		s.Permissions = append(s.Permissions, pulldata.SpacePermission{PrincipalType: a.Principal.Type, Principal: a.Principal.ID, Operation: a.Operation.Key, Target: a.Operation.TargetType})
	})
	return err
}

// permissions reads a space's permissions the way its flavor offers.
func (p *puller) permissions(ctx context.Context, s *pulldata.Space) error {
	if p.site.cloud {
		return p.cloudPermissions(ctx, s)
	}
	return p.dcPermissions(ctx, s)
}
