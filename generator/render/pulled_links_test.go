package render

import (
	"io/fs"
	"strings"
	"testing"

	"github.com/handbook-dev/handbook/generator/pulldata"
	"github.com/handbook-dev/handbook/templates"
)

// TestSharedItemLinks: a link without expiry (Graph's 0001-01-01,
// DateTime.MinValue, in snapshots of older pulls) shows no expiry, and a
// password is shown only when Graph said so (OneDrive personal); a
// SharePoint link, which never says, claims nothing.
func TestSharedItemLinks(t *testing.T) {
	tr, d := NewTranslator([]fs.FS{templates.FS}, "en", nil)
	if len(d) > 0 {
		t.Fatal(d)
	}
	r := &Renderer{opts: Options{Translator: tr}}
	yes, no := true, false
	for _, tc := range []struct {
		name      string
		link      pulldata.SharingLink
		want, not []string
	}{
		{"no expiry from an older pull", pulldata.SharingLink{Scope: "anonymous", Type: "view", Expires: "0001-01-01T00:00:00Z"}, nil, []string{"0001", tr.T("expires")}},
		{"expiry", pulldata.SharingLink{Scope: "anonymous", Type: "view", Expires: "2027-01-31T00:00:00Z"}, []string{tr.T("expires") + " 2027-01-31"}, nil},
		{"password unknown (SharePoint)", pulldata.SharingLink{Scope: "anonymous", Type: "edit"}, nil, []string{tr.T("with_password")}},
		{"no password (OneDrive personal)", pulldata.SharingLink{Scope: "anonymous", Type: "edit", Password: &no}, nil, []string{tr.T("with_password")}},
		{"password (OneDrive personal)", pulldata.SharingLink{Scope: "anonymous", Type: "edit", Password: &yes}, []string{tr.T("with_password")}, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			html := sharedItemsHTML(r, []pulldata.SharedItem{{Drive: "Documents", Path: "/Contracts", Links: []pulldata.SharingLink{tc.link}}})
			for _, w := range tc.want {
				if !strings.Contains(html, w) {
					t.Errorf("%q missing from %s", w, html)
				}
			}
			for _, n := range tc.not {
				if strings.Contains(html, n) {
					t.Errorf("%q in %s", n, html)
				}
			}
		})
	}
}
