package source

import (
	"errors"
	"fmt"
	"net/url"
	"strings"
	"unicode"
)

// CheckOutputPath checks a slug (one URL segment, when segment is set)
// or a url (a path below the site root) written in front matter. The
// value becomes a folder of the output, so anything that could climb out
// of it or be read differently by a web server or file system is
// refused: "." and ".." segments, a leading '/' or drive letter, a
// scheme, backslashes, NUL and other control characters, and percent
// escapes that decode to any of these. The error says what to write instead.
func CheckOutputPath(v string, segment bool) error {
	what := "a path below the site root like sharepoint/restore-a-site/"
	if segment {
		what = "one URL segment like restore-a-site"
	}
	if v == "" {
		return fmt.Errorf("is empty; write %s, or remove the key", what)
	}
	decoded := v
	for range 3 { // double and triple encodings: %252e%252e
		u, err := url.PathUnescape(decoded)
		if err != nil {
			return fmt.Errorf("%q has a malformed %%-escape; write %s", v, what)
		}
		if u == decoded {
			break
		}
		decoded = u
	}
	if err := checkDecodedPath(decoded, segment); err != nil {
		if decoded != v {
			return fmt.Errorf("%q, once decoded, %v; write %s", v, err, what)
		}
		return fmt.Errorf("%q %v; write %s", v, err, what)
	}
	return nil
}

// markupChars are refused in slugs and URLs: they end an attribute or
// open a tag wherever an address is written into HTML, and no reader
// types them in an address.
const markupChars = "\"'<>`"

func checkDecodedPath(v string, segment bool) error {
	for _, r := range v {
		if r == 0 {
			return errors.New("holds a NUL byte")
		}
		if r < ' ' || r == 0x7f {
			return errors.New("holds a control character")
		}
		if strings.ContainsRune(markupChars, r) {
			return fmt.Errorf("holds %q, which has no place in an address", r)
		}
	}
	if strings.Contains(v, "://") {
		return errors.New("is an address, not a path")
	}
	if strings.HasPrefix(v, "/") || strings.HasPrefix(v, `\`) || (len(v) >= 2 && v[1] == ':' && unicode.IsLetter(rune(v[0]))) {
		return errors.New("is an absolute path")
	}
	if strings.Contains(v, `\`) {
		return errors.New("holds a backslash")
	}
	if segment && strings.Contains(v, "/") {
		return errors.New("holds a '/'")
	}
	for _, seg := range strings.Split(strings.TrimSuffix(v, "/"), "/") {
		switch seg {
		case "..":
			return errors.New("climbs out of the site with '..'")
		case ".", "":
			return errors.New("has an empty or '.' segment")
		}
	}
	return nil
}
