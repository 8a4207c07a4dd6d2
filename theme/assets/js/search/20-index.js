/* Search, part 2: reading the static index written by internal/search
   (only the files a query needs: the entry search/index.json, the prefix
   shards of the query's terms, further posting tiers, the snippet chunks of
   the results shown) and ranking. Needs 10-analyze.js. */
(() => {
  "use strict";
  const { parseQuery, editDistance, rules } = globalThis.HBSearch;

  const FORMAT_VERSION = 2;
  const EXACT = 1, PREFIX = 0.8, TYPO = 0.6;
  const MAX_PREFIX_TERMS = 12, MAX_PREFIX_SHARDS = 6, MAX_TYPO_TERMS = 6, MAX_EXTRA_TIERS = 4;
  const has = (o, k) => Object.prototype.hasOwnProperty.call(o, k);
  const byTerm = (a, b) => (a < b ? -1 : a > b ? 1 : 0);

  const hexUTF8 = (s) => Array.from(new TextEncoder().encode(s), (b) => b.toString(16).padStart(2, "0")).join("");

  // fileKey matches write.go: a–z0–9 prefixes as they are, anything else as hex.
  const fileKey = (prefix) => (/^[a-z0-9]+$/.test(prefix) ? prefix : "~" + hexUTF8(prefix));

  const vocabKey = (term) => {
    const c = term.charAt(0);
    if (c >= "a" && c <= "z") return c;
    if (c >= "0" && c <= "9") return "0";
    return "~";
  };

  // decodeTier reads a flat posting array (see encodeTier in write.go):
  // docDelta, impact, levelMask, then, in the tiers that carry positions,
  // positionCount, firstPosition, positionDeltas….
  const decodeTier = (arr, withPositions) => {
    const out = [], stride = withPositions ? 4 : 3;
    let doc = 0, i = 0;
    while (i + stride - 1 < arr.length) {
      doc += arr[i];
      const n = withPositions ? arr[i + 3] : 0;
      let pos = null;
      if (n > 0) {
        pos = [];
        for (let k = 0, p = 0; k < n; k++) { p += arr[i + 4 + k]; pos.push(p); }
      }
      out.push({ doc, imp: arr[i + 1], mask: arr[i + 2], pos });
      i += stride + n;
    }
    return out;
  };

  // addTier adds a term's next tier of postings; the first positionTiers
  // tiers carry word positions.
  const addTier = (state, arr, positionTiers) => {
    for (const p of decodeTier(arr, state.tiers < positionTiers)) state.map.set(p.doc, p);
    state.tiers++;
  };

  // Index loads the index files through load(path) → Promise<parsed JSON>,
  // each file once.
  class Index {
    constructor(load) {
      this.load = load;
      this.files = new Map();
      this.termCache = new Map();
      this.entry = null;
    }

    file(path) {
      if (!this.files.has(path)) {
        this.files.set(path, this.load(path).catch((e) => { this.files.delete(path); throw e; }));
      }
      return this.files.get(path);
    }

    async ready() {
      if (this.entry) return this.entry;
      const e = await this.file("search/index.json");
      if (!e || e.version !== FORMAT_VERSION) throw new Error("search index format " + (e && e.version));
      this.entry = e;
      this.rules = rules(e);
      this.shardKeys = Object.keys(e.shards).sort();
      return e;
    }

    // shardKeyFor is the longest shard prefix of term.
    shardKeyFor(term) {
      for (let n = term.length; n >= 0; n--) {
        const k = term.slice(0, n);
        if (has(this.entry.shards, k)) return k;
      }
      return null;
    }

    shard(key) {
      return this.file("search/t-" + fileKey(key) + "." + this.entry.shards[key] + ".json");
    }

    // term resolves to {term, df, tiers: n, more: [hashes], map: doc → posting}
    // or null; map holds the postings of the tiers loaded so far.
    async term(term) {
      if (this.termCache.has(term)) return this.termCache.get(term);
      const key = this.shardKeyFor(term);
      if (key === null) return null;
      const shard = await this.shard(key);
      const t = has(shard, term) ? shard[term] : null;
      if (!t) return null;
      if (!this.termCache.has(term)) {
        const state = { term, df: t[0], tiers: 0, more: t[2].slice(), map: new Map() };
        addTier(state, t[1], this.entry.positionTiers);
        this.termCache.set(term, state);
      }
      return this.termCache.get(term);
    }

    // loadMore fetches a term's next tier of postings; false when there is none.
    async loadMore(t) {
      if (!t.more.length) return false;
      const hash = t.more[0];
      const arr = await this.file("search/p-" + hash + ".json");
      if (t.more[0] === hash) { t.more.shift(); addTier(t, arr, this.entry.positionTiers); }
      return true;
    }

    // prefixTerms lists indexed terms starting with p, most frequent first.
    async prefixTerms(p) {
      let keys = this.shardKeys.filter((k) => k.length > p.length && k.startsWith(p));
      const own = this.shardKeyFor(p);
      if (own !== null) keys.unshift(own);
      keys = keys.slice(0, MAX_PREFIX_SHARDS);
      const shards = await Promise.all(keys.map((k) => this.shard(k)));
      const found = [];
      for (const sh of shards) {
        for (const t of Object.keys(sh)) if (t.startsWith(p)) found.push({ term: t, df: sh[t][0] });
      }
      found.sort((a, b) => b.df - a.df || byTerm(a.term, b.term));
      return found.slice(0, MAX_PREFIX_TERMS).map((f) => f.term);
    }

    // vocab lists [{term, df, word}] for terms sharing term's first character.
    async vocab(term) {
      const key = vocabKey(term);
      const hash = this.entry.vocab[key];
      if (!hash) return [];
      const arr = await this.file("search/v-" + fileKey(key) + "." + hash + ".json");
      const out = [];
      for (let i = 0; i + 2 < arr.length; i += 3) out.push({ term: arr[i], df: arr[i + 1], word: arr[i + 2] || arr[i] });
      return out;
    }

    // similarTerms lists vocabulary terms within `limit` edits of any of words.
    async similarTerms(words, limit) {
      const out = [];
      for (const v of await this.vocab(words[0])) {
        let d = limit + 1;
        for (const w of words) d = Math.min(d, editDistance(w, v.term, limit), editDistance(w, v.word, limit));
        if (d <= limit) out.push({ term: v.term, word: v.word, df: v.df, dist: d });
      }
      out.sort((a, b) => a.dist - b.dist || b.df - a.df || byTerm(a.term, b.term));
      return out;
    }

    async chunkDoc(doc) {
      const e = this.entry;
      const chunk = Math.floor(doc / e.chunkDocs);
      const hash = e.chunks[Math.floor(chunk / e.chunkGroup)];
      const arr = await this.file("search/c-" + chunk + "." + hash + ".json");
      const d = arr[doc % e.chunkDocs];
      return { id: doc, url: d[0], page: d[1], headings: d[2], levels: d[3], text: d[4] };
    }
  }

  // variants finds the indexed terms a query term matches: itself, the
  // completions of the word being typed, and (5+ letters) one-edit typos.
  const variants = async (index, q) => {
    const found = [];
    const add = async (term, weight, typo) => {
      const t = await index.term(term);
      if (t) found.push({ t, weight, typo });
    };
    const jobs = [add(q.term, EXACT, 0)];
    if (q.prefix && !q.phrase && q.folded.length >= 2) {
      jobs.push(index.prefixTerms(q.folded).then((terms) =>
        Promise.all(terms.filter((term) => term !== q.term).map((term) => add(term, term === q.folded ? EXACT : PREFIX, 0)))));
    }
    if (!q.phrase && q.folded.length >= 5) {
      jobs.push(index.similarTerms([q.term, q.folded], 1).then((similar) =>
        Promise.all(similar.filter((s) => s.dist === 1 && s.term !== q.term).slice(0, MAX_TYPO_TERMS).map((s) => add(s.term, TYPO, 1)))));
    }
    await Promise.all(jobs);
    // Completions and typos never stand in for the word itself.
    const seen = new Set();
    found.sort((a, b) => a.typo - b.typo || b.weight - a.weight || byTerm(a.t.term, b.t.term));
    return found.filter((v) => !seen.has(v.t.term) && seen.add(v.t.term));
  };

  // matcher gives, for one query term, doc → its best match among the
  // term's variants: {score, typo, pos, mask, term}.
  const matcher = (vs) => {
    const match = (v, p) => ({ score: p.imp * v.weight, typo: v.typo, pos: p.pos, mask: p.mask, term: v.t.term });
    if (vs.length === 1) {
      const v = vs[0];
      return { size: v.t.map.size, docs: () => v.t.map.keys(), get: (doc) => { const p = v.t.map.get(doc); return p ? match(v, p) : null; } };
    }
    const m = new Map();
    for (const v of vs) {
      for (const [doc, p] of v.t.map) {
        const cur = m.get(doc), s = p.imp * v.weight;
        if (!cur || v.typo < cur.typo || (v.typo === cur.typo && s > cur.score)) m.set(doc, match(v, p));
      }
    }
    return { size: m.size, docs: () => m.keys(), get: (doc) => m.get(doc) || null };
  };

  const minDistance = (a, b) => {
    if (!a || !b) return 0;
    let best = Infinity;
    for (const x of a) for (const y of b) best = Math.min(best, Math.abs(y - x));
    return best;
  };

  const hasPhrase = (phrase, posOf) => {
    const idx = [];
    phrase.words.forEach((w, i) => { if (!phrase.stops[i] || phrase.stops.every(Boolean)) idx.push(i); });
    const first = posOf(phrase.words[idx[0]]);
    if (!first) return false;
    return first.some((p0) => idx.every((i) => {
      const pos = posOf(phrase.words[i]);
      return pos && pos.includes(p0 + i - idx[0]);
    }));
  };

  // scoreDoc checks the phrases and sums the terms' scores (ms[k] is query
  // term k's match, or null when missing), boosted when consecutive matched
  // terms are close together; null when a phrase fails.
  const scoreDoc = (parsed, ms) => {
    const posOf = (term) => {
      const k = parsed.terms.findIndex((t) => t.term === term);
      return k >= 0 && ms[k] ? ms[k].pos : null;
    };
    for (const ph of parsed.phrases) if (!hasPhrase(ph, posOf)) return null;
    const found = ms.filter(Boolean);
    let score = 0, typos = 0, near = 0;
    found.forEach((m, k) => {
      score += m.score;
      typos += m.typo;
      if (k > 0) { const d = minDistance(found[k - 1].pos, m.pos); if (d > 0) near += 1 / d; }
    });
    if (found.length > 1) score *= 1 + 0.5 * near / (found.length - 1);
    return { score, typos };
  };

  const levelOK = (ms, levelBit) => {
    const m = ms.find(Boolean);
    return !levelBit || !m.mask || (m.mask & levelBit) !== 0;
  };

  // rank intersects the query terms' matches, applies phrases and the level
  // filter, and orders by (typos, score with proximity boost).
  const rank = (parsed, perTerm, levelBit) => {
    if (!perTerm.length) return [];
    const smallest = perTerm.reduce((a, b) => (b.size < a.size ? b : a));
    const out = [];
    for (const doc of smallest.docs()) {
      const ms = perTerm.map((m) => m.get(doc));
      if (ms.includes(null) || !levelOK(ms, levelBit)) continue;
      const r = scoreDoc(parsed, ms);
      if (r) out.push({ ...r, doc, missing: 0 });
    }
    out.sort((a, b) => a.typos - b.typos || b.score - a.score || a.doc - b.doc);
    return out;
  };

  // rankPartial lists the documents that match some but not all of the
  // query's terms, fewest missing first: they come after every full match.
  // Queries with phrases have none (a phrase is all or nothing).
  const rankPartial = (parsed, perTerm, levelBit) => {
    if (perTerm.length < 2 || parsed.phrases.length) return [];
    const docs = new Set();
    for (const m of perTerm) for (const doc of m.docs()) docs.add(doc);
    const out = [];
    for (const doc of docs) {
      const ms = perTerm.map((m) => m.get(doc));
      const missing = ms.filter((m) => !m).length;
      if (missing === 0 || !levelOK(ms, levelBit)) continue;
      const r = scoreDoc(parsed, ms);
      if (r) out.push({ ...r, doc, missing });
    }
    out.sort((a, b) => a.missing - b.missing || a.typos - b.typos || b.score - a.score || a.doc - b.doc);
    return out;
  };

  // deepen fetches further tiers of postings while the first tiers give fewer
  // than limit results and some matched term has more.
  const deepen = async (index, parsed, vss, levelBit, limit) => {
    for (let round = 0; ; round++) {
      const ranked = rank(parsed, vss.map(matcher), levelBit);
      if (ranked.length >= limit || round >= MAX_EXTRA_TIERS) return ranked;
      // Phrases need word positions, which only the first tiers carry.
      const maxTiers = parsed.phrases.length ? index.entry.positionTiers : Infinity;
      const more = vss.flat().map((v) => v.t).filter((t) => t.more.length && t.tiers < maxTiers);
      if (!more.length) return ranked;
      await Promise.all(more.map((t) => index.loadMore(t)));
    }
  };

  // suggest offers the indexed words closest to the query's words.
  const suggest = async (index, parsed) => {
    const lists = await Promise.all(parsed.terms.map(async (q) =>
      (await index.similarTerms([q.term, q.folded], 2)).filter((x) => x.term !== q.term).slice(0, 3).map((x) => x.word)));
    return [...new Set(lists.flat())].slice(0, 5);
  };

  // Searcher answers queries: search(query, {level, limit}) resolves to
  // {results: [{doc: {url, page, headings, levels, text}, score, typos,
  //  missing: [query words not found]}], total, highlight: [terms],
  //  suggestions: [words], levels: [level ids]}. Full matches come first;
  // documents matching only some of the words follow them, so a query never
  // comes back empty while one of its words is found. total counts every
  // match known so far.
  class Searcher {
    constructor(load) { this.index = new Index(load); }

    async search(query, opts = {}) {
      const limit = opts.limit || 10;
      const index = this.index;
      const entry = await index.ready();
      const parsed = parseQuery(query, index.rules);
      const levelIdx = opts.level ? entry.levels.indexOf(opts.level) : -1;
      const levelBit = levelIdx >= 0 ? 1 << levelIdx : 0;
      if (!parsed.terms.length) return { results: [], total: 0, highlight: [], suggestions: [], levels: entry.levels };
      const vss = await Promise.all(parsed.terms.map((q) => variants(index, q)));
      let ranked = await deepen(index, parsed, vss, levelBit, limit);
      if (ranked.length < limit) ranked = ranked.concat(rankPartial(parsed, vss.map(matcher), levelBit));
      const top = ranked.slice(0, limit);
      const highlight = [...new Set(vss.flat().map((v) => v.t.term))].sort();
      const docs = await Promise.all(top.map((r) => index.chunkDoc(r.doc)));
      const words = parsed.terms.map((t) => t.folded);
      const res = {
        results: top.map((r, i) => ({
          doc: docs[i], score: r.score, typos: r.typos,
          missing: r.missing ? words.filter((w, k) => !vss[k].some((v) => v.t.map.has(r.doc))) : [],
        })),
        total: ranked.length, highlight, suggestions: [], levels: entry.levels,
      };
      if (!top.length || top.every((r) => r.missing)) res.suggestions = await suggest(index, parsed);
      return res;
    }
  }

  globalThis.HBSearch = Object.assign(globalThis.HBSearch || {}, { Searcher });
})();
