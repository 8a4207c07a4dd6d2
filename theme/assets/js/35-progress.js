/* Progress, kept in this browser only (localStorage, nothing is sent):
   task-list checkboxes in content can be ticked, each remembered by its
   page and its own text (so editing other items keeps it); a "Mark as
   studied" button on every page; studied pages ticked in the nav; on the
   level pages, how many of the level's pages are studied, with export to
   and import from a JSON file, and reset. Without JavaScript the
   checkboxes show as written. */
(() => {
  "use strict";
  const KEY = "hb-progress:" + HB.root().pathname;
  const read = () => {
    const p = HB.store.get(KEY, null);
    return p && typeof p === "object" && p.pages && typeof p.pages === "object" ? p : { version: 1, pages: {} };
  };
  const write = (p) => { HB.store.set(KEY, p); HB.emit("hb:progress", {}); };
  const pageOf = (p, key) => (p.pages[key] ||= {});
  const keyOf = (href, rootPath = HB.root().pathname) => decodeURIComponent(new URL(href, location.href).pathname.slice(rootPath.length)).replace(/index\.html$/, "");

  // hash is FNV-1a of s, in base 36: short keys for task items.
  const hash = (s) => {
    let h = 0x811c9dc5;
    for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
    return (h >>> 0).toString(36);
  };

  // itemText is a task item's own text, without its nested lists.
  const itemText = (li) => {
    const copy = li.cloneNode(true);
    copy.querySelectorAll("ul, ol").forEach((n) => n.remove());
    return copy.textContent.replace(/\s+/g, " ").trim();
  };

  const setupTasks = (root) => {
    const page = HB.pageKey(), seen = {};
    const tasks = read().pages[page]?.tasks || {};
    for (const input of root.querySelectorAll(".hb-article .task-list-item > .task-list-control > input[type=checkbox]")) {
      const text = itemText(input.closest(".task-list-item"));
      let key = hash(text);
      seen[key] = (seen[key] || 0) + 1;
      if (seen[key] > 1) key += "~" + seen[key];
      input.dataset.hbTask = key;
      input.disabled = false;
      if (key in tasks) input.checked = tasks[key];
    }
  };

  document.addEventListener("change", (e) => {
    const key = e.target.dataset?.hbTask;
    if (!key) return;
    const p = read();
    (pageOf(p, HB.pageKey()).tasks ||= {})[key] = e.target.checked;
    write(p);
  });

  const studied = (p, key) => !!p.pages[key]?.studied;

  const setupStudied = () => {
    const main = document.querySelector(".hb-main");
    if (!main || document.body.classList.contains("hb-kind-404")) return;
    let b = main.querySelector(".hb-studied");
    if (!b) {
      b = document.createElement("button");
      b.type = "button";
      b.className = "hb-studied";
      const anchor = main.querySelector(".hb-meta, .hb-pager");
      if (anchor) anchor.before(b);
      else main.append(b);
      b.addEventListener("click", () => {
        const p = read();
        pageOf(p, HB.pageKey()).studied = !studied(p, HB.pageKey());
        write(p);
      });
    }
    const on = studied(read(), HB.pageKey());
    b.setAttribute("aria-pressed", String(on));
    b.textContent = on ? "Studied" : "Mark as studied";
  };

  // The level pages list their level's pages: remember them, for the
  // counts shown next to those pages in the nav.
  const levelPages = () => HB.store.get("hb-level-pages:" + HB.root().pathname, {});
  const readLevelPage = () => {
    const id = document.body.dataset.pageLevels;
    if (!document.body.classList.contains("hb-kind-level") || !id) return;
    const keys = [...document.querySelectorAll(".hb-article .hb-level-list > li > a")].map((a) => keyOf(a.href));
    const all = levelPages();
    all[id] = [...new Set(keys)];
    HB.store.set("hb-level-pages:" + HB.root().pathname, all);
  };

  const count = (p, keys) => keys.filter((k) => studied(p, k)).length;

  // showCounts marks the studied pages in the nav and counts each level's.
  // (It reads every nav link: the root's path and the level names once.)
  const showCounts = () => {
    const p = read(), all = levelPages(), rootPath = HB.root().pathname, levels = Object.keys(all);
    for (const a of document.querySelectorAll(".hb-nav a[href]")) {
      const key = keyOf(a.href, rootPath);
      a.classList.toggle("hb-is-studied", studied(p, key));
      const lvl = /levels\/([^/]+)\/$/.exec(key);
      const id = lvl && levels.find((k) => k.toLowerCase() === lvl[1]);
      a.querySelector(".hb-nav__count")?.remove();
      if (id && all[id].length) {
        const c = document.createElement("span");
        c.className = "hb-nav__count";
        c.textContent = ` ${count(p, all[id])}/${all[id].length}`;
        c.setAttribute("aria-label", `, ${count(p, all[id])} of ${all[id].length} studied`);
        a.append(c);
      }
    }
    const summary = document.querySelector(".hb-progress-summary");
    const id = document.body.dataset.pageLevels;
    if (summary && all[id]) {
      const n = count(p, all[id]);
      summary.querySelector("span").textContent = `${n} of ${all[id].length} ${id} pages studied`;
      summary.querySelector("progress").max = all[id].length;
      summary.querySelector("progress").value = n;
    }
  };

  // The level pages get the summary and the export, import and reset controls.
  const setupPanel = () => {
    const article = document.querySelector(".hb-kind-level .hb-article, .hb-kind-levels .hb-article");
    if (!article || article.querySelector(".hb-progress-panel")) return;
    const panel = document.createElement("section");
    panel.className = "hb-progress-panel";
    panel.setAttribute("aria-label", "Your progress");
    panel.innerHTML = '<p class="hb-progress-summary"><span></span> <progress value="0" max="1"></progress></p>' +
      '<p>Progress is kept in this browser only. <button type="button" data-act="export">Export</button> ' +
      '<label class="hb-progress-import"><span>Import</span> <input type="file" accept="application/json,.json"></label> ' +
      '<button type="button" data-act="reset">Reset</button> <span role="status"></span></p>';
    if (!document.body.classList.contains("hb-kind-level")) panel.querySelector(".hb-progress-summary").remove();
    const status = panel.querySelector("[role=status]");
    panel.querySelector('[data-act="export"]').addEventListener("click", () => {
      const a = document.createElement("a");
      a.href = URL.createObjectURL(new Blob([JSON.stringify(read(), null, 2)], { type: "application/json" }));
      a.download = "handbook-progress.json";
      a.click();
      setTimeout(() => URL.revokeObjectURL(a.href), 1000);
    });
    panel.querySelector("input[type=file]").addEventListener("change", async (e) => {
      try {
        const p = JSON.parse(await e.target.files[0].text());
        if (!p || typeof p.pages !== "object") throw new Error("not a progress file");
        write(p);
        status.textContent = "Progress imported.";
      } catch {
        status.textContent = "That file is not an exported progress file.";
      }
    });
    panel.querySelector('[data-act="reset"]').addEventListener("click", () => {
      if (!confirm("Forget every ticked item and studied page?")) return;
      HB.store.remove(KEY);
      HB.emit("hb:progress", {});
      status.textContent = "Progress reset.";
    });
    article.prepend(panel);
  };

  const refresh = () => { setupTasks(document); setupStudied(); showCounts(); };
  // A new article alone (handbook serve's live update: hb:content's root is
  // the article) leaves the nav as it was, counts included, but on a level
  // page, whose list the counts come from.
  const articleOnly = (root) => root.matches?.(".hb-article") && !document.body.classList.contains("hb-kind-level");
  HB.ready((root) => {
    readLevelPage(); setupPanel(); setupTasks(root); setupStudied();
    if (!articleOnly(root)) showCounts();
  });
  document.addEventListener("hb:progress", refresh);
  window.addEventListener("storage", (e) => { if (e.key === KEY) refresh(); });
})();
