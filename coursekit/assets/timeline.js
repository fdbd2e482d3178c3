/* Timelines in the static book: selecting an event shows its details and sources.
 * The chart is drawn by plotly.js (served by the book); the table inside the same
 * <figure class="ck-timeline"> holds each event's row, id "<figure id>-<event id>". */
(function () {
  "use strict";

  function showDetail(figure, eventId) {
    var row = document.getElementById(figure.id + "-" + eventId);
    var panel = figure.querySelector(".ck-timeline-detail");
    if (!row || !panel) return;
    var cells = row.querySelectorAll("td");
    panel.innerHTML = "";
    var when = document.createElement("p");
    when.className = "ck-timeline-when";
    when.appendChild(cells[0].firstChild.cloneNode(true));
    var what = document.createElement("p");
    what.innerHTML = cells[1].innerHTML;
    var src = document.createElement("p");
    src.className = "ck-timeline-source";
    src.innerHTML = "Source: " + cells[2].innerHTML;
    panel.appendChild(when);
    panel.appendChild(what);
    panel.appendChild(src);
    panel.classList.add("ck-has-detail");
  }

  function wire(figure) {
    if (figure.dataset.ckWired) return;
    var gd = figure.querySelector(".plotly-graph-div");
    if (!gd || typeof gd.on !== "function") return;
    figure.dataset.ckWired = "1";
    gd.on("plotly_click", function (data) {
      if (data && data.points && data.points.length) {
        showDetail(figure, data.points[0].customdata[0]);
      }
    });
  }

  function wireAll() {
    document.querySelectorAll("figure.ck-timeline").forEach(wire);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", wireAll);
  } else {
    wireAll();
  }
  window.addEventListener("load", wireAll);
})();
