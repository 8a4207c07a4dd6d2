package e2e

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"handbook/internal/browsertest"
)

// viewport is a screen the screenshots are taken at.
type viewport struct {
	name          string
	width, height int64
	mobile        bool // mobile emulation: touch, mobile viewport rules
}

var viewports = []viewport{
	{name: "desktop", width: 1280, height: 900},
	{name: "phone", width: 390, height: 844, mobile: true},
}

// screenshotDir is the repository's ignored folder for screenshots to review.
var screenshotDir = filepath.Join("..", "..", "screenshots")

// readmeScreenshots holds the pictures the README shows, the first screen
// of readmeKind at each viewport in each theme (readme-VIEWPORT-THEME.png);
// they are replaced only when HANDBOOK_UPDATE_SCREENSHOT=1, so a test run
// never changes a tracked file.
var readmeScreenshots = filepath.Join("..", "..", ".github", "screenshots")

const readmeKind = "case-study"

// TestScreenshots writes a PNG of every page kind at desktop and phone
// width, light and dark, to screenshots/: the first screen as
// KIND-VIEWPORT-THEME.png and the whole page as KIND-VIEWPORT-THEME-full.png.
// On phones no page may scroll sideways.
func TestScreenshots(t *testing.T) {
	root := handbookSite(t)
	browser := browsertest.New(t)
	if err := os.MkdirAll(screenshotDir, 0o755); err != nil {
		t.Fatal(err)
	}
	for _, vp := range viewports {
		for _, theme := range themes {
			for _, kind := range pageKinds {
				name := kind.name + "-" + vp.name + "-" + theme
				t.Run(name, func(t *testing.T) {
					ctx := newTab(t, browser)
					browsertest.Do(t, ctx, emulate(vp))
					loadPage(t, ctx, root, kind, theme)
					waitForFonts(t, ctx)
					if vp.mobile {
						checkNoSidewaysScroll(t, ctx)
					}
					first := capture(t, ctx, chromedp.CaptureScreenshot())
					writePNG(t, filepath.Join(screenshotDir, name+".png"), first)
					if !kind.tall {
						writePNG(t, filepath.Join(screenshotDir, name+"-full.png"), capture(t, ctx, chromedp.FullScreenshot(100)))
					}
					if kind.name == readmeKind && os.Getenv("HANDBOOK_UPDATE_SCREENSHOT") == "1" {
						writePNG(t, filepath.Join(readmeScreenshots, "readme-"+vp.name+"-"+theme+".png"), first)
					}
				})
			}
		}
	}
}

func emulate(vp viewport) chromedp.Action[chromedp.Void] {
	if vp.mobile {
		return chromedp.EmulateViewport(vp.width, vp.height, chromedp.EmulatePortrait, chromedp.EmulateMobile, chromedp.EmulateTouch)
	}
	return chromedp.EmulateViewport(vp.width, vp.height)
}

// waitForFonts waits until the page's fonts (emoji included) are loaded, so
// no screenshot shows fallback glyphs.
func waitForFonts(t *testing.T, ctx context.Context) {
	t.Helper()
	if _, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`document.fonts.ready.then(() => true)`, chromedp.EvalAwaitPromise)); err != nil {
		t.Fatalf("waiting for fonts: %v", err)
	}
}

// checkNoSidewaysScroll fails when the page is wider than the screen, naming
// the outermost elements that stick out.
func checkNoSidewaysScroll(t *testing.T, ctx context.Context) {
	t.Helper()
	offenders := browsertest.Eval[[]string](t, ctx, `(() => {
		const width = document.documentElement.clientWidth;
		if (document.documentElement.scrollWidth <= width) return [];
		const out = [];
		for (const e of document.body.querySelectorAll("*")) {
			const r = e.getBoundingClientRect();
			const p = e.parentElement.getBoundingClientRect();
			if (r.width > 0 && r.right > width + 1 && p.right <= width + 1) {
				out.push(e.tagName.toLowerCase() + (e.className && typeof e.className === "string" ? "." + e.className.trim().split(/\s+/).join(".") : "") +
					" right edge at " + Math.round(r.right) + "px");
			}
		}
		return out.length ? out.slice(0, 8) : ["document is " + document.documentElement.scrollWidth + "px wide"];
	})()`)
	if len(offenders) > 0 {
		t.Errorf("the page scrolls sideways on a phone:\n%s", strings.Join(offenders, "\n"))
	}
}

func capture(t *testing.T, ctx context.Context, shot chromedp.Action[[]byte]) []byte {
	t.Helper()
	png, err := chromedp.Run(ctx, shot)
	if err != nil {
		t.Fatalf("screenshot: %v", err)
	}
	return png
}

func writePNG(t *testing.T, path string, png []byte) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, png, 0o644); err != nil {
		t.Fatal(err)
	}
}
