/* coursekit quizzes in the static book.
 *
 * Finds every <div class="ck-quiz"> on the page and wires it: Check marks the answer against
 * the question data embedded in the quiz (<script type="application/json" class="ck-quiz-data">)
 * and shows the feedback for what was chosen (a first wrong try shows the question's hint and a
 * "Show the answer" button instead); Try again clears it; ordering questions get
 * Up/Down buttons. Marking mirrors Question.check in coursekit/questions.py.
 * Wiring is idempotent (a quiz is wired once) and quizzes never share state.
 * The answers are in the page source: these are self-checks, never graded work.
 *
 * Instructor mode, for projecting a page in class: open the page with ?instructor=1 (kept for
 * the tab in sessionStorage; ?instructor=0 or the "Turn off" button ends it). Each quiz then
 * gets a "Reveal answer" button that shows the answer and every option's feedback, one
 * question at a time. Readers never see it unless they ask for it in the address.
 */
(function () {
  "use strict";

  if (window.ckQuiz) {
    window.ckQuiz.init(document);
    return;
  }

  var MSG_CHOOSE = "Choose an answer, then press Check.";
  var MSG_NUMBER = "Type a number in digits, for example 1200 or 12.5, then press Check.";
  var MSG_ASK = "\u201c{typed}\u201d can be read in more than one way. Which number did you mean?";

  /* ------------------------------------------------------------------ numbers
     How a typed number is read: the rule of coursekit/quiz/numbers.py (its docstring has the
     rule and examples), implemented identically; tests/test_quiz_js.py checks both against one
     table. A text's readings: every choice of decimal mark ("." or ",") and group separator
     (a space, "_" or an apostrophe; or "," or "." when the other is the decimal mark) that reads
     it, groups being 1-3 digits (not starting with 0) then exactly 3. */

  var WHITE = " \t\n\r\u00a0\u2009\u202f";
  var TRIM_RE = new RegExp("^[" + WHITE + "]+|[" + WHITE + "]+$", "g");
  var WHITE_RUN_RE = new RegExp("[" + WHITE + "]+", "g");
  var SPACES_RE = new RegExp("[" + WHITE + "_'\u2019]+", "g");
  var DIGITS_RE = /^[0-9]+$/;
  var GROUP_FIRST_RE = /^[1-9][0-9]{0,2}$/;
  var GROUP_RE = /^[0-9]{3}$/;
  var AMBIGUOUS_RE = /^-?[1-9][0-9]{0,2}\.[0-9]{3}$/;
  var CONVENTIONS = [["", "."], ["", ","], [" ", "."], [" ", ","], [",", "."], [".", ","]];

  function intPart(part, group) {
    if (part === "" || DIGITS_RE.test(part)) return part;
    if (!group || part.indexOf(group) < 0) return null;
    var groups = part.split(group), first = groups.shift();
    if (GROUP_FIRST_RE.test(first) && groups.length && groups.every(function (g) { return GROUP_RE.test(g); })) {
      return first + groups.join("");
    }
    return null;
  }

  function readParts(body, group, mark) {
    var at = body.indexOf(mark);
    if (at >= 0 && body.indexOf(mark, at + 1) >= 0) return null;
    var whole = at >= 0 ? body.slice(0, at) : body, frac = at >= 0 ? body.slice(at + 1) : "";
    if (at >= 0 && !DIGITS_RE.test(frac)) return null;
    var digits = intPart(whole, group);
    if (digits === null || (digits === "" && frac === "")) return null;
    return [digits, frac];
  }

  function makeReading(negative, digits, frac) {
    var whole = digits.replace(/^0+/, "") || "0", hadFrac = frac !== "";  // written with a decimal mark
    frac = frac.replace(/0+$/, "");
    var label = frac ? whole + "." + frac : whole;
    if (negative && label !== "0") label = "-" + label;
    // "1.234" is ambiguous again (one group separator before three digits): "1.2340" is not
    return { value: parseFloat(label), label: label, text: AMBIGUOUS_RE.test(label) ? label + "0" : label,
             decimal: frac !== "" || hadFrac };
  }

  /* Every reading of the text, smallest first: [{value, label, text}]; [] if not a number. */
  function readings(text) {
    if (text === null || text === undefined) return [];
    var m = /^([+\-\u2212]?)([\s\S]*)$/.exec(String(text).replace(TRIM_RE, ""));
    var sign = m[1], body = m[2].replace(SPACES_RE, " ");
    if (!body || !/^[0-9., ]+$/.test(body)) return [];
    var found = [], labels = {};
    CONVENTIONS.forEach(function (c) {
      var group = c[0], mark = c[1];
      var other = [",", ".", " "].filter(function (x) { return x !== group && x !== mark; });
      if (other.some(function (x) { return body.indexOf(x) >= 0; })) return;
      var parts = readParts(body, group, mark);
      if (!parts) return;
      var r = makeReading(sign === "-" || sign === "\u2212", parts[0], parts[1]);
      if (!labels[r.label]) { labels[r.label] = true; found.push(r); }
    });
    return found.sort(function (a, b) { return a.value - b.value; });
  }

  /* The verdict on a typed answer for data.low..data.high: {status: "none" | "right" | "wrong"
     | "ask", readings, value, lead}, as coursekit.quiz.numbers.interpret. */
  function interpretNumber(text, data) {
    var low = data.low, high = data.high, found = readings(text);
    if (data.thousands_dot) {  // a whole count of 1,000 or more: no decimal reading outside the range
      var kept = found.filter(function (r) { return !r.decimal || (r.value >= low && r.value <= high); });
      if (kept.length) found = kept;
    }
    if (!found.length) return { status: "none", readings: [], value: null, lead: null };
    var inside = found.filter(function (r) { return r.value >= low && r.value <= high; }).length;
    if (inside === found.length) return { status: "right", readings: found, value: found[0].value, lead: null };
    if (inside) return { status: "ask", readings: found, value: null, lead: null };
    var below = found.filter(function (r) { return r.value < low; });
    var lead = null;
    if (below.length && below.length < found.length) {
      lead = "Your answer is too low read as " + below[below.length - 1].label + " and too high read as " +
        found[below.length].label + ".";
    }
    return { status: "wrong", readings: found, value: found[0].value, lead: lead };
  }

  function q(root, sel) { return root.querySelector(sel); }
  function qa(root, sel) { return Array.prototype.slice.call(root.querySelectorAll(sel)); }

  /* ------------------------------------------------------------------ marking */

  function optionText(quiz, i) {
    var label = q(quiz, '.ck-option[data-index="' + i + '"] label');
    return label ? label.textContent.trim() : "";
  }

  function itemText(quiz, id) {
    var li = qa(quiz, ".ck-item").filter(function (x) { return x.getAttribute("data-id") === id; })[0];
    return q(li, ".ck-item-label").textContent + " (" + q(li, ".ck-item-date").textContent + ")";
  }

  function checkChoice(data, quiz) {
    var chosen = qa(quiz, ".ck-option input:checked").map(function (i) { return Number(i.value); });
    if (!chosen.length) return { answered: false, feedback: [MSG_CHOOSE], marks: [] };
    if (data.kind === "single") {
      var opt = data.options[chosen[0]];
      return { answered: true, correct: opt.correct, feedback: [opt.feedback],
               marks: [[chosen[0], opt.correct]] };
    }
    var feedback = [], marks = [], correct = true;
    data.options.forEach(function (opt, i) {
      var picked = chosen.indexOf(i) >= 0;
      if (picked !== opt.correct) correct = false;
      if (picked) {
        feedback.push("\u201c" + optionText(quiz, i) + "\u201d: " + opt.feedback);
        marks.push([i, opt.correct]);
      } else if (opt.correct) {
        feedback.push("You left out \u201c" + optionText(quiz, i) + "\u201d: " + opt.feedback);
        marks.push([i, false]);
      }
    });
    return { answered: true, correct: correct, feedback: feedback, marks: marks };
  }

  function checkTrueFalse(data, quiz) {
    var input = q(quiz, ".ck-option input:checked");
    if (!input) return { answered: false, feedback: [MSG_CHOOSE], marks: [] };
    var chosen = input.value === "true";
    var ok = chosen === data.answer;
    return { answered: true, correct: ok,
             feedback: [chosen ? data.feedback_true : data.feedback_false],
             marks: [[input.value, ok]] };
  }

  function checkNumeric(data, quiz) {
    var typed = q(quiz, ".ck-number").value;
    var v = interpretNumber(typed, data);
    if (v.status === "none") return { answered: false, feedback: [MSG_NUMBER], marks: [] };
    if (v.status === "ask") {
      var shown = String(typed).replace(TRIM_RE, "").replace(WHITE_RUN_RE, " ");
      return { answered: false, feedback: [MSG_ASK.replace("{typed}", shown)], marks: [],
               choices: v.readings };
    }
    if (v.status === "right") {
      return { answered: true, correct: true, marks: [],
               feedback: [data.feedback_correct, "The figure: " + data.answer_text + "."] };
    }
    return { answered: true, correct: false, marks: [],
             feedback: [v.lead || (v.value < data.low ? "Your answer is too low." : "Your answer is too high."),
                        data.feedback_incorrect] };
  }

  function checkOrder(data, quiz) {
    var ids = qa(quiz, ".ck-item").map(function (li) { return li.getAttribute("data-id"); });
    var marks = ids.map(function (id, pos) { return [id, id === data.order[pos]]; });
    var nOk = marks.filter(function (m) { return m[1]; }).length;
    if (nOk === ids.length) {
      var dates = data.order.map(function (id) { return itemText(quiz, id); }).join("; ");
      return { answered: true, correct: true, marks: marks,
               feedback: [data.feedback, "In order: " + dates + "."] };
    }
    return { answered: true, correct: false, marks: marks,
             feedback: [nOk + " of " + ids.length + " events are in the right place.", data.feedback] };
  }

  var CHECKS = { single: checkChoice, multiple: checkChoice, truefalse: checkTrueFalse,
                 numeric: checkNumeric, order: checkOrder };

  /* ------------------------------------------------------------------ display */

  function clearMarks(quiz) {
    qa(quiz, ".ck-right, .ck-wrong").forEach(function (n) {
      n.classList.remove("ck-right", "ck-wrong");
    });
    qa(quiz, ".ck-item-date").forEach(function (n) { n.hidden = true; });
  }

  function markTarget(quiz, kind, key) {
    if (kind === "order") return q(quiz, '.ck-item[data-id="' + key + '"]');
    if (kind === "truefalse") return q(quiz, '.ck-option[data-value="' + key + '"]');
    return q(quiz, '.ck-option[data-index="' + key + '"]');
  }

  function showResult(quiz, data, result) {
    var box = q(quiz, ".ck-feedback");
    box.classList.remove("ck-correct", "ck-incorrect", "ck-notice");
    box.textContent = "";
    clearMarks(quiz);
    if (result.answered) {
      box.classList.add(result.correct ? "ck-correct" : "ck-incorrect");
      var head = document.createElement("p");
      head.className = "ck-headline";
      var strong = document.createElement("strong");
      strong.textContent = result.correct ? "Correct." : "Not quite.";
      head.appendChild(strong);
      box.appendChild(head);
    } else {
      box.classList.add("ck-notice");
    }
    var texts = result.feedback.slice();
    if (result.answered && !result.hinted && data.explanation) texts.push(data.explanation);
    texts.forEach(function (t) {
      var p = document.createElement("p");
      p.textContent = t;
      box.appendChild(p);
    });
    if (result.choices && result.choices.length) {  // an ambiguous number: which was meant?
      var choices = document.createElement("div");
      choices.className = "ck-meant-choices";
      result.choices.forEach(function (r) {
        var b = document.createElement("button");
        b.type = "button";
        b.className = "ck-meant";
        b.setAttribute("data-text", r.text);
        b.textContent = r.label;
        choices.appendChild(b);
      });
      box.appendChild(choices);
    }
    if (result.hinted) {  // the answer stays one tap away
      var more = document.createElement("button");
      more.type = "button";
      more.className = "ck-explain";
      more.textContent = "Show the answer";
      box.appendChild(more);
    }
    result.marks.forEach(function (m) {
      var node = markTarget(quiz, data.kind, m[0]);
      if (node) node.classList.add(m[1] ? "ck-right" : "ck-wrong");
    });
    if (result.correct && data.kind === "order") {
      qa(quiz, ".ck-item-date").forEach(function (n) { n.hidden = false; });
    }
    var reset = q(quiz, ".ck-reset");
    if (result.answered) reset.hidden = false;
  }

  /* ------------------------------------------------------------------ ordering */

  function updateMoveButtons(list) {
    var items = qa(list, ".ck-item");
    items.forEach(function (li, i) {
      q(li, ".ck-up").disabled = i === 0;
      q(li, ".ck-down").disabled = i === items.length - 1;
    });
  }

  function move(quiz, li, dir) {
    var list = li.parentNode;
    var other = dir < 0 ? li.previousElementSibling : li.nextElementSibling;
    if (!other) return;
    // Move the neighbour, not the item, so that the pressed button keeps the focus.
    if (dir < 0) li.after(other); else li.before(other);
    updateMoveButtons(list);
    clearMarks(quiz);
    var btn = q(li, dir < 0 ? ".ck-up" : ".ck-down");
    if (btn.disabled) btn = q(li, dir < 0 ? ".ck-down" : ".ck-up");
    btn.focus();
    var items = qa(list, ".ck-item");
    q(quiz, ".ck-announce").textContent = "\u201c" + q(li, ".ck-item-label").textContent +
      "\u201d moved to position " + (items.indexOf(li) + 1) + " of " + items.length + ".";
  }

  /* ------------------------------------------------------------------ instructor mode */

  var INSTRUCTOR_KEY = "after-minusma:instructor";
  var instructor = null;  // read once per page

  /* On with ?instructor=1 (remembered for this tab), off with ?instructor=0 or Turn off. */
  function instructorMode() {
    if (instructor !== null) return instructor;
    var m = /[?&]instructor=([^&#]*)/.exec(window.location.search);
    var asked = m ? /^(1|on|true|yes)$/i.test(decodeURIComponent(m[1])) : null;
    try {
      if (asked !== null) window.sessionStorage.setItem(INSTRUCTOR_KEY, asked ? "1" : "0");
      instructor = window.sessionStorage.getItem(INSTRUCTOR_KEY) === "1";
    } catch (e) {
      instructor = !!asked;  // no sessionStorage (file: pages in some browsers): this page only
    }
    return instructor;
  }

  function para(text, cls) {
    var p = document.createElement("p");
    p.textContent = text;
    if (cls) p.className = cls;
    return p;
  }

  /* The answer and the feedback of every option (not only the chosen one), as paragraphs. */
  function answerParagraphs(quiz, data) {
    var out = [];
    if (data.kind === "single" || data.kind === "multiple") {
      var right = [];
      data.options.forEach(function (o, i) { if (o.correct) right.push(optionText(quiz, i)); });
      out.push(para("Answer: " + right.join("; "), "ck-reveal-answer-line"));
      data.options.forEach(function (o, i) {
        out.push(para((o.correct ? "\u2713 " : "\u2717 ") + "\u201c" + optionText(quiz, i) + "\u201d: " +
                      o.feedback, o.correct ? "ck-reveal-right" : "ck-reveal-wrong"));
      });
    } else if (data.kind === "truefalse") {
      out.push(para("Answer: " + (data.answer ? "True" : "False"), "ck-reveal-answer-line"));
      out.push(para((data.answer ? "\u2713 " : "\u2717 ") + "True: " + data.feedback_true,
                    data.answer ? "ck-reveal-right" : "ck-reveal-wrong"));
      out.push(para((data.answer ? "\u2717 " : "\u2713 ") + "False: " + data.feedback_false,
                    data.answer ? "ck-reveal-wrong" : "ck-reveal-right"));
    } else if (data.kind === "numeric") {
      out.push(para("Answer: " + data.answer_text + " (accepted: " + data.low + " to " + data.high + ")",
                    "ck-reveal-answer-line"));
      out.push(para("Right: " + data.feedback_correct, "ck-reveal-right"));
      out.push(para("Wrong: " + data.feedback_incorrect, "ck-reveal-wrong"));
    } else if (data.kind === "order") {
      out.push(para("Answer, in order:", "ck-reveal-answer-line"));  // one event a line, for projecting
      data.order.forEach(function (id, n) { out.push(para((n + 1) + ". " + itemText(quiz, id))); });
      if (data.feedback) out.push(para(data.feedback));
    }
    if (data.explanation) out.push(para(data.explanation));
    return out;
  }

  function toggleReveal(quiz, data, btn) {
    var box = q(quiz, ".ck-reveal");
    var show = box.hidden;
    box.textContent = "";
    if (show) answerParagraphs(quiz, data).forEach(function (p) { box.appendChild(p); });
    box.hidden = !show;
    btn.textContent = show ? "Hide answer" : "Reveal answer";
    btn.setAttribute("aria-expanded", show ? "true" : "false");
  }

  function addRevealButton(quiz) {
    if (q(quiz, ".ck-reveal-answer")) return;
    var base = quiz.id;
    var btn = document.createElement("button");
    btn.type = "button";
    btn.className = "ck-reveal-answer";
    btn.textContent = "Reveal answer";
    btn.setAttribute("aria-expanded", "false");
    btn.setAttribute("aria-controls", base + "-reveal");
    q(quiz, ".ck-actions").appendChild(btn);
    var box = document.createElement("div");
    box.className = "ck-reveal";
    box.id = base + "-reveal";
    box.hidden = true;
    var feedback = q(quiz, ".ck-feedback");
    feedback.parentNode.insertBefore(box, feedback.nextSibling);
  }

  /* The visible "Instructor mode: on" line with its Turn off button, once per page. */
  function addInstructorBar() {
    if (document.querySelector(".ck-instructor-bar")) return;
    var first = q(document, ".ck-quiz");
    if (!first) return;
    var bar = document.createElement("p");
    bar.className = "ck-instructor-bar";
    bar.setAttribute("role", "note");
    bar.appendChild(document.createTextNode(
      "Instructor mode: on. Each question has a Reveal answer button (this tab only). "));
    var off = document.createElement("button");
    off.type = "button";
    off.className = "ck-instructor-off";
    off.textContent = "Turn off instructor mode";
    bar.appendChild(off);
    first.parentNode.insertBefore(bar, first);
    off.addEventListener("click", turnOffInstructor);
  }

  function turnOffInstructor() {
    instructor = false;
    try { window.sessionStorage.setItem(INSTRUCTOR_KEY, "0"); } catch (e) { /* this page only */ }
    qa(document, ".ck-reveal-answer, .ck-reveal, .ck-instructor-bar").forEach(function (n) { n.remove(); });
    if (/[?&]instructor=/.test(window.location.search) && window.history && window.history.replaceState) {
      var search = window.location.search.replace(/([?&])instructor=[^&#]*&?/, "$1").replace(/[?&]$/, "");
      window.history.replaceState(null, "", window.location.pathname + search + window.location.hash);
    }
  }

  /* ------------------------------------------------------------------ wiring */

  function reset(quiz, data) {
    qa(quiz, ".ck-option input").forEach(function (i) { i.checked = false; });
    var num = q(quiz, ".ck-number");
    if (num) num.value = "";
    var list = q(quiz, ".ck-order");
    if (list) {
      var byId = {};
      qa(list, ".ck-item").forEach(function (li) { byId[li.getAttribute("data-id")] = li; });
      quiz._ckInitialOrder.forEach(function (id) { list.appendChild(byId[id]); });
      updateMoveButtons(list);
      q(quiz, ".ck-announce").textContent = "";
    }
    var box = q(quiz, ".ck-feedback");
    box.classList.remove("ck-correct", "ck-incorrect", "ck-notice");
    box.textContent = "";
    clearMarks(quiz);
    q(quiz, ".ck-reset").hidden = true;
    var first = q(quiz, "fieldset input, fieldset button:not([disabled])");
    if (first) first.focus();
  }

  /* The reader's answer as plain data, and back: lets progress.js restore it after a reload. */
  function getResponse(quiz) {
    var kind = quiz.getAttribute("data-kind");
    if (kind === "numeric") return q(quiz, ".ck-number").value;
    if (kind === "order") return qa(quiz, ".ck-item").map(function (li) { return li.getAttribute("data-id"); });
    return qa(quiz, ".ck-option input:checked").map(function (i) { return i.value; });
  }

  function setResponse(quiz, response) {
    var kind = quiz.getAttribute("data-kind");
    if (kind === "numeric") {
      q(quiz, ".ck-number").value = String(response);
    } else if (kind === "order") {
      var list = q(quiz, ".ck-order"), byId = {};
      qa(list, ".ck-item").forEach(function (li) { byId[li.getAttribute("data-id")] = li; });
      if (response.some(function (id) { return !byId[id]; })) return false;
      response.forEach(function (id) { list.appendChild(byId[id]); });
      updateMoveButtons(list);
    } else {
      qa(quiz, ".ck-option input").forEach(function (i) { i.checked = response.indexOf(i.value) >= 0; });
    }
    return true;
  }

  /* A first wrong try (as Question._hinted): that it is wrong, and the question's hint; no
     option's feedback, no marks that would show the right set or order. */
  function hinted(data, result) {
    var lead = (data.kind === "numeric" || data.kind === "order") ? result.feedback.slice(0, 1) : [];
    var marks = (data.kind === "single" || data.kind === "truefalse") ? result.marks : [];
    return { answered: true, correct: false, hinted: true, feedback: lead.concat([data.hint]),
             marks: marks };
  }

  function checkAndAnnounce(quiz, data, restoring) {
    var result = CHECKS[data.kind](data, quiz);
    if (result.answered && !result.correct) {
      if (data.hint && !quiz._ckTries) result = hinted(data, result);
      quiz._ckTries = (quiz._ckTries || 0) + 1;
    }
    showResult(quiz, data, result);
    if (result.answered) {
      quiz.dispatchEvent(new CustomEvent("ck-checked", { bubbles: true, detail: {
        id: data.id, kind: data.kind, correct: !!result.correct,
        response: getResponse(quiz), restoring: !!restoring } }));
    }
    return result;
  }

  /* Put a saved answer back and mark it, as if the reader had pressed Check. */
  function restore(quiz, response) {
    var script = q(quiz, "script.ck-quiz-data");
    if (!script || !setResponse(quiz, response)) return null;
    return checkAndAnnounce(quiz, JSON.parse(script.textContent), true);
  }

  function wire(quiz) {
    if (quiz.getAttribute("data-ck-wired") === "1") return;
    var script = q(quiz, "script.ck-quiz-data");
    if (!script) return;
    var data;
    try {
      data = JSON.parse(script.textContent);
    } catch (e) {
      if (window.console) console.error("coursekit quiz " + quiz.id + ": bad question data", e);
      return;
    }
    quiz.setAttribute("data-ck-wired", "1");
    quiz._ckInitialOrder = qa(quiz, ".ck-item").map(function (li) { return li.getAttribute("data-id"); });
    var list = q(quiz, ".ck-order");
    if (list) updateMoveButtons(list);
    if (instructorMode()) addRevealButton(quiz);

    quiz.addEventListener("click", function (ev) {
      var btn = ev.target.closest("button");
      if (!btn || !quiz.contains(btn)) return;
      if (btn.classList.contains("ck-check")) {
        checkAndAnnounce(quiz, data);
      } else if (btn.classList.contains("ck-explain")) {
        showResult(quiz, data, CHECKS[data.kind](data, quiz));
        var box = q(quiz, ".ck-feedback");
        box.setAttribute("tabindex", "-1");
        box.focus();
      } else if (btn.classList.contains("ck-meant")) {  // the reader says which number was meant
        var input = q(quiz, ".ck-number");
        input.value = btn.getAttribute("data-text");
        checkAndAnnounce(quiz, data);
        input.focus();
      } else if (btn.classList.contains("ck-reveal-answer")) {
        toggleReveal(quiz, data, btn);
      } else if (btn.classList.contains("ck-reset")) {
        reset(quiz, data);
        quiz.dispatchEvent(new CustomEvent("ck-reset", { bubbles: true, detail: { id: data.id } }));
      } else if (btn.classList.contains("ck-up")) {
        move(quiz, btn.closest(".ck-item"), -1);
      } else if (btn.classList.contains("ck-down")) {
        move(quiz, btn.closest(".ck-item"), 1);
      }
    });
    quiz.addEventListener("keydown", function (ev) {
      if (ev.key === "Enter" && ev.target.classList && ev.target.classList.contains("ck-number")) {
        ev.preventDefault();
        checkAndAnnounce(quiz, data);
      }
    });
  }

  function init(root) {
    qa(root || document, ".ck-quiz").forEach(wire);
    if (instructorMode()) addInstructorBar();
  }

  window.ckQuiz = { init: init, readings: readings, interpretNumber: interpretNumber, getResponse: getResponse, restore: restore,
                    instructorMode: instructorMode, turnOffInstructor: turnOffInstructor };
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", function () { init(document); });
  } else {
    init(document);
  }
})();
