/* Previews: pointing at or focusing a link to another page or section of
   the site shows that section's heading and first paragraphs in a popover
   (fetched once per page and cached); a footnote reference shows its note;
   Material's code annotations ("# (1)" in a code block's comments, with the
   list after the block) become buttons that show their note. The popover
   is positioned over the page, so nothing moves; Esc closes it, and a
   focused link describes itself by it (aria-describedby). */
(() => {
  "use strict";
  const SHOW_MS = 250, HIDE_MS = 200, MAX_PARAGRAPHS = 2;
  const pages = new Map();
  let pop = null, owner = null, showTimer = 0, hideTimer = 0, seq = 0;

  const popover = () => {
    if (!pop) {
      pop = document.createElement("div");
      pop.className = "hb-preview";
      pop.id = "hb-preview";
      pop.setAttribute("role", "tooltip");
      pop.hidden = true;
      pop.addEventListener("mouseenter", () => clearTimeout(hideTimer));
      pop.addEventListener("mouseleave", () => hideSoon());
      document.body.append(pop);
    }
    return pop;
  };

  // target tells what a link previews: {url, id} for a page or section of
  // this site, {note} for a footnote reference, or null.
  const target = (a) => {
    if (!a || a.closest(".hb-preview, .hb-toc, .hb-nav, .hb-search, .hb-pager, .hb-breadcrumbs") || a.classList.contains("headerlink")) return null;
    const url = new URL(a.href, location.href);
    if (a.classList.contains("footnote-ref") || a.getAttribute("role") === "doc-noteref") return { note: document.getElementById(decodeURIComponent(url.hash.slice(1))) };
    if (a.classList.contains("footnote-backref") || url.origin !== location.origin) return null;
    const root = HB.root().pathname;
    if (!url.pathname.startsWith(root) || !/(\/|\.html)$/.test(url.pathname)) return null;
    const here = url.pathname === location.pathname;
    if (here && !url.hash) return null;
    return { url: url.href.split("#")[0], id: decodeURIComponent(url.hash.slice(1)), here };
  };

  const fetchDoc = (url) => {
    if (!pages.has(url)) {
      const p = fetch(url).then((r) => {
        if (!r.ok) throw new Error("HTTP " + r.status);
        return r.text();
      }).then((t) => new DOMParser().parseFromString(t, "text/html"));
      p.catch(() => pages.delete(url));
      pages.set(url, p);
    }
    return pages.get(url);
  };

  // excerpt copies a heading and the paragraphs after it (or the page's
  // title and first paragraphs), without ids, scripts or interactive parts.
  const excerpt = (doc, id) => {
    const article = doc.querySelector(".hb-article");
    if (!article) return null;
    let heading = id ? doc.getElementById(id) : null;
    if (heading && !/^H[1-6]$/.test(heading.tagName)) heading = heading.closest("h1,h2,h3,h4,h5,h6") || heading;
    if (!heading || !article.contains(heading)) heading = article.querySelector("h1");
    const out = document.createElement("div");
    const h = document.createElement("p");
    h.className = "hb-preview__title";
    h.textContent = (heading ? heading.textContent : doc.title).replace(/¶\s*$/, "").trim();
    out.append(h);
    let n = 0;
    for (let e = heading ? heading.nextElementSibling : article.firstElementChild; e && n < MAX_PARAGRAPHS; e = e.nextElementSibling) {
      if (/^H[1-6]$/.test(e.tagName)) break;
      if (!/^(P|UL|OL|BLOCKQUOTE|DL)$/.test(e.tagName) || e.classList.contains("hb-page-levels")) continue;
      out.append(clean(e));
      n++;
    }
    return out;
  };

  const clean = (e) => {
    const c = document.importNode(e, true);
    c.querySelectorAll("[id]").forEach((x) => x.removeAttribute("id"));
    c.removeAttribute("id");
    c.querySelectorAll("script, input, button, .headerlink, .footnote-backref").forEach((x) => x.remove());
    // Links inside a tooltip would be unreachable: keep their text only.
    c.querySelectorAll("a").forEach((x) => x.replaceWith(...x.childNodes));
    return c;
  };

  const place = (anchor) => {
    const r = anchor.getBoundingClientRect(), p = popover();
    const width = Math.min(400, document.documentElement.clientWidth - 16);
    p.style.width = width + "px";
    const left = Math.max(8, Math.min(r.left + scrollX, scrollX + document.documentElement.clientWidth - width - 8));
    const below = r.bottom + 8 + p.offsetHeight < innerHeight || r.top < p.offsetHeight + 8;
    p.style.left = left + "px";
    p.style.top = (below ? r.bottom + scrollY + 6 : r.top + scrollY - p.offsetHeight - 6) + "px";
  };

  const show = async (a, t) => {
    const my = ++seq;
    let body;
    if (t.note) {
      body = clean(t.note);
      body.className = "hb-preview__note";
    } else {
      try { body = excerpt(t.here ? document : await fetchDoc(t.url), t.id); } catch { return; }
    }
    if (my !== seq || !body) return;
    const p = popover();
    p.replaceChildren(body);
    p.hidden = false;
    place(a);
    owner = a;
    a.setAttribute("aria-describedby", p.id);
  };

  const hide = () => {
    seq++;
    clearTimeout(showTimer);
    if (pop) pop.hidden = true;
    owner?.removeAttribute("aria-describedby");
    owner = null;
  };
  const hideSoon = () => { clearTimeout(hideTimer); hideTimer = setTimeout(hide, HIDE_MS); };

  const begin = (e) => {
    const a = e.target.closest?.("a[href]");
    const t = target(a);
    if (!t || !a.closest(".hb-main")) return;
    clearTimeout(hideTimer);
    clearTimeout(showTimer);
    if (owner === a) return;
    // Prefetch at once; show after a short pause, so passing over a link does nothing.
    if (t.url && !t.here) fetchDoc(t.url).catch(() => {});
    showTimer = setTimeout(() => show(a, t), e.type === "focusin" ? 0 : SHOW_MS);
  };
  const end = (e) => {
    if (e.target.closest?.("a[href]") === owner || e.type === "focusout") hideSoon();
    clearTimeout(showTimer);
  };

  /* ---------- code annotations ---------- */

  const COMMENT = ".c, .c1, .ch, .cm, .cp, .cpf, .cs, .sd";
  const annotate = (root) => {
    let n = 0;
    const blocks = HB.feature("content.code.annotate") ? "div.highlight" : "div.highlight.annotate";
    for (const block of root.querySelectorAll(blocks)) {
      const list = block.nextElementSibling;
      if (!list || list.tagName !== "OL" || block.dataset.hbAnnotated) continue;
      const items = [...list.children];
      let used = 0;
      for (const c of block.querySelectorAll(COMMENT)) {
        const m = /\((\d+)\)(!?)/.exec(c.textContent);
        const item = m && items[+m[1] - 1];
        if (!item) continue;
        const b = document.createElement("button");
        b.type = "button";
        b.className = "hb-annotation";
        b.textContent = m[1];
        b.setAttribute("aria-label", "Annotation " + m[1]);
        b.setAttribute("aria-expanded", "false");
        b.hbNote = item;
        const before = c.textContent.slice(0, m.index), after = c.textContent.slice(m.index + m[0].length);
        // "(1)!" drops the comment's own characters, as Material does.
        c.replaceChildren(m[2] ? "" : before, b, after);
        used++;
        n++;
      }
      if (used) {
        block.dataset.hbAnnotated = "";
        list.classList.add("hb-annotations");
      }
    }
    return n;
  };

  const toggleNote = (b) => {
    if (owner === b) { hide(); b.setAttribute("aria-expanded", "false"); return; }
    hide();
    show(b, { note: b.hbNote }).then(() => b.setAttribute("aria-expanded", "true"));
  };

  window.HBPreviews = {
    start(e) {
      document.addEventListener("mouseover", begin, { passive: true });
      document.addEventListener("focusin", begin);
      document.addEventListener("mouseout", end, { passive: true });
      document.addEventListener("focusout", end);
      document.addEventListener("keydown", (k) => {
        if (k.key === "Escape" && pop && !pop.hidden) {
          const o = owner;
          hide();
          if (o?.classList.contains("hb-annotation")) { o.setAttribute("aria-expanded", "false"); o.focus(); }
        }
      });
      document.addEventListener("click", (c) => {
        const b = c.target.closest?.(".hb-annotation");
        if (b) toggleNote(b);
        else if (pop && !pop.hidden && !c.target.closest(".hb-preview")) hide();
      });
      document.addEventListener("hb:navigate", hide);
      HB.ready(annotate);
      if (e && (e.type === "mouseover" || e.type === "focusin")) begin(e);
    },
    annotate,
  };
})();
