/* Search, part 1: the analyser (words → folded, stemmed terms), query
   parsing, edit distance and snippets. Loaded on demand with the index
   reader (20-index.js) as the "search" bundle; without a DOM (node, in
   internal/search's tests) it only defines globalThis.HBSearch.
   The analyser must stay identical to internal/search/analyze.go, stem.go
   and rules.go; a Go test runs both on the same strings. */
(() => {
  "use strict";
  const WORD = /[\p{L}\p{N}\p{M}]+(?:['\u2019][\p{L}\p{N}\p{M}]+)*/gu;
  const NOT_TERM = /[^\p{L}\p{N}]+/u;
  const NONSPACING = /\p{Mn}/gu;
  const APOSTROPHES = /['\u2019]/g;
  const ASCII = /^[\x00-\x7f]*$/;
  const STOP = new Set(("a about above after again all am an and any are as at be because been before being below " +
    "between both but by can could did do does doing down during each few for from further had " +
    "has have having he her here hers him his how i if in into is it its itself just me more most " +
    "my no nor not of off on once only or other our ours out over own same she should so some such " +
    "than that the their theirs them then there these they this those through to too under until " +
    "up very was we were what when where which while who whom why will with would you your yours").split(" "));

  // fold lower-cases and removes diacritics; code point by code point, as Go's
  // unicode.ToLower does (no context-dependent rules such as final sigma).
  const fold = (s) => {
    if (ASCII.test(s)) return s.toLowerCase();
    let out = "";
    for (const ch of s.normalize("NFKD").replace(NONSPACING, "")) out += ch.toLowerCase();
    return out;
  };

  const stemPlural = (w) => {
    if (w.endsWith("ies") && w.length > 4) return w.slice(0, -3) + "y";
    if (w.endsWith("sses")) return w.slice(0, -2);
    if (["xes", "ches", "shes", "zzes"].some((s) => w.endsWith(s))) return w.slice(0, -2);
    if (w.endsWith("s") && !w.endsWith("ss") && !w.endsWith("us") && !w.endsWith("is")) return w.slice(0, -1);
    return w;
  };

  const cutInflection = (w, n) => {
    let stem = w.slice(0, -n);
    if (stem.length < 3 || !/[aeiouy]/.test(stem)) return w;
    const last = stem.at(-1);
    if (stem.length > 3 && last === stem.at(-2) && !"aeiouylsz".includes(last)) stem = stem.slice(0, -1);
    return stem;
  };

  const stemVerbOrAdverb = (w) => {
    if (w.endsWith("eed")) return w;
    if (w.endsWith("ing")) return cutInflection(w, 3);
    if (w.endsWith("ied") && w.length > 4) return w.slice(0, -3) + "y";
    if (w.endsWith("ed")) return cutInflection(w, 2);
    if (w.endsWith("ly") && w.length >= 6 && !"pib".includes(w.at(-3))) return w.slice(0, -2);
    return w;
  };

  const stem = (w) => {
    if (w.length < 4 || !/^[a-z]+$/.test(w)) return w;
    w = stemVerbOrAdverb(stemPlural(w));
    if (w.length >= 4 && w.endsWith("e")) w = w.slice(0, -1);
    return w;
  };

  // DEFAULT are handbook's own rules: no separator, English stemming.
  const DEFAULT = { separator: null, english: true };

  // rules reads the analyser's settings from the index's entry file (the
  // project's search separator and lang, see internal/search/rules.go). A
  // separator the browser cannot compile is left out.
  const rules = (entry) => {
    let separator = null;
    if (entry && entry.separator) {
      try { separator = new RegExp(entry.separator, "g"); } catch (e) { console.error("search separator:", e); }
    }
    return { separator, english: !(entry && entry.stemmer === "none") };
  };

  // stretches calls fn with the bounds of each non-empty stretch of text
  // between two matches of the separator, as MkDocs' search splits text (an
  // empty match, such as a lookahead's, moves on by one).
  const stretches = (text, separator, fn) => {
    if (!separator || !text) { fn(0, text.length); return; }
    separator.lastIndex = 0;
    let at = 0;
    for (let m; (m = separator.exec(text)); ) {
      if (m.index > at) fn(at, m.index);
      at = Math.max(at, m.index + m[0].length);
      if (!m[0].length) separator.lastIndex++;
    }
    if (at < text.length) fn(at, text.length);
  };

  // analyze returns the terms of text: {term, folded, stop, start, end}, the
  // span being the word's UTF-16 offsets in text.
  const analyze = (text, r = DEFAULT) => {
    const out = [];
    stretches(text, r.separator, (lo, hi) => {
      for (const m of text.slice(lo, hi).matchAll(WORD)) {
        const start = lo + m.index;
        for (const piece of fold(m[0]).replace(APOSTROPHES, "").split(NOT_TERM)) {
          if (!piece) continue;
          out.push({ term: r.english ? stem(piece) : piece, folded: piece, stop: r.english && STOP.has(piece), start, end: start + m[0].length });
        }
      }
    });
    return out;
  };

  // parseQuery splits a query into terms; quoted parts become phrases. The last
  // word matches as a prefix while it is being typed (no space after it).
  // Stop words are dropped unless nothing else is left.
  const parseQuery = (q, r = DEFAULT) => {
    let terms = [];
    const phrases = [];
    q.split('"').forEach((part, i) => {
      const inPhrase = i % 2 === 1;
      const words = analyze(part, r);
      if (inPhrase && words.length > 1) phrases.push({ words: words.map((w) => w.term), stops: words.map((w) => w.stop) });
      for (const w of words) terms.push({ term: w.term, folded: w.folded, stop: w.stop, phrase: inPhrase, prefix: false });
    });
    const last = terms.at(-1);
    if (last && !last.phrase && /[\p{L}\p{N}\p{M}]$/u.test(q)) last.prefix = true;
    const content = terms.filter((t) => !t.stop);
    if (content.length) terms = content;
    // One entry per distinct term (a repeated word adds nothing).
    const seen = new Set();
    terms = terms.filter((t) => {
      const key = t.term + (t.prefix ? "*" : "");
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });
    return { terms, phrases };
  };

  // editDistance is the optimal string alignment distance of a and b, or
  // limit+1 once it exceeds limit.
  const editDistance = (a, b, limit) => {
    if (Math.abs(a.length - b.length) > limit) return limit + 1;
    let prev2 = null;
    let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
    for (let i = 1; i <= a.length; i++) {
      const cur = [i];
      let best = i;
      for (let j = 1; j <= b.length; j++) {
        const cost = a[i - 1] === b[j - 1] ? 0 : 1;
        let v = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost);
        if (prev2 && i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, prev2[j - 2] + 1);
        cur[j] = v;
        if (v < best) best = v;
      }
      if (best > limit) return limit + 1;
      prev2 = prev;
      prev = cur;
    }
    return prev[b.length];
  };

  // snippet picks the stretch of text with the most hits and returns it as
  // [{text, hit}] parts.
  const snippet = (text, terms, size = 180, r = DEFAULT) => {
    const set = new Set(terms);
    const hits = analyze(text, r).filter((w) => set.has(w.term));
    let start = 0;
    if (hits.length) {
      let best = -1;
      hits.forEach((h, i) => {
        let n = 0;
        for (let j = i; j < hits.length && hits[j].end - h.start <= size; j++) n++;
        if (n > best) { best = n; start = h.start; }
      });
      start = Math.max(0, start - 40);
      const space = text.lastIndexOf(" ", start);
      if (start > 0 && space >= 0 && start - space < 20) start = space + 1;
    }
    let end = Math.min(text.length, start + size);
    if (end < text.length) {
      const sp = text.lastIndexOf(" ", end);
      if (sp > start + size / 2) end = sp;
    }
    const parts = [];
    let at = start;
    for (const h of hits) {
      if (h.start < at || h.end > end) continue;
      if (h.start > at) parts.push({ text: text.slice(at, h.start), hit: false });
      parts.push({ text: text.slice(h.start, h.end), hit: true });
      at = h.end;
    }
    if (at < end) parts.push({ text: text.slice(at, end), hit: false });
    if (start > 0) parts.unshift({ text: "… ", hit: false });
    if (end < text.length) parts.push({ text: " …", hit: false });
    return parts;
  };

  globalThis.HBSearch = Object.assign(globalThis.HBSearch || {}, { fold, stem, rules, analyze, parseQuery, editDistance, snippet });
})();
