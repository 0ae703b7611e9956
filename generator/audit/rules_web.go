package audit

import (
	"fmt"
	"net/url"
	"strings"
	"time"

	"github.com/handbook-dev/handbook/generator/pulldata"
	"github.com/handbook-dev/handbook/generator/snapshots"
)

// webRules audit what handbook pull web recorded.
var webRules = []Rule{
	{ID: "web-cert-expiring", Subject: "website", Severity: Warning, Title: "Certificate expiring",
		Fix: "Renew the certificate (see the certificate renewal procedure) and pull web again.", check: certExpiring},
	{ID: "web-down", Subject: "website", Severity: Error, Title: "Site down",
		Fix: "Follow the incident procedure; pull web again once the site answers.", check: siteDown},
	{ID: "web-slow", Subject: "website", Severity: Warning, Title: "Slower than its threshold",
		Fix: "Look at the hosting and caching; raise max_response only if the threshold was wrong.", check: siteSlow},
	{ID: "web-headers", Subject: "website", Severity: Warning, Title: "Security headers missing",
		Fix: "Ask the hosting provider to send the missing headers.", check: missingHeaders},
	{ID: "web-https-redirect", Subject: "website", Severity: Warning, Title: "http does not redirect to https",
		Fix: "Redirect every http:// request to https:// with a 301.", check: httpsRedirect},
	{ID: "web-version-disclosure", Subject: "website", Severity: Warning, Title: "Software versions disclosed",
		Fix: "Stop naming versions in answers: server_tokens off (nginx), ServerTokens Prod (Apache), expose_php = Off (PHP), and remove the generator meta tag; then pull web again.", check: versionDisclosure},
	{ID: "component-drift", Subject: "item", Severity: Warning, Title: "Software version differs from the inventory",
		Fix: "Correct the version in the inventory's components, or find out why the site runs another one.", check: componentDrift},
	{ID: "snapshot-stale", Subject: "snapshot", Severity: Warning, Title: "Snapshot out of date",
		Fix: "Run handbook pull again (from cron, so the data stays fresh).", check: staleSnapshots},
}

// eachWeb calls f for every result of every web snapshot.
func eachWeb(c *checker, f func(s *snapshots.Web, r *pulldata.WebResult)) {
	if c.site.Snapshots == nil {
		return
	}
	for _, s := range c.site.Snapshots.Web {
		for i := range s.Results {
			f(s, &s.Results[i])
		}
	}
}

// web reports a finding about a checked site, attached to its inventory
// item when there is one, located in the snapshot file.
func (c *checker) web(s *snapshots.Web, r *pulldata.WebResult, format string, args ...any) {
	f := &Finding{Rule: c.rule.ID, Severity: c.rule.Severity, SubjectKind: "website", Subject: r.ID, Title: r.Name,
		Path: s.Path, Message: fmt.Sprintf(format, args...) + fmt.Sprintf(" (pulled %s)", s.TakenAt.Format(time.DateOnly)), Fix: c.rule.Fix, Kind: "website"}
	if it := c.site.Inventory.ByID(r.ID); it != nil {
		f.SubjectKind, f.Title, f.Owners, f.Kind, f.item = "item", it.Name, it.Owners, it.Kind, it
		f.Path, f.Line = it.Pos.Path, it.Pos.Line
	}
	if f.Title == "" {
		f.Title = r.ID
	}
	c.out = append(c.out, f)
}

func certExpiring(c *checker) {
	eachWeb(c, func(s *snapshots.Web, r *pulldata.WebResult) {
		t := r.TLS
		if t == nil || t.Expires.IsZero() {
			return
		}
		days := int(t.Expires.Sub(c.now).Hours() / 24)
		sev := c.rule.Severity
		of := certificateOf(r)
		switch {
		case days < 0:
			sev = Error
			c.web(s, r, "the certificate of %s expired on %s", of, t.Expires.Format(time.DateOnly))
		case days <= c.policy.CertErrorDays:
			sev = Error
			c.web(s, r, "the certificate of %s expires on %s, in %d days (issuer %s)", of, t.Expires.Format(time.DateOnly), days, t.Issuer)
		case days <= c.policy.CertWarnDays:
			c.web(s, r, "the certificate of %s expires on %s, in %d days (issuer %s)", of, t.Expires.Format(time.DateOnly), days, t.Issuer)
		default:
			return
		}
		c.out[len(c.out)-1].Severity = sev
	})
}

// certificateOf names whose certificate a result describes: the site's
// address, or the host it redirects to when that host answered last
// (its certificate is the one to renew).
func certificateOf(r *pulldata.WebResult) string {
	u, err := url.Parse(r.URL)
	if r.TLS == nil || r.TLS.Host == "" || (err == nil && strings.EqualFold(u.Hostname(), r.TLS.Host)) {
		return r.URL
	}
	return fmt.Sprintf("%s (where %s redirects)", r.TLS.Host, r.URL)
}

func siteDown(c *checker) {
	eachWeb(c, func(s *snapshots.Web, r *pulldata.WebResult) {
		if r.Up {
			return
		}
		why := r.Error
		if why == "" {
			why = fmt.Sprintf("status %d", r.Status)
		}
		c.web(s, r, "%s was down: %s", r.URL, why)
	})
}

func siteSlow(c *checker) {
	eachWeb(c, func(s *snapshots.Web, r *pulldata.WebResult) {
		if r.Up && r.Slow {
			c.web(s, r, "%s answered in %d ms, slower than its threshold", r.URL, r.ResponseMS)
		}
	})
}

func missingHeaders(c *checker) {
	eachWeb(c, func(s *snapshots.Web, r *pulldata.WebResult) {
		if r.Status > 0 && strings.HasPrefix(r.URL, "https://") && len(r.Headers.Missing) > 0 {
			c.web(s, r, "%s does not send %s", r.URL, strings.Join(r.Headers.Missing, ", "))
		}
	})
}

// httpsRedirect reports only a known "no": an unknown redirect (nil, the
// http address gave no answer) is not a finding.
func httpsRedirect(c *checker) {
	eachWeb(c, func(s *snapshots.Web, r *pulldata.WebResult) {
		if r.HTTPSRedirect != nil && !*r.HTTPSRedirect {
			c.web(s, r, "http:// of %s does not redirect to https://", r.URL)
		}
	})
}

func staleSnapshots(c *checker) {
	if c.site.Snapshots == nil {
		return
	}
	type taken struct {
		path, source string
		at           time.Time
	}
	var all []taken
	for _, s := range c.site.Snapshots.Web {
		all = append(all, taken{s.Path, s.Source, s.TakenAt})
	}
	for _, s := range c.site.Snapshots.Confluence {
		all = append(all, taken{s.Path, s.Source, s.TakenAt})
	}
	for _, s := range c.site.Snapshots.M365 {
		all = append(all, taken{s.Path, s.Source, s.TakenAt})
	}
	for _, s := range c.site.Snapshots.EOL {
		all = append(all, taken{s.Path, s.Source, s.TakenAt})
	}
	for _, s := range all {
		if age := c.now.Sub(s.at); age > time.Duration(c.policy.StaleDays)*24*time.Hour {
			c.out = append(c.out, &Finding{Rule: c.rule.ID, Severity: c.rule.Severity, SubjectKind: "snapshot", Subject: s.path, Title: s.source,
				Path: s.path, Kind: "snapshot", Fix: c.rule.Fix,
				Message: fmt.Sprintf("the %s snapshot was taken on %s, %d days ago (the policy allows %d)", s.source, s.at.Format(time.DateOnly), int(age.Hours()/24), c.policy.StaleDays)})
		}
	}
}

func versionDisclosure(c *checker) {
	eachWeb(c, func(s *snapshots.Web, r *pulldata.WebResult) {
		if len(r.Exposed) == 0 {
			return
		}
		var named []string
		for _, e := range r.Exposed {
			named = append(named, e.Source+": "+e.Text)
		}
		c.web(s, r, "%s names its software and versions: %s", r.URL, strings.Join(named, ", "))
	})
}

// exposedProducts maps the names sites give their software to the
// products of endoflife.date that components name, where they differ.
var exposedProducts = map[string]string{"apache": "apache-http-server", "microsoft-iis": "iis", "asp.net": "dotnetfx"}

// componentDrift compares the versions a site names with those its
// item's components declare: the same product at a version neither
// begins the other (declared 8.2, seen 8.1.27; but declared 8.1 and
// seen 8.1.27, or declared 2.4.6-p3 and seen "Magento 2", agree).
func componentDrift(c *checker) {
	eachWeb(c, func(s *snapshots.Web, r *pulldata.WebResult) {
		it := c.site.Inventory.ByID(r.ID)
		if it == nil {
			return
		}
		for _, e := range r.Exposed {
			for _, comp := range it.Components {
				if (comp.Name == e.Product || comp.Name == exposedProducts[e.Product]) && !sameRelease(comp.Version, e.Version) {
					c.component(it, comp, "the inventory declares %s %s, the site says %s (%s, pulled %s)", comp.Name, comp.Version, e.Version, e.Source, s.TakenAt.Format(time.DateOnly))
				}
			}
		}
	})
}

// sameRelease reports whether one version begins the other at a
// boundary ('.', '-', '+'): the finer one is a release of the coarser.
func sameRelease(a, b string) bool {
	if len(a) > len(b) {
		a, b = b, a
	}
	return strings.HasPrefix(b, a) && (len(b) == len(a) || strings.ContainsRune(".-+", rune(b[len(a)])))
}
