package site

import (
	"fmt"
	"net/url"
	"path"
	"regexp"
	"sort"
	"strings"

	"handbook/internal/diag"
	"handbook/internal/markdown"
	"handbook/internal/project"
	"handbook/internal/urlpath"
)

// LinkRef is one link found in a page, resolved against the site.
type LinkRef struct {
	Line, Col int // in the page file
	Dest      string
	Kind      markdown.LinkKind
	External  bool
	Target    *Page  // the page linked to (nil for assets, external and broken links)
	Fragment  string // anchor to check in Target
	Problem   string // non-empty when the link is broken
	// Why is the kind of problem, for its validation level: notFound,
	// unrecognized (a path without an extension that is not a file) or
	// absolute (a site-absolute link left as it is).
	Why problemKind
	Out string // the destination as the page shows it (rewritten)
}

// problemKind is which of MkDocs' link validation settings a problem is
// reported under.
type problemKind int

const (
	notFound problemKind = iota
	unrecognized
	absolute
)

// Linker resolves the links of one page. It implements markdown.Linker.
type Linker struct {
	site  *Site
	page  *Page
	extra map[string]bool // generated URLs that exist without a source (levels/, …)
	Refs  []LinkRef
}

// NewLinker returns the Linker for page p; generated lists site URLs the
// build writes without a source file, such as "levels/l6/".
func (s *Site) NewLinker(p *Page, generated map[string]bool) *Linker {
	return &Linker{site: s, page: p, extra: generated}
}

var schemeRe = regexp.MustCompile(`^[a-zA-Z][a-zA-Z0-9+.\-]*:`)

// IsExternal reports whether a link leaves the site (has a scheme or is
// protocol-relative).
func IsExternal(dest string) bool {
	return schemeRe.MatchString(dest) || strings.HasPrefix(dest, "//")
}

// Rewrite implements markdown.Linker.
func (l *Linker) Rewrite(dest string, kind markdown.LinkKind, line, col int) string {
	ref := l.Resolve(dest, kind)
	ref.Line, ref.Col = line+l.page.BodyLine, col
	l.Refs = append(l.Refs, ref)
	return ref.Out
}

// Resolve resolves one link destination against the site as it is now,
// without recording it: a page converted by an earlier build is still
// right when each of its links resolves as it did then (the build's
// caches check it so).
func (l *Linker) Resolve(dest string, kind markdown.LinkKind) LinkRef {
	ref := LinkRef{Dest: dest, Kind: kind}
	ref.Out = l.resolve(&ref)
	return ref
}

func (l *Linker) resolve(ref *LinkRef) string {
	dest := ref.Dest
	switch {
	case dest == "":
		return dest
	case IsExternal(dest):
		ref.External = true
		return dest
	case strings.HasPrefix(dest, "#"):
		ref.Target, ref.Fragment = l.page, unescape(dest[1:])
		return dest
	}
	pathPart, suffix := splitSuffix(dest)
	fragment := ""
	if i := strings.IndexByte(suffix, '#'); i >= 0 {
		fragment = unescape(suffix[i+1:])
	}
	if pathPart == "" {
		// "?q=x" or "?q=x#y": this page, with a query.
		ref.Target, ref.Fragment = l.page, fragment
		return dest
	}
	p := unescape(pathPart)
	var resolved string
	if strings.HasPrefix(p, "/") {
		if !l.site.Config.Validation.AbsoluteLinksRelativeToDocs {
			// MkDocs leaves it as it is: it names a path of the server.
			ref.Problem, ref.Why = "an absolute link, left as it is (validation: absolute_links: relative_to_docs resolves it in "+l.site.Config.ContentDir+")", absolute
			return dest
		}
		resolved = path.Clean(strings.TrimPrefix(p, "/"))
	} else {
		joined := path.Join(path.Dir(l.page.Src), p)
		if joined == ".." || strings.HasPrefix(joined, "../") {
			ref.Problem = "it leaves the content folder"
			if path.Ext(strings.TrimSuffix(p, "/")) == "" {
				ref.Why = unrecognized // MkDocs: "an unrecognized relative link"
			}
			return dest
		}
		resolved = path.Clean(joined)
	}
	if resolved == "." {
		resolved = ""
	}
	trailing := strings.HasSuffix(p, "/")
	if strings.EqualFold(path.Ext(resolved), ".md") {
		target := l.site.Page(resolved)
		if target == nil {
			ref.Problem = fmt.Sprintf("no page %s", l.site.display(resolved))
			return dest
		}
		ref.Target, ref.Fragment = target, fragment
		return urlpath.Rel(l.page.URL, target.URL) + suffix
	}
	if a := l.site.Asset(resolved); a != nil && !trailing {
		return urlpath.Rel(l.page.URL, urlpath.File(a.Src)) + suffix
	}
	for _, index := range []string{"index.md", "README.md", "readme.md"} {
		if target := l.site.Page(path.Join(resolved, index)); target != nil {
			ref.Target, ref.Fragment = target, fragment
			return urlpath.Rel(l.page.URL, target.URL) + suffix
		}
	}
	if target := l.site.Page(resolved + ".md"); target != nil && strings.HasPrefix(p, "/") {
		ref.Target, ref.Fragment = target, fragment
		return urlpath.Rel(l.page.URL, target.URL) + suffix
	}
	key := strings.TrimSuffix(resolved, "/")
	if l.extra[key+"/"] || l.extra[key] {
		u := key
		if l.extra[key+"/"] {
			u += "/"
		}
		return urlpath.Rel(l.page.URL, u) + suffix
	}
	ref.Problem = fmt.Sprintf("no page or file %s", l.site.display(resolved))
	if path.Ext(strings.TrimSuffix(p, "/")) == "" {
		ref.Why = unrecognized // MkDocs: "an unrecognized relative link"
	}
	return dest
}

func unescape(s string) string {
	if u, err := url.PathUnescape(s); err == nil {
		return u
	}
	return s
}

// splitSuffix separates "a/b.md?x=1#y" into "a/b.md" and "?x=1#y".
func splitSuffix(dest string) (string, string) {
	if i := strings.IndexAny(dest, "?#"); i >= 0 {
		return dest[:i], dest[i:]
	}
	return dest, ""
}

// CheckLinks reports every broken link: missing pages, assets and anchors.
// ids maps each page to the set of ids its HTML holds.
func (s *Site) CheckLinks(refs map[*Page][]LinkRef, ids map[*Page]map[string]bool) diag.List {
	var diags diag.List
	for _, p := range s.Pages {
		diags = append(diags, s.CheckPageLinks(p, refs[p], ids)...)
	}
	return diags
}

// CheckPageLinks checks the links of one page (see CheckLinks), each kind
// of problem at its validation level (see Report).
func (s *Site) CheckPageLinks(p *Page, refs []LinkRef, ids map[*Page]map[string]bool) diag.List {
	var diags diag.List
	v := s.Config.Validation
	for _, r := range refs {
		level := v.LinksAnchors
		if r.Problem != "" {
			code, msg := "broken-link", fmt.Sprintf("broken link %q: %s", r.Dest, r.Problem)
			level = v.LinksNotFound
			switch r.Why {
			case unrecognized:
				code, level = "unrecognized-link", v.LinksUnrecognizedLinks
			case absolute:
				code, msg, level = "absolute-link", fmt.Sprintf("link %q is %s", r.Dest, r.Problem), v.LinksAbsoluteLinks
			}
			s.Report(&diags, s.linkLevel(r, level), s.display(p.Src), r.Line, r.Col, code, msg)
			continue
		}
		if r.Target == nil || r.Fragment == "" {
			continue
		}
		if ids[r.Target][r.Fragment] {
			continue
		}
		where := "in " + r.Target.Src
		if r.Target == p {
			where = "on this page"
		}
		msg := fmt.Sprintf("broken link %q: no heading with id %q %s", r.Dest, r.Fragment, where)
		if near := Nearest(r.Fragment, ids[r.Target], 3); len(near) > 0 {
			for i := range near {
				near[i] = `"#` + near[i] + `"`
			}
			msg += fmt.Sprintf(" (did you mean %s?)", strings.Join(near, " or "))
		}
		s.Report(&diags, s.linkLevel(r, level), s.display(p.Src), r.Line, r.Col, "broken-anchor", msg)
	}
	return diags
}

// validationCodes are the codes of the problems MkDocs' validation levels
// and strict mode govern.
var validationCodes = map[string]bool{
	"broken-link": true, "broken-anchor": true, "unrecognized-link": true, "absolute-link": true,
	"nav": true, "not-in-nav": true,
}

// IsValidationCode reports whether strict mode makes problems of this code
// errors.
func IsValidationCode(code string) bool { return validationCodes[code] }

// linkLevel caps the level of a link in raw HTML in an MkDocs project at
// a note: MkDocs does not read raw HTML's links at all.
func (s *Site) linkLevel(r LinkRef, level project.CheckLevel) project.CheckLevel {
	if r.Kind == markdown.LinkHTML && s.Config.Format != project.FormatHandbook {
		return min(level, project.CheckInfo)
	}
	return level
}

// Report adds a problem at a validation level: nothing (ignore), a note
// (info), or a warning, which strict mode (Options.Strict, or the
// config's) makes an error.
func (s *Site) Report(diags *diag.List, level project.CheckLevel, path string, line, col int, code, msg string) {
	switch {
	case level == project.CheckInfo:
		diags.Infof(path, line, col, code, "%s", msg)
	case level == project.CheckWarn && s.strict:
		diags.Errorf(path, line, col, code, "%s", msg)
	case level == project.CheckWarn:
		diags.Warnf(path, line, col, code, "%s", msg)
	}
}

// Nearest returns up to n candidates close to want, closest first.
func Nearest(want string, candidates map[string]bool, n int) []string {
	type scored struct {
		id   string
		dist int
	}
	var list []scored
	limit := len(want)/2 + 2
	for c := range candidates {
		d := levenshtein(want, c)
		if strings.Contains(c, want) || strings.Contains(want, c) {
			d = min(d, limit-1)
		}
		if d < limit {
			list = append(list, scored{c, d})
		}
	}
	sort.Slice(list, func(i, j int) bool {
		if list[i].dist != list[j].dist {
			return list[i].dist < list[j].dist
		}
		return list[i].id < list[j].id
	})
	var out []string
	for i := 0; i < len(list) && i < n; i++ {
		out = append(out, list[i].id)
	}
	return out
}

func levenshtein(a, b string) int {
	if len(a) > 200 || len(b) > 200 {
		if a == b {
			return 0
		}
		return max(len(a), len(b))
	}
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}

// WhyCode is Why as a number (for a build's state on disk); SetWhyCode
// sets it back.
func (r *LinkRef) WhyCode() int { return int(r.Why) }

// SetWhyCode sets Why from WhyCode's number.
func (r *LinkRef) SetWhyCode(c int) { r.Why = problemKind(c) }
