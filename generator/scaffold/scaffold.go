// Package scaffold writes new site projects and new pages for handbook
// new. Like handbook pull it writes into the project, never into the
// output, so it is the one other package allowed to create files; it
// never overwrites one.
package scaffold

import (
	"bytes"
	"context"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"time"
	"unicode"

	"github.com/handbook-dev/handbook/generator/config"
	"github.com/handbook-dev/handbook/generator/internal/gitrepo"
	"github.com/handbook-dev/handbook/generator/inventory"
	"github.com/handbook-dev/handbook/generator/source"
	"github.com/handbook-dev/handbook/internal/suggest"
)

//go:embed all:site
var siteFS embed.FS

// Site writes a ready site project into dir: handbook.yaml, a home page,
// a section with one procedure, an inventory with one item, a README for
// writers and a .gitignore. dir must not exist or be empty. It returns
// the files written, relative to dir.
func Site(dir string, today time.Time) ([]string, error) {
	if entries, err := os.ReadDir(dir); err == nil && len(entries) > 0 {
		return nil, fmt.Errorf("%s is not empty; handbook new site writes into a new or empty folder", dir)
	} else if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return nil, err
	}
	var written []string
	err := fs.WalkDir(siteFS, "site", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := siteFS.ReadFile(p)
		if err != nil {
			return err
		}
		rel := strings.TrimPrefix(p, "site/")
		if rel == "gitignore" { // embed leaves out dot files
			rel = ".gitignore"
		}
		data = bytes.ReplaceAll(data, []byte("{{today}}"), []byte(today.Format(time.DateOnly)))
		target := filepath.Join(dir, filepath.FromSlash(rel))
		if err := os.MkdirAll(filepath.Dir(target), 0o755); err != nil {
			return err
		}
		if err := os.WriteFile(target, data, 0o644); err != nil {
			return err
		}
		written = append(written, rel)
		return nil
	})
	return written, err
}

// Kinds are the kinds of page handbook new page writes: every kind a
// page may declare (source.Kinds), so that the two lists cannot differ.
var Kinds = source.Kinds

// PageOptions describe a new page.
type PageOptions struct {
	// Project is the site project folder; Path the new file, relative to
	// the project (content/sharepoint/restore-site.md).
	Project, Path string
	// Kind is one of Kinds ("" is page).
	Kind string
	// Owner is written as the owner; empty takes the owner of the
	// nearest section page above the new one.
	Owner string
	// Today is written as the review date.
	Today time.Time
	// ContentDir is the project's content folder (config.ContentDir;
	// "" is content).
	ContentDir string
	// RunbookSections are the headings a runbook gets, in order: the
	// project's audit.runbook_sections, so that a new runbook passes the
	// runbook-sections rule (nil: the default policy's).
	RunbookSections []string
	// Providers are the project's provider items, in inventory order: a
	// request names the first, and its least urgent SLA priority.
	Providers []*inventory.Item
}

// Page writes a new page with its front matter filled in: the title from
// the file name, the owner, today as reviewed, and the platform from the
// section's page. It refuses a path outside the content folder, a file
// that is not .md and a file that exists. It returns the file written.
func Page(o PageOptions) (string, error) {
	kind := o.Kind
	if kind == "" {
		kind = "page"
	}
	if !slices.Contains(Kinds, kind) {
		meant := ""
		if k, ok := suggest.Closest(kind, Kinds); ok {
			meant = fmt.Sprintf(": did you mean %q? Use", k)
		} else {
			meant = "; use"
		}
		return "", fmt.Errorf("unknown kind %q%s one of: %s", o.Kind, meant, strings.Join(Kinds, ", "))
	}
	contentDir := o.ContentDir
	if contentDir == "" {
		contentDir = config.DefaultContentDir
	}
	rel := filepath.ToSlash(filepath.Clean(o.Path))
	if filepath.IsAbs(o.Path) || !strings.HasPrefix(rel, contentDir+"/") || strings.Contains(rel, "../") {
		return "", fmt.Errorf("%s: a page lives in the content folder; write a path like %s/sharepoint/restore-site.md", o.Path, contentDir)
	}
	if !strings.HasSuffix(rel, ".md") {
		return "", fmt.Errorf("%s: a page is a Markdown file; end the name in .md", o.Path)
	}
	target := filepath.Join(o.Project, filepath.FromSlash(rel))
	if _, err := os.Lstat(target); err == nil {
		return "", fmt.Errorf("%s exists already; handbook new never overwrites a file", rel)
	}
	content, err := openContent(o.Project, contentDir, path.Dir(rel))
	if err != nil {
		return "", err
	}
	defer content.Close()
	section := sectionPage(o.Project, contentDir, path.Dir(rel))
	owner := o.Owner
	if owner == "" && section != nil {
		owner = section.Owner
	}
	name := strings.TrimSuffix(path.Base(rel), ".md")
	var fm strings.Builder
	fmt.Fprintf(&fm, "---\ntitle: %s\ndescription:\nowner: %s\nreviewed: %s\nreview_interval: 6m\n", yamlText(humanize(name)), yamlText(owner), o.Today.Format(time.DateOnly))
	if section != nil && section.Platform != "" {
		fmt.Fprintf(&fm, "platform: %s\n", yamlText(section.Platform))
	}
	if kind != source.KindPage {
		fmt.Fprintf(&fm, "kind: %s\n", kind)
	}
	if kind == source.KindRequest {
		if len(o.Providers) == 0 {
			return "", fmt.Errorf("a request names the provider it was raised with, and the inventory has none; declare it first as an item of kind provider (see Providers and requests in the manual)")
		}
		fm.WriteString(requestFields(o.Providers, o.Today))
	}
	fm.WriteString(recordFields(kind, o.Today))
	fm.WriteString("---\n\n")
	body := pageBody(kind, o.RunbookSections)
	// Through the content folder's os.Root: no symlink, even one made
	// since the check, leads the new page out of it.
	inContent := strings.TrimPrefix(rel, contentDir+"/")
	if err := content.MkdirAll(path.Dir(inContent), 0o755); err != nil {
		return "", err
	}
	f, err := content.OpenFile(inContent, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		return "", err
	}
	if _, err := f.WriteString(fm.String() + body); err != nil {
		f.Close()
		return "", err
	}
	return rel, f.Close()
}

// pageBody is the starting text of a page of kind: a sentence on what
// goes at the top, then the sections the kind needs (for a runbook the
// ones sections lists, else the default policy's), each with one line
// telling the writer what to put there.
func pageBody(kind string, sections []string) string {
	var b strings.Builder
	b.WriteString(intros[kind] + "\n")
	if kind == source.KindRunbook {
		if sections == nil {
			sections = config.DefaultAudit().RunbookSections
		}
	} else {
		sections = kindSections[kind]
	}
	for _, name := range sections {
		hint, ok := sectionHints[strings.ToLower(name)]
		if !ok {
			hint = "What goes under " + name + ", as your team's runbook policy asks (audit.runbook_sections in handbook.yaml)."
		}
		fmt.Fprintf(&b, "\n## %s\n\n%s\n", name, hint)
	}
	return b.String()
}

// intros are the first paragraph of each kind of page.
var intros = map[string]string{
	source.KindPage:     "What this page is for, in a sentence or two.",
	source.KindRunbook:  "When to use this runbook, and what it achieves.",
	source.KindIncident: "What happened, in a sentence or two: what broke, for whom, and for how long.",
	source.KindChange:   "What changes, why, and who notices.",
	source.KindRequest:  "What was asked of the provider, and why.",
}

// kindSections are the sections of the kinds other than runbook, whose
// sections the policy names. A change has a Rollback section, which the
// change-no-rollback rule looks for.
var kindSections = map[string][]string{
	source.KindPage:     {"Steps"},
	source.KindIncident: {"Timeline", "Impact", "Resolution", "Follow-up"},
	source.KindChange:   {"Plan", "Verification", "Rollback"},
	source.KindRequest:  {"Request", "Answers", "Verification"},
}

// sectionHints are the placeholder lines of the usual sections, by
// heading in lower case.
var sectionHints = map[string]string{
	"prerequisites": "The access, tools and approvals needed before the first step, and what to check first.",
	"steps":         "1. The first step.\n2. The next step.",
	"verification":  "How to see that it worked: what to look at, and what it shows when all is well.",
	"rollback":      "How to undo it if something goes wrong, step by step.",
	"escalation":    "Who to call when this does not help, and how to reach them.",
	"timeline":      "- HH:MM What was seen or done, one line each.",
	"impact":        "Who or what was affected, and how badly.",
	"resolution":    "What fixed it.",
	"follow-up":     "What is to be done so that it does not happen again, and who does it.",
	"plan":          "1. The first step of the change.\n2. The next step.",
	"request":       "What the ticket asks for, as sent: the hosts, what is wrong or wanted, and by when.",
	"answers":       "- YYYY-MM-DD HH:MM What the provider answered or did, one line each.",
}

// recordFields are the front-matter lines an incident or a change
// record needs to be valid (source.ParseRecord), dated today.
func recordFields(kind string, today time.Time) string {
	stamp := today.Format("2006-01-02 15:04")
	switch kind {
	case source.KindIncident:
		return "started: " + stamp + "\nseverity: SEV3\nstatus: open\n"
	case source.KindChange:
		return "planned: " + stamp + "\nstatus: planned\nrisk: low\n"
	}
	return ""
}

// requestFields are the front-matter lines of a new provider request:
// the first provider (the others named in a comment), its least urgent
// SLA priority (the others in a comment), the ticket to fill in, and
// opened now.
func requestFields(providers []*inventory.Item, today time.Time) string {
	var b strings.Builder
	prov := providers[0]
	b.WriteString("provider: " + prov.ID)
	if len(providers) > 1 {
		var others []string
		for _, p := range providers[1:] {
			others = append(others, p.ID)
		}
		b.WriteString("   # or: " + strings.Join(others, ", "))
	}
	b.WriteString("\nprovider_ticket: \n")
	if prios := prov.Provider.Priorities(); len(prios) > 0 {
		b.WriteString("priority: " + prios[len(prios)-1] + "   # " + strings.Join(prios, ", ") + "\n")
	}
	b.WriteString("opened: " + today.Format("2006-01-02 15:04") + "\n")
	return b.String()
}

// sectionPage returns the front matter of the nearest section page
// (_index.md, index.md or README.md) in dir or above it, up to the
// content folder.
// openContent opens the content folder as an os.Root after checking
// that no folder on the way to dir (slash path from the project) is a
// symlink leading out of it: the new page, and the section pages read
// for its owner, stay in the content folder.
func openContent(project, contentDir, dir string) (*os.Root, error) {
	projectReal, err := filepath.EvalSymlinks(project)
	if err != nil {
		return nil, err
	}
	contentReal, err := filepath.EvalSymlinks(filepath.Join(project, filepath.FromSlash(contentDir)))
	if err != nil {
		return nil, fmt.Errorf("%s: %w; create the content folder first, or run handbook new site", contentDir, err)
	}
	if !inside(projectReal, contentReal) {
		return nil, fmt.Errorf("%s is a symlink to %s, outside the site project; handbook writes nothing outside the project", contentDir, contentReal)
	}
	for d := dir; d != contentDir && strings.HasPrefix(d, contentDir+"/"); d = path.Dir(d) {
		p := filepath.Join(project, filepath.FromSlash(d))
		info, err := os.Lstat(p)
		if err != nil || info.Mode()&fs.ModeSymlink == 0 {
			continue
		}
		real, err := filepath.EvalSymlinks(p)
		if err != nil {
			return nil, fmt.Errorf("%s is a broken symlink: %w; remove it or point it at a folder of %s/", d, err, contentDir)
		}
		if !inside(contentReal, real) {
			return nil, fmt.Errorf("%s is a symlink to %s, outside %s/; handbook new writes pages only into the content folder: choose another folder, or replace the link with a folder", d, real, contentDir)
		}
	}
	return os.OpenRoot(contentReal)
}

// inside reports whether the clean absolute path p is root or below it.
func inside(root, p string) bool {
	rel, err := filepath.Rel(root, p)
	return err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator))
}

func sectionPage(project, contentDir, dir string) *source.FrontMatter {
	for d := dir; d == contentDir || strings.HasPrefix(d, contentDir+"/"); d = path.Dir(d) {
		for _, name := range []string{"_index.md", "index.md", "README.md"} {
			src, err := os.ReadFile(filepath.Join(project, filepath.FromSlash(path.Join(d, name))))
			if err != nil {
				continue
			}
			if doc, _ := source.Parse(path.Join(d, name), src); doc != nil {
				return &doc.FrontMatter
			}
		}
	}
	return nil
}

// humanize turns a file name into a title: "restore-site" → "Restore site".
func humanize(name string) string {
	name = strings.Join(strings.Fields(strings.NewReplacer("-", " ", "_", " ").Replace(name)), " ")
	r := []rune(name)
	if len(r) > 0 {
		r[0] = unicode.ToUpper(r[0])
	}
	return string(r)
}

// yamlText quotes a value when YAML would read it as something else.
func yamlText(s string) string {
	if s == "" || strings.ContainsAny(s[:1], "[]{},&*!|>'\"%@`#-?:") || strings.Contains(s, ": ") || strings.Contains(s, " #") || strings.TrimSpace(s) != s {
		return fmt.Sprintf("%q", s)
	}
	return s
}

// GitEmail returns the writer's e-mail address from git config
// user.email in the project, or "" when Git or the setting is missing.
func GitEmail(project string) string {
	email, err := gitrepo.Open(project).ConfigValue(context.Background(), "user.email")
	if err != nil {
		return ""
	}
	return email
}
