/* Dossier search over a split index, loaded piece by piece as <script>s (fetch() is refused from file://).
   search/terms.js (loaded with the page) maps the sorted vocabulary to term pieces and lists the prefix pieces;
   a query loads the pieces holding its words, ranks documents, then loads the chunks holding the results shown.
   Tokens are split as dossier/render/search.py splits them. Every word is matched as a prefix; a document must
   hold every word whose list is complete (a very common word keeps only its best documents and ranks without
   filtering). */
(function () {
  "use strict";
  var input = document.getElementById("search-q");
  var list = document.getElementById("search-results");
  var status = document.getElementById("search-status");
  var more = document.getElementById("search-more");
  var head = window.DOSSIER_SEARCH;
  if (!input || !list || !head) { return; }
  var KIND = { paragraph: "Paragraph", claim: "Claim", actor: "Actor", theme: "Theme", source: "Source", stance: "Position", dispute: "Dispute", judgment: "Judgment" };
  var SHOWN = 20;
  var me = document.querySelector("script[src$='search.js']");
  var base = me.getAttribute("src").replace(/search\.js$/, "search/");
  var loaded = {}, waiting = {};

  window.DOSSIER_SEARCH_PIECE = function (name, data) {
    loaded[name] = data;
    (waiting[name] || []).forEach(function (done) { done(); });
    delete waiting[name];
  };

  /* Load named pieces (each once), then call back. */
  function need(names, done) {
    var left = 0;
    names.forEach(function (name) {
      if (loaded[name]) { return; }
      left += 1;
      if (!waiting[name]) {
        waiting[name] = [];
        var s = document.createElement("script");
        s.src = base + name + ".js";
        s.onerror = function () { window.DOSSIER_SEARCH_PIECE(name, {}); };
        document.head.appendChild(s);
      }
      waiting[name].push(function () { left -= 1; if (left === 0) { done(); } });
    });
    if (left === 0) { done(); }
  }

  /* Lowercased, marks dropped, runs of letters and digits: as dossier/render/search.py's tokens() (shared test vectors). */
  function tokens(text) {
    return text.toLowerCase().normalize("NFD").replace(/\p{M}/gu, "").match(/[\p{L}\p{N}]+/gu) || [];
  }

  /* The term pieces covering every term that starts with `word` (or its prefix piece). A query word is looked up
     as the map's own key only: "constructor" must not find Object.prototype's. */
  function piecesFor(word) {
    if (Object.prototype.hasOwnProperty.call(head.prefixes, word)) { return [head.prefixes[word]]; }
    var firsts = head.pieces, lo = 0, hi = firsts.length - 1, out = [];
    while (lo < hi) { var mid = (lo + hi + 1) >> 1; if (firsts[mid] <= word) { lo = mid; } else { hi = mid - 1; } }
    for (var i = lo; i < firsts.length && (i === lo || firsts[i].lastIndexOf(word, 0) === 0); i++) {
      out.push("t" + i);
    }
    return out;
  }

  /* Postings of every term starting with `word`: {doc: weight}, and whether the list is complete. */
  function postings(word, names) {
    var found = {}, complete = true;
    names.forEach(function (name) {
      var piece = loaded[name] || {};
      Object.keys(piece).forEach(function (term) {
        if (term.lastIndexOf(word, 0) !== 0) { return; }
        var entry = piece[term], text = entry[1], exact = term === word, doc = 0, digits = "";
        if (entry[2] || name.charAt(0) === "x") { complete = false; }
        for (var i = 0; i < text.length; i++) {
          var c = text.charCodeAt(i);
          if (c >= 65 && c <= 90) {
            doc += parseInt(digits, 36);
            var q = exact ? c - 64 : Math.max(1, c - 66);
            if (!(found[doc] >= q)) { found[doc] = q; }
            digits = "";
          } else { digits += text.charAt(i); }
        }
      });
    });
    return { docs: found, complete: complete };
  }

  function rank(words, byWord) {
    var filters = byWord.filter(function (p) { return p.complete; });
    var pool = filters.length ? filters : byWord;
    var candidates = {};
    Object.keys(pool[0].docs).forEach(function (d) { candidates[d] = 0; });
    for (var i = 1; i < pool.length; i++) {
      var docs = pool[i].docs;
      if (filters.length) { Object.keys(candidates).forEach(function (d) { if (!(d in docs)) { delete candidates[d]; } }); }
      else { Object.keys(docs).forEach(function (d) { candidates[d] = 0; }); }
    }
    return Object.keys(candidates).map(function (d) {
      var score = 0;
      byWord.forEach(function (p) { score += p.docs[d] || 0; });
      return [+d, score];
    }).sort(function (a, b) { return b[1] - a[1] || a[0] - b[0]; });
  }

  /* A result's link to a place in a page carries the query, so the page can mark the words there (site.js). */
  function withWords(url, text) {
    var hash = url.indexOf("#");
    return hash < 0 ? url : url.slice(0, hash) + "?hl=" + encodeURIComponent(text) + url.slice(hash);
  }

  function escapeRegExp(s) { return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"); }

  /* A short excerpt around the first matched word, every word that starts with a query word wrapped in <mark>. */
  function snippet(text, words) {
    /* A word's start only, as search matches: "ran" finds "range", and must not mark the end of "Iran". */
    var pattern = new RegExp("(?<![\\p{L}\\p{N}])(" + words.map(escapeRegExp).sort(function (a, b) { return b.length - a.length; }).join("|") + ")[\\p{L}\\p{N}]*", "giu");
    var folded = text.normalize("NFD").replace(/\p{M}/gu, "");
    var source = folded.length === text.length ? folded : text;
    var first = Math.max(0, source.search(pattern));
    var start = Math.max(0, first - 90);
    if (start > 0) { var space = text.indexOf(" ", start); if (space >= 0 && space < first) { start = space + 1; } }
    var end = Math.min(text.length, start + 260);
    if (end < text.length) { var cut = text.lastIndexOf(" ", end); if (cut > first) { end = cut; } }
    var out = document.createElement("p");
    out.className = "snippet";
    var piece = source.slice(start, end), shown = text.slice(start, end), last = 0;
    if (start > 0) { out.appendChild(document.createTextNode("… ")); }
    piece.replace(pattern, function (match, _g, offset) {
      out.appendChild(document.createTextNode(shown.slice(last, offset)));
      var mark = document.createElement("mark");
      mark.textContent = shown.slice(offset, offset + match.length);
      out.appendChild(mark);
      last = offset + match.length;
      return match;
    });
    out.appendChild(document.createTextNode(shown.slice(last) + (end < text.length ? " …" : "")));
    return out;
  }

  var current = 0, ranked = [], words = [], query = "";

  function showFrom(from) {
    var slice = ranked.slice(from, from + SHOWN), token = current;
    var chunks = {};
    slice.forEach(function (r) { chunks["d" + Math.floor(r[0] / head.chunk)] = true; });
    need(Object.keys(chunks), function () {
      if (token !== current) { return; }
      mark("dossier-docs-arrived");
      slice.forEach(function (r) {
        var doc = loaded["d" + Math.floor(r[0] / head.chunk)][r[0] % head.chunk];
        var li = document.createElement("li");
        li.className = "result result-" + doc[0];
        var label = document.createElement("span");
        label.className = "kind";
        label.textContent = KIND[doc[0]] || doc[0];
        var a = document.createElement("a");
        a.href = withWords(doc[2], query);
        a.textContent = doc[1] + (doc[0] === "paragraph" ? " " + doc[3] : "");
        li.appendChild(label);
        li.appendChild(document.createTextNode(" "));
        li.appendChild(a);
        li.appendChild(snippet(doc[4], words));
        list.appendChild(li);
      });
      var shownNow = Math.min(ranked.length, from + SHOWN);
      if (more) { more.hidden = shownNow >= ranked.length; more.dataset.next = shownNow; }
      mark("dossier-results-shown");
      document.documentElement.setAttribute("data-search-ready", query);
    });
  }

  /* Timings a benchmark reads (bench/search_bench.py); no cost worth naming otherwise. */
  function mark(name) { if (window.performance && performance.mark) { performance.mark(name); } }

  function show(text) {
    list.textContent = "";
    if (more) { more.hidden = true; }
    query = text.trim();
    words = Array.from(new Set(tokens(query)));
    current += 1;
    var token = current;
    if (!words.length) {
      status.textContent = "Type a word or a name: paragraphs, claims, actors and themes are searched.";
      document.documentElement.setAttribute("data-search-ready", query);
      return;
    }
    var names = words.map(piecesFor);
    need([].concat.apply([], names), function () {
      if (token !== current) { return; }
      mark("dossier-terms-arrived");
      ranked = rank(words, words.map(function (w, i) { return postings(w, names[i]); }));
      mark("dossier-ranked");
      var n = ranked.length;
      status.textContent = n === 0 ? "No results for “" + query + "”." :
        n + (n === 1 ? " result" : " results") + " for “" + query + "”" + (n > SHOWN ? ", the best " + SHOWN + " first." : ".");
      if (n === 0) { document.documentElement.setAttribute("data-search-ready", query); return; }
      showFrom(0);
    });
    try { history.replaceState(null, "", "?q=" + encodeURIComponent(query)); } catch (e) { /* some file:// setups refuse; the search still works */ }
  }

  if (more) { more.addEventListener("click", function () { showFrom(+more.dataset.next); }); }
  var timer = null;
  input.addEventListener("input", function () { clearTimeout(timer); timer = setTimeout(function () { show(input.value); }, 120); });
  /* Keyboard: ↓ from the box into the results, ↑/↓ between them, Esc back to the box. */
  document.addEventListener("keydown", function (e) {
    var links = Array.prototype.slice.call(list.querySelectorAll("a"));
    var at = links.indexOf(document.activeElement);
    if (e.key === "ArrowDown" && (document.activeElement === input || at >= 0)) {
      if (links[at + 1]) { links[at + 1].focus(); e.preventDefault(); }
    } else if (e.key === "ArrowUp" && at >= 0) {
      (at === 0 ? input : links[at - 1]).focus(); e.preventDefault();
    } else if (e.key === "Escape" && at >= 0) {
      input.focus();
    } else if (e.key === "/" && document.activeElement !== input) {
      input.focus(); e.preventDefault();
    }
  });
  var initial = new URLSearchParams(window.location.search).get("q") || "";
  input.value = initial;
  status.textContent = "";
  show(initial);
}());
