// Live reload for `handbook serve`. Injected by the preview server only; never
// part of a built site. The server tells it which page it shows (data-hb-page,
// a path relative to the site root) and which version (data-hb-hash).
(function () {
  'use strict';

  var script = document.currentScript;
  if (!script || window.__hbLive) return;
  window.__hbLive = true;

  var base = script.getAttribute('data-hb-base') || '/';
  var page = script.getAttribute('data-hb-page') || '';
  var hash = script.getAttribute('data-hb-hash') || '';
  var api = base + '__handbook/';
  var scrollKey = 'hb-live-scroll:' + location.pathname;
  var overlayId = 'hb-live-overlay';
  var reloading = false;
  var updating = false;
  var again = false; // a change arrived while updating: update once more
  var baseline = null; // this page's HTML as served, parsed (see update)

  restoreScroll();
  fetchJSON(api + 'status?page=' + encodeURIComponent(page)).then(applyStatus, function () {});
  connect();

  // ---- event stream ----

  function connect() {
    var source = new EventSource(api + 'events?page=' + encodeURIComponent(page));
    source.addEventListener('hello', function (e) {
      window.__hbLiveReady = true; // connected: changes from now on reach this page
      var status = parse(e.data);
      if (!status) return;
      applyStatus(status);
      if (!baseline && status.hash === hash) loadBaseline();
      // Missed builds while disconnected (or between load and connect).
      if (status.hash !== hash) {
        if (status.hash === '' && hash !== '') goToNearestExisting();
        else if (status.hash !== '') reload();
      }
    });
    source.addEventListener('reload', function (e) {
      hideOverlay();
      var change = parse(e.data);
      if (change) applyChange(change);
    });
    // A build made with errors (broken links, bad content): the page is
    // served as built, and the overlay lists them.
    source.addEventListener('problems', function (e) {
      var problems = parse(e.data);
      if (problems) showOverlay(problems, true);
    });
    // The server's "error" event (a failed build) carries data; the
    // EventSource's own error event (a lost connection) does not.
    source.addEventListener('error', function (e) {
      if (typeof e.data === 'string') {
        var problems = parse(e.data);
        if (problems) showOverlay(problems);
        return;
      }
      if (source.readyState === EventSource.CLOSED) {
        // The browser gave up (e.g. the server answered while restarting): retry ourselves.
        source.close();
        setTimeout(connect, 1000);
      }
    });
  }

  function applyStatus(status) {
    if (status.ok) hideOverlay();
    else showOverlay(status.problems || [], status.served);
  }

  function applyChange(change) {
    var changed = change.changed || [];
    if ((change.removed || []).indexOf(page) >= 0) return goToNearestExisting();
    var renamed = change.renamed || {};
    if (changed.indexOf(page) >= 0) {
      // sw.js (the offline service worker) changes with every build: not an asset of the page.
      var assets = changed.filter(function (p) { return /\.(css|js)$/.test(p) && p !== 'sw.js'; });
      if (assets.length || Object.keys(renamed).length) return reload();
      return change.update && change.update.page === page ? applyUpdate(change.update) : update();
    }
    var styles = changed.filter(function (p) { return /\.css$/.test(p); });
    if (styles.length || Object.keys(renamed).length) swapStylesheets(changed, renamed);
  }

  // ---- updating the page in place ----

  // When only the article (and its table of contents) changed, the page
  // replaces them with the new ones instead of reloading: the edit shows
  // at once, and everything else (scroll position, open menus, the chosen
  // tab) stays. Anything more (the title, the nav, scripts, diagrams or
  // math in the article) reloads the page. The server compares the frames
  // (the page without its article and table of contents) itself and, when
  // they match, sends the new article with the "reload" event
  // (applyUpdate); otherwise update fetches the page and compares the
  // frames of the HTML this page was served with and the new HTML, both
  // as served.

  // applyUpdate puts in the new article the server sent with its event
  // (it does so when nothing else of the page changed), with no fetch.
  function applyUpdate(u) {
    if (reloading) return;
    var article = document.querySelector('article.hb-article');
    if (updating || u.from !== hash || !article || !swappable(article)) return update();
    swap(article, u.article, u.toc, u.hash);
  }

  // swap puts a new article (and table of contents, if any) in the page,
  // now showing the version hash, and lets the theme set it up.
  function swap(article, html, tocHTML, nextHash) {
    article.innerHTML = html;
    var toc = document.querySelector(tocSelector);
    if (toc && typeof tocHTML === 'string') toc.innerHTML = tocHTML;
    hash = nextHash;
    document.dispatchEvent(new CustomEvent('hb:content', { detail: { root: article } }));
    window.requestAnimationFrame(function () {
      window.__hbLiveUpdated = performance.timeOrigin + performance.now(); // for benchmarks: the update is on screen
    });
  }

  function update() {
    if (reloading) return;
    if (updating) { again = true; return; }
    if (!baseline) return reload();
    updating = true;
    fetchPage().then(function (next) {
      updating = false;
      var article = document.querySelector('article.hb-article');
      var fresh = next.querySelector('article.hb-article');
      if (!article || !fresh || frame(next) !== frame(baseline) || !swappable(fresh) || !swappable(article)) return reload();
      var freshToc = next.querySelector(tocSelector);
      baseline = next;
      swap(article, fresh.innerHTML, freshToc ? freshToc.innerHTML : null, servedHash(next));
      if (again) { again = false; update(); }
    }, function () { updating = false; reload(); });
  }

  function loadBaseline() {
    fetchPage().then(function (doc) {
      if (servedHash(doc) === hash) baseline = doc;
    }, function () {});
  }

  function fetchPage() {
    return fetch(location.href, { cache: 'no-store' }).then(function (res) {
      if (!res.ok) throw new Error('status ' + res.status);
      return res.text();
    }).then(function (text) {
      return new DOMParser().parseFromString(text, 'text/html');
    });
  }

  var tocSelector = 'aside.hb-toc';

  // frame is a served page without the content of its article and table of
  // contents, and without this script.
  function frame(doc) {
    var body = doc.body.cloneNode(true);
    var article = body.querySelector('article.hb-article');
    if (article) article.innerHTML = '';
    var toc = body.querySelector(tocSelector);
    if (toc) toc.innerHTML = '';
    var me = body.querySelector('script[data-hb-page]');
    if (me) me.parentNode.removeChild(me);
    return doc.title + '\u0000' + body.outerHTML;
  }

  // swappable: nothing in it needs more than the theme's enhancements.
  function swappable(root) {
    return !root.querySelector('script, pre.mermaid, .hb-mermaid, .arithmatex, .katex');
  }

  function servedHash(doc) {
    var me = doc.querySelector('script[data-hb-page]');
    return me ? me.getAttribute('data-hb-hash') : '';
  }

  // ---- reloading, keeping the scroll position ----

  function reload() {
    if (reloading) return;
    reloading = true;
    try {
      sessionStorage.setItem(scrollKey, JSON.stringify({ x: window.scrollX, y: window.scrollY }));
    } catch (err) { /* storage may be unavailable; reload anyway */ }
    location.reload();
  }

  function restoreScroll() {
    var saved = null;
    try {
      saved = JSON.parse(sessionStorage.getItem(scrollKey) || 'null');
      sessionStorage.removeItem(scrollKey);
    } catch (err) { return; }
    if (!saved) return;
    var apply = function () { window.scrollTo(saved.x || 0, saved.y || 0); };
    apply();
    // Images and fonts can still change the page's height: apply again once loaded.
    if (document.readyState !== 'complete') window.addEventListener('load', apply, { once: true });
  }

  // The page was deleted: go to the closest parent folder that still exists.
  function goToNearestExisting() {
    if (reloading) return;
    reloading = true;
    var rest = location.pathname.indexOf(base) === 0 ? location.pathname.slice(base.length) : '';
    var parts = rest.split('/').filter(function (s) { return s !== ''; });
    var candidates = [];
    for (var n = parts.length - 1; n > 0; n--) candidates.push(base + parts.slice(0, n).join('/') + '/');
    candidates.push(base);
    (function tryNext(i) {
      if (i >= candidates.length - 1) { location.href = candidates[candidates.length - 1]; return; }
      fetch(candidates[i], { method: 'HEAD', cache: 'no-store' }).then(function (res) {
        if (res.ok) location.href = candidates[i];
        else tryNext(i + 1);
      }, function () { tryNext(i + 1); });
    })(0);
  }

  // ---- stylesheets ----

  // Replace each changed stylesheet link by a fresh one, removing the old
  // link only once the new one has loaded, so the page never flashes unstyled.
  function swapStylesheets(changed, renamed) {
    var links = document.querySelectorAll('link[rel~="stylesheet"]');
    Array.prototype.forEach.call(links, function (link) {
      var url = new URL(link.href, location.href);
      if (url.origin !== location.origin || url.pathname.indexOf(base) !== 0) return;
      var name = decodeURIComponent(url.pathname.slice(base.length));
      var next;
      if (renamed[name]) next = new URL(base + encodeURI(renamed[name]), location.href);
      else if (changed.indexOf(name) >= 0) next = url;
      else return;
      next.searchParams.set('hb-live', String(Date.now()));
      var fresh = link.cloneNode(false);
      fresh.href = next.href;
      var drop = function () { if (link.parentNode) link.parentNode.removeChild(link); };
      fresh.addEventListener('load', drop);
      fresh.addEventListener('error', drop);
      link.parentNode.insertBefore(fresh, link.nextSibling);
    });
  }

  // ---- error overlay ----

  // served: the problems are the served build's own (it was made with
  // them), not a failed build's.
  function showOverlay(problems, served) {
    hideOverlay();
    addOverlayStyle();
    var box = el('div', { id: overlayId, role: 'alert' });
    var head = el('div', { class: 'hb-live-head' });
    head.appendChild(el('strong', {}, served ? problems.length + (problems.length === 1 ? ' problem' : ' problems') : 'Build failed'));
    var close = el('button', { type: 'button', 'aria-label': 'Dismiss' }, '\u00d7');
    close.addEventListener('click', hideOverlay);
    head.appendChild(close);
    box.appendChild(head);
    var list = el('ul', {});
    problems.forEach(function (p) {
      var item = el('li', { class: 'hb-live-' + (p.severity === 'warning' ? 'warning' : 'error') });
      if (p.location) item.appendChild(el('code', {}, p.location));
      item.appendChild(el('span', {}, p.message));
      list.appendChild(item);
    });
    box.appendChild(list);
    box.appendChild(el('p', { class: 'hb-live-note' }, served
      ? 'This page is served as built, with these problems. This clears itself once they are fixed.'
      : 'The last good version is still served. This clears itself after the next successful build.'));
    document.body.appendChild(box);
    document.addEventListener('keydown', dismissOnEscape);
  }

  function hideOverlay() {
    var box = document.getElementById(overlayId);
    if (box) box.parentNode.removeChild(box);
    document.removeEventListener('keydown', dismissOnEscape);
  }

  function dismissOnEscape(e) {
    if (e.key === 'Escape') hideOverlay();
  }

  function addOverlayStyle() {
    if (document.getElementById(overlayId + '-style')) return;
    var o = '#' + overlayId;
    var dark = '{--hb-live-bg:#1f1f1f;--hb-live-fg:#ececec;--hb-live-err:#ff8a80;--hb-live-warn:#ffd54f;--hb-live-border:#555}';
    var css = [
      o + '{--hb-live-bg:#fff;--hb-live-fg:#1b1b1b;--hb-live-err:#b3261e;--hb-live-warn:#7a5200;--hb-live-border:#c8c8c8;' +
        'position:fixed;top:1rem;left:1rem;right:1rem;max-height:80vh;overflow:auto;z-index:2147483647;box-sizing:border-box;' +
        'padding:1rem 1.25rem;background:var(--hb-live-bg);color:var(--hb-live-fg);border:1px solid var(--hb-live-border);' +
        'border-left:6px solid var(--hb-live-err);border-radius:6px;box-shadow:0 8px 32px rgba(0,0,0,.35);' +
        'font:15px/1.5 system-ui,-apple-system,"Segoe UI",sans-serif;text-align:left}',
      o + ' .hb-live-head{display:flex;justify-content:space-between;align-items:center;gap:1rem;font-size:1.1em}',
      o + ' button{font:inherit;font-size:1.4em;line-height:1;background:none;color:inherit;border:0;border-radius:4px;padding:.1em .4em;cursor:pointer}',
      o + ' button:focus-visible{outline:3px solid var(--hb-live-err);outline-offset:2px}',
      o + ' ul{margin:.75rem 0;padding:0;list-style:none}',
      o + ' li{margin:.4rem 0;overflow-wrap:anywhere}',
      o + ' code{font:.95em ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-weight:bold;margin-right:.6em}',
      o + ' .hb-live-error code{color:var(--hb-live-err)}',
      o + ' .hb-live-warning code{color:var(--hb-live-warn)}',
      o + ' .hb-live-note{margin:0;font-size:.9em;opacity:.85}',
      ':root[data-theme="dark"] ' + o + dark,
      '@media (prefers-color-scheme: dark){:root:not([data-theme="light"]) ' + o + dark + '}',
      '@media (max-width:600px){' + o + '{top:.5rem;left:.5rem;right:.5rem;padding:.75rem;font-size:14px}}'
    ].join('\n');
    document.head.appendChild(el('style', { id: overlayId + '-style' }, css));
  }

  // ---- helpers ----

  // el builds an element; text is set as text, never parsed as HTML.
  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    Object.keys(attrs).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function parse(data) {
    try { return JSON.parse(data); } catch (err) { return null; }
  }

  function fetchJSON(url) {
    return fetch(url, { cache: 'no-store' }).then(function (res) { return res.json(); });
  }
})();
