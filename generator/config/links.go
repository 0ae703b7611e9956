package config

import (
	"fmt"
	"net/url"
	"strings"

	"github.com/handbook-dev/handbook/generator/internal/yamlx"
)

// Links is the links: section of handbook.yaml.
type Links struct {
	// External lists the root-relative prefixes that belong to other
	// sites: a manual written for a publisher that hosts several sites
	// under one domain links to them as /powershell/..., which no page
	// here answers.
	External []ExternalPrefix
}

// ExternalPrefix maps root-relative links under Prefix to Base+link.
type ExternalPrefix struct {
	// Prefix starts with '/'; one that does not end in '/' matches whole
	// path segments only (/docs matches /docs and /docs/x, not /docsx).
	Prefix string
	// Base is an http(s) address without a trailing '/', prepended to
	// the link as written (its query and fragment kept).
	Base string
}

// Match returns the absolute address of the root-relative link dest
// (path, query and fragment as written) when its path falls under one
// of the external prefixes.
func (l Links) Match(dest, path string) (string, bool) {
	for _, x := range l.External {
		if under(path, x.Prefix) {
			return x.Base + dest, true
		}
	}
	return "", false
}

// under reports whether path lies under prefix, on a segment boundary.
func under(path, prefix string) bool {
	if strings.HasSuffix(prefix, "/") {
		return strings.HasPrefix(path, prefix) || path == strings.TrimSuffix(prefix, "/")
	}
	return path == prefix || strings.HasPrefix(path, prefix+"/")
}

func linksSection(e yamlx.Entry) (Links, error) {
	var l Links
	entries, err := yamlx.Entries(e.Value)
	if err != nil {
		return l, e.Errorf("links must be a mapping with the key external")
	}
	for _, le := range entries {
		switch le.Key {
		case "external":
			if l.External, err = externalPrefixes(le); err != nil {
				return l, err
			}
		default:
			return l, &yamlx.Error{Line: le.Line, Col: le.Col, Msg: "unknown key " + quote("links."+le.Key) + "; known keys are: external"}
		}
	}
	return l, nil
}

func externalPrefixes(e yamlx.Entry) ([]ExternalPrefix, error) {
	const form = "links.external must be a list of {prefix: /path/, base: https://other.site}"
	seq, err := yamlx.Sequence(e.Value)
	if err != nil {
		return nil, e.Errorf("%s", form)
	}
	var out []ExternalPrefix
	seen := map[string]bool{}
	for _, n := range seq {
		entries, err := yamlx.Entries(n)
		if err != nil {
			return nil, err
		}
		if len(entries) == 0 {
			return nil, e.Errorf("%s; an entry is empty", form)
		}
		var x ExternalPrefix
		for _, xe := range entries {
			var err error
			switch xe.Key {
			case "prefix":
				if x.Prefix, err = xe.String(); err == nil {
					x.Prefix = strings.TrimSpace(x.Prefix)
					switch {
					case !strings.HasPrefix(x.Prefix, "/") || strings.HasPrefix(x.Prefix, "//"):
						err = xe.Errorf("links.external: prefix %q must be a root-relative path starting with one '/', e.g. /powershell/", x.Prefix)
					case x.Prefix == "/":
						err = xe.Errorf("links.external: prefix \"/\" would make every root-relative link external; name the folder, e.g. /powershell/")
					case strings.ContainsAny(x.Prefix, "?#"):
						err = xe.Errorf("links.external: prefix %q is a path; leave out the query and fragment", x.Prefix)
					case seen[x.Prefix]:
						err = xe.Errorf("links.external: prefix %q is listed twice; keep one", x.Prefix)
					}
					seen[x.Prefix] = true
				}
			case "base":
				if x.Base, err = xe.String(); err == nil {
					x.Base = strings.TrimSpace(x.Base)
					u, perr := url.Parse(x.Base)
					if perr != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" || u.RawQuery != "" || u.Fragment != "" {
						err = xe.Errorf("links.external: base %q must be an http(s) address such as https://learn.microsoft.com, without query or fragment", x.Base)
					}
					x.Base = strings.TrimRight(x.Base, "/")
				}
			default:
				err = &yamlx.Error{Line: xe.Line, Col: xe.Col, Msg: fmt.Sprintf("unknown key %q in links.external; known keys are: prefix, base", xe.Key)}
			}
			if err != nil {
				return nil, err
			}
		}
		if x.Prefix == "" || x.Base == "" {
			missing := "base"
			if x.Prefix == "" {
				missing = "prefix"
			}
			return nil, &yamlx.Error{Line: entries[0].Line, Col: entries[0].Col, Msg: fmt.Sprintf("links.external: an entry needs a prefix and a base; %s is missing, e.g. {prefix: /powershell/, base: https://learn.microsoft.com}", missing)}
		}
		out = append(out, x)
	}
	return out, nil
}
