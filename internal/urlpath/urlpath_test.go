package urlpath

import (
	"net/url"
	"path"
	"strings"
	"testing"
	"unicode/utf8"
)

func TestRelAndRootPrefix(t *testing.T) {
	cases := []struct{ from, to, want string }{
		{"experiences/a/", "experiences/b/", "../b/"},
		{"", "experiences/b/", "experiences/b/"},
		{"experiences/a/", "", "../../"},
		{"experiences/a/", "experiences/a/", "./"},
		{"experiences/a/", "img/x.png", "../../img/x.png"},
		{"experiences/a.html", "experiences/b.html", "b.html"},
		{"experiences/a.html", "index.html", "../index.html"},
		{"index.html", "guide/x.html", "guide/x.html"},
		// A first segment with a colon would be a scheme.
		{"", "javascript:alert(1)/", "./javascript:alert(1)/"},
		{"a/", "a/b:c/", "./b:c/"},
		{"a/", "x:y/b/", "../x:y/b/"},
	}
	for _, c := range cases {
		if got := Rel(c.from, c.to); got != c.want {
			t.Errorf("Rel(%q, %q) = %q, want %q", c.from, c.to, got, c.want)
		}
	}
	for url, want := range map[string]string{"": "", "a/": "../", "a/b/": "../../", "a.html": "", "a/b.html": "../"} {
		if got := RootPrefix(url); got != want {
			t.Errorf("RootPrefix(%q) = %q, want %q", url, got, want)
		}
	}
}

func TestPageURLs(t *testing.T) {
	cases := []struct {
		src     string
		dirURLs bool
		url     string
		out     string
	}{
		{"a/b.md", true, "a/b/", "a/b/index.html"},
		{"a/index.md", true, "a/", "a/index.html"},
		{"README.md", true, "", "index.html"},
		{"a/b.md", false, "a/b.html", "a/b.html"},
		{"a/README.md", false, "a/index.html", "a/index.html"},
		{"a?b#c%d.md", true, "a%3Fb%23c%25d/", "a?b#c%d/index.html"},
		{"with space/é.md", true, "with%20space/%C3%A9/", "with space/é/index.html"},
		{"javascript:alert(document.domain)<!--.md", true, "javascript:alert(document.domain)%3C!--/", "javascript:alert(document.domain)<!--/index.html"},
	}
	for _, c := range cases {
		u := Page(c.src, c.dirURLs)
		if u != c.url || OutPath(u) != c.out {
			t.Errorf("Page(%q) = %q → %q, want %q → %q", c.src, u, OutPath(u), c.url, c.out)
		}
	}
	if got := Join("", Page("javascript:x.md", true)); got != "./javascript:x/" {
		t.Errorf("Join from the root = %q", got)
	}
}

func TestBadNameAndShown(t *testing.T) {
	for _, name := range []string{"a\nb.md", "tab\there.md", "nul\x00.md", "del\x7f.md", "c1\u0085.md"} {
		if _, bad := BadName(name); !bad {
			t.Errorf("%q: not refused", name)
		}
		if s := Shown(name); strings.ContainsFunc(s, func(r rune) bool { _, bad := BadName(string(r)); return bad }) {
			t.Errorf("Shown(%q) = %q still holds a control character", name, s)
		}
	}
	if _, bad := BadName("ok é ?#%.md"); bad {
		t.Error("a name without control characters refused")
	}
}

// FuzzURL: whatever a file is named, its URL is a relative path that
// parses as one (no scheme, no host, no query, no fragment), decodes back
// to the name, and stays so seen from any page.
func FuzzURL(f *testing.F) {
	for _, s := range []string{"a.md", "a?b#c%d.md", "javascript:alert(1).md", "x/y:z/w.md", "//evil.com/x.md", "%2e%2e/x.md", "a b/ü.md", "?.md", "#.md", ":.md", "\\x.md"} {
		f.Add(s, "index.md")
		f.Add(s, "sub/page.md")
		f.Add(s, "a:b/c.md")
	}
	f.Fuzz(func(t *testing.T, name, fromName string) {
		// Names are what a walk of the content folder gives: clean,
		// relative, no control characters.
		for _, n := range []string{name, fromName} {
			if _, bad := BadName(n); bad || !utf8.ValidString(n) || n == "" || path.Clean(n) != n || path.IsAbs(n) || n == ".." || strings.HasPrefix(n, "../") {
				return
			}
		}
		from := Page(fromName, true)
		u := Page(name, true)
		if got := Decode(u); OutPath(u) != got+"index.html" && OutPath(u) != got {
			t.Fatalf("%q: OutPath %q does not decode from %q", name, OutPath(u), u)
		}
		for _, rel := range []string{Rel(from, u), Join(RootPrefix(from), u), Join("", u), Rel(from, File(name))} {
			p, err := url.Parse(rel)
			if err != nil {
				t.Fatalf("%q from %q: %q does not parse: %v", name, from, rel, err)
			}
			if p.Scheme != "" || p.Host != "" || p.User != nil || p.RawQuery != "" || p.Fragment != "" || p.Opaque != "" {
				t.Fatalf("%q from %q: %q is not a plain path: %#v", name, from, rel, p)
			}
			if strings.HasPrefix(rel, "//") {
				t.Fatalf("%q from %q: %q is protocol-relative", name, from, rel)
			}
		}
	})
}

func TestIsRemote(t *testing.T) {
	for s, want := range map[string]bool{
		"https://cdn.example.com/a.js": true, "HTTP://x": true, "//host/a.css": true,
		"assets/a.css": false, "/a.css": false, "mailto:a@b.c": false, "ftp://x": false,
	} {
		if got := IsRemote(s); got != want {
			t.Errorf("IsRemote(%q) = %v, want %v", s, got, want)
		}
	}
}

// relBySplitting is Rel as it was first written, splitting both URLs: Rel
// must give the same for any two.
func relBySplitting(from, to string) string {
	fromParts := splitDirs(folderOf(from))
	toParts := strings.Split(to, "/")
	common := 0
	for common < len(fromParts) && common < len(toParts)-1 && fromParts[common] == toParts[common] {
		common++
	}
	rel := strings.Repeat("../", len(fromParts)-common) + strings.Join(toParts[common:], "/")
	if rel == "" {
		return "./"
	}
	return Safe(rel)
}

func FuzzRelAsBySplitting(f *testing.F) {
	for _, p := range [][2]string{{"", "a/"}, {"a/b/", "a/c/"}, {"a/b/", "a/b/"}, {"a/b/c.html", "a/x"}, {"a//b/", "a//c"}, {"/a/", "a/b"}, {"a/b/", ""}, {"x/", "x"}, {"a/b/", "a/b/c/d/"}} {
		f.Add(p[0], p[1])
	}
	f.Fuzz(func(t *testing.T, from, to string) {
		if got, want := Rel(from, to), relBySplitting(from, to); got != want {
			t.Fatalf("Rel(%q, %q) = %q, splitting gives %q", from, to, got, want)
		}
	})
}
