package markdown

import (
	"bytes"
	"regexp"
	"strings"
	"testing"
	"time"
)

// FuzzConvert runs any page body through the converter: the admonition
// parsers, heading attributes and raw HTML anchors included. No input may
// panic or overrun its budget; the HTML never holds a script, an event
// handler or a style attribute (pages without raw HTML are not
// sanitised, so the parsers themselves must not let one through); every
// id and name matches idPattern; and a second
// conversion (a cache hit) gives the same result.
func FuzzConvert(f *testing.F) {
	for _, seed := range []string{
		"> [!NOTE]\n> Read this.\n", "> [!div class=\"x\"]\n> [a](b.md)\n", "> [!VIDEO javascript:alert(1)]\n",
		"!!! note \"T *i*\"\n    body\n\n    !!! tip\n        inner\n", "??? q\n    x\n", "???+ warning \"\"\n\tx\n",
		":::tip[T]\n```\n:::\n```\n:::\n", "::::info O\n:::danger\nx\n:::\n::::\n", ":::note\nunclosed\n",
		":::note\n> :::\n:::\n", "- a\n\n  :::note\n  x\n  :::\n", ":::tip[<img src=x onerror=alert(1)>]\nx\n:::\n",
		"## T {#x onclick=\"alert(1)\" style=\"x\"}\n", "## T {.x\" onmouseover}\n", "## T {id=\"a\\\"><script>\"}\n",
		"<a name=\"s1\"></a>\n\n[s](#s1)\n", "<div id=\"sidebar\"><a id=\"main\" name=\"hb-x\">x</a></div>\n",
		"<a id=\"a b\" name='c\"d'>x</a>\n", "!!! note \"<script>alert(1)</script>\"\n    x\n",
		":::image type=\"complex\" source=\"a.png\" alt-text=\"<b>\" lightbox=\"javascript:x\":::\n  long\n:::image-end:::\n", ":::zone pivot=\"a\"\n:::image source=\"\":::\n:::zone-end\n",
	} {
		f.Add([]byte(seed))
	}
	c := New(WithCache(&memCache{m: map[[32]byte][]byte{}}))
	handler := regexp.MustCompile(`(?i)<[^>]*\s(on\w+|style)\s*=`)
	ids := regexp.MustCompile(`\s(?:id|name)="([^"]*)"`)
	// The one style goldmark writes itself: a GFM table column's alignment.
	alignment := regexp.MustCompile(`<t[hd] style="text-align:(?:left|right|center)"`)
	f.Fuzz(func(t *testing.T, body []byte) {
		d := Document{Body: body, BodyLine: 1, CollectText: true, Budget: time.Second}
		res, err := c.Convert(d)
		if err != nil {
			return // over the budget: refused, not hung
		}
		html := bytes.ToLower(res.HTML)
		if bytes.Contains(html, []byte("<script")) {
			t.Fatalf("script in\n%s", res.HTML)
		}
		if m := handler.Find(alignment.ReplaceAll(html, []byte("<td"))); m != nil {
			t.Fatalf("attribute %q in\n%s", m, res.HTML)
		}
		for _, m := range ids.FindAllSubmatch(res.HTML, -1) {
			if id := string(m[1]); !idPattern.MatchString(id) {
				t.Fatalf("id %q in\n%s", id, res.HTML)
			}
		}
		again, err := c.Convert(d)
		if err != nil || !bytes.Equal(again.HTML, res.HTML) || strings.Join(again.IDs, " ") != strings.Join(res.IDs, " ") {
			t.Fatalf("cached conversion differs: %v", err)
		}
	})
}
