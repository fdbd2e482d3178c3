/* Maps in the book and in live notebooks (coursekit.maps): a tap, a click or Enter on a place
 * lists its events in the card below the map (date, title, sources, and a link that shows the
 * event on the chapter's timeline); arrow keys move between places (one tab stop for the map).
 * When a timeline on the page selects an event ("ck:select"), the map marks that event's place
 * and opens its card. The table (the text alternative) holds the data: rows with data-place
 * and data-event. Idempotent: a map is wired once.
 */
(function () {
  "use strict";

  function el(tag, text, attrs) {
    var n = document.createElement(tag);
    if (text) n.textContent = text;
    Object.keys(attrs || {}).forEach(function (k) { n.setAttribute(k, attrs[k]); });
    return n;
  }

  function EventMap(figure) {
    this.figure = figure;
    this.points = Array.prototype.slice.call(figure.querySelectorAll(".ck-map-pt"));
    this.rows = Array.prototype.slice.call(figure.querySelectorAll("tr[data-place]"));
    this.card = figure.querySelector(".ck-map-card");
    this.index = -1;
  }

  EventMap.prototype.show = function (i, eventId) {
    var pt = this.points[i], pid = pt.getAttribute("data-place"), self = this;
    this.points.forEach(function (p, j) {
      p.classList.toggle("ck-map-on", j === i);
      p.setAttribute("tabindex", j === i ? "0" : "-1");
      p.setAttribute("aria-pressed", j === i ? "true" : "false");
    });
    this.index = i;
    var card = this.card;
    card.textContent = "";
    var rows = this.rows.filter(function (r) { return r.getAttribute("data-place") === pid; });
    var name = (pt.getAttribute("aria-label") || "").split(":")[0];
    card.appendChild(el("p", name + " \u00b7 " + rows.length + (rows.length > 1 ? " events" : " event"),
                        { "class": "ck-map-place" }));
    var list = el("ul");
    rows.forEach(function (r) {
      var cells = r.querySelectorAll("td"), li = el("li");
      var eid = r.getAttribute("data-event");
      if (eid === eventId) li.className = "ck-map-chosen";
      li.appendChild(el("span", cells[1].textContent + ": "));
      li.appendChild(el("span", cells[2].textContent));
      var src = el("span", null, { "class": "ck-map-src" });
      src.appendChild(document.createTextNode("Sources: "));
      Array.prototype.forEach.call(cells[3].childNodes, function (n) { src.appendChild(n.cloneNode(true)); });
      li.appendChild(src);
      if (self.timelineHas(eid)) {
        li.appendChild(el("a", "Show on the timeline", { href: "#" + eid, "class": "ck-map-to-tl" }));
      }
      list.appendChild(li);
    });
    card.appendChild(list);
  };

  EventMap.prototype.timelineHas = function (eid) {
    return !!document.querySelector("figure.ck-timeline .ck-tl-ev[data-id='" + eid + "']");
  };

  EventMap.prototype.wire = function () {
    var self = this;
    this.figure.addEventListener("click", function (e) {
      var pt = e.target.closest && e.target.closest(".ck-map-pt");
      if (pt) { self.show(self.points.indexOf(pt)); pt.focus({ preventScroll: true }); }
    });
    this.figure.addEventListener("keydown", function (e) {
      var pt = e.target.closest && e.target.closest(".ck-map-pt");
      if (!pt) return;
      var i = self.points.indexOf(pt);
      if (e.key === "Enter" || e.key === " ") { e.preventDefault(); self.show(i); return; }
      var to = { ArrowRight: i + 1, ArrowDown: i + 1, ArrowLeft: i - 1, ArrowUp: i - 1,
                 Home: 0, End: self.points.length - 1 }[e.key];
      if (to === undefined) return;
      e.preventDefault();
      to = Math.max(0, Math.min(self.points.length - 1, to));
      self.points.forEach(function (p, j) { p.setAttribute("tabindex", j === to ? "0" : "-1"); });
      self.points[to].focus();
      self.show(to);
    });
    // the chapter's timeline selected an event: mark its place, open its card
    document.addEventListener("ck:select", function (e) {
      var id = e.detail && e.detail.id;
      var row = self.rows.filter(function (r) { return r.getAttribute("data-event") === id; })[0];
      if (!row) return;
      var i = -1;
      self.points.forEach(function (p, j) { if (p.getAttribute("data-place") === row.getAttribute("data-place")) i = j; });
      if (i >= 0) self.show(i, id);
    });
    if (this.points.length) this.points[0].setAttribute("tabindex", "0");
  };

  function setup(figure) {
    if (figure.ckMap) return figure.ckMap;
    var m = new EventMap(figure);
    figure.ckMap = m;
    figure.classList.add("ck-map-live");
    m.wire();
    return m;
  }

  var script = document.currentScript;
  var own = script && script.closest && script.closest("figure.ck-map");
  if (own) { setup(own); return; }
  function setupAll() { document.querySelectorAll("figure.ck-map").forEach(setup); }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", setupAll);
  else setupAll();
})();
