package source

import (
	"fmt"
	"net/url"
	"path"
	"regexp"
	"strings"

	"github.com/handbook-dev/handbook/generator/internal/yamlx"
)

// Alias is an old address of a page (front matter aliases:, as Hugo
// names them), published as a redirect page to the page so that links
// and bookmarks to it keep working.
type Alias struct {
	// Path is below the site root, decoded: a folder ending in '/'
	// (old/restore/), whose index.html redirects, or an .html file.
	Path string
	// Line and Col are where the alias is written in the file.
	Line, Col int
}

// Output is the file the alias's redirect page is written to.
func (a Alias) Output() string {
	if strings.HasSuffix(a.Path, "/") {
		return a.Path + "index.html"
	}
	return a.Path
}

// schemeRE matches the scheme of an absolute URL (https:, mailto:).
var schemeRE = regexp.MustCompile(`^[A-Za-z][A-Za-z0-9+.-]*:`)

// parseAliases reads aliases: a list of paths of this site, each from
// the site root whether or not it starts with '/'; an .html file stays a
// file, any other path is a folder. A value that is an address, leaves
// the site or is no path is an error at the value.
func parseAliases(e yamlx.Entry) ([]Alias, error) {
	elems, err := e.Elements()
	if err != nil {
		return nil, err
	}
	var out []Alias
	for _, el := range elems {
		s, err := el.String()
		if err != nil {
			return nil, err // "aliases must be text, found a list", at the value
		}
		p, err := aliasPath(strings.TrimSpace(s))
		if err != nil {
			return nil, el.Errorf("aliases: %v", err)
		}
		line, col := el.Pos()
		out = append(out, Alias{Path: p, Line: line, Col: col})
	}
	return out, nil
}

// aliasPath checks an alias as written and returns its decoded path.
func aliasPath(s string) (string, error) {
	const like = "write the old path from the site root, like /old/page/"
	switch {
	case s == "" || s == "/":
		return "", fmt.Errorf("%q is no path; %s", s, like)
	case strings.HasPrefix(s, "//") || schemeRE.MatchString(s):
		return "", fmt.Errorf("%q is an address, not a path of this site, and handbook can publish redirects only here; %s", s, like)
	case strings.ContainsAny(s, "?#"):
		return "", fmt.Errorf("%q is not a path: it holds a query (?) or fragment (#), which no file can be named; %s", s, like)
	}
	rel := strings.TrimPrefix(s, "/")
	if err := CheckOutputPath(rel, false); err != nil {
		return "", fmt.Errorf("%v", err)
	}
	decoded, err := url.PathUnescape(rel)
	if err != nil {
		return "", fmt.Errorf("%q has a malformed %%-escape; %s", s, like)
	}
	if ext := strings.ToLower(path.Ext(strings.TrimSuffix(decoded, "/"))); (ext == ".html" || ext == ".htm") && !strings.HasSuffix(decoded, "/") {
		return decoded, nil
	}
	return strings.TrimSuffix(decoded, "/") + "/", nil
}
