/* Link previews, footnote tooltips and code annotations live in the
   "previews" bundle (assets/js/previews/), loaded the first time a reader
   points at or focuses a link in the content, or at once on a page whose
   code blocks carry annotations (all of them with content.code.annotate,
   else those whose braces gave them .annotate). */
(() => {
  "use strict";
  const start = (e) => {
    const a = e?.target?.closest?.(".hb-main a[href]");
    if (e && !a) return;
    document.removeEventListener("mouseover", start);
    document.removeEventListener("focusin", start);
    HB.load("previews").then(() => window.HBPreviews?.start(e), () => {});
  };
  document.addEventListener("mouseover", start, { passive: true });
  document.addEventListener("focusin", start);
  HB.ready(() => {
    if (document.querySelector(HB.feature("content.code.annotate") ? ".highlight + ol" : ".highlight.annotate + ol")) start();
  });
})();
