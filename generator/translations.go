package generator

import (
	"context"
	"os"
	"path"

	"github.com/handbook-dev/handbook/generator/config"
	"github.com/handbook-dev/handbook/generator/history"
	"github.com/handbook-dev/handbook/generator/internal/gitrepo"
	"github.com/handbook-dev/handbook/generator/site"
	"github.com/handbook-dev/handbook/generator/source"
)

// translationStates reads, in the load stage, where each translation of
// a manual of several languages stands against its source in the
// default language: the source's commits since the translation (or since
// its translated_from), and, for one behind, the source as it was then
// and as it is now, for the word diff its finding links. One git cat-file
// process serves every stale translation; without a history there is
// nothing to read.
func translationStates(ctx context.Context, repoDir string, cfg config.Config, tree *source.Tree, docs map[string]*source.Document, hist *history.Log) map[string]*site.TranslationState {
	if len(cfg.Languages) == 0 || hist == nil {
		return nil
	}
	keys := site.TranslationKeys(cfg.Languages, tree, docs)
	sources := map[string]string{}
	for rel, pl := range keys {
		if pl.Language == cfg.Languages[0] {
			sources[pl.Key] = rel
		}
	}
	files := map[string]source.File{}
	for _, f := range tree.Files {
		files[f.Rel] = f
	}
	var objects *gitrepo.Objects
	defer func() {
		if objects != nil {
			objects.Close()
		}
	}()
	states := map[string]*site.TranslationState{}
	for rel, pl := range keys {
		src, ok := sources[pl.Key]
		if pl.Language == cfg.Languages[0] || !ok {
			continue
		}
		st := &site.TranslationState{Source: src}
		st.Behind, st.Base, st.Err = hist.Behind(src, rel, docs[rel].TranslatedFrom)
		states[rel] = st
		if len(st.Behind) == 0 || st.Base == nil {
			continue
		}
		if objects == nil {
			var err error
			if objects, err = gitrepo.Open(repoDir).CatFile(ctx); err != nil {
				objects = nil
				continue
			}
		}
		// The source as it was, by its path then (a rename since is
		// followed by the history, not by this read: no diff then).
		obj, found, err := objects.Read(st.Base.Hash + ":./" + path.Join(cfg.ContentDir, src))
		if err != nil || !found || obj.Type != "blob" {
			continue
		}
		cur, err := os.ReadFile(files[src].Abs)
		if err != nil {
			continue
		}
		st.Old, st.Current = obj.Data, cur
	}
	return states
}
