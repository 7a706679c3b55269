/* tealeaves report: layer switches, details panel, claim -> source lines.
   Reads finding data from the JSON block of each .tl-report; writes only
   textContent (never innerHTML), so article text cannot inject markup. */
(function () {
  "use strict";
  var SVG = "http://www.w3.org/2000/svg";

  function setup(root) {
    if (root.getAttribute("data-tl-ready")) { return; }
    root.setAttribute("data-tl-ready", "1");
    var dataEl = root.querySelector("script.tl-data");
    var F = dataEl ? JSON.parse(dataEl.textContent).findings : {};
    var article = root.querySelector(".tl-article");
    var svg = root.querySelector(".tl-lines");
    var details = root.querySelector(".tl-details-body");
    var selected = [];
    var focused = null;

    function visible(layer) { return root.classList.contains("tl-show-" + layer); }
    function segs(fid) { return article.querySelectorAll('[data-f~="' + fid + '"]'); }
    function each(list, fn) { Array.prototype.forEach.call(list, fn); }

    function hint(msg) {
      details.textContent = "";
      var p = document.createElement("p");
      p.className = "tl-hint";
      p.textContent = msg;
      details.appendChild(p);
    }

    function card(fid) {
      var f = F[fid];
      var box = document.createElement("div");
      box.className = "tl-card";
      box.style.borderLeftColor = f.color || "#999";
      var h = document.createElement("h4");
      h.textContent = f.title;
      box.appendChild(h);
      var dl = document.createElement("dl");
      var rows = f.fields.concat([["offsets", f.start + "–" + f.end]]);
      rows.forEach(function (kv) {
        var dt = document.createElement("dt");
        dt.textContent = kv[0];
        var dd = document.createElement("dd");
        dd.textContent = kv[1];
        dl.appendChild(dt);
        dl.appendChild(dd);
      });
      box.appendChild(dl);
      return box;
    }

    function select(fids) {
      selected.forEach(function (fid) { each(segs(fid), function (s) { s.classList.remove("tl-sel"); }); });
      selected = fids.filter(function (fid) { return F[fid]; });
      if (!selected.length) {
        hint("Click a highlight to see what it is and why.");
      } else {
        details.textContent = "";
        selected.forEach(function (fid) {
          details.appendChild(card(fid));
          each(segs(fid), function (s) { s.classList.add("tl-sel"); });
        });
      }
      drawLines();
    }

    article.addEventListener("click", function (ev) {
      var seg = ev.target.closest ? ev.target.closest(".tl-seg") : null;
      if (!seg) { select([]); return; }
      var fids = (seg.getAttribute("data-f") || "").split(" ").filter(function (fid) {
        return F[fid] && visible(F[fid].layer);
      });
      fids.sort(function (a, b) { return (F[a].end - F[a].start) - (F[b].end - F[b].start); });
      select(fids);
    });

    each(root.querySelectorAll("input[data-layer]"), function (box) {
      box.addEventListener("change", function () {
        root.classList.toggle("tl-show-" + box.getAttribute("data-layer"), box.checked);
        drawLines();
      });
    });

    each(root.querySelectorAll(".tl-actor-name"), function (btn) {
      btn.addEventListener("click", function () {
        var id = btn.getAttribute("data-actor");
        each(article.querySelectorAll(".tl-focus"), function (s) { s.classList.remove("tl-focus"); });
        each(root.querySelectorAll(".tl-actor.tl-on"), function (li) { li.classList.remove("tl-on"); });
        if (focused === id) { focused = null; return; }
        focused = id;
        btn.parentNode.classList.add("tl-on");
        var first = null;
        Object.keys(F).forEach(function (fid) {
          if (F[fid].type === "mention" && F[fid].actor === id) {
            each(segs(fid), function (s) { s.classList.add("tl-focus"); first = first || s; });
          }
        });
        if (first) { first.scrollIntoView({ block: "center", behavior: "smooth" }); }
      });
    });

    // Links from the tables (#tl-fN) select the finding they point to.
    document.addEventListener("click", function (ev) {
      var a = ev.target.closest ? ev.target.closest('a[href^="#tl-f"]') : null;
      if (!a) { return; }
      var fid = a.getAttribute("href").slice(4);
      if (!F[fid]) { return; }
      var box = root.querySelector('input[data-layer="' + F[fid].layer + '"]');
      if (box && !box.checked) { box.checked = true; root.classList.add("tl-show-" + F[fid].layer); }
      select([fid]);
    });

    function point(el, base, mid) {
      var r = el.getClientRects()[0] || el.getBoundingClientRect();
      return { x: r.left - base.left + (mid ? r.width / 2 : 2), y: r.top - base.top + 3 };
    }

    function drawLines() {
      while (svg.firstChild) { svg.removeChild(svg.firstChild); }
      if (!visible("claims")) { return; }
      var base = svg.getBoundingClientRect();
      Object.keys(F).forEach(function (fid) {
        var f = F[fid];
        if (f.type !== "claim" || !f.src) { return; }
        var a = article.querySelector('[data-f~="' + fid + '"]');
        var b = article.querySelector('[data-f~="' + f.src + '"]');
        if (!a || !b) { return; }
        var p = point(a, base, false), q = point(b, base, true);
        var lift = Math.min(46, 14 + Math.abs(q.x - p.x) * 0.06 + Math.abs(q.y - p.y) * 0.08);
        var path = document.createElementNS(SVG, "path");
        path.setAttribute("d", "M" + p.x + "," + p.y + " C" + p.x + "," + (p.y - lift) + " " +
          q.x + "," + (q.y - lift) + " " + q.x + "," + q.y);
        path.setAttribute("stroke", f.color || "#555");
        var cls = f.dashed ? "tl-dashed" : "";
        if (selected.indexOf(fid) >= 0 || selected.indexOf(f.src) >= 0) { cls += " tl-active"; }
        path.setAttribute("class", cls);
        svg.appendChild(path);
        var dot = document.createElementNS(SVG, "circle");
        dot.setAttribute("cx", q.x);
        dot.setAttribute("cy", q.y);
        dot.setAttribute("r", 2.5);
        dot.setAttribute("fill", f.color || "#555");
        svg.appendChild(dot);
      });
    }

    var pending = false;
    window.addEventListener("resize", function () {
      if (pending) { return; }
      pending = true;
      window.requestAnimationFrame(function () { pending = false; drawLines(); });
    });
    if (document.fonts && document.fonts.ready) { document.fonts.ready.then(drawLines); }
    drawLines();
  }

  function init() { Array.prototype.forEach.call(document.querySelectorAll(".tl-report"), setup); }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", init); } else { init(); }
  window.tealeavesReport = { init: init };
})();
