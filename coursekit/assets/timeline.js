/* Timelines in the static book.
 *
 * A page's <figure class="ck-timeline"> holds the chart's spec (script.ck-timeline-spec) and
 * the ids of its events (details.ck-timeline-table[data-events]); each event's date, title,
 * summary and sources come from ck-events.js (window.CK_EVENTS), which all timeline pages
 * share. This script fills the table (row id "<figure id>-<event id>", the text alternative),
 * draws the chart with the book's own plotly.js, and shows an event's details and sources in
 * the panel when it is selected. Self-contained figures (a table already filled, a chart
 * already drawn) are only wired for selection.
 */
(function () {
  "use strict";

  function el(tag, text, attrs) {
    var node = document.createElement(tag);
    if (text != null) node.textContent = text;
    Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    return node;
  }

  function sourceNodes(keys, data) {
    var frag = document.createDocumentFragment();
    keys.forEach(function (key, i) {
      var s = data.sources[key];
      if (!s) return;
      if (i) frag.appendChild(document.createTextNode("; "));
      var label = s.publisher + ", \u201c" + s.title + "\u201d, " + s.date;
      frag.appendChild(s.url ? el("a", label, { href: s.url }) : document.createTextNode(label));
    });
    return frag;
  }

  function fillTable(figure, data) {
    var details = figure.querySelector("details.ck-timeline-table[data-events]");
    if (!details) return;
    var ids = details.getAttribute("data-events").split(" ").filter(Boolean);
    var tbody = details.querySelector("tbody");
    if (tbody.rows.length) return;
    ids.forEach(function (id) {
      var ev = data.events[id];
      if (!ev) throw new Error("timeline " + figure.id + ": no event " + id + " in ck-events.js");
      var tr = el("tr", null, { id: figure.id + "-" + id });
      var when = el("td");
      when.appendChild(el("time", ev.date, { datetime: ev.iso }));
      var what = el("td");
      what.appendChild(el("b", ev.title));
      what.appendChild(document.createTextNode(". " + ev.summary));
      if (ev.certainty) {
        what.appendChild(document.createTextNode(" "));
        what.appendChild(el("span", "(" + ev.certainty + ": " + ev.note + ")", { "class": "ck-uncertain" }));
      }
      var src = el("td");
      src.appendChild(sourceNodes(ev.sources, data));
      tr.appendChild(when);
      tr.appendChild(what);
      tr.appendChild(src);
      tbody.appendChild(tr);
    });
  }

  function showDetail(figure, eventId) {
    var row = document.getElementById(figure.id + "-" + eventId);
    var panel = figure.querySelector(".ck-timeline-detail");
    if (!row || !panel) return;
    var cells = row.querySelectorAll("td");
    panel.textContent = "";
    var when = el("p");
    when.className = "ck-timeline-when";
    when.appendChild(cells[0].firstChild.cloneNode(true));
    var what = el("p");
    Array.prototype.forEach.call(cells[1].childNodes, function (n) { what.appendChild(n.cloneNode(true)); });
    var src = el("p", "Source: ");
    src.className = "ck-timeline-source";
    Array.prototype.forEach.call(cells[2].childNodes, function (n) { src.appendChild(n.cloneNode(true)); });
    panel.appendChild(when);
    panel.appendChild(what);
    panel.appendChild(src);
    panel.classList.add("ck-has-detail");
  }

  function wire(figure, gd) {
    if (figure.dataset.ckWired || !gd || typeof gd.on !== "function") return;
    figure.dataset.ckWired = "1";
    gd.on("plotly_click", function (ev) {
      if (ev && ev.points && ev.points.length) showDetail(figure, ev.points[0].customdata[0]);
    });
  }

  function draw(figure) {
    var gd = figure.querySelector(".plotly-graph-div");
    var specNode = figure.querySelector("script.ck-timeline-spec");
    if (!specNode) { wire(figure, gd); return; }  // a self-contained figure: plotly drew it
    var data = window.CK_EVENTS;
    if (!data) throw new Error("timeline " + figure.id + ": ck-events.js is not loaded");
    fillTable(figure, data);
    if (figure.dataset.ckDrawn || !window.Plotly) return;
    figure.dataset.ckDrawn = "1";
    var spec = JSON.parse(specNode.textContent);
    spec.data.forEach(function (trace) {
      trace.customdata = trace.customdata.map(function (row) {
        var ev = data.events[row[0]];
        return [row[0], ev.date, ev.title, ev.certainty ? " (" + ev.certainty + ")" : ""];
      });
    });
    window.Plotly.newPlot(gd, spec.data, spec.layout, spec.config).then(function () {
      wire(figure, gd);
      if (window.ckChartTheme) window.ckChartTheme(gd);
    });
  }

  function drawAll() {
    document.querySelectorAll("figure.ck-timeline").forEach(draw);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", drawAll);
  } else {
    drawAll();
  }
  window.addEventListener("load", drawAll);
})();
