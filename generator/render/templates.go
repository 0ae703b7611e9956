package render

import (
	"html/template"
	"io/fs"
	"path"
	"regexp"
	"strconv"
	"strings"

	"github.com/handbook-dev/handbook/generator/diag"
)

// Layouts are the page templates; each defines "main" and is executed
// through "base" (base.html) with the partials.
var Layouts = []string{"page.html", "section.html", "home.html", "tags.html", "tag.html", "print.html", "404.html", "inventory.html", "item.html", "hierarchy.html", "audit.html", "audit-list.html"}

// Templates are the parsed template sets, one per layout.
type Templates struct {
	sets map[string]*template.Template
	// origin records, per template file, the path shown in diagnostics.
	origin map[string]string
}

// Layer is a folder of templates: the project's own, or the built-in ones.
type Layer struct {
	FS fs.FS
	// Display is how diagnostics name the layer's files ("templates").
	Display string
}

// LoadTemplates parses base.html, partials/*.html and the layouts, taking
// each file from the first layer that has it.
func LoadTemplates(layers []Layer, funcs template.FuncMap) (*Templates, diag.List) {
	var diags diag.List
	t := &Templates{sets: map[string]*template.Template{}, origin: map[string]string{}}
	read := func(name string) (string, bool) {
		for _, l := range layers {
			if l.FS == nil {
				continue
			}
			if b, err := fs.ReadFile(l.FS, name); err == nil {
				t.origin[name] = path.Join(l.Display, name)
				return string(b), true
			}
		}
		return "", false
	}
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
	for _, name := range Layouts {
		src, ok := read(name)
		if !ok {
			diags.Errorf("templates/"+name, 0, 0, "missing template")
			continue
		}
		set, err := root.Clone()
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
