/* The glightbox plugin: images in the article open in a lightbox. Each is
   wrapped in a link to itself (which works without JavaScript too); the
   first click loads vendor/glightbox from the site and opens the gallery
   at that image. Images in links, emoji and .off-glb are left alone. */
(() => {
  "use strict";
  if (!HB.feature("glightbox")) return;
  let box = null;
  const vendor = (p) => new URL("vendor/glightbox/" + p, HB.root()).href;
  const load = () => box || (box = new Promise((resolve, reject) => {
    const css = document.createElement("link");
    css.rel = "stylesheet";
    css.href = vendor("glightbox.min.css");
    document.head.append(css);
    const s = document.createElement("script");
    s.src = vendor("glightbox.min.js");
    s.onload = resolve;
    s.onerror = () => { box = null; reject(new Error("cannot load glightbox")); };
    document.head.append(s);
  }));
  const wrap = (root) => {
    for (const img of root.querySelectorAll(".hb-article img")) {
      if (img.closest("a, .twemoji, .emojione, .off-glb") || img.classList.contains("off-glb")) continue;
      const a = document.createElement("a");
      a.href = img.getAttribute("src");
      a.className = "glightbox";
      a.dataset.type = "image";
      a.setAttribute("aria-label", "Zoom: " + (img.alt || "image"));
      if (img.alt) a.dataset.title = img.alt;
      img.replaceWith(a);
      a.append(img);
    }
  };
  HB.ready(wrap);
  document.addEventListener("click", (e) => {
    const a = e.target.closest?.("a.glightbox");
    if (!a || e.ctrlKey || e.metaKey || e.shiftKey) return;
    e.preventDefault();
    load().then(() => {
      const links = [...document.querySelectorAll(".hb-article a.glightbox")];
      const g = window.GLightbox({ selector: ".hb-article a.glightbox", touchNavigation: true, loop: false });
      g.openAt(Math.max(0, links.indexOf(a)));
    }, () => { location.href = a.href; });
  });
})();
