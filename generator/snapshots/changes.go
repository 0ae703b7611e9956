package snapshots

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"sort"
	"strings"
	"time"

	"github.com/handbook-dev/handbook/generator/internal/gitrepo"
	"github.com/handbook-dev/handbook/generator/pulldata"
)

// Change is one difference between two consecutive snapshots of a source.
type Change struct {
	// When is the commit's date; Commit its hash.
	When   time.Time
	Commit string
	Source string
	// Subject names the space, team, site or check; Kind is appeared,
	// disappeared or changed; Detail says what changed.
	Subject string
	Kind    string
	Detail  string
}

// version is one committed version of a snapshot file.
type version struct {
	commit string
	when   time.Time
	path   string
	env    pulldata.Envelope
}

// Changes reads the Git history of data/snapshots in the project with one
// git log and one git cat-file process, and returns what changed between
// consecutive versions of each snapshot file, newest first. Outside a Git
// repository there is no history and no change.
func Changes(ctx context.Context, project string) ([]Change, error) {
	return ChangesAt(ctx, project, "")
}

// ChangesAt is Changes for the history up to commit rev ("" for HEAD):
// an older version of the manual, built from a tag, lists the inventory
// changes it knew of. Paths are taken relative to project, which may be a
// folder inside the repository.
func ChangesAt(ctx context.Context, project, rev string) ([]Change, error) {
	repo := gitrepo.Open(project)
	rc, err := repo.Log(ctx, gitrepo.LogOptions{Rev: rev, Paths: []string{Dir}, Format: "%x00%H %cI", Names: gitrepo.NameOnly})
	if err != nil {
		return nil, nil // not a repository, or no git: no history to show
	}
	out, readErr := io.ReadAll(rc)
	if rc.Close() != nil || readErr != nil {
		return nil, nil // not a repository, or no git: no history to show
	}
	type ref struct {
		commit, path string
		when         time.Time
	}
	var refs []ref
	for _, block := range strings.Split(string(out), "\x00") {
		lines := strings.Split(strings.TrimSpace(block), "\n")
		if len(lines) < 2 {
			continue
		}
		head := strings.Fields(lines[0])
		if len(head) != 2 {
			continue
		}
		when, _ := time.Parse(time.RFC3339, head[1])
		for _, p := range lines[1:] {
			p = strings.TrimSpace(p)
			if strings.HasSuffix(p, ".json") && strings.HasPrefix(p, Dir+"/") {
				refs = append(refs, ref{head[0], p, when})
			}
		}
	}
	if len(refs) == 0 {
		return nil, nil
	}
	// Read every version through one cat-file process.
	objects, err := repo.CatFile(ctx)
	if err != nil {
		return nil, err
	}
	defer objects.Close()
	byPath := map[string][]version{}
	for _, r := range refs {
		obj, found, err := objects.Read(r.commit + ":./" + r.path) // ./: relative to project
		if err != nil {
			return nil, err
		}
		if !found || obj.Type != "blob" {
			continue // "missing": the file was deleted in that commit
		}
		var env pulldata.Envelope
		if json.Unmarshal(obj.Data, &env) != nil {
			continue
		}
		byPath[r.path] = append(byPath[r.path], version{r.commit, r.when, r.path, env})
	}
	var changes []Change
	for _, vs := range byPath {
		// git log lists newest first: compare each version with the one before it.
		for i := 0; i+1 < len(vs); i++ {
			changes = append(changes, diff(vs[i+1], vs[i])...)
		}
	}
	sort.SliceStable(changes, func(i, j int) bool {
		if !changes[i].When.Equal(changes[j].When) {
			return changes[i].When.After(changes[j].When)
		}
		if changes[i].Source != changes[j].Source {
			return changes[i].Source < changes[j].Source
		}
		return changes[i].Subject < changes[j].Subject
	})
	return changes, nil
}

// diff lists what changed from version a to the newer version b.
func diff(a, b version) []Change {
	var out []Change
	add := func(subject, kind, format string, args ...any) {
		out = append(out, Change{When: b.when, Commit: b.commit, Source: b.env.Source, Subject: subject, Kind: kind, Detail: fmt.Sprintf(format, args...)})
	}
	switch b.env.Type {
	case "confluence-cloud", "confluence-dc":
		var old, cur []pulldata.Space
		if json.Unmarshal(a.env.Data, &old) != nil || json.Unmarshal(b.env.Data, &cur) != nil {
			return nil
		}
		prev := map[string]pulldata.Space{}
		for _, s := range old {
			prev[s.Key] = s
		}
		seen := map[string]bool{}
		for _, s := range cur {
			seen[s.Key] = true
			p, ok := prev[s.Key]
			if !ok {
				add(s.Key, "appeared", "space %s (%s) appeared", s.Key, s.Name)
				continue
			}
			if p.Status != s.Status {
				add(s.Key, "changed", "space %s: status %s → %s", s.Key, p.Status, s.Status)
			}
			if p.Anonymous != s.Anonymous {
				add(s.Key, "changed", "space %s: anonymous access %s", s.Key, map[bool]string{true: "granted", false: "removed"}[s.Anonymous])
			}
			for _, d := range setDiff(p.Admins, s.Admins) {
				add(s.Key, "changed", "space %s: administrator %s", s.Key, d)
			}
		}
		for _, s := range old {
			if !seen[s.Key] {
				add(s.Key, "disappeared", "space %s (%s) disappeared", s.Key, s.Name)
			}
		}
	case "m365":
		var old, cur pulldata.M365
		if json.Unmarshal(a.env.Data, &old) != nil || json.Unmarshal(b.env.Data, &cur) != nil {
			return nil
		}
		prev := map[string]pulldata.Team{}
		for _, t := range old.Teams {
			prev[t.ID] = t
		}
		seen := map[string]bool{}
		for _, t := range cur.Teams {
			seen[t.ID] = true
			p, ok := prev[t.ID]
			if !ok {
				add(t.Name, "appeared", "team %s appeared", t.Name)
				continue
			}
			if p.Error != "" || t.Error != "" {
				continue // a pull that could not read the team knows nothing to compare
			}
			if p.Visibility != t.Visibility {
				add(t.Name, "changed", "team %s: visibility %s → %s", t.Name, p.Visibility, t.Visibility)
			}
			if p.Archived != t.Archived {
				add(t.Name, "changed", "team %s %s", t.Name, map[bool]string{true: "archived", false: "unarchived"}[t.Archived])
			}
			if p.Guests != t.Guests {
				add(t.Name, "changed", "team %s: guests %d → %d", t.Name, p.Guests, t.Guests)
			}
			for _, d := range setDiff(upns(p.Owners), upns(t.Owners)) {
				add(t.Name, "changed", "team %s: owner %s", t.Name, d)
			}
		}
		for _, t := range old.Teams {
			if !seen[t.ID] {
				add(t.Name, "disappeared", "team %s disappeared", t.Name)
			}
		}
		prevSites := map[string]pulldata.Site{}
		for _, s := range old.Sites {
			prevSites[s.ID] = s
		}
		seenSites := map[string]bool{}
		for _, s := range cur.Sites {
			seenSites[s.ID] = true
			p, ok := prevSites[s.ID]
			if !ok {
				add(s.Name, "appeared", "site %s (%s) appeared", s.Name, s.URL)
				continue
			}
			if p.Error != "" || s.Error != "" {
				continue
			}
			if p.ExternalSharing != "" && s.ExternalSharing != "" && p.ExternalSharing != s.ExternalSharing {
				add(s.Name, "changed", "site %s: sharing in use %s → %s", s.Name, p.ExternalSharing, s.ExternalSharing)
			}
			for _, d := range setDiff(sharedPaths(p.SharedItems), sharedPaths(s.SharedItems)) {
				add(s.Name, "changed", "site %s: shared item %s", s.Name, d)
			}
		}
		for _, s := range old.Sites {
			if !seenSites[s.ID] {
				add(s.Name, "disappeared", "site %s (%s) disappeared", s.Name, s.URL)
			}
		}
		if old.Sharing != nil && cur.Sharing != nil && old.Sharing.Capability != cur.Sharing.Capability {
			add("tenant", "changed", "tenant sharing %s → %s", old.Sharing.Capability, cur.Sharing.Capability)
		}
	case "web":
		var old, cur []pulldata.WebResult
		if json.Unmarshal(a.env.Data, &old) != nil || json.Unmarshal(b.env.Data, &cur) != nil {
			return nil
		}
		prev := map[string]pulldata.WebResult{}
		for _, r := range old {
			prev[r.ID] = r
		}
		for _, r := range cur {
			p, ok := prev[r.ID]
			if !ok {
				continue
			}
			if p.Up != r.Up {
				add(r.ID, "changed", "%s went %s", r.URL, map[bool]string{true: "up", false: "down"}[r.Up])
			}
			if p.TLS != nil && r.TLS != nil && !p.TLS.Expires.Equal(r.TLS.Expires) {
				add(r.ID, "changed", "%s", certificateChange(r.URL, p.TLS, r.TLS))
			}
		}
	}
	return out
}

// sharedPaths names a site's shared items by drive and path.
func sharedPaths(items []pulldata.SharedItem) []string {
	out := make([]string, len(items))
	for i, it := range items {
		out[i] = it.Drive + it.Path
	}
	return out
}

func upns(ps []pulldata.Person) []string {
	out := make([]string, len(ps))
	for i, p := range ps {
		out[i] = p.UPN
	}
	return out
}

// setDiff describes additions and removals between two lists.
func setDiff(old, cur []string) []string {
	o, c := map[string]bool{}, map[string]bool{}
	for _, s := range old {
		o[s] = true
	}
	for _, s := range cur {
		c[s] = true
	}
	var out []string
	for _, s := range cur {
		if !o[s] {
			out = append(out, s+" added")
		}
	}
	for _, s := range old {
		if !c[s] {
			out = append(out, s+" removed")
		}
	}
	return out
}

// certificateChange describes a new certificate expiry: a renewal when it
// moved later on the same host; the certificate of another host when a
// redirect now ends elsewhere; a replacement when it expires sooner.
func certificateChange(url string, was, now *pulldata.Certificate) string {
	expires := now.Expires.Format(time.DateOnly)
	switch {
	case was.Host != "" && now.Host != "" && !strings.EqualFold(was.Host, now.Host):
		return fmt.Sprintf("%s: now ends at %s, whose certificate expires %s", url, now.Host, expires)
	case now.Expires.After(was.Expires):
		return fmt.Sprintf("%s: certificate renewed, now expires %s", url, expires)
	}
	return fmt.Sprintf("%s: certificate replaced, now expires %s (sooner than before)", url, expires)
}
