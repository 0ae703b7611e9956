// handbook's search: reads the index that generator/search wrote at build
// time, loading only the shards of the typed words, then the snippets of
// the results shown. No server, no framework; the files are scripts, so
// search works in a manual opened from the file system too.

var DIGITS = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-_";
var VAL = {};
for (var d = 0; d < 64; d++) VAL[DIGITS.charAt(d)] = d;
var PAGE = 10;
var FACETS = ["kind", "platform", "audience", "tags", "owner"];
var LISTED = ["audience", "tags", "owner"]; // in the facets file

// Scripts call hbSearch(name, data) when they load.
var pending = {};
var loaded = {};
window.hbSearch = function (name, data) {
  var p = pending[name];
  if (p) { delete pending[name]; p(data); }
};
function load(name, url) {
  if (loaded[name]) return loaded[name];
  loaded[name] = new Promise(function (resolve, reject) {
    pending[name] = resolve;
    var s = document.createElement("script");
    s.src = url;
    s.onerror = function () { delete loaded[name]; delete pending[name]; reject(new Error("cannot load " + url)); };
    s.onload = function () { s.remove(); };
    document.head.appendChild(s);
  });
  return loaded[name];
}

// words splits text as generator/search.Tokenize does: lower case, no
// accents, runs of letters and digits.
export function words(s) {
  return s.toLowerCase().normalize("NFD").replace(/\p{Mn}/gu, "")
    .split(/[^\p{L}\p{N}]+/u).filter(function (w) { return w && w.length <= 40; });
}
function fold(w) { return w.toLowerCase().normalize("NFD").replace(/\p{Mn}/gu, ""); }

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

function Index(metaURL) {
  this.base = metaURL.replace(/[^\/]*$/, "");
  this.metaURL = metaURL;
}
Index.prototype.open = function () {
  var self = this;
  if (!this.ready) {
    this.ready = load("m", this.metaURL).then(function (m) {
      self.m = m;
      self.keys = Object.keys(m.s);
      self.stop = {};
      m.sw.forEach(function (w) { self.stop[w] = 1; });
      self.of = {};
      ["kind", "platform"].forEach(function (f) {
        var arr = new Array(m.n);
        m[f].forEach(function (r) { for (var i = r[1]; i < r[2]; i++) arr[i] = r[0]; });
        self.of[f] = arr;
      });
      return self;
    });
  }
  return this.ready;
};
Index.prototype.shard = function (key) {
  return load("s:" + key, this.base + "s/" + encodeURIComponent(key) + "." + this.m.s[key] + ".js");
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
    this.lists = load("c", this.base + this.m.c).then(function (c) {
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
  return load("f:" + doc, this.base + "f/" + doc + "." + h + ".js");
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
      typo.forEach(function (g) { self.keysFor(g.w, false, true).forEach(function (k) { if (!sh[k]) wide[k] = 1; }); });
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
      if (g.cands[t] >= 0.9) dfWord = Math.max(dfWord, s.t[t].docs.length);
    });
    // The stems of one word in each language count as one word: its
    // Dutch stem is not rarer because fewer pages are in Dutch.
    Object.keys(lists).forEach(function (t) {
      var p = lists[t], df = g.cands[t] >= 0.9 ? dfWord : p.docs.length;
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

// matcher returns, for a folded word of a snippet, the query word it
// stands for, or -1.
function matcher(groups) {
  return function (w) {
    for (var i = 0; i < groups.length; i++) {
      var g = groups[i];
      if (g.forms[w] || (g.prefix && w.indexOf(g.w) === 0)) return i;
      for (var t in g.cands) {
        // an inflection of a stem, or a compound ending in a part
        if (t.length >= 4 && (w.indexOf(t) === 0 || (w.length > t.length + 3 && w.slice(-t.length) === t))) return i;
      }
    }
    return -1;
  };
}

var WORD = /[\p{L}\p{N}\p{Mn}]+/gu;

// analyse finds a fragment's best section (the one holding most query
// words, headings counting extra), the proximity of the query words (1
// when they stand side by side in query order) and the snippet's matches.
function analyse(frag, groups) {
  var match = matcher(groups), best = 0, bestScore = -1, seq = [];
  function gap() { seq.push(-1, -1, -1, -1, -1); }
  (frag.t.match(WORD) || []).forEach(function (w) { seq.push(match(fold(w))); });
  frag.s.forEach(function (sec, i) {
    gap();
    var seen = {}, inHead = {}, sc = 0;
    (sec[1].match(WORD) || []).forEach(function (w) { var g = match(fold(w)); if (g >= 0) { inHead[g] = 1; seen[g] = 1; seq.push(g); } else seq.push(-1); });
    (sec[2].match(WORD) || []).forEach(function (w) { var g = match(fold(w)); if (g >= 0) seen[g] = (seen[g] || 0) + 1; seq.push(g); });
    Object.keys(seen).forEach(function (g) { sc += (groups[g].idf || 1) * (1 + Math.min(seen[g], 3) / 10) + (inHead[g] ? 0.5 : 0); });
    if (sc > bestScore) { bestScore = sc; best = i; }
  });
  return { section: best, proximity: proximity(seq, groups.length) };
}

// proximity scores the smallest window of the text holding every query
// word found in it: 1 for a phrase in query order, less as it widens.
export function proximity(seq, n) {
  if (n < 2) return 0;
  var last = new Array(n).fill(-1), best = Infinity, inOrder = false;
  for (var i = 0; i < seq.length; i++) {
    var g = seq[i];
    if (g < 0) continue;
    last[g] = i;
    if (last.indexOf(-1) >= 0) continue;
    var lo = Math.min.apply(null, last), span = i - lo + 1;
    if (span < best) { best = span; inOrder = last.every(function (p, k) { return k === 0 || p > last[k - 1]; }); }
  }
  if (best === Infinity) return 0;
  return (n - 1) / (best - 1) * (inOrder ? 1 : 0.7);
}

function esc(s) {
  return s.replace(/[&<>"']/g, function (c) { return "&#" + c.charCodeAt(0) + ";"; });
}

// snippet cuts about 180 characters of text around the first match and
// marks every match.
function snippet(text, groups) {
  var match = matcher(groups), spans = [], m;
  WORD.lastIndex = 0;
  while ((m = WORD.exec(text))) if (match(fold(m[0])) >= 0) spans.push([m.index, m.index + m[0].length]);
  var start = 0;
  if (spans.length) start = Math.max(0, spans[0][0] - 60);
  if (start > 0) { var sp = text.indexOf(" ", start); if (sp >= 0 && sp < spans[0][0]) start = sp + 1; }
  var end = Math.min(text.length, start + 180);
  if (end < text.length) { var e = text.lastIndexOf(" ", end); if (e > start + 60) end = e; }
  var out = start > 0 ? "… " : "", pos = start;
  spans.forEach(function (s) {
    if (s[0] < start || s[1] > end) return;
    out += esc(text.slice(pos, s[0])) + "<mark>" + esc(text.slice(s[0], s[1])) + "</mark>";
    pos = s[1];
  });
  return out + esc(text.slice(pos, end)) + (end < text.length ? " …" : "");
}

// UI ---------------------------------------------------------------------

export function initSearch() {
  var form = document.querySelector(".search-form");
  if (!form) return;
  var input = form.querySelector("input");
  var root = form.getAttribute("data-root");
  var ix = new Index(form.getAttribute("data-index"));
  var pageBox = document.querySelector("[data-search-page]");
  var panel = pageBox || document.createElement("div");
  var fileMode = location.protocol === "file:";
  var filters = {}, shown = PAGE, result = null, selected = 0, timer = 0, seq = 0, moreFacets = false;
  FACETS.forEach(function (f) { filters[f] = {}; });
  form.hidden = false;
  if (!panel.id) panel.id = "search-panel";
  input.setAttribute("aria-controls", panel.id);
  panel.setAttribute("aria-live", "polite");
  if (!pageBox) {
    panel.className = "search-panel";
    panel.hidden = true;
    form.appendChild(panel);
  }
  function L(k) { return (ix.m && ix.m.l && ix.m.l[k]) || k; }
  function href(u, id) {
    var h = root + u;
    if (fileMode && (h === "" || h.slice(-1) === "/")) h += "index.html";
    return h + (id ? "#" + id : "");
  }
  function searchPageURL(q) { return href("search/") + "?q=" + encodeURIComponent(q); }

  function state() {
    var q = input.value;
    if (pageBox) {
      var u = new URL(location.href);
      if (q) u.searchParams.set("q", q); else u.searchParams.delete("q");
      FACETS.forEach(function (f) {
        u.searchParams.delete(f);
        Object.keys(filters[f]).forEach(function (v) { u.searchParams.append(f, v); });
      });
      history.replaceState(null, "", u.toString());
    }
  }

  function run() {
    var q = input.value, my = ++seq;
    state();
    if (q.trim().length < 2) { result = null; draw(); return; }
    ix.open().then(function () { return ix.search(q); }).then(function (r) {
      if (my !== seq) return;
      result = r; shown = PAGE; selected = 0;
      var needLists = moreFacets || LISTED.some(function (f) { return Object.keys(filters[f]).length; });
      return (needLists ? ix.facets() : Promise.resolve()).then(function () { if (my === seq) return show(my); });
    }).catch(function (e) { panel.textContent = String(e.message || e); panel.hidden = false; });
  }

  // has reports whether a document has a facet's value.
  function has(f, doc, v) {
    if (f === "kind" || f === "platform") return ix.of[f][doc] === v;
    return ix.listed && ix.listed[f][v] && ix.listed[f][v][doc] === 1;
  }
  function passes(doc, skip) {
    return FACETS.every(function (f) {
      if (f === skip) return true;
      var vs = Object.keys(filters[f]);
      return !vs.length || vs.some(function (v) { return has(f, doc, v); });
    });
  }
  function counts(f, hits) {
    var c = {};
    hits.forEach(function (d) {
      if (!passes(d, f)) return;
      if (f === "kind" || f === "platform") { var v = ix.of[f][d]; if (v) c[v] = (c[v] || 0) + 1; return; }
      if (!ix.listed) return;
      var vals = ix.listed[f];
      for (var v2 in vals) if (vals[v2][d]) c[v2] = (c[v2] || 0) + 1;
    });
    return c;
  }

  function show(my) {
    var hits = result.hits.filter(function (d) { return passes(d); });
    var page = hits.slice(0, shown);
    return Promise.all(page.map(function (d) { return ix.fragment(d); })).then(function (frags) {
      if (my !== seq) return;
      // Phrase proximity reorders the loaded page; the best section
      // becomes the link's anchor.
      var rows = frags.map(function (fr, i) {
        var a = analyse(fr, result.groups), d = page[i];
        return { d: d, fr: fr, a: a, s: result.score[d] * (1 + 0.3 * a.proximity), i: i };
      });
      var out = [];
      for (var lo = 0; lo < rows.length; lo += PAGE) {
        out = out.concat(rows.slice(lo, lo + PAGE).sort(function (x, y) { return y.s - x.s || x.i - y.i; }));
      }
      draw(out, hits.length);
    });
  }

  function chip(f, v, n) {
    var b = document.createElement("button");
    b.type = "button";
    b.className = "search-chip";
    b.setAttribute("data-facet", f);
    b.setAttribute("data-value", v);
    b.setAttribute("aria-pressed", filters[f][v] ? "true" : "false");
    b.textContent = (f === "kind" ? L("search_kind_" + v) : v) + " " + n;
    b.addEventListener("mousedown", function (e) { e.preventDefault(); });
    b.addEventListener("click", function () {
      if (filters[f][v]) delete filters[f][v]; else filters[f][v] = 1;
      shown = PAGE; seq++; show(seq); state();
    });
    return b;
  }

  function draw(rows, total) {
    panel.textContent = "";
    input.setAttribute("aria-expanded", result ? "true" : "false");
    if (!result) { if (!pageBox) panel.hidden = true; return; }
    panel.hidden = false;
    var q = input.value.trim();
    if (!result.hits.length) {
      var p = document.createElement("p");
      p.className = "search-empty";
      p.textContent = L("search_no_results") + " “" + q + "”";
      panel.appendChild(p);
      return;
    }
    var facets = document.createElement("div");
    facets.className = "search-facets";
    FACETS.forEach(function (f) {
      if (LISTED.indexOf(f) >= 0 && !ix.listed) return;
      var c = counts(f, result.hits), vals = Object.keys(c);
      if (!vals.length) return;
      vals.sort(function (a, b) { return c[b] - c[a] || (a < b ? -1 : 1); });
      var row = document.createElement("div");
      row.className = "search-facet";
      var h = document.createElement("span");
      h.className = "search-facet-name";
      h.textContent = L(f === "kind" ? "search_kind" : f);
      row.appendChild(h);
      vals.slice(0, 12).forEach(function (v) { row.appendChild(chip(f, v, c[v])); });
      facets.appendChild(row);
    });
    if (!ix.listed) {
      var more = document.createElement("button");
      more.type = "button";
      more.className = "search-more-filters";
      more.textContent = L("search_filters");
      more.addEventListener("mousedown", function (e) { e.preventDefault(); });
      more.addEventListener("click", function () { moreFacets = true; ix.facets().then(function () { seq++; show(seq); }); });
      facets.appendChild(more);
    }
    panel.appendChild(facets);
    var info = document.createElement("p");
    info.className = "search-count";
    info.textContent = total + " " + L("search_results") + (result.typo ? " · " + L("search_typo") : "");
    panel.appendChild(info);
    var ol = document.createElement("ol");
    ol.className = "search-hits";
    ol.setAttribute("role", "listbox");
    rows.forEach(function (r, i) {
      var sec = r.fr.s[r.a.section] || ["", "", ""];
      var li = document.createElement("li");
      li.className = "search-hit";
      li.setAttribute("role", "option");
      li.setAttribute("aria-selected", i === selected ? "true" : "false");
      var a = document.createElement("a");
      a.href = href(r.fr.u, sec[0]);
      var path = [r.fr.p, sec[1]].filter(Boolean).join(" › ");
      a.innerHTML = '<span class="search-title">' + esc(r.fr.t) + '</span> <span class="search-kind">' + esc(L("search_kind_" + r.fr.k)) + "</span>" +
        (path ? '<span class="search-path">' + esc(path) + "</span>" : "") +
        '<span class="search-snippet">' + snippet(sec[2] || r.fr.s.map(function (s) { return s[2]; }).join(" "), result.groups) + "</span>";
      a.addEventListener("mousedown", function (e) { e.preventDefault(); });
      li.appendChild(a);
      ol.appendChild(li);
    });
    panel.appendChild(ol);
    if (total > rows.length) {
      var b = document.createElement("button");
      b.type = "button";
      b.className = "search-more";
      b.textContent = L("search_more");
      b.addEventListener("mousedown", function (e) { e.preventDefault(); });
      b.addEventListener("click", function () { shown += PAGE; seq++; show(seq); });
      panel.appendChild(b);
    }
    if (!pageBox) {
      var all = document.createElement("a");
      all.className = "search-all";
      all.href = searchPageURL(q);
      all.textContent = L("search") + ": “" + q + "” →";
      panel.appendChild(all);
    }
  }

  function select(i) {
    var items = panel.querySelectorAll(".search-hit");
    if (!items.length) return;
    selected = (i + items.length) % items.length;
    items.forEach(function (li, k) { li.setAttribute("aria-selected", k === selected ? "true" : "false"); });
    items[selected].scrollIntoView({ block: "nearest" });
  }

  input.addEventListener("input", function () { clearTimeout(timer); timer = setTimeout(run, 100); });
  input.addEventListener("focus", function () { if (result && !pageBox) panel.hidden = false; });
  input.addEventListener("blur", function () { if (!pageBox) setTimeout(function () { if (document.activeElement !== input) panel.hidden = true; }, 150); });
  input.addEventListener("keydown", function (e) {
    if (e.key === "ArrowDown") { e.preventDefault(); select(selected + 1); }
    else if (e.key === "ArrowUp") { e.preventDefault(); select(selected - 1); }
    else if (e.key === "Escape") { if (!pageBox) panel.hidden = true; input.blur(); }
  });
  form.addEventListener("submit", function (e) {
    e.preventDefault();
    var a = panel.querySelectorAll(".search-hit a")[selected];
    if (a) location.href = a.href;
    else if (input.value.trim()) location.href = searchPageURL(input.value.trim());
  });
  document.addEventListener("keydown", function (e) {
    var t = e.target, typing = t && (t.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(t.tagName));
    if ((e.key === "/" && !typing) || (e.key === "k" && (e.ctrlKey || e.metaKey))) {
      e.preventDefault();
      input.focus();
      input.select();
    }
  });

  if (pageBox) {
    var params = new URLSearchParams(location.search);
    FACETS.forEach(function (f) { params.getAll(f).forEach(function (v) { filters[f][v] = 1; }); });
    var q0 = params.get("q");
    if (q0) { input.value = q0; run(); }
  }
}
