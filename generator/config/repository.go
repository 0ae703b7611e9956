package config

import (
	"fmt"
	"net/url"
	"strings"

	"github.com/handbook-dev/handbook/generator/internal/yamlx"
)

// Repository is the repository: section of handbook.yaml.
type Repository struct {
	// URL is the repository's web address, e.g.
	// https://github.com/lakeside/ops-manual.
	URL string
	// Branch is the branch edits go to (default main).
	Branch string
	// EditURL and HistoryURL are templates with {url}, {branch} and
	// {path} (the file's path in the repository); they default to the
	// patterns of the host the URL names.
	EditURL, HistoryURL string
}

// hostPatterns are the edit and history links of the common Git hosts.
var hostPatterns = []struct{ host, edit, history string }{
	{"github", "{url}/edit/{branch}/{path}", "{url}/commits/{branch}/{path}"},
	{"gitlab", "{url}/-/edit/{branch}/{path}", "{url}/-/commits/{branch}/{path}"},
	{"dev.azure.com", "{url}?path=/{path}&version=GB{branch}&_a=contents", "{url}?path=/{path}&version=GB{branch}&_a=history"},
	{"visualstudio.com", "{url}?path=/{path}&version=GB{branch}&_a=contents", "{url}?path=/{path}&version=GB{branch}&_a=history"},
	{"bitbucket", "{url}/src/{branch}/{path}?mode=edit", "{url}/history-node/{branch}/{path}"},
}

// Links returns the edit and history links of a file at path in the
// repository, or empty strings when no repository is configured.
func (r Repository) Links(path string) (edit, history string) {
	if r.URL == "" && r.EditURL == "" && r.HistoryURL == "" {
		return "", ""
	}
	fill := func(pattern string) string {
		if pattern == "" {
			return ""
		}
		return strings.NewReplacer("{url}", strings.TrimRight(r.URL, "/"), "{branch}", url.PathEscape(r.Branch),
			"{path}", (&url.URL{Path: path}).EscapedPath()).Replace(pattern)
	}
	edit, history = r.EditURL, r.HistoryURL
	u, _ := url.Parse(r.URL)
	for _, h := range hostPatterns {
		if u != nil && strings.Contains(strings.ToLower(u.Host), h.host) {
			if edit == "" {
				edit = h.edit
			}
			if history == "" {
				history = h.history
			}
		}
	}
	return fill(edit), fill(history)
}

func repository(e yamlx.Entry) (Repository, error) {
	r := Repository{Branch: "main"}
	entries, err := yamlx.Entries(e.Value)
	if err != nil {
		return r, e.Errorf("repository must be a mapping with the keys url, branch, edit_url and history_url")
	}
	for _, re := range entries {
		switch re.Key {
		case "url":
			if r.URL, err = re.String(); err == nil {
				if u, perr := url.Parse(r.URL); perr != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
					err = re.Errorf("repository.url %q is not an http(s) address, e.g. https://github.com/org/manual", r.URL)
				}
			}
		case "branch":
			r.Branch, err = re.String()
		case "edit_url", "history_url":
			var s string
			if s, err = re.String(); err == nil {
				if !strings.Contains(s, "{path}") {
					err = re.Errorf("repository.%s %q has no {path}; use e.g. {url}/edit/{branch}/{path}", re.Key, s)
				} else if re.Key == "edit_url" {
					r.EditURL = s
				} else {
					r.HistoryURL = s
				}
			}
		default:
			err = &yamlx.Error{Line: re.Line, Col: re.Col, Msg: fmt.Sprintf("unknown repository key %q; known keys are: url, branch, edit_url, history_url", re.Key)}
		}
		if err != nil {
			return r, err
		}
	}
	if r.URL == "" && (r.EditURL != "" || r.HistoryURL != "") && (strings.Contains(r.EditURL+r.HistoryURL, "{url}")) {
		return r, e.Errorf("repository: edit_url and history_url use {url}, but url is not set")
	}
	return r, nil
}
