// Package bundle builds the site's stylesheet and script with esbuild's Go
// API: the default assets, overridden file by file by the project's
// assets/ folder, plus the generated syntax-highlighting stylesheet,
// bundled, minified and named by content hash so browsers cache them forever.
package bundle

import (
	"bytes"
	"fmt"
	"io/fs"
	"path"
	"regexp"
	"sort"
	"strings"

	chromahtml "github.com/alecthomas/chroma/v2/formatters/html"
	"github.com/alecthomas/chroma/v2/styles"
	"github.com/evanw/esbuild/pkg/api"
	"github.com/handbook-dev/handbook/generator/diag"
)

// Entry points of the bundle, looked up in the assets overlay.
const (
	ScriptEntry = "main.js"
	StyleEntry  = "style.css"
	// ThemeEntry is the small script loaded without defer in <head>: it
	// applies the reader's stored theme before the first paint, which the
	// deferred main script runs too late for (a flash of the light theme).
	ThemeEntry = "theme.js"
	// ChromaImport is the module name style.css imports the generated
	// highlighting stylesheet from.
	ChromaImport = "handbook:chroma.css"
	// CustomStyle is the project's stylesheet loaded after the built-in
	// one (and the accent colour's), to add to it rather than replace it.
	CustomStyle = "custom.css"
	// brandImport is the module of Options.BrandCSS.
	brandImport = "handbook:brand.css"
	// entryNamespace holds the stylesheet entry that imports the others
	// in order; its output keeps the name style-<hash>.css.
	entryNamespace = "handbook-entry"
)

// Options are the site's additions to the assets.
type Options struct {
	// BrandCSS is loaded after the stylesheet (handbook.yaml's accent
	// colour), before the project's custom.css.
	BrandCSS string
	// Exclude are files of the layers not copied as they are, because
	// they are published otherwise (handbook.yaml's logo and favicon,
	// sanitised and named by hash).
	Exclude []string
}

// Asset is one output file, with a path relative to the assets folder.
type Asset struct {
	Path string
	Data []byte
}

// Result is the bundle: the hashed script and stylesheet and every other
// file of the assets folders, copied as is.
type Result struct {
	Script, Style string // paths relative to the assets folder
	// ThemeScript is the bundled ThemeEntry, relative to the assets folder.
	ThemeScript string
	Files       []Asset
}

// Build bundles the assets. layers are searched in order, the first
// holding a file wins (the project's assets/ before the defaults, which
// are the last); displayDir names the project's folder in diagnostics.
// The stylesheet is style.css, then opts.BrandCSS, then custom.css when
// a layer has one. A project's own style.css replaces the built-in one
// and with it every rule handbook's pages rely on, so it is a warning
// pointing to custom.css.
func Build(layers []fs.FS, displayDir string, opts Options) (*Result, diag.List) {
	var diags diag.List
	read := func(name string) ([]byte, bool) {
		for _, l := range layers {
			if l == nil {
				continue
			}
			if b, err := fs.ReadFile(l, name); err == nil {
				return b, true
			}
		}
		return nil, false
	}
	var builtin []byte
	if len(layers) > 0 && layers[len(layers)-1] != nil {
		builtin, _ = fs.ReadFile(layers[len(layers)-1], StyleEntry)
	}
	for _, l := range layers[:max(len(layers)-1, 0)] {
		if l == nil {
			continue
		}
		// The example manual's assets/ is the built-in folder itself.
		if own, err := fs.ReadFile(l, StyleEntry); err == nil && !bytes.Equal(own, builtin) {
			diags.Warnf(path.Join(displayDir, StyleEntry), 0, 0, "replaces the whole built-in stylesheet, and with it the layout of every page; to add rules or change colours, rename it to %s, which is loaded after the built-in stylesheet", path.Join(displayDir, CustomStyle))
			break
		}
	}
	entry := "@import \"" + StyleEntry + "\";\n"
	if opts.BrandCSS != "" {
		entry += "@import \"" + brandImport + "\";\n"
	}
	if _, ok := read(CustomStyle); ok {
		entry += "@import \"" + CustomStyle + "\";\n"
	}
	plugin := api.Plugin{Name: "handbook-assets", Setup: func(b api.PluginBuild) {
		b.OnResolve(api.OnResolveOptions{Filter: ".*"}, func(args api.OnResolveArgs) (api.OnResolveResult, error) {
			if args.Kind == api.ResolveEntryPoint && args.Path == StyleEntry {
				return api.OnResolveResult{Path: StyleEntry, Namespace: entryNamespace}, nil
			}
			if args.Path == ChromaImport || args.Path == brandImport {
				return api.OnResolveResult{Path: args.Path, Namespace: "handbook"}, nil
			}
			// A data: URL (the stylesheet's icons) is its own content.
			if strings.HasPrefix(args.Path, "data:") {
				return api.OnResolveResult{Path: args.Path, External: true}, nil
			}
			p := args.Path
			if args.Importer != "" && (strings.HasPrefix(p, "./") || strings.HasPrefix(p, "../")) {
				p = path.Join(path.Dir(args.Importer), p)
			}
			return api.OnResolveResult{Path: path.Clean(strings.TrimPrefix(p, "/")), Namespace: "handbook"}, nil
		})
		b.OnLoad(api.OnLoadOptions{Filter: ".*", Namespace: entryNamespace}, func(api.OnLoadArgs) (api.OnLoadResult, error) {
			return api.OnLoadResult{Contents: &entry, Loader: api.LoaderCSS}, nil
		})
		b.OnLoad(api.OnLoadOptions{Filter: ".*", Namespace: "handbook"}, func(args api.OnLoadArgs) (api.OnLoadResult, error) {
			var contents string
			switch args.Path {
			case ChromaImport:
				contents = ChromaCSS()
			case brandImport:
				contents = opts.BrandCSS
			default:
				data, ok := read(args.Path)
				if !ok {
					return api.OnLoadResult{}, fmt.Errorf("no such asset %q in %s/ or the built-in assets", args.Path, displayDir)
				}
				contents = string(data)
			}
			loader := api.LoaderJS
			switch path.Ext(args.Path) {
			case ".css":
				loader = api.LoaderCSS
			case ".ts":
				loader = api.LoaderTS
			}
			return api.OnLoadResult{Contents: &contents, Loader: loader}, nil
		})
	}}
	res := api.Build(api.BuildOptions{
		EntryPoints:       []string{ScriptEntry, ThemeEntry, StyleEntry},
		Bundle:            true,
		Write:             false,
		Outdir:            "/out",
		EntryNames:        "[name]-[hash]",
		MinifyWhitespace:  true,
		MinifyIdentifiers: true,
		MinifySyntax:      true,
		Target:            api.ES2019,
		Format:            api.FormatIIFE,
		LogLevel:          api.LogLevelSilent,
		Plugins:           []api.Plugin{plugin},
	})
	for _, m := range res.Errors {
		file, line, col := displayDir, 0, 0
		if m.Location != nil {
			file = path.Join(displayDir, strings.TrimPrefix(m.Location.File, "handbook:"))
			line, col = m.Location.Line, m.Location.Column+1
		}
		diags.Errorf(file, line, col, "%s", m.Text)
	}
	if len(res.Errors) > 0 {
		return nil, diags
	}
	out := &Result{}
	for _, f := range res.OutputFiles {
		name := path.Base(f.Path)
		out.Files = append(out.Files, Asset{Path: name, Data: f.Contents})
		// Entries are named [name]-[hash]: the theme script by its prefix.
		switch {
		case strings.HasPrefix(name, strings.TrimSuffix(ThemeEntry, ".js")+"-"):
			out.ThemeScript = name
		case path.Ext(name) == ".js":
			out.Script = name
		case path.Ext(name) == ".css":
			out.Style = name
		}
	}
	// Other files (images, fonts the site ships itself) are copied as is.
	seen := map[string]bool{ScriptEntry: true, ThemeEntry: true, StyleEntry: true}
	for _, p := range opts.Exclude {
		seen[p] = true
	}
	for _, l := range layers {
		if l == nil {
			continue
		}
		_ = fs.WalkDir(l, ".", func(p string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() || seen[p] || strings.HasPrefix(path.Base(p), ".") || path.Ext(p) == ".go" || path.Ext(p) == ".js" || path.Ext(p) == ".css" || path.Ext(p) == ".ts" {
				return nil
			}
			seen[p] = true
			if data, err := fs.ReadFile(l, p); err == nil {
				out.Files = append(out.Files, Asset{Path: p, Data: data})
			}
			return nil
		})
	}
	sort.Slice(out.Files, func(i, j int) bool { return out.Files[i].Path < out.Files[j].Path })
	return out, diags
}

// ChromaCSS returns the highlighting stylesheet: GitHub colours in light
// mode, GitHub dark colours when the reader's system or the theme switch
// asks for dark.
func ChromaCSS() string {
	light := styleCSS("github", "")
	dark := func(prefix string) string {
		d := styleCSS("github-dark", prefix)
		return d + inheritUncoloured(light, d, prefix)
	}
	var b strings.Builder
	b.WriteString(light)
	b.WriteString(dark("[data-theme=dark] "))
	b.WriteString("@media (prefers-color-scheme: dark) {\n")
	b.WriteString(dark(":root:not([data-theme=light]) "))
	b.WriteString("}\n")
	return b.String()
}

// chromaRule matches a rule of a Chroma stylesheet: the token comment,
// the selector and its declarations.
var chromaRule = regexp.MustCompile(`(?m)^/\* \w+ \*/ (.*?) \{ (.*) \}$`)

// textColour matches a declaration of the text colour (not background-color).
var textColour = regexp.MustCompile(`(?:^|[;\s])color:`)

// inheritUncoloured returns, for every token the light style colours and
// the dark one (written with prefix) does not, a dark rule drawing it in
// the code block's own text colour. GitHub dark leaves names, builtins
// and punctuation to the block's colour, so without it they keep GitHub
// light's near-black or purple on the dark background (1.1:1 to 2.6:1).
func inheritUncoloured(light, dark, prefix string) string {
	inDark := map[string]bool{}
	for _, m := range chromaRule.FindAllStringSubmatch(dark, -1) {
		if textColour.MatchString(m[2]) {
			inDark[strings.TrimPrefix(m[1], prefix)] = true
		}
	}
	var b strings.Builder
	for _, m := range chromaRule.FindAllStringSubmatch(light, -1) {
		if sel := m[1]; strings.HasPrefix(sel, ".chroma .") && textColour.MatchString(m[2]) && !inDark[sel] {
			b.WriteString("/* inherit */ " + prefix + sel + " { color: inherit }\n")
		}
	}
	return b.String()
}

func styleCSS(name, prefix string) string {
	var buf bytes.Buffer
	f := chromahtml.New(chromahtml.WithClasses(true))
	_ = f.WriteCSS(&buf, styles.Get(name))
	if prefix == "" {
		return buf.String()
	}
	var b strings.Builder
	for _, line := range strings.Split(buf.String(), "\n") {
		if i := strings.Index(line, "*/ "); i >= 0 {
			line = line[:i+3] + prefix + line[i+3:]
		}
		b.WriteString(line)
		b.WriteByte('\n')
	}
	return b.String()
}
