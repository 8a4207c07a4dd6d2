/* Level switcher: All · L6 · L7. With a level chosen, the sidebar and the
   "Linked from" list show that level's pages, sections of another level
   fold behind a one-line control and leave the table of contents, tab sets
   with a tab named for the level select it, and previous/next follow the
   level. The choice is kept in localStorage ("hb-level"); a link sets it
   with ?level=L6, read by the inline script at the top of every page
   (theme-init in partials.html). On narrow screens the switcher shows the
   chosen level only and opens to offer the others. */
(function () {
  "use strict";
  var KEY = "hb-level";
  var switcher = document.querySelector("[data-hb-levels]");
  var known = [];
  if (switcher) {
    Array.prototype.forEach.call(switcher.querySelectorAll("button[data-level]"), function (b) {
      if (b.getAttribute("data-level")) known.push(b.getAttribute("data-level"));
    });
  }

  function current() {
    var v = "";
    try { v = localStorage.getItem(KEY) || ""; } catch (e) {}
    return known.indexOf(v) >= 0 ? v : "";
  }
  function matches(levelsAttr, level) {
    if (!level || !levelsAttr) return true;
    return levelsAttr.split(/\s+/).indexOf(level) >= 0;
  }

  // Sections of the page tagged with a level: from the tagged heading down to
  // the next heading of the same or higher rank.
  function sectionOf(h) {
    var rank = +h.tagName.charAt(1);
    var nodes = [];
    for (var n = h.nextElementSibling; n; n = n.nextElementSibling) {
      if (/^H[1-6]$/.test(n.tagName) && +n.tagName.charAt(1) <= rank) break;
      nodes.push(n);
    }
    return nodes;
  }

  function unfoldAll() {
    Array.prototype.forEach.call(document.querySelectorAll(".hb-fold"), function (f) { f.remove(); });
    Array.prototype.forEach.call(document.querySelectorAll("[data-hb-folded]"), function (n) { n.removeAttribute("data-hb-folded"); });
  }

  function fold(level) {
    unfoldAll();
    if (!level) return;
    var heads = document.querySelectorAll(".hb-article h2[data-level], .hb-article h3[data-level], .hb-article h4[data-level], .hb-article h5[data-level], .hb-article h6[data-level]");
    Array.prototype.forEach.call(heads, function (h) {
      var l = h.getAttribute("data-level");
      if (l === level || h.hasAttribute("data-hb-folded")) return;
      var nodes = [h].concat(sectionOf(h));
      nodes.forEach(function (n) { n.setAttribute("data-hb-folded", ""); });
      var bar = document.createElement("div");
      bar.className = "hb-fold";
      var label = document.createElement("span");
      label.textContent = l + " section: " + h.textContent.replace(/¶$/, "").trim();
      var btn = document.createElement("button");
      btn.type = "button";
      btn.textContent = "show";
      btn.setAttribute("aria-label", "Show " + l + " section");
      btn.addEventListener("click", function () {
        nodes.forEach(function (n) { n.removeAttribute("data-hb-folded"); });
        bar.remove();
        filterTOC();
        h.setAttribute("tabindex", "-1");
        h.focus();
      });
      bar.appendChild(label);
      bar.appendChild(btn);
      h.parentNode.insertBefore(bar, h);
    });
    // Never hide the section the reader was sent to.
    if (location.hash) {
      var target = document.getElementById(decodeURIComponent(location.hash.slice(1)));
      if (target && target.hasAttribute("data-hb-folded")) unfoldAll();
    }
  }

  // The table of contents leaves out the sections that are folded away.
  function filterTOC() {
    Array.prototype.forEach.call(document.querySelectorAll(".hb-toc li, .hb-drawer-toc li"), function (li) {
      var a = li.querySelector("a[href^='#']");
      var target = a && document.getElementById(decodeURIComponent(a.getAttribute("href").slice(1)));
      if (target && target.hasAttribute("data-hb-folded")) li.setAttribute("data-hb-hidden", "");
      else li.removeAttribute("data-hb-hidden");
    });
  }

  // Tab sets with a tab named for the level (and no other level) select it.
  function selectTabs(level) {
    if (!level) return;
    var named = new RegExp("(^|[^A-Za-z0-9])" + level + "([^A-Za-z0-9]|$)", "i");
    Array.prototype.forEach.call(document.querySelectorAll(".tabbed-set"), function (set) {
      var labels = set.querySelectorAll(":scope > .tabbed-labels > label");
      var inputs = set.querySelectorAll(":scope > input");
      for (var i = 0; i < labels.length && i < inputs.length; i++) {
        var text = labels[i].textContent;
        var others = known.some(function (k) { return k !== level && new RegExp("(^|[^A-Za-z0-9])" + k + "([^A-Za-z0-9]|$)", "i").test(text); });
        if (named.test(text) && !others) {
          if (!inputs[i].checked) {
            inputs[i].checked = true;
            inputs[i].dispatchEvent(new Event("change", { bubbles: true }));
          }
          return;
        }
      }
    });
  }

  function filterNav(level) {
    Array.prototype.forEach.call(document.querySelectorAll(".hb-backlinks li[data-levels]"), function (li) {
      if (matches(li.getAttribute("data-levels"), level)) li.removeAttribute("data-hb-hidden");
      else li.setAttribute("data-hb-hidden", "");
    });
    Array.prototype.forEach.call(document.querySelectorAll(".hb-nav li[data-levels]"), function (li) {
      if (matches(li.getAttribute("data-levels"), level)) li.removeAttribute("data-hb-hidden");
      else li.setAttribute("data-hb-hidden", "");
    });
    Array.prototype.forEach.call(document.querySelectorAll(".hb-toc li[data-level]"), function (li) {
      if (matches(li.getAttribute("data-level"), level)) li.removeAttribute("data-hb-hidden");
      else li.setAttribute("data-hb-hidden", "");
    });
  }

  // Previous/next follow the level: skip pages of another level, using the
  // nav's order (the sidebar lists every page of the current branch and
  // every top-level entry, which is what the pager can reach).
  function pager(level) {
    var order = Array.prototype.slice.call(document.querySelectorAll(".hb-nav a[href]"));
    var curIdx = -1;
    order.forEach(function (a, i) { if (a.getAttribute("aria-current") === "page") curIdx = i; });
    [["hb-pager__prev", -1], ["hb-pager__next", 1]].forEach(function (spec) {
      var el = document.querySelector("." + spec[0]);
      if (!el) return;
      if (!el.hasAttribute("data-orig-href")) {
        el.setAttribute("data-orig-href", el.getAttribute("href"));
        el.setAttribute("data-orig-title", el.querySelector(".hb-pager__title").textContent);
      }
      el.hidden = false;
      el.setAttribute("href", el.getAttribute("data-orig-href"));
      el.querySelector(".hb-pager__title").textContent = el.getAttribute("data-orig-title");
      if (!level || matches(el.getAttribute("data-levels"), level) || curIdx < 0) return;
      for (var i = curIdx + spec[1]; i >= 0 && i < order.length; i += spec[1]) {
        var li = order[i].closest("li");
        if (li && matches(li.getAttribute("data-levels"), level)) {
          el.setAttribute("href", order[i].getAttribute("href"));
          el.querySelector(".hb-pager__title").textContent = order[i].textContent;
          return;
        }
      }
      el.hidden = true;
    });
  }

  function apply(level, announce) {
    if (level) document.documentElement.setAttribute("data-level", level);
    else document.documentElement.removeAttribute("data-level");
    if (switcher) {
      Array.prototype.forEach.call(switcher.querySelectorAll("button"), function (b) {
        b.setAttribute("aria-pressed", b.getAttribute("data-level") === level ? "true" : "false");
      });
    }
    filterNav(level);
    fold(level);
    filterTOC();
    selectTabs(level);
    pager(level);
    if (announce) document.dispatchEvent(new CustomEvent("hb:levelchange", { detail: { level: level } }));
  }

  function set(level) {
    try { localStorage.setItem(KEY, level); } catch (e) {}
    apply(level, true);
  }

  if (switcher) {
    switcher.hidden = false;
    var compact = window.matchMedia("(max-width: 37.5rem)");
    var pressed = function () { return switcher.querySelector('[aria-pressed="true"]'); };
    var openMenu = function (open) {
      switcher.classList.toggle("is-open", open);
      var p = pressed();
      if (p) p.setAttribute("aria-expanded", open ? "true" : "false");
    };
    switcher.addEventListener("click", function (e) {
      var b = e.target.closest("button[data-level]");
      if (!b) return;
      // Narrow screens show the chosen level only: a click on it opens the others.
      if (compact.matches && !switcher.classList.contains("is-open")) { openMenu(true); return; }
      var p = pressed();
      if (p) p.removeAttribute("aria-expanded");
      set(b.getAttribute("data-level"));
      openMenu(false);
    });
    document.addEventListener("click", function (e) { if (!switcher.contains(e.target) && switcher.classList.contains("is-open")) openMenu(false); });
    document.addEventListener("keydown", function (e) { if (e.key === "Escape" && switcher.classList.contains("is-open")) { openMenu(false); pressed().focus(); } });
  }
  // Other widgets (search's level filter) change the level through the same event.
  document.addEventListener("hb:levelchange", function (e) {
    var l = (e.detail && e.detail.level) || "";
    if (l !== (document.documentElement.getAttribute("data-level") || "")) apply(l, false);
  });
  window.addEventListener("storage", function (e) { if (e.key === KEY) apply(current(), false); });
  // The article was replaced (handbook serve's live update, instant
  // navigation): fold it again.
  document.addEventListener("hb:content", function () {
    apply(document.documentElement.getAttribute("data-level") || "", false);
  });
  apply(current(), false);
})();
