/* Search: a box in the header (opened with "/" or Ctrl/Cmd-K) that queries the
   static index written by internal/search. Only the index files a query needs
   are fetched: the entry search/index.json, the prefix shards of the query's
   terms, and the snippet chunks of the results shown.
   Text from the index is only ever inserted as text (textContent, text nodes).
   The analyser below must stay identical to internal/search/analyze.go and
   stem.go; a Go test runs both on the same strings. */
(function () {
  "use strict";

  /* ---------- analyser: words → folded, stemmed terms ---------- */

  var WORD = /[\p{L}\p{N}\p{M}]+(?:['\u2019][\p{L}\p{N}\p{M}]+)*/gu;
  var NOT_TERM = /[^\p{L}\p{N}]+/u;
  var NONSPACING = /\p{Mn}/gu;
  var APOSTROPHES = /['\u2019]/g;
  var ASCII = /^[\x00-\x7f]*$/;
  var STOP = Object.create(null);
  ("a about above after again all am an and any are as at be because been before being below " +
    "between both but by can could did do does doing down during each few for from further had " +
    "has have having he her here hers him his how i if in into is it its itself just me more most " +
    "my no nor not of off on once only or other our ours out over own same she should so some such " +
    "than that the their theirs them then there these they this those through to too under until " +
    "up very was we were what when where which while who whom why will with would you your yours")
    .split(" ").forEach(function (w) { STOP[w] = true; });

  // fold lower-cases and removes diacritics; code point by code point, as Go's
  // unicode.ToLower does (no context-dependent rules such as final sigma).
  function fold(s) {
    if (ASCII.test(s)) return s.toLowerCase();
    var d = s.normalize("NFKD").replace(NONSPACING, "");
    var out = "";
    for (var ch of d) out += ch.toLowerCase();
    return out;
  }

  function ends(w, suf) { return w.length >= suf.length && w.slice(-suf.length) === suf; }

  function stemPlural(w) {
    if (ends(w, "ies") && w.length > 4) return w.slice(0, -3) + "y";
    if (ends(w, "sses")) return w.slice(0, -2);
    if (ends(w, "xes") || ends(w, "ches") || ends(w, "shes") || ends(w, "zzes")) return w.slice(0, -2);
    if (ends(w, "s") && !ends(w, "ss") && !ends(w, "us") && !ends(w, "is")) return w.slice(0, -1);
    return w;
  }

  function cutInflection(w, n) {
    var stem = w.slice(0, -n);
    if (stem.length < 3 || !/[aeiouy]/.test(stem)) return w;
    var last = stem.charAt(stem.length - 1);
    if (stem.length > 3 && last === stem.charAt(stem.length - 2) && "aeiouylsz".indexOf(last) < 0) {
      stem = stem.slice(0, -1);
    }
    return stem;
  }

  function stemVerbOrAdverb(w) {
    if (ends(w, "eed")) return w;
    if (ends(w, "ing")) return cutInflection(w, 3);
    if (ends(w, "ied") && w.length > 4) return w.slice(0, -3) + "y";
    if (ends(w, "ed")) return cutInflection(w, 2);
    if (ends(w, "ly") && w.length >= 6 && "pib".indexOf(w.charAt(w.length - 3)) < 0) return w.slice(0, -2);
    return w;
  }

  function stem(w) {
    if (w.length < 4 || !/^[a-z]+$/.test(w)) return w;
    w = stemVerbOrAdverb(stemPlural(w));
    if (w.length >= 4 && ends(w, "e")) w = w.slice(0, -1);
    return w;
  }

  // analyze returns the terms of text: {term, folded, stop, start, end}, the
  // span being the word's UTF-16 offsets in text.
  function analyze(text) {
    var out = [];
    WORD.lastIndex = 0;
    var m;
    while ((m = WORD.exec(text)) !== null) {
      var pieces = fold(m[0]).replace(APOSTROPHES, "").split(NOT_TERM);
      for (var i = 0; i < pieces.length; i++) {
        if (!pieces[i]) continue;
        out.push({ term: stem(pieces[i]), folded: pieces[i], stop: STOP[pieces[i]] === true,
          start: m.index, end: m.index + m[0].length });
      }
    }
    return out;
  }

  /* ---------- query parsing ---------- */

  // parseQuery splits a query into terms; quoted parts become phrases. The last
  // word matches as a prefix while it is being typed (no space after it).
  // Stop words are dropped unless nothing else is left.
  function parseQuery(q) {
    var parts = q.split('"');
    var terms = [], phrases = [];
    parts.forEach(function (part, i) {
      var inPhrase = i % 2 === 1;
      var words = analyze(part);
      if (inPhrase && words.length > 1) phrases.push({ words: words.map(function (w) { return w.term; }), stops: words.map(function (w) { return w.stop; }) });
      words.forEach(function (w) {
        terms.push({ term: w.term, folded: w.folded, stop: w.stop, phrase: inPhrase, prefix: false });
      });
    });
    var last = terms[terms.length - 1];
    if (last && !last.phrase && /[\p{L}\p{N}\p{M}]$/u.test(q)) last.prefix = true;
    var content = terms.filter(function (t) { return !t.stop; });
    if (content.length) terms = content;
    // One entry per distinct term (a repeated word adds nothing).
    var seen = Object.create(null);
    terms = terms.filter(function (t) {
      var key = t.term + (t.prefix ? "*" : "");
      if (seen[key]) return false;
      seen[key] = true;
      return true;
    });
    return { terms: terms, phrases: phrases };
  }

  /* ---------- edit distance (optimal string alignment) ---------- */

  function editDistance(a, b, limit) {
    if (Math.abs(a.length - b.length) > limit) return limit + 1;
    var prev2 = null, prev = [], cur;
    for (var j = 0; j <= b.length; j++) prev[j] = j;
    for (var i = 1; i <= a.length; i++) {
      cur = [i];
      var best = i;
      for (j = 1; j <= b.length; j++) {
        var cost = a.charAt(i - 1) === b.charAt(j - 1) ? 0 : 1;
        var v = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost);
        if (prev2 && i > 1 && j > 1 && a.charAt(i - 1) === b.charAt(j - 2) && a.charAt(i - 2) === b.charAt(j - 1)) {
          v = Math.min(v, prev2[j - 2] + 1);
        }
        cur[j] = v;
        if (v < best) best = v;
      }
      if (best > limit) return limit + 1;
      prev2 = prev;
      prev = cur;
    }
    return prev[b.length];
  }

  /* ---------- the index ---------- */

  var FORMAT_VERSION = 2;
  var EXACT = 1, PREFIX = 0.8, TYPO = 0.6;
  var MAX_PREFIX_TERMS = 12, MAX_PREFIX_SHARDS = 6, MAX_TYPO_TERMS = 6, MAX_EXTRA_TIERS = 4;

  function hexUTF8(s) {
    var bytes = new TextEncoder().encode(s), out = "";
    for (var i = 0; i < bytes.length; i++) out += (bytes[i] < 16 ? "0" : "") + bytes[i].toString(16);
    return out;
  }

  // fileKey matches write.go: a–z0–9 prefixes as they are, anything else as hex.
  function fileKey(prefix) { return /^[a-z0-9]+$/.test(prefix) ? prefix : "~" + hexUTF8(prefix); }

  function vocabKey(term) {
    var c = term.charAt(0);
    if (c >= "a" && c <= "z") return c;
    if (c >= "0" && c <= "9") return "0";
    return "~";
  }

  // decodeTier reads a flat posting array (see encodeTier in write.go):
  // docDelta, impact, levelMask, then, in the tiers that carry positions,
  // positionCount, firstPosition, positionDeltas….
  function decodeTier(arr, withPositions) {
    var out = [], doc = 0, i = 0, stride = withPositions ? 4 : 3;
    while (i + stride - 1 < arr.length) {
      doc += arr[i];
      var n = withPositions ? arr[i + 3] : 0, pos = null;
      if (n > 0) {
        pos = [];
        for (var k = 0, p = 0; k < n; k++) { p += arr[i + 4 + k]; pos.push(p); }
      }
      out.push({ doc: doc, imp: arr[i + 1], mask: arr[i + 2], pos: pos });
      i += stride + n;
    }
    return out;
  }

  // Index loads the index files through load(path) → Promise<parsed JSON>,
  // each file once.
  function Index(load) {
    this.load = load;
    this.files = Object.create(null);
    this.termCache = Object.create(null);
    this.entry = null;
  }

  Index.prototype.file = function (path) {
    var self = this;
    if (!this.files[path]) {
      this.files[path] = this.load(path).catch(function (e) { delete self.files[path]; throw e; });
    }
    return this.files[path];
  };

  Index.prototype.ready = function () {
    var self = this;
    if (this.entry) return Promise.resolve(this.entry);
    return this.file("search/index.json").then(function (e) {
      if (!e || e.version !== FORMAT_VERSION) throw new Error("search index format " + (e && e.version));
      self.entry = e;
      self.shardKeys = Object.keys(e.shards).sort();
      return e;
    });
  };

  // shardKeyFor is the longest shard prefix of term.
  Index.prototype.shardKeyFor = function (term) {
    for (var n = term.length; n >= 0; n--) {
      var k = term.slice(0, n);
      if (Object.prototype.hasOwnProperty.call(this.entry.shards, k)) return k;
    }
    return null;
  };

  Index.prototype.shard = function (key) {
    return this.file("search/t-" + fileKey(key) + "." + this.entry.shards[key] + ".json");
  };

  // term resolves to {term, df, tiers: n, more: [hashes], map: doc → posting}
  // or null; map holds the postings of the tiers loaded so far.
  Index.prototype.term = function (term) {
    var self = this;
    if (this.termCache[term]) return Promise.resolve(this.termCache[term]);
    var key = this.shardKeyFor(term);
    if (key === null) return Promise.resolve(null);
    return this.shard(key).then(function (shard) {
      var t = Object.prototype.hasOwnProperty.call(shard, term) ? shard[term] : null;
      if (!t) return null;
      if (!self.termCache[term]) {
        var state = { term: term, df: t[0], tiers: 0, more: t[2].slice(), map: new Map() };
        addTier(state, t[1], self.entry.positionTiers);
        self.termCache[term] = state;
      }
      return self.termCache[term];
    });
  };

  // addTier adds a term's next tier of postings; the first positionTiers
  // tiers carry word positions.
  function addTier(state, arr, positionTiers) {
    decodeTier(arr, state.tiers < positionTiers).forEach(function (p) { state.map.set(p.doc, p); });
    state.tiers++;
  }

  // loadMore fetches a term's next tier of postings; false when there is none.
  Index.prototype.loadMore = function (t) {
    if (!t.more.length) return Promise.resolve(false);
    var hash = t.more[0], positionTiers = this.entry.positionTiers;
    return this.file("search/p-" + hash + ".json").then(function (arr) {
      if (t.more[0] === hash) { t.more.shift(); addTier(t, arr, positionTiers); }
      return true;
    });
  };

  // prefixTerms lists indexed terms starting with p, most frequent first.
  Index.prototype.prefixTerms = function (p) {
    var self = this;
    var keys = this.shardKeys.filter(function (k) { return k.length > p.length && k.slice(0, p.length) === p; });
    var own = this.shardKeyFor(p);
    if (own !== null) keys.unshift(own);
    keys = keys.slice(0, MAX_PREFIX_SHARDS);
    return Promise.all(keys.map(function (k) { return self.shard(k); })).then(function (shards) {
      var found = [];
      shards.forEach(function (sh) {
        Object.keys(sh).forEach(function (t) {
          if (t.slice(0, p.length) === p) found.push({ term: t, df: sh[t][0] });
        });
      });
      found.sort(function (a, b) { return b.df - a.df || (a.term < b.term ? -1 : 1); });
      return found.slice(0, MAX_PREFIX_TERMS).map(function (f) { return f.term; });
    });
  };

  // vocab lists [{term, df, word}] for terms sharing term's first character.
  Index.prototype.vocab = function (term) {
    var key = vocabKey(term);
    var hash = this.entry.vocab[key];
    if (!hash) return Promise.resolve([]);
    return this.file("search/v-" + fileKey(key) + "." + hash + ".json").then(function (arr) {
      var out = [];
      for (var i = 0; i + 2 < arr.length; i += 3) out.push({ term: arr[i], df: arr[i + 1], word: arr[i + 2] || arr[i] });
      return out;
    });
  };

  // similarTerms lists vocabulary terms within `limit` edits of any of words.
  Index.prototype.similarTerms = function (words, limit) {
    return this.vocab(words[0]).then(function (vocab) {
      var out = [];
      vocab.forEach(function (v) {
        var d = limit + 1;
        words.forEach(function (w) { d = Math.min(d, editDistance(w, v.term, limit), editDistance(w, v.word, limit)); });
        if (d <= limit) out.push({ term: v.term, word: v.word, df: v.df, dist: d });
      });
      out.sort(function (a, b) { return a.dist - b.dist || b.df - a.df || (a.term < b.term ? -1 : 1); });
      return out;
    });
  };

  Index.prototype.chunkDoc = function (doc) {
    var e = this.entry;
    var chunk = Math.floor(doc / e.chunkDocs);
    var hash = e.chunks[Math.floor(chunk / e.chunkGroup)];
    return this.file("search/c-" + chunk + "." + hash + ".json").then(function (arr) {
      var d = arr[doc % e.chunkDocs];
      return { id: doc, url: d[0], page: d[1], headings: d[2], levels: d[3], text: d[4] };
    });
  };

  /* ---------- searching ---------- */

  // variants finds the indexed terms a query term matches: itself, the
  // completions of the word being typed, and (5+ letters) one-edit typos.
  function variants(index, q) {
    var found = [];
    var jobs = [index.term(q.term).then(function (t) { if (t) found.push({ t: t, weight: EXACT, typo: 0 }); })];
    if (q.prefix && !q.phrase && q.folded.length >= 2) {
      jobs.push(index.prefixTerms(q.folded).then(function (terms) {
        return Promise.all(terms.map(function (term) {
          if (term === q.term) return null;
          return index.term(term).then(function (t) {
            if (t) found.push({ t: t, weight: term === q.folded ? EXACT : PREFIX, typo: 0 });
          });
        }));
      }));
    }
    if (!q.phrase && q.folded.length >= 5) {
      jobs.push(index.similarTerms([q.term, q.folded], 1).then(function (similar) {
        similar = similar.filter(function (s) { return s.dist === 1 && s.term !== q.term; }).slice(0, MAX_TYPO_TERMS);
        return Promise.all(similar.map(function (s) {
          return index.term(s.term).then(function (t) { if (t) found.push({ t: t, weight: TYPO, typo: 1 }); });
        }));
      }));
    }
    return Promise.all(jobs).then(function () {
      // Completions and typos never stand in for the word itself.
      var seen = Object.create(null);
      found.sort(function (a, b) { return a.typo - b.typo || b.weight - a.weight || (a.t.term < b.t.term ? -1 : 1); });
      return found.filter(function (v) { if (seen[v.t.term]) return false; seen[v.t.term] = true; return true; });
    });
  }

  // matcher gives, for one query term, doc → its best match among the
  // term's variants: {score, typo, pos, mask, term}.
  function matcher(vs) {
    function match(v, p) { return { score: p.imp * v.weight, typo: v.typo, pos: p.pos, mask: p.mask, term: v.t.term }; }
    if (vs.length === 1) {
      var v = vs[0];
      return { size: v.t.map.size, docs: function () { return v.t.map.keys(); },
        get: function (doc) { var p = v.t.map.get(doc); return p ? match(v, p) : null; } };
    }
    var m = new Map();
    vs.forEach(function (v) {
      v.t.map.forEach(function (p, doc) {
        var cur = m.get(doc), s = p.imp * v.weight;
        if (!cur || v.typo < cur.typo || (v.typo === cur.typo && s > cur.score)) m.set(doc, match(v, p));
      });
    });
    return { size: m.size, docs: function () { return m.keys(); }, get: function (doc) { return m.get(doc) || null; } };
  }

  function minDistance(a, b) {
    if (!a || !b) return 0;
    var best = Infinity;
    for (var i = 0; i < a.length; i++) {
      for (var j = 0; j < b.length; j++) best = Math.min(best, Math.abs(b[j] - a[i]));
    }
    return best;
  }

  function hasPhrase(phrase, posOf) {
    var idx = [];
    phrase.words.forEach(function (w, i) { if (!phrase.stops[i] || phrase.stops.every(Boolean)) idx.push(i); });
    var first = posOf(phrase.words[idx[0]]);
    if (!first) return false;
    return first.some(function (p0) {
      return idx.every(function (i) {
        var pos = posOf(phrase.words[i]);
        return pos && pos.indexOf(p0 + i - idx[0]) >= 0;
      });
    });
  }

  // rank intersects the query terms' matches, applies phrases and the level
  // filter, and orders by (typos, score with proximity boost).
  function rank(parsed, perTerm, levelBit) {
    if (!perTerm.length) return [];
    var smallest = perTerm.reduce(function (a, b) { return b.size < a.size ? b : a; });
    var out = [];
    for (var doc of smallest.docs()) {
      var ms = matchAll(perTerm, doc);
      if (!ms || (levelBit && ms[0].mask && !(ms[0].mask & levelBit))) continue;
      var r = scoreDoc(parsed, ms);
      if (r) { r.doc = doc; out.push(r); }
    }
    out.sort(function (a, b) { return a.typos - b.typos || b.score - a.score || a.doc - b.doc; });
    return out;
  }

  function matchAll(perTerm, doc) {
    var ms = [];
    for (var i = 0; i < perTerm.length; i++) {
      var m = perTerm[i].get(doc);
      if (!m) return null;
      ms.push(m);
    }
    return ms;
  }

  // scoreDoc checks the phrases and sums the terms' scores, boosted when
  // consecutive query terms are close together; null when a phrase fails.
  function scoreDoc(parsed, ms) {
    var posOf = function (term) {
      for (var k = 0; k < parsed.terms.length; k++) if (parsed.terms[k].term === term) return ms[k].pos;
      return null;
    };
    for (var ph = 0; ph < parsed.phrases.length; ph++) if (!hasPhrase(parsed.phrases[ph], posOf)) return null;
    var score = 0, typos = 0, near = 0;
    for (var k = 0; k < ms.length; k++) {
      score += ms[k].score;
      typos += ms[k].typo;
      if (k > 0) { var d = minDistance(ms[k - 1].pos, ms[k].pos); if (d > 0) near += 1 / d; }
    }
    if (ms.length > 1) score *= 1 + 0.5 * near / (ms.length - 1);
    return { score: score, typos: typos };
  }

  // Searcher answers queries: search(query, {level, limit}) resolves to
  // {results: [{doc: {url, page, headings, levels, text}, score, typos}],
  //  highlight: [terms], suggestions: [words], levels: [level ids]}.
  function Searcher(load) { this.index = new Index(load); }

  Searcher.prototype.search = function (query, opts) {
    opts = opts || {};
    var limit = opts.limit || 10;
    var index = this.index;
    var parsed = parseQuery(query);
    return index.ready().then(function (entry) {
      var levelIdx = opts.level ? entry.levels.indexOf(opts.level) : -1;
      var levelBit = levelIdx >= 0 ? 1 << levelIdx : 0;
      if (!parsed.terms.length) return { results: [], highlight: [], suggestions: [], levels: entry.levels };
      return Promise.all(parsed.terms.map(function (q) { return variants(index, q); })).then(function (vss) {
        return deepen(index, parsed, vss, levelBit, limit, 0).then(function (ranked) {
          var top = ranked.slice(0, limit);
          var highlight = Object.create(null);
          vss.forEach(function (vs) { vs.forEach(function (v) { highlight[v.t.term] = true; }); });
          return Promise.all(top.map(function (r) { return index.chunkDoc(r.doc); })).then(function (docs) {
            var res = { results: top.map(function (r, i) { return { doc: docs[i], score: r.score, typos: r.typos }; }),
              highlight: Object.keys(highlight).sort(), suggestions: [], levels: entry.levels };
            if (top.length) return res;
            return suggest(index, parsed).then(function (s) { res.suggestions = s; return res; });
          });
        });
      });
    });
  };

  // deepen fetches further tiers of postings while the first tiers give fewer
  // than limit results and some matched term has more.
  function deepen(index, parsed, vss, levelBit, limit, round) {
    var ranked = rank(parsed, vss.map(matcher), levelBit);
    if (ranked.length >= limit || round >= MAX_EXTRA_TIERS) return Promise.resolve(ranked);
    // Phrases need word positions, which only the first tiers carry.
    var maxTiers = parsed.phrases.length ? index.entry.positionTiers : Infinity;
    var more = [];
    vss.forEach(function (vs) { vs.forEach(function (v) { if (v.t.more.length && v.t.tiers < maxTiers) more.push(v.t); }); });
    if (!more.length) return Promise.resolve(ranked);
    return Promise.all(more.map(function (t) { return index.loadMore(t); })).then(function () {
      return deepen(index, parsed, vss, levelBit, limit, round + 1);
    });
  }

  // suggest offers the indexed words closest to the query's words.
  function suggest(index, parsed) {
    return Promise.all(parsed.terms.map(function (q) {
      return index.similarTerms([q.term, q.folded], 2).then(function (s) {
        return s.filter(function (x) { return x.term !== q.term; }).slice(0, 3).map(function (x) { return x.word; });
      });
    })).then(function (lists) {
      var out = [];
      lists.forEach(function (l) { l.forEach(function (w) { if (out.indexOf(w) < 0) out.push(w); }); });
      return out.slice(0, 5);
    });
  }

  // snippet picks the stretch of text with the most hits and returns it as
  // [{text, hit}] parts.
  function snippet(text, terms, size) {
    size = size || 180;
    var set = Object.create(null);
    terms.forEach(function (t) { set[t] = true; });
    var hits = analyze(text).filter(function (w) { return set[w.term]; });
    var start = 0;
    if (hits.length) {
      var best = -1;
      hits.forEach(function (h, i) {
        var n = 0;
        for (var j = i; j < hits.length && hits[j].end - h.start <= size; j++) n++;
        if (n > best) { best = n; start = h.start; }
      });
      start = Math.max(0, start - 40);
      var space = text.lastIndexOf(" ", start);
      if (start > 0 && space >= 0 && start - space < 20) start = space + 1;
    }
    var end = Math.min(text.length, start + size);
    if (end < text.length) { var sp = text.lastIndexOf(" ", end); if (sp > start + size / 2) end = sp; }
    var parts = [], at = start;
    hits.forEach(function (h) {
      if (h.start < at || h.end > end) return;
      if (h.start > at) parts.push({ text: text.slice(at, h.start), hit: false });
      parts.push({ text: text.slice(h.start, h.end), hit: true });
      at = h.end;
    });
    if (at < end) parts.push({ text: text.slice(at, end), hit: false });
    if (start > 0) parts.unshift({ text: "… ", hit: false });
    if (end < text.length) parts.push({ text: " …", hit: false });
    return parts;
  }

  var api = { fold: fold, stem: stem, analyze: analyze, parseQuery: parseQuery, editDistance: editDistance,
    snippet: snippet, Searcher: Searcher };
  var root = typeof window !== "undefined" ? window : globalThis;
  root.HBSearch = api;
  if (typeof document === "undefined" || !document.querySelector) return;

  /* ---------- the user interface ---------- */
  var LEVEL_KEY = "hb-level";
  var DEBOUNCE_MS = 80;

  function siteRoot() {
    var meta = document.querySelector('meta[name="hb-root"]');
    return new URL(meta ? meta.getAttribute("content") : "./", location.href);
  }

  function loader(base) {
    return function (path) {
      return fetch(new URL(path, base).href).then(function (r) {
        if (!r.ok) throw new Error(path + ": HTTP " + r.status);
        return r.json();
      });
    };
  }

  function el(tag, attrs, text) {
    var e = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { e.setAttribute(k, attrs[k]); });
    if (text !== undefined) e.textContent = text;
    return e;
  }

  function storedLevel() {
    try { return localStorage.getItem(LEVEL_KEY) || ""; } catch (e) { return ""; }
  }

  function isTyping(target) {
    if (!target || !target.tagName) return false;
    return /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName) || target.isContentEditable;
  }

  function SearchUI(container) {
    var base = siteRoot();
    this.base = base;
    this.searcher = new Searcher(loader(base));
    this.seq = 0;
    this.active = -1;
    this.results = [];
    this.level = storedLevel();
    this.build(container);
    this.bind();
  }

  SearchUI.prototype.build = function (container) {
    container.textContent = "";
    this.button = el("button", { type: "button", "class": "hb-search__open", "aria-label": "Search", "aria-keyshortcuts": "/ Control+K Meta+K",
      "aria-haspopup": "dialog" });
    this.button.appendChild(el("span", { "class": "hb-search__icon", "aria-hidden": "true" }));
    this.button.appendChild(el("span", { "class": "hb-search__label" }, "Search"));
    this.button.appendChild(el("kbd", { "class": "hb-search__key", "aria-hidden": "true" }, "/"));
    this.panel = el("div", { "class": "hb-search__panel", role: "dialog", "aria-label": "Search" });
    this.panel.hidden = true;
    var bar = el("div", { "class": "hb-search__bar" });
    this.input = el("input", { type: "search", "class": "hb-search__input", role: "combobox", "aria-label": "Search",
      "aria-expanded": "false", "aria-controls": "hb-search-results", "aria-autocomplete": "list",
      autocomplete: "off", spellcheck: "false", placeholder: "Search the handbook" });
    this.levelSelect = el("select", { "class": "hb-search__level", "aria-label": "Level" });
    this.levelSelect.appendChild(el("option", { value: "" }, "All levels"));
    this.closeButton = el("button", { type: "button", "class": "hb-search__close", "aria-label": "Esc: close search" }, "Esc");
    bar.appendChild(this.input);
    bar.appendChild(this.levelSelect);
    bar.appendChild(this.closeButton);
    this.status = el("div", { "class": "hb-search__status", role: "status", "aria-live": "polite" });
    this.list = el("ul", { "class": "hb-search__results", id: "hb-search-results", role: "listbox", "aria-label": "Search results" });
    this.panel.appendChild(bar);
    this.panel.appendChild(this.status);
    this.panel.appendChild(this.list);
    container.appendChild(this.button);
    container.appendChild(this.panel);
    this.container = container;
    this.syncLevelOptions([]);
  };

  SearchUI.prototype.bind = function () {
    var self = this, timer = 0;
    this.button.addEventListener("click", function () { self.open(); });
    this.closeButton.addEventListener("click", function () { self.close(); });
    this.input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(function () { self.run(); }, DEBOUNCE_MS);
    });
    this.input.addEventListener("keydown", function (e) { self.onKey(e); });
    // Some browsers deliver the "/" that opened search as a separate
    // character event after focus moved: never let it into the box.
    this.input.addEventListener("beforeinput", function (e) {
      if (e.data === "/" && self.input.value === "" && Date.now() - (self.slashOpenedAt || 0) < 500) {
        e.preventDefault();
        self.slashOpenedAt = 0;
      }
    });
    this.levelSelect.addEventListener("change", function () { self.setLevel(self.levelSelect.value, true); });
    document.addEventListener("hb:levelchange", function (e) {
      self.setLevel((e.detail && e.detail.level) || "", false);
    });
    document.addEventListener("keydown", function (e) {
      var k = e.key && e.key.toLowerCase();
      if ((k === "k" && (e.ctrlKey || e.metaKey)) || (e.key === "/" && !isTyping(e.target) && !e.ctrlKey && !e.metaKey && !e.altKey)) {
        e.preventDefault();
        // Focus after this key's events, so its character never reaches the box.
        if (e.key === "/") self.slashOpenedAt = Date.now();
        setTimeout(function () { self.open(); }, 0);
      }
    });
    document.addEventListener("mousedown", function (e) {
      if (!self.panel.hidden && !self.container.contains(e.target)) self.close();
    });
    this.list.addEventListener("click", function (e) {
      var li = e.target.closest && e.target.closest("[role=option]");
      if (li) location.href = li.getAttribute("data-href");
    });
    this.list.addEventListener("mousemove", function (e) {
      var li = e.target.closest && e.target.closest("[role=option]");
      if (li) self.setActive(+li.getAttribute("data-index"), false);
    });
  };

  SearchUI.prototype.open = function () {
    var self = this;
    this.panel.hidden = false;
    this.container.classList.add("hb-search--open");
    this.button.setAttribute("aria-expanded", "true");
    this.input.focus();
    this.input.select();
    this.searcher.index.ready().then(function (e) { self.syncLevelOptions(e.levels); }, function () {
      self.status.textContent = "Search is unavailable: the index could not be loaded.";
    });
    if (this.input.value) this.run();
  };

  SearchUI.prototype.close = function () {
    if (this.panel.hidden) return;
    this.panel.hidden = true;
    this.container.classList.remove("hb-search--open");
    this.button.setAttribute("aria-expanded", "false");
    this.input.setAttribute("aria-expanded", "false");
    this.button.focus();
  };

  SearchUI.prototype.syncLevelOptions = function (levels) {
    var sel = this.levelSelect;
    var want = levels.slice();
    if (this.level && want.indexOf(this.level) < 0) want.push(this.level);
    var have = Array.prototype.map.call(sel.options, function (o) { return o.value; }).slice(1);
    if (have.join(" ") !== want.join(" ")) {
      while (sel.options.length > 1) sel.remove(1);
      want.forEach(function (l) { sel.appendChild(el("option", { value: l }, l)); });
    }
    sel.value = this.level;
    sel.hidden = want.length === 0;
  };

  SearchUI.prototype.setLevel = function (level, announce) {
    if (level === this.level) return;
    this.level = level;
    this.syncLevelOptions(this.searcher.index.entry ? this.searcher.index.entry.levels : []);
    if (announce) {
      try { localStorage.setItem(LEVEL_KEY, level); } catch (e) {}
      document.dispatchEvent(new CustomEvent("hb:levelchange", { detail: { level: level } }));
    }
    if (!this.panel.hidden && this.input.value) this.run();
  };

  SearchUI.prototype.onKey = function (e) {
    if (e.key === "ArrowDown" || e.key === "ArrowUp") {
      e.preventDefault();
      if (!this.results.length) return;
      var step = e.key === "ArrowDown" ? 1 : -1;
      this.setActive((this.active + step + this.results.length) % this.results.length, true);
    } else if (e.key === "Enter") {
      e.preventDefault();
      var i = this.active >= 0 ? this.active : 0;
      var option = this.list.querySelector('[data-index="' + i + '"]');
      if (option) location.href = option.getAttribute("data-href");
    } else if (e.key === "Escape") {
      e.preventDefault();
      this.close();
    }
  };

  SearchUI.prototype.setActive = function (i, scroll) {
    var prev = this.list.querySelector('[aria-selected="true"]');
    if (prev) prev.setAttribute("aria-selected", "false");
    this.active = i;
    var li = this.list.querySelector('[data-index="' + i + '"]');
    if (!li) { this.input.removeAttribute("aria-activedescendant"); return; }
    li.setAttribute("aria-selected", "true");
    this.input.setAttribute("aria-activedescendant", li.id);
    if (scroll) li.scrollIntoView({ block: "nearest" });
  };

  SearchUI.prototype.run = function () {
    var self = this, seq = ++this.seq, q = this.input.value;
    if (!q.trim()) { this.render(null, q); return; }
    var started = Date.now();
    this.searcher.search(q, { level: this.level, limit: 10 }).then(function (res) {
      if (seq !== self.seq) return;
      self.lastMs = Date.now() - started;
      self.render(res, q);
    }, function () {
      if (seq === self.seq) self.status.textContent = "Search is unavailable: the index could not be loaded.";
    });
  };

  SearchUI.prototype.render = function (res, q) {
    var self = this;
    this.list.textContent = "";
    this.results = res ? res.results : [];
    this.active = -1;
    this.input.removeAttribute("aria-activedescendant");
    this.input.setAttribute("aria-expanded", this.results.length ? "true" : "false");
    this.status.textContent = "";
    if (!res) return;
    if (!this.results.length) { this.renderNoResults(res, q); return; }
    this.status.textContent = this.results.length + (this.results.length === 10 ? "+" : "") + " results";
    this.results.forEach(function (r, i) { self.list.appendChild(self.resultItem(r, i, res.highlight)); });
  };

  SearchUI.prototype.renderNoResults = function (res, q) {
    var self = this;
    this.status.appendChild(document.createTextNode("No results for “" + q.trim() + "”" + (this.level ? " at " + this.level : "") + "."));
    if (!res.suggestions.length) return;
    this.status.appendChild(document.createTextNode(" Did you mean: "));
    res.suggestions.forEach(function (word, i) {
      if (i) self.status.appendChild(document.createTextNode(", "));
      var b = el("button", { type: "button", "class": "hb-search__suggestion" }, word);
      b.addEventListener("click", function () { self.input.value = word; self.input.focus(); self.run(); });
      self.status.appendChild(b);
    });
    this.status.appendChild(document.createTextNode("?"));
  };

  SearchUI.prototype.resultItem = function (r, i, highlight) {
    var d = r.doc;
    var li = el("li", { role: "option", id: "hb-search-result-" + i, "aria-selected": "false", "data-index": String(i),
      "class": "hb-search__result" });
    var url = new URL(d.url, this.base);
    if (highlight.length) url.searchParams.set("h", highlight.join(" "));
    // An option holds no link (an interactive element inside an option is
    // invalid ARIA): the option itself navigates, on click or Enter.
    li.setAttribute("data-href", url.href);
    var a = el("div", { "class": "hb-search__link" });
    var path = el("span", { "class": "hb-search__path" });
    path.appendChild(el("span", { "class": "hb-search__page" }, d.page));
    if (d.headings.length) {
      path.appendChild(el("span", { "class": "hb-search__sep", "aria-hidden": "true" }, " › "));
      path.appendChild(el("span", { "class": "hb-search__heading" }, d.headings[d.headings.length - 1]));
    }
    a.appendChild(path);
    d.levels.forEach(function (l) { a.appendChild(el("span", { "class": "hb-search__badge", "data-level": l }, l)); });
    var snip = el("span", { "class": "hb-search__snippet" });
    snippet(d.text, highlight).forEach(function (part) {
      snip.appendChild(part.hit ? el("mark", {}, part.text) : document.createTextNode(part.text));
    });
    a.appendChild(snip);
    li.appendChild(a);
    return li;
  };

  /* ---------- on arrival: highlight the terms in the target section ---------- */

  function sectionNodes(target) {
    var m = /^H([1-6])$/.exec(target.tagName);
    if (!m) return [target];
    var nodes = [target];
    for (var n = target.nextElementSibling; n; n = n.nextElementSibling) {
      var h = /^H([1-6])$/.exec(n.tagName);
      if (h && +h[1] <= +m[1]) break;
      nodes.push(n);
    }
    return nodes;
  }

  function introNodes() {
    var article = document.querySelector(".hb-article, main article, article, main") || document.body;
    var nodes = [];
    for (var n = article.firstElementChild; n; n = n.nextElementSibling) {
      if (/^H[2-6]$/.test(n.tagName)) break;
      nodes.push(n);
    }
    return nodes;
  }

  function markTerms(node, set) {
    var walker = document.createTreeWalker(node, NodeFilter.SHOW_TEXT, {
      acceptNode: function (t) {
        var p = t.parentNode;
        if (!p || /^(SCRIPT|STYLE|MARK|TEXTAREA)$/.test(p.nodeName) || (p.closest && p.closest("[data-hb-search]"))) {
          return NodeFilter.FILTER_REJECT;
        }
        return NodeFilter.FILTER_ACCEPT;
      }
    });
    var texts = [], marks = [];
    while (walker.nextNode()) texts.push(walker.currentNode);
    texts.forEach(function (t) {
      var words = analyze(t.data).filter(function (w) { return set[w.term]; });
      for (var i = words.length - 1; i >= 0; i--) {
        if (i < words.length - 1 && words[i].start === words[i + 1].start) continue;
        var after = t.splitText(words[i].start);
        after.splitText(words[i].end - words[i].start);
        var mark = document.createElement("mark");
        mark.className = "hb-hit";
        after.parentNode.replaceChild(mark, after);
        mark.appendChild(after);
        marks.unshift(mark);
      }
    });
    return marks;
  }

  function highlightArrival() {
    var params = new URLSearchParams(location.search);
    var h = params.get("h");
    if (!h) return;
    var set = Object.create(null);
    h.split(/\s+/).forEach(function (t) { if (t) set[t] = true; });
    var id = location.hash ? decodeURIComponent(location.hash.slice(1)) : "";
    var target = id ? document.getElementById(id) : null;
    var nodes = target ? sectionNodes(target) : introNodes();
    var marks = [];
    nodes.forEach(function (n) { marks = marks.concat(markTerms(n, set)); });
    params.delete("h");
    var qs = params.toString();
    try { history.replaceState(history.state, "", location.pathname + (qs ? "?" + qs : "") + location.hash); } catch (e) {}
    var first = marks[0] || target;
    if (first) first.scrollIntoView({ block: "center" });
  }

  function init() {
    var container = document.querySelector("[data-hb-search]");
    if (container) root.hbSearchUI = new SearchUI(container);
    highlightArrival();
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
