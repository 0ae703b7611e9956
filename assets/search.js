// handbook's search box and results page: results as you type, filters,
// keys, and snippets with the matched words marked. The index lives in
// search-index.js.
import { Index, LISTED, fold, indexAt } from "./search-index.js";

var PAGE = 10;
var FACETS = ["kind", "platform", "audience", "tags", "owner"];

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

var WORD = /[\p{L}\p{N}\p{M}]+/gu;

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
// word: 1 for a phrase in query order, less as it widens, 0 when a word
// is missing.
function proximity(seq, n) {
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
  // The manual's other languages, on the results page of a manual of
  // several: a reader may widen the search to them (?all=1); their hits
  // follow this language's, under each language's name.
  var languages = [], wide = false, elsewhere = [];
  var langData = document.getElementById("search-languages"), allBox = document.querySelector("[data-search-all]");
  if (pageBox && langData && allBox) {
    languages = JSON.parse(langData.textContent);
    allBox.closest(".search-widen").hidden = false;
    allBox.addEventListener("change", function () { wide = allBox.checked; run(); });
  }
  FACETS.forEach(function (f) { filters[f] = {}; });
  form.hidden = false;
  if (!panel.id) panel.id = "search-panel";
  panel.setAttribute("aria-live", "polite");
  // In the header the box is an ARIA 1.2 combobox: the hits are a listbox
  // popup whose options are the result links, chosen with the arrow keys
  // while the focus stays in the box (aria-activedescendant). On the
  // results page the box is a plain search field above a list of links.
  var hitsID = panel.id + "-hits";
  if (pageBox) {
    input.setAttribute("aria-controls", panel.id);
  } else {
    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-controls", hitsID);
    panel.className = "search-panel";
    panel.hidden = true;
    form.appendChild(panel);
    input.setAttribute("aria-expanded", "false");
  }
  // expand tells the combobox whether its popup shows hits, and which.
  function expand() {
    if (pageBox) return;
    var opt = panel.hidden ? null : panel.querySelectorAll(".search-hit a")[selected];
    input.setAttribute("aria-expanded", opt ? "true" : "false");
    if (opt) input.setAttribute("aria-activedescendant", opt.id);
    else input.removeAttribute("aria-activedescendant");
  }
  function L(k) { return (ix.m && ix.m.l && ix.m.l[k]) || k; }
  function href(u, id, siteRoot) {
    var h = (siteRoot === undefined ? root : siteRoot) + u;
    if (fileMode && (h === "" || h.slice(-1) === "/")) h += "index.html";
    return h + (id ? "#" + id : "");
  }
  // The results page is the form's action (root + the site's search
  // folder, which moves when content takes search/).
  function searchPageURL(q) { return href(form.getAttribute("action").slice(root.length)) + "?q=" + encodeURIComponent(q); }

  function state() {
    var q = input.value;
    if (pageBox) {
      var u = new URL(location.href);
      if (q) u.searchParams.set("q", q); else u.searchParams.delete("q");
      if (wide) u.searchParams.set("all", "1"); else u.searchParams.delete("all");
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
    ix.open().then(function () { return Promise.all([ix.search(q), searchElsewhere(q)]); }).then(function (rs) {
      if (my !== seq) return;
      result = rs[0]; elsewhere = rs[1]; shown = PAGE; selected = 0;
      var needLists = moreFacets || LISTED.some(function (f) { return Object.keys(filters[f]).length; });
      return (needLists ? ix.facets() : Promise.resolve()).then(function () { if (my === seq) return show(my); });
    }).catch(function (e) { panel.textContent = String(e.message || e); panel.hidden = false; });
  }

  // searchElsewhere searches the other languages' indexes when the
  // search is widened: for each, its best hits with their snippets,
  // ranked as their own index ranks them. A language whose index cannot
  // be loaded says so in place of its hits.
  function searchElsewhere(q) {
    if (!wide) return Promise.resolve([]);
    return Promise.all(languages.map(function (l) {
      if (!l.ix) l.ix = indexAt(l.index).then(function (other) { return other.open(); });
      return l.ix.then(function (other) {
        return other.search(q).then(function (r) {
          var page = r.hits.slice(0, PAGE);
          return Promise.all(page.map(function (d) { return other.fragment(d); })).then(function (frags) {
            return { lang: l, total: r.hits.length, groups: r.groups, rows: frags.map(function (fr) { return { fr: fr, a: analyse(fr, r.groups) }; }) };
          });
        });
      }).catch(function (e) { l.ix = null; return { lang: l, error: String(e.message || e) }; });
    }));
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
    fill(rows, total);
    if (result && wide) elsewhere.forEach(other);
    expand();
  }

  // other writes another language's hits: a heading in its own name,
  // then its hits, linked into its site, marked with its language.
  function other(res) {
    var sec = document.createElement("section");
    sec.className = "search-language";
    sec.lang = res.lang.code;
    var h = document.createElement("h2");
    h.textContent = res.lang.name;
    sec.appendChild(h);
    var p = document.createElement("p");
    p.className = "search-count";
    p.textContent = res.error || (res.total + " " + L("search_results"));
    sec.appendChild(p);
    if (res.rows && res.rows.length) {
      var ol = document.createElement("ol");
      ol.className = "search-hits";
      res.rows.forEach(function (r) { ol.appendChild(hit(r, res.groups, res.lang.root)); });
      sec.appendChild(ol);
    }
    panel.appendChild(sec);
  }

  // hit is one result's list item: its title, kind, path and snippet,
  // linked at its best section (root: the site it lives in).
  function hit(r, groups, siteRoot) {
    var sec = r.fr.s[r.a.section] || ["", "", ""];
    var li = document.createElement("li");
    li.className = "search-hit";
    var a = document.createElement("a");
    a.href = href(r.fr.u, sec[0], siteRoot);
    var path = [r.fr.p, sec[1]].filter(Boolean).join(" › ");
    a.innerHTML = '<span class="search-title">' + esc(r.fr.t) + '</span> <span class="search-kind">' + esc(L("search_kind_" + r.fr.k)) + "</span>" +
      (path ? '<span class="search-path">' + esc(path) + "</span>" : "") +
      '<span class="search-snippet">' + snippet(sec[2] || r.fr.s.map(function (s) { return s[2]; }).join(" "), groups) + "</span>";
    a.addEventListener("mousedown", function (e) { e.preventDefault(); });
    li.appendChild(a);
    return li;
  }

  // fill writes the filters, the count and the hits into the emptied panel.
  function fill(rows, total) {
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
    info.id = panel.id + "-count";
    info.textContent = total + " " + L("search_results") + (result.typo ? " · " + L("search_typo") : "") + (result.partial ? " · " + L("search_partial") : "");
    panel.appendChild(info);
    var ol = document.createElement("ol");
    ol.className = "search-hits";
    if (!pageBox) {
      ol.id = hitsID;
      ol.setAttribute("role", "listbox");
      ol.setAttribute("aria-labelledby", info.id);
    }
    rows.forEach(function (r, i) {
      var li = hit(r, result.groups, root), a = li.firstChild;
      if (i === selected) li.classList.add("is-selected");
      if (!pageBox) {
        // The link itself is the option (an option holding a link would
        // nest one control in another); the arrow keys reach it, not Tab.
        li.setAttribute("role", "none");
        a.id = hitsID + "-" + i;
        a.setAttribute("role", "option");
        a.setAttribute("aria-selected", i === selected ? "true" : "false");
        a.tabIndex = -1;
      }
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
    items.forEach(function (li, k) {
      li.classList.toggle("is-selected", k === selected);
      if (!pageBox) li.firstChild.setAttribute("aria-selected", k === selected ? "true" : "false");
    });
    items[selected].scrollIntoView({ block: "nearest" });
    expand();
  }

  input.addEventListener("input", function () { clearTimeout(timer); timer = setTimeout(run, 100); });
  input.addEventListener("focus", function () { if (result && !pageBox) { panel.hidden = false; expand(); } });
  input.addEventListener("blur", function () { if (!pageBox) setTimeout(function () { if (document.activeElement !== input) { panel.hidden = true; expand(); } }, 150); });
  input.addEventListener("keydown", function (e) {
    if (e.key === "ArrowDown") { e.preventDefault(); select(selected + 1); }
    else if (e.key === "ArrowUp") { e.preventDefault(); select(selected - 1); }
    else if (e.key === "Escape") { if (!pageBox) { panel.hidden = true; expand(); } input.blur(); }
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
    if (allBox && languages.length && params.get("all") === "1") { wide = true; allBox.checked = true; }
    var q0 = params.get("q");
    if (q0) { input.value = q0; run(); }
  }
}
