package staticsafe

import (
	"bytes"
	"fmt"
	"sort"
	"strings"

	"github.com/handbook-dev/handbook/generator/markdown"
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// HTML sanitises a static HTML file with the policy of pages' raw HTML
// (markdown.Sanitise): the body is kept as that policy allows, the head
// keeps its title and the document is written as a complete page, in
// UTF-8. Changes name what the policy removed: elements and attributes
// of the source that the result has fewer of.
func HTML(src []byte) Result {
	doc, err := html.Parse(bytes.NewReader(src))
	if err != nil { // html.Parse fails only on read errors
		return Result{Data: []byte("<!DOCTYPE html>\n"), Changes: []Change{{What: "the file could not be read as HTML"}}}
	}
	var title, lang string
	var body *html.Node
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		switch {
		case n.Type == html.ElementNode && n.DataAtom == atom.Title && title == "":
			title = textOf(n)
		case n.Type == html.ElementNode && n.DataAtom == atom.Html:
			lang = attr(n, "lang")
		case n.Type == html.ElementNode && n.DataAtom == atom.Body && body == nil:
			body = n
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(doc)
	var inner bytes.Buffer
	if body != nil {
		for c := body.FirstChild; c != nil; c = c.NextSibling {
			_ = html.Render(&inner, c) // a bytes.Buffer does not fail
		}
	}
	clean := markdown.Sanitise(inner.Bytes())

	var out bytes.Buffer
	out.WriteString("<!DOCTYPE html>\n<html")
	if lang != "" {
		out.WriteString(` lang="`)
		out.WriteString(html.EscapeString(lang))
		out.WriteByte('"')
	}
	out.WriteString(">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
	if title != "" {
		out.WriteString("<title>")
		out.WriteString(html.EscapeString(title))
		out.WriteString("</title>\n")
	}
	out.WriteString("</head>\n<body>\n")
	out.Write(clean)
	out.WriteString("\n</body>\n</html>\n")
	return Result{Data: out.Bytes(), Changes: removedMarkup(src, clean)}
}

// removedMarkup lists the elements and attributes of src that out has
// fewer of, skipping the document's frame, which HTML writes anew.
func removedMarkup(src, out []byte) []Change {
	before, after := markupCounts(src), markupCounts(out)
	for _, frame := range []string{"<html>", "<head>", "<body>", "<title>", "<meta>", "lang on <html>", "charset on <meta>"} {
		delete(before, frame)
	}
	var keys []string
	for k, n := range before {
		// An attribute of an element removed whole says nothing more.
		if i := strings.Index(k, " on <"); i >= 0 && after[k[i+4:]] == 0 {
			continue
		}
		if after[k] < n {
			keys = append(keys, k)
		}
	}
	sort.Strings(keys)
	changes := make([]Change, 0, len(keys))
	for _, k := range keys {
		n := before[k] - after[k]
		if n == 1 {
			changes = append(changes, Change{What: "removed " + k})
		} else {
			changes = append(changes, Change{What: fmt.Sprintf("removed %s (%d times)", k, n)})
		}
	}
	return changes
}

// markupCounts counts start tags (<script>) and attributes (onclick on
// <body>) in an HTML text.
func markupCounts(b []byte) map[string]int {
	counts := map[string]int{}
	z := html.NewTokenizer(bytes.NewReader(b))
	for {
		switch z.Next() {
		case html.ErrorToken:
			return counts
		case html.StartTagToken, html.SelfClosingTagToken:
			name, hasAttr := z.TagName()
			tag := "<" + string(name) + ">"
			counts[tag]++
			for hasAttr {
				var key []byte
				key, _, hasAttr = z.TagAttr()
				counts[strings.ToLower(string(key))+" on "+tag]++
			}
		}
	}
}

func textOf(n *html.Node) string {
	var b strings.Builder
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if c.Type == html.TextNode {
			b.WriteString(c.Data)
		}
	}
	return strings.TrimSpace(b.String())
}

func attr(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if a.Namespace == "" && a.Key == key {
			return a.Val
		}
	}
	return ""
}
