// Package history reads the manual's Git history with one git log over
// the whole content folder, never one process per page: who changed each
// page when, and what every commit changed, for page histories and the
// change log. It reads; it never writes to the repository.
package history

import (
	"context"
	"errors"
	"fmt"
	"io"
	"path"
	"strings"
	"time"

	"github.com/handbook-dev/handbook/generator/internal/gitrepo"
)

// Commit is a commit that touched the content folder.
type Commit struct {
	Hash    string
	Author  string
	Email   string
	When    time.Time
	Subject string
	// Changes are the content pages and files it touched, by their
	// content-relative path at the newest commit (renames followed).
	Changes []Change
}

// Change is one file a commit touched.
type Change struct {
	// Path is content-relative, as the file is named today (or was named
	// when it was deleted).
	Path string
	// Op is A (added), M (modified), D (deleted) or R (renamed to Path).
	Op byte
}

// Log is the history of a content folder.
type Log struct {
	// Commits touching the content, newest first.
	Commits []*Commit
	// ByPath maps a content-relative path to its commits, newest first.
	ByPath map[string][]*Commit
	// Shallow is set in a shallow clone: the oldest commit there claims
	// every file, so dates from it would be wrong.
	Shallow bool
	// Prefix is the project's path inside the repository ("" at its
	// root, "docs/" below it), for edit and history links.
	Prefix string
	// Renames maps a content-relative path the content no longer has to
	// the rename that took it away, so that a link still written to the
	// old name can name the new one.
	Renames map[string]Rename
}

// Rename is what became of a renamed file: To is its name today (after
// every later rename), Commit the commit that renamed it from the old
// name.
type Rename struct {
	To     string
	Commit *Commit
}

// ErrNoRepository is returned when the project is not in a Git work tree
// (or git is not installed): there is no history to read.
var ErrNoRepository = errors.New("not a Git repository")

// Read runs one git log over dir/content (dir is the project) and one git
// rev-parse for the repository's shape.
func Read(ctx context.Context, dir, content string) (*Log, error) {
	return ReadAt(ctx, dir, content, "")
}

// ReadAt is Read for the history up to commit rev ("" for HEAD), for a
// version of the manual built from a tag or branch.
func ReadAt(ctx context.Context, dir, content, rev string) (*Log, error) {
	repo := gitrepo.Open(dir)
	shape, err := repo.Shape(ctx)
	if err != nil {
		return nil, ErrNoRepository
	}
	log := &Log{ByPath: map[string][]*Commit{}, Shallow: shape.Shallow, Prefix: shape.Prefix}
	// Header fields are separated by 0x1f; paths are relative to dir;
	// renames are followed; NUL separators keep odd file names intact.
	rc, err := repo.Log(ctx, gitrepo.LogOptions{Rev: rev, Paths: []string{content}, Format: "%H%x1f%an%x1f%ae%x1f%cI%x1f%s",
		Names: gitrepo.NameStatus, Renames: true, NUL: true})
	if err != nil {
		return nil, err
	}
	out, readErr := io.ReadAll(rc)
	if err := rc.Close(); err != nil {
		if errors.Is(err, gitrepo.ErrNoCommits) {
			return log, nil
		}
		return nil, err
	}
	if readErr != nil {
		return nil, readErr
	}
	parse(log, out, strings.TrimSuffix(content, "/")+"/")
	return log, nil
}

// parse reads git log -z --name-status output: NUL-separated tokens, each
// commit a header (hash, author, e-mail, date, subject joined by 0x1f)
// followed by status and path tokens. Walking newest to oldest, a rename
// makes the older name an alias of the newer one, so a page's history
// continues across renames.
func parse(log *Log, out []byte, content string) {
	alias := map[string]string{}
	current := func(p string) string {
		for i := 0; i < 100; i++ { // a chain of renames; bounded against cycles
			n, ok := alias[p]
			if !ok {
				return p
			}
			p = n
		}
		return p
	}
	var c *Commit
	tokens := strings.Split(string(out), "\x00")
	for i := 0; i < len(tokens); i++ {
		tok := strings.TrimLeft(tokens[i], "\n")
		if tok == "" {
			continue
		}
		if head := strings.Split(tok, "\x1f"); len(head) == 5 && len(head[0]) >= 40 {
			when, _ := time.Parse(time.RFC3339, head[3])
			c = &Commit{Hash: head[0], Author: head[1], Email: head[2], When: when, Subject: head[4]}
			log.Commits = append(log.Commits, c)
			continue
		}
		if c == nil {
			continue
		}
		op := tok[0]
		var p string
		switch op {
		case 'R', 'C':
			if i+2 >= len(tokens) {
				return
			}
			oldPath, newPath := rel(tokens[i+1], content), current(rel(tokens[i+2], content))
			i += 2
			if op == 'R' && oldPath != "" {
				alias[oldPath] = newPath
				// The newest rename away from a name is what a link to
				// it last meant.
				if _, ok := log.Renames[oldPath]; !ok && newPath != "" {
					if log.Renames == nil {
						log.Renames = map[string]Rename{}
					}
					log.Renames[oldPath] = Rename{To: newPath, Commit: c}
				}
			}
			p, op = newPath, 'R'
		default:
			if i+1 >= len(tokens) {
				return
			}
			p = current(rel(tokens[i+1], content))
			i++
		}
		if p != "" {
			c.Changes = append(c.Changes, Change{Path: p, Op: op})
			log.ByPath[p] = append(log.ByPath[p], c)
		}
	}
}

// rel makes a project-relative path content-relative ("" outside it).
func rel(p, content string) string {
	p = path.Clean(strings.TrimSpace(p))
	if !strings.HasPrefix(p, content) {
		return ""
	}
	return strings.TrimPrefix(p, content)
}

// Behind returns the commits that changed the page source since its
// translation was made, newest first: since the commit translatedFrom
// names (a hash or its prefix) when given, else since the translation's
// own newest commit. base is that commit; nil (and no commits) when the
// translation has none yet, being new. An error says translatedFrom names
// no commit of the content's history.
func (l *Log) Behind(source, translation, translatedFrom string) (behind []*Commit, base *Commit, err error) {
	if l == nil {
		return nil, nil, nil
	}
	if translatedFrom != "" {
		for _, c := range l.Commits {
			if strings.HasPrefix(c.Hash, translatedFrom) {
				base = c
				break
			}
		}
		if base == nil {
			return nil, nil, fmt.Errorf("no commit %s in the content's history", translatedFrom)
		}
	} else if commits := l.ByPath[translation]; len(commits) > 0 {
		base = commits[0]
	} else {
		return nil, nil, nil
	}
	for _, c := range l.Commits {
		if c == base {
			break
		}
		for _, ch := range c.Changes {
			if ch.Path == source {
				behind = append(behind, c)
				break
			}
		}
	}
	return behind, base, nil
}
