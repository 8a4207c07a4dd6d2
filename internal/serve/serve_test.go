package serve

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"handbook/internal/diag"
)

func siteFiles() map[string][]byte {
	return map[string][]byte{
		"index.html":                []byte("<html><body><h1>Home</h1></body></html>"),
		"guide/index.html":          []byte("<html><BODY>Guide</BODY></html>"),
		"guide/page.html":           []byte("<html><body>plain page</body></html>"),
		"404.html":                  []byte("<html><body>SITE-404</body></html>"),
		"assets/app.3f2a.css":       []byte("body{}"),
		"assets/app.js":             []byte("(function(){})()"),
		"assets/logo.svg":           []byte("<svg xmlns='http://www.w3.org/2000/svg'></svg>"),
		"assets/font.woff2":         []byte("wOF2"),
		"search.json":               []byte("{}"),
		"a b/index.html":            []byte("<html><body>spaced</body></html>"),
		"experiences/x/index.html":  []byte("<html><body>X</body></html>"),
		"experiences/x/diagram.png": []byte("\x89PNG"),
	}
}

func TestServesFilesWithTypesAndNoCache(t *testing.T) {
	_, url := newTestServer(t, (&fixedBuild{files: siteFiles()}).build, Options{})
	for _, c := range []struct {
		path, wantType, wantBody string
	}{
		{"/", "text/html; charset=utf-8", "<h1>Home</h1>"},
		{"/index.html", "text/html; charset=utf-8", "<h1>Home</h1>"},
		{"/guide/", "text/html; charset=utf-8", "Guide"},
		{"/guide/page.html", "text/html; charset=utf-8", "plain page"},
		{"/assets/app.3f2a.css", "text/css; charset=utf-8", "body{}"},
		{"/assets/app.js", "text/javascript; charset=utf-8", "(function(){})()"},
		{"/assets/logo.svg", "image/svg+xml", "<svg"},
		{"/assets/font.woff2", "font/woff2", "wOF2"},
		{"/search.json", "application/json", "{}"},
		{"/a%20b/", "text/html; charset=utf-8", "spaced"},
		{"/experiences/x/diagram.png", "image/png", "\x89PNG"},
	} {
		res, body := get(t, url+c.path)
		if res.StatusCode != 200 {
			t.Errorf("%s: status %d", c.path, res.StatusCode)
		}
		if got := res.Header.Get("Content-Type"); got != c.wantType {
			t.Errorf("%s: Content-Type %q, want %q", c.path, got, c.wantType)
		}
		if got := res.Header.Get("Cache-Control"); got != "no-cache" {
			t.Errorf("%s: Cache-Control %q", c.path, got)
		}
		if !strings.Contains(body, c.wantBody) {
			t.Errorf("%s: body %q lacks %q", c.path, body, c.wantBody)
		}
	}
}

func TestLiveScriptInjectedIntoHTMLOnly(t *testing.T) {
	_, url := newTestServer(t, (&fixedBuild{files: siteFiles()}).build, Options{})
	_, home := get(t, url+"/")
	hash := contentHash(siteFiles()["index.html"])
	want := `<h1>Home</h1><script src="/__handbook/live.js" data-hb-base="/" data-hb-page="index.html" data-hb-hash="` + hash + `" defer></script></body></html>`
	if !strings.HasSuffix(home, want) {
		t.Errorf("home page:\n%s\nwant suffix\n%s", home, want)
	}
	_, guide := get(t, url+"/guide/")
	if !strings.Contains(guide, `data-hb-page="guide/index.html"`) || !strings.HasSuffix(guide, "defer></script></BODY></html>") {
		t.Errorf("upper-case </BODY> not handled: %s", guide)
	}
	for _, p := range []string{"/assets/app.js", "/assets/app.3f2a.css", "/search.json"} {
		if _, body := get(t, url+p); strings.Contains(body, "live.js") {
			t.Errorf("%s has the live script injected", p)
		}
	}
	res, js := get(t, url+"/__handbook/live.js")
	if res.StatusCode != 200 || res.Header.Get("Content-Type") != "text/javascript; charset=utf-8" || js != string(liveJS) {
		t.Errorf("live.js: status %d, type %q", res.StatusCode, res.Header.Get("Content-Type"))
	}
}

func TestInjectWithoutBodyAppends(t *testing.T) {
	got := injectBeforeBodyEnd([]byte("<p>x"), []byte("<script></script>"))
	if string(got) != "<p>x<script></script>" {
		t.Errorf("got %q", got)
	}
	got = injectBeforeBodyEnd([]byte("<body>a</body><!-- </body> -->\u0130"), []byte("T"))
	if string(got) != "<body>a</body><!-- T</body> -->\u0130" {
		t.Errorf("got %q", got)
	}
}

func TestFolderWithoutSlashRedirects(t *testing.T) {
	_, url := newTestServer(t, (&fixedBuild{files: siteFiles()}).build, Options{})
	for path, want := range map[string]string{
		"/guide":          "/guide/",
		"/experiences/x":  "/experiences/x/",
		"/guide?q=1":      "/guide/?q=1",
		"/a%20b":          "/a%20b/",
		"/guide/../guide": "/guide/",
	} {
		res, _ := get(t, url+path)
		if res.StatusCode != http.StatusFound || res.Header.Get("Location") != want {
			t.Errorf("%s: status %d Location %q, want 302 %q", path, res.StatusCode, res.Header.Get("Location"), want)
		}
	}
}

func TestUnknownPathGetsSite404(t *testing.T) {
	_, url := newTestServer(t, (&fixedBuild{files: siteFiles()}).build, Options{})
	for _, p := range []string{"/nope", "/nope/", "/guide/nope.html", "/assets/missing.css"} {
		res, body := get(t, url+p)
		if res.StatusCode != 404 || !strings.Contains(body, "SITE-404") {
			t.Errorf("%s: status %d body %q", p, res.StatusCode, body)
		}
	}
	_, body := get(t, url+"/new/")
	if !strings.Contains(body, `data-hb-page="new/index.html" data-hb-hash=""`) {
		t.Errorf("404 page does not name the missing page: %s", body)
	}
}

func TestNotFoundWithoutSite404(t *testing.T) {
	files := siteFiles()
	delete(files, "404.html")
	_, url := newTestServer(t, (&fixedBuild{files: files}).build, Options{})
	res, body := get(t, url+"/nope")
	if res.StatusCode != 404 || !strings.Contains(body, "Not found") || !strings.Contains(body, "live.js") {
		t.Errorf("status %d body %q", res.StatusCode, body)
	}
}

func TestBasePath(t *testing.T) {
	_, url := newTestServer(t, (&fixedBuild{files: siteFiles()}).build, Options{BasePath: "https://example.org/repo"})
	for path, want := range map[string]string{"/": "/repo/", "/repo": "/repo/", "/repo/guide": "/repo/guide/"} {
		res, _ := get(t, url+path)
		if res.StatusCode != http.StatusFound || res.Header.Get("Location") != want {
			t.Errorf("%s: status %d Location %q, want %q", path, res.StatusCode, res.Header.Get("Location"), want)
		}
	}
	res, body := get(t, url+"/repo/guide/")
	if res.StatusCode != 200 || !strings.Contains(body, `src="/repo/__handbook/live.js" data-hb-base="/repo/"`) {
		t.Errorf("status %d body %s", res.StatusCode, body)
	}
	if res, _ := get(t, url+"/guide/"); res.StatusCode != 404 {
		t.Errorf("/guide/ outside the base path: status %d", res.StatusCode)
	}
	if res, _ := get(t, url+"/repo/__handbook/status"); res.StatusCode != 200 {
		t.Errorf("status endpoint under base: %d", res.StatusCode)
	}
}

func TestMethodsOtherThanGetRejected(t *testing.T) {
	_, url := newTestServer(t, (&fixedBuild{files: siteFiles()}).build, Options{})
	res, err := http.Post(url+"/", "text/plain", strings.NewReader("x"))
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusMethodNotAllowed {
		t.Errorf("POST: status %d", res.StatusCode)
	}
	req, _ := http.NewRequest(http.MethodHead, url+"/guide/", nil)
	res, err = http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != 200 {
		t.Errorf("HEAD: status %d", res.StatusCode)
	}
}

// rawGet sends target verbatim on the request line, so that no client-side
// cleaning hides what the server does with it.
func rawGet(t *testing.T, addr, target string) (status int, response string) {
	t.Helper()
	conn, err := net.DialTimeout("tcp", addr, 5*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	conn.SetDeadline(time.Now().Add(5 * time.Second))
	if _, err := conn.Write([]byte("GET " + target + " HTTP/1.1\r\nHost: " + addr + "\r\nConnection: close\r\n\r\n")); err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	buf.ReadFrom(conn)
	m := regexp.MustCompile(`^HTTP/1\.1 (\d{3})`).FindStringSubmatch(buf.String())
	if m == nil {
		t.Fatalf("%s: no status line in %q", target, buf.String())
	}
	var code int
	for _, c := range m[1] {
		code = code*10 + int(c-'0')
	}
	return code, buf.String()
}

func TestNoPathOutsideTheSiteIsServed(t *testing.T) {
	root := t.TempDir()
	content := filepath.Join(root, "content")
	secretPath := filepath.Join(root, "secret.txt")
	if err := os.WriteFile(secretPath, []byte("TOP-SECRET"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(content, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(content, "index.md"), []byte("hello"), 0o644); err != nil {
		t.Fatal(err)
	}
	_, url := newTestServer(t, markdownSite(content), Options{Watch: []string{content}})
	addr := strings.TrimPrefix(url, "http://")
	attempts := map[string]int{
		"/../secret.txt":                    404,
		"/../../secret.txt":                 404,
		"/%2e%2e/secret.txt":                404,
		"/%2E%2E/%2e%2e/secret.txt":         404,
		"/..%2fsecret.txt":                  404,
		"/..%2F..%2Fsecret.txt":             404,
		"/%252e%252e/secret.txt":            404,
		"/%252e%252e%252fsecret.txt":        404,
		"/..\\secret.txt":                   404,
		"/%5c..%5csecret.txt":               404,
		"/..%5c..%5csecret.txt":             404,
		"/content/../secret.txt":            404,
		"/./.././secret.txt":                404,
		"//secret.txt":                      404,
		"/" + secretPath:                    404,
		"/" + url + "/../secret.txt":        404,
		"/%00":                              404,
		"/secret.txt%00.html":               404,
		"/index.md":                         404,
		"/..%c0%afsecret.txt":               404,
		"http://" + addr + "/../secret.txt": 404,
		"/..;/secret.txt":                   404,
		"/\x00/secret.txt":                  400, // rejected by net/http before the handler
		"../secret.txt":                     400,
	}
	for target, want := range attempts {
		status, response := rawGet(t, addr, target)
		if strings.Contains(response, "TOP-SECRET") || strings.Contains(response, "hello") && status == 200 && target != "/" {
			t.Errorf("%q leaked a file: %q", target, response)
		}
		if status != want {
			t.Errorf("%q: status %d, want %d", target, status, want)
		}
	}
	if status, response := rawGet(t, addr, "/"); status != 200 || !strings.Contains(response, "hello") {
		t.Errorf("the site itself: status %d", status)
	}
}

func TestEventsAfterRebuild(t *testing.T) {
	build := &fixedBuild{files: siteFiles()}
	s, url := newTestServer(t, build.build, Options{})
	events := openEvents(t, url+"/__handbook/events?page=guide/index.html")
	hello := events.next()
	var status Status
	if err := json.Unmarshal(hello.data, &status); err != nil || hello.event != "hello" {
		t.Fatalf("first event %s %s (%v)", hello.event, hello.data, err)
	}
	if !status.OK || status.Hash != contentHash(siteFiles()["guide/index.html"]) {
		t.Errorf("hello %+v", status)
	}

	build.files["guide/index.html"] = []byte("<html><body>Guide v2</body></html>")
	build.files["new.html"] = []byte("<p>new")
	delete(build.files, "guide/page.html")
	s.Rebuild([]string{"/abs/content/guide.md"})
	m := events.next()
	if m.event != "reload" {
		t.Fatalf("event %q, want reload", m.event)
	}
	var change Change
	if err := json.Unmarshal(m.data, &change); err != nil {
		t.Fatal(err)
	}
	want := Change{Changed: []string{"guide/index.html", "new.html"}, Removed: []string{"guide/page.html"}, Renamed: map[string]string{}}
	if !reflect.DeepEqual(change, want) {
		t.Errorf("change %+v, want %+v", change, want)
	}
	if got := build.calls[len(build.calls)-1]; !reflect.DeepEqual(got, []string{"/abs/content/guide.md"}) {
		t.Errorf("build got changed=%v", got)
	}
	// The event is sent only once the new output is being served.
	if _, body := get(t, url+"/guide/"); !strings.Contains(body, "Guide v2") {
		t.Errorf("after the event the old page is served: %s", body)
	}
}

func TestUnchangedRebuildSendsNothing(t *testing.T) {
	build := &fixedBuild{files: siteFiles()}
	s, url := newTestServer(t, build.build, Options{})
	events := openEvents(t, url+"/__handbook/events")
	events.next() // hello
	s.Rebuild([]string{"/x.md"})
	build.files["index.html"] = []byte("changed")
	s.Rebuild([]string{"/y.md"})
	m := events.next()
	if m.event != "reload" || !strings.Contains(string(m.data), `"changed":["index.html"]`) {
		t.Errorf("first event after an identical rebuild: %s %s", m.event, m.data)
	}
}

func TestFailedBuildKeepsLastGoodAndReportsErrors(t *testing.T) {
	build := &fixedBuild{files: siteFiles()}
	s, url := newTestServer(t, build.build, Options{})
	events := openEvents(t, url+"/__handbook/events?page=index.html")
	events.next()

	build.diags.Errorf("content/x.md", 3, 7, "broken-link", "link to <missing>")
	build.diags.Warnf("content/a.md", 1, 0, "mojibake", "looks like mojibake")
	s.Rebuild([]string{"/content/x.md"})
	m := events.next()
	if m.event != "error" {
		t.Fatalf("event %q, want error", m.event)
	}
	var problems []Problem
	if err := json.Unmarshal(m.data, &problems); err != nil {
		t.Fatal(err)
	}
	want := []Problem{
		{Location: "content/a.md:1:1", Severity: "warning", Message: "looks like mojibake"},
		{Location: "content/x.md:3:7", Severity: "error", Message: "link to <missing>"},
	}
	if !reflect.DeepEqual(problems, want) {
		t.Errorf("problems %+v, want %+v", problems, want)
	}
	if res, body := get(t, url+"/"); res.StatusCode != 200 || !strings.Contains(body, "<h1>Home</h1>") {
		t.Errorf("last good page not served: %d %s", res.StatusCode, body)
	}
	_, st := get(t, url+"/__handbook/status?page=index.html")
	if !strings.Contains(st, `"ok":false`) || !strings.Contains(st, `content/x.md:3:7`) {
		t.Errorf("status while broken: %s", st)
	}

	build.diags = nil
	s.Rebuild([]string{"/content/x.md"})
	m = events.next()
	if m.event != "reload" {
		t.Fatalf("after the fix: event %q, want reload (clears the overlay)", m.event)
	}
	_, st = get(t, url+"/__handbook/status?page=index.html")
	if !strings.Contains(st, `"ok":true`) {
		t.Errorf("status after the fix: %s", st)
	}
}

func TestBuildErrorAndPanicAreFailures(t *testing.T) {
	build := &fixedBuild{files: siteFiles()}
	s, url := newTestServer(t, build.build, Options{})
	build.err = errors.New("config: bad yaml")
	s.Rebuild(nil)
	_, st := get(t, url+"/__handbook/status")
	if !strings.Contains(st, `{"location":"","severity":"error","message":"config: bad yaml"}`) {
		t.Errorf("status: %s", st)
	}
	panicky, _ := NewServer(func([]string) (*Output, diag.List, error) { panic("boom") }, Options{Log: &bytes.Buffer{}})
	if st := panicky.status(""); st.OK || !strings.Contains(st.Problems[0].Message, "boom") {
		t.Errorf("panicking build: %+v", st)
	}
}

func TestFirstBuildFailureServesProblemPage(t *testing.T) {
	build := &fixedBuild{files: siteFiles()}
	build.diags.Errorf("content/<x>.md", 2, 5, "bad", "broken & <b>bold</b>")
	s, url := newTestServer(t, build.build, Options{})
	res, body := get(t, url+"/guide/")
	if res.StatusCode != http.StatusServiceUnavailable {
		t.Errorf("status %d", res.StatusCode)
	}
	if !strings.Contains(body, "<code>content/&lt;x&gt;.md:2:5</code> broken &amp; &lt;b&gt;bold&lt;/b&gt;") {
		t.Errorf("problems not listed (escaped): %s", body)
	}
	if !strings.Contains(body, `data-hb-page="guide/index.html" data-hb-hash=""`) {
		t.Errorf("no live script: %s", body)
	}
	events := openEvents(t, url+"/__handbook/events?page=guide/index.html")
	events.next()
	build.diags = nil
	s.Rebuild([]string{"/content/x.md"})
	m := events.next()
	if m.event != "reload" || !strings.Contains(string(m.data), `"guide/index.html"`) {
		t.Errorf("after the first good build: %s %s", m.event, m.data)
	}
	if res, body := get(t, url+"/guide/"); res.StatusCode != 200 || !strings.Contains(body, "Guide") {
		t.Errorf("after the fix: %d %s", res.StatusCode, body)
	}
}

func TestStylesheetRenameSwapsWithoutReloadingPages(t *testing.T) {
	before := newSite(map[string][]byte{
		"index.html":          []byte(`<link rel="stylesheet" href="assets/app.3f2a.css"><p>home`),
		"about/index.html":    []byte(`<link rel="stylesheet" href="../assets/app.3f2a.css"><p>about`),
		"assets/app.3f2a.css": []byte("a{}"),
	}, nil)
	after := newSite(map[string][]byte{
		"index.html":          []byte(`<link rel="stylesheet" href="assets/app.9b1c.css"><p>home`),
		"about/index.html":    []byte(`<link rel="stylesheet" href="../assets/app.9b1c.css"><p>about, edited`),
		"assets/app.9b1c.css": []byte("a{color:red}"),
	}, nil)
	got := diffSites(before, after)
	want := Change{
		Changed: []string{"about/index.html", "assets/app.9b1c.css"},
		Removed: []string{"assets/app.3f2a.css"},
		Renamed: map[string]string{"assets/app.3f2a.css": "assets/app.9b1c.css"},
		Pages:   2,
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got %+v\nwant %+v", got, want)
	}
}

func TestRebuildLogLines(t *testing.T) {
	wd, _ := os.Getwd()
	build := &fixedBuild{files: siteFiles()}
	var log bytes.Buffer
	s, err := NewServer(build.build, Options{Log: &log})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	build.files["index.html"] = []byte("v2")
	build.files["guide/index.html"] = []byte("v2")
	build.files["assets/app.js"] = []byte("v2")
	s.Rebuild([]string{filepath.Join(wd, "content", "x.md")})
	build.diags.Errorf("content/x.md", 4, 2, "bad", "nope")
	s.Rebuild([]string{filepath.Join(wd, "content", "x.md"), "/elsewhere/a.md", "/b.md", "/c.md"})
	lines := regexp.MustCompile(`\d+ms`).ReplaceAllString(log.String(), "Nms")
	want := "built in Nms: 12 files\n" +
		"rebuilt in Nms: 1 file changed (content/x.md), 2 pages re-rendered\n" +
		"build failed in Nms:\n  content/x.md:4:2: nope\n"
	if lines != want {
		t.Errorf("log:\n%s\nwant:\n%s", lines, want)
	}
	if got := describeSources([]string{"/a", "/b", "/c", "/d", "/e"}); got != "5 files changed (/a, /b, /c, +2 more)" {
		t.Errorf("describeSources: %q", got)
	}
}

func TestWatchedEditTriggersReloadEvent(t *testing.T) {
	dir := t.TempDir()
	src := filepath.Join(dir, "guide.md")
	if err := os.WriteFile(src, []byte("first"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, poll := range []bool{false, true} {
		_, url := newTestServer(t, markdownSite(dir), Options{Watch: []string{dir}, Poll: poll})
		events := openEvents(t, url+"/__handbook/events?page=guide/index.html")
		events.next()
		text := "edited, poll=" + map[bool]string{true: "yes", false: "no"}[poll]
		if err := os.WriteFile(src, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
		m := events.next()
		if m.event != "reload" || string(m.data) != `{"changed":["guide/index.html"],"removed":[],"renamed":{}}` {
			t.Errorf("poll=%v: %s %s", poll, m.event, m.data)
		}
		if _, body := get(t, url+"/guide/"); !strings.Contains(body, text) {
			t.Errorf("poll=%v: page not rebuilt: %s", poll, body)
		}
	}
}

func TestRunTakesNextFreePortAndStops(t *testing.T) {
	busy, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer busy.Close()
	port := busy.Addr().(*net.TCPAddr).Port
	ctx, cancel := context.WithCancel(context.Background())
	var log syncBuffer
	done := make(chan error, 1)
	go func() {
		done <- Run(ctx, (&fixedBuild{files: siteFiles()}).build, Options{Port: port, BasePath: "/repo/", Log: &log})
	}()
	deadline := time.Now().Add(5 * time.Second)
	var m []string
	for time.Now().Before(deadline) {
		m = regexp.MustCompile(`serving on (http://127\.0\.0\.1:(\d+)/repo/)\n`).FindStringSubmatch(log.String())
		if m != nil {
			break
		}
		time.Sleep(20 * time.Millisecond)
	}
	if m == nil {
		t.Fatalf("no URL printed: %q", log.String())
	}
	if !strings.HasPrefix(log.String(), "port ") || !strings.Contains(log.String(), "is in use; using "+m[2]) {
		t.Errorf("busy port not reported first: %q", log.String())
	}
	if res, body := get(t, m[1]+"guide/"); res.StatusCode != 200 || !strings.Contains(body, "Guide") {
		t.Errorf("GET: %d", res.StatusCode)
	}
	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("Run: %v", err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("Run did not return after cancel")
	}
}

// TestDiffOfASiteMadeFromThePreviousOne: a snapshot made from the previous
// one compares only the files the build did not hand over unchanged, and
// still finds every change, addition and removal, including a file handed
// over as new bytes equal to the old ones (not a change).
func TestDiffOfASiteMadeFromThePreviousOne(t *testing.T) {
	kept, edited, same := []byte("kept"), []byte("old"), []byte("same")
	first := newSite(map[string][]byte{"kept.html": kept, "edited.html": edited, "gone.html": []byte("x"), "same.html": same}, nil)
	second := newSite(map[string][]byte{"kept.html": kept, "edited.html": []byte("new"), "added.html": []byte("+"), "same.html": []byte("same")}, first)
	got := diffSites(first, second)
	want := Change{Changed: []string{"added.html", "edited.html"}, Removed: []string{"gone.html"}, Renamed: map[string]string{}, Pages: 2}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got %+v\nwant %+v", got, want)
	}
	if len(second.touched) != 3 {
		t.Errorf("touched %q: the file handed over unchanged was compared", second.touched)
	}
	// Same number of files, one added and one removed.
	third := newSite(map[string][]byte{"kept.html": kept, "edited.html": []byte("new"), "added.html": []byte("+"), "other.html": []byte("o")}, second)
	got = diffSites(second, third)
	want = Change{Changed: []string{"other.html"}, Removed: []string{"same.html"}, Renamed: map[string]string{}, Pages: 1}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("swap of one file for another: got %+v\nwant %+v", got, want)
	}
	if _, ok := third.hashes["same.html"]; ok {
		t.Error("the removed file's hash is still in the snapshot")
	}
}

// A served site does not keep the one before it (nor, through it, every
// earlier one) once the change between them is known.
func TestServedSiteKeepsNoEarlierSite(t *testing.T) {
	build := &fixedBuild{files: siteFiles()}
	s, _ := newTestServer(t, build.build, Options{})
	for i := range 3 {
		build.files["index.html"] = []byte(fmt.Sprintf("<p>v%d", i))
		s.Rebuild([]string{"/abs/index.md"})
		if st := s.state.Load(); st.from != nil || st.touched != nil {
			t.Fatalf("rebuild %d: the served site keeps the site it was made from", i)
		}
	}
}

// TestHalfSavedPageNeverShown: a build may start while an editor is still
// saving (builds start after a very short settle); when more changes
// arrive during it, its result is dropped and the next build, which has
// the whole save, is the one shown.
func TestHalfSavedPageNeverShown(t *testing.T) {
	dir := t.TempDir()
	src := filepath.Join(dir, "guide.md")
	if err := os.WriteFile(src, []byte("first"), 0o644); err != nil {
		t.Fatal(err)
	}
	site := markdownSite(dir)
	var mu sync.Mutex
	var builtHalf bool
	build := func(changed []string) (*Output, diag.List, error) {
		out, diags, err := site(changed)
		if b, _ := os.ReadFile(src); string(b) == "half" {
			// The rest of the save lands while this build runs.
			os.WriteFile(src, []byte("half and the rest"), 0o644)
			time.Sleep(100 * time.Millisecond) // the watcher sees it
			mu.Lock()
			builtHalf = true
			mu.Unlock()
		}
		return out, diags, err
	}
	_, url := newTestServer(t, build, Options{Watch: []string{dir}})
	events := openEvents(t, url+"/__handbook/events?page=guide/index.html")
	events.next()
	if err := os.WriteFile(src, []byte("half"), 0o644); err != nil {
		t.Fatal(err)
	}
	m := events.next()
	if m.event != "reload" {
		t.Fatalf("event %s %s", m.event, m.data)
	}
	if _, body := get(t, url+"/guide/"); !strings.Contains(body, "half and the rest") {
		t.Errorf("the reload shows the half-saved page: %s", body)
	}
	mu.Lock()
	defer mu.Unlock()
	if !builtHalf {
		t.Error("no build read the half-saved page: the test proves nothing")
	}
}
