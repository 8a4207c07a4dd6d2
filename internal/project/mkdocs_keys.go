package project

import (
	"net/url"
	"path"
	"strings"

	"handbook/internal/project/cfgtree"
	"handbook/internal/urlpath"
)

// handledKeys are the mkdocs.yml keys this package reads.
var handledKeys = map[string]bool{
	"site_name": true, "site_url": true, "site_description": true, "site_author": true,
	"repo_url": true, "repo_name": true, "edit_uri": true, "docs_dir": true, "copyright": true,
	"use_directory_urls": true, "nav": true, "extra_css": true, "extra_javascript": true,
	"theme": true, "markdown_extensions": true, "plugins": true, "extra": true,
	"exclude_docs": true, "not_in_nav": true, "draft_docs": true, "hooks": true,
	"strict": true, "validation": true, "site_dir": true,
}

// quietKeys are MkDocs keys that matter only to MkDocs' own build and
// server (handbook has its own flags for these).
var quietKeys = map[string]bool{
	"dev_addr": true, "watch": true,
	"remote_branch": true, "remote_name": true, "google_analytics": true,
}

// droppedKeys are MkDocs keys whose effect handbook does not reproduce:
// they go into the import report.
var droppedKeys = map[string]string{
	"edit_uri_template":  "edit_uri_template (handbook builds edit links from repo_url and edit_uri)",
	"extra_templates":    "extra_templates",
	"markdown_extension": "markdown_extension (did you mean markdown_extensions?)",
}

func (l *loader) warnUnknownKeys(root *cfgtree.Node) {
	for _, k := range root.Keys {
		name := k.Text
		switch {
		case handledKeys[name], quietKeys[name]:
		case droppedKeys[name] != "":
			l.Note("not carried over: %s", droppedKeys[name])
		default:
			l.WarnAt(k, "config-key", "unknown MkDocs config key %q", name)
		}
	}
}

// readRepo reads repo_url, repo_name and edit_uri.
func (l *loader) readRepo(root *cfgtree.Node) {
	repo := l.OptStr(root, "repo_url")
	l.cfg.RepoURL = repo
	l.extra.RepoName = l.OptStr(root, "repo_name")
	if repo == "" {
		return
	}
	host := ""
	if u, err := url.Parse(repo); err == nil {
		host = strings.ToLower(u.Hostname())
	}
	if l.extra.RepoName == "" {
		l.extra.RepoName = defaultRepoName(host)
	}
	edit := root.Get("edit_uri")
	if edit.IsNull() {
		l.defaultEditPath(host)
		return
	}
	l.readEditURI(repo, l.Str(edit, "edit_uri"), edit)
}

// defaultRepoName is MkDocs' label for the repository link.
func defaultRepoName(host string) string {
	switch host {
	case "github.com":
		return "GitHub"
	case "gitlab.com":
		return "GitLab"
	case "bitbucket.org":
		return "Bitbucket"
	}
	if i := strings.Index(host, "."); i > 0 {
		host = host[:i]
	}
	if host == "" {
		return ""
	}
	return strings.ToUpper(host[:1]) + host[1:]
}

// defaultEditPath applies MkDocs' default edit_uri, which depends on the
// repository host and names "docs/" whatever docs_dir says.
func (l *loader) defaultEditPath(host string) {
	switch host {
	case "github.com", "gitlab.com":
		l.cfg.EditPath = "edit/master/docs/"
	case "bitbucket.org":
		l.cfg.EditPath = "src/default/docs/"
	default:
		l.Note("not carried over: MkDocs shows no edit links for a repo_url on %q without edit_uri; handbook links to %s", hostOrURL(host), "edit/main/<docs_dir>/")
	}
}

func hostOrURL(host string) string {
	if host == "" {
		return "this repo_url"
	}
	return host
}

// readEditURI resolves edit_uri against repo_url as MkDocs does (it may be
// relative, root-relative or a full URL) and keeps the part below repo_url.
func (l *loader) readEditURI(repo, edit string, at *cfgtree.Node) {
	if edit == "" {
		l.Note("not carried over: edit_uri is empty (no edit links); handbook shows edit links whenever repo_url is set")
		return
	}
	base, err1 := url.Parse(strings.TrimSuffix(repo, "/") + "/")
	ref, err2 := url.Parse(edit)
	if err1 != nil || err2 != nil || ref.RawQuery != "" || ref.Fragment != "" || strings.HasPrefix(edit, "?") {
		l.WarnAt(at, "mkdocs-unsupported", "edit_uri %q cannot be expressed as a path below repo_url; edit links use handbook's default", edit)
		return
	}
	resolved := base.ResolveReference(ref).String()
	prefix := base.String()
	if !strings.HasPrefix(resolved, prefix) {
		l.WarnAt(at, "mkdocs-unsupported", "edit_uri %q points outside repo_url %q; edit links use handbook's default", edit, repo)
		return
	}
	l.cfg.EditPath = strings.TrimPrefix(resolved, prefix)
}

// assets reads extra_css or extra_javascript: a list of paths or of
// {path: …} mappings (MkDocs' script options type/async/defer are noted).
func (l *loader) assets(root *cfgtree.Node, key string) []string {
	list := root.Get(key)
	if list.IsNull() {
		return nil
	}
	if list.Kind != cfgtree.List {
		l.ErrorAt(list, "%s must be a list", key)
		return nil
	}
	var out []string
	for _, it := range list.Items {
		p, ok := l.assetPath(it, key)
		if !ok {
			continue
		}
		if urlpath.IsRemote(p) {
			if l.extra.AllowRemote {
				out = append(out, p)
			}
			continue
		}
		p = strings.TrimPrefix(path.Clean("/"+p), "/")
		l.checkAssetExists(it, key, p)
		out = append(out, p)
	}
	return out
}

func (l *loader) assetPath(it *cfgtree.Node, key string) (string, bool) {
	switch it.Kind {
	case cfgtree.Scalar:
		return it.Text, it.Text != ""
	case cfgtree.Map:
		p := it.Get("path")
		if p.IsNull() || p.Kind != cfgtree.Scalar || p.Text == "" {
			l.ErrorAt(it, "%s entry needs a path", key)
			return "", false
		}
		for _, k := range it.Keys {
			if k.Text != "path" {
				l.Note("not carried over: %s option %s for %s", key, k.Text, p.Text)
			}
		}
		return p.Text, true
	}
	l.ErrorAt(it, "%s entry must be a path or a mapping with a path", key)
	return "", false
}

func (l *loader) checkAssetExists(at *cfgtree.Node, key, rel string) {
	if !fileExists(l.contentPath(rel)) {
		l.WarnAt(at, "missing-asset", "%s names %s, which is not a file in %s", key, rel, l.cfg.ContentDir)
	}
}

// warnRemoteAssets reports remote extra_css/extra_javascript once, at the first.
func (l *loader) warnRemoteAssets(root *cfgtree.Node) {
	var remote []string
	var first *cfgtree.Node
	for _, key := range []string{"extra_css", "extra_javascript"} {
		list := root.Get(key)
		if list.IsNull() || list.Kind != cfgtree.List {
			continue
		}
		for _, it := range list.Items {
			p := it.Text
			if it.Kind == cfgtree.Map {
				p = it.Get("path").TextOr("")
			}
			if urlpath.IsRemote(p) {
				remote = append(remote, p)
				if first == nil {
					first = it
				}
			}
		}
	}
	if len(remote) == 0 {
		return
	}
	if l.extra.AllowRemote {
		l.Note("remote assets are linked (extra.%s): %s", allowRemoteKey, strings.Join(remote, ", "))
		return
	}
	l.WarnAt(first, "remote-asset", "remote assets left out (pages make no requests to other hosts; set extra.%s: true to link them): %s", allowRemoteKey, strings.Join(remote, ", "))
	l.Note("not carried over: remote assets %s", strings.Join(remote, ", "))
}
