package web

import (
	"bytes"
	"net/http"
	"regexp"
	"strings"

	"golang.org/x/net/html"

	"github.com/handbook-dev/handbook/generator/pulldata"
)

// versionHeaders are the headers in which servers and frameworks name
// themselves, often with their version.
var versionHeaders = []string{"Server", "X-Powered-By", "X-AspNet-Version", "X-AspNetMvc-Version", "X-Generator", "X-Drupal-Cache-Version"}

// productVersion finds "name/1.2.3" (Server: nginx/1.22.1, X-Powered-By:
// PHP/8.1.27) and "Name 1.2.3" (WordPress 6.4.3, Hugo 0.128.0) in a
// value: a name, then a slash or a space, then a version that starts
// with a digit and has a dot or is followed by nothing else.
var productVersion = regexp.MustCompile(`([A-Za-z][A-Za-z0-9._-]*(?: [A-Z][A-Za-z0-9_-]*)?)[/ ]v?(\d+(?:\.\d+)+(?:[-+][A-Za-z0-9.]+)?|\d+\b)`)

// exposedVersions reads what a site's answer says about its software:
// versioned names in the headers that carry them and the generator
// meta tag of the page's head.
func exposedVersions(h http.Header, body []byte) []pulldata.ExposedVersion {
	var out []pulldata.ExposedVersion
	for _, name := range versionHeaders {
		for _, v := range h.Values(name) {
			out = append(out, versionsIn(name, v)...)
		}
	}
	if g := generatorMeta(body); g != "" {
		out = append(out, versionsIn("meta generator", g)...)
	}
	return out
}

// productHeaders are headers whose name is the product and whose value
// is its version alone.
var productHeaders = map[string]string{"X-AspNet-Version": "asp.net", "X-AspNetMvc-Version": "asp.net-mvc"}

func versionsIn(source, value string) []pulldata.ExposedVersion {
	value = strings.TrimSpace(value)
	if product, ok := productHeaders[source]; ok {
		if value == "" {
			return nil
		}
		return []pulldata.ExposedVersion{{Source: source, Text: value, Product: product, Version: value}}
	}
	var out []pulldata.ExposedVersion
	for _, m := range productVersion.FindAllStringSubmatch(value, -1) {
		out = append(out, pulldata.ExposedVersion{Source: source, Text: m[0], Product: strings.ToLower(strings.ReplaceAll(m[1], " ", "-")), Version: m[2]})
	}
	return out
}

// generatorMeta returns the content of <meta name="generator"> in the
// page's head, "" when there is none.
func generatorMeta(body []byte) string {
	z := html.NewTokenizer(bytes.NewReader(body))
	for {
		switch z.Next() {
		case html.ErrorToken:
			return ""
		case html.StartTagToken, html.SelfClosingTagToken:
			name, hasAttr := z.TagName()
			switch string(name) {
			case "body":
				return ""
			case "meta":
				var isGenerator bool
				var content string
				for hasAttr {
					var k, v []byte
					k, v, hasAttr = z.TagAttr()
					switch strings.ToLower(string(k)) {
					case "name":
						isGenerator = strings.EqualFold(string(v), "generator")
					case "content":
						content = string(v)
					}
				}
				if isGenerator {
					return content
				}
			}
		}
	}
}
