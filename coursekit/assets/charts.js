/* Charts follow the book's light or dark mode.
 *
 * plotly draws in fixed colours (the figure's layout: white paper, dark text). In dark mode,
 * whether it comes from the reader's system setting or from the theme's switch, each chart on
 * the page is given the dark page's colours, and the light ones again when the reader switches
 * back.
 */
(function () {
  "use strict";

  var COLOURS = {
    light: { paper: "#ffffff", text: "#222222", grid: "#e5e5e5", line: "#999999", edge: "#ffffff", panel: "#f4f6f8" },
    dark: { paper: "#121212", text: "#ced6dd", grid: "#3a4350", line: "#8b96a3", edge: "#121212", panel: "#1d2833" }
  };

  function mode() {
    return document.documentElement.getAttribute("data-theme") === "dark" ? "dark" : "light";
  }

  function apply(gd) {
    var P = window.Plotly;
    if (!P || !gd || !gd._fullLayout) return;
    var m = mode();
    if (gd.dataset.ckMode === m) return;
    gd.dataset.ckMode = m;
    var c = COLOURS[m];
    var full = gd._fullLayout;
    var update = { paper_bgcolor: c.paper, plot_bgcolor: c.paper, "font.color": c.text,
                   "legend.bgcolor": c.paper, "title.font.color": c.text };
    Object.keys(full).forEach(function (k) {
      if (/^[xy]axis\d*$/.test(k)) {
        update[k + ".gridcolor"] = c.grid;
        update[k + ".linecolor"] = c.line;
        update[k + ".zerolinecolor"] = c.grid;
        if (full[k].rangeslider && full[k].rangeslider.visible) update[k + ".rangeslider.bgcolor"] = c.panel;
      }
    });
    (full.annotations || []).forEach(function (a, i) { update["annotations[" + i + "].font.color"] = c.text; });
    if (full.modebar) {
      update["modebar.bgcolor"] = "rgba(0,0,0,0)";
      update["modebar.color"] = c.line;
      update["modebar.activecolor"] = c.text;
    }
    var traces = [];
    (gd.data || []).forEach(function (t, i) { if (t.marker && t.marker.line) traces.push(i); });
    P.relayout(gd, update);
    if (traces.length) P.restyle(gd, { "marker.line.color": c.edge }, traces);
  }

  function applyAll() {
    document.querySelectorAll(".js-plotly-plot").forEach(apply);
  }

  window.ckChartTheme = apply;
  window.addEventListener("load", applyAll);
  new MutationObserver(applyAll).observe(document.documentElement,
    { attributes: true, attributeFilter: ["data-theme"] });
})();
