// The search index in the browser: loads the files generator/search
// wrote at build time (only the shards of the typed words, then the
// snippets of the results shown) and ranks the documents. The files are
// scripts, so search works in a manual opened from the file system too.

var DIGITS = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-_";
var VAL = {};
for (var d = 0; d < 64; d++) VAL[DIGITS.charAt(d)] = d;
// LISTED are the facets whose lists are in the facets file; kind and
// platform are ranges of document numbers in the metadata.
export var LISTED = ["audience", "tags", "owner"];

// Scripts call hbSearch(name, data) when they load. A pending load is
// known by its script's URL, not by the name inside: the search page of
// a manual of several languages loads another language's index beside
// its own, and both hold a file named "m".
var pending = {};
var loaded = {};
window.hbSearch = function (name, data) {
  var s = document.currentScript, url = s && s.hbURL;
  var p = url && pending[url];
  if (p) { delete pending[url]; p(data); }
};
function load(url) {
  if (loaded[url]) return loaded[url];
  loaded[url] = new Promise(function (resolve, reject) {
    pending[url] = resolve;
    var s = document.createElement("script");
    s.hbURL = url;
    s.src = url;
    s.onerror = function () { delete loaded[url]; delete pending[url]; reject(new Error("cannot load " + url)); };
    s.onload = function () {
      s.remove();
      // A script that loaded but named no data (not an index file).
      if (pending[url]) { delete pending[url]; delete loaded[url]; reject(new Error("cannot load " + url)); }
    };
    document.head.appendChild(s);
  });
  return loaded[url];
}

// indexAt opens the index another language's site of the manual names
// in its pointer file (search/current.js).
export function indexAt(pointerURL) {
  return load(pointerURL).then(function (meta) { return new Index(pointerURL.replace(/[^\/]*$/, "") + meta); });
}

// words splits text as generator/search.Tokenize does: lower case, no
// accents, runs of letters and digits.
export function words(s) {
  return s.toLowerCase().normalize("NFD").replace(/\p{M}/gu, "")
    .split(/[^\p{L}\p{N}]+/u).filter(function (w) { return w && w.length <= 40; });
}
export function fold(w) { return w.toLowerCase().normalize("NFD").replace(/\p{M}/gu, ""); }

// decode reads a posting list: [gap-1, impact] pairs of base-64 digits.
function decode(s) {
  var docs = [], imps = [], doc = -1, i = 0;
  while (i < s.length) {
    var v = 0, shift = 0, c;
    do { c = VAL[s.charAt(i++)]; v += (c & 31) * Math.pow(2, shift); shift += 5; } while (c >= 32);
    doc += v + 1;
    docs.push(doc);
    imps.push(VAL[s.charAt(i++)]);
  }
  return { docs: docs, imps: imps };
}
// runs reads a facet value's documents: [gap, length-1] pairs.
function runs(s, set) {
  var i = 0, end = 0;
  function num() {
    var v = 0, shift = 0, c;
    do { c = VAL[s.charAt(i++)]; v += (c & 31) * Math.pow(2, shift); shift += 5; } while (c >= 32);
    return v;
  }
  while (i < s.length) {
    var start = end + num(), len = num() + 1;
    for (var k = 0; k < len; k++) set[start + k] = 1;
    end = start + len;
  }
}

// editOne reports whether a and b differ by one insertion, deletion,
// substitution or swap of neighbours.
export function editOne(a, b) {
  var la = a.length, lb = b.length;
  if (Math.abs(la - lb) > 1 || a === b) return false;
  var i = 0;
  while (i < la && i < lb && a.charAt(i) === b.charAt(i)) i++;
  if (la === lb) {
    if (a.slice(i + 1) === b.slice(i + 1)) return true;
    return a.charAt(i) === b.charAt(i + 1) && a.charAt(i + 1) === b.charAt(i) && a.slice(i + 2) === b.slice(i + 2);
  }
  return la > lb ? a.slice(i + 1) === b.slice(i) : a.slice(i) === b.slice(i + 1);
}

export function Index(metaURL) {
  this.base = metaURL.replace(/[^\/]*$/, "");
  this.metaURL = metaURL;
}
Index.prototype.open = function () {
  var self = this;
  if (!this.ready) {
    this.ready = load(this.metaURL).then(function (m) {
      if (m.v !== 1) throw new Error("search: index format " + m.v + ", expected 1");
      // A table may be empty or absent (a manual whose pages set no
      // platform, or that has no pages at all): none is required.
      m.s = m.s || {}; m.f = m.f || []; m.sw = m.sw || []; m.l = m.l || {};
      self.m = m;
      self.keys = Object.keys(m.s);
      self.stop = {};
      m.sw.forEach(function (w) { self.stop[w] = 1; });
      self.of = {};
      ["kind", "platform"].forEach(function (f) {
        var arr = new Array(m.n);
        (m[f] || []).forEach(function (r) { for (var i = r[1]; i < r[2]; i++) arr[i] = r[0]; });
        self.of[f] = arr;
      });
      return self;
    });
  }
  return this.ready;
};
Index.prototype.shard = function (key) {
  return load(this.base + "s/" + encodeURIComponent(key) + "." + this.m.s[key] + ".js");
};
// keyFor returns the shard a word lives in: the longest shard key that
// starts it.
Index.prototype.keyFor = function (w) {
  var chars = Array.from(w);
  for (var n = chars.length; n >= 1; n--) {
    var k = chars.slice(0, n).join("");
    if (this.m.s[k]) return k;
  }
  return null;
};
Index.prototype.keysFor = function (w, prefix, wide) {
  var out = [], k = this.keyFor(w);
  if (k) out.push(k);
  if (prefix || wide) {
    var p = wide ? Array.from(w).slice(0, 2).join("") : w;
    this.keys.forEach(function (key) { if (key !== k && key.indexOf(p) === 0) out.push(key); });
  }
  return out;
};
Index.prototype.shards = function (keys) {
  var self = this;
  return Promise.all(keys.map(function (k) { return self.shard(k).then(function (s) { return [k, s]; }); }));
};
Index.prototype.facets = function () {
  var self = this;
  if (!this.lists) {
    this.lists = load(this.base + this.m.c).then(function (c) {
      var out = {};
      LISTED.forEach(function (f) {
        out[f] = {};
        Object.keys(c[f] || {}).forEach(function (v) { var set = new Uint8Array(self.m.n); runs(c[f][v], set); out[f][v] = set; });
      });
      self.listed = out;
      return out;
    });
  }
  return this.lists;
};
Index.prototype.fragment = function (doc) {
  var h = this.m.f[Math.floor(doc / this.m.cs)];
  return load(this.base + "f/" + doc + "." + h + ".js");
};

// search finds the documents matching every word of q (any word when
// none matches all), best first, with the facet values of each.
Index.prototype.search = function (q) {
  var self = this, m = this.m;
  var ws = words(q), open = ws.length > 0 && !/\s$/.test(q);
  var groups = [];
  ws.forEach(function (w, i) {
    var last = open && i === ws.length - 1;
    if (w.length < 2 || (self.stop[w] && !last)) return;
    groups.push({ w: w, prefix: last, exactStop: !!self.stop[w] });
  });
  if (!groups.length) return Promise.resolve({ groups: [], hits: [] });
  var keys = {};
  groups.forEach(function (g) { self.keysFor(g.w, g.prefix).forEach(function (k) { keys[k] = 1; }); });
  return this.shards(Object.keys(keys)).then(function (got) {
    var sh = {};
    got.forEach(function (p) { sh[p[0]] = p[1]; });
    var need = {};
    groups.forEach(function (g) {
      g.cands = {};
      expand(g, sh, self);
      Object.keys(g.cands).forEach(function (t) { var k = self.keyFor(t); if (k && !sh[k]) need[k] = 1; });
    });
    return self.shards(Object.keys(need)).then(function (more) {
      more.forEach(function (p) { sh[p[0]] = p[1]; });
      var typo = groups.filter(function (g) { return !hasTerms(g, sh, self) && Array.from(g.w).length >= 5; });
      if (!typo.length) return sh;
      var wide = {};
      // The shards of words that share the first two letters, and of
      // the words a slip in those letters makes: an extra first or
      // second letter, or the two swapped.
      typo.forEach(function (g) {
        var w = g.w;
        [w, w.slice(1), w.charAt(0) + w.slice(2), w.charAt(1) + w.charAt(0) + w.slice(2)].forEach(function (v) {
          self.keysFor(v, false, true).forEach(function (k) { if (!sh[k]) wide[k] = 1; });
        });
      });
      return self.shards(Object.keys(wide)).then(function (w2) {
        w2.forEach(function (p) { sh[p[0]] = p[1]; });
        // A word one edit from an indexed word is a typo; else it may be
        // an inflection the manual never uses.
        typo.forEach(function (g) {
          fuzzy(g, sh);
          if (Object.keys(g.cands).length) g.typo = true; else known(g, sh, self);
        });
        var need2 = {};
        typo.forEach(function (g) { Object.keys(g.cands).forEach(function (t) { var k = self.keyFor(t); if (k && !sh[k]) need2[k] = 1; }); });
        return self.shards(Object.keys(need2)).then(function (w3) { w3.forEach(function (p) { sh[p[0]] = p[1]; }); return sh; });
      });
    });
  }).then(function (sh) { return score(self, groups, sh); });
};

// expand collects the index terms a query word stands for, with a weight:
// the word itself, the stems the index recorded for it (its inflections
// as the build's Snowball stemmers saw them), and for the last word the
// terms and words it starts.
function expand(g, sh, ix) {
  var k = ix.keyFor(g.w), s = k && sh[k];
  g.forms = {};
  g.forms[g.w] = 1;
  if (s && !g.exactStop) {
    if (s.t[g.w] !== undefined) g.cands[g.w] = 1;
    [].concat(s.f[g.w] || []).forEach(function (st) { g.cands[st] = 1; });
  }
  if (g.prefix) {
    Object.keys(sh).forEach(function (key) {
      if (key.indexOf(g.w) !== 0 && g.w.indexOf(key) !== 0) return;
      var t = sh[key].t, f = sh[key].f;
      Object.keys(t).forEach(function (x) { if (x !== g.w && x.indexOf(g.w) === 0 && !g.cands[x]) g.cands[x] = 0.8; });
      Object.keys(f).forEach(function (x) {
        if (x.indexOf(g.w) === 0) [].concat(f[x]).forEach(function (st) { if (!g.cands[st]) g.cands[st] = 0.8; });
      });
    });
  }
}
// known maps a word that occurs nowhere in the manual to the stem of the
// longest indexed word that begins it ("renewing" -> "renew", from
// "renew" or "renewal"), leaving at most three letters of ending.
function known(g, sh, ix) {
  var k = ix.keyFor(g.w), s = k && sh[k], best = "";
  if (!s || g.w.length < 5) return;
  [s.t, s.f].forEach(function (m) {
    Object.keys(m).forEach(function (x) {
      if (x.length > best.length && x.length >= 4 && x.length >= g.w.length - 3 && x !== g.w && g.w.indexOf(x) === 0) best = x;
    });
  });
  if (!best) return;
  if (s.t[best] !== undefined) g.cands[best] = 0.9;
  [].concat(s.f[best] || []).forEach(function (st) { if (!g.cands[st]) g.cands[st] = 0.9; });
}
function hasTerms(g, sh, ix) {
  return Object.keys(g.cands).some(function (t) { var k = ix.keyFor(t); return k && sh[k] && sh[k].t[t] !== undefined; });
}
// fuzzy finds words one edit away from a word that found nothing.
function fuzzy(g, sh) {
  Object.keys(sh).forEach(function (key) {
    var t = sh[key].t, f = sh[key].f;
    Object.keys(t).forEach(function (x) { if (editOne(g.w, x)) g.cands[x] = 0.5; });
    Object.keys(f).forEach(function (x) { if (editOne(g.w, x)) [].concat(f[x]).forEach(function (st) { if (!g.cands[st]) g.cands[st] = 0.5; }); });
  });
}

// score ranks with BM25: each posting holds its document's field-weighted,
// length-normalised, saturated frequency; the browser multiplies it by
// the term's idf and adds the words up.
function score(ix, groups, sh) {
  var n = ix.m.n, total = new Float64Array(n), count = new Uint8Array(n);
  // The loaded words that stand for a term are highlighted in snippets.
  Object.keys(sh).forEach(function (key) {
    var f = sh[key].f;
    Object.keys(f).forEach(function (x) {
      [].concat(f[x]).forEach(function (st) { groups.forEach(function (g) { if (g.cands[st]) g.forms[x] = 1; }); });
    });
  });
  groups.forEach(function (g) {
    var best = new Float64Array(n), lists = {}, dfWord = 0;
    g.idf = 0;
    Object.keys(g.cands).forEach(function (t) {
      var k = ix.keyFor(t), s = k && sh[k];
      if (!s || s.t[t] === undefined) return;
      if (typeof s.t[t] === "string") s.t[t] = decode(s.t[t]);
      lists[t] = s.t[t];
      dfWord = Math.max(dfWord, s.t[t].docs.length);
    });
    // A word is as rare as its commonest reading: its Dutch stem is not
    // rarer because fewer pages are in Dutch, nor is a rare completion
    // of a prefix or a typo worth more than the common one.
    Object.keys(lists).forEach(function (t) {
      var p = lists[t], df = dfWord;
      var idf = Math.log(1 + (n - df + 0.5) / (df + 0.5)) * g.cands[t];
      g.idf = Math.max(g.idf, idf);
      g.forms[t] = 1;
      for (var i = 0; i < df; i++) {
        var v = idf * p.imps[i] / 63;
        if (v > best[p.docs[i]]) best[p.docs[i]] = v;
      }
    });
    for (var d = 0; d < n; d++) if (best[d] > 0) { total[d] += best[d]; count[d]++; }
  });
  var all = [], some = [];
  for (var d = 0; d < n; d++) {
    if (!count[d]) continue;
    if (count[d] === groups.length) all.push(d); else some.push(d);
  }
  var hits = all.length ? all : some;
  hits.sort(function (a, b) { return count[b] - count[a] || total[b] - total[a] || a - b; });
  return { groups: groups, hits: hits, score: total, partial: !all.length, typo: groups.some(function (g) { return g.typo; }) };
}
