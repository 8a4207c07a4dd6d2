/* Long nav lists (nav_list_limit): a list of more entries than the limit
   is served as a window of its entries around the page's own, with "N more
   entries" items at the cut ends leading to the page that lists the whole
   nav. This script puts the whole list in the window's place: it fetches
   the file the list names (data-hb-list, next to that page; its links are
   seen from there), once per list and page view (instant navigation keeps
   it; the service worker keeps it for offline), keeps the entries shown
   (their focus, marks and open sections) and adds the others around them,
   then keeps the current page's entry in view. Other scripts set the new
   entries up as they do the nav (hb:content): the level filter, the
   pager's order, studied marks. Without JavaScript, or when the file
   cannot be had, the window and its links stay (until the browser is
   online again). */
(() => {
  "use strict";
  const lists = new Map(); // a list file's URL → its <ul>, parsed (a promise)

  const fetchList = (url) => {
    if (!lists.has(url)) {
      const p = fetch(url, { credentials: "same-origin" })
        .then((r) => { if (!r.ok) throw new Error("no list"); return r.text(); })
        .then((text) => new DOMParser().parseFromString(text, "text/html").querySelector("body > ul"));
      p.catch(() => lists.delete(url));
      lists.set(url, p);
    }
    return lists.get(url);
  };

  // rebase makes a URL written in the list file at from relative to this
  // page, as the page's own nav links are: its root prefix, then the path
  // below the site's root ("./" for the root seen from the root).
  const rebase = (value, from) => {
    const u = new URL(value, from), root = HB.root().href;
    if (!u.href.startsWith(root)) return u.href;
    const prefix = document.querySelector('meta[name="hb-root"]')?.getAttribute("content") || "";
    return prefix + u.href.slice(root.length) || "./";
  };

  const adopt = (li, from) => {
    const n = document.importNode(li, true);
    n.querySelectorAll("a[href]").forEach((a) => a.setAttribute("href", rebase(a.getAttribute("href"), from)));
    n.querySelectorAll("ul[data-hb-list]").forEach((ul) => ul.setAttribute("data-hb-list", rebase(ul.getAttribute("data-hb-list"), from)));
    return n;
  };

  // label is what identifies an entry: its link's address, or its text.
  const label = (li, from) => {
    const first = li.firstElementChild;
    if (!first) return "";
    const href = first.getAttribute("href");
    return href !== null ? new URL(href, from).href : first.textContent;
  };

  // whole puts list ul's whole entries in place of its window; false when
  // it cannot (no file, or one of another build).
  const whole = async (ul) => {
    const file = new URL(ul.getAttribute("data-hb-list"), location.href).href;
    const from = Number(ul.getAttribute("data-hb-from"));
    let full;
    try { full = await fetchList(file); } catch { return false; }
    if (!full || !ul.isConnected || !ul.hasAttribute("data-hb-list")) return false;
    const shown = [...ul.children].filter((li) => !li.classList.contains("hb-nav__more"));
    const all = [...full.children];
    const last = from + shown.length - 1;
    if (!shown.length || !(from >= 0) || last >= all.length ||
        label(shown[0], location.href) !== label(all[from], file) ||
        label(shown[shown.length - 1], location.href) !== label(all[last], file)) return false;

    const box = ul.closest(".hb-sidebar");
    const current = box?.querySelector('a[aria-current="page"]');
    const top = (el) => el.getBoundingClientRect().top - box.getBoundingClientRect().top;
    const seen = current && box.clientHeight ? top(current) : null;
    const visible = seen !== null && seen >= 0 && seen < box.clientHeight;
    let moreFocused = document.activeElement?.closest?.(".hb-nav__more");
    if (moreFocused?.parentElement !== ul) moreFocused = null;
    const focusTop = moreFocused === ul.firstElementChild;

    const before = all.slice(0, from).map((li) => adopt(li, file));
    const after = all.slice(last + 1).map((li) => adopt(li, file));
    ul.querySelectorAll(":scope > .hb-nav__more").forEach((li) => li.remove());
    shown[0].before(...before);
    shown[shown.length - 1].after(...after);
    ul.removeAttribute("data-hb-list");
    ul.removeAttribute("data-hb-from");

    // Focus on a "more" item goes to the nearest entry it stood for.
    if (moreFocused) {
      const to = focusTop ? before[before.length - 1] : after[0];
      (to?.querySelector(":scope > a") || shown[focusTop ? 0 : shown.length - 1].querySelector(":scope > a"))?.focus();
    }
    // The current entry stays where it was on screen, or comes into view.
    if (current && box.clientHeight) {
      const now = top(current);
      if (visible) box.scrollTop += now - seen;
      else if (now < 0 || now >= box.clientHeight) box.scrollTop += now - box.clientHeight / 2;
    }
    return true;
  };

  // run makes every cut list of the nav whole, those its new entries hold
  // too, then lets the other scripts set the nav up again.
  const run = async () => {
    const tried = new Set();
    let changed = false;
    for (;;) {
      const cut = [...document.querySelectorAll(".hb-nav ul[data-hb-list]")].filter((ul) => !tried.has(ul));
      if (!cut.length) break;
      cut.forEach((ul) => tried.add(ul));
      const done = await Promise.all(cut.map(whole));
      changed = changed || done.some(Boolean);
    }
    if (changed) HB.emit("hb:content", { root: document.querySelector(".hb-nav") });
  };

  run();
  document.addEventListener("hb:navigate", run);
  window.addEventListener("online", run); // (a list that could not be had offline)
})();
