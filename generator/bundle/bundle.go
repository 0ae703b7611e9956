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
)

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
// holding a file wins (the project's assets/ before the defaults);
// displayDir names the project's folder in diagnostics.
func Build(layers []fs.FS, displayDir string) (*Result, diag.List) {
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
	plugin := api.Plugin{Name: "handbook-assets", Setup: func(b api.PluginBuild) {
		b.OnResolve(api.OnResolveOptions{Filter: ".*"}, func(args api.OnResolveArgs) (api.OnResolveResult, error) {
			if args.Path == ChromaImport {
				return api.OnResolveResult{Path: ChromaImport, Namespace: "handbook"}, nil
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
		b.OnLoad(api.OnLoadOptions{Filter: ".*", Namespace: "handbook"}, func(args api.OnLoadArgs) (api.OnLoadResult, error) {
			var contents string
			if args.Path == ChromaImport {
				contents = ChromaCSS()
			} else {
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
	if len(diags) > 0 {
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
	return out, nil
}

// ChromaCSS returns the highlighting stylesheet: GitHub colours in light
// mode, GitHub dark colours when the reader's system or the theme switch
// asks for dark.
func ChromaCSS() string {
	var b strings.Builder
	b.WriteString(styleCSS("github", ""))
	b.WriteString(styleCSS("github-dark", "[data-theme=dark] "))
	b.WriteString("@media (prefers-color-scheme: dark) {\n")
	b.WriteString(styleCSS("github-dark", ":root:not([data-theme=light]) "))
	b.WriteString("}\n")
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
