/* Timelines: the card, the navigator, deep links (coursekit.timeline lays them out).
 *
 * A <figure class="ck-timeline"> holds a card (.ck-tl-card), a navigator (.ck-tl-nav) with one
 * button per event (id = the event's id), and a table of the events (row id
 * "<figure id>-<event id>"), the text alternative. In the book the table comes empty, with its
 * events' ids in details[data-events]; this script fills it from the events script that
 * details[data-src] names (ck-events-<concern>.js, into window.CK_EVENTS), which it loads at the
 * reader's first use of the timeline: another event (a tap, Previous/Next, a key, a swipe), the
 * card's "Summary and sources" button, the table opened, a link to an event, printing
 * (window.ckTimelinesLoad() returns a promise for all of them). Until then the card shows the
 * selected event's date and title, which the navigator carries, and is sized from
 * figure[data-longest] (the longest card's characters) so the navigator does not move when
 * the summaries arrive. In a live notebook the table comes filled and this script is inline,
 * at the end of the figure.
 *
 * Selecting an event (a tap, Previous/Next, the arrow keys, Home/End, a swipe on the card)
 * shows it on the card with its sources, marks it in the navigator and scrolls it into view,
 * and (in the book, not in a notebook) puts "#<event id>" in the address; opening
 * page.html#<event id> selects that event. The
 * figure then fires "ck:select" (detail.id) for whatever else shows events (maps).
 */
(function () {
  "use strict";

  function el(tag, text, attrs) {
    var node = document.createElement(tag);
    if (text != null) node.textContent = text;
    Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    return node;
  }

  function fillTable(figure, data) {
    var details = figure.querySelector("details.ck-timeline-table[data-events]");
    if (!details) return;
    var tbody = details.querySelector("tbody");
    if (tbody.rows.length) return;
    if (!data) throw new Error("timeline " + figure.id + ": its events script (data-src) is not loaded");
    details.getAttribute("data-events").split(" ").filter(Boolean).forEach(function (id) {
      var ev = data.events[id];
      if (!ev) throw new Error("timeline " + figure.id + ": no event " + id + " in its events script");
      var tr = el("tr", null, { id: figure.id + "-" + id });
      var when = el("td");
      when.appendChild(el("time", ev.date, { datetime: ev.iso }));
      var what = el("td");
      what.appendChild(el("b", ev.title, { "class": "ck-tl-t" }));
      what.appendChild(document.createTextNode(". "));
      what.appendChild(el("span", ev.summary, { "class": "ck-tl-s" }));
      if (ev.certainty) {
        what.appendChild(document.createTextNode(" "));
        what.appendChild(el("span", "(" + ev.certainty + ": " + ev.note + ")", { "class": "ck-uncertain" }));
      }
      var src = el("td");
      ev.sources.forEach(function (key, i) {
        var s = data.sources[key];
        if (!s) return;
        if (i) src.appendChild(document.createTextNode("; "));
        var label = s.publisher + ", \u201c" + s.title + "\u201d, " + s.date;
        src.appendChild(s.url ? el("a", label, { href: s.url }) : document.createTextNode(label));
      });
      tr.appendChild(when);
      tr.appendChild(what);
      tr.appendChild(src);
      tbody.appendChild(tr);
    });
  }

  /* Each events script once per page, whichever timeline asks first. */
  var loads = {};
  function loadScript(url) {
    if (!loads[url]) {
      loads[url] = new Promise(function (resolve, reject) {
        var s = document.createElement("script");
        s.src = url;
        s.onload = resolve;
        s.onerror = function () { delete loads[url]; s.remove(); reject(new Error("could not load " + url)); };
        document.head.appendChild(s);
      });
    }
    return loads[url];
  }

  function clones(nodes) {
    var frag = document.createDocumentFragment();
    Array.prototype.forEach.call(nodes, function (n) { frag.appendChild(n.cloneNode(true)); });
    return frag;
  }

  function Timeline(figure) {
    this.figure = figure;
    this.nav = figure.querySelector(".ck-tl-nav");
    this.markers = Array.prototype.slice.call(figure.querySelectorAll(".ck-tl-ev"));
    this.panel = figure.querySelector(".ck-timeline-detail");
    this.count = figure.querySelector(".ck-tl-count");
    this.prev = figure.querySelector(".ck-tl-prev");
    this.next = figure.querySelector(".ck-tl-next");
    this.table = figure.querySelector("details.ck-timeline-table");
    this.index = -1;
    this.floor = 0;  // the card's height before the summaries loaded: it never gets shorter
  }

  /* Whether the table (the card's source) holds the events' summaries and sources. */
  Timeline.prototype.ready = function () {
    return !this.table || this.table.querySelector("tbody").rows.length > 0;
  };

  /* Load the events script once, fill the table, size the card, show the selected event. */
  Timeline.prototype.load = function () {
    var self = this;
    if (this.ready()) return Promise.resolve(this);
    if (this.loading) return this.loading;
    var src = this.table.getAttribute("data-src");
    var more = this.panel.querySelector(".ck-tl-load");
    if (more) { more.disabled = true; more.textContent = "Loading\u2026"; }
    this.loading = loadScript(src).then(function () {
      fillTable(self.figure, window.CK_EVENTS);
      self.fitCard();
      if (self.index >= 0) self.show(self.index);
      return self;
    }, function (err) {
      self.loading = null;
      var b = self.panel.querySelector(".ck-tl-load");
      if (b) {
        b.disabled = false;
        b.textContent = "Could not load the summaries (offline?): try again";
      }
      throw err;
    });
    return this.loading;
  };

  /* The card before the summaries have loaded: the event's date and title (the navigator's),
     and a button that loads the rest. */
  Timeline.prototype.brief = function (i) {
    var self = this, m = this.markers[i], p = this.panel, t = m.querySelector(".ck-tl-date");
    p.textContent = "";
    var when = el("p", null, { "class": "ck-timeline-when" });
    when.appendChild(t.cloneNode(true));
    when.firstChild.removeAttribute("class");
    when.appendChild(el("span", " \u00b7 " + m.getAttribute("data-chapter"), { "class": "ck-tl-chapter" }));
    p.appendChild(when);
    p.appendChild(el("p", m.querySelector(".ck-tl-name").textContent, { "class": "ck-tl-headline" }));
    var more = el("button", "Summary and sources", { type: "button", "class": "ck-tl-load" });
    more.addEventListener("click", function () { self.load().catch(function () {}); });
    var wrap = el("p", null, { "class": "ck-tl-more" });
    wrap.appendChild(more);
    p.appendChild(wrap);
    p.appendChild(el("p", "The events' summaries and sources load when you first use the timeline " +
                     "(one file for the chapter, which your browser then keeps).", { "class": "ck-tl-note" }));
    p.classList.add("ck-has-detail");
  };

  Timeline.prototype.find = function (id) {
    for (var i = 0; i < this.markers.length; i++) if (this.markers[i].getAttribute("data-id") === id) return i;
    return -1;
  };

  Timeline.prototype.show = function (i) {
    var m = this.markers[i], id = m.getAttribute("data-id");
    var row = this.figure.querySelector("tr[id='" + this.figure.id + "-" + id + "']");
    if (!row) { this.brief(i); return; }
    var cells = row.querySelectorAll("td");
    var p = this.panel;
    p.textContent = "";
    var when = el("p", null, { "class": "ck-timeline-when" });
    when.appendChild(cells[0].firstChild.cloneNode(true));
    when.appendChild(el("span", " \u00b7 " + m.getAttribute("data-chapter"), { "class": "ck-tl-chapter" }));
    p.appendChild(when);
    var title = cells[1].querySelector(".ck-tl-t");
    p.appendChild(el("p", title ? title.textContent : "", { "class": "ck-tl-headline" }));
    var body = el("p", null, { "class": "ck-tl-summary" });
    var summary = cells[1].querySelector(".ck-tl-s");
    if (summary) body.appendChild(clones(summary.childNodes));
    var unsure = cells[1].querySelector(".ck-uncertain");
    if (unsure) { body.appendChild(document.createTextNode(" ")); body.appendChild(unsure.cloneNode(true)); }
    p.appendChild(body);
    var src = el("p", "Source: ", { "class": "ck-timeline-source" });
    src.appendChild(clones(cells[2].childNodes));
    p.appendChild(src);
    if (!this.inline) {  // a page of the book has an address to link to; a notebook has not
      var link = el("p", null, { "class": "ck-tl-permalink" });
      link.appendChild(el("a", "Link to this event", { href: "#" + id }));
      p.appendChild(link);
    }
    p.classList.add("ck-has-detail");
  };

  /* The card as tall as its tallest event (at most 60% of the screen, scrolling inside), so
     that the navigator below stays put while a reader steps from event to event. */
  Timeline.prototype.fitCard = function () {
    var card = this.figure.querySelector(".ck-tl-card");
    if (!card || !card.isConnected || !this.markers.length) return;
    card.style.minHeight = "";
    card.style.maxHeight = "";
    var tallest = 0;
    if (this.ready()) {
      for (var i = 0; i < this.markers.length; i++) {
        this.show(i);
        tallest = Math.max(tallest, card.offsetHeight);
      }
      tallest = Math.max(tallest, this.floor);
    } else {
      // no summaries yet: a card holding the longest card's characters in running text, with
      // a little more for safety (it overestimates: sources print smaller than the summary)
      var n = parseInt(this.figure.getAttribute("data-longest"), 10) || 0;
      this.brief(0);
      var words = "the course read what sources say ", text = "";
      while (text.length < n) text += words;
      var probe = el("p", text.slice(0, n), { "class": "ck-tl-summary" });
      this.panel.insertBefore(probe, this.panel.querySelector(".ck-tl-more"));
      tallest = this.floor = Math.ceil(card.offsetHeight * 1.03);
    }
    if (this.index >= 0) this.show(this.index);
    if (!tallest) return;
    var cap = Math.round(0.6 * window.innerHeight);
    card.style.minHeight = Math.min(tallest, cap) + "px";
    card.style.maxHeight = cap + "px";
    this.cardWidth = card.clientWidth;
  };

  Timeline.prototype.select = function (i, opts) {
    opts = opts || {};
    if (i < 0 || i >= this.markers.length) return;
    var old = this.markers[this.index];
    if (old) { old.removeAttribute("aria-current"); old.tabIndex = -1; }
    var m = this.markers[i];
    this.index = i;
    m.setAttribute("aria-current", "true");
    m.tabIndex = 0;
    this.show(i);
    this.count.textContent = (i + 1) + " of " + this.markers.length;
    this.prev.disabled = i === 0;
    this.next.disabled = i === this.markers.length - 1;
    // the selected marker in the middle of the navigator (scrolling the navigator only)
    var left = m.offsetLeft - (this.nav.clientWidth - m.offsetWidth) / 2;
    this.nav.scrollLeft = Math.max(0, left);
    if (opts.focus) m.focus({ preventScroll: true });
    if ((opts.link || opts.load) && !this.ready()) this.load().catch(function () {});
    if (opts.link && !this.inline && window.history && history.replaceState) {
      history.replaceState(history.state, "", "#" + m.getAttribute("data-id"));
    }
    this.figure.dispatchEvent(new CustomEvent("ck:select", { bubbles: true, detail: { id: m.getAttribute("data-id") } }));
  };

  Timeline.prototype.step = function (delta, opts) {
    this.select(Math.max(0, Math.min(this.markers.length - 1, this.index + delta)), opts);
  };

  Timeline.prototype.wire = function () {
    var self = this;
    this.markers.forEach(function (m, i) {
      m.addEventListener("click", function () { self.select(i, { link: true }); });
    });
    this.prev.addEventListener("click", function () { self.step(-1, { link: true }); });
    this.next.addEventListener("click", function () { self.step(1, { link: true }); });
    this.figure.addEventListener("keydown", function (e) {
      if (e.altKey || e.ctrlKey || e.metaKey) return;
      var t = e.target;
      var inNav = t.classList && (t.classList.contains("ck-tl-ev") || t === self.prev || t === self.next);
      if (!inNav) return;
      var to = { ArrowLeft: self.index - 1, ArrowRight: self.index + 1, Home: 0, End: self.markers.length - 1 }[e.key];
      if (to === undefined) return;
      e.preventDefault();
      self.select(Math.max(0, Math.min(self.markers.length - 1, to)),
                  { link: true, focus: t.classList.contains("ck-tl-ev") });
    });
    if (this.table) {
      this.table.addEventListener("toggle", function () {
        if (self.table.open) self.load().catch(function () {});
      });
    }
    var card = this.figure.querySelector(".ck-tl-card"), x0 = null, y0 = null;
    card.addEventListener("touchstart", function (e) {
      if (e.touches.length !== 1) { x0 = null; return; }
      x0 = e.touches[0].clientX; y0 = e.touches[0].clientY;
    }, { passive: true });
    card.addEventListener("touchend", function (e) {
      if (x0 === null || !e.changedTouches.length) return;
      var dx = e.changedTouches[0].clientX - x0, dy = e.changedTouches[0].clientY - y0;
      x0 = null;
      if (Math.abs(dx) > 50 && Math.abs(dx) > 1.5 * Math.abs(dy)) self.step(dx < 0 ? 1 : -1, { link: true });
    }, { passive: true });
  };

  function setup(figure, inline) {
    if (figure.ckTimeline) return figure.ckTimeline;
    var t = new Timeline(figure);
    if (!t.ready()) {  // its events already on the page (another timeline loaded them)?
      var data = window.CK_EVENTS, ids = t.table.getAttribute("data-events").split(" ").filter(Boolean);
      if (data && ids.every(function (id) { return data.events[id]; })) fillTable(figure, data);
    }
    t.inline = !!inline;
    if (!t.markers.length || !t.nav) return null;
    figure.ckTimeline = t;
    figure.classList.add("ck-tl-live");
    t.wire();
    t.fitCard();
    t.select(0);
    window.addEventListener("resize", function () {  // a turned phone: measure again
      var card = figure.querySelector(".ck-tl-card");
      if (card && card.clientWidth !== t.cardWidth) {
        if (t.ready()) t.floor = 0;
        t.fitCard();
      }
    });
    return t;
  }

  /* page.html#<event id> (or #<figure id>-<event id>, a table row) selects that event and
     brings its figure, card first, into view. The browser's own jump to the fragment (the
     marker) comes at load, after this script: the page's load scrolls to the card again. */
  function openFromHash(e) {
    var atLoad = e && e.type === "load";
    var id = decodeURIComponent((location.hash || "").slice(1));
    if (!id) return;
    document.querySelectorAll("figure.ck-timeline").forEach(function (figure) {
      var t = setup(figure);
      if (!t || t.inline) return;
      var key = id.indexOf(figure.id + "-") === 0 ? id.slice(figure.id.length + 1) : id;
      var i = t.find(key);
      if (i < 0 || (i === t.index && !atLoad)) return;
      if (i !== t.index) t.select(i, { load: true });
      else t.load().catch(function () {});
      figure.scrollIntoView({ block: "start" });
    });
  }

  function setupAll() {
    document.querySelectorAll("figure.ck-timeline").forEach(setup);
    openFromHash();
  }

  /* Every timeline's summaries (for printing, and for the PDF). */
  function loadAll() {
    var ts = [];
    document.querySelectorAll("figure.ck-timeline").forEach(function (f) {
      var t = setup(f);
      if (t) ts.push(t.load());
    });
    return Promise.all(ts);
  }

  if (!window.ckTimelineHash) {
    window.ckTimelineHash = true;
    window.ckTimelinesLoad = loadAll;
    window.addEventListener("hashchange", openFromHash);
    window.addEventListener("load", openFromHash);
    window.addEventListener("beforeprint", function () { loadAll().catch(function () {}); });
  }
  // inline at the end of its figure (a live notebook): set up that figure now, connected or
  // not, and leave the notebook's address alone
  var script = document.currentScript;
  var own = script && script.closest && script.closest("figure.ck-timeline");
  if (own) { setup(own, true); return; }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", setupAll);
  else setupAll();
})();
