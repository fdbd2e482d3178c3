/* Reading offline: registers the course's service worker (sw.js, at the site's root) and fills
 * the footer's control: how much the course stores, a button to keep all of it on this device
 * (and the PDF, if asked), its progress, when it is ready, and a button to remove it.
 * Nothing is downloaded beyond the pages a reader opens until the reader asks.
 */
(function () {
  "use strict";

  if (!("serviceWorker" in navigator) || !window.caches) return;
  var root = document.documentElement.getAttribute("data-content_root") || "./";

  function mb(bytes) { return (bytes / 1048576).toFixed(1) + " MB"; }

  function ask(msg) {
    return navigator.serviceWorker.ready.then(function (reg) {
      return new Promise(function (resolve) {
        var ch = new MessageChannel();
        ch.port1.onmessage = function (e) {
          if (msg.onmessage) msg.onmessage(e.data);
          if (e.data.type !== "progress") resolve(e.data);
        };
        reg.active.postMessage({ type: msg.type, pdf: msg.pdf }, [ch.port2]);
      });
    });
  }

  function control(box) {
    box.hidden = false;
    box.textContent = "";
    var heading = document.createElement("p");
    heading.className = "ck-offline-title";
    heading.textContent = "Read offline";
    var state = document.createElement("p");
    state.className = "ck-offline-state";
    state.setAttribute("role", "status");
    state.textContent = "Checking what this device keeps\u2026";
    var pdfLabel = document.createElement("label");
    var pdf = document.createElement("input");
    pdf.type = "checkbox";
    pdf.className = "ck-offline-pdf";
    pdfLabel.appendChild(pdf);
    var pdfText = document.createTextNode(" with the PDF");
    pdfLabel.appendChild(pdfText);
    var keep = document.createElement("button");
    keep.type = "button";
    keep.className = "ck-offline-keep";
    keep.textContent = "Keep the course on this device";
    var forget = document.createElement("button");
    forget.type = "button";
    forget.className = "ck-offline-forget";
    forget.textContent = "Remove it";
    [heading, state, pdfLabel, keep, forget].forEach(function (n) { box.appendChild(n); });

    function show(s) {
      if (s.pdf) pdfText.textContent = " with the PDF (" + mb(s.pdf) + " more)";
      else pdfLabel.hidden = true;
      var ready = s.kept === s.files && s.type !== "progress";
      box.dataset.state = s.type === "progress" ? "saving" : (ready ? "ready" : "partial");
      if (s.type === "progress") {
        state.textContent = "Saving: " + s.kept + " of " + s.files + " files (" + mb(s.bytes) + " of " + mb(s.total) + ")\u2026";
      } else if (ready) {
        state.textContent = "Ready: the course (" + mb(s.total) + ") is kept on this device and opens without a connection.";
      } else if (s.type === "failed") {
        state.textContent = "The connection dropped: " + s.kept + " of " + s.files + " files are kept. Press the button again to go on.";
      } else {
        state.textContent = "This device keeps the " + s.kept + " pages and files you have opened. Keeping the whole course stores " +
          mb(s.total) + " (less to download where the site is compressed).";
      }
      keep.hidden = ready || (s.type === "progress" && s.kept === s.files);
      forget.hidden = s.kept === 0;
      keep.disabled = s.type === "progress";
    }

    keep.addEventListener("click", function () {
      keep.disabled = true;
      ask({ type: "keep", pdf: pdf.checked, onmessage: show }).then(show);
    });
    forget.addEventListener("click", function () {
      ask({ type: "forget" }).then(show);
    });
    pdf.addEventListener("change", function () { ask({ type: "status", pdf: pdf.checked }).then(show); });
    ask({ type: "status", pdf: false }).then(show);
  }

  navigator.serviceWorker.register(root + "sw.js", { scope: root }).then(function () {
    var box = document.querySelector(".ck-offline");
    if (box) control(box);
  }).catch(function () { /* file:// or a browser that refuses: the book works online as before */ });
})();
