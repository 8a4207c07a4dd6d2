package serve

import (
	"io"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"
)

// request sends GET path with the given Host and extra headers.
func request(t *testing.T, base, path, host string, header map[string]string) int {
	t.Helper()
	req, err := http.NewRequest("GET", base+path, nil)
	if err != nil {
		t.Fatal(err)
	}
	req.Host = host
	for k, v := range header {
		req.Header.Set(k, v)
	}
	res, err := noRedirects.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	return res.StatusCode
}

// TestHostHeaderChecked: a page of another site rebound to 127.0.0.1 sends
// its own name as Host and is refused; loopback names and addresses, and
// configured names, are served.
func TestHostHeaderChecked(t *testing.T) {
	_, base := newTestServer(t, (&fixedBuild{files: siteFiles()}).build, Options{Hosts: []string{"handbook.test"}})
	port := base[strings.LastIndex(base, ":")+1:]
	for host, want := range map[string]int{
		"127.0.0.1:" + port:        200,
		"localhost:" + port:        200,
		"LOCALHOST:" + port:        200,
		"docs.localhost:" + port:   200,
		"[::1]:" + port:            200,
		"127.0.0.1":                200,
		"handbook.test:" + port:    200,
		"evil.example:" + port:     http.StatusMisdirectedRequest,
		"evil.example":             http.StatusMisdirectedRequest,
		"127.0.0.1.evil.example":   http.StatusMisdirectedRequest,
		"localhost.evil.example:1": http.StatusMisdirectedRequest,
	} {
		for _, path := range []string{"/", "/__handbook/status"} {
			if got := request(t, base, path, host, nil); got != want {
				t.Errorf("Host %q, %s: status %d, want %d", host, path, got, want)
			}
		}
	}
}

// TestEndpointsRefuseOtherOrigins: the event stream and the status answer
// only their own pages.
func TestEndpointsRefuseOtherOrigins(t *testing.T) {
	_, base := newTestServer(t, (&fixedBuild{files: siteFiles()}).build, Options{})
	host := strings.TrimPrefix(base, "http://")
	for _, c := range []struct {
		header map[string]string
		want   int
	}{
		{map[string]string{"Origin": "https://evil.example"}, http.StatusForbidden},
		{map[string]string{"Origin": "null"}, http.StatusForbidden},
		{map[string]string{"Sec-Fetch-Site": "cross-site"}, http.StatusForbidden},
		{map[string]string{"Origin": base}, http.StatusOK},
		{map[string]string{"Sec-Fetch-Site": "same-origin"}, http.StatusOK},
		{nil, http.StatusOK},
	} {
		if got := request(t, base, "/__handbook/status", host, c.header); got != c.want {
			t.Errorf("status with %v: %d, want %d", c.header, got, c.want)
		}
	}
}

// TestIdleConnectionsDroppedAndCapped: connections that never send a full
// request are closed, and no more than the cap are accepted at once, so
// idle clients cannot exhaust the process's file descriptors; a real
// request is answered once they are gone.
func TestIdleConnectionsDroppedAndCapped(t *testing.T) {
	oldCap, oldTimeout := maxConns, readHeaderTimeout
	maxConns, readHeaderTimeout = 4, 300*time.Millisecond
	defer func() { maxConns, readHeaderTimeout = oldCap, oldTimeout }()
	_, base := newTestServer(t, (&fixedBuild{files: siteFiles()}).build, Options{})
	addr := strings.TrimPrefix(base, "http://")
	var idle []net.Conn
	for range 8 {
		c, err := net.Dial("tcp", addr)
		if err != nil {
			t.Fatal(err)
		}
		c.Write([]byte("GET / HTTP/1.1\r\nHost: x")) // never finished
		idle = append(idle, c)
	}
	for i, c := range idle {
		c.SetReadDeadline(time.Now().Add(20 * time.Second))
		if _, err := io.ReadAll(c); err != nil {
			t.Fatalf("idle connection %d was not closed by the server: %v", i, err)
		}
		c.Close()
	}
	if got := request(t, base, "/", addr, nil); got != 200 {
		t.Fatalf("status %d after the idle connections", got)
	}
}
