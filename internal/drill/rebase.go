package drill

import (
	"net/url"
	"regexp"
	"strings"

	"handbook/internal/urlpath"
)

var schemeRe = regexp.MustCompile(`^[a-zA-Z][a-zA-Z0-9+.\-]*:`)

// Rebase returns a function that rewrites a URL written on the page at
// site URL from (such as "experiences/questions/") so that it reaches the
// same place from the page at site URL to. URLs with a scheme, protocol-
// relative ones and site-absolute ones ("/x") are left as they are; a
// bare "#id" points at the from page.
func Rebase(from, to string) func(string) string {
	base, err := url.Parse("/" + from)
	if err != nil {
		base = &url.URL{Path: "/"}
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
		out := urlpath.Rel(to, strings.TrimPrefix(abs.EscapedPath(), "/"))
		if abs.RawQuery != "" {
			out += "?" + abs.RawQuery
		}
		if abs.Fragment != "" {
			out += "#" + abs.EscapedFragment()
		}
		return out
	}
}
