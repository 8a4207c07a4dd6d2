package serve

import (
	"net"
	"net/http"
	"net/url"
	"strings"
	"time"

	"golang.org/x/net/netutil"
)

// Limits of the preview server: slow or idle clients cannot hold file
// descriptors for long, and at most maxConns connections are open at once
// (the rest wait in the kernel's queue instead of using descriptors). Live
// reload keeps one connection per open tab, far below the cap.
var (
	maxConns          = 1024
	readHeaderTimeout = 10 * time.Second
	idleTimeout       = 2 * time.Minute
)

const maxHeaderBytes = 64 << 10

func newHTTPServer(h http.Handler) *http.Server {
	return &http.Server{
		Handler:           h,
		ReadHeaderTimeout: readHeaderTimeout,
		IdleTimeout:       idleTimeout,
		MaxHeaderBytes:    maxHeaderBytes,
	}
}

func limitListener(l net.Listener) net.Listener { return netutil.LimitListener(l, maxConns) }

// hostAllowed guards against DNS rebinding: a page of another site whose
// name is made to resolve to 127.0.0.1 sends its own name as Host. When the
// server is bound to loopback, only loopback names and addresses, the bound
// address and the names given in Options.Hosts are answered. Bound to
// another address the server is deliberately shared, and any name is.
func (s *Server) hostAllowed(r *http.Request) bool {
	if !isLoopback(s.opts.Bind) {
		return true
	}
	return s.knownHost(hostOnly(r.Host))
}

func (s *Server) knownHost(host string) bool {
	host = strings.ToLower(strings.TrimSuffix(host, "."))
	if host == "" {
		return false
	}
	if isLoopback(host) || host == strings.ToLower(s.opts.Bind) {
		return true
	}
	for _, h := range s.opts.Hosts {
		if strings.EqualFold(h, host) {
			return true
		}
	}
	return false
}

// originAllowed guards the server's own endpoints (the event stream, the
// status): a request another site's page makes carries that site's
// Origin, and is refused. Requests without Origin come from the address
// bar, curl or a same-origin EventSource in older browsers.
func (s *Server) originAllowed(r *http.Request) bool {
	if r.Header.Get("Sec-Fetch-Site") == "cross-site" {
		return false
	}
	origin := r.Header.Get("Origin")
	if origin == "" {
		return true
	}
	u, err := url.Parse(origin)
	if err != nil || u.Host == "" {
		return false // "null" and the like: sandboxed or file pages
	}
	if strings.EqualFold(u.Host, r.Host) {
		return true
	}
	return isLoopback(s.opts.Bind) && s.knownHost(u.Hostname())
}

// isLoopback reports whether host (a name or address, without port) is
// this machine's loopback.
func isLoopback(host string) bool {
	host = strings.ToLower(strings.Trim(host, "[]"))
	if host == "localhost" || strings.HasSuffix(host, ".localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// hostOnly strips the port from a Host header value.
func hostOnly(hostport string) string {
	if h, _, err := net.SplitHostPort(hostport); err == nil {
		return h
	}
	return strings.Trim(hostport, "[]")
}
