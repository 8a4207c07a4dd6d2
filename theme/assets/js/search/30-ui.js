/* Search, part 3: the dialog opened by the header's search button (made by
   50-search.js, which loads this bundle when search is first wanted). Its
   combobox lists results as real links (role=option), grouped by page,
   with a count and more on demand. Text from the index is only ever
   inserted as text. Also: recent searches, a share link (?q=), the
   completion of the word being typed, and ?h= highlighting the terms on
   the page a result opened, with a control to clear them. */
(() => {
  "use strict";
  if (typeof document === "undefined") return; // node, in internal/search's tests
  // PAGE results are fetched at first (the snippets of each are downloaded),
  // and PAGE more each time the reader asks for more.
  const DEBOUNCE_MS = 80, PAGE = 10, SECTIONS_PER_PAGE = 3, RECENT = 5;
  const RECENT_KEY = "hb-recent-searches";
  const UNAVAILABLE = "Search is unavailable: the index could not be loaded.";

  const el = (tag, attrs = {}, text) => {
    const e = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
    if (text !== undefined) e.textContent = text;
    return e;
  };
  // The chosen level: set by the level switcher (11-levels.js) or here, and
  // told by hb:levelchange.
  let chosen = null;
  const level = () => {
    if (chosen === null) { try { chosen = localStorage.getItem("hb-level") || ""; } catch { chosen = ""; } }
    return chosen;
  };

  // loadJSON reads an index file: fetch over http(s); from file:// (the
  // offline build) the index is also written as scripts that call
  // HBSearchFile(path, data).
  const files = {};
  const loadJSON = async (path) => {
    if (location.protocol !== "file:") {
      const r = await fetch(new URL(path, HB.root()).href);
      if (!r.ok) throw new Error(path + ": HTTP " + r.status);
      return r.json();
    }
    window.HBSearchFile = (p, data) => { files[p] = data; };
    await new Promise((resolve, reject) => {
      const s = el("script", { src: new URL(path.replace(/\.json$/, ".js"), HB.root()).href });
      s.onload = resolve;
      s.onerror = () => reject(new Error(path + ": cannot load"));
      document.head.appendChild(s);
    });
    return files[path];
  };

  let searcher = null;
  const engine = async () => (searcher ||= new HBSearch.Searcher(loadJSON));

  class SearchUI {
    constructor(container) {
      this.seq = 0;
      this.active = -1;
      this.limit = PAGE;
      this.build(container);
      this.bind();
    }

    build(container) {
      this.button = container.querySelector(".hb-search__open");
      this.panel = el("div", { class: "hb-search__panel", role: "dialog", "aria-label": "Search" });
      this.panel.hidden = true;
      const bar = el("div", { class: "hb-search__bar" });
      this.input = el("input", { type: "search", class: "hb-search__input", role: "combobox", "aria-label": "Search", "aria-expanded": "false",
        "aria-controls": "hb-search-results", "aria-autocomplete": "list", "aria-describedby": "hb-search-hint", autocomplete: "off", spellcheck: "false", placeholder: "Search the handbook" });
      this.levelSelect = el("select", { class: "hb-search__level", "aria-label": "Level" });
      this.levelSelect.append(el("option", { value: "" }, "All levels"));
      this.share = el("button", { type: "button", class: "hb-search__share", "aria-label": "Share: copy a link to this search", title: "Copy a link to this search", hidden: "" }, "Share");
      this.closeButton = el("button", { type: "button", class: "hb-search__close", "aria-label": "Esc: close search" }, "Esc");
      bar.append(this.input, this.levelSelect, this.share, this.closeButton);
      this.hint = el("div", { class: "hb-search__hint", id: "hb-search-hint", "aria-live": "polite" });
      this.status = el("div", { class: "hb-search__status", role: "status", "aria-live": "polite" });
      this.recent = el("div", { class: "hb-search__recent" });
      this.list = el("div", { class: "hb-search__results", id: "hb-search-results", role: "listbox", "aria-label": "Search results" });
      this.more = el("button", { type: "button", class: "hb-search__more", hidden: "" }, "Show more results");
      this.panel.append(bar, this.hint, this.status, this.recent, this.list, this.more);
      container.append(this.panel);
      this.container = container;
      this.syncLevelOptions(HB.store.get("hb-search-levels", []));
    }

    bind() {
      let timer = 0;
      this.closeButton.addEventListener("click", () => this.close());
      this.input.addEventListener("input", () => { clearTimeout(timer); timer = setTimeout(() => this.run(), DEBOUNCE_MS); });
      this.input.addEventListener("keydown", (e) => this.onKey(e));
      // Some browsers deliver the "/" that opened search as a separate
      // character event after focus moved: never let it into the box.
      this.input.addEventListener("beforeinput", (e) => {
        if (e.data === "/" && this.input.value === "" && Date.now() - (HB.slashAt || 0) < 500) { e.preventDefault(); HB.slashAt = 0; }
      });
      this.levelSelect.addEventListener("change", () => {
        try { localStorage.setItem("hb-level", this.levelSelect.value); } catch { /* not kept */ }
        HB.emit("hb:levelchange", { level: this.levelSelect.value });
      });
      document.addEventListener("hb:levelchange", (e) => {
        const l = e.detail?.level || "";
        if (l === level()) return;
        chosen = l;
        this.syncLevelOptions();
        if (!this.panel.hidden && this.input.value) this.run();
      });
      document.addEventListener("mousedown", (e) => { if (!this.panel.hidden && !this.container.contains(e.target)) this.close(); });
      this.list.addEventListener("mousemove", (e) => {
        const o = e.target.closest?.("[role=option]");
        if (o) this.setActive(+o.dataset.index, false);
      });
      this.list.addEventListener("click", (e) => {
        const o = e.target.closest?.("[role=option]");
        if (o) this.remember();
        if (o && !e.ctrlKey && !e.metaKey && !e.shiftKey && e.button === 0) setTimeout(() => this.close(false), 0);
      });
      this.more.addEventListener("click", async () => {
        const first = this.options().length;
        this.limit += PAGE;
        await this.run(true);
        this.focusOption(first < this.options().length ? first : -1);
      });
      this.share.addEventListener("click", () => this.copyShareLink());
      document.addEventListener("hb:navigate", () => this.close(false));
    }

    async open() {
      this.panel.hidden = false;
      this.container.classList.add("hb-search--open");
      this.button.setAttribute("aria-expanded", "true");
      this.input.focus();
      this.input.select();
      this.showRecent();
      try {
        const s = await engine();
        const entry = await s.index.ready();
        HB.store.set("hb-search-levels", entry.levels);
        this.syncLevelOptions(entry.levels);
      } catch {
        this.status.textContent = UNAVAILABLE;
      }
      if (this.input.value) this.run();
    }

    close(focus = true) {
      if (this.panel.hidden) return;
      this.panel.hidden = true;
      this.container.classList.remove("hb-search--open");
      this.button.setAttribute("aria-expanded", "false");
      this.input.setAttribute("aria-expanded", "false");
      if (focus) this.button.focus();
    }

    syncLevelOptions(levels) {
      const sel = this.levelSelect, want = (levels || [...sel.options].slice(1).map((o) => o.value)).slice();
      if (level() && !want.includes(level())) want.push(level());
      if ([...sel.options].slice(1).map((o) => o.value).join(" ") !== want.join(" ")) {
        while (sel.options.length > 1) sel.remove(1);
        for (const l of want) sel.append(el("option", { value: l }, l));
      }
      sel.value = level();
      sel.hidden = want.length === 0;
    }

    onKey(e) {
      const options = this.options();
      if (e.key === "ArrowDown" || e.key === "ArrowUp") {
        e.preventDefault();
        if (!options.length) return;
        const step = e.key === "ArrowDown" ? 1 : -1;
        this.setActive((this.active + step + options.length) % options.length, true);
      } else if (e.key === "Enter") {
        e.preventDefault();
        const o = options[this.active >= 0 ? this.active : 0];
        if (o) { this.remember(); o.click(); }
      } else if (e.key === "Escape") {
        e.preventDefault();
        this.close();
      } else if ((e.key === "Tab" || e.key === "ArrowRight") && this.completion && this.input.selectionStart === this.input.value.length) {
        e.preventDefault();
        this.input.value += this.completion;
        this.run();
      }
    }

    options() { return [...this.list.querySelectorAll("[role=option]")]; }

    setActive(i, scroll) {
      const prev = this.list.querySelector('[aria-selected="true"]');
      if (prev) prev.setAttribute("aria-selected", "false");
      this.active = i;
      const o = this.options()[i];
      if (!o) { this.input.removeAttribute("aria-activedescendant"); return; }
      o.setAttribute("aria-selected", "true");
      this.input.setAttribute("aria-activedescendant", o.id);
      if (scroll) o.scrollIntoView({ block: "nearest" });
    }

    focusOption(i) {
      this.input.focus();
      if (i >= 0) this.setActive(i, true);
    }

    // run searches for the box's query: its first results, or more of them.
    async run(more = false) {
      const seq = ++this.seq, q = this.input.value;
      if (!more) this.limit = PAGE;
      this.share.hidden = !q.trim() || !HB.feature("search.share");
      if (!q.trim()) { this.render(null, q); this.showRecent(); return; }
      this.recent.textContent = "";
      try {
        const res = await (await engine()).search(q, { level: level(), limit: this.limit });
        if (seq !== this.seq) return;
        this.render(res, q);
      } catch {
        if (seq === this.seq) this.status.textContent = UNAVAILABLE;
      }
    }

    // groups orders pages by their best result and keeps each page's
    // results in rank order.
    groups(results) {
      const byURL = new Map();
      for (const r of results) {
        const page = r.doc.url.split("#")[0];
        if (!byURL.has(page)) byURL.set(page, []);
        byURL.get(page).push(r);
      }
      return [...byURL.values()];
    }

    render(res, q) {
      this.last = res;
      this.list.textContent = "";
      this.list.dataset.query = q; // which query the list shows (results of a shorter one may show first)
      this.active = -1;
      this.input.removeAttribute("aria-activedescendant");
      this.status.textContent = "";
      this.more.hidden = true;
      this.complete(res, q);
      const results = res ? res.results : [];
      this.input.setAttribute("aria-expanded", results.length ? "true" : "false");
      if (!res) return;
      if (!results.length) { this.renderNoResults(res, q); return; }
      const groups = this.groups(results);
      const full = results.filter((r) => !r.missing.length).length;
      const shown = res.total > results.length ? `, the best ${results.length} from ${groups.length} pages` : ` on ${groups.length} pages`;
      this.status.textContent = (full ? `${res.total} results${shown}` : `No page has every word: ${res.total} partial matches${shown}`) + (level() ? ` at ${level()}` : "") + ".";
      let index = 0;
      for (const g of groups) {
        const group = el("div", { role: "group", class: "hb-search__group", "aria-label": g[0].doc.page });
        g.slice(0, SECTIONS_PER_PAGE).forEach((r, k) => group.append(this.resultItem(r, index++, res.highlight, k > 0)));
        if (g.length > SECTIONS_PER_PAGE) group.append(el("div", { class: "hb-search__extra", "aria-hidden": "true" }, `+ ${g.length - SECTIONS_PER_PAGE} more on this page`));
        this.list.append(group);
      }
      this.more.hidden = res.total <= results.length;
    }

    // complete shows the completion of the word being typed, taken from the
    // words of the results: Tab or → accepts it.
    complete(res, q) {
      this.completion = "";
      this.hint.textContent = "";
      const m = /([\p{L}\p{N}]{2,})$/u.exec(q);
      if (!res || !m || !res.results.length || !HB.feature("search.suggest")) return;
      const typed = m[1], low = typed.toLowerCase();
      for (const r of res.results.slice(0, 5)) {
        for (const w of (r.doc.headings.join(" ") + " " + r.doc.page + " " + r.doc.text).match(/[\p{L}\p{N}]+/gu) || []) {
          if (w.length > typed.length && w.toLowerCase().startsWith(low)) {
            this.completion = w.slice(typed.length).toLowerCase();
            this.hint.append("Tab completes ", el("b", {}, typed + this.completion));
            return;
          }
        }
      }
    }

    renderNoResults(res, q) {
      this.status.append(`No results for “${q.trim()}”${level() ? " at " + level() : ""}.`);
      if (!res.suggestions.length) return;
      this.status.append(" Did you mean: ");
      res.suggestions.forEach((word, i) => {
        if (i) this.status.append(", ");
        const b = el("button", { type: "button", class: "hb-search__suggestion" }, word);
        b.addEventListener("click", () => { this.input.value = word; this.input.focus(); this.run(); });
        this.status.append(b);
      });
      this.status.append("?");
    }

    resultItem(r, i, highlight, inGroup) {
      const d = r.doc;
      const url = new URL(d.url, HB.root());
      if (location.protocol === "file:" && url.pathname.endsWith("/")) url.pathname += "index.html"; // no folder index from disk
      if (highlight.length && HB.feature("search.highlight")) url.searchParams.set("h", highlight.join(" "));
      // The option is the link itself: an <a href> may take the option role,
      // so results open in a new tab and their address can be copied.
      const a = el("a", { role: "option", id: "hb-search-result-" + i, "aria-selected": "false", "data-index": String(i),
        class: "hb-search__result hb-search__link" + (inGroup ? " hb-search__result--section" : ""), href: url.href, tabindex: "-1" });
      const path = el("span", { class: "hb-search__path" });
      path.append(el("span", { class: "hb-search__page" }, d.page));
      if (d.headings.length) path.append(el("span", { class: "hb-search__sep", "aria-hidden": "true" }, " › "), el("span", { class: "hb-search__heading" }, d.headings.at(-1)));
      a.append(path);
      for (const l of d.levels) a.append(el("span", { class: "hb-search__badge", "data-level": l }, l));
      const snip = el("span", { class: "hb-search__snippet" });
      for (const part of HBSearch.snippet(d.text, highlight, undefined, searcher?.index.rules)) snip.append(part.hit ? el("mark", {}, part.text) : part.text);
      a.append(snip);
      if (r.missing.length) a.append(el("span", { class: "hb-search__missing" }, "Missing: " + r.missing.join(", ")));
      return a;
    }

    remember() {
      const q = this.input.value.trim();
      if (!q) return;
      HB.store.set(RECENT_KEY, [q, ...HB.store.get(RECENT_KEY, []).filter((x) => x !== q)].slice(0, RECENT));
    }

    showRecent() {
      this.recent.textContent = "";
      const recent = HB.store.get(RECENT_KEY, []);
      if (this.input.value || !recent.length) return;
      const list = el("ul");
      for (const q of recent) {
        const b = el("button", { type: "button", class: "hb-search__suggestion" }, q);
        b.addEventListener("click", () => { this.input.value = q; this.input.focus(); this.run(); });
        const li = el("li");
        li.append(b);
        list.append(li);
      }
      const clear = el("button", { type: "button", class: "hb-search__suggestion" }, "Clear");
      clear.addEventListener("click", () => { HB.store.remove(RECENT_KEY); this.showRecent(); this.input.focus(); });
      this.recent.append(el("p", {}, "Recent searches "), list, clear);
    }

    async copyShareLink() {
      const url = new URL(location.href);
      url.hash = "";
      url.searchParams.delete("h");
      url.searchParams.set("q", this.input.value.trim());
      try {
        await navigator.clipboard.writeText(url.href);
        this.status.textContent = "Link to this search copied.";
      } catch {
        this.status.textContent = "Link to this search: " + url.href;
      }
    }
  }

  /* ---------- on arrival: highlight the terms (?h=) in the target section ---------- */

  const sectionNodes = (target) => {
    const m = /^H([1-6])$/.exec(target.tagName);
    if (!m) return [target];
    const nodes = [target];
    for (let n = target.nextElementSibling; n; n = n.nextElementSibling) {
      const h = /^H([1-6])$/.exec(n.tagName);
      if (h && +h[1] <= +m[1]) break;
      nodes.push(n);
    }
    return nodes;
  };

  const introNodes = () => {
    const article = document.querySelector(".hb-article, main article, article, main") || document.body;
    const nodes = [];
    for (let n = article.firstElementChild; n && !/^H[2-6]$/.test(n.tagName); n = n.nextElementSibling) nodes.push(n);
    return nodes;
  };

  const markTerms = (node, set, rules) => {
    const walker = document.createTreeWalker(node, NodeFilter.SHOW_TEXT, {
      acceptNode: (t) => {
        const p = t.parentNode;
        return !p || /^(SCRIPT|STYLE|MARK|TEXTAREA)$/.test(p.nodeName) || p.closest?.("[data-hb-search]") ? NodeFilter.FILTER_REJECT : NodeFilter.FILTER_ACCEPT;
      },
    });
    const texts = [], marks = [];
    while (walker.nextNode()) texts.push(walker.currentNode);
    for (const t of texts) {
      const words = HBSearch.analyze(t.data, rules).filter((w) => set.has(w.term));
      for (let i = words.length - 1; i >= 0; i--) {
        if (i < words.length - 1 && words[i].start === words[i + 1].start) continue;
        const after = t.splitText(words[i].start);
        after.splitText(words[i].end - words[i].start);
        const mark = el("mark", { class: "hb-hit" });
        after.replaceWith(mark);
        mark.append(after);
        marks.unshift(mark);
      }
    }
    return marks;
  };

  const clearHits = () => {
    for (const m of document.querySelectorAll("mark.hb-hit")) m.replaceWith(...m.childNodes);
    document.querySelector(".hb-hits")?.remove();
    document.querySelector(".hb-article")?.normalize();
  };

  const highlightArrival = async () => {
    const params = new URLSearchParams(location.search);
    const h = params.get("h");
    if (!h) return;
    params.delete("h");
    const qs = params.toString();
    try { history.replaceState(history.state, "", location.pathname + (qs ? "?" + qs : "") + location.hash); } catch { /* file:// */ }
    const set = new Set(h.split(/\s+/).filter(Boolean));
    const id = location.hash ? decodeURIComponent(location.hash.slice(1)) : "";
    const target = id ? document.getElementById(id) : null;
    // The page's words are found as the index found them (its separator and lang).
    let rules;
    try { const s = await engine(); await s.index.ready(); rules = s.index.rules; } catch { /* handbook's own rules */ }
    const marks = (target ? sectionNodes(target) : introNodes()).flatMap((n) => markTerms(n, set, rules));
    if (marks.length) {
      const bar = el("div", { class: "hb-hits", role: "region", "aria-label": "Search highlights" });
      const clear = el("button", { type: "button" }, "Clear highlights");
      clear.addEventListener("click", clearHits);
      bar.append(`${marks.length} matches for “${h}” highlighted. `, clear);
      document.querySelector(".hb-main")?.prepend(bar);
    }
    (marks[0] || target)?.scrollIntoView({ block: "center" });
  };

  // HBSearchUI is what 50-search.js calls: init makes the dialog in the
  // search container, highlight marks a page's ?h= terms.
  let ui = null;
  window.HBSearchUI = {
    init: (container) => (ui ||= new SearchUI(container)),
    highlight: highlightArrival,
  };
})();
