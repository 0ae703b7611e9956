package config

import (
	"path"
	"path/filepath"
	"strings"

	"github.com/handbook-dev/handbook/generator/brand"
	"github.com/handbook-dev/handbook/generator/internal/yamlx"
)

// The image types of logo and favicon: what browsers show in an <img>
// and a <link rel="icon">.
var (
	logoTypes    = []string{".svg", ".png", ".jpg", ".jpeg", ".webp", ".gif"}
	faviconTypes = []string{".svg", ".png", ".ico"}
)

// projectFile reads a key naming one image file of the project, by a
// path relative to it, of one of types. Whether it exists is the
// build's to say, with the file's contents.
func projectFile(e yamlx.Entry, types []string) (File, error) {
	s, err := e.String()
	if err != nil {
		return File{}, err
	}
	s = strings.TrimSpace(filepath.ToSlash(s))
	switch {
	case s == "":
		return File{}, e.Errorf("%s is empty; name an image file of the project, e.g. assets/%s%s", e.Key, e.Key, types[0])
	case path.IsAbs(s) || !filepath.IsLocal(filepath.FromSlash(s)):
		return File{}, e.Errorf("%s %q is outside the project; copy the image into it, e.g. to assets/%s, and name that", e.Key, s, path.Base(s))
	}
	ext := strings.ToLower(path.Ext(s))
	for _, t := range types {
		if ext == t {
			return File{Path: path.Clean(s), Line: e.Line}, nil
		}
	}
	return File{}, e.Errorf("%s %q is not an image type browsers show there; use one of: %s", e.Key, s, strings.Join(types, ", "))
}

// colour reads accent_color or accent_color_dark.
func colour(e yamlx.Entry) (*brand.Colour, error) {
	s, err := e.String()
	if err != nil {
		return nil, err
	}
	c, err := brand.ParseHex(s)
	if err != nil {
		return nil, e.Errorf("%s %v", e.Key, err)
	}
	return &c, nil
}
