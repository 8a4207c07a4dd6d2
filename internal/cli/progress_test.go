package cli

import (
	"bytes"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"handbook/internal/progress"
	"handbook/internal/sitetest"
)

// lockedBuffer collects output written from the progress goroutine.
type lockedBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *lockedBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *lockedBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// terminal is stderr as a terminal (see progress.Terminal).
type terminal struct{ lockedBuffer }

func (*terminal) IsTerminal() bool { return true }

// showProgressAtOnce makes the progress display start without its 2 s
// delay and redraw constantly, for the length of a test.
func showProgressAtOnce(t *testing.T) {
	saved := progressOptions
	progressOptions = progress.Options{Delay: time.Nanosecond, Interval: time.Microsecond, PlainGap: time.Microsecond}
	t.Cleanup(func() { progressOptions = saved })
}

func manyPages(t *testing.T, n int, extra func(i int) string) string {
	dir := t.TempDir()
	var b strings.Builder
	for i := 0; i < n; i++ {
		fmt.Fprintf(&b, "-- content/p%03d.md --\n# Page %d\n\nSome text with words to index.\n%s\n", i, i, extra(i))
	}
	sitetest.WriteTxtar(t, dir, b.String())
	return dir
}

func TestBuildProgressOnATerminal(t *testing.T) {
	showProgressAtOnce(t)
	dir := manyPages(t, 150, func(int) string { return "" })
	var stdout bytes.Buffer
	var stderr terminal
	if code := Run([]string{"build", "--source", dir, "--no-cache"}, &stdout, &stderr); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr.String())
	}
	out := stderr.String()
	if !strings.Contains(out, "\r\033[Kbuilding: ") || !strings.Contains(out, "/150") {
		t.Errorf("no one-line progress with the pages done and total: %q", out)
	}
	if strings.Contains(out, "\n") {
		t.Errorf("the terminal got whole lines: %q", out)
	}
	if !strings.HasSuffix(out, "\r\033[K") {
		t.Errorf("the progress line is left on screen: %q", out[max(0, len(out)-80):])
	}
	if !strings.Contains(stdout.String(), "built 150 pages") {
		t.Errorf("summary %q", stdout.String())
	}
}

func TestBuildProgressInALog(t *testing.T) {
	showProgressAtOnce(t)
	dir := manyPages(t, 150, func(int) string { return "" })
	var stdout bytes.Buffer
	var stderr lockedBuffer
	if code := Run([]string{"build", "--source", dir, "--no-cache"}, &stdout, &stderr); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr.String())
	}
	out := stderr.String()
	if strings.ContainsAny(out, "\r\033") {
		t.Errorf("terminal controls in a log: %q", out)
	}
	if !strings.Contains(out, "building: ") || !strings.HasSuffix(out, "\n") {
		t.Errorf("no plain progress lines: %q", out)
	}
}

func TestCheckExternalProgress(t *testing.T) {
	showProgressAtOnce(t)
	// A loopback server slow enough for the display to show the count
	// growing; every fifth link is a 404.
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		time.Sleep(5 * time.Millisecond)
		if strings.HasSuffix(r.URL.Path, "0") || strings.HasSuffix(r.URL.Path, "5") {
			http.NotFound(w, r)
			return
		}
		fmt.Fprint(w, "ok")
	}))
	defer srv.Close()
	dir := manyPages(t, 40, func(i int) string { return fmt.Sprintf("[link](%s/page/%d)", srv.URL, i) })
	var stdout bytes.Buffer
	var stderr terminal
	code := Run([]string{"check", "--source", dir, "--external"}, &stdout, &stderr)
	if code != 1 {
		t.Fatalf("exit %d, want 1 (broken links): %s", code, stderr.String())
	}
	out := stderr.String()
	if !strings.Contains(out, "\r\033[Kchecking external links: ") || !strings.Contains(out, "/40") {
		t.Errorf("no external-link progress: %q", out)
	}
	if !strings.Contains(out, " failed") {
		t.Errorf("no failures counted: %q", out)
	}
	if got := strings.Count(stdout.String(), "broken external link"); got != 8 {
		t.Errorf("%d broken external links reported, want 8", got)
	}
}

// withoutProgress is a command's stderr without the progress lines a slow
// run shows (after 2 s, which a busy machine can reach on any build).
func withoutProgress(errOut string) string {
	var keep []string
	for _, line := range strings.SplitAfter(errOut, "\n") {
		if !strings.HasPrefix(line, "building: ") && !strings.HasPrefix(line, "checking: ") {
			keep = append(keep, line)
		}
	}
	return strings.Join(keep, "")
}
