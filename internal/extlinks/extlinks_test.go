package extlinks

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"handbook/internal/diag"
)

// server is a local test site; it counts requests per "METHOD path".
type server struct {
	*httptest.Server
	mu       sync.Mutex
	requests map[string]int
}

func newServer(t *testing.T, handler http.HandlerFunc) *server {
	s := &server{requests: map[string]int{}}
	s.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.mu.Lock()
		s.requests[r.Method+" "+r.URL.Path]++
		s.mu.Unlock()
		handler(w, r)
	}))
	t.Cleanup(s.Close)
	return s
}

func (s *server) count(key string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.requests[key]
}

func (s *server) total() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	n := 0
	for _, c := range s.requests {
		n += c
	}
	return n
}

// site answers by path: /ok 200, /missing 404, /error 500, /gethead only
// GET (HEAD 405), /forbidhead (HEAD 403, GET 404), /redirect/N a chain of N
// redirects ending at /ok, /loop a redirect to itself.
func site(w http.ResponseWriter, r *http.Request) {
	p := r.URL.Path
	switch {
	case p == "/ok":
		fmt.Fprint(w, "fine")
	case p == "/missing":
		http.NotFound(w, r)
	case p == "/error":
		http.Error(w, "boom", http.StatusInternalServerError)
	case p == "/gethead":
		if r.Method == http.MethodHead {
			w.WriteHeader(http.StatusMethodNotAllowed)
			return
		}
		fmt.Fprint(w, "fine")
	case p == "/forbidhead":
		if r.Method == http.MethodHead {
			w.WriteHeader(http.StatusForbidden)
			return
		}
		http.NotFound(w, r)
	case strings.HasPrefix(p, "/redirect/"):
		var n int
		fmt.Sscanf(strings.TrimPrefix(p, "/redirect/"), "%d", &n)
		next := "/ok"
		if n > 1 {
			next = fmt.Sprintf("/redirect/%d", n-1)
		}
		http.Redirect(w, r, next, http.StatusFound)
	case p == "/loop":
		http.Redirect(w, r, "/loop", http.StatusMovedPermanently)
	default:
		http.NotFound(w, r)
	}
}

func link(u string, path string, line int) Link {
	return Link{URL: u, Path: path, Line: line, Col: 3}
}

func messages(l diag.List) []string {
	var out []string
	for _, d := range l {
		out = append(out, d.String())
	}
	return out
}

func checkMessages(t *testing.T, got diag.List, want ...string) {
	t.Helper()
	g := messages(got)
	if strings.Join(g, "\n") != strings.Join(want, "\n") {
		t.Errorf("diagnostics:\n%s\nwant:\n%s", strings.Join(g, "\n"), strings.Join(want, "\n"))
	}
}

func TestStatuses(t *testing.T) {
	s := newServer(t, site)
	links := []Link{
		link(s.URL+"/ok", "a.md", 1),
		link(s.URL+"/missing", "a.md", 2),
		link(s.URL+"/error", "a.md", 3),
		link(s.URL+"/gethead", "a.md", 4),
		link(s.URL+"/forbidhead", "a.md", 5),
	}
	got := Check(context.Background(), links, Options{})
	checkMessages(t, got,
		fmt.Sprintf(`a.md:2:3: broken external link "%s/missing": 404 Not Found`, s.URL),
		fmt.Sprintf(`a.md:3:3: broken external link "%s/error": 500 Internal Server Error`, s.URL),
		fmt.Sprintf(`a.md:5:3: broken external link "%s/forbidhead": 404 Not Found`, s.URL),
	)
	for _, d := range got {
		if d.Severity != diag.Error || d.Code != Code {
			t.Errorf("%v: severity %v code %q, want error %q", d, d.Severity, d.Code, Code)
		}
	}
	if s.count("GET /ok") != 0 || s.count("HEAD /ok") != 1 {
		t.Errorf("a working HEAD must not be followed by GET: %v", s.requests)
	}
	if s.count("HEAD /gethead") != 1 || s.count("GET /gethead") != 1 {
		t.Errorf("HEAD 405 must be retried once with GET: %v", s.requests)
	}
	if s.count("GET /missing") != 0 {
		t.Errorf("a 404 on HEAD is final: %v", s.requests)
	}
}

func TestRedirects(t *testing.T) {
	s := newServer(t, site)
	links := []Link{
		link(s.URL+"/redirect/3", "r.md", 1),
		link(s.URL+"/redirect/5", "r.md", 2),
		link(s.URL+"/redirect/6", "r.md", 3),
		link(s.URL+"/loop", "r.md", 4),
	}
	got := Check(context.Background(), links, Options{})
	checkMessages(t, got,
		fmt.Sprintf(`r.md:3:3: broken external link "%s/redirect/6": stopped after 5 redirects`, s.URL),
		fmt.Sprintf(`r.md:4:3: broken external link "%s/loop": stopped after 5 redirects`, s.URL),
	)
}

func TestTimeout(t *testing.T) {
	release := make(chan struct{})
	defer close(release)
	s := newServer(t, func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-release:
		case <-r.Context().Done():
		}
	})
	start := time.Now()
	got := Check(context.Background(), []Link{link(s.URL+"/slow", "s.md", 7)}, Options{Timeout: 100 * time.Millisecond})
	checkMessages(t, got, fmt.Sprintf(`s.md:7:3: broken external link "%s/slow": timeout after 100ms`, s.URL))
	if elapsed := time.Since(start); elapsed > 3*time.Second {
		t.Errorf("took %v with a 100ms timeout per request", elapsed)
	}
}

func TestConnectionRefused(t *testing.T) {
	s := httptest.NewServer(http.NotFoundHandler())
	u := s.URL + "/gone"
	s.Close()
	got := Check(context.Background(), []Link{link(u, "c.md", 1)}, Options{})
	checkMessages(t, got, fmt.Sprintf(`c.md:1:3: broken external link "%s": connection refused`, u))
}

func TestOnlyHTTPIsRequestedOncePerURL(t *testing.T) {
	s := newServer(t, site)
	links := []Link{
		link(s.URL+"/missing#intro", "a.md", 1),
		link(s.URL+"/missing", "b.md", 2),
		link(s.URL+"/missing#usage", "c.md", 3),
		link("mailto:someone@example.com", "a.md", 4),
		link("tel:+15551234", "a.md", 5),
		link("ftp://example.com/file", "a.md", 6),
	}
	got := Check(context.Background(), links, Options{})
	checkMessages(t, got,
		fmt.Sprintf(`a.md:1:3: broken external link "%s/missing#intro": 404 Not Found`, s.URL),
		fmt.Sprintf(`b.md:2:3: broken external link "%s/missing": 404 Not Found`, s.URL),
		fmt.Sprintf(`c.md:3:3: broken external link "%s/missing#usage": 404 Not Found`, s.URL),
	)
	if n := s.total(); n != 1 {
		t.Errorf("server got %d requests, want exactly 1: %v", n, s.requests)
	}
}

// Several local servers (distinct host:port) that hold each request for a
// while and record how many are in flight, overall and per server.
func TestConcurrencyLimits(t *testing.T) {
	var mu sync.Mutex
	inFlight, maxInFlight := 0, 0
	perHost := map[string]int{}
	maxPerHost := 0
	handler := func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		inFlight++
		perHost[r.Host]++
		maxInFlight = max(maxInFlight, inFlight)
		maxPerHost = max(maxPerHost, perHost[r.Host])
		mu.Unlock()
		time.Sleep(60 * time.Millisecond)
		mu.Lock()
		inFlight--
		perHost[r.Host]--
		mu.Unlock()
	}
	var links []Link
	for range 4 {
		s := newServer(t, handler)
		for i := range 5 {
			links = append(links, link(fmt.Sprintf("%s/page%d", s.URL, i), "x.md", i+1))
		}
	}
	got := Check(context.Background(), links, Options{Concurrency: 3, PerHost: 2})
	checkMessages(t, got)
	if maxInFlight > 3 || maxPerHost > 2 {
		t.Errorf("max in flight %d (limit 3), max per host %d (limit 2)", maxInFlight, maxPerHost)
	}
	if maxInFlight < 2 {
		t.Errorf("max in flight %d: requests were not run concurrently", maxInFlight)
	}
}

// clock is a settable Options.Now.
type clock struct{ t time.Time }

func (c *clock) now() time.Time { return c.t }

func TestCacheAvoidsRequestsUntilExpiry(t *testing.T) {
	s := newServer(t, site)
	cacheFile := filepath.Join(t.TempDir(), "cache", "extlinks.json")
	clk := &clock{t: time.Date(2025, 3, 1, 12, 0, 0, 0, time.UTC)}
	opts := Options{CacheFile: cacheFile, Now: clk.now}
	links := []Link{link(s.URL+"/ok", "a.md", 1), link(s.URL+"/missing", "a.md", 2)}
	want := fmt.Sprintf(`a.md:2:3: broken external link "%s/missing": 404 Not Found`, s.URL)

	checkMessages(t, Check(context.Background(), links, opts), want)
	first := s.total()
	if first != 2 {
		t.Fatalf("first run sent %d requests, want 2", first)
	}

	clk.t = clk.t.Add(30 * time.Minute)
	checkMessages(t, Check(context.Background(), links, opts), want)
	if n := s.total() - first; n != 0 {
		t.Errorf("second run sent %d requests, want 0 (all cached)", n)
	}

	clk.t = clk.t.Add(2 * time.Hour) // failure (1 h) expired, success (24 h) not
	checkMessages(t, Check(context.Background(), links, opts), want)
	if s.count("HEAD /missing") != 2 || s.count("HEAD /ok") != 1 {
		t.Errorf("after 2.5 h only the failure should be re-checked: %v", s.requests)
	}

	clk.t = clk.t.Add(25 * time.Hour)
	Check(context.Background(), links, opts)
	if s.count("HEAD /ok") != 2 {
		t.Errorf("after 25 h the success should be re-checked: %v", s.requests)
	}
}

func TestCacheTTLsAreConfigurable(t *testing.T) {
	s := newServer(t, site)
	clk := &clock{t: time.Date(2025, 3, 1, 12, 0, 0, 0, time.UTC)}
	opts := Options{CacheFile: filepath.Join(t.TempDir(), "c.json"), Now: clk.now, SuccessTTL: time.Minute}
	links := []Link{link(s.URL+"/ok", "a.md", 1)}
	Check(context.Background(), links, opts)
	clk.t = clk.t.Add(2 * time.Minute)
	Check(context.Background(), links, opts)
	if n := s.count("HEAD /ok"); n != 2 {
		t.Errorf("with a 1 minute success TTL, 2 minutes later: %d requests, want 2", n)
	}
}

func TestCorruptCacheIsIgnoredAndRewritten(t *testing.T) {
	s := newServer(t, site)
	cachePath := filepath.Join(t.TempDir(), "extlinks.json")
	if err := os.WriteFile(cachePath, []byte(`{"version":1,"entries":{"x":`), 0o644); err != nil {
		t.Fatal(err)
	}
	got := Check(context.Background(), []Link{link(s.URL+"/ok", "a.md", 1)}, Options{CacheFile: cachePath})
	checkMessages(t, got)
	if n := s.total(); n != 1 {
		t.Errorf("with a corrupt cache: %d requests, want 1", n)
	}
	data, err := os.ReadFile(cachePath)
	if err != nil {
		t.Fatal(err)
	}
	var c cacheFile
	if err := json.Unmarshal(data, &c); err != nil {
		t.Fatalf("cache not rewritten as JSON: %v\n%s", err, data)
	}
	if r, ok := c.Entries[s.URL+"/ok"]; !ok || r.Status != 200 {
		t.Errorf("rewritten cache lacks the checked URL: %s", data)
	}
	leftovers, _ := filepath.Glob(filepath.Join(filepath.Dir(cachePath), ".extlinks-*"))
	if len(leftovers) != 0 {
		t.Errorf("temporary files left behind: %v", leftovers)
	}
}

func TestUserAgentIsSent(t *testing.T) {
	var mu sync.Mutex
	var agents []string
	s := newServer(t, func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		agents = append(agents, r.UserAgent())
		mu.Unlock()
		site(w, r)
	})
	Check(context.Background(), []Link{link(s.URL+"/redirect/1", "a.md", 1)}, Options{UserAgent: "hb-test/2"})
	if strings.Join(agents, ",") != "hb-test/2,hb-test/2" {
		t.Errorf("user agents = %v, want hb-test/2 on both the request and the redirect", agents)
	}
}

func TestCanceledContextReportsNothing(t *testing.T) {
	s := newServer(t, site)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	cacheFile := filepath.Join(t.TempDir(), "c.json")
	got := Check(ctx, []Link{link(s.URL+"/missing", "a.md", 1)}, Options{CacheFile: cacheFile})
	checkMessages(t, got)
	if _, err := os.Stat(cacheFile); err == nil {
		t.Error("a canceled run must not cache anything")
	}
}

func FuzzRequestURL(f *testing.F) {
	for _, s := range []string{"https://example.com/a#b", "HTTP://x", "mailto:a@b", "http:", "#frag", "", "http://[::1"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, raw string) {
		target, ok := requestURL(raw)
		if !ok {
			return
		}
		if strings.Contains(target, "#") {
			t.Fatalf("requestURL(%q) = %q keeps a fragment", raw, target)
		}
		if !strings.HasPrefix(strings.ToLower(target), "http") {
			t.Fatalf("requestURL(%q) = %q is not http(s)", raw, target)
		}
		_ = hostKey(target)
	})
}

func TestProgressCountsCheckedAndFailed(t *testing.T) {
	s := newServer(t, site)
	cacheFile := filepath.Join(t.TempDir(), "extlinks.json")
	clk := &clock{t: time.Date(2025, 3, 1, 12, 0, 0, 0, time.UTC)}
	links := []Link{link(s.URL+"/ok", "a.md", 1), link(s.URL+"/missing", "a.md", 2), link(s.URL+"/error", "b.md", 1),
		link(s.URL+"/ok", "b.md", 2), link("mailto:x@example.com", "b.md", 3)}
	type call struct{ checked, total, failed int }
	record := func() (*[]call, Options) {
		var mu sync.Mutex
		calls := &[]call{}
		return calls, Options{CacheFile: cacheFile, Now: clk.now, Progress: func(c, n, f int) {
			mu.Lock()
			defer mu.Unlock()
			*calls = append(*calls, call{c, n, f})
		}}
	}
	calls, opts := record()
	Check(context.Background(), links, opts)
	// Three distinct http URLs: a first report before any request, then
	// one per request; the counts only grow.
	if len(*calls) != 4 || (*calls)[0] != (call{0, 3, 0}) || (*calls)[3] != (call{3, 3, 2}) {
		t.Errorf("first run: %v", *calls)
	}
	for i := 1; i < len(*calls); i++ {
		if (*calls)[i].checked != (*calls)[i-1].checked+1 || (*calls)[i].failed < (*calls)[i-1].failed {
			t.Errorf("counts go back: %v", *calls)
		}
	}
	// From the cache: all checked and counted at once.
	calls, opts = record()
	Check(context.Background(), links, opts)
	if len(*calls) != 1 || (*calls)[0] != (call{3, 3, 2}) {
		t.Errorf("cached run: %v", *calls)
	}
}
