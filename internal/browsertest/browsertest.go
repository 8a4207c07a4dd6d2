// Package browsertest starts a real headless Chromium for tests, driven with
// chromedp. Every browser test in the project goes through New, so the
// browser flags and the "skip locally, fail in CI" rule live in one place.
package browsertest

import (
	"context"
	"os"
	"os/exec"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// Path returns the Chromium binary to use: $HANDBOOK_CHROMIUM, else the first of
// Debian's chromium, chromium-browser or google-chrome on PATH.
func Path() string {
	if p := os.Getenv("HANDBOOK_CHROMIUM"); p != "" {
		return p
	}
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	return ""
}

// New returns a chromedp context for a fresh headless browser with its own
// empty profile. Without a browser the test is skipped locally, but fails when
// CI is set: browser tests are never silently skipped in CI.
// The browser is closed when the test ends.
func New(t testing.TB) context.Context {
	t.Helper()
	bin := Path()
	if bin == "" {
		if os.Getenv("CI") != "" {
			t.Fatal("no Chromium found (install Debian's chromium package); browser tests must run in CI")
		}
		t.Skip("no Chromium found: install Debian's chromium package to run browser tests")
	}
	// Chromium makes its singleton socket's folder in TMPDIR and leaves it
	// when killed: keep it in a folder of this test's, removed after it.
	// Not t.TempDir(): its path holds the test's name, and the socket's
	// path must fit in 108 bytes.
	dir, err := os.MkdirTemp("", "hb-chromium-")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(dir) })
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(bin),
		chromedp.UserDataDir(dir),
		chromedp.Env("TMPDIR=" + dir),
		chromedp.Headless,
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.NoDefaultBrowserCheck,
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-dev-shm-usage", true),
		chromedp.WindowSize(1280, 900),
	}
	allocCtx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	browserCtx, cancelCtx := chromedp.NewContext(allocCtx)
	t.Cleanup(func() {
		cancelCtx()
		cancelAlloc()
	})
	// Start the browser now, on a context without a deadline (a deadline on
	// the first call would bound the browser's whole life), so a launch
	// failure is reported here, clearly.
	if err := chromedp.Do(browserCtx); err != nil {
		t.Fatalf("starting Chromium (%s): %v", bin, err)
	}
	ctx, cancelTimeout := context.WithTimeout(browserCtx, 90*time.Second)
	t.Cleanup(cancelTimeout)
	return ctx
}

// Eval evaluates a JavaScript expression in the page and returns its value,
// failing the test on error.
func Eval[T any](t testing.TB, ctx context.Context, expr string) T {
	t.Helper()
	v, err := chromedp.Run(ctx, chromedp.Evaluate[T](expr))
	if err != nil {
		t.Fatalf("evaluating %q: %v", expr, err)
	}
	return v
}

// Do runs actions in order, failing the test on error.
func Do(t testing.TB, ctx context.Context, steps ...chromedp.Action[chromedp.Void]) {
	t.Helper()
	if err := chromedp.Do(ctx, steps...); err != nil {
		t.Fatalf("browser: %v", err)
	}
}
