package serve

import (
	"bytes"
	"io"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"
)

// FuzzResolve checks that no request path maps outside the site: every key
// found is a file of the site, and no key has a ".." element.
func FuzzResolve(f *testing.F) {
	for _, seed := range []string{"", "guide/", "guide", "../x", "%2e%2e/", "a/../../b", "a\\..\\b", "\x00", "//x", "guide/../404.html", "./"} {
		f.Add(seed)
	}
	files := siteFiles()
	f.Fuzz(func(t *testing.T, rel string) {
		key, redirect, found := resolve(files, rel)
		for _, part := range strings.Split(key, "/") {
			if part == ".." {
				t.Fatalf("resolve(%q) = %q", rel, key)
			}
		}
		switch {
		case redirect:
			if _, ok := files[indexOf(key)]; !ok {
				t.Fatalf("resolve(%q) redirects to %q, which has no index.html", rel, key)
			}
		case found:
			if _, ok := files[key]; !ok {
				t.Fatalf("resolve(%q) found %q, which is not in the site", rel, key)
			}
		}
		if k := pageKey(rel); strings.HasPrefix(k, "/") || strings.Contains("/"+k+"/", "/../") {
			t.Fatalf("pageKey(%q) = %q", rel, k)
		}
	})
}

// FuzzInject checks that injection keeps the page intact around the tag.
func FuzzInject(f *testing.F) {
	for _, seed := range []string{"", "<body></body>", "</BODY>", "</body", "x</bOdY>y</body>z", "\u0130</body>"} {
		f.Add([]byte(seed))
	}
	tag := []byte("<script></script>")
	f.Fuzz(func(t *testing.T, page []byte) {
		out := injectBeforeBodyEnd(page, tag)
		want := lastBodyEnd(page)
		if !bytes.Equal(out, slices.Concat(page[:want], tag, page[want:])) {
			t.Fatalf("inject(%q) = %q: want the tag inserted at %d", page, out, want)
		}
	})
}

// lastBodyEnd finds the last "</body" in any case, or the end of page: the
// slow, obvious way.
func lastBodyEnd(page []byte) int {
	for i := len(page) - 6; i >= 0; i-- {
		if bytes.EqualFold(page[i:i+6], []byte("</body")) {
			return i
		}
	}
	return len(page)
}

// FuzzHandler sends arbitrary paths through the whole handler: no panic, and
// only the expected statuses.
func FuzzHandler(f *testing.F) {
	for _, seed := range []string{"/", "/guide", "/repo/x", "/__handbook/status?page=%00", "/__handbook/nope", "/%ff", "/a%20b"} {
		f.Add(seed)
	}
	s, err := NewServer((&fixedBuild{files: siteFiles()}).build, Options{Log: io.Discard, BasePath: "/repo/"})
	if err != nil {
		f.Fatal(err)
	}
	h := s.Handler()
	f.Fuzz(func(t *testing.T, target string) {
		if strings.Contains(target, "__handbook/events") {
			return // a stream that stays open by design
		}
		req, err := http.NewRequest(http.MethodGet, "http://127.0.0.1/", nil)
		if err != nil {
			t.Fatal(err)
		}
		req.URL.Path = target
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		switch rec.Code {
		case http.StatusOK, http.StatusFound, http.StatusNotFound:
		default:
			t.Fatalf("%q: status %d", target, rec.Code)
		}
	})
}
