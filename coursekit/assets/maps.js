/* Maps in the book and in live notebooks (coursekit.maps): a tap, a click or Enter on a place
 * lists its events in the card below the map (date, title, sources, and a link that shows the
 * event on the chapter's timeline); arrow keys move between places (one tab stop for the map).
 * When a timeline on the page selects an event ("ck:select"), the map marks that event's place
 * and opens its card. The table (the text alternative) holds the data: one row per event, with
 * data-event and data-place (the ids of its places on the map, space-separated); on a numbered
 * map the row's header cell is the event's number. The book's table names the sources; the
 * card links them from the page's timeline data where there is one.
 * A map with periods has its table grouped by period (tbody[data-period], data-span): this
 * script puts a row of buttons above the map, All and one per period (aria-pressed), shows
 * only the markers of the chosen period's events, and says in a live region "N places,
 * M events, <period>". Without script, and on paper, the map shows every place and the
 * grouped table tells the periods. A map with groups (coursekit.maps, groups=) is the same
 * story with groups chosen by hand (figure[data-noun] names them: "Show a warning"): an event
 * may be in several groups, a row in each group's tbody, and All counts it once. A group with
 * no event drawn has no data-span. Idempotent: a map is wired once.
 */
(function () {
  "use strict";

  function el(tag, text, attrs) {
    var n = document.createElement(tag);
    if (text) n.textContent = text;
    Object.keys(attrs || {}).forEach(function (k) { n.setAttribute(k, attrs[k]); });
    return n;
  }

  function plural(n, word) { return n + " " + word + (n === 1 ? "" : "s"); }

  function placesOf(row) { return (row.getAttribute("data-place") || "").split(" ").filter(Boolean); }

  function EventMap(figure) {
    this.figure = figure;
    this.points = Array.prototype.slice.call(figure.querySelectorAll(".ck-map-pt"));
    this.rows = Array.prototype.slice.call(figure.querySelectorAll("tr[data-event]"));
    this.groups = Array.prototype.slice.call(figure.querySelectorAll("tbody[data-period]"));
    this.card = figure.querySelector(".ck-map-card");
    this.prompt = this.card.innerHTML;
    // a place's name as the marker gives it ("Kidal", or "4. Kidal" on a numbered map)
    this.names = this.points.map(function (p) { return (p.getAttribute("aria-label") || "").split(":")[0]; });
    this.period = null;  // the tbody of the period (or group) shown; null: all of them
    this.noun = figure.getAttribute("data-noun") || "period";
    this.index = -1;
  }

  /* The rows of the period shown; when none is chosen, all rows, each event once (a map with
   * groups lists an event under each of its groups). */
  EventMap.prototype.current = function () {
    var g = this.period, seen = {};
    return this.rows.filter(function (r) {
      if (g) return r.parentNode === g;
      var id = r.getAttribute("data-event");
      if (seen[id]) return false;
      seen[id] = true;
      return true;
    });
  };

  EventMap.prototype.visible = function (i) {
    return !this.points[i].classList.contains("ck-map-off");
  };

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
    var rows = this.current().filter(function (r) { return placesOf(r).indexOf(pid) >= 0; });
    card.appendChild(el("p", this.names[i] + " \u00b7 " + plural(rows.length, "event"),
                        { "class": "ck-map-place" }));
    var list = el("ul");
    rows.forEach(function (r) {
      var cells = r.querySelectorAll("td"), li = el("li"), num = r.querySelector("th");
      var eid = r.getAttribute("data-event");
      if (eid === eventId) li.className = "ck-map-chosen";
      li.appendChild(el("span", (num ? num.textContent + ". " : "") + cells[1].textContent + ": "));
      li.appendChild(el("span", cells[2].textContent));
      li.appendChild(self.sources(eid, cells[3]));
      if (self.timelineHas(eid)) {
        li.appendChild(el("a", "Show on the timeline", { href: "#" + eid, "class": "ck-map-to-tl" }));
      }
      list.appendChild(li);
    });
    card.appendChild(list);
    // the sources link once the page's timeline has its events (loaded at a reader's first
    // use of the timeline or, as here, of the map): then the card is drawn again
    var data = window.CK_EVENTS, unlinked = rows.some(function (r) {
      var id = r.getAttribute("data-event");
      return self.timelineHas(id) && !(data && data.events && data.events[id]);
    });
    if (unlinked && window.ckTimelinesLoad) {
      window.ckTimelinesLoad().then(function () {
        if (self.index === i && card.contains(list)) self.show(i, eventId);
      }).catch(function () {});
    }
  };

  /* "Sources: ..." for the card: the table's cell, whose sources the live notebook links; the
   * book's table names them only (publisher, date), and the page's timeline data, once loaded
   * (window.CK_EVENTS: events[id].sources, sources[key] with publisher, date, url) links them. */
  EventMap.prototype.sources = function (eid, cell) {
    var src = el("span", null, { "class": "ck-map-src" }), data = window.CK_EVENTS;
    var ev = !cell.querySelector("a") && data && data.events && data.sources && data.events[eid];
    src.appendChild(document.createTextNode("Sources: "));
    if (ev && ev.sources && ev.sources.length) {
      ev.sources.forEach(function (k, i) {
        var s = data.sources[k] || {}, text = [s.publisher || k, s.date].filter(Boolean).join(", ");
        if (i) src.appendChild(document.createTextNode("; "));
        src.appendChild(s.url ? el("a", text, { href: s.url }) : document.createTextNode(text));
      });
    } else {
      Array.prototype.forEach.call(cell.childNodes, function (n) { src.appendChild(n.cloneNode(true)); });
    }
    return src;
  };

  EventMap.prototype.timelineHas = function (eid) {
    return !!document.querySelector("figure.ck-timeline .ck-tl-ev[data-id='" + eid + "']");
  };

  /* Show one period (a tbody[data-period]) or, with null, all of them. */
  EventMap.prototype.choose = function (group) {
    var self = this, rows, shown = {}, first = -1, events = 0;
    this.period = group;
    rows = this.current();
    rows.forEach(function (r) {
      var ps = placesOf(r);
      if (ps.length) events += 1;
      ps.forEach(function (p) { shown[p] = (shown[p] || 0) + 1; });
    });
    this.points.forEach(function (p, j) {
      var n = shown[p.getAttribute("data-place")] || 0;
      p.classList.toggle("ck-map-off", !n);
      p.setAttribute("aria-label", self.names[j] + ": " + plural(n || 0, "event"));
      p.setAttribute("tabindex", "-1");
      if (n && first < 0) first = j;
    });
    this.buttons.forEach(function (b) {
      b.setAttribute("aria-pressed", (b.ckGroup || null) === group ? "true" : "false");
    });
    var span = group && group.getAttribute("data-span");
    var what = group ? group.getAttribute("data-period") + (span ? " (" + span + ")" : "")
                     : "all " + this.noun + "s";
    this.status.textContent = plural(Object.keys(shown).length, "place") + ", " +
      plural(events, "event") + ", " + what;
    if (this.index >= 0 && this.visible(this.index)) {
      this.show(this.index);
    } else {
      this.index = -1;
      this.points.forEach(function (p) { p.classList.remove("ck-map-on"); p.removeAttribute("aria-pressed"); });
      this.card.innerHTML = this.prompt;
      if (first >= 0) this.points[first].setAttribute("tabindex", "0");
    }
  };

  /* The row of period buttons above the map, and the live region that says what it shows. */
  EventMap.prototype.periodButtons = function () {
    var self = this, bar = el("div", null, { "class": "ck-map-periods", role: "group",
                                             "aria-label": "Show a " + this.noun });
    this.buttons = [null].concat(this.groups).map(function (g) {
      var b = el("button", g ? g.getAttribute("data-period") : "All",
                 { type: "button", "aria-pressed": g ? "false" : "true" });
      b.ckGroup = g;
      b.addEventListener("click", function () { self.choose(g); });
      bar.appendChild(b);
      return b;
    });
    this.status = el("p", null, { "class": "ck-map-status", "aria-live": "polite" });
    var svg = this.figure.querySelector("svg.ck-map-svg");
    svg.parentNode.insertBefore(bar, svg);
    svg.parentNode.insertBefore(this.status, svg);
    this.choose(null);
  };

  EventMap.prototype.wire = function () {
    var self = this;
    this.buttons = [];
    this.figure.addEventListener("click", function (e) {
      var pt = e.target.closest && e.target.closest(".ck-map-pt");
      if (pt) { self.show(self.points.indexOf(pt)); pt.focus({ preventScroll: true }); }
    });
    this.figure.addEventListener("keydown", function (e) {
      var pt = e.target.closest && e.target.closest(".ck-map-pt");
      if (!pt) return;
      var i = self.points.indexOf(pt);
      if (e.key === "Enter" || e.key === " ") { e.preventDefault(); self.show(i); return; }
      // the markers shown (a period's), in order
      var on = self.points.map(function (p, j) { return j; }).filter(function (j) { return self.visible(j); });
      var k = on.indexOf(i);
      var to = { ArrowRight: k + 1, ArrowDown: k + 1, ArrowLeft: k - 1, ArrowUp: k - 1,
                 Home: 0, End: on.length - 1 }[e.key];
      if (to === undefined || !on.length) return;
      e.preventDefault();
      to = on[Math.max(0, Math.min(on.length - 1, to))];
      self.points.forEach(function (p, j) { p.setAttribute("tabindex", j === to ? "0" : "-1"); });
      self.points[to].focus();
      self.show(to);
    });
    // the chapter's timeline selected an event: mark its place (in its period), open its card
    document.addEventListener("ck:select", function (e) {
      var id = e.detail && e.detail.id;
      var rows = self.rows.filter(function (r) { return r.getAttribute("data-event") === id; });
      // its row in the period (group) shown, if it has one there; else its first
      var row = rows.filter(function (r) { return r.parentNode === self.period; })[0] || rows[0];
      if (!row || !placesOf(row).length) return;
      if (self.period && row.parentNode !== self.period) self.choose(row.parentNode);
      var ps = placesOf(row), i = -1;
      self.points.forEach(function (p, j) { if (i < 0 && ps.indexOf(p.getAttribute("data-place")) >= 0) i = j; });
      if (i >= 0) self.show(i, id);
    });
    if (this.points.length) this.points[0].setAttribute("tabindex", "0");
    if (this.groups.length) this.periodButtons();
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
