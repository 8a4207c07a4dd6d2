/* Back to top (shown while scrolling up a long page), the dismissible
   announcement bar (a site's theme/templates/announce.html), and the
   service worker that keeps the site readable offline (sw.js at the site
   root, registered over http(s) only, never by handbook serve's preview),
   with a notice when a new build is live. */
(() => {
  "use strict";
  const el = (tag, cls, text) => { const e = document.createElement(tag); e.className = cls; if (text) e.textContent = text; return e; };

  const top = el("button", "hb-top", "Back to top");
  const wantTop = HB.feature("navigation.top");
  top.type = "button";
  top.hidden = true;
  top.addEventListener("click", () => {
    window.scrollTo({ top: 0 });
    top.hidden = true;
    document.querySelector(".hb-skip")?.focus({ preventScroll: true });
  });
  if (wantTop) document.body.append(top);
  let lastY = scrollY;
  window.addEventListener("scroll", () => {
    const y = scrollY;
    if (y < lastY - 4 && y > innerHeight) top.hidden = false;
    else if (y > lastY + 4 || y < innerHeight / 2) top.hidden = true;
    lastY = y;
  }, { passive: true });

  const announce = document.querySelector(".hb-announce");
  if (announce && HB.feature("announce.dismiss")) {
    const id = "hb-announce:" + HB.root().pathname;
    const text = announce.textContent.replace(/\s+/g, " ").trim();
    if (HB.store.get(id, "") === text) announce.remove();
    else {
      const close = el("button", "hb-announce__close", "Dismiss");
      close.type = "button";
      close.addEventListener("click", () => { HB.store.set(id, text); announce.remove(); });
      announce.append(close);
    }
  }

  // extra.consent: asked once, the answer remembered (nothing is sent).
  const consent = document.querySelector("[data-hb-consent]");
  if (consent && !HB.store.get("hb-consent", "") && consent.showModal) {
    consent.addEventListener("close", () => HB.store.set("hb-consent", consent.returnValue || "accept"));
    consent.showModal();
  }

  const live = !!document.querySelector("script[data-hb-page]");
  if ("serviceWorker" in navigator && /^https?:$/.test(location.protocol) && !live && document.querySelector('link[rel="manifest"]')) {
    const root = HB.root();
    const notice = () => {
      if (document.querySelector(".hb-update")) return;
      const bar = el("div", "hb-update");
      bar.setAttribute("role", "status");
      const b = el("button", "", "Reload");
      b.type = "button";
      b.addEventListener("click", () => location.reload());
      bar.append("The handbook was updated. ", b);
      document.body.append(bar);
    };
    window.addEventListener("load", async () => {
      try {
        const reg = await navigator.serviceWorker.register(new URL("sw.js", root).href, { scope: root.pathname });
        const page = () => reg.active?.postMessage({ cache: location.href.split("#")[0] });
        navigator.serviceWorker.ready.then(page);
        document.addEventListener("hb:navigate", page);
        reg.addEventListener("updatefound", () => {
          const w = reg.installing;
          w?.addEventListener("statechange", () => { if (w.state === "installed" && navigator.serviceWorker.controller) notice(); });
        });
      } catch { /* not offline, then */ }
    });
  }
})();

/* Printing: open every collapsible block and name each tab's content by its
   label (the print stylesheet shows every tab), then put things back. */
(() => {
  "use strict";
  let opened = [], labels = [];
  window.addEventListener("beforeprint", () => {
    opened = [...document.querySelectorAll(".hb-main details:not([open])")];
    opened.forEach((d) => { d.open = true; });
    for (const set of document.querySelectorAll(".hb-main .tabbed-set")) {
      const names = [...set.querySelectorAll(":scope > .tabbed-labels > label")];
      [...set.querySelectorAll(":scope > .tabbed-content > .tabbed-block")].forEach((block, i) => {
        const p = document.createElement("p");
        p.className = "hb-print-tab";
        p.textContent = names[i]?.textContent.trim() || "";
        block.before(p);
        labels.push(p);
      });
    }
  });
  window.addEventListener("afterprint", () => {
    opened.forEach((d) => { d.open = false; });
    labels.forEach((p) => p.remove());
    opened = [];
    labels = [];
  });
})();
