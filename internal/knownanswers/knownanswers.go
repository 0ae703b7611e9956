// Package knownanswers lists search queries on the bundled example
// manual with the page each must find among its first three results.
// The browser ranking test checks handbook's search against them, and
// make bench-search puts the same questions to Pagefind.
package knownanswers

// Query is a query and the URL of its expected page below the root of
// the site it is put to: the default language's, or Language's (nl/).
type Query struct {
	Query, Want, Why string
	Language         string
}

// Site is the folder of the site the query is put to: "" for the
// default language, "nl/" for Dutch.
func (q Query) Site() string {
	if q.Language == "" {
		return ""
	}
	return q.Language + "/"
}

// Queries are the known-answer queries.
var Queries = []Query{
	{"renewing certificates", "website/webshop/ov-certificate-renewal/", "stems: renewal, certificate", ""},
	{"wachtwoorden", "staff/change-password-and-mfa/", "a Dutch plural", "nl"},
	{"beleid", "staff/password-policy/", "a part of a Dutch compound", "nl"},
	{"restore a deleted site", "sharepoint/admin/restore-a-site/", "a stop word left out", ""},
	{"recycle bin", "sharepoint/usage/restore-files-from-recycle-bin/", "a phrase", ""},
	{"guests in teams", "teams/guest-access/", "plural of a title word", ""},
	{"cache purge", "website/cdn-cache-purge/", "title words", ""},
	{"severity", "incidents/severity-levels/", "one word", ""},
	{"retention label", "sharepoint/admin/retention-labels/", "singular of the title", ""},
	{"restroe site", "sharepoint/admin/restore-a-site/", "one typo", ""},
	{"erstore site", "sharepoint/admin/restore-a-site/", "the first two letters swapped", ""},
	{"certficate renewal", "website/webshop/ov-certificate-renewal/", "a letter left out", ""},
	{"provisio", "sharepoint/admin/site-provisioning/", "a prefix of the last word", ""},
	{"HostNed requests", "website/hosting-provider-requests/", "a provider's name", ""},
	{"Corporate website", "inventory/web-corporate/", "an inventory item's name", ""},
	{"sp-ops-planning-rotterdam", "inventory/sp-ops-planning-rotterdam/", "an item id", ""},
	{"lakesidelogistics.sharepoint.com sites hub-operations", "inventory/sp-hub-operations/", "an item URL", ""},
	{"certificate expiring", "audit/web-cert-expiring/", "an audit rule", ""},
}
