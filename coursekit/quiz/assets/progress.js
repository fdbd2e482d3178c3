/* Self-check progress in the static book, kept in this browser only (localStorage).
 *
 * quiz.js announces each checked answer ("ck-checked") and each reset ("ck-reset"); this file
 * stores the answer under the question's id, puts saved answers back when the page loads, and
 * shows a progress bar (answered / correct on this page) with two buttons: reset this page's
 * answers, and download a record of every self-check answer in the course (a small JSON file a
 * student can hand to an instructor). Nothing is ever sent anywhere.
 */
(function () {
  "use strict";

  var PREFIX = "after-minusma:quiz:";

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

  function load(store, id) {
    try {
      return JSON.parse(store.getItem(PREFIX + id));
    } catch (e) {
      return null;
    }
  }

  function quizzes() {
    return Array.prototype.slice.call(document.querySelectorAll(".ck-quiz"));
  }

  function idOf(quiz) {
    return quiz.id.replace(/^ck-quiz-/, "");
  }

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
      '<p class="ck-progress-note">Your answers are kept in this browser only; nothing is sent anywhere.</p>';
    if (first && first.parentNode) first.parentNode.insertBefore(bar, first.nextSibling);
    else article.insertBefore(bar, article.firstChild);
    return bar;
  }

  function update(bar, store) {
    var all = quizzes(), answered = 0, correct = 0;
    all.forEach(function (quiz) {
      var saved = store ? load(store, idOf(quiz)) : null;
      if (saved) {
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

  function record(store) {
    var answers = [];
    for (var i = 0; i < store.length; i++) {
      var key = store.key(i);
      if (key && key.indexOf(PREFIX) === 0 && key !== PREFIX + "probe") {
        var saved = load(store, key.slice(PREFIX.length));
        if (saved) {
          answers.push({ question: key.slice(PREFIX.length), page: saved.page, kind: saved.kind,
                         correct: saved.correct, answer: saved.response, answered_at: saved.at });
        }
      }
    }
    answers.sort(function (a, b) { return (a.page + a.question).localeCompare(b.page + b.question); });
    return {
      course: "After MINUSMA",
      kind: "self-check record",
      note: "Self-check answers kept in the reader's browser; quizzes are practice, not graded work.",
      downloaded_at: new Date().toISOString(),
      answered: answers.length,
      correct: answers.filter(function (a) { return a.correct; }).length,
      answers: answers
    };
  }

  function download(store) {
    var blob = new Blob([JSON.stringify(record(store), null, 2)], { type: "application/json" });
    var a = document.createElement("a");
    a.href = URL.createObjectURL(blob);
    a.download = "after-minusma-self-check.json";
    document.body.appendChild(a);
    a.click();
    setTimeout(function () { URL.revokeObjectURL(a.href); a.remove(); }, 0);
  }

  function start() {
    if (!quizzes().length || !window.ckQuiz) return;
    var store = storage();
    var bar = makeBar();
    if (!store) {
      bar.querySelector(".ck-progress-note").textContent =
        "This browser does not allow saving: your answers will not be kept after you leave the page.";
    }
    document.addEventListener("ck-checked", function (ev) {
      if (!store || ev.detail.restoring) return;
      store.setItem(PREFIX + ev.detail.id, JSON.stringify({
        kind: ev.detail.kind, correct: ev.detail.correct, response: ev.detail.response,
        page: location.pathname.split("/").slice(-2).join("/"), at: new Date().toISOString() }));
      update(bar, store);
    });
    document.addEventListener("ck-reset", function (ev) {
      if (store) store.removeItem(PREFIX + ev.detail.id);
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
        if (store) store.removeItem(PREFIX + idOf(quiz));
        var btn = quiz.querySelector(".ck-reset");
        if (btn && !btn.hidden) btn.click();
      });
      update(bar, store);
    });
    bar.querySelector(".ck-progress-download").addEventListener("click", function () {
      download(store || { length: 0, key: function () { return null; } });
    });
    update(bar, store);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
