// Package magiclink implements the repository shorthand of
// pymdownx.magiclink (repo_url_shorthand): @user, @user/repo, #1, !1 and
// ?1 (issues, pull requests, discussions of the configured repository),
// repo#1, user/repo#1, commit hashes, user/repo@hash and hash...hash
// comparisons, for GitHub, GitLab and Bitbucket, rendered as pymdownx
// renders them. Bare URLs and e-mail addresses are goldmark's Linkify.
package magiclink

import (
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"

	"handbook/internal/markdown/textnodes"
)

// Options are magiclink's.
type Options struct {
	// RepoShorthand turns the shorthand on (repo_url_shorthand).
	RepoShorthand bool
	// Provider is github (default), gitlab or bitbucket; User and Repo the
	// default repository.
	Provider, User, Repo string
	// NormalizeIssueSymbols shows pull requests and discussions with '#'.
	NormalizeIssueSymbols bool
	// Labels rename the words in titles: issue, pull, discuss, commit,
	// compare, mention, repository.
	Labels map[string]string
}

type provider struct {
	name, url, user                     string
	issue, pull, discuss, commit, diffs string
	hashSize                            int
}

const (
	githubUser    = `[a-zA-Z\d](?:[-a-zA-Z\d_]{0,37}[a-zA-Z\d])?`
	gitlabUser    = `[\.a-zA-Z\d_](?:[-a-zA-Z\d_\.]{0,37}[-a-zA-Z\d_])?`
	bitbucketUser = `[-a-zA-Z\d_]{1,39}`
	repoPattern   = `[-._a-zA-Z\d]{0,99}[a-zA-Z\d]`
)

var providers = map[string]*provider{
	"github": {name: "GitHub", url: "https://github.com", user: githubUser,
		issue: "https://github.com/%s/%s/issues/%s", pull: "https://github.com/%s/%s/pull/%s",
		discuss: "https://github.com/%s/%s/discussions/%s", commit: "https://github.com/%s/%s/commit/%s",
		diffs: "https://github.com/%s/%s/compare/%s...%s", hashSize: 7},
	"gitlab": {name: "GitLab", url: "https://gitlab.com", user: gitlabUser,
		issue: "https://gitlab.com/%s/%s/issues/%s", pull: "https://gitlab.com/%s/%s/merge_requests/%s",
		commit: "https://gitlab.com/%s/%s/commit/%s", diffs: "https://gitlab.com/%s/%s/compare/%s...%s", hashSize: 8},
	"bitbucket": {name: "Bitbucket", url: "https://bitbucket.org", user: bitbucketUser,
		issue: "https://bitbucket.org/%s/%s/issues/%s", pull: "https://bitbucket.org/%s/%s/pull-requests/%s",
		commit: "https://bitbucket.org/%s/%s/commits/commit/%s", diffs: "https://bitbucket.org/%s/%s/branches/commits/%s..%s#diff", hashSize: 7},
}

// Patterns, anchored at the current position; look-behinds and word
// boundaries are checked by hand.
var (
	mentionRe = regexp.MustCompile(`^@(?:(github|gitlab|bitbucket):)?([-.\w]+)`)
	refRe     = regexp.MustCompile(`^(?:(?:(github|gitlab|bitbucket):)?([-.\w]+)/)?(` + repoPattern + `)(?:([#!?][1-9][0-9]*)|@([a-f\d]{40})(?:\.{3}([a-f\d]{40}))?)`)
	microRe   = regexp.MustCompile(`^(?:([#!?][1-9][0-9]*)|([a-f\d]{40})(?:\.{3}([a-f\d]{40}))?)`)
	repoRe    = regexp.MustCompile(`^/(` + repoPattern + `)`)
	userRes   = map[string]*regexp.Regexp{}
)

func init() {
	for name, p := range providers {
		userRes[name] = regexp.MustCompile(`^(?:` + p.user + `)$`)
	}
}

// link is what a shorthand becomes.
type link struct {
	href, title, class, text string
}

// KindLink is the kind of Link.
var KindLink = ast.NewNodeKind("MagicLink")

// Link is a shorthand made a link.
type Link struct {
	ast.BaseInline
	Href, Title, Class, Label string
}

// Kind implements ast.Node.
func (l *Link) Kind() ast.NodeKind { return KindLink }

// Dump implements ast.Node.
func (l *Link) Dump(source []byte, level int) {
	ast.DumpHelper(l, source, level, map[string]string{"Href": l.Href}, nil)
}

type transformer struct {
	o    Options
	prov string
}

// Transform implements parser.ASTTransformer.
func (t *transformer) Transform(doc *ast.Document, reader text.Reader, _ parser.Context) {
	source := reader.Source()
	texts := textnodes.Plain(doc, ast.KindLink)
	for _, tx := range texts {
		t.replace(tx, source)
	}
}

// replace splits tx around each shorthand in it.
func (t *transformer) replace(tx *ast.Text, source []byte) {
	seg := tx.Segment
	value := seg.Value(source)
	parent := tx.Parent()
	cur := ast.Node(tx)
	from := 0
	for i := 0; i < len(value); i++ {
		c := value[i]
		if c != '@' && c != '#' && c != '!' && c != '?' && !isAlnum(c) {
			continue
		}
		prev := ' '
		if i > 0 {
			prev, _ = utf8.DecodeLastRune(value[:i])
		}
		if isAlnum(c) && isWord(prev) {
			continue // not at the start of a word
		}
		l, n := t.match(value[i:], prev)
		if n == 0 {
			continue
		}
		before := ast.NewTextSegment(text.NewSegment(seg.Start+from, seg.Start+i))
		node := &Link{Href: l.href, Title: l.title, Class: l.class, Label: l.text}
		rest := ast.NewTextSegment(text.NewSegment(seg.Start+i+n, seg.Stop))
		rest.SetSoftLineBreak(tx.SoftLineBreak())
		rest.SetHardLineBreak(tx.HardLineBreak())
		parent.InsertBefore(parent, cur, before)
		parent.InsertBefore(parent, cur, node)
		parent.ReplaceChild(parent, cur, rest)
		cur = rest
		from = i + n
		i += n - 1
	}
}

// match tries the shorthands at s[0], in pymdownx's order.
func (t *transformer) match(s []byte, prev rune) (link, int) {
	switch {
	case s[0] == '@':
		if isASCIILetter(prev) {
			return link{}, 0
		}
		return t.mention(s)
	case s[0] == '#' || s[0] == '!' || s[0] == '?':
		if isASCIILetter(prev) {
			return link{}, 0
		}
		return t.micro(s)
	case prev == '@' || prev == '/':
		return link{}, 0
	}
	if l, n := t.ref(s); n > 0 {
		return l, n
	}
	return t.micro(s)
}

// mention matches @user and @user/repo (with an optional provider:).
func (t *transformer) mention(s []byte) (link, int) {
	m := mentionRe.FindSubmatchIndex(s)
	if m == nil {
		return link{}, 0
	}
	prov := t.prov
	if m[2] >= 0 {
		prov = string(s[m[2]:m[3]])
	}
	if providers[prov] == nil {
		return link{}, 0
	}
	user, n := longestUser(prov, s[m[4]:m[5]])
	if n == 0 || wordAt(s, m[4]+n) {
		return link{}, 0
	}
	end := m[4] + n
	p := providers[prov]
	if r := repoRe.FindSubmatchIndex(s[end:]); r != nil && !wordAt(s, end+r[1]) {
		repo := string(s[end+r[2] : end+r[3]])
		return link{
			href:  p.url + "/" + user + "/" + repo,
			title: p.name + " " + t.label("repository", "Repository") + ": " + user + "/" + repo,
			class: "magiclink magiclink-" + prov + " magiclink-repository",
			text:  user + "/" + repo,
		}, end + r[1]
	}
	return link{
		href:  p.url + "/" + user,
		title: p.name + " " + t.label("mention", "User") + ": " + user,
		class: "magiclink magiclink-" + prov + " magiclink-mention",
		text:  "@" + user,
	}, end
}

// longestUser returns the longest prefix of b that is a user name for the
// provider.
func longestUser(prov string, b []byte) (string, int) {
	re := userRes[prov]
	for n := min(len(b), 39); n > 0; n-- {
		if re.Match(b[:n]) {
			return string(b[:n]), n
		}
	}
	return "", 0
}

// ref matches repo#1, user/repo#1, repo@hash and user/repo@hash...hash.
func (t *transformer) ref(s []byte) (link, int) {
	m := refRe.FindSubmatchIndex(s)
	if m == nil || wordAt(s, m[1]) {
		return link{}, 0
	}
	prov, user := t.prov, t.o.User
	if m[4] >= 0 {
		u := s[m[4]:m[5]]
		if m[2] >= 0 {
			prov = string(s[m[2]:m[3]])
		} else if t.prov == "" {
			return link{}, 0
		}
		name, n := longestUser(prov, u)
		if n != len(u) {
			return link{}, 0
		}
		user = name
	} else if m[2] >= 0 {
		return link{}, 0
	}
	if user == "" || providers[prov] == nil {
		return link{}, 0
	}
	repo := string(s[m[6]:m[7]])
	l, ok := t.reference(prov, user, repo, group(s, m, 4), group(s, m, 5), group(s, m, 6))
	if !ok {
		return link{}, 0
	}
	return l, m[1]
}

// micro matches #1, !1, ?1, a hash and hash...hash of the configured
// repository.
func (t *transformer) micro(s []byte) (link, int) {
	if t.o.User == "" || t.o.Repo == "" {
		return link{}, 0
	}
	m := microRe.FindSubmatchIndex(s)
	if m == nil || wordAt(s, m[1]) {
		return link{}, 0
	}
	l, ok := t.reference(t.prov, t.o.User, t.o.Repo, group(s, m, 1), group(s, m, 2), group(s, m, 3))
	if !ok {
		return link{}, 0
	}
	return l, m[1]
}

func group(s []byte, m []int, i int) string {
	if m[2*i] < 0 {
		return ""
	}
	return string(s[m[2*i]:m[2*i+1]])
}

// reference builds the link to an issue, a commit or a comparison; the
// text names the repository only when it is not the configured one.
func (t *transformer) reference(prov, user, repo, issue, commit, diff string) (link, bool) {
	p := providers[prov]
	prefix := user + "/" + repo
	switch {
	case user == t.o.User && prov == t.prov && repo == t.o.Repo:
		prefix = ""
	case user == t.o.User && prov == t.prov:
		prefix = repo
	}
	join := func(sep, s string) string {
		if prefix == "" {
			return s
		}
		return prefix + sep + s
	}
	switch {
	case diff != "":
		a, b := commit[:p.hashSize], diff[:p.hashSize]
		return link{
			href:  sprintf(p.diffs, user, repo, commit, diff),
			title: p.name + " " + t.label("compare", "Compare") + ": " + user + "/" + repo + "@" + a + "..." + b,
			class: "magiclink magiclink-" + prov + " magiclink-compare", text: join("@", a+"..."+b),
		}, true
	case commit != "":
		a := commit[:p.hashSize]
		return link{
			href:  sprintf(p.commit, user, repo, commit),
			title: p.name + " " + t.label("commit", "Commit") + ": " + user + "/" + repo + "@" + a,
			class: "magiclink magiclink-" + prov + " magiclink-commit", text: join("@", a),
		}, true
	}
	symbol, number := issue[:1], issue[1:]
	var href, label, class string
	switch {
	case symbol == "#":
		href, label, class = p.issue, t.label("issue", "Issue"), "magiclink-issue"
	case symbol == "!":
		href, label, class = p.pull, t.label("pull", "Pull Request"), "magiclink-pull"
	case symbol == "?" && prov == "github":
		href, label, class = p.discuss, t.label("discuss", "Discussion"), "magiclink-discussion"
	default:
		return link{}, false
	}
	if t.o.NormalizeIssueSymbols {
		symbol = "#"
	}
	return link{
		href:  sprintf(href, user, repo, number),
		title: p.name + " " + label + ": " + user + "/" + repo + " #" + number,
		class: "magiclink magiclink-" + prov + " " + class, text: join("", symbol+number),
	}, true
}

// sprintf fills %s verbs in order (the templates hold nothing else).
func sprintf(format string, args ...string) string {
	for _, a := range args {
		format = strings.Replace(format, "%s", a, 1)
	}
	return format
}

func (t *transformer) label(key, def string) string {
	if l, ok := t.o.Labels[key]; ok {
		return l
	}
	return def
}

func isAlnum(c byte) bool {
	return c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z'
}

func isASCIILetter(r rune) bool { return r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' }

func isWord(r rune) bool { return r == '_' || unicode.IsLetter(r) || unicode.IsNumber(r) }

// wordAt reports whether a word character is at s[i] (a \b fails there).
func wordAt(s []byte, i int) bool {
	if i >= len(s) {
		return false
	}
	r, _ := utf8.DecodeRune(s[i:])
	return isWord(r)
}

type htmlRenderer struct{}

// RegisterFuncs implements renderer.NodeRenderer.
func (htmlRenderer) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(KindLink, func(w util.BufWriter, _ []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		l := n.(*Link)
		_, _ = w.WriteString(`<a class="` + l.Class + `" href="`)
		_, _ = w.Write(util.EscapeHTML([]byte(l.Href)))
		_, _ = w.WriteString(`" title="`)
		_, _ = w.Write(util.EscapeHTML([]byte(l.Title)))
		_, _ = w.WriteString(`">`)
		_, _ = w.Write(util.EscapeHTML([]byte(l.Label)))
		_, _ = w.WriteString("</a>")
		return ast.WalkSkipChildren, nil
	})
}

type extender struct{ o Options }

// New returns the extension; without RepoShorthand it does nothing.
func New(o Options) goldmark.Extender { return &extender{o} }

// Extend implements goldmark.Extender.
func (e *extender) Extend(m goldmark.Markdown) {
	if !e.o.RepoShorthand {
		return
	}
	prov := strings.ToLower(e.o.Provider)
	if prov == "" {
		prov = "github"
	}
	if providers[prov] == nil {
		prov = ""
	}
	m.Parser().AddOptions(parser.WithASTTransformers(util.Prioritized(&transformer{o: e.o, prov: prov}, 510)))
	m.Renderer().AddOptions(renderer.WithNodeRenderers(util.Prioritized(htmlRenderer{}, 500)))
}
