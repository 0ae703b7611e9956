// Package branding reads what handbook.yaml's logo, favicon and
// accent_color add to a site: the images, named by content hash, the
// accent's stylesheet and the links every page carries. The colour
// arithmetic is generator/brand's, which config imports to parse the
// colours; this loader needs config, site and render, so it cannot live
// there.
package branding

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"strings"

	"github.com/handbook-dev/handbook/assets"
	"github.com/handbook-dev/handbook/generator/brand"
	"github.com/handbook-dev/handbook/generator/bundle"
	"github.com/handbook-dev/handbook/generator/config"
	"github.com/handbook-dev/handbook/generator/diag"
	"github.com/handbook-dev/handbook/generator/render"
	"github.com/handbook-dev/handbook/generator/site"
	"github.com/handbook-dev/handbook/generator/source"
)

// MaxBrandImage bounds the logo and favicon files: an image shown on
// every page has no business being larger.
const MaxBrandImage = 4 << 20

// The built-in icon's files at the site root (in the registry of
// generated paths, site.IconFiles).
const (
	defaultIconSVG = site.IconSVG
	defaultIconICO = site.IconICO
)

// Branding is what handbook.yaml's logo, favicon and accent_color add to
// the site.
type Branding struct {
	// CSS is the accent colour's stylesheet, bundled after style.css.
	CSS string
	// Files go into the assets folder beside the bundle.
	Files []bundle.Asset
	// Assets are the images' paths in the assets folder, when there,
	// which the bundle does not copy as they are.
	Assets []string
	Brand  render.Brand
}

// Load reads the logo and favicon handbook.yaml names (an SVG
// through the sanitiser, as every static SVG), names them by content
// hash so browsers cache them forever, and makes the accent colour's
// stylesheet, warning when its links fail WCAG AA contrast. Without a
// favicon the built-in icon is published at the site root, so that
// /favicon.ico, which browsers ask for unbidden, is never a 404. The
// images are read from project; those in its assetsDir are left out of
// the bundle's copy; s, the site as prepare converted it (whose static
// files are those published), gives the assets' URL and the static
// files that win over the built-in icon.
func Load(cfg config.Config, project, assetsDir string, s *site.Site) (Branding, diag.List) {
	var b Branding
	css, images, diags := Style(cfg, assetsDir)
	b.CSS, b.Assets = css, images
	if f := cfg.Logo; f.Path != "" {
		if a, ok := brandImage(project, f, "logo", &diags); ok {
			b.Files = append(b.Files, a)
			b.Brand.Logo = s.Paths.Assets + a.Path
		}
	}
	rootICO := true // the built-in favicon.ico, unless the site has its own
	if f := cfg.Favicon; f.Path != "" {
		a, ok := brandImage(project, f, "favicon", &diags)
		switch {
		case ok && path.Ext(a.Path) == ".ico":
			rootICO = false
			b.Brand.RootFiles = append(b.Brand.RootFiles, bundle.Asset{Path: defaultIconICO, Data: a.Data})
			b.Brand.Icons = append(b.Brand.Icons, render.Icon{Href: defaultIconICO, Type: "image/x-icon"})
		case ok:
			b.Files = append(b.Files, a)
			b.Brand.Icons = append(b.Brand.Icons, render.Icon{Href: s.Paths.Assets + a.Path, Type: imageType(a.Path)})
		}
	} else {
		b.Brand.Icons = []render.Icon{{Href: defaultIconICO, Sizes: "48x48"}, {Href: defaultIconSVG, Type: "image/svg+xml"}}
		b.Brand.RootFiles = append(b.Brand.RootFiles, builtinIcon(defaultIconSVG))
	}
	if rootICO {
		b.Brand.RootFiles = append(b.Brand.RootFiles, builtinIcon(defaultIconICO))
	}
	// A file of the content at the site root wins over the built-in one.
	kept := b.Brand.RootFiles[:0]
	for _, a := range b.Brand.RootFiles {
		if !hasStaticFile(s, a.Path) {
			kept = append(kept, a)
		}
	}
	b.Brand.RootFiles = kept
	return b, diags
}

// Style is what of the branding the bundle reads, which handbook.yaml
// alone decides (the same for every site of a build): the accent
// colour's stylesheet and the images' paths in assetsDir, which the
// bundle leaves to Load. The warnings are those of the accent's contrast.
func Style(cfg config.Config, assetsDir string) (css string, images []string, diags diag.List) {
	if cfg.AccentColor != nil {
		accent, problems := brand.NewAccent(*cfg.AccentColor, cfg.AccentColorDark)
		for _, p := range problems {
			key := "accent_color"
			if p.Dark {
				key += "_dark"
			}
			diags.Warnf(config.FileName, cfg.AccentLine, 0, "%s: %s", key, p)
		}
		css = accent.CSS()
	}
	for _, f := range []config.File{cfg.Logo, cfg.Favicon} {
		if rel, ok := strings.CutPrefix(f.Path, assetsDir+"/"); ok {
			images = append(images, rel)
		}
	}
	return css, images, diags
}

func builtinIcon(name string) bundle.Asset {
	data, err := fs.ReadFile(assets.Icons, name)
	if err != nil {
		panic(err) // embedded: cannot fail
	}
	return bundle.Asset{Path: name, Data: data}
}

func hasStaticFile(s *site.Site, url string) bool {
	for _, f := range s.Files {
		if f.URL == url {
			return true
		}
	}
	return false
}

// imageType is the MIME type of a favicon by its extension.
func imageType(name string) string {
	switch path.Ext(name) {
	case ".svg":
		return "image/svg+xml"
	case ".ico":
		return "image/x-icon"
	}
	return "image/" + strings.TrimPrefix(path.Ext(name), ".")
}

// brandImage reads the project image f names for key, sanitising an
// SVG, and returns it named <key>-<hash><ext>; problems are reported at
// the key's line of handbook.yaml, or at the SVG's own.
func brandImage(project string, f config.File, key string, diags *diag.List) (bundle.Asset, bool) {
	data, err := readProjectFile(project, f.Path, MaxBrandImage)
	if err != nil {
		diags.Errorf(config.FileName, f.Line, 0, "%s: %s %v", key, f.Path, err)
		return bundle.Asset{}, false
	}
	ext := strings.ToLower(path.Ext(f.Path))
	if ext == ".svg" {
		sanitised, d := site.SanitiseFile(&site.StaticFile{File: source.File{Path: f.Path, Rel: f.Path, Data: data}})
		*diags = append(*diags, d...)
		if n, _ := d.Count(); n > 0 {
			return bundle.Asset{}, false
		}
		data = sanitised
	}
	sum := sha256.Sum256(data)
	return bundle.Asset{Path: key + "-" + hex.EncodeToString(sum[:4]) + ext, Data: data}, true
}

// readProjectFile reads the project file rel through an os.Root, so that
// a symlink out of the project is refused, up to max bytes.
func readProjectFile(project, rel string, max int64) ([]byte, error) {
	root, err := os.OpenRoot(project)
	if err != nil {
		return nil, err
	}
	defer root.Close()
	fh, err := root.Open(rel)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("does not exist; the path is relative to the project folder")
	}
	if err != nil {
		return nil, fmt.Errorf("cannot be read: %v (it must be a file inside the project)", err)
	}
	defer fh.Close()
	data, err := io.ReadAll(io.LimitReader(fh, max+1))
	if err != nil {
		return nil, fmt.Errorf("cannot be read: %v", err)
	}
	if int64(len(data)) > max {
		return nil, fmt.Errorf("is larger than %s; make the image smaller", source.FormatSize(max))
	}
	return data, nil
}
