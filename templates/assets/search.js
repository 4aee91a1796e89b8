/* Dossier search: MiniSearch over paragraphs, claims, actors, themes and sources.
   The documents arrive as window.DOSSIER_DOCS from search-index.js (a <script>, so it works from file://). */
(function () {
  "use strict";
  var input = document.getElementById("search-q");
  var list = document.getElementById("search-results");
  var status = document.getElementById("search-status");
  if (!input || !list || typeof MiniSearch === "undefined") { return; }
  var KIND = { paragraph: "Paragraph", claim: "Claim", actor: "Actor", theme: "Theme", source: "Source", stance: "Position", dispute: "Dispute" };
  var engine = new MiniSearch({
    fields: ["title", "text"],
    storeFields: ["kind", "title", "text", "url", "where"],
    searchOptions: { boost: { title: 2 }, prefix: true, fuzzy: 0.15, combineWith: "AND" }
  });
  engine.addAll(window.DOSSIER_DOCS || []);

  function escapeRegExp(s) { return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"); }

  /* A short excerpt around the first matched word, every matched word wrapped in <mark>. */
  function snippet(text, terms) {
    var pattern = new RegExp("(" + terms.map(escapeRegExp).sort(function (a, b) { return b.length - a.length; }).join("|") + ")", "gi");
    var first = text.search(pattern);
    var start = Math.max(0, first - 90);
    var end = Math.min(text.length, start + 260);
    var piece = (start > 0 ? "… " : "") + text.slice(start, end) + (end < text.length ? " …" : "");
    var out = document.createElement("p");
    out.className = "snippet";
    var last = 0;
    piece.replace(pattern, function (match, _g, offset) {
      out.appendChild(document.createTextNode(piece.slice(last, offset)));
      var mark = document.createElement("mark");
      mark.textContent = match;
      out.appendChild(mark);
      last = offset + match.length;
      return match;
    });
    out.appendChild(document.createTextNode(piece.slice(last)));
    return out;
  }

  function show(query) {
    list.textContent = "";
    var q = query.trim();
    if (!q) { status.textContent = "Type a word or a name: paragraphs, claims, actors and themes are searched."; return; }
    var results = engine.search(q);
    status.textContent = results.length === 0 ? "No results for “" + q + "”." :
      results.length + (results.length === 1 ? " result" : " results") + " for “" + q + "”" + (results.length > 60 ? ", the first 60 shown." : ".");
    results.slice(0, 60).forEach(function (r) {
      var li = document.createElement("li");
      li.className = "result result-" + r.kind;
      var label = document.createElement("span");
      label.className = "kind";
      label.textContent = KIND[r.kind] || r.kind;
      var a = document.createElement("a");
      a.href = r.url;
      a.textContent = r.title + (r.kind === "paragraph" ? " " + r.where : "");
      li.appendChild(label);
      li.appendChild(document.createTextNode(" "));
      li.appendChild(a);
      li.appendChild(snippet(r.text, r.terms));
      list.appendChild(li);
    });
    try { history.replaceState(null, "", "?q=" + encodeURIComponent(q)); } catch (e) { /* some file:// setups refuse; the search still works */ }
  }

  var timer = null;
  input.addEventListener("input", function () { clearTimeout(timer); timer = setTimeout(function () { show(input.value); }, 80); });
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
  show(initial);
}());
