/* Copy buttons on code blocks.
 * Every div.highlight, and every plain <pre><code> outside one, gets a
 * <button class="hb-copy" aria-label="Copy code"> (see addButton). Clicking copies the code's
 * text (line numbers are CSS-generated, so never part of it) with
 * navigator.clipboard, falling back to a hidden textarea + execCommand("copy"),
 * then shows "Copied" and announces it through a polite live region. */
(function () {
  "use strict";

  var FEEDBACK_MS = 2000;
  var liveRegion = null;

  function announce(message) {
    if (!liveRegion) {
      liveRegion = document.createElement("div");
      liveRegion.className = "hb-sr-only";
      liveRegion.setAttribute("aria-live", "polite");
      liveRegion.setAttribute("role", "status");
      document.body.appendChild(liveRegion);
    }
    // Clear first so repeating the same message is announced again.
    liveRegion.textContent = "";
    window.setTimeout(function () { liveRegion.textContent = message; }, 50);
  }

  function fallbackCopy(text) {
    var area = document.createElement("textarea");
    area.value = text;
    area.setAttribute("readonly", "");
    area.style.position = "fixed";
    area.style.top = "0";
    area.style.left = "-9999px";
    document.body.appendChild(area);
    var previous = document.activeElement;
    area.select();
    var ok = false;
    try {
      ok = document.execCommand("copy");
    } catch (e) {
      ok = false;
    }
    document.body.removeChild(area);
    if (previous && previous.focus) previous.focus();
    return ok ? Promise.resolve() : Promise.reject(new Error("copy failed"));
  }

  function copyText(text) {
    if (navigator.clipboard && window.isSecureContext) {
      return navigator.clipboard.writeText(text).catch(function () {
        return fallbackCopy(text);
      });
    }
    return fallbackCopy(text);
  }

  // codeText is the text a reader expects to paste: the code without the
  // trailing newline every block ends with.
  function codeText(code) {
    return code.textContent.replace(/\n$/, "");
  }

  function showResult(button, ok) {
    button.textContent = ok ? "Copied" : "Copy failed";
    if (ok) button.setAttribute("data-copied", "");
    announce(ok ? "Copied to clipboard" : "Copy failed");
    window.clearTimeout(button._hbTimer);
    button._hbTimer = window.setTimeout(function () {
      button.textContent = "Copy";
      button.removeAttribute("data-copied");
    }, FEEDBACK_MS);
  }

  // A block has a copy button when content.code.copy is on, unless its
  // braces gave it .no-copy; .copy gives it one either way (Material's
  // classes, on the block's wrapper).
  function addButton(container, code) {
    var own = container.classList;
    if (own.contains("no-copy") || !(HB.feature("content.code.copy") || own.contains("copy"))) return;
    var button = document.createElement("button");
    button.type = "button";
    button.className = "hb-copy";
    button.setAttribute("aria-label", "Copy code");
    button.textContent = "Copy";
    button.addEventListener("click", function () {
      copyText(codeText(code)).then(
        function () { showResult(button, true); },
        function () { showResult(button, false); }
      );
    });
    container.appendChild(button);
  }

  function enhance() {
    var blocks = document.querySelectorAll("div.highlight");
    for (var i = 0; i < blocks.length; i++) {
      var code = blocks[i].querySelector("pre > code");
      if (code && !blocks[i].querySelector(":scope > .hb-copy")) addButton(blocks[i], code);
    }
    var plain = document.querySelectorAll("pre > code");
    for (var j = 0; j < plain.length; j++) {
      var pre = plain[j].parentNode;
      if (pre.closest(".highlight, .hb-codeblock") || pre.classList.contains("mermaid")) continue;
      var wrapper = document.createElement("div");
      wrapper.className = "hb-codeblock";
      pre.parentNode.insertBefore(wrapper, pre);
      wrapper.appendChild(pre);
      addButton(wrapper, plain[j]);
    }
    // Code that scrolls sideways must be reachable by keyboard to scroll it.
    var pres = document.querySelectorAll(".highlight pre, .hb-codeblock pre");
    for (var k = 0; k < pres.length; k++) {
      if (!pres[k].hasAttribute("tabindex")) pres[k].tabIndex = 0;
    }
    // So must a table wider than the column (tables scroll sideways, see 10-base.css).
    var tables = document.querySelectorAll(".hb-article table");
    for (var n = 0; n < tables.length; n++) {
      if (tables[n].scrollWidth > tables[n].clientWidth + 1 && !tables[n].hasAttribute("tabindex")) tables[n].tabIndex = 0;
    }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", enhance);
  } else {
    enhance();
  }
  // The article was replaced (handbook serve's live update).
  document.addEventListener("hb:content", enhance);
})();
