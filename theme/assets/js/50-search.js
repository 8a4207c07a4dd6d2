/* The header's search button ("/" and Ctrl/Cmd-K open it too). The search
   dialog and engine are the "search" bundle (assets/js/search/), loaded
   when search is first wanted: a pointer over the button, focus on it, a
   key, a shared search link (?q=) or a page opened from a result (?h=,
   whose terms are highlighted). */
(() => {
  "use strict";
  const container = document.querySelector("[data-hb-search]");
  const isTyping = (t) => !!t && (/^(INPUT|TEXTAREA|SELECT)$/.test(t.tagName) || t.isContentEditable);
  let loading = null;
  const bundle = () => (loading ||= HB.load("search").catch((e) => { loading = null; throw e; }));
  const ui = async () => { await bundle(); return HBSearchUI.init(container); };
  const open = async () => {
    try { (await ui()).open(); } catch { button.title = "Search is unavailable: it could not be loaded."; }
  };

  let button = null;
  if (container) {
    container.textContent = "";
    button = document.createElement("button");
    button.type = "button";
    button.className = "hb-search__open";
    for (const [k, v] of Object.entries({ "aria-label": "Search", "aria-keyshortcuts": "/ Control+K Meta+K", "aria-haspopup": "dialog" })) button.setAttribute(k, v);
    button.innerHTML = '<span class="hb-search__icon" aria-hidden="true"></span><span class="hb-search__label">Search</span><kbd class="hb-search__key" aria-hidden="true">/</kbd>';
    container.append(button);
    button.addEventListener("click", open);
    for (const type of ["pointerenter", "focus", "touchstart"]) button.addEventListener(type, () => bundle().catch(() => {}), { once: true, passive: true });
    document.addEventListener("keydown", (e) => {
      const k = e.key?.toLowerCase();
      if ((k === "k" && (e.ctrlKey || e.metaKey)) || (e.key === "/" && !isTyping(e.target) && !e.ctrlKey && !e.metaKey && !e.altKey)) {
        e.preventDefault();
        // Focus after this key's events, so its character never reaches the box.
        if (e.key === "/") HB.slashAt = Date.now();
        setTimeout(open, 0);
      }
    });
    const q = new URLSearchParams(location.search).get("q");
    if (q) ui().then((u) => { u.input.value = q; u.open(); }, () => {});
  }
  const highlight = () => {
    if (HB.feature("search.highlight") && new URLSearchParams(location.search).has("h")) bundle().then(() => HBSearchUI.highlight(), () => {});
  };
  highlight();
  document.addEventListener("hb:navigate", highlight);
})();
