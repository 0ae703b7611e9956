// Package config reads a site project's handbook.yaml. Every key is optional
// and has a default; an unknown key is an error at its line, because a typo
// that is silently ignored is worse than no setting at all.
package config

import (
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"path"
	"path/filepath"
	"strings"

	"github.com/bmatcuk/doublestar/v4"
	"github.com/handbook-dev/handbook/generator/brand"
	"github.com/handbook-dev/handbook/generator/diag"
	"github.com/handbook-dev/handbook/generator/internal/yamlx"
)

// FileName is the name of the configuration file in a site project.
const FileName = "handbook.yaml"

// Config is the site configuration after defaults are applied.
type Config struct {
	// Title is the site's name, shown in the header and in page titles.
	Title string
	// BaseURL is where the site is published, e.g.
	// https://intranet.example/manual/. Pages link to each other relatively,
	// so it is only needed for sitemap.xml and the 404 page.
	BaseURL string
	// Language is the UI language, one of Languages.
	Language string
	// Footer is text shown at the bottom of every page.
	Footer string
	// Strings overrides UI strings of the translation table by key.
	Strings map[string]string
	// PrintMaxPages bounds how many pages a section's print view holds;
	// larger sections print their own pages and link to their subsections'
	// print views.
	PrintMaxPages int
	// Inventory says where inventory files are and which kinds exist.
	Inventory Inventory
	// Audit is the audit policy.
	Audit Audit
	// Notify configures handbook notify (notify.go).
	Notify Notify
	// Sources are the platforms handbook pull reads.
	Sources []Source
	// Repository says where the project's Git repository is browsed,
	// for the "edit this page" and "view history" links.
	Repository Repository
	// PageHistory is how many commits a page's history lists (0: none).
	PageHistory int
	// Versions, when set, build several versions of the manual side by
	// side, newest first.
	Versions []Version
	// Limits bound the size and conversion time of one page.
	Limits Limits
	// Languages, when set, makes one manual of several languages: the
	// first is the default, published at the root, each other under its
	// code (nl/); a page's language is its file's suffix (page.nl.md),
	// else its lang, else the default. Language is then the first.
	Languages []string
	// LanguagesLine is the line of languages, for messages.
	LanguagesLine int
	// Audiences, when set, makes handbook build build one site per
	// audience into <out>/<audience>/, each with only the pages for it.
	Audiences []string
	// AudiencesLine is the line of audiences, for the messages about
	// pages naming another audience.
	AudiencesLine int
	// Privacy says how published inventories, audits and exports show
	// people: PrivacyAsGiven, PrivacyNames or PrivacyPseudonyms.
	Privacy string
	// ContentDir is the project folder holding the pages, slash-separated
	// and relative to the project: "content" unless an existing manual
	// keeps its Markdown elsewhere (docs/ for MkDocs and Docusaurus,
	// articles/ for DocFX), which is then built where it is.
	ContentDir string
	// StaticDirs are project folders whose files are published at the
	// site root beside the content's (Docusaurus's static/, whose
	// static/img/x.png pages reach as /img/x.png).
	StaticDirs []string
	// Generated moves generated sections (search/, tags/, ...) to other
	// folders, by section name; see site.Paths.
	Generated map[string]GeneratedPath
	// Links says which root-relative link prefixes belong to other sites.
	Links Links
	// UnsanitisedFiles are doublestar globs (relative to the project) of
	// static .html, .htm and .svg files published as they are; every
	// other such file is sanitised (generator/staticsafe), since the
	// browser runs it as a document of the site's origin.
	UnsanitisedFiles []string
	// FrontMatterKeys are the project's own front-matter keys: declared,
	// every other key handbook does not read is a warning, not only
	// those close to one it reads (see source.CheckKeys).
	FrontMatterKeys []string
	// FrontMatterKeysLine is the line of front_matter_keys.
	FrontMatterKeysLine int
	// Platforms, when set, are the values a page's platform: may take;
	// any other is a warning (see source.CheckValues). Unset, a value
	// close to a platform handbook knows is one.
	Platforms []string
	// PlatformsLine is the line of platforms.
	PlatformsLine int
	// UnsanitisedLine is the line of unsanitised_files, for its notes.
	UnsanitisedLine int
	// Logo and Favicon are project files (slash paths relative to the
	// project) shown before the title in the header and as the browser
	// tab's icon; empty uses no logo and the built-in icon.
	Logo, Favicon File
	// AccentColor and AccentColorDark colour the links and highlights of
	// the light and dark themes; nil keeps the built-in colours, and a
	// nil dark colour is derived from the light one.
	AccentColor, AccentColorDark *brand.Colour
	// AccentLine is the line of accent_color, for its contrast warnings.
	AccentLine int
}

// File is a project file a key names, with the key's line for the
// build's messages about it.
type File struct {
	Path string
	Line int
}

// DefaultContentDir is where a project's pages are unless content_dir says.
const DefaultContentDir = "content"

// Inventory is the inventory: section of handbook.yaml.
type Inventory struct {
	// Paths are doublestar globs relative to the project; empty means
	// inventory/**/*.{yaml,yml,json,csv}.
	Paths []string
	// Kinds declares item kinds besides the built-in ones.
	Kinds []string
}

// Default returns the configuration of a project without handbook.yaml.
func Default() Config {
	return Config{Title: "Handbook", Language: "en", PrintMaxPages: 500, Audit: DefaultAudit(), Notify: DefaultNotify(), PageHistory: 10, Limits: DefaultLimits(), Privacy: PrivacyAsGiven, ContentDir: DefaultContentDir}
}

// UILanguages lists the UI languages that ship with a translation table.
var UILanguages = []string{"en", "nl", "fr", "de"}

// Load reads handbook.yaml from the project folder dir. A missing file gives
// the defaults. Problems are returned as diagnostics with the file's line.
func Load(dir string) (Config, diag.List) {
	cfg := Default()
	var diags diag.List
	src, err := readInProject(dir, FileName)
	if errors.Is(err, fs.ErrNotExist) {
		return cfg, nil
	}
	if err != nil {
		diags.Errorf(FileName, 0, 0, "%v", err)
		return cfg, diags
	}
	return Parse(src)
}

// readInProject reads the project file name through an os.Root of dir,
// so that a symlink leading out of the project is refused, with a
// message naming where it leads.
func readInProject(dir, name string) ([]byte, error) {
	root, err := os.OpenRoot(dir)
	if err != nil {
		return nil, fmt.Errorf("cannot read: %w", err)
	}
	defer root.Close()
	src, err := root.ReadFile(name)
	if err == nil || errors.Is(err, fs.ErrNotExist) {
		return src, err
	}
	if target, lerr := filepath.EvalSymlinks(filepath.Join(dir, name)); lerr == nil {
		if info, _ := os.Lstat(filepath.Join(dir, name)); info != nil && info.Mode()&fs.ModeSymlink != 0 {
			return nil, fmt.Errorf("is a symlink to %s, outside the site project; handbook reads nothing outside the project: copy the file into the project", target)
		}
	}
	return nil, fmt.Errorf("cannot read: %w", err)
}

// Parse reads configuration from the text of a handbook.yaml file.
func Parse(src []byte) (Config, diag.List) {
	cfg := Default()
	var diags diag.List
	report := func(err error) {
		var ye *yamlx.Error
		if errors.As(err, &ye) {
			diags.Errorf(FileName, ye.Line, ye.Col, "%s", ye.Msg)
			return
		}
		diags.Errorf(FileName, 0, 0, "%v", err)
	}
	var staticEntry yamlx.Entry // where static_dirs is, for the overlap check
	var languageEntry yamlx.Entry
	languageSet := false
	entries, err := yamlx.Mapping(src)
	if err != nil {
		report(err)
		return cfg, diags
	}
	for _, e := range entries {
		var err error
		switch documented("", e.Key) {
		case "title":
			cfg.Title, err = e.String()
		case "base_url":
			var s string
			if s, err = e.String(); err == nil {
				cfg.BaseURL, err = baseURL(e, s)
			}
		case "language":
			var s string
			if s, err = e.String(); err == nil {
				s = strings.ToLower(strings.TrimSpace(s))
				if !known(s) {
					err = e.Errorf("language %q has no translation table; use one of: %s", s, strings.Join(UILanguages, ", "))
				} else {
					cfg.Language, languageSet = s, true
				}
			}
		case "footer":
			cfg.Footer, err = e.String()
		case "print_max_pages":
			cfg.PrintMaxPages, err = e.Int()
			if err == nil && cfg.PrintMaxPages < 1 {
				err = e.Errorf("print_max_pages must be at least 1")
			}
		case "strings":
			cfg.Strings, err = stringMap(e)
		case "inventory":
			cfg.Inventory, err = inventory(e)
		case "audit":
			cfg.Audit, err = auditSection(e)
		case "notify":
			cfg.Notify, err = notifySection(e)
		case "sources":
			cfg.Sources, err = sources(e)
		case "versions":
			cfg.Versions, err = versions(e)
		case "repository":
			cfg.Repository, err = repository(e)
		case "page_history":
			cfg.PageHistory, err = e.Int()
			if err == nil && cfg.PageHistory < 0 {
				err = e.Errorf("page_history must be 0 (no history on pages) or more")
			}
		case "limits":
			cfg.Limits, err = limitsSection(e)
		case "languages":
			cfg.LanguagesLine = e.Line
			languageEntry = e
			cfg.Languages, err = languages(e)
		case "audiences":
			cfg.AudiencesLine = e.Line
			cfg.Audiences, err = audiences(e)
		case "privacy":
			cfg.Privacy, err = privacy(e)
		case "content_dir":
			cfg.ContentDir, err = contentDir(e)
		case "static_dirs":
			staticEntry = e
			cfg.StaticDirs, err = staticDirs(e)
		case "generated":
			cfg.Generated, err = generated(e)
		case "links":
			cfg.Links, err = linksSection(e)
		case "logo":
			cfg.Logo, err = projectFile(e, logoTypes)
		case "favicon":
			cfg.Favicon, err = projectFile(e, faviconTypes)
		case "accent_color":
			cfg.AccentLine = e.Line
			cfg.AccentColor, err = colour(e)
		case "accent_color_dark":
			cfg.AccentColorDark, err = colour(e)
		case "front_matter_keys":
			cfg.FrontMatterKeysLine = e.Line
			if cfg.FrontMatterKeys, err = e.Strings(); err == nil && cfg.FrontMatterKeys == nil {
				cfg.FrontMatterKeys = []string{} // declared empty: every unread key is reported
			}
		case "platforms":
			cfg.PlatformsLine = e.Line
			if cfg.Platforms, err = e.Strings(); err == nil && cfg.Platforms == nil {
				cfg.Platforms = []string{} // declared empty: every platform: is reported
			}
		case "unsanitised_files":
			cfg.UnsanitisedLine = e.Line
			cfg.UnsanitisedFiles, err = unsanitisedFiles(e)
		default:
			err = &yamlx.Error{Line: e.Line, Col: e.Col, Msg: "unknown key " + quote(e.Key) + "; known keys are: " + strings.Join(Keys, ", ")}
		}
		if err != nil {
			report(err)
		}
	}
	// The first of languages: is the site's language.
	if len(cfg.Languages) > 0 {
		if languageSet && cfg.Language != cfg.Languages[0] {
			report(languageEntry.Errorf("languages: starts with %s, but language: is %s; the first of languages: is the default language, so leave language: out or list %s first", cfg.Languages[0], cfg.Language, cfg.Language))
		}
		cfg.Language = cfg.Languages[0]
	}
	// A static folder is published beside the pages; one that holds, or
	// is inside, the content folder would publish the pages' files twice.
	for _, dir := range cfg.StaticDirs {
		if within(dir, cfg.ContentDir) || within(cfg.ContentDir, dir) {
			report(staticEntry.Errorf("static_dirs: %s/ overlaps content_dir %s/; name a folder beside the content folder, such as static", dir, cfg.ContentDir))
		}
	}
	return cfg, diags
}

// projectFolders are the folders of a project that handbook reads for
// other purposes than pages, which content_dir may therefore not name.
var projectFolders = []string{"templates", "assets", "inventory", "data", "public"}

// contentDir reads content_dir: a folder inside the project, below its
// top (the top holds handbook.yaml, templates/ and the output).
func contentDir(e yamlx.Entry) (string, error) {
	s, err := e.String()
	if err != nil {
		return "", err
	}
	return projectFolder(e, "content_dir", s)
}

// within reports whether the slash path dir is base or inside it.
func within(dir, base string) bool { return dir == base || strings.HasPrefix(dir, base+"/") }

// staticDirs reads static_dirs: folders inside the project, as content_dir.
func staticDirs(e yamlx.Entry) ([]string, error) {
	list, err := e.Strings()
	if err != nil {
		return nil, err
	}
	var out []string
	for _, s := range list {
		dir, err := projectFolder(e, "static_dirs", s)
		if err != nil {
			return nil, err
		}
		out = append(out, dir)
	}
	return out, nil
}

// projectFolder checks a folder named by key: inside the project, below
// its top, and none of the folders handbook reads for something else.
func projectFolder(e yamlx.Entry, key, s string) (string, error) {
	s = strings.TrimSuffix(strings.TrimSpace(filepath.ToSlash(s)), "/")
	clean := path.Clean(s)
	switch {
	case s == "" || clean == ".":
		return "", e.Errorf("%s must name a folder inside the project, such as docs; the project folder itself also holds handbook.yaml, templates/ and the output", key)
	case path.IsAbs(s) || !filepath.IsLocal(filepath.FromSlash(s)):
		return "", e.Errorf("%s %q leaves the project; name a folder inside it, such as docs", key, s)
	}
	for _, f := range projectFolders {
		if clean == f || strings.HasPrefix(clean, f+"/") {
			return "", e.Errorf("%s %q is the project's %s/ folder, which handbook reads for something else; keep these files in another folder", key, s, f)
		}
	}
	return clean, nil
}

// unsanitisedFiles reads unsanitised_files: globs of project files.
func unsanitisedFiles(e yamlx.Entry) ([]string, error) {
	list, err := e.Strings()
	if err != nil {
		return nil, err
	}
	for _, p := range list {
		if !doublestar.ValidatePattern(p) || strings.HasPrefix(p, "/") || strings.HasPrefix(p, "../") {
			return nil, e.Errorf("unsanitised_files: %q is not a glob inside the project, e.g. content/tools/*.html", p)
		}
	}
	return list, nil
}

func inventory(e yamlx.Entry) (Inventory, error) {
	var inv Inventory
	entries, err := yamlx.Entries(e.Value)
	if err != nil {
		return inv, e.Errorf("inventory must be a mapping with the keys paths and kinds")
	}
	for _, ie := range entries {
		switch ie.Key {
		case "paths":
			if inv.Paths, err = ie.Strings(); err != nil {
				return inv, err
			}
			for _, p := range inv.Paths {
				if !doublestar.ValidatePattern(p) || strings.HasPrefix(p, "/") || strings.HasPrefix(p, "../") {
					return inv, ie.Errorf("inventory.paths: %q is not a glob inside the project, e.g. inventory/**/*.yaml", p)
				}
			}
		case "kinds":
			if inv.Kinds, err = ie.Strings(); err != nil {
				return inv, err
			}
		default:
			return inv, &yamlx.Error{Line: ie.Line, Col: ie.Col, Msg: "unknown key " + quote("inventory."+ie.Key) + "; known keys are: paths, kinds"}
		}
	}
	return inv, nil
}

func known(lang string) bool {
	for _, l := range UILanguages {
		if l == lang {
			return true
		}
	}
	return false
}

func quote(s string) string { return "\"" + s + "\"" }

func baseURL(e yamlx.Entry, s string) (string, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return "", nil
	}
	u, err := url.Parse(s)
	if err != nil || (u.Scheme != "" && u.Scheme != "http" && u.Scheme != "https") || (u.Scheme == "" && !strings.HasPrefix(s, "/")) || (u.Scheme != "" && u.Host == "") {
		return "", e.Errorf("base_url must be an http(s) address like https://intranet.example/manual/ or a path like /manual/, found %q", s)
	}
	if i := strings.IndexFunc(s, func(r rune) bool { return r <= ' ' || r == 0x7f || strings.ContainsRune("\"'<>`", r) }); i >= 0 {
		return "", e.Errorf("base_url holds %q, which has no place in an address; percent-encode it (a space is %%20)", rune(s[i]))
	}
	if !strings.HasSuffix(s, "/") {
		s += "/"
	}
	return s, nil
}

func stringMap(e yamlx.Entry) (map[string]string, error) {
	entries, err := yamlx.Entries(e.Value)
	if err != nil {
		return nil, e.Errorf("strings must be a mapping of UI string keys to text")
	}
	m := make(map[string]string, len(entries))
	for _, se := range entries {
		s, err := se.String()
		if err != nil {
			return nil, err
		}
		m[se.Key] = s
	}
	return m, nil
}
