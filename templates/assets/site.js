/* On every page: "/" puts the cursor in the search box, and a page opened from a search result
   (page.html?hl=words#place) marks those words in that place, as the result's snippet did. Words match as
   search matches them: the start of a word, case and accents aside ("turkiye" marks "Türkiye"). */
(function () {
  "use strict";

  document.addEventListener("keydown", function (e) {
    var box = document.getElementById("site-q"), at = e.target;
    if (!box || e.key !== "/" || e.ctrlKey || e.metaKey || e.altKey) { return; }
    if (at && (at.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(at.tagName))) { return; }
    box.focus();
    e.preventDefault();
  });

  var hl = new URLSearchParams(window.location.search).get("hl");
  var id = "";
  try { id = decodeURIComponent(window.location.hash.slice(1)); } catch (err) { return; }
  var place = id && document.getElementById(id);
  var words = hl ? hl.toLowerCase().normalize("NFD").replace(/\p{M}/gu, "").match(/[\p{L}\p{N}]+/gu) : null;
  if (!place || !words) { return; }
  var escaped = words.map(function (w) { return w.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"); });
  escaped.sort(function (a, b) { return b.length - a.length; });
  var pattern = new RegExp("(?<![\\p{L}\\p{N}])(?:" + escaped.join("|") + ")[\\p{L}\\p{N}]*", "giu");

  var walker = document.createTreeWalker(place, NodeFilter.SHOW_TEXT), nodes = [];
  while (walker.nextNode()) { nodes.push(walker.currentNode); }
  nodes.forEach(function (node) {
    var text = node.data;
    var folded = text.normalize("NFD").replace(/\p{M}/gu, "");
    var source = folded.length === text.length ? folded : text; /* positions carry over only if folding kept them */
    var out = document.createDocumentFragment(), last = 0, found = false;
    source.replace(pattern, function (match, offset) {
      found = true;
      out.appendChild(document.createTextNode(text.slice(last, offset)));
      var mark = document.createElement("mark");
      mark.className = "search-hit";
      mark.textContent = text.slice(offset, offset + match.length);
      out.appendChild(mark);
      last = offset + match.length;
      return match;
    });
    if (!found) { return; }
    out.appendChild(document.createTextNode(text.slice(last)));
    node.parentNode.replaceChild(out, node);
  });
}());
