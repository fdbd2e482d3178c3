/* Self-check progress in the static book, kept in this browser only (localStorage).
 *
 * quiz.js announces each checked answer ("ck-checked") and each reset ("ck-reset"); this file
 * keeps every attempt at a question (its answer, whether it was right, its time: the first
 * attempt and the latest MAX_ATTEMPTS - 1), puts the current answer back when the page loads,
 * and shows a progress bar (answered / correct on this page) with two buttons: reset this
 * page's answers, and download a record of every self-check attempt in the course (a small
 * JSON file a student can hand to an instructor, read by `coursekit selfcheck`). Nothing is
 * ever sent anywhere.
 *
 * The record carries a SHA-256 checksum of its canonical JSON (keys sorted, no spaces, UTF-8;
 * the same as coursekit.selfcheck.checksum in Python). A static page can keep no secret, so
 * the checksum only shows that a file was changed by hand after it was downloaded; anyone can
 * recompute it. A self-check record is practice, never an exam.
 *
 * Stored per question (key PREFIX + id): {kind, page, response, correct, at, attempts: [{response,
 * correct, at}], dropped}; response is null after Try again. Entries saved by earlier versions
 * ({kind, correct, response, page, at}) are read as one attempt.
 */
(function () {
  "use strict";

  var PREFIX = "after-minusma:quiz:";
  var META = "after-minusma:self-check:";  // the reader's name and this browser's random id
  var MAX_ATTEMPTS = 50;
  var NOTE = "A self-check record, not an exam: the answers a reader gave to the book's practice " +
    "questions, kept in their own browser. The checksum shows only whether this file was changed " +
    "after it was downloaded; it cannot prove who answered, and it can be recomputed by anyone.";

  /* ------------------------------------------------------------------ SHA-256 (FIPS 180-4) */

  var K = [
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
    0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
    0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
    0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
    0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
    0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
    0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
    0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2];

  function utf8(text) {
    var out = [];
    for (var i = 0; i < text.length; i++) {
      var c = text.charCodeAt(i);
      if (c >= 0xd800 && c < 0xdc00 && i + 1 < text.length) {
        var d = text.charCodeAt(i + 1);
        if (d >= 0xdc00 && d < 0xe000) { c = 0x10000 + ((c - 0xd800) << 10) + (d - 0xdc00); i++; }
      }
      if (c < 0x80) out.push(c);
      else if (c < 0x800) out.push(0xc0 | (c >> 6), 0x80 | (c & 63));
      else if (c < 0x10000) out.push(0xe0 | (c >> 12), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63));
      else out.push(0xf0 | (c >> 18), 0x80 | ((c >> 12) & 63), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63));
    }
    return out;
  }

  function sha256(text) {
    var bytes = utf8(text), n = bytes.length;
    bytes.push(0x80);
    while (bytes.length % 64 !== 56) bytes.push(0);
    var bits = n * 8;
    for (var s = 7; s >= 0; s--) bytes.push(s >= 4 ? Math.floor(bits / Math.pow(2, 8 * s)) & 255 : (bits >>> (8 * s)) & 255);
    var h = [0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19];
    var w = new Array(64);
    function rotr(x, r) { return (x >>> r) | (x << (32 - r)); }
    for (var off = 0; off < bytes.length; off += 64) {
      for (var t = 0; t < 16; t++) {
        w[t] = (bytes[off + 4 * t] << 24) | (bytes[off + 4 * t + 1] << 16) | (bytes[off + 4 * t + 2] << 8) | bytes[off + 4 * t + 3];
      }
      for (t = 16; t < 64; t++) {
        var s0 = rotr(w[t - 15], 7) ^ rotr(w[t - 15], 18) ^ (w[t - 15] >>> 3);
        var s1 = rotr(w[t - 2], 17) ^ rotr(w[t - 2], 19) ^ (w[t - 2] >>> 10);
        w[t] = (w[t - 16] + s0 + w[t - 7] + s1) | 0;
      }
      var a = h[0], b = h[1], c = h[2], d = h[3], e = h[4], f = h[5], g = h[6], k = h[7];
      for (t = 0; t < 64; t++) {
        var t1 = (k + (rotr(e, 6) ^ rotr(e, 11) ^ rotr(e, 25)) + ((e & f) ^ (~e & g)) + K[t] + w[t]) | 0;
        var t2 = ((rotr(a, 2) ^ rotr(a, 13) ^ rotr(a, 22)) + ((a & b) ^ (a & c) ^ (b & c))) | 0;
        k = g; g = f; f = e; e = (d + t1) | 0; d = c; c = b; b = a; a = (t1 + t2) | 0;
      }
      h = [h[0] + a, h[1] + b, h[2] + c, h[3] + d, h[4] + e, h[5] + f, h[6] + g, h[7] + k].map(function (x) { return x | 0; });
    }
    return h.map(function (x) { return ("00000000" + (x >>> 0).toString(16)).slice(-8); }).join("");
  }

  /* JSON with keys sorted and no spaces: Python's json.dumps(x, sort_keys=True,
     ensure_ascii=False, separators=(",", ":")) gives the same text for the same data. */
  function canonical(value) {
    if (value === null || typeof value !== "object") return JSON.stringify(value);
    if (Array.isArray(value)) return "[" + value.map(canonical).join(",") + "]";
    return "{" + Object.keys(value).sort().filter(function (k) { return value[k] !== undefined; })
      .map(function (k) { return JSON.stringify(k) + ":" + canonical(value[k]); }).join(",") + "}";
  }

  function checksum(rec) {
    var copy = {};
    Object.keys(rec).forEach(function (k) { if (k !== "checksum") copy[k] = rec[k]; });
    return sha256(canonical(JSON.parse(JSON.stringify(copy))));
  }

  /* ------------------------------------------------------------------ storage */

  function storage() {
    try {
      var s = window.localStorage;
      s.setItem(PREFIX + "probe", "1");
      s.removeItem(PREFIX + "probe");
      return s;
    } catch (e) {
      return null; // private mode or storage disabled: quizzes still work, nothing is kept
    }
  }

  /* A saved entry in the current shape, whatever version of this file saved it. */
  function load(store, id) {
    var saved;
    try {
      saved = JSON.parse(store.getItem(PREFIX + id));
    } catch (e) {
      return null;
    }
    if (!saved || typeof saved !== "object") return null;
    if (!Array.isArray(saved.attempts)) {  // saved before attempts were kept: its one answer
      saved.attempts = saved.response != null ?
        [{ response: saved.response, correct: !!saved.correct, at: saved.at }] : [];
    }
    return saved;
  }

  function addAttempt(saved, detail, page) {
    var now = new Date().toISOString();
    var entry = saved || { attempts: [], dropped: 0 };
    entry.attempts.push({ response: detail.response, correct: !!detail.correct, at: now });
    if (entry.attempts.length > MAX_ATTEMPTS) {  // keep the first attempt and the latest ones
      entry.dropped = (entry.dropped || 0) + entry.attempts.length - MAX_ATTEMPTS;
      entry.attempts = entry.attempts.slice(0, 1).concat(entry.attempts.slice(1 - MAX_ATTEMPTS));
    }
    entry.kind = detail.kind;
    entry.page = page;
    entry.response = detail.response;
    entry.correct = !!detail.correct;
    entry.at = now;
    return entry;
  }

  function meta(store, name, make) {
    if (!store) return make ? make() : "";
    var value = store.getItem(META + name);
    if (value == null && make) {
      value = make();
      store.setItem(META + name, value);
    }
    return value || "";
  }

  function randomId() {
    var out = "";
    for (var i = 0; i < 4; i++) out += Math.floor(Math.random() * 0x10000).toString(16);
    return out;
  }

  function quizzes() {
    return Array.prototype.slice.call(document.querySelectorAll(".ck-quiz"));
  }

  function idOf(quiz) {
    return quiz.id.replace(/^ck-quiz-/, "");
  }

  /* ------------------------------------------------------------------ the record */

  function record(store, student) {
    var answers = [];
    for (var i = 0; i < store.length; i++) {
      var key = store.key(i);
      if (key && key.indexOf(PREFIX) === 0 && key !== PREFIX + "probe") {
        var saved = load(store, key.slice(PREFIX.length));
        if (saved && saved.attempts.length) {
          var last = saved.attempts[saved.attempts.length - 1];
          answers.push({
            question: key.slice(PREFIX.length), page: saved.page || "", kind: saved.kind,
            correct: last.correct, answer: last.response, answered_at: last.at || null,
            attempts: saved.attempts.map(function (a) {
              return { answer: a.response, correct: a.correct, at: a.at || null };
            }),
            attempts_not_kept: saved.dropped || 0 });
        }
      }
    }
    answers.sort(function (a, b) { return (a.page + " " + a.question).localeCompare(b.page + " " + b.question); });
    var rec = {
      course: "After MINUSMA",
      kind: "self-check record",
      format: 2,
      note: NOTE,
      student: student || "",
      browser: meta(store, "browser", randomId),
      downloaded_at: new Date().toISOString(),
      answered: answers.length,
      correct: answers.filter(function (a) { return a.correct; }).length,
      attempts: answers.reduce(function (n, a) { return n + a.attempts.length; }, 0),
      answers: answers
    };
    rec.checksum = { algorithm: "SHA-256",
                     of: "this record without its checksum, as JSON with sorted keys, no spaces, UTF-8",
                     value: checksum(rec) };
    return rec;
  }

  function download(store, student) {
    var blob = new Blob([JSON.stringify(record(store, student), null, 2)], { type: "application/json" });
    var a = document.createElement("a");
    a.href = URL.createObjectURL(blob);
    var slug = String(student || "").toLowerCase().normalize("NFKD").replace(/[\u0300-\u036f]/g, "")
      .replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "");
    a.download = "after-minusma-self-check" + (slug ? "-" + slug : "") + ".json";
    document.body.appendChild(a);
    a.click();
    setTimeout(function () { URL.revokeObjectURL(a.href); a.remove(); }, 0);
  }

  /* ------------------------------------------------------------------ the bar */

  function makeBar() {
    var article = document.querySelector("article") || document.body;
    var first = article.querySelector(".ck-chapter-pages") || article.querySelector(".ck-objectives") ||
      article.querySelector("h1");
    var bar = document.createElement("div");
    bar.className = "ck-progress";
    bar.innerHTML =
      '<p class="ck-progress-text" role="status" aria-live="polite"></p>' +
      '<div class="ck-progress-meter" aria-hidden="true"><span></span></div>' +
      '<p class="ck-progress-actions">' +
      '<button type="button" class="ck-progress-reset">Reset my answers on this page</button> ' +
      '<button type="button" class="ck-progress-download">Download my self-check record</button>' +
      "</p>" +
      '<p class="ck-progress-who"><label>Your name, for the record you hand in (optional): ' +
      '<input type="text" class="ck-progress-name" autocomplete="name" size="24"></label></p>' +
      '<p class="ck-progress-note">Your answers are kept in this browser only; nothing is sent anywhere. ' +
      "The record lists every attempt with its time; it is a self-check, not an exam.</p>";
    if (first && first.parentNode) first.parentNode.insertBefore(bar, first.nextSibling);
    else article.insertBefore(bar, article.firstChild);
    return bar;
  }

  function update(bar, store) {
    var all = quizzes(), answered = 0, correct = 0;
    all.forEach(function (quiz) {
      var saved = store ? load(store, idOf(quiz)) : null;
      if (saved && saved.response != null) {
        answered += 1;
        if (saved.correct) correct += 1;
      }
    });
    bar.querySelector(".ck-progress-text").textContent =
      "Self-check: " + answered + " of " + all.length + " questions answered, " + correct + " correct.";
    bar.querySelector(".ck-progress-meter span").style.width =
      (all.length ? Math.round((100 * answered) / all.length) : 0) + "%";
    bar.setAttribute("data-answered", answered);
    bar.setAttribute("data-correct", correct);
  }

  /* Try again, or Reset: the current answer goes, the attempts already made stay in the record. */
  function clearCurrent(store, id) {
    var saved = load(store, id);
    if (!saved) return;
    if (!saved.attempts.length) {
      store.removeItem(PREFIX + id);
      return;
    }
    saved.response = null;
    saved.correct = false;
    store.setItem(PREFIX + id, JSON.stringify(saved));
  }

  function start() {
    if (!quizzes().length || !window.ckQuiz) return;
    var store = storage();
    var bar = makeBar();
    var name = bar.querySelector(".ck-progress-name");
    name.value = meta(store, "name");
    name.addEventListener("change", function () {
      if (store) store.setItem(META + "name", name.value.trim());
    });
    if (!store) {
      bar.querySelector(".ck-progress-note").textContent =
        "This browser does not allow saving: your answers will not be kept after you leave the page.";
    }
    document.addEventListener("ck-checked", function (ev) {
      if (!store || ev.detail.restoring) return;
      var page = location.pathname.split("/").slice(-2).join("/");
      store.setItem(PREFIX + ev.detail.id, JSON.stringify(addAttempt(load(store, ev.detail.id), ev.detail, page)));
      update(bar, store);
    });
    document.addEventListener("ck-reset", function (ev) {
      if (store) clearCurrent(store, ev.detail.id);
      update(bar, store);
    });
    if (store) {
      quizzes().forEach(function (quiz) {
        var saved = load(store, idOf(quiz));
        if (saved && saved.response != null) window.ckQuiz.restore(quiz, saved.response);
      });
    }
    bar.querySelector(".ck-progress-reset").addEventListener("click", function () {
      quizzes().forEach(function (quiz) {
        if (store) clearCurrent(store, idOf(quiz));
        var btn = quiz.querySelector(".ck-reset");
        if (btn && !btn.hidden) btn.click();
      });
      update(bar, store);
    });
    bar.querySelector(".ck-progress-download").addEventListener("click", function () {
      var none = function () { return null; };  // no storage: an empty record
      download(store || { length: 0, key: none, getItem: none, setItem: none }, name.value.trim());
    });
    update(bar, store);
  }

  /* For tests and curious readers: the same code the page runs, callable on any storage. */
  window.ckProgress = { PREFIX: PREFIX, MAX_ATTEMPTS: MAX_ATTEMPTS, sha256: sha256, canonical: canonical,
                        checksum: checksum, load: load, addAttempt: addAttempt, record: record };
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
