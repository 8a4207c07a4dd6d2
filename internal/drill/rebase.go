package drill

import (
	"net/url"
	"regexp"
	"strings"
)

var schemeRe = regexp.MustCompile(`^[a-zA-Z][a-zA-Z0-9+.\-]*:`)

// Rebase returns a function that rewrites a URL written on the page at
// site URL from (such as "experiences/questions/") so that it reaches the
// same place from the page at site URL to. URLs with a scheme, protocol-
// relative ones and site-absolute ones ("/x") are left as they are; a
// bare "#id" points at the from page.
func Rebase(from, to string) func(string) string {
	base := &url.URL{Path: "/" + from}
	toDir := "/" + to
	if !strings.HasSuffix(toDir, "/") {
		toDir = toDir[:strings.LastIndexByte(toDir, '/')+1]
	}
	return func(u string) string {
		if u == "" || schemeRe.MatchString(u) || strings.HasPrefix(u, "/") {
			return u
		}
		ref, err := url.Parse(u)
		if err != nil {
			return u
		}
		abs := base.ResolveReference(ref)
		out := relPath(toDir, abs.EscapedPath())
		if abs.RawQuery != "" {
			out += "?" + abs.RawQuery
		}
		if abs.Fragment != "" {
			out += "#" + abs.EscapedFragment()
		}
		return out
	}
}

// relPath is the relative path from the folder dir ("/a/b/") to the
// absolute path p.
func relPath(dir, p string) string {
	from := strings.Split(strings.Trim(dir, "/"), "/")
	if dir == "/" {
		from = nil
	}
	to := strings.Split(strings.TrimPrefix(p, "/"), "/")
	common := 0
	for common < len(from) && common < len(to)-1 && from[common] == to[common] {
		common++
	}
	rel := strings.Repeat("../", len(from)-common) + strings.Join(to[common:], "/")
	if rel == "" {
		return "./"
	}
	return rel
}
