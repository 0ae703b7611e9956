package render

import (
	"strings"
	"testing"

	"github.com/handbook-dev/handbook/generator/site"
	"github.com/handbook-dev/handbook/generator/source"
)

// TestAliasPage checks the redirect page of an old address, whole: the
// refresh and the visible link to the page's index.html relative to the
// alias, the canonical link (absolute with a base URL), noindex, and the
// escaping of the title and of addresses holding a space, a quote, a ';'
// or a ':'.
func TestAliasPage(t *testing.T) {
	page := &site.Page{URL: "ops/restore/"}
	page.Title = "Restore <a> site & more"
	tests := []struct {
		name, alias, pageURL, baseURL string
		want                          string
	}{
		{"folder", "sharepoint/restore/", "ops/restore/", "", `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="robots" content="noindex">
<title>Restore &lt;a&gt; site &amp; more</title>
<link rel="canonical" href="../../ops/restore/">
<meta http-equiv="refresh" content="0; url=../../ops/restore/index.html">
</head>
<body>
<p>This page has moved to <a href="../../ops/restore/index.html">Restore &lt;a&gt; site &amp; more</a>.</p>
</body>
</html>
`},
		{"file at the root, to the home page", "old.html", "", "https://docs.example.com/manual/", `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="robots" content="noindex">
<title>Restore &lt;a&gt; site &amp; more</title>
<link rel="canonical" href="https://docs.example.com/manual/">
<meta http-equiv="refresh" content="0; url=index.html">
</head>
<body>
<p>This page has moved to <a href="index.html">Restore &lt;a&gt; site &amp; more</a>.</p>
</body>
</html>
`},
		{"odd characters in the address", "a/", `x:y/it's; "odd" & page/`, "", `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="robots" content="noindex">
<title>Restore &lt;a&gt; site &amp; more</title>
<link rel="canonical" href="../x:y/it%27s%3B%20%22odd%22%20&amp;%20page/">
<meta http-equiv="refresh" content="0; url=../x:y/it%27s%3B%20%22odd%22%20&amp;%20page/index.html">
</head>
<body>
<p>This page has moved to <a href="../x:y/it%27s%3B%20%22odd%22%20&amp;%20page/index.html">Restore &lt;a&gt; site &amp; more</a>.</p>
</body>
</html>
`},
		{"a colon in the first segment", "old.html", "x:y/", "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			page.URL = tt.pageURL
			got := string(AliasPage(&site.Alias{Alias: source.Alias{Path: tt.alias}, Page: page}, "en", tt.baseURL, "This page has moved to"))
			if tt.want == "" {
				const href = `<a href="./x:y/index.html">`
				if !strings.Contains(got, href) {
					t.Errorf("got\n%s\nwant it to hold %s (x: would read as a scheme)", got, href)
				}
				return
			}
			if got != tt.want {
				t.Errorf("got\n%s\nwant\n%s", got, tt.want)
			}
		})
	}
}
