/* Instant navigation: a click on a link to another page of the site
   fetches that page and swaps in its main column, nav, table of contents,
   title and page data, with the History API, instead of loading it anew.
   Back and forward restore the scroll position. Anything unusual falls back
   to a normal load: a modifier key or another button, a target or download
   attribute, another origin or a path outside the site, a file that is not
   a page, file://, handbook serve's live reload (it follows one page), a
   failed fetch or a page of another build. Pages are prefetched on hover,
   focus and touch; a thin bar shows loads slower than 150 ms. After a swap
   hb:content and hb:navigate are sent and focus moves to the new heading. */
(() => {
  "use strict";
  if (location.protocol === "file:" || !window.history?.pushState || !window.DOMParser) return;
  const SWAPPED = [".hb-main", ".hb-sidebar", ".hb-toc"];
  const HEAD = ['meta[name="description"]', 'link[rel="canonical"]', 'meta[property^="og:"]', 'meta[name^="twitter:"]', 'meta[name="hb-root"]'];
  const cache = new Map();
  let current = location.href.split("#")[0];
  let seq = 0;

  const live = () => !!document.querySelector("script[data-hb-page]");
  // assets names the page's scripts and stylesheets: a page with others (a
  // page kind's own, another build's) is loaded normally.
  const assets = (doc, base) => [...doc.querySelectorAll("head script[src]:not([data-hb-lazy]), head link[rel=stylesheet]")]
    .map((e) => new URL(e.getAttribute("src") || e.getAttribute("href"), base).pathname).join(" ");

  // pageURL returns the URL a link leads to when instant navigation may
  // handle it, else null.
  const pageURL = (a, e) => {
    if (!a || !a.href || live()) return null;
    if (e && (e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey)) return null;
    if ((a.target && a.target !== "_self") || a.hasAttribute("download") || a.getAttribute("rel")?.includes("external")) return null;
    const url = new URL(a.href, location.href);
    if (url.origin !== location.origin || !url.pathname.startsWith(HB.root().pathname)) return null;
    if (!/(\/|\.html)$/.test(url.pathname)) return null; // a file, not a page
    if (/\/(print|assets|vendor|search)\//.test(url.pathname.slice(HB.root().pathname.length - 1))) return null;
    return url;
  };

  const fetchPage = (href) => {
    if (!cache.has(href)) {
      const p = fetch(href, { credentials: "same-origin" }).then((r) => {
        if (!r.ok || !(r.headers.get("content-type") || "").includes("text/html")) throw new Error("not a page");
        return r.text();
      });
      p.catch(() => cache.delete(href));
      cache.set(href, p);
    }
    return cache.get(href);
  };

  const prefetch = (e) => {
    const url = pageURL(e.target.closest?.("a[href]"));
    if (url && url.href.split("#")[0] !== current) fetchPage(url.href.split("#")[0]).catch(() => {});
  };

  let bar = null, barTimer = 0;
  const progress = (on) => {
    clearTimeout(barTimer);
    if (!on) { bar?.remove(); bar = null; return; }
    barTimer = setTimeout(() => {
      bar = document.createElement("div");
      bar.className = "hb-progress";
      bar.setAttribute("aria-hidden", "true");
      document.body.append(bar);
    }, 150);
  };

  const saveScroll = () => {
    try { history.replaceState({ ...history.state, hb: true, scroll: scrollY }, ""); } catch { /* not kept */ }
  };

  // swap puts the fetched page in place of the current one; false when it
  // cannot (then the caller loads it normally).
  const swap = (doc, url) => {
    if (assets(doc, url.href) !== assets(document, location.href) || SWAPPED.some((s) => !doc.querySelector(s) !== !document.querySelector(s))) return false;
    // Diagrams and math load their libraries with the page.
    if (doc.querySelector(".hb-main pre.mermaid, .hb-main .arithmatex")) return false;
    document.title = doc.title;
    for (const sel of HEAD) {
      document.head.querySelectorAll(sel).forEach((n) => n.remove());
      const anchor = document.head.querySelector('meta[name="generator"]');
      doc.head.querySelectorAll(sel).forEach((n) => document.head.insertBefore(document.importNode(n, true), anchor));
    }
    for (const sel of SWAPPED) document.querySelector(sel)?.replaceWith(document.importNode(doc.querySelector(sel), true));
    document.body.className = doc.body.className;
    for (const attr of ["data-page-levels", "data-page"]) {
      if (doc.body.hasAttribute(attr)) document.body.setAttribute(attr, doc.body.getAttribute(attr));
      else document.body.removeAttribute(attr);
    }
    current = url.href.split("#")[0];
    return true;
  };

  const reveal = (url, scroll) => {
    const id = url.hash ? decodeURIComponent(url.hash.slice(1)) : "";
    const target = id && document.getElementById(id);
    if (scroll !== undefined) window.scrollTo(0, scroll);
    else if (target) target.scrollIntoView();
    else window.scrollTo(0, 0);
    const heading = target || document.querySelector(".hb-article h1, .hb-main h1");
    if (heading) {
      if (!heading.hasAttribute("tabindex")) heading.setAttribute("tabindex", "-1");
      heading.focus({ preventScroll: true });
    }
  };

  const go = async (url, { push = true, scroll } = {}) => {
    const my = ++seq;
    progress(true);
    try {
      const text = await fetchPage(url.href.split("#")[0]);
      if (my !== seq) return;
      const doc = new DOMParser().parseFromString(text, "text/html");
      if (push) saveScroll();
      if (!swap(doc, url)) throw new Error("another build");
      if (push) history.pushState({ hb: true, scroll: 0 }, "", url.href);
      const main = document.querySelector(".hb-main");
      HB.emit("hb:content", { root: main });
      HB.emit("hb:navigate", { url: url.href });
      reveal(url, scroll);
    } catch {
      if (my === seq) location.assign(url.href);
    } finally {
      if (my === seq) progress(false);
    }
  };

  document.addEventListener("click", (e) => {
    const a = e.target.closest?.("a[href]");
    const url = pageURL(a, e);
    if (!url) return;
    // A link within the page, or to the page itself with a fragment: the browser's.
    if (url.href.split("#")[0] === current && (url.hash || a.getAttribute("href").startsWith("#"))) return;
    e.preventDefault();
    go(url);
  });
  document.addEventListener("mouseover", prefetch, { passive: true });
  document.addEventListener("focusin", prefetch);
  document.addEventListener("touchstart", prefetch, { passive: true });
  window.addEventListener("popstate", (e) => {
    const url = new URL(location.href);
    if (url.href.split("#")[0] === current) return; // a fragment change within the page
    go(url, { push: false, scroll: e.state?.hb ? e.state.scroll || 0 : undefined });
  });
  history.scrollRestoration = "manual";
  window.addEventListener("pagehide", saveScroll);
  if (!history.state?.hb) saveScroll();
  else if (history.state.scroll) window.scrollTo(0, history.state.scroll);
})();
