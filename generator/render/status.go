package render

import (
	"fmt"
	"html/template"
	"strings"
	"time"

	"github.com/handbook-dev/handbook/generator/pulldata"
	"github.com/handbook-dev/handbook/generator/site"
)

// StatusRow is one checked site on the status page.
type StatusRow struct {
	Name, Href, URL string
	Up, Slow        bool
	Status          int
	ResponseMS      int64
	Error           string
	CertExpires     string
	CertDays        int
	HasCert         bool
	// CertText says the days left, or since the certificate expired.
	CertText string
	// CertClass is sev-error or sev-warning by the audit policy's days;
	// an expired certificate is always sev-error.
	CertClass string
	// State is up, degraded (up but slow), down or unknown (never
	// answered nor failed); StateLabel says it in the site's language.
	State, StateLabel string
	Headers           int
	Missing           string
	// Availability over 24 hours, 7 and 30 days, as text ("99.5%"), from
	// the history file; "–" without data.
	Day, Week, Month string
	Sparkline        template.HTML
}

// StatusSource is one web snapshot on the status page.
type StatusSource struct {
	Source, TakenAt string
	Rows            []StatusRow
}

func (r *Renderer) statusJobs(w Writer) []func() error {
	if r.site.Snapshots == nil || len(r.site.Snapshots.Web) == 0 {
		return nil
	}
	return []func() error{func() error { return r.status(w) }}
}

func (r *Renderer) status(w Writer) error {
	v := r.inventoryView(r.site.Paths.Status, r.opts.Translator.T("status_page"), "status")
	v.Crumbs = v.Crumbs[:1]
	now := r.site.BuildTime
	for _, s := range r.site.Snapshots.Web {
		src := StatusSource{Source: s.Source, TakenAt: s.TakenAt.Format("2006-01-02 15:04 UTC")}
		byID := map[string][]pulldata.WebHistoryLine{}
		for _, l := range s.History {
			byID[l.ID] = append(byID[l.ID], l)
		}
		for _, res := range s.Results {
			row := StatusRow{Name: res.Name, URL: res.URL, Up: res.Up, Slow: res.Slow, Status: res.Status, ResponseMS: res.ResponseMS, Error: res.Error, Headers: res.Headers.Score,
				Missing: strings.Join(res.Headers.Missing, ", ")}
			if it := r.site.Inventory.ByID(res.ID); it != nil {
				row.Name, row.Href = r.itemTitle(it), site.Rel(r.site.Paths.Status, r.site.ItemURL(it))
			}
			if res.TLS != nil && !res.TLS.Expires.IsZero() {
				row.HasCert = true
				row.CertExpires = res.TLS.Expires.Format(time.DateOnly)
				var expired bool
				row.CertText, row.CertDays, expired = certExpiry(r.opts.Translator.T, res.TLS.Expires, now)
				switch policy := r.site.Config.Audit; {
				case expired || row.CertDays <= policy.CertErrorDays:
					row.CertClass = "sev-error"
				case row.CertDays <= policy.CertWarnDays:
					row.CertClass = "sev-warning"
				}
			}
			row.State = siteState(res)
			row.StateLabel = r.opts.Translator.T(map[string]string{"up": "up", "down": "down", "degraded": "state_degraded", "unknown": "state_unknown"}[row.State])
			hist := byID[res.ID]
			row.Day = availability(hist, now, 24*time.Hour)
			row.Week = availability(hist, now, 7*24*time.Hour)
			row.Month = availability(hist, now, 30*24*time.Hour)
			row.Sparkline = sparkline(hist, r.opts.Translator.T("response_times"))
			src.Rows = append(src.Rows, row)
		}
		v.Status = append(v.Status, src)
	}
	v.SoftwareHref = r.softwareHref(r.site.Paths.Status)
	return r.execute(w, "status.html", r.site.Paths.Status+"index.html", v)
}

// siteState sums up a check: down when it failed, degraded when the
// site answered but too slowly, unknown when there was no answer and no
// error (the check did not run).
func siteState(res pulldata.WebResult) string {
	switch {
	case res.Up && res.Slow:
		return "degraded"
	case res.Up:
		return "up"
	case res.Status == 0 && res.Error == "":
		return "unknown"
	}
	return "down"
}

// availability is the share of checks in the window before now that
// found the site up.
func availability(hist []pulldata.WebHistoryLine, now time.Time, window time.Duration) string {
	up, total := 0, 0
	for _, l := range hist {
		t, err := time.Parse(time.RFC3339, l.Time)
		if err != nil || t.After(now) || now.Sub(t) > window {
			continue
		}
		total++
		if l.Up {
			up++
		}
	}
	if total == 0 {
		return "–"
	}
	pct := 100 * float64(up) / float64(total)
	if pct == 100 {
		return "100%"
	}
	return fmt.Sprintf("%.1f%%", pct)
}

// sparkline draws the latest response times as a small inline SVG line;
// failed checks are marked as red dots at the top.
func sparkline(hist []pulldata.WebHistoryLine, label string) template.HTML {
	const n, w, h = 48, 120, 24
	if len(hist) > n {
		hist = hist[len(hist)-n:]
	}
	if len(hist) < 2 {
		return ""
	}
	var max int64 = 1
	for _, l := range hist {
		if l.ResponseMS > max {
			max = l.ResponseMS
		}
	}
	var pts, fails strings.Builder
	step := float64(w) / float64(len(hist)-1)
	for i, l := range hist {
		x := float64(i) * step
		y := float64(h-2) - float64(l.ResponseMS)*float64(h-4)/float64(max)
		fmt.Fprintf(&pts, "%.1f,%.1f ", x, y)
		if !l.Up {
			fmt.Fprintf(&fails, `<circle cx="%.1f" cy="3" r="2" class="spark-fail"/>`, x)
		}
	}
	return template.HTML(fmt.Sprintf(`<svg class="sparkline" role="img" aria-label="%s" width="%d" height="%d" viewBox="0 0 %d %d"><polyline points="%s" fill="none" class="spark-line"/>%s</svg>`,
		template.HTMLEscapeString(label), w, h, w, h, strings.TrimSpace(pts.String()), fails.String()))
}
