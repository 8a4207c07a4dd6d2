// Package urlpath builds every URL the site writes for its pages and files:
// in the nav, the search index, rewritten links, the sitemap, canonical
// links, level and tag pages, previous/next and backlinks. A file's name
// becomes a URL path and nothing else:
//
//   - every byte that is not allowed in a path segment (space, `?`, `#`,
//     `%`, `<`, non-ASCII, …) is percent-encoded, so the link reaches the
//     file whatever its name holds;
//   - a relative URL whose first segment holds a colon starts with "./",
//     so a file named `javascript:alert(1).md` is never read as a scheme;
//   - a name holding a control character has no URL (BadName): the site
//     refuses the file.
//
// Site URLs (Page.URL) are encoded paths relative to the site root, such as
// "guides/a%3Fb/" or "" for the home page.
package urlpath

import (
	"path"
	"strings"
	"unicode/utf8"
)

// allowed marks the bytes a path segment may hold as they are (RFC 3986
// pchar: unreserved, sub-delims, ':' and '@').
var allowed [256]bool

func init() {
	for c := 'a'; c <= 'z'; c++ {
		allowed[c] = true
	}
	for c := 'A'; c <= 'Z'; c++ {
		allowed[c] = true
	}
	for c := '0'; c <= '9'; c++ {
		allowed[c] = true
	}
	for _, c := range "-._~!$&'()*+,;=:@" {
		allowed[c] = true
	}
}

const hexDigits = "0123456789ABCDEF"

// Encode percent-encodes a slash-separated file path into a URL path: the
// slashes stay, every byte a segment may not hold as it is becomes %XX.
func Encode(p string) string {
	n := 0
	for i := 0; i < len(p); i++ {
		if !allowed[p[i]] && p[i] != '/' {
			n++
		}
	}
	if n == 0 {
		return p
	}
	b := make([]byte, 0, len(p)+2*n)
	for i := 0; i < len(p); i++ {
		c := p[i]
		if allowed[c] || c == '/' {
			b = append(b, c)
			continue
		}
		b = append(b, '%', hexDigits[c>>4], hexDigits[c&15])
	}
	return string(b)
}

// Decode turns an encoded URL path back into the file path it names
// (invalid escapes are kept as they are).
func Decode(u string) string {
	if !strings.Contains(u, "%") {
		return u
	}
	b := make([]byte, 0, len(u))
	for i := 0; i < len(u); i++ {
		if u[i] == '%' && i+2 < len(u) && isHex(u[i+1]) && isHex(u[i+2]) {
			b = append(b, unhex(u[i+1])<<4|unhex(u[i+2]))
			i += 2
			continue
		}
		b = append(b, u[i])
	}
	return string(b)
}

func isHex(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}

func unhex(c byte) byte {
	switch {
	case c <= '9':
		return c - '0'
	case c <= 'F':
		return c - 'A' + 10
	}
	return c - 'a' + 10
}

// BadName reports the first control character in a file path (C0, DEL or
// C1), which no URL and no diagnostic line can carry; ok is false when
// there is none.
func BadName(p string) (r rune, ok bool) {
	for _, r := range p {
		if r < 0x20 || r == 0x7f || 0x80 <= r && r < 0xa0 {
			return r, true
		}
	}
	return 0, false
}

// Shown is a path as a diagnostic can print it: control characters and
// invalid UTF-8 written as Go escapes (\n, \x00), everything else as it is.
func Shown(p string) string {
	var b strings.Builder
	for i := 0; i < len(p); {
		r, size := utf8.DecodeRuneInString(p[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			b.WriteString(`\x`)
			b.WriteByte(hexDigits[p[i]>>4])
			b.WriteByte(hexDigits[p[i]&15])
		case r == '\n':
			b.WriteString(`\n`)
		case r == '\t':
			b.WriteString(`\t`)
		case r == '\r':
			b.WriteString(`\r`)
		case r < 0x20 || r == 0x7f:
			b.WriteString(`\x`)
			b.WriteByte(hexDigits[r>>4])
			b.WriteByte(hexDigits[r&15])
		case 0x80 <= r && r < 0xa0:
			b.WriteString(`\u00`)
			b.WriteByte(hexDigits[r>>4])
			b.WriteByte(hexDigits[r&15])
		default:
			b.WriteString(p[i : i+size])
		}
		i += size
	}
	return b.String()
}

// Page is the site URL of a markdown file (content-relative slash path):
// x/y.md → x/y/ ("x/y.html" without directory URLs), x/index.md and
// x/README.md → x/, encoded.
func Page(src string, dirURLs bool) string {
	dir, base := path.Split(src)
	name := strings.TrimSuffix(base, path.Ext(base))
	if !dirURLs {
		if strings.EqualFold(name, "readme") {
			name = "index"
		}
		return Encode(dir + name + ".html")
	}
	if strings.EqualFold(name, "index") || strings.EqualFold(name, "readme") {
		return Encode(dir)
	}
	return Encode(dir + name + "/")
}

// File is the site URL of any other file: its path, encoded.
func File(src string) string { return Encode(src) }

// OutPath is the output file of a site URL: folder URLs hold index.html.
func OutPath(u string) string {
	p := Decode(u)
	if p == "" || strings.HasSuffix(p, "/") {
		return p + "index.html"
	}
	return p
}

// Safe returns a relative URL that no reader takes for a scheme or a host:
// "./" is put before it when its first segment holds a colon, or when it
// starts with "//".
func Safe(rel string) string {
	if strings.HasPrefix(rel, "//") {
		return "./" + rel
	}
	first, _, _ := strings.Cut(rel, "/")
	first, _, _ = strings.Cut(first, "?")
	first, _, _ = strings.Cut(first, "#")
	if strings.Contains(first, ":") {
		return "./" + rel
	}
	return rel
}

// Join is the URL of the site URL u seen from a page whose root prefix
// (RootPrefix) is prefix: prefix + u, made Safe.
func Join(prefix, u string) string {
	return Safe(prefix + u)
}

// Abs is the full URL of the site URL u on a site published at base (which
// ends in "/").
func Abs(base, u string) string { return base + u }

// Rel is the relative URL from the page at site URL from (a folder URL such
// as "a/b/", or "" for the root) to the site URL to, made Safe. It is "./"
// when they are the same folder.
func Rel(from, to string) string {
	// The folders the two share are skipped (to's last segment is never
	// one), without splitting either: every page's links go through here.
	dirs := strings.Trim(folderOf(from), "/")
	depth := 0
	if dirs != "" {
		depth = strings.Count(dirs, "/") + 1
	}
	common, rest := 0, to
	for common < depth {
		dir, dirsRest, _ := strings.Cut(dirs, "/")
		seg, toRest, more := strings.Cut(rest, "/")
		if !more || dir != seg {
			break
		}
		common, dirs, rest = common+1, dirsRest, toRest
	}
	rel := strings.Repeat("../", depth-common) + rest
	if rel == "" {
		return "./"
	}
	return Safe(rel)
}

// folderOf is the folder URL of the page at site URL u: u itself when it
// ends in "/", else its parent ("" for the root).
func folderOf(u string) string {
	if strings.HasSuffix(u, "/") {
		return u
	}
	dir := path.Dir(u) + "/"
	if dir == "./" {
		return ""
	}
	return dir
}

// RootPrefix is the relative URL of the site root from a page URL: "../../".
func RootPrefix(pageURL string) string {
	dir := pageURL
	if !strings.HasSuffix(dir, "/") {
		dir = path.Dir(dir)
		if dir == "." {
			dir = ""
		}
	}
	return strings.Repeat("../", len(splitDirs(dir)))
}

func splitDirs(dir string) []string {
	dir = strings.Trim(dir, "/")
	if dir == "" {
		return nil
	}
	return strings.Split(dir, "/")
}

// IsRemote reports whether an asset path or link is on another host:
// http:, https: or scheme-relative (//host/…).
func IsRemote(s string) bool {
	lower := strings.ToLower(s)
	return strings.HasPrefix(lower, "http://") || strings.HasPrefix(lower, "https://") || strings.HasPrefix(lower, "//")
}
