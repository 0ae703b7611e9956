package render

import (
	"bytes"
	"crypto/sha256"
	"html"
	"html/template"
	"io/fs"
	"maps"
	"path"
	"regexp"
	"strconv"
	"strings"
	"sync"

	"github.com/handbook-dev/handbook/generator/diag"
)

// Layouts are the page templates; each defines "main" and is executed
// through "base" (base.html) with the partials.
var Layouts = []string{"page.html", "section.html", "home.html", "tags.html", "tag.html", "print.html", "404.html", "inventory.html", "item.html", "hierarchy.html", "audit.html", "audit-list.html", "status.html", "changes.html", "site-changes.html", "version-diff.html", "incidents.html", "changes-log.html", "search.html"}

// Templates are the parsed template sets, one per layout.
type Templates struct {
	sets map[string]*template.Template
	// origin records, per template file, the path shown in diagnostics.
	origin map[string]string
	// root holds base.html and the partials; cache the cachedPartial results.
	root  *template.Template
	cache sync.Map // cacheKey -> template.HTML
	// fingerprint hashes every template's text; builtin is set when
	// each is the built-in one (the last layer's), whose reading of the
	// model shared.go relies on.
	fingerprint [32]byte
	builtin     bool
}

type cacheKey struct {
	name string
	data any
}

// cachedPartial executes the partial name with data once per distinct
// data value and reuses the HTML. data must be comparable (a struct of
// strings and flags such as the site view): the output is then a pure
// function of it. Header and footer are the same on every page at one
// depth, and rendering them once saves a large share of each page.
func (t *Templates) cachedPartial(name string, data any) (template.HTML, error) {
	k := cacheKey{name, data}
	if h, ok := t.cache.Load(k); ok {
		return h.(template.HTML), nil
	}
	var b strings.Builder
	if err := t.root.ExecuteTemplate(&b, name, data); err != nil {
		return "", err
	}
	h := template.HTML(b.String()) // #nosec: the output of an html/template
	t.cache.Store(k, h)
	return h, nil
}

// Layer is a folder of templates: the project's own, or the built-in ones.
type Layer struct {
	FS fs.FS
	// Display is how diagnostics name the layer's files ("templates").
	Display string
}

// LoadTemplates parses base.html, partials/*.html and the layouts, taking
// each file from the first layer that has it. translate, if not nil,
// folds every {{t "key"}} into its (escaped) text before parsing: the UI
// language is fixed for a build, and a function call per string per page
// was the largest cost of executing templates.
func LoadTemplates(layers []Layer, funcs template.FuncMap, translate func(string) string) (*Templates, diag.List) {
	var diags diag.List
	t := &Templates{sets: map[string]*template.Template{}, origin: map[string]string{}}
	funcs = maps.Clone(funcs)
	funcs["cachedPartial"] = t.cachedPartial
	funcs["versions"] = t.versions
	fp := sha256.New()
	t.builtin = len(layers) > 0
	read := func(name string) (string, bool) {
		for i, l := range layers {
			if l.FS == nil {
				continue
			}
			if b, err := fs.ReadFile(l.FS, name); err == nil {
				t.origin[name] = path.Join(l.Display, name)
				if i < len(layers)-1 {
					builtin, err := fs.ReadFile(layers[len(layers)-1].FS, name)
					t.builtin = t.builtin && err == nil && bytes.Equal(b, builtin)
				}
				src := string(b)
				if translate != nil {
					src = foldTranslations(src, translate)
				}
				fp.Write([]byte(name + "\x00" + src + "\x00"))
				return src, true
			}
		}
		return "", false
	}
	defer func() { fp.Sum(t.fingerprint[:0]) }()
	names := []string{"base.html"}
	seen := map[string]bool{}
	for _, l := range layers {
		if l.FS == nil {
			continue
		}
		matches, _ := fs.Glob(l.FS, "partials/*.html")
		for _, m := range matches {
			if !seen[m] {
				seen[m] = true
				names = append(names, m)
			}
		}
	}
	root := template.New("").Funcs(funcs)
	t.root = root
	for _, name := range names {
		src, ok := read(name)
		if !ok {
			diags.Errorf("templates/"+name, 0, 0, "missing template")
			continue
		}
		if _, err := root.New(name).Parse(src); err != nil {
			diags = append(diags, t.Diagnostic(err))
		}
	}
	if len(diags) > 0 {
		return nil, diags
	}
	// Clone before the first execution: the layouts' sets are copies, and
	// root itself stays executable for cachedPartial.
	base, err := root.Clone()
	if err != nil {
		diags = append(diags, t.Diagnostic(err))
		return nil, diags
	}
	for _, name := range Layouts {
		src, ok := read(name)
		if !ok {
			diags.Errorf("templates/"+name, 0, 0, "missing template")
			continue
		}
		set, err := base.Clone()
		if err == nil {
			_, err = set.New(name).Parse(src)
		}
		if err != nil {
			diags = append(diags, t.Diagnostic(err))
			continue
		}
		t.sets[name] = set
	}
	return t, diags
}

var translateRE = regexp.MustCompile(`\{\{\s*t\s+"([A-Za-z0-9_.-]+)"\s*\}\}`)

// foldTranslations replaces {{t "key"}} actions by their escaped text.
// The text is escaped for HTML, which is safe in the text and quoted
// attribute contexts where templates use UI strings; other forms of t
// (with trim markers or pipelines) are left to run as functions. Line
// numbers are kept, since the replaced text holds no newline.
func foldTranslations(src string, translate func(string) string) string {
	return translateRE.ReplaceAllStringFunc(src, func(m string) string {
		key := translateRE.FindStringSubmatch(m)[1]
		return strings.ReplaceAll(html.EscapeString(translate(key)), "{{", "&#123;&#123;")
	})
}

var templateErrRE = regexp.MustCompile(`^template: ([^:]+):(\d+):(?:(\d+):)? ?(.*)$`)

// Diagnostic turns an html/template error into path:line:col: message,
// naming the template file a writer would edit.
func (t *Templates) Diagnostic(err error) diag.Diagnostic {
	msg := err.Error()
	d := diag.Diagnostic{Path: "templates", Message: "template: " + msg}
	if m := templateErrRE.FindStringSubmatch(msg); m != nil {
		d.Path = m[1]
		if o, ok := t.origin[m[1]]; ok {
			d.Path = o
		}
		d.Line, _ = strconv.Atoi(m[2])
		d.Col, _ = strconv.Atoi(m[3])
		d.Message = "template: " + strings.TrimSpace(m[4])
	}
	return d
}

// Set returns the template set of a layout.
func (t *Templates) Set(layout string) *template.Template { return t.sets[layout] }
