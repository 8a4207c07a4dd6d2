// Package repoinfo works out where a site's source lives, for "Edit this
// page" and "View source" links and the repository link in the header, when
// the config does not say: from the GitHub Actions environment, else from
// the checkout's "origin" remote.
//
// Everything here is a pure function of what it is handed: an environment
// lookup, a file reader and a git runner, so each source is tested with a
// fake environment and real git repositories alike.
package repoinfo

import (
	"encoding/json"
	"handbook/internal/gitrepo"
	"handbook/internal/urlpath"
	"net/url"
	"os"
	"path"
	"strings"
)

// Env looks up an environment variable ("" when unset): os.Getenv.
type Env func(key string) string

// ReadFile reads a file: os.ReadFile.
type ReadFile func(name string) ([]byte, error)

// Git runs git with args in dir and returns its standard output.
type Git func(dir string, args ...string) (string, error)

// Repo is a repository's web address and where a site sits in it.
type Repo struct {
	URL    string // web address without a trailing slash: https://github.com/owner/repo
	Name   string // owner/repo, the label of the header's repository link
	Branch string // the default branch edit links point at ("" when unknown)
	// Prefix is the site folder's path from the repository root,
	// slash-separated and ending in "/" ("" at the root or when unknown).
	Prefix string
	From   string // where URL came from: "GitHub Actions" or "git remote origin"
}

// Sources are what Infer reads. Nil members are skipped.
type Sources struct {
	Env      Env
	ReadFile ReadFile
	Git      Git
	Dir      string // the site folder, where git runs
}

// Infer finds the repository of the site in src.Dir: GitHub Actions first
// (its variables name the repository the workflow runs for), then the
// checkout's origin remote. The default branch comes from the Actions event
// payload, else from the remote's HEAD, else from the base branch of a pull
// request; a pull request's own branch is never used, since it goes away.
func Infer(src Sources) (Repo, bool) {
	var r Repo
	if src.Env != nil {
		r = fromActions(src.Env, src.ReadFile)
	}
	if r.URL == "" && src.Git != nil {
		if remote, err := src.Git(src.Dir, "remote", "get-url", "origin"); err == nil {
			if u, name, ok := ParseRemote(strings.TrimSpace(remote)); ok {
				r = Repo{URL: u, Name: name, From: "git remote origin"}
			}
		}
	}
	if r.URL == "" {
		return Repo{}, false
	}
	if src.Git != nil {
		if r.Branch == "" {
			r.Branch = remoteHead(src.Git, src.Dir)
		}
		r.Prefix = prefix(src.Git, src.Dir)
	}
	if r.Branch == "" && src.Env != nil && r.From == "GitHub Actions" {
		// A pull request's target is, nearly always, the default branch.
		r.Branch = src.Env("GITHUB_BASE_REF")
	}
	return r, true
}

// fromActions reads GITHUB_SERVER_URL and GITHUB_REPOSITORY, and the
// default branch from the event payload (GITHUB_EVENT_PATH), which every
// repository event carries as repository.default_branch.
func fromActions(env Env, readFile ReadFile) Repo {
	if env("GITHUB_ACTIONS") != "true" {
		return Repo{}
	}
	repo := strings.Trim(env("GITHUB_REPOSITORY"), "/")
	if strings.Count(repo, "/") != 1 || strings.ContainsAny(repo, " ?#") {
		return Repo{}
	}
	server := strings.TrimSuffix(env("GITHUB_SERVER_URL"), "/")
	if server == "" {
		server = "https://github.com"
	}
	u, err := url.Parse(server)
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
		return Repo{}
	}
	u.User = nil
	r := Repo{URL: u.String() + "/" + repo, Name: repo, From: "GitHub Actions"}
	if p := env("GITHUB_EVENT_PATH"); p != "" && readFile != nil {
		if data, err := readFile(p); err == nil {
			r.Branch = eventDefaultBranch(data)
		}
	}
	return r
}

// eventDefaultBranch reads repository.default_branch from an Actions event
// payload ("" when absent, as in a scheduled run's payload).
func eventDefaultBranch(data []byte) string {
	var ev struct {
		Repository struct {
			DefaultBranch string `json:"default_branch"`
		} `json:"repository"`
	}
	if json.Unmarshal(data, &ev) != nil {
		return ""
	}
	return ev.Repository.DefaultBranch
}

// remoteHead is the branch origin's HEAD points at ("" when unknown, as in
// a checkout made by actions/checkout, which does not record it). Without
// it, a remote-tracking main or master is taken.
func remoteHead(git Git, dir string) string {
	if out, err := git(dir, "symbolic-ref", "--quiet", "refs/remotes/origin/HEAD"); err == nil {
		if b, ok := strings.CutPrefix(strings.TrimSpace(out), "refs/remotes/origin/"); ok && b != "" {
			return b
		}
	}
	for _, b := range []string{"main", "master"} {
		if _, err := git(dir, "rev-parse", "--verify", "--quiet", "refs/remotes/origin/"+b); err == nil {
			return b
		}
	}
	return ""
}

// prefix is dir's path from the root of its git working tree.
func prefix(git Git, dir string) string {
	out, err := git(dir, "rev-parse", "--show-prefix")
	if err != nil {
		return ""
	}
	p := strings.TrimSpace(out)
	if p == "" || strings.HasPrefix(p, "..") {
		return ""
	}
	return strings.TrimSuffix(p, "/") + "/"
}

// ParseRemote turns a git remote URL into the repository's web address and
// its owner/name: https://host/owner/repo(.git), ssh://[user@]host[:port]/owner/repo(.git),
// git://host/owner/repo and the scp form [user@]host:owner/repo(.git). Any
// credentials in the URL are dropped. Local paths and file:// remotes have
// no web address.
func ParseRemote(remote string) (webURL, name string, ok bool) {
	remote = strings.TrimSpace(remote)
	if remote == "" {
		return "", "", false
	}
	var host, p string
	if i := strings.Index(remote, "://"); i >= 0 {
		u, err := url.Parse(remote)
		if err != nil || u.Host == "" {
			return "", "", false
		}
		switch u.Scheme {
		case "https", "http", "ssh", "git", "git+ssh", "ssh+git":
		default:
			return "", "", false
		}
		host, p = u.Hostname(), u.Path
		if u.Scheme == "http" {
			// Keep http for a server that only speaks it (a port is kept too).
			host = u.Host
			return web("http", host, p)
		}
		if u.Scheme == "https" {
			host = u.Host
		}
	} else {
		// scp form: [user@]host:path, where host has no slash before the colon.
		colon := strings.Index(remote, ":")
		slash := strings.Index(remote, "/")
		if colon <= 0 || (slash >= 0 && slash < colon) {
			return "", "", false
		}
		host, p = remote[:colon], remote[colon+1:]
		if at := strings.LastIndex(host, "@"); at >= 0 {
			host = host[at+1:]
		}
		if len(host) == 1 {
			return "", "", false // a Windows drive letter, C:\repo
		}
	}
	return web("https", host, p)
}

func web(scheme, host, p string) (string, string, bool) {
	p = strings.Trim(path.Clean("/"+p), "/")
	p = strings.TrimSuffix(p, ".git")
	if !validHost(host) || p == "" || !strings.Contains(p, "/") {
		return "", "", false
	}
	web := scheme + "://" + strings.ToLower(host) + "/" + p
	if u, err := url.Parse(web); err != nil || !strings.EqualFold(u.Host, host) {
		return "", "", false
	}
	return web, p, true
}

// validHost accepts a host name or address with an optional port.
func validHost(host string) bool {
	if host == "" {
		return false
	}
	for _, r := range host {
		ok := r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || strings.ContainsRune(".-_:[]", r)
		if !ok {
			return false
		}
	}
	return true
}

// EditPath is the path below the repository URL that a file at dir (the
// site's content folder, relative to the site folder) is edited at:
// edit/BRANCH/PREFIX/dir/ on GitHub and most hosts, -/edit/BRANCH/… on
// GitLab. An empty branch is "main".
func (r Repo) EditPath(dir string) string {
	return r.actionPath("edit", dir)
}

// ViewPath is the path below the repository URL where a file at dir is
// shown: blob/BRANCH/PREFIX/dir/ (-/blob/… on GitLab).
func (r Repo) ViewPath(dir string) string {
	return r.actionPath("blob", dir)
}

func (r Repo) actionPath(action, dir string) string {
	branch := r.Branch
	if branch == "" {
		branch = "main"
	}
	p := action + "/" + branch + "/" + r.Prefix + strings.Trim(dir, "/") + "/"
	if isGitLab(r.URL) {
		p = "-/" + p
	}
	return strings.ReplaceAll(p, "//", "/")
}

func isGitLab(repoURL string) bool {
	u, err := url.Parse(repoURL)
	return err == nil && strings.Contains(strings.ToLower(u.Hostname()), "gitlab")
}

// ViewFromEdit turns an edit path into the matching view path by its first
// "edit" segment (edit/main/docs/ → blob/main/docs/, -/edit/… → -/blob/…),
// or "" when it has none.
func ViewFromEdit(editPath string) string {
	segs := strings.Split(strings.Trim(editPath, "/"), "/")
	for i, s := range segs {
		if s == "edit" {
			segs[i] = "blob"
			return strings.Join(segs, "/") + "/"
		}
		if s != "-" {
			return ""
		}
	}
	return ""
}

// SameRepo reports whether two repository web addresses name the same
// repository (scheme, letter case, ".git" and trailing slashes aside).
func SameRepo(a, b string) bool {
	norm := func(s string) string {
		web, name, ok := ParseRemote(s)
		if !ok {
			return strings.ToLower(strings.TrimSuffix(strings.TrimSpace(s), "/"))
		}
		u, _ := url.Parse(web)
		return strings.ToLower(u.Hostname() + "/" + name)
	}
	return norm(a) == norm(b)
}

// NameFromURL is owner/repo from a repository web address ("" if none).
func NameFromURL(repoURL string) string {
	_, name, _ := ParseRemote(repoURL)
	return name
}

// System is the real environment, file system and git.
func System(dir string) Sources {
	return Sources{Env: os.Getenv, ReadFile: os.ReadFile, Git: RunGit, Dir: dir}
}

// RunGit runs git in dir; an error when git is missing or fails. What
// Infer asks is read from the checkout's files when they are laid out
// plainly (see gitrepo), which starts no process.
func RunGit(dir string, args ...string) (string, error) {
	return gitrepo.Run(dir, args...)
}

// FileURLs are the links to edit and to view a content file (src, its
// path in the content folder) in the repository at repoURL: editPath
// ("" for edit/main/ and the content folder) is where the repository's
// site edits content files, the view path is made from it (ViewFromEdit).
// Each is "" when there is none.
func FileURLs(repoURL, editPath, contentDir, src string) (edit, view string) {
	if repoURL == "" {
		return "", ""
	}
	if editPath == "" {
		editPath = "edit/main/" + strings.Trim(contentDir, "/") + "/"
	}
	file := func(dir string) string {
		return strings.TrimSuffix(repoURL, "/") + "/" + strings.Trim(dir, "/") + "/" + urlpath.File(src)
	}
	if v := ViewFromEdit(editPath); v != "" {
		view = file(v)
	}
	return file(editPath), view
}
