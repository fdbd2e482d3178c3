/* The header's menu and contents buttons, on every page.
 *
 * The page has two of each (.primary-toggle, .secondary-toggle): a hidden one from
 * pydata-sphinx-theme and the visible one from sphinx-book-theme. Both themes' scripts bind
 * only the first in the page, the hidden one, so the buttons a reader sees did nothing (on a
 * phone: a tooltip, no menu). Each visible button now passes its click to the bound one, which
 * opens the sidebar as a dialog on a phone and folds it away on a desktop.
 */
(function () {
  "use strict";

  function forward(selector) {
    var all = document.querySelectorAll(selector);
    var bound = all[0];
    Array.prototype.slice.call(all, 1).forEach(function (btn) {
      btn.addEventListener("click", function (ev) {
        ev.preventDefault();
        ev.stopImmediatePropagation();
        bound.click();
      }, true);
    });
  }

  function init() {
    forward(".primary-toggle");
    forward(".secondary-toggle");
    // a link followed from the menu or the contents closes it (the theme leaves the dialog
    // over the page, covering the section the reader asked for)
    ["pst-primary-sidebar-modal", "pst-secondary-sidebar-modal"].forEach(function (id) {
      var dialog = document.getElementById(id);
      if (!dialog) return;
      dialog.addEventListener("click", function (ev) {
        var link = ev.target.closest && ev.target.closest("a[href]");
        if (link && dialog.open) dialog.close();
      });
    });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
