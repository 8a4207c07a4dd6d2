package project

import (
	"path/filepath"
	"strings"

	"handbook/internal/repoinfo"
)

// applyRepo completes the repository settings the config leaves out:
// repo_url (for handbook.yaml sites, not MkDocs or Zensical projects,
// which keep MkDocs' behaviour), repo_name and the edit path with the default branch
// and the site's folder in the repository. The config always wins, and
// repo_url: false turns the links off. src nil infers nothing.
func applyRepo(cfg *Config, src *repoinfo.Sources) {
	if strings.EqualFold(strings.TrimSpace(cfg.RepoURL), "false") {
		cfg.RepoURL, cfg.EditPath, cfg.RepoName = "", "", ""
		return
	}
	var found repoinfo.Repo
	ok := false
	if src != nil && (cfg.RepoURL == "" && cfg.Format == FormatHandbook || cfg.RepoURL != "" && cfg.EditPath == "") {
		found, ok = repoinfo.Infer(*src)
	}
	if cfg.RepoURL == "" {
		if !ok || cfg.Format != FormatHandbook {
			return
		}
		cfg.RepoURL = found.URL
		if cfg.RepoName == "" {
			cfg.RepoName = found.Name
		}
	}
	if cfg.RepoName == "" {
		cfg.RepoName = repoinfo.NameFromURL(cfg.RepoURL)
	}
	if cfg.EditPath == "" {
		if !ok || !repoinfo.SameRepo(found.URL, cfg.RepoURL) {
			// Another repository: its default branch is taken to be main.
			found = repoinfo.Repo{URL: cfg.RepoURL}
		}
		cfg.EditPath = found.EditPath(filepath.ToSlash(cfg.ContentDir))
	}
}
