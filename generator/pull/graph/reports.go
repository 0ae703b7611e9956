package graph

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"strings"

	"github.com/handbook-dev/handbook/generator/pull"
	"github.com/handbook-dev/handbook/generator/pulldata"
)

// lastActivity fills the sites' and teams' last activity from the usage
// reports: CSV files behind a redirect to a pre-authenticated download
// on another host (which the client reaches without the token).
//
// Since September 2021 the reports conceal user, group and site names by
// default (the tenant's report setting displayConcealedNames): the Teams
// activity report then carries a hash for Team Id and Team Name, so no
// team can be matched, while the SharePoint site usage report conceals
// the Site URL and owner but still gives the Site Id, by which sites
// are matched. A report that cannot be read, or matches nothing while
// names are concealed, is a warning: last activity is then unknown.
func (p *puller) lastActivity(ctx context.Context, snap *pulldata.M365) error {
	c := p.c
	concealed, known, err := p.namesConcealed(ctx)
	if err != nil {
		return err
	}
	snap.UsageNamesConcealed = concealed
	if concealed {
		c.Progress("%s: warning: the usage reports conceal user, group and site names (Microsoft 365 admin center, Settings, Org settings, Reports): "+
			"teams' last activity is unavailable (Team Id and Team Name are hashed); sites are matched by Site Id", c.Source)
	}
	warn := func(what string, err error) {
		c.Progress("%s: warning: %s' last activity is unavailable: %v", c.Source, what, permissionHint(err, "Reports.Read.All"))
	}
	siteActivity, err := report(ctx, c, p.api+"/reports/getSharePointSiteUsageDetail(period='D30')", "Site Id")
	switch {
	case itemError(err):
		warn("sites", err)
	case err != nil:
		return err
	}
	matched := 0
	for i := range snap.Sites {
		if parts := strings.Split(snap.Sites[i].ID, ","); len(parts) >= 2 {
			if last, ok := siteActivity[strings.ToLower(parts[1])]; ok {
				snap.Sites[i].LastActivity = last
				matched++
			}
		}
	}
	if matched == 0 && len(siteActivity) > 0 && len(snap.Sites) > 0 && (concealed || !known) {
		c.Progress("%s: warning: no site of the SharePoint usage report matches a site by Site Id (concealed names?); sites' last activity is unavailable", c.Source)
	}
	if concealed {
		return nil // nothing in the Teams report names a team
	}
	teamActivity, err := report(ctx, c, p.api+"/reports/getTeamsTeamActivityDetail(period='D30')", "Team Id")
	switch {
	case itemError(err):
		warn("teams", err)
	case err != nil:
		return err
	}
	matched = 0
	for i := range snap.Teams {
		if last, ok := teamActivity[strings.ToLower(snap.Teams[i].ID)]; ok {
			snap.Teams[i].LastActivity = last
			matched++
		}
	}
	if matched == 0 && len(teamActivity) > 0 && len(snap.Teams) > 0 {
		c.Progress("%s: warning: no team of the Teams activity report matches a team by Team Id (concealed names?); teams' last activity is unavailable", c.Source)
	}
	return nil
}

// namesConcealed reads the tenant's report setting displayConcealedNames
// (/admin/reportSettings, ReportSettings.Read.All). known is false when
// the setting could not be read (a warning says why).
func (p *puller) namesConcealed(ctx context.Context) (concealed, known bool, err error) {
	body, _, err := p.c.Get(ctx, p.api+"/admin/reportSettings", "application/json")
	if itemError(err) {
		p.c.Progress("%s: warning: cannot tell whether the usage reports conceal names: %v", p.c.Source, permissionHint(err, "ReportSettings.Read.All"))
		return false, false, nil
	}
	if err != nil {
		return false, false, err
	}
	// The entity itself; the documentation's example wraps it in "value".
	var settings struct {
		DisplayConcealedNames *bool `json:"displayConcealedNames"`
		Value                 *struct {
			DisplayConcealedNames *bool `json:"displayConcealedNames"`
		} `json:"value"`
	}
	if err := json.Unmarshal(body, &settings); err != nil {
		return false, false, fmt.Errorf("%s: /admin/reportSettings: the answer is not the expected JSON: %v", p.c.Source, err)
	}
	v := settings.DisplayConcealedNames
	if v == nil && settings.Value != nil {
		v = settings.Value.DisplayConcealedNames
	}
	if v == nil {
		return false, false, nil
	}
	return *v, true, nil
}

// report reads a usage report CSV and maps the id column (lower case) to
// its "Last Activity Date".
func report(ctx context.Context, c *pull.Client, u, idColumn string) (map[string]string, error) {
	body, _, err := c.Get(ctx, u, "text/csv")
	if err != nil {
		return nil, err
	}
	r := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(body, []byte("\ufeff"))))
	r.FieldsPerRecord = -1
	header, err := r.Read()
	if err != nil {
		return nil, fmt.Errorf("%s: usage report %s: %v", c.Source, pull.Redact(u), err)
	}
	id, last := -1, -1
	for i, h := range header {
		switch {
		case strings.EqualFold(strings.TrimSpace(h), idColumn):
			id = i
		case strings.EqualFold(strings.TrimSpace(h), "Last Activity Date"):
			last = i
		}
	}
	if id < 0 || last < 0 {
		return nil, fmt.Errorf("%s: usage report %s has no %q and \"Last Activity Date\" columns", c.Source, pull.Redact(u), idColumn)
	}
	out := map[string]string{}
	for {
		rec, err := r.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("%s: usage report %s: %v", c.Source, pull.Redact(u), err)
		}
		if len(rec) > id && len(rec) > last && rec[last] != "" {
			out[strings.ToLower(rec[id])] = rec[last]
		}
	}
	return out, nil
}
