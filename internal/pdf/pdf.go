// Package pdf prints a built site's printable page to PDF with a headless
// Chromium (through chromedp), serving the site on loopback meanwhile so
// its styles, images and fonts load as they would online.
package pdf

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"strings"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
)

// ErrNoBrowser is returned when no Chromium is installed.
var ErrNoBrowser = errors.New("printing to PDF needs Chromium or Google Chrome, and none was found: " +
	"install Debian's or Ubuntu's chromium package (apt-get install chromium), " +
	"or set HANDBOOK_CHROMIUM to the browser's path")

// Browser returns the Chromium to use: $HANDBOOK_CHROMIUM, else the first
// of chromium, chromium-browser or google-chrome on PATH; "" when none.
func Browser() string {
	if p := os.Getenv("HANDBOOK_CHROMIUM"); p != "" {
		if _, err := os.Stat(p); err != nil {
			return ""
		}
		return p
	}
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	return ""
}

// Print serves files (a built site, output path → bytes) on loopback and
// prints the page at pagePath (site-relative, "print/l6/") to PDF.
func Print(ctx context.Context, files map[string][]byte, pagePath string) ([]byte, error) {
	bin := Browser()
	if bin == "" {
		return nil, ErrNoBrowser
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	srv := &http.Server{Handler: siteHandler(files), ReadHeaderTimeout: 10 * time.Second}
	go srv.Serve(ln)
	defer srv.Close()

	dir, err := os.MkdirTemp("", "handbook-pdf-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(dir)
	alloc, cancelAlloc := chromedp.NewExecAllocator(ctx, chromedp.ExecPath(bin), chromedp.UserDataDir(dir), chromedp.Headless,
		// Chromium makes its singleton socket's folder in TMPDIR and leaves it
		// when killed: keep it in the folder removed below.
		chromedp.Env("TMPDIR="+dir),
		chromedp.NoSandbox, chromedp.DisableGPU, chromedp.NoFirstRun, chromedp.NoDefaultBrowserCheck,
		chromedp.Flag("disable-background-networking", true), chromedp.Flag("disable-dev-shm-usage", true))
	defer cancelAlloc()
	browser, cancel := chromedp.NewContext(alloc)
	defer cancel()
	timed, cancelTimeout := context.WithTimeout(browser, 5*time.Minute)
	defer cancelTimeout()
	url := "http://" + ln.Addr().String() + "/" + strings.TrimPrefix(pagePath, "/")
	if err := chromedp.Do(timed, chromedp.Navigate(url)); err != nil {
		return nil, fmt.Errorf("opening %s in Chromium: %w", pagePath, err)
	}
	if _, err := chromedp.Run(timed, chromedp.Evaluate[bool](`document.fonts.ready.then(() => true)`, chromedp.EvalAwaitPromise)); err != nil {
		return nil, err
	}
	// The page's own print preparation (every block open, tabs named).
	if _, err := chromedp.Run(timed, chromedp.Evaluate[bool](`dispatchEvent(new Event("beforeprint")), true`)); err != nil {
		return nil, err
	}
	yes, margin := true, 0.5
	print := func(ctx context.Context, t *chromedp.Target) ([]byte, error) {
		res, err := cdp.Call(ctx, t, page.PrintToPDF, page.PrintToPDFParams{PrintBackground: &yes, PreferCSSPageSize: &yes,
			MarginTop: &margin, MarginBottom: &margin, GenerateDocumentOutline: &yes})
		return res.Data, err
	}
	return chromedp.Run(timed, print)
}

// siteHandler serves files like a static host: a folder's index.html.
func siteHandler(files map[string][]byte) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		name := strings.TrimPrefix(r.URL.Path, "/")
		if name == "" || strings.HasSuffix(name, "/") {
			name += "index.html"
		}
		b, ok := files[name]
		if !ok {
			http.NotFound(w, r)
			return
		}
		http.ServeContent(w, r, name, time.Time{}, strings.NewReader(string(b)))
	})
}
