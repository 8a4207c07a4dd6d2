// Package extlinks checks external (http and https) links: each distinct URL
// is requested once, with a global and a per-host concurrency limit, a
// timeout per request, up to five redirects, and a cache on disk so that
// repeated runs only ask again about results that have expired.
package extlinks

import (
	"context"
	"net/http"
	"net/url"
	"sort"
	"strings"
	"time"

	"handbook/internal/diag"
)

// Link is one occurrence of an external URL in a source file.
type Link struct {
	URL, Path string
	Line, Col int
}

// Options tune Check; zero values take the defaults below.
type Options struct {
	Concurrency int           // requests in flight at once (default 8)
	PerHost     int           // requests in flight per host:port (default 2)
	Timeout     time.Duration // per request (default 10 s)
	CacheFile   string        // JSON cache; "" disables the cache
	Client      *http.Client  // default: a new client; its redirect policy is replaced
	Now         func() time.Time
	UserAgent   string
	SuccessTTL  time.Duration // how long a working link is trusted (default 24 h)
	FailureTTL  time.Duration // how long a failure is remembered (default 1 h)
	// Progress, when set, is called once the cache has been read and after
	// each request: the distinct URLs checked so far (those the cache
	// answered included), their number, and the failures so far. It is
	// called from many goroutines.
	Progress func(checked, total, failed int)

	onResult func(result) // set from Progress by resolve
}

// Defaults used for zero Options fields.
const (
	DefaultConcurrency = 8
	DefaultPerHost     = 2
	DefaultTimeout     = 10 * time.Second
	DefaultSuccessTTL  = 24 * time.Hour
	DefaultFailureTTL  = time.Hour
	DefaultUserAgent   = "handbook-linkcheck/1"
	maxRedirects       = 5
)

// Code is the diagnostic code of a broken external link.
const Code = "broken-external-link"

// Check requests every distinct http(s) URL of links (without its fragment)
// and returns one error per occurrence of a URL that failed, formatted
// `broken external link "URL": 404 Not Found` (or the network error).
// Other schemes (mailto:, tel:...) are skipped. URLs whose check was cut
// short because ctx ended are neither reported nor cached.
func Check(ctx context.Context, links []Link, opts Options) diag.List {
	opts = withDefaults(opts)
	targets := map[string]string{} // link URL as written -> URL to request
	var distinct []string
	for _, l := range links {
		target, ok := requestURL(l.URL)
		if !ok {
			continue
		}
		if _, seen := targets[l.URL]; !seen {
			targets[l.URL] = target
			distinct = append(distinct, target)
		}
	}
	results, cacheErr := resolve(ctx, uniqueSorted(distinct), opts)
	var out diag.List
	if cacheErr != nil {
		out.Warnf(opts.CacheFile, 0, 0, "link-cache", "could not write the external link cache: %v", cacheErr)
	}
	for _, l := range links {
		target, ok := targets[l.URL]
		if !ok {
			continue
		}
		if r, done := results[target]; done && !r.ok() {
			out.Errorf(l.Path, l.Line, l.Col, Code, "broken external link %q: %s", l.URL, r.reason())
		}
	}
	out.Sort()
	return out
}

func withDefaults(o Options) Options {
	if o.Concurrency <= 0 {
		o.Concurrency = DefaultConcurrency
	}
	if o.PerHost <= 0 {
		o.PerHost = DefaultPerHost
	}
	if o.Timeout <= 0 {
		o.Timeout = DefaultTimeout
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	if o.UserAgent == "" {
		o.UserAgent = DefaultUserAgent
	}
	if o.SuccessTTL <= 0 {
		o.SuccessTTL = DefaultSuccessTTL
	}
	if o.FailureTTL <= 0 {
		o.FailureTTL = DefaultFailureTTL
	}
	return o
}

// requestURL returns the URL to request for a link: only http and https
// links are checked, and the fragment never reaches the server.
func requestURL(raw string) (string, bool) {
	scheme, _, found := strings.Cut(raw, ":")
	if !found {
		return "", false
	}
	scheme = strings.ToLower(scheme)
	if scheme != "http" && scheme != "https" {
		return "", false
	}
	if i := strings.IndexByte(raw, '#'); i >= 0 {
		raw = raw[:i]
	}
	return raw, true
}

func uniqueSorted(urls []string) []string {
	sort.Strings(urls)
	out := urls[:0]
	for i, u := range urls {
		if i == 0 || u != urls[i-1] {
			out = append(out, u)
		}
	}
	return out
}

// hostKey is what the per-host limit counts: host and port as written.
func hostKey(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return raw
	}
	return strings.ToLower(u.Host)
}
