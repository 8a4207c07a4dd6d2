package extlinks

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"sync"
	"syscall"
	"time"
)

// result is what is known about one URL; it is also the cache entry.
type result struct {
	Status  int       `json:"status,omitempty"`
	Error   string    `json:"error,omitempty"`
	Checked time.Time `json:"checked"`
}

func (r result) ok() bool {
	return r.Error == "" && r.Status >= 200 && r.Status < 300
}

func (r result) reason() string {
	if r.Error != "" {
		return r.Error
	}
	if text := http.StatusText(r.Status); text != "" {
		return fmt.Sprintf("%d %s", r.Status, text)
	}
	return fmt.Sprintf("status %d", r.Status)
}

// checkAll requests urls concurrently. A request first takes a slot of its
// host, then a global slot, so requests queued behind a busy host never
// hold a global slot another host could use.
func checkAll(ctx context.Context, urls []string, opts Options) map[string]result {
	client := newClient(opts)
	global := make(chan struct{}, opts.Concurrency)
	hosts := map[string]chan struct{}{}
	results := make(map[string]result, len(urls))
	var mu sync.Mutex
	var wg sync.WaitGroup
	for _, u := range urls {
		host := hosts[hostKey(u)]
		if host == nil {
			host = make(chan struct{}, opts.PerHost)
			hosts[hostKey(u)] = host
		}
		wg.Go(func() {
			r, done := checkWithSlots(ctx, client, u, opts, host, global)
			if done {
				mu.Lock()
				results[u] = r
				mu.Unlock()
				if opts.onResult != nil {
					opts.onResult(r)
				}
			}
		})
	}
	wg.Wait()
	return results
}

// checkWithSlots checks u once both slots are free; done is false when ctx
// ended first, since such a result says nothing about the link.
func checkWithSlots(ctx context.Context, client *http.Client, u string, opts Options, slots ...chan struct{}) (r result, done bool) {
	for _, slot := range slots {
		select {
		case slot <- struct{}{}:
			defer func() { <-slot }()
		case <-ctx.Done():
			return result{}, false
		}
	}
	r = checkOne(ctx, client, u, opts)
	return r, ctx.Err() == nil
}

var errTooManyRedirects = fmt.Errorf("stopped after %d redirects", maxRedirects)

// newClient copies the configured client (sharing its transport) with the
// redirect limit of the checker.
func newClient(opts Options) *http.Client {
	client := &http.Client{}
	if opts.Client != nil {
		copied := *opts.Client
		client = &copied
	}
	client.CheckRedirect = func(req *http.Request, via []*http.Request) error {
		if len(via) > maxRedirects {
			return errTooManyRedirects
		}
		req.Header.Set("User-Agent", opts.UserAgent)
		return nil
	}
	return client
}

// checkOne sends HEAD, and GET when HEAD failed or the server refuses HEAD
// (405, 403 and 501 are common answers to HEAD from servers that serve GET).
func checkOne(ctx context.Context, client *http.Client, u string, opts Options) result {
	status, err := request(ctx, client, http.MethodHead, u, opts)
	if err != nil || status == http.StatusMethodNotAllowed || status == http.StatusForbidden || status == http.StatusNotImplemented {
		status, err = request(ctx, client, http.MethodGet, u, opts)
	}
	if err != nil {
		return result{Error: describe(err, opts.Timeout)}
	}
	return result{Status: status}
}

// bodyLimit bounds how much of a GET body is read; reading a little lets
// the connection be reused, reading all could take long on large pages.
const bodyLimit = 64 << 10

func request(ctx context.Context, client *http.Client, method, u string, opts Options) (int, error) {
	ctx, cancel := context.WithTimeout(ctx, opts.Timeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, method, u, nil)
	if err != nil {
		return 0, err
	}
	req.Header.Set("User-Agent", opts.UserAgent)
	resp, err := client.Do(req)
	if err != nil {
		return 0, err
	}
	defer resp.Body.Close()
	_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, bodyLimit))
	return resp.StatusCode, nil
}

// describe turns a request error into a short, stable reason.
func describe(err error, timeout time.Duration) string {
	var dnsErr *net.DNSError
	var certErr *tls.CertificateVerificationError
	var authErr x509.UnknownAuthorityError
	var hostErr x509.HostnameError
	var netErr net.Error
	switch {
	case errors.Is(err, errTooManyRedirects):
		return errTooManyRedirects.Error()
	case errors.Is(err, context.DeadlineExceeded), errors.As(err, &netErr) && netErr.Timeout():
		return fmt.Sprintf("timeout after %s", timeout)
	case errors.As(err, &dnsErr):
		return fmt.Sprintf("DNS lookup of %s failed: %s", dnsErr.Name, dnsErr.Err)
	case errors.As(err, &certErr), errors.As(err, &authErr), errors.As(err, &hostErr):
		return "TLS error: " + innermost(err).Error()
	case errors.Is(err, syscall.ECONNREFUSED):
		return "connection refused"
	}
	var urlErr *url.Error
	if errors.As(err, &urlErr) {
		return urlErr.Err.Error()
	}
	return err.Error()
}

// innermost unwraps err to its root cause.
func innermost(err error) error {
	for {
		next := errors.Unwrap(err)
		if next == nil {
			return err
		}
		err = next
	}
}
