/* Theme toggle (remembered), navigation drawer, and the table of contents that follows the reader. */
(function () {
  "use strict";
  var root = document.documentElement;

  function setTheme(t) {
    root.setAttribute("data-theme", t);
    var b = document.querySelector("[data-hb-theme-toggle]");
    if (b) b.setAttribute("aria-label", t === "dark" ? "Switch to light theme" : "Switch to dark theme");
  }
  var toggle = document.querySelector("[data-hb-theme-toggle]");
  if (toggle) {
    toggle.hidden = false;
    setTheme(root.getAttribute("data-theme") === "dark" ? "dark" : "light");
    toggle.addEventListener("click", function () {
      var t = root.getAttribute("data-theme") === "dark" ? "light" : "dark";
      setTheme(t);
      try { localStorage.setItem("hb-theme", t); } catch (e) {}
      document.dispatchEvent(new CustomEvent("hb:themechange", { detail: { theme: t } }));
    });
  }

  // The palette's schemes (theme.palette): the toggle goes through them in
  // order, showing the next one's icon and label; "auto" follows the system.
  var schemeToggle = document.querySelector("[data-hb-scheme-toggle]");
  if (schemeToggle) {
    var kinds = (root.getAttribute("data-hb-schemes") || "").split(" ");
    var showScheme = function (i) {
      var kind = kinds[i] === "auto" ? (window.matchMedia("(prefers-color-scheme: dark)").matches ? "dark" : "light") : kinds[i];
      root.setAttribute("data-hb-scheme", String(i));
      root.setAttribute("data-theme", kind);
      schemeToggle.querySelectorAll("[data-hb-scheme-icon]").forEach(function (s) {
        var current = s.getAttribute("data-hb-scheme-icon") === String(i);
        s.classList.toggle("is-current", current);
        if (current) schemeToggle.setAttribute("aria-label", s.getAttribute("data-hb-label") || "Switch colour scheme");
      });
    };
    var scheme = +(root.getAttribute("data-hb-scheme") || 0);
    showScheme(scheme);
    schemeToggle.hidden = false;
    schemeToggle.addEventListener("click", function () {
      scheme = (scheme + 1) % kinds.length;
      showScheme(scheme);
      try { localStorage.setItem("hb-scheme", String(scheme)); } catch (e) {}
      document.dispatchEvent(new CustomEvent("hb:themechange", { detail: { theme: root.getAttribute("data-theme") } }));
    });
  }

  var drawer = document.querySelector(".hb-drawer-toggle");
  if (drawer) {
    drawer.hidden = false;
    var setOpen = function (open) {
      document.body.classList.toggle("hb-drawer-open", open);
      drawer.setAttribute("aria-expanded", open ? "true" : "false");
      drawer.setAttribute("aria-label", open ? "Close navigation" : "Open navigation");
    };
    // The drawer also holds the page's table of contents (hidden beside the
    // article on wide screens): a copy, made when the drawer opens.
    var drawerTOC = function () {
      var sidebar = document.querySelector(".hb-sidebar");
      var toc = document.querySelector(".hb-toc__nav ul");
      var old = sidebar && sidebar.querySelector(".hb-drawer-toc");
      if (old) old.remove();
      if (!sidebar || !toc) return;
      var nav = document.createElement("nav");
      nav.className = "hb-drawer-toc";
      nav.setAttribute("aria-label", "On this page");
      var title = document.createElement("p");
      title.className = "hb-toc__title";
      title.textContent = "On this page";
      nav.appendChild(title);
      nav.appendChild(toc.cloneNode(true));
      sidebar.appendChild(nav);
    };
    drawer.addEventListener("click", function () {
      var open = !document.body.classList.contains("hb-drawer-open");
      if (open) drawerTOC();
      setOpen(open);
      if (open) {
        var cur = document.querySelector('.hb-nav a[aria-current="page"]') || document.querySelector(".hb-nav a");
        if (cur) cur.focus();
      }
    });
    document.addEventListener("keydown", function (e) {
      if (e.key === "Escape" && document.body.classList.contains("hb-drawer-open")) { setOpen(false); drawer.focus(); }
    });
    document.addEventListener("hb:navigate", function () { setOpen(false); });
    document.addEventListener("click", function (e) {
      if (document.body.classList.contains("hb-drawer-open") && !e.target.closest(".hb-sidebar") && !e.target.closest(".hb-drawer-toggle")) setOpen(false);
      // A link to a section of this page, in the drawer: close it to show the section.
      if (e.target.closest(".hb-drawer-toc a")) setOpen(false);
    });
  }

  // Table of contents: mark the section being read. Set up again when the
  // article is replaced (handbook serve's live update: "hb:content").
  var links = [], targets = [], byId = {}, io = null, scrolled = false;
  var follow = HB.feature("toc.follow"), tracking = HB.feature("navigation.tracking");
  // toc.follow: keep the marked entry in view inside its scrolling box.
  function keepInView(a) {
    var box = a.closest(".hb-toc, .hb-sidebar");
    if (!box) return;
    var r = a.getBoundingClientRect(), b = box.getBoundingClientRect();
    if (r.top < b.top || r.bottom > b.bottom) box.scrollTop += r.top - b.top - box.clientHeight / 2;
  }
  function update() {
    var current = null;
    for (var i = 0; i < targets.length; i++) {
      if (targets[i].hasAttribute("data-hb-folded")) continue; // folded away by the level switcher
      if (targets[i].getBoundingClientRect().top < window.innerHeight * 0.3) current = targets[i];
    }
    if (!current) current = targets.filter(function (t) { return !t.hasAttribute("data-hb-folded"); })[0];
    links.forEach(function (a) { a.classList.remove("is-active"); a.removeAttribute("aria-current"); });
    if (current && byId[current.id]) {
      var a = byId[current.id];
      a.classList.add("is-active");
      a.setAttribute("aria-current", "location");
      if (follow) keepInView(a);
      // navigation.tracking: the address names the section being read.
      if (tracking && scrolled && location.hash !== "#" + current.id) {
        try { history.replaceState(history.state, "", "#" + encodeURIComponent(current.id)); } catch (e) {}
      }
    }
  }
  function spy() {
    if (io) io.disconnect();
    links = Array.prototype.slice.call(document.querySelectorAll(".hb-toc a[href^='#']"));
    targets = [];
    byId = {};
    links.forEach(function (a) {
      var id = decodeURIComponent(a.getAttribute("href").slice(1));
      var el = document.getElementById(id);
      if (el) { byId[id] = a; targets.push(el); }
    });
    io = new IntersectionObserver(update, { rootMargin: "0px 0px -60% 0px" });
    targets.forEach(function (t) { io.observe(t); });
    update();
  }
  if ("IntersectionObserver" in window) {
    spy();
    window.addEventListener("scroll", function () { scrolled = true; window.requestAnimationFrame(update); }, { passive: true });
    document.addEventListener("hb:content", spy);
  }

  // header.autohide: the header slides away while the reader scrolls down
  // and comes back as soon as they scroll up.
  if (HB.feature("header.autohide")) {
    var header = document.querySelector(".hb-header"), lastY = window.scrollY;
    window.addEventListener("scroll", function () {
      var y = window.scrollY;
      if (header && Math.abs(y - lastY) > 4) {
        header.classList.toggle("hb-header--hidden", y > lastY && y > header.offsetHeight && !document.body.classList.contains("hb-drawer-open"));
        lastY = y;
      }
    }, { passive: true });
  }
})();
