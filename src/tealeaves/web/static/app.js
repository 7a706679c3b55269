// tealeaves workbench: the little interactivity the pages need (no dependencies).
(function () {
  "use strict";
  // Network: highlight a node's neighbours on hover; filter the node list.
  var svg = document.getElementById("network");
  if (svg) {
    var lines = svg.querySelectorAll("line");
    var nodes = svg.querySelectorAll(".node");
    var byId = {};
    nodes.forEach(function (n) { byId[n.getAttribute("data-id")] = n; });
    var focus = function (id) {
      svg.classList.add("focus");
      byId[id] && byId[id].classList.add("hot");
      lines.forEach(function (l) {
        var a = l.getAttribute("data-a"), b = l.getAttribute("data-b");
        if (a === id || b === id) {
          l.classList.add("hot");
          byId[a] && byId[a].classList.add("hot");
          byId[b] && byId[b].classList.add("hot");
        }
      });
    };
    var clear = function () {
      svg.classList.remove("focus");
      svg.querySelectorAll(".hot").forEach(function (e) { e.classList.remove("hot"); });
    };
    nodes.forEach(function (n) {
      n.addEventListener("mouseenter", function () { focus(n.getAttribute("data-id")); });
      n.addEventListener("mouseleave", clear);
    });
    var list = document.getElementById("node-list");
    if (list) {
      list.querySelectorAll("li").forEach(function (li) {
        li.addEventListener("mouseenter", function () { focus(li.getAttribute("data-id")); });
        li.addEventListener("mouseleave", clear);
      });
    }
    var filter = document.getElementById("node-filter");
    if (filter && list) {
      filter.addEventListener("input", function () {
        var q = filter.value.toLowerCase();
        list.querySelectorAll("li").forEach(function (li) {
          li.hidden = q !== "" && li.textContent.toLowerCase().indexOf(q) < 0;
        });
      });
    }
  }
  // Article: scroll linked evidence into view and mark the spans inside it.
  var ev = document.getElementById("evidence");
  if (ev) {
    var start = parseInt(ev.getAttribute("data-start"), 10), end = parseInt(ev.getAttribute("data-end"), 10);
    var hit = null;
    document.querySelectorAll("[data-start]").forEach(function (el) {
      if (el === ev || hit) { return; }
      var s = parseInt(el.getAttribute("data-start"), 10);
      if (s >= start && s < end) { hit = el; }
    });
    if (hit) { hit.classList.add("tl-evidence-hit"); hit.scrollIntoView({ block: "center" }); }
  }
})();
