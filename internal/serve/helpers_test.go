package serve

import (
	"bufio"
	"bytes"
	"html"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"handbook/internal/diag"
)

// fixedBuild returns a BuildFunc that serves files and records each call's
// changed paths.
type fixedBuild struct {
	files map[string][]byte
	diags diag.List
	err   error
	calls [][]string
}

func (f *fixedBuild) build(changed []string) (*Output, diag.List, error) {
	f.calls = append(f.calls, changed)
	if f.err != nil || f.diags.HasErrors() {
		return nil, f.diags, f.err
	}
	copied := map[string][]byte{}
	for k, v := range f.files {
		copied[k] = v
	}
	return &Output{Files: copied}, f.diags, nil
}

// markdownSite builds a tiny site from the *.md files of dir: "x.md" becomes
// "x/index.html" ("index.md" the root page) showing the file's text in a tall
// page, plus one stylesheet. A file containing BROKEN fails the build with a
// diagnostic at that word.
func markdownSite(dir string) BuildFunc {
	return func(changed []string) (*Output, diag.List, error) {
		names, err := filepath.Glob(filepath.Join(dir, "*.md"))
		if err != nil {
			return nil, nil, err
		}
		sort.Strings(names)
		files := map[string][]byte{"assets/site.css": []byte("main { color: rgb(1, 2, 3); }\n")}
		if css, err := os.ReadFile(filepath.Join(dir, "site.css")); err == nil {
			files["assets/site.css"] = css
		}
		var diags diag.List
		failed := false
		for _, name := range names {
			src, err := os.ReadFile(name)
			if err != nil {
				continue // removed while building; the next batch reports it
			}
			if at := bytes.Index(src, []byte("BROKEN")); at >= 0 {
				// The build fails: nothing is made (as when the config
				// cannot be read).
				line, col := diag.Position(src, at)
				diags.Errorf(filepath.Base(name), line, col, "broken", "the page says BROKEN <b>here</b>")
				failed = true
			}
			if at := bytes.Index(src, []byte("PROBLEM")); at >= 0 {
				// The site is made with an error (as with a broken link).
				line, col := diag.Position(src, at)
				diags.Errorf(filepath.Base(name), line, col, "problem", "the page has a PROBLEM")
			}
			slug := strings.TrimSuffix(filepath.Base(name), ".md")
			key := slug + "/index.html"
			if slug == "index" {
				key = "index.html"
			}
			files[key] = page(string(src))
		}
		if failed {
			return nil, diags, nil
		}
		return &Output{Files: files}, diags, nil
	}
}

func page(text string) []byte {
	return []byte("<!doctype html><html><head><title>t</title><link rel=\"stylesheet\" href=\"/assets/site.css\"></head>" +
		"<body><main id=\"text\">" + html.EscapeString(text) + "</main><div style=\"height:5000px\"></div></body></html>")
}

// startServer serves s on a loopback port for the test's duration.
func startServer(t *testing.T, s *Server) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	go s.Serve(l)
	t.Cleanup(func() { s.Close() })
	return "http://" + l.Addr().String()
}

func newTestServer(t *testing.T, build BuildFunc, opts Options) (*Server, string) {
	t.Helper()
	if opts.Log == nil {
		opts.Log = io.Discard
	}
	s, err := NewServer(build, opts)
	if err != nil {
		t.Fatal(err)
	}
	return s, startServer(t, s)
}

// noRedirects is a client that reports redirects instead of following them.
var noRedirects = &http.Client{
	Timeout:       10 * time.Second,
	CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
}

func get(t *testing.T, url string) (*http.Response, string) {
	t.Helper()
	res, err := noRedirects.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	body, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatal(err)
	}
	return res, string(body)
}

// sseReader reads Server-Sent Events from a live stream.
type sseReader struct {
	t    *testing.T
	res  *http.Response
	rd   *bufio.Reader
	msgs chan message
}

func openEvents(t *testing.T, url string) *sseReader {
	t.Helper()
	res, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	if ct := res.Header.Get("Content-Type"); ct != "text/event-stream" {
		t.Fatalf("events Content-Type %q", ct)
	}
	r := &sseReader{t: t, res: res, rd: bufio.NewReader(res.Body), msgs: make(chan message, 16)}
	go r.pump()
	t.Cleanup(func() { res.Body.Close() })
	return r
}

func (r *sseReader) pump() {
	defer close(r.msgs)
	var m message
	for {
		line, err := r.rd.ReadString('\n')
		if err != nil {
			return
		}
		line = strings.TrimRight(line, "\n")
		switch {
		case line == "":
			if m.event != "" {
				r.msgs <- m
			}
			m = message{}
		case strings.HasPrefix(line, "event: "):
			m.event = strings.TrimPrefix(line, "event: ")
		case strings.HasPrefix(line, "data: "):
			m.data = []byte(strings.TrimPrefix(line, "data: "))
		}
	}
}

func (r *sseReader) next() message {
	r.t.Helper()
	select {
	case m, ok := <-r.msgs:
		if !ok {
			r.t.Fatal("event stream ended")
		}
		return m
	case <-time.After(5 * time.Second):
		r.t.Fatal("no event within 5s")
	}
	return message{}
}

// syncBuffer is a bytes.Buffer safe for one writer and one reader goroutine.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}
