package e2e

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"handbook/internal/browsertest"
	"handbook/internal/build"
	"handbook/internal/sitetest"
)

var (
	materialOnce sync.Once
	materialDir  string
	materialErr  string
)

// materialSite builds testdata/material-site.txtar (an MkDocs project with
// the plugins and theme features handbook honours) once, and serves it
// under /docs/ as its site_url says.
func materialSite(t *testing.T) string {
	t.Helper()
	materialOnce.Do(func() {
		src, err := tempDir()
		if err != nil {
			materialErr = err.Error()
			return
		}
		data, err := os.ReadFile("testdata/material-site.txtar")
		if err != nil {
			materialErr = err.Error()
			return
		}
		sitetest.WriteTxtar(t, src, string(data))
		res := build.Run(build.Options{Source: src})
		if !res.OK() {
			materialErr = res.Diags[0].String()
			return
		}
		materialDir = filepath.Join(src, "public")
		sitetest.WriteFiles(t, materialDir, res.Files)
	})
	if materialErr != "" {
		t.Fatalf("building the Material fixture: %s", materialErr)
	}
	srv := httptest.NewServer(http.StripPrefix("/docs", http.FileServer(http.Dir(materialDir))))
	t.Cleanup(srv.Close)
	return srv.URL + "/docs/"
}

// materialPages are one page of each kind the plugins add, and pages
// showing the theme features.
var materialPages = []string{
	"", "guide/", "guide/long/", "tags/", "blog/", "blog/page/2/", "blog/archive/2024/",
	"blog/category/news/", "blog/2024/01/10/first-post/", "old/",
}

func TestMaterialFeaturesInBrowser(t *testing.T) {
	root := materialSite(t)
	browser := browsertest.New(t)
	wide := chromedp.EmulateViewport(1280, 800)

	t.Run("navigation.tabs", func(t *testing.T) {
		ctx := newTab(t, browser)
		browsertest.Do(t, ctx, wide, chromedp.Navigate(root+"guide/long/"), chromedp.WaitVisible(chromedp.CSS(".hb-tabs")))
		tabs := browsertest.Eval[[]string](t, ctx, `[...document.querySelectorAll(".hb-tabs a")].map(a => a.textContent + (a.getAttribute("aria-current") ? "*" : ""))`)
		if len(tabs) < 4 || strings.Join(tabs[:4], ",") != "Home,Guide*,Tags,Blog" {
			t.Errorf("tabs %q", tabs)
		}
		shown := browsertest.Eval[[]string](t, ctx, `[...document.querySelectorAll(".hb-nav > ul > li")].filter(li => li.offsetParent).map(li => li.firstElementChild.textContent)`)
		if len(shown) == 0 || shown[0] != "Guide" || strings.Contains(strings.Join(shown, ","), "Blog") || strings.Contains(strings.Join(shown, ","), "Tags") {
			t.Errorf("the sidebar shows %q, want only the current tab's section", shown)
		}
		browsertest.Do(t, ctx, chromedp.Click(chromedp.CSS(`.hb-tabs a[href$="blog/"]`)), chromedp.WaitVisible(chromedp.CSS(".hb-post")))
		if u := browsertest.Eval[string](t, ctx, `location.pathname`); !strings.HasSuffix(u, "/docs/blog/") {
			t.Errorf("the Blog tab went to %s", u)
		}
	})

	t.Run("content.code.copy and navigation.top", func(t *testing.T) {
		ctx := newTab(t, browser)
		browsertest.Do(t, ctx, wide, chromedp.Navigate(root), chromedp.WaitVisible(chromedp.CSS(".highlight .hb-copy")))
		if got := browsertest.Eval[string](t, ctx, `[...document.querySelectorAll(".highlight")].map(b => (b.id || "-") + ":" + !!b.querySelector(".hb-copy")).join(" ")`); got != "-:true listing:false" {
			t.Errorf("blocks (id:has a copy button) %q, want the .no-copy one without", got)
		}
		browsertest.Do(t, ctx, chromedp.Navigate(root+"guide/long/"), chromedp.WaitReady(chromedp.CSS(".hb-article")), scrollTo(4000), scrollTo(3000))
		if _, err := chromedp.Run(ctx, chromedp.Poll[bool](`!document.querySelector(".hb-top").hidden`, chromedp.WithPollingTimeout(5*time.Second))); err != nil {
			t.Error("no back-to-top button while scrolling up")
		}
	})

	t.Run("header.autohide", func(t *testing.T) {
		ctx := newTab(t, browser)
		hidden := `document.querySelector(".hb-header").classList.contains("hb-header--hidden")`
		browsertest.Do(t, ctx, wide, chromedp.Navigate(root+"guide/long/"), chromedp.WaitReady(chromedp.CSS(".hb-article")), scrollTo(2000))
		if _, err := chromedp.Run(ctx, chromedp.Poll[bool](hidden, chromedp.WithPollingTimeout(5*time.Second))); err != nil {
			t.Error("the header stays while scrolling down")
		}
		browsertest.Do(t, ctx, scrollTo(1500))
		if _, err := chromedp.Run(ctx, chromedp.Poll[bool]("!"+hidden, chromedp.WithPollingTimeout(5*time.Second))); err != nil {
			t.Error("the header does not come back when scrolling up")
		}
	})

	t.Run("toc.follow", func(t *testing.T) {
		ctx := newTab(t, browser)
		browsertest.Do(t, ctx, chromedp.EmulateViewport(1400, 500), chromedp.Navigate(root+"guide/long/"), chromedp.WaitReady(chromedp.CSS(".hb-toc a")),
			chromedp.Evaluate[chromedp.Void](`window.scrollTo(0, document.body.scrollHeight)`))
		inView := `(() => {
			const box = document.querySelector(".hb-toc"), a = box.querySelector("a.is-active");
			if (!a || box.scrollTop === 0) return false;
			const r = a.getBoundingClientRect(), b = box.getBoundingClientRect();
			return r.top >= b.top - 1 && r.bottom <= b.bottom + 1;
		})()`
		if _, err := chromedp.Run(ctx, chromedp.Poll[bool](inView, chromedp.WithPollingTimeout(5*time.Second))); err != nil {
			t.Errorf("the table of contents does not follow the section being read: %s",
				browsertest.Eval[string](t, ctx, `(() => { const b = document.querySelector(".hb-toc"), a = b.querySelector("a.is-active"); return [b.scrollTop, b.clientHeight, b.scrollHeight, a && a.textContent].join(" ") })()`))
		}
	})

	t.Run("palette toggle", func(t *testing.T) {
		ctx := newTab(t, browser)
		browsertest.Do(t, ctx, wide, chromedp.Navigate(root), chromedp.WaitVisible(chromedp.CSS("[data-hb-scheme-toggle]")))
		state := `[document.documentElement.dataset.hbScheme, document.documentElement.dataset.theme, document.querySelector("[data-hb-scheme-toggle]").getAttribute("aria-label")].join("|")`
		if got := browsertest.Eval[string](t, ctx, state); got != "0|light|Switch to dark mode" {
			t.Errorf("before: %s", got)
		}
		browsertest.Do(t, ctx, chromedp.Click(chromedp.CSS("[data-hb-scheme-toggle]")))
		if got := browsertest.Eval[string](t, ctx, state); got != "1|dark|Switch to light mode" {
			t.Errorf("after the toggle: %s", got)
		}
		browsertest.Do(t, ctx, chromedp.Reload(), chromedp.WaitVisible(chromedp.CSS("[data-hb-scheme-toggle]")))
		if got := browsertest.Eval[string](t, ctx, state); got != "1|dark|Switch to light mode" {
			t.Errorf("after a reload: %s", got)
		}
		// The yellow primary colour is made readable for links, keeping its hue.
		if c := browsertest.Eval[string](t, ctx, `getComputedStyle(document.documentElement).getPropertyValue("--hb-accent").trim()`); c == "" || c == "#ffec3d" {
			t.Errorf("link colour %q", c)
		}
	})

	t.Run("glightbox", func(t *testing.T) {
		ctx := newTab(t, browser)
		browsertest.Do(t, ctx, wide, chromedp.Navigate(root), chromedp.WaitVisible(chromedp.CSS("a.glightbox img")),
			chromedp.Click(chromedp.CSS("a.glightbox")), chromedp.WaitVisible(chromedp.CSS(".glightbox-container .gslide-image img")))
		hosts := browsertest.Eval[[]string](t, ctx, `performance.getEntriesByType("resource").map(e => new URL(e.name).origin).filter(o => o !== location.origin)`)
		if len(hosts) > 0 {
			t.Errorf("requests to other hosts: %q", hosts)
		}
	})

	t.Run("redirect keeps the anchor", func(t *testing.T) {
		ctx := newTab(t, browser)
		for from, want := range map[string]string{"old/": "/docs/guide/long/#part-3", "old/#part-7": "/docs/guide/long/#part-7"} {
			browsertest.Do(t, ctx, chromedp.Navigate(root+from), chromedp.WaitReady(chromedp.CSS(".hb-article")))
			if got := browsertest.Eval[string](t, ctx, `location.pathname + location.hash`); got != want {
				t.Errorf("%s went to %s, want %s", from, got, want)
			}
		}
	})

	t.Run("announce.dismiss", func(t *testing.T) {
		ctx := newTab(t, browser)
		browsertest.Do(t, ctx, wide, chromedp.Navigate(root), chromedp.WaitVisible(chromedp.CSS(".hb-announce__close")),
			chromedp.Click(chromedp.CSS(".hb-announce__close")), chromedp.Reload(), chromedp.WaitReady(chromedp.CSS(".hb-article")))
		if browsertest.Eval[bool](t, ctx, `!!document.querySelector(".hb-announce")`) {
			t.Error("the dismissed announcement shows again")
		}
	})

	t.Run("search separator", func(t *testing.T) {
		// The fixture's separator (Material's own) splits searchHighlight at
		// its case change: the second part finds it, in the dialog and on
		// the page the result opens.
		ctx := newTab(t, browser)
		browsertest.Do(t, ctx, wide, chromedp.Navigate(root), chromedp.WaitReady(chromedp.CSS(".hb-article")),
			chromedp.Click(chromedp.CSS("button.hb-search__open")), chromedp.WaitVisible(chromedp.CSS(".hb-search__input")),
			chromedp.SendKeys(chromedp.CSS(".hb-search__input"), "highlight"))
		waitFor(t, ctx, `document.querySelectorAll(".hb-search__result").length > 0`)
		first := browsertest.Eval[[]string](t, ctx, `(() => { const a = document.querySelector("#hb-search-result-0");
			return [new URL(a.href).pathname, [...a.querySelectorAll(".hb-search__snippet mark")].map(m => m.textContent).join(",")]; })()`)
		if first[0] != "/docs/guide/" || first[1] != "Highlight" {
			t.Errorf("first result %s with %q marked, want /docs/guide/ with \"Highlight\"", first[0], first[1])
		}
		browsertest.Do(t, ctx, chromedp.Click(chromedp.CSS("#hb-search-result-0")))
		waitFor(t, ctx, `!!document.querySelector("mark.hb-hit")`)
		if marks := browsertest.Eval[[]string](t, ctx, `[...document.querySelectorAll("mark.hb-hit")].map(m => m.textContent)`); strings.Join(marks, ",") != "Highlight" {
			t.Errorf("marked on the page: %q, want the word's part", marks)
		}
	})
}

// TestMaterialPagesValid runs the Nu HTML Checker over the plugins' page
// kinds (blog index, pages, archive, category, post; tags; redirect).
func TestMaterialPagesValid(t *testing.T) {
	vnu := ciTool(t, "vnu-jar/build/dist/vnu.jar")
	java := needJava(t)
	materialSite(t)
	var pages []string
	for _, p := range materialPages {
		pages = append(pages, filepath.Join(materialDir, p, "index.html"))
	}
	checkHTML(t, vnu, java, materialDir, pages)
}

// TestMaterialPagesAccessible runs axe-core over the plugins' page kinds in
// both schemes of the palette.
func TestMaterialPagesAccessible(t *testing.T) {
	axeSource, err := os.ReadFile(ciTool(t, "axe-core/axe.min.js"))
	if err != nil {
		t.Fatal(err)
	}
	root := materialSite(t)
	browser := browsertest.New(t)
	for _, scheme := range []string{"0", "1"} {
		for _, p := range materialPages {
			if p == "old/" {
				continue // it leaves at once: the page it leads to is checked
			}
			t.Run(scheme+"/"+p, func(t *testing.T) {
				ctx := newTab(t, browser)
				browsertest.Do(t, ctx, chromedp.EmulateViewport(1280, 800), chromedp.Navigate(root+p),
					chromedp.Evaluate[chromedp.Void](`localStorage.setItem("hb-scheme", "`+scheme+`"); localStorage.setItem("hb-consent", "\"accept\"")`),
					chromedp.Reload(), chromedp.WaitReady(chromedp.CSS(".hb-article")), chromedp.Sleep(100*time.Millisecond))
				checkAxe(t, ctx, string(axeSource), "")
			})
		}
	}
}

// scrollTo scrolls the page to y and waits for the scroll event, so that
// two scrolls in a row are two events (a browser coalesces scrolls within
// one frame).
func scrollTo(y int) chromedp.Action[chromedp.Void] {
	return chromedp.Evaluate[chromedp.Void](fmt.Sprintf(`new Promise((done) => {
		addEventListener("scroll", () => requestAnimationFrame(() => done()), {once: true});
		scrollTo(0, %d);
	})`, y), chromedp.EvalAwaitPromise)
}
