/* Shared by the theme's scripts (window.HB): the site root, scripts loaded
   on demand (HB_LAZY, written by the bundler: folder name → bundle path),
   remembered settings, and the events the scripts tell each other by:
   hb:content (an article was put in the page: set it up), hb:levelchange,
   hb:themechange and hb:navigate (instant navigation showed a new page),
   and which theme features are on. */
(() => {
  "use strict";
  const lazy = typeof HB_LAZY === "object" ? HB_LAZY : {};
  const loading = {};

  // root is the site's root URL, from the current page's <meta name="hb-root">.
  const root = () => new URL(document.querySelector('meta[name="hb-root"]')?.getAttribute("content") || "./", location.href);

  // load runs the lazy bundle name once and resolves when it has run.
  const load = (name) => {
    if (!loading[name]) {
      loading[name] = new Promise((resolve, reject) => {
        if (!lazy[name]) { reject(new Error("no bundle " + name)); return; }
        const s = document.createElement("script");
        s.src = new URL(lazy[name], root()).href;
        s.dataset.hbLazy = name; // not part of the page as served (see 30-instant.js)
        s.onload = resolve;
        s.onerror = () => { delete loading[name]; reject(new Error("cannot load " + name)); };
        document.head.appendChild(s);
      });
    }
    return loading[name];
  };

  // store reads and writes localStorage as JSON, never throwing (private
  // modes and file:// may refuse it).
  const store = {
    get(key, fallback) {
      try { const v = localStorage.getItem(key); return v === null ? fallback : JSON.parse(v); } catch { return fallback; }
    },
    set(key, value) { try { localStorage.setItem(key, JSON.stringify(value)); } catch { /* not kept */ } },
    remove(key) { try { localStorage.removeItem(key); } catch { /* nothing to do */ } },
  };

  const emit = (type, detail) => document.dispatchEvent(new CustomEvent(type, { detail }));

  // ready runs fn now and again whenever an article is put in the page.
  const ready = (fn) => {
    const run = () => fn(document);
    if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", run);
    else run();
    document.addEventListener("hb:content", (e) => fn(e.detail?.root || document));
  };

  // pageKey names the current page in stored progress: its path below the root.
  const pageKey = () => decodeURIComponent(location.pathname.slice(root().pathname.length)).replace(/index\.html$/, "");

  // feature reports whether a theme feature (theme.features, e.g.
  // "content.code.copy") is on: <html data-hb-switches> lists them.
  const features = new Set((document.documentElement.dataset.hbSwitches || "").split(" "));
  const feature = (name) => features.has(name);

  window.HB = { root, load, store, emit, ready, pageKey, lazy, feature };
})();
