/* Diagrams and math, loaded only on pages that have them.
 * pre.mermaid blocks: loads vendor/mermaid/mermaid.min.js and replaces each
 * block with <div class="hb-mermaid"> holding the SVG, in mermaid's dark theme
 * when the page is dark; re-rendered when the theme changes. A block whose
 * source fails to parse keeps showing its source.
 * .arithmatex elements: loads KaTeX and its auto-render over them with the
 * delimiters \( \) and \[ \].
 * Script URLs are resolved from <meta name="hb-root"> so a site under a
 * sub-path works. */
(function () {
  "use strict";

  function siteRoot() {
    var meta = document.querySelector('meta[name="hb-root"]');
    return new URL(meta ? meta.getAttribute("content") : "./", location.href);
  }

  function vendorURL(path) {
    return new URL("vendor/" + path, siteRoot()).href;
  }

  var loading = {};
  function loadScript(path) {
    if (!loading[path]) {
      loading[path] = new Promise(function (resolve, reject) {
        var script = document.createElement("script");
        script.src = vendorURL(path);
        script.onload = resolve;
        script.onerror = function () { reject(new Error("cannot load " + path)); };
        document.head.appendChild(script);
      });
    }
    return loading[path];
  }

  function loadStyle(path) {
    var link = document.createElement("link");
    link.rel = "stylesheet";
    link.href = vendorURL(path);
    document.head.appendChild(link);
  }

  function isDark() {
    var theme = document.documentElement.getAttribute("data-theme");
    if (theme) return theme === "dark";
    return !!(window.matchMedia && window.matchMedia("(prefers-color-scheme: dark)").matches);
  }

  /* Mermaid. */
  var diagrams = []; // {source, element}
  var renderCount = 0;

  function collectDiagrams() {
    var blocks = document.querySelectorAll("pre.mermaid");
    for (var i = 0; i < blocks.length; i++) {
      diagrams.push({ source: blocks[i].textContent, element: blocks[i] });
    }
  }

  function renderDiagram(diagram) {
    renderCount++;
    var id = "hb-mermaid-" + renderCount;
    return window.mermaid.render(id, diagram.source).then(function (result) {
      var container = document.createElement("div");
      container.className = "hb-mermaid";
      container.setAttribute("data-hb-rendered", "");
      container.innerHTML = result.svg;
      diagram.element.replaceWith(container);
      diagram.element = container;
    }, function () {
      // Leave the source (or the previous rendering) in place; mermaid may
      // have left a temporary error element behind.
      var leftover = document.getElementById("d" + id);
      if (leftover) leftover.remove();
    });
  }

  var lastDark = null;
  function renderDiagrams() {
    var dark = isDark();
    if (dark === lastDark) return Promise.resolve();
    lastDark = dark;
    window.mermaid.initialize({
      startOnLoad: false,
      securityLevel: "strict",
      theme: dark ? "dark" : "default"
    });
    // One at a time: mermaid's renderer is not re-entrant.
    return diagrams.reduce(function (previous, diagram) {
      return previous.then(function () { return renderDiagram(diagram); });
    }, Promise.resolve());
  }

  function startMermaid() {
    collectDiagrams();
    if (!diagrams.length) return;
    loadScript("mermaid/mermaid.min.js").then(function () {
      var queue = renderDiagrams();
      var rerender = function () { queue = queue.then(renderDiagrams); };
      new MutationObserver(rerender).observe(document.documentElement, {
        attributes: true,
        attributeFilter: ["data-theme"]
      });
      if (window.matchMedia) {
        var query = window.matchMedia("(prefers-color-scheme: dark)");
        if (query.addEventListener) query.addEventListener("change", rerender);
      }
    }, function () { /* the source stays readable */ });
  }

  /* arithmatex without generic: <script type="math/tex[; mode=display]">
     after a MathJax_Preview copy, which stays until KaTeX replaces both. */
  function renderScript(element, script) {
    var display = /mode=display/.test(script.type);
    var out = document.createElement(display ? "div" : "span");
    window.katex.render(script.textContent, out, { displayMode: display, throwOnError: false });
    element.textContent = "";
    element.appendChild(out);
  }

  /* KaTeX. */
  function startMath() {
    var elements = document.querySelectorAll(".arithmatex");
    if (!elements.length) return;
    loadStyle("katex/katex.min.css");
    loadScript("katex/katex.min.js")
      .then(function () { return loadScript("katex/contrib/auto-render.min.js"); })
      .then(function () {
        for (var i = 0; i < elements.length; i++) {
          var script = elements[i].querySelector('script[type^="math/tex"]');
          if (script) {
            /* arithmatex's MathJax form: the TeX is in a script. */
            renderScript(elements[i], script);
            continue;
          }
          window.renderMathInElement(elements[i], {
            delimiters: [
              { left: "\\(", right: "\\)", display: false },
              { left: "\\[", right: "\\]", display: true }
            ],
            throwOnError: false
          });
        }
      }, function () { /* the TeX source stays readable */ });
  }

  function start() {
    startMermaid();
    startMath();
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
