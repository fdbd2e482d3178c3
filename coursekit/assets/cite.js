/* Citations in place: a tap on a footnote mark, or on a date, figure or quotation drawn from the
 * course data, opens a pop-up beside the text with the source(s) it rests on; the page does not
 * jump to the reference list.
 *
 * A footnote mark (a.footnote-reference) points at its reference (aside.footnote#footcite-KEY).
 * A date, figure or quotation (span.ck-cites, coursekit.sphinxext's {date}, {value} and {quote}
 * roles) names its sources by class, "ck-src--KEY"; the pop-up shows those references as the
 * page's list has them. Escape, the Close button or a tap elsewhere closes it, and focus goes
 * back to what opened it. Without this script, the marks are links to the list as before.
 * Under each source, the pop-up shows the evidence the course keeps for the claim (the source's
 * own words, where they are, when they were checked), or says that none is recorded yet.
 */
(function () {
  "use strict";

  var pop = null, opener = null, EV = null;  // EV: a promise of the page's evidence
  var MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
                "September", "October", "November", "December"];

  /* The page's evidence (coursekit.sphinxext writes it as a JSON file of the page's own, named
   * by #ck-evidence's data-src): for each record a role prints, and for each footnote mark
   * (class ck-ev--N), what the source says and where. Fetched once, at the first tap; null
   * when it cannot be had (offline before the page's evidence was ever loaded). */
  function evidence() {
    if (EV === null) {
      var tag = document.getElementById("ck-evidence");
      var src = tag && tag.getAttribute("data-src");
      if (!src) {
        var inline = {};
        try { inline = tag ? JSON.parse(tag.textContent || "{}") : {}; } catch (err) { inline = {}; }
        EV = Promise.resolve(inline);
      } else {
        EV = fetch(src).then(function (r) { return r.ok ? r.json() : null; })
          .catch(function () { return null; });
      }
    }
    return EV;
  }

  function evidenceFor(ev, node) {
    var out = null;
    Array.prototype.forEach.call(node.classList, function (c) {
      if (c.indexOf("ck-ev--") === 0) out = (ev.fn || [])[+c.slice(7)] || [];
      else if (c.indexOf("ck-rec--") === 0 && out === null) out = (ev.rec || {})[c.slice(8)] || [];
    });
    return out || [];
  }

  function longDate(iso) {
    var p = (iso || "").split("-");
    return p.length === 3 ? (+p[2]) + " " + MONTHS[+p[1] - 1] + " " + p[0] : iso;
  }

  function para(cls, text) {
    var el = document.createElement("p");
    el.className = cls;
    el.textContent = text;
    return el;
  }

  /* What one source says in support: its words (in their language), our translation, where
   * they are and when they were checked; or why the audit could not quote it. */
  function showEvidence(li, entries) {
    entries.forEach(function (e) {
      var box = document.createElement("div");
      box.className = "ck-ev";
      if (e.quote) {
        var q = document.createElement("blockquote");
        q.className = "ck-ev-quote";
        q.setAttribute("lang", e.lang || "en");
        q.textContent = "\u201c" + e.quote + "\u201d";
        box.appendChild(q);
        if (e.translation) box.appendChild(para("ck-ev-tr", "Our translation: " + e.translation));
      } else if (e.unverified) {
        box.appendChild(para("ck-ev-unverified", "Not verified: " + e.unverified));
      }
      var where = [];
      if (e.supports) where.push("Supports " + e.supports);
      if (e.at) where.push(e.at.charAt(0).toUpperCase() + e.at.slice(1));
      where.push("checked " + longDate(e.checked));
      box.appendChild(para("ck-ev-at", where.join(" \u00b7 ")));
      li.appendChild(box);
    });
  }

  function refFor(key) {
    var aside = document.getElementById("footcite-" + key);
    return aside && aside.querySelector("p");
  }

  function keysOf(node) {
    if (node.classList.contains("footnote-reference")) {
      var href = node.getAttribute("href") || "";
      return href.indexOf("#footcite-") === 0 ? [decodeURIComponent(href.slice(10))] : [];
    }
    return Array.prototype.filter.call(node.classList, function (c) { return c.indexOf("ck-src--") === 0; })
      .map(function (c) { return c.slice(8); });
  }

  function close(refocus) {
    if (!pop) return;
    pop.remove();
    pop = null;
    if (opener) {
      if (opener.classList.contains("ck-cites")) opener.setAttribute("aria-expanded", "false");
      if (refocus) opener.focus({ preventScroll: true });
    }
    opener = null;
  }

  function place(box, anchor) {
    var r = anchor.getBoundingClientRect(), gap = 6;
    var width = Math.min(window.innerWidth - 16, 416);
    box.style.width = width + "px";
    var left = Math.max(8, Math.min(r.left + r.width / 2 - width / 2, window.innerWidth - width - 8));
    box.style.maxHeight = "";
    var h = box.offsetHeight;
    var below = r.bottom + gap + h <= window.innerHeight, above = r.top - gap - h >= 0;
    if (!below && !above) {  // too tall for either side: the roomier side, scrolling inside
      var room = { below: window.innerHeight - r.bottom - gap - 8, above: r.top - gap - 8 };
      below = room.below >= room.above;
      box.style.maxHeight = Math.max(120, below ? room.below : room.above) + "px";
      h = box.offsetHeight;
    }
    var top = below ? r.bottom + gap : r.top - gap - h;
    box.style.left = (left + window.scrollX) + "px";
    box.style.top = (top + window.scrollY) + "px";
    box.classList.toggle("ck-cite-above", !below);
  }

  function open(anchor) {
    var same = opener === anchor;
    close(false);
    if (same) return;
    var keys = keysOf(anchor);
    var box = document.createElement("div");
    box.className = "ck-cite-pop";
    box.setAttribute("role", "dialog");
    box.setAttribute("aria-label", "Source");
    box.tabIndex = -1;
    if (!anchor.classList.contains("footnote-reference")) {
      var what = document.createElement("p");
      what.className = "ck-cite-what";
      what.textContent = anchor.textContent;
      box.appendChild(what);
    }
    var head = document.createElement("p");
    head.className = "ck-cite-head";
    head.textContent = keys.length > 1 ? "Sources" : "Source";
    box.appendChild(head);
    var list = document.createElement("ul"), items = {};
    keys.forEach(function (key) {
      var li = document.createElement("li"), ref = refFor(key);
      var cite = document.createElement("div");
      cite.className = "ck-ev-ref";
      if (ref) Array.prototype.forEach.call(ref.childNodes, function (n) { cite.appendChild(n.cloneNode(true)); });
      else cite.textContent = key;
      li.appendChild(cite);
      items[key] = li;
      list.appendChild(li);
    });
    box.appendChild(list);
    var status = para("ck-ev-none", "Loading the passage this rests on\u2026");
    status.setAttribute("aria-live", "polite");
    box.appendChild(status);
    evidence().then(function (ev) {
      if (pop !== box) return;  // closed meanwhile
      if (ev === null) {
        status.textContent = "The passage this rests on could not be loaded (no connection?); the source is above.";
        return;
      }
      var found = evidenceFor(ev, anchor), shown = 0;
      keys.forEach(function (key) {
        var mine = found.filter(function (e) { return e.source === key; });
        shown += mine.length;
        showEvidence(items[key], mine);
      });
      if (shown) status.remove();
      else status.textContent = "The passage this rests on has not been recorded yet.";
      place(box, anchor);
    });
    var foot = document.createElement("p");
    foot.className = "ck-cite-foot";
    var all = document.createElement("a");
    var first = keys.length && document.getElementById("footcite-" + keys[0]);
    all.href = first ? "#" + first.id : "#";
    all.textContent = "In the page's references";
    foot.appendChild(all);
    var shut = document.createElement("button");
    shut.type = "button";
    shut.className = "ck-cite-close";
    shut.textContent = "Close";
    shut.addEventListener("click", function () { close(true); });
    foot.appendChild(shut);
    box.appendChild(foot);
    document.body.appendChild(box);
    pop = box;
    opener = anchor;
    if (anchor.classList.contains("ck-cites")) anchor.setAttribute("aria-expanded", "true");
    place(box, anchor);
    box.focus({ preventScroll: true });
  }

  function isTrigger(node) {
    return node && node.closest && node.closest("article a.footnote-reference, article .ck-cites");
  }

  document.addEventListener("click", function (e) {
    var t = isTrigger(e.target);
    if (t) { e.preventDefault(); open(t); return; }
    if (pop && !pop.contains(e.target)) close(false);
  });
  document.addEventListener("keydown", function (e) {
    if (e.key === "Escape" && pop) { e.preventDefault(); close(true); return; }
    var t = isTrigger(e.target);
    if (t && t.classList.contains("ck-cites") && (e.key === "Enter" || e.key === " ")) {
      e.preventDefault();
      open(t);
    }
  });
  window.addEventListener("resize", function () { if (pop && opener) place(pop, opener); });

  function mark() {
    document.querySelectorAll("article .ck-cites").forEach(function (s) {
      s.setAttribute("role", "button");
      s.setAttribute("tabindex", "0");
      s.setAttribute("aria-haspopup", "dialog");
      s.setAttribute("aria-expanded", "false");
    });
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", mark);
  else mark();
})();
