package project

import (
	"regexp"
	"strings"

	"handbook/internal/pathspec"
	"handbook/internal/project/cfgtree"
)

// DocRules are MkDocs 1.5's exclude_docs, not_in_nav and draft_docs
// (gitignore-style patterns over docs-relative paths) and the exclude
// plugin's glob and regex options.
type DocRules struct {
	Exclude, NotInNav, Draft pathspec.Spec
	ExcludeGlobs             []*regexp.Regexp // fnmatch patterns: "*" crosses folders
	ExcludeRegex             []*regexp.Regexp
}

// Excluded reports whether a docs-relative file is left out of the site.
func (c *Config) Excluded(rel string) bool {
	r := &c.Docs
	if r.Exclude.Match(rel) {
		return true
	}
	for _, re := range r.ExcludeGlobs {
		if re.MatchString(rel) {
			return true
		}
	}
	for _, re := range r.ExcludeRegex {
		if re.MatchString(rel) {
			return true
		}
	}
	return false
}

// IsDraft reports whether draft_docs makes a page a draft (built only with
// --drafts, as MkDocs builds drafts only in serve).
func (c *Config) IsDraft(rel string) bool { return c.Docs.Draft.Match(rel) }

// NotInNav reports whether not_in_nav says a page is meant to be left out
// of the nav (no warning that it is not listed).
func (c *Config) NotInNav(rel string) bool { return c.Docs.NotInNav.Match(rel) }

// readDocRules reads exclude_docs, not_in_nav and draft_docs.
func (l *loader) readDocRules(root *cfgtree.Node) {
	for key, spec := range map[string]*pathspec.Spec{
		"exclude_docs": &l.cfg.Docs.Exclude, "not_in_nav": &l.cfg.Docs.NotInNav, "draft_docs": &l.cfg.Docs.Draft,
	} {
		v := root.Get(key)
		if v.IsNull() {
			continue
		}
		text := l.str(v, key)
		s, bad := pathspec.Parse(text)
		for _, b := range bad {
			l.warnAt(v, "config", "%s: pattern %q is not a valid pattern (ignored)", key, b)
		}
		*spec = s
	}
}

// compileExcludePlugin compiles the exclude plugin's options.
func (l *loader) compileExcludePlugin(at *cfgtree.Node) {
	for _, g := range l.cfg.Plugins.ExcludeGlobs {
		l.cfg.Docs.ExcludeGlobs = append(l.cfg.Docs.ExcludeGlobs, regexp.MustCompile(fnmatchRegexp(g)))
	}
	for _, r := range l.cfg.Plugins.ExcludeRegex {
		re, err := regexp.Compile("^(?:" + r + ")")
		if err != nil {
			l.warnAt(at, "config", "exclude: regex %q cannot be read (ignored): %v", r, err)
			continue
		}
		l.cfg.Docs.ExcludeRegex = append(l.cfg.Docs.ExcludeRegex, re)
	}
}

// fnmatchRegexp is Python's fnmatch.translate: "*" and "?" match any
// character, "/" included; [...] is a set.
func fnmatchRegexp(glob string) string {
	var b strings.Builder
	b.WriteString("^")
	for i := 0; i < len(glob); i++ {
		switch c := glob[i]; c {
		case '*':
			b.WriteString(".*")
		case '?':
			b.WriteString(".")
		case '[':
			j := strings.IndexByte(glob[i+1:], ']')
			if j < 0 {
				b.WriteString(`\[`)
				continue
			}
			set := glob[i+1 : i+1+j]
			if strings.HasPrefix(set, "!") {
				set = "^" + set[1:]
			}
			b.WriteString("[" + strings.ReplaceAll(set, `\`, `\\`) + "]")
			i += j + 1
		default:
			b.WriteString(regexp.QuoteMeta(string(c)))
		}
	}
	b.WriteString("$")
	return b.String()
}
