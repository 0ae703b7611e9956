package render

import (
	"html"
	"html/template"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/handbook-dev/handbook/generator/inventory"
	"github.com/handbook-dev/handbook/generator/pulldata"
	"github.com/handbook-dev/handbook/generator/snapshots"
)

// pulledIndex finds the pulled facts about an item: the web check with
// its id, the Confluence space with its key.
type pulledIndex struct {
	once   sync.Once
	web    map[string]webFact
	spaces map[string]spaceFact
	teams  map[string]teamFact // by group id and by lower-case name
	sites  map[string]siteFact // by lower-case URL
}

type teamFact struct {
	t       *pulldata.Team
	takenAt time.Time
}

type siteFact struct {
	s       *pulldata.Site
	takenAt time.Time
}

type webFact struct {
	r       *pulldata.WebResult
	takenAt time.Time
}

type spaceFact struct {
	s       *pulldata.Space
	takenAt time.Time
}

func (r *Renderer) pulled() *pulledIndex {
	p := &r.pulledIdx
	p.once.Do(func() {
		p.web, p.spaces = map[string]webFact{}, map[string]spaceFact{}
		p.teams, p.sites = map[string]teamFact{}, map[string]siteFact{}
		if r.site.Snapshots == nil {
			return
		}
		for _, s := range r.site.Snapshots.Web {
			for i := range s.Results {
				p.web[s.Results[i].ID] = webFact{&s.Results[i], s.TakenAt}
			}
		}
		for _, s := range r.site.Snapshots.M365 {
			for i := range s.Data.Teams {
				t := &s.Data.Teams[i]
				p.teams[t.ID] = teamFact{t, s.TakenAt}
				p.teams[strings.ToLower(t.Name)] = teamFact{t, s.TakenAt}
			}
			for i := range s.Data.Sites {
				p.sites[strings.ToLower(strings.TrimRight(s.Data.Sites[i].URL, "/"))] = siteFact{&s.Data.Sites[i], s.TakenAt}
			}
		}
		for _, s := range r.site.Snapshots.Confluence {
			for i := range s.Spaces {
				p.spaces[strings.ToUpper(s.Spaces[i].Key)] = spaceFact{&s.Spaces[i], s.TakenAt}
			}
		}
	})
	return p
}

// pulledHTML lists what the platforms reported about an item, dated, so
// readers see it beside what the inventory declares.
func (r *Renderer) pulledHTML(it *inventory.Item) template.HTML {
	t := r.opts.Translator.T
	esc := html.EscapeString
	idx := r.pulled()
	var b strings.Builder
	field := func(label, value string) {
		b.WriteString("<div><dt>" + esc(label) + "</dt><dd>" + value + "</dd></div>\n")
	}
	if f, ok := idx.web[it.ID]; ok {
		res := f.r
		b.WriteString(`<p class="pulled-when">` + esc(t("checked_at")) + " " + f.takenAt.Format("2006-01-02 15:04 UTC") + "</p>\n<dl class=\"fields\">\n")
		state := `<span class="sev-info">` + esc(t("up")) + "</span>"
		if !res.Up {
			state = `<span class="sev-error">` + esc(t("down")) + "</span>"
			if res.Error != "" {
				state += ": " + esc(res.Error)
			}
		}
		if res.Status > 0 {
			state += " (" + strconv.Itoa(res.Status) + ")"
		}
		field(t("state"), state)
		field(t("response"), strconv.FormatInt(res.ResponseMS, 10)+" ms")
		if res.TLS != nil && !res.TLS.Expires.IsZero() {
			cert := res.TLS.Expires.Format(time.DateOnly) + " · " + res.TLS.Issuer
			if res.FinalURL != "" && res.TLS.Host != "" {
				// The site redirects to another host; its certificate is
				// the one that matters.
				cert += " · " + res.TLS.Host
			}
			field(t("certificate"), esc(cert))
		}
		switch {
		case res.HTTPSRedirect != nil && *res.HTTPSRedirect:
			field(t("https_redirect"), esc(t("yes")))
		case res.HTTPSRedirect != nil:
			field(t("https_redirect"), `<span class="sev-warning">`+esc(t("no"))+"</span>")
		case res.HTTPSRedirectError != "":
			field(t("https_redirect"), esc(t("unknown"))+": "+esc(res.HTTPSRedirectError))
		}
		missing := ""
		if len(res.Headers.Missing) > 0 {
			missing = " · " + esc(t("missing")) + ": " + esc(strings.Join(res.Headers.Missing, ", "))
		}
		field(t("security_headers"), strconv.Itoa(res.Headers.Score)+"/5"+missing)
		b.WriteString("</dl>\n")
	}
	if it.Kind == "confluence-space" {
		if f, ok := idx.spaces[strings.ToUpper(snapshots.SpaceKey(it.Extra, it.URL))]; ok {
			sp := f.s
			b.WriteString(`<p class="pulled-when">` + esc(t("checked_at")) + " " + f.takenAt.Format("2006-01-02 15:04 UTC") + "</p>\n<dl class=\"fields\">\n")
			field(t("status"), esc(sp.Status))
			admins := spaceAdmins(sp)
			if admins == "" {
				admins = `<span class="missing">—</span>`
			}
			field(t("administrators"), admins)
			if sp.Anonymous {
				field(t("anonymous_access"), `<span class="sev-warning">`+esc(t("yes"))+"</span>")
			}
			field(t("pages"), strconv.Itoa(sp.PageCount))
			if sp.LastActivity != "" {
				field(t("last_activity"), esc(sp.LastActivity))
			}
			if len(sp.Labels) > 0 {
				field(t("labels"), esc(strings.Join(sp.Labels, ", ")))
			}
			b.WriteString("</dl>\n")
		}
	}
	if it.Kind == "team" {
		f, ok := idx.teams[strings.ToLower(it.Name)]
		if id, isStr := it.Extra["group_id"].(string); isStr {
			if byID, found := idx.teams[id]; found {
				f, ok = byID, true
			}
		}
		if ok {
			t := f.t
			b.WriteString(`<p class="pulled-when">` + esc(t2(r, "checked_at")) + " " + f.takenAt.Format("2006-01-02 15:04 UTC") + "</p>\n<dl class=\"fields\">\n")
			visibility := esc(t.Visibility)
			if t.Archived {
				visibility += ` · <span class="sev-warning">` + esc(t2(r, "archived")) + "</span>"
			}
			field(t2(r, "visibility"), visibility)
			field(t2(r, "owners"), people(t.Owners, t2(r, "guest"), t2(r, "disabled")))
			field(t2(r, "members"), strconv.Itoa(len(t.Members))+" ("+strconv.Itoa(t.Guests)+" "+esc(t2(r, "guests"))+")")
			var chans []string
			for _, c := range t.Channels {
				chans = append(chans, c.Name+" ("+c.Membership+")")
			}
			if len(chans) > 0 {
				field(t2(r, "channels"), esc(strings.Join(chans, ", ")))
			}
			if t.LastActivity != "" {
				field(t2(r, "last_activity"), esc(t.LastActivity))
			}
			b.WriteString("</dl>\n")
		}
	}
	if it.Kind == "sharepoint-site" && it.URL != "" {
		if f, ok := idx.sites[strings.ToLower(strings.TrimRight(it.URL, "/"))]; ok {
			b.WriteString(`<p class="pulled-when">` + esc(t2(r, "checked_at")) + " " + f.takenAt.Format("2006-01-02 15:04 UTC") + "</p>\n<dl class=\"fields\">\n")
			field(t2(r, "name"), esc(f.s.Name))
			if f.s.LastActivity != "" {
				field(t2(r, "last_activity"), esc(f.s.LastActivity))
			}
			if f.s.LastModified != "" {
				field(t2(r, "last_modified"), esc(f.s.LastModified))
			}
			if f.s.ExternalSharing != "" {
				level := esc(f.s.ExternalSharing)
				if it.ExternalSharing != "" && inventory.SharingRank(f.s.ExternalSharing) > inventory.SharingRank(it.ExternalSharing) {
					level = `<span class="sev-warning">` + level + `</span>`
				}
				field(t2(r, "external_sharing_in_use"), level)
			}
			b.WriteString("</dl>\n")
			if len(f.s.SharedItems) > 0 {
				b.WriteString(sharedItemsHTML(r, f.s.SharedItems))
			}
		}
	}
	return template.HTML(b.String())
}

func t2(r *Renderer, key string) string { return r.opts.Translator.T(key) }

// people lists owners with guests and disabled accounts marked.
func people(ps []pulldata.Person, guest, disabled string) string {
	if len(ps) == 0 {
		return `<span class="missing">—</span>`
	}
	var out []string
	for _, p := range ps {
		s := html.EscapeString(p.UPN)
		if p.Guest {
			s += ` <span class="sev-warning">` + html.EscapeString(guest) + `</span>`
		}
		if p.Disabled {
			s += ` <span class="sev-error">` + html.EscapeString(disabled) + `</span>`
		}
		out = append(out, s)
	}
	return strings.Join(out, ", ")
}

// spaceAdmins lists a space's administrators: people by name and address,
// groups with their members; the bare ids of an older snapshot otherwise.
func spaceAdmins(sp *pulldata.Space) string {
	if sp.Administrators == nil {
		return html.EscapeString(strings.Join(sp.Admins, ", "))
	}
	person := func(p pulldata.Principal) string {
		name, addr := p.Name, p.Email
		if addr == "" {
			addr = p.Username
		}
		switch {
		case name == "":
			return html.EscapeString(addr)
		case addr == "" || addr == name:
			return html.EscapeString(name)
		}
		return html.EscapeString(name) + ` <span class="muted">` + html.EscapeString(addr) + "</span>"
	}
	var out []string
	for _, a := range sp.Administrators {
		switch {
		case a.Type == "group":
			var members []string
			for _, m := range sp.Administrators {
				if m.Via == a.Name {
					members = append(members, person(m))
				}
			}
			g := html.EscapeString(a.Name)
			if len(members) > 0 {
				g += " (" + strings.Join(members, ", ") + ")"
			}
			out = append(out, g)
		case a.Via == "":
			out = append(out, person(a))
		}
	}
	return strings.Join(out, "; ")
}

// sharedItemsHTML lists a site's shared files and folders with their
// links (scope, type, expiry) and the people outside the tenant.
func sharedItemsHTML(r *Renderer, items []pulldata.SharedItem) string {
	esc := html.EscapeString
	var b strings.Builder
	b.WriteString("<h3>" + esc(t2(r, "shared_items")) + " (" + strconv.Itoa(len(items)) + ")</h3>\n<ul class=\"shared-items\">\n")
	for _, it := range items {
		b.WriteString("<li><code>" + esc(it.Drive+it.Path) + "</code>")
		for _, l := range it.Links {
			scope := t2(r, "link_"+l.Scope)
			if strings.HasPrefix(scope, "link_") {
				scope = l.Scope
			}
			class := ""
			if l.Scope == "anonymous" {
				class = ` class="sev-warning"`
			}
			b.WriteString(" · <span" + class + ">" + esc(scope) + "</span> (" + esc(l.Type))
			// 0001-01-01 (DateTime.MinValue) is Graph's "no expiry", kept
			// by snapshots of older pulls.
			if l.Expires != "" && !strings.HasPrefix(l.Expires, "0001-01-01") {
				b.WriteString(", " + esc(t2(r, "expires")) + " " + esc(strings.SplitN(l.Expires, "T", 2)[0]))
			}
			// Password is known for OneDrive personal links only.
			if l.Password != nil && *l.Password {
				b.WriteString(", " + esc(t2(r, "with_password")))
			}
			b.WriteString(")")
		}
		if len(it.External) > 0 {
			b.WriteString(" · " + esc(t2(r, "shared_outside")) + ": " + esc(strings.Join(it.External, ", ")))
		}
		b.WriteString("</li>\n")
	}
	b.WriteString("</ul>\n")
	return b.String()
}
