package site

import (
	"fmt"
	"path"
	"strings"
	"sync"

	"github.com/bmatcuk/doublestar/v4"
	"github.com/handbook-dev/handbook/generator/config"
	"github.com/handbook-dev/handbook/generator/diag"
	"github.com/handbook-dev/handbook/generator/internal/workers"
	"github.com/handbook-dev/handbook/generator/source"
	"github.com/handbook-dev/handbook/generator/staticsafe"
)

// MaxSanitisedFile bounds a static SVG or HTML file handbook sanitises:
// a larger one is an error rather than minutes of parsing.
const MaxSanitisedFile = 64 << 20

// SanitiseStatic sanitises the static .svg, .html and .htm files of s
// that handbook.yaml's unsanitised_files does not name, on all cores,
// and returns their sanitised bytes (for WithSanitised). A browser runs such a file as a
// document of the site's origin, so a <script> in it would bypass the
// sanitiser of pages' raw HTML. Each file something was removed from
// gets a warning saying what and how to publish it as it is; only these
// three extensions are read here, every other file is copied as before.
func SanitiseStatic(s *Site, cfg config.Config) (Sanitised, diag.List) {
	var (
		mu        sync.Mutex
		diags     diag.List
		jobs      []*StaticFile
		sanitised = Sanitised{}
	)
	used := make([]bool, len(cfg.UnsanitisedFiles))
	for _, f := range s.Files {
		kind := sanitisedKind(f.File.Rel)
		if kind == "" {
			continue
		}
		if i := matchUnsanitised(cfg.UnsanitisedFiles, f.File.Path); i >= 0 {
			used[i] = true
			continue
		}
		jobs = append(jobs, f)
	}
	for i, p := range cfg.UnsanitisedFiles {
		if !used[i] {
			diags.Warnf(config.FileName, cfg.UnsanitisedLine, 0, "unsanitised_files: %q names no .html, .htm or .svg file of the site; correct or remove it", p)
		}
	}
	workers.Each(workers.Cores(), jobs, func(f *StaticFile) {
		data, d := SanitiseFile(f)
		mu.Lock()
		if data != nil {
			sanitised[f.File.Rel] = data
		}
		diags = append(diags, d...)
		mu.Unlock()
	})
	return sanitised, diags
}

// sanitisedKind is "svg" or "html" for the files SanitiseStatic reads.
func sanitisedKind(name string) string {
	switch strings.ToLower(path.Ext(name)) {
	case ".svg":
		return "svg"
	case ".html", ".htm":
		return "html"
	}
	return ""
}

// matchUnsanitised returns the index of the first pattern naming the
// project path p, or -1.
func matchUnsanitised(patterns []string, p string) int {
	for i, pat := range patterns {
		if ok, _ := doublestar.Match(pat, p); ok {
			return i
		}
	}
	return -1
}

const optIn = "list it in unsanitised_files in " + config.FileName + " to publish it as it is"

// SanitiseFile returns f's bytes sanitised (nil when it cannot be).
func SanitiseFile(f *StaticFile) ([]byte, diag.List) {
	var diags diag.List
	data := f.File.Data
	if data == nil {
		var err error
		data, err = source.ReadLimited(f.File.Abs, MaxSanitisedFile)
		if err == source.ErrTooLarge {
			diags.Errorf(f.File.Path, 0, 0, "is larger than %s, more than handbook sanitises; make it smaller, or %s", source.FormatSize(MaxSanitisedFile), optIn)
			return nil, diags
		}
		if err != nil {
			diags.Errorf(f.File.Path, 0, 0, "cannot read: %v", err)
			return nil, diags
		}
	}
	var res staticsafe.Result
	if sanitisedKind(f.File.Rel) == "svg" {
		var err error
		if res, err = staticsafe.SVG(data); err != nil {
			pe, _ := err.(*staticsafe.PosError)
			line, col := 0, 0
			if pe != nil {
				line, col = pe.Line, pe.Col
			}
			diags.Errorf(f.File.Path, line, col, "is not an SVG handbook can sanitise: %v; fix the file (browsers do not show it either), or %s", err, optIn)
			return nil, diags
		}
	} else {
		res = staticsafe.HTML(data)
	}
	if len(res.Changes) > 0 {
		first := res.Changes[0]
		diags.Warnf(f.File.Path, first.Line, first.Col, "published sanitised: %s; %s", summarise(res.Changes), optIn)
	}
	return res.Data, diags
}

// summarise lists what was removed, each thing once with its count and
// first line, at most six.
func summarise(changes []staticsafe.Change) string {
	type seen struct{ n, line int }
	order, count := []string{}, map[string]*seen{}
	for _, c := range changes {
		what := strings.TrimPrefix(c.What, "removed ")
		if count[what] == nil {
			count[what] = &seen{line: c.Line}
			order = append(order, what)
		}
		count[what].n++
	}
	var parts []string
	for i, what := range order {
		if i == 6 {
			parts = append(parts, fmt.Sprintf("and %d more", len(order)-6))
			break
		}
		s := what
		if c := count[what]; c.line > 0 {
			s += fmt.Sprintf(" (line %d", c.line)
			if c.n > 1 {
				s += fmt.Sprintf(", %d times", c.n)
			}
			s += ")"
		} else if c.n > 1 {
			s += fmt.Sprintf(" (%d times)", c.n)
		}
		parts = append(parts, s)
	}
	return "removed " + strings.Join(parts, ", ")
}
