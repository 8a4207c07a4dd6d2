package e2e

import (
	"testing"

	"github.com/chromedp/chromedp"

	"handbook/internal/browsertest"
)

// TestPhoneHeaderShowsEveryControl: at a phone's width every header control
// (drawer, search, each level button, theme toggle) is fully visible; the
// site title is what gives way.
func TestPhoneHeaderShowsEveryControl(t *testing.T) {
	root := handbookSite(t)
	ctx := browsertest.New(t)
	browsertest.Do(t, ctx,
		chromedp.EmulateViewport(360, 740, chromedp.EmulateMobile),
		chromedp.Navigate(root+"experiences/failure-case-studies/"),
		chromedp.WaitVisible(chromedp.CSS(".hb-level-switch")),
	)
	clipped := browsertest.Eval[[]string](t, ctx, `(() => {
		const out = [];
		const within = (r, box) => r.left >= box.left - 0.5 && r.right <= box.right + 0.5;
		const view = {left: 0, right: document.documentElement.clientWidth};
		const sw = document.querySelector(".hb-level-switch").getBoundingClientRect();
		for (const el of document.querySelectorAll(".hb-header button:not([hidden]), .hb-search button")) {
			const r = el.getBoundingClientRect();
			if (r.width === 0) continue;
			const inSwitch = el.closest(".hb-level-switch");
			if (!within(r, view) || (inSwitch && !within(r, sw))) out.push((el.textContent || el.getAttribute("aria-label")).trim());
		}
		return out;
	})()`)
	if len(clipped) > 0 {
		t.Errorf("header controls cut off at 360px: %q", clipped)
	}
}
