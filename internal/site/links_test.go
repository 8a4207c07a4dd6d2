package site

import "testing"

func TestRelURLAndRootPrefix(t *testing.T) {
	cases := []struct{ from, to, want string }{
		{"experiences/a/", "experiences/b/", "../b/"},
		{"", "experiences/b/", "experiences/b/"},
		{"experiences/a/", "", "../../"},
		{"experiences/a/", "experiences/a/", "./"},
		{"experiences/a/", "img/x.png", "../../img/x.png"},
		{"experiences/a.html", "experiences/b.html", "b.html"},
		{"experiences/a.html", "index.html", "../index.html"},
		{"index.html", "guide/x.html", "guide/x.html"},
	}
	for _, c := range cases {
		if got := RelURL(c.from, c.to); got != c.want {
			t.Errorf("RelURL(%q, %q) = %q, want %q", c.from, c.to, got, c.want)
		}
	}
	for url, want := range map[string]string{"": "", "a/": "../", "a/b/": "../../", "a.html": "", "a/b.html": "../"} {
		if got := RootPrefix(url); got != want {
			t.Errorf("RootPrefix(%q) = %q, want %q", url, got, want)
		}
	}
}
