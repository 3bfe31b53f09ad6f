/* Kunskapsbanken: decide "overdue" and "stale" on the day the page is read.
 * The site is static: the build marks what was overdue on the build day, and
 * this script updates banners and contact cards when the page is read later.
 * Without JavaScript the build-time state stands. */
(function () {
  "use strict";

  function today() {
    var override = document.documentElement.getAttribute("data-kb-today");
    if (override) { return override; }
    var now = new Date();
    var month = String(now.getMonth() + 1).padStart(2, "0");
    var day = String(now.getDate()).padStart(2, "0");
    return now.getFullYear() + "-" + month + "-" + day;
  }

  function update(root) {
    var day = today();
    root.querySelectorAll("[data-kb-review-due]").forEach(function (panel) {
      var overdue = panel.getAttribute("data-kb-review-due") < day;
      root.querySelectorAll("[data-kb-overdue-banner]").forEach(function (banner) {
        banner.hidden = !overdue;
      });
    });
    root.querySelectorAll("[data-kb-stale-after]").forEach(function (card) {
      var stale = card.getAttribute("data-kb-stale-after") < day;
      card.classList.toggle("kb-contact--stale", stale);
      card.querySelectorAll("[data-kb-stale-note]").forEach(function (note) {
        note.hidden = !stale;
      });
    });
  }

  /* Material's instant navigation swaps pages without a reload. */
  if (typeof window.document$ !== "undefined" && window.document$.subscribe) {
    window.document$.subscribe(function () { update(document); });
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", function () { update(document); });
  } else {
    update(document);
  }
})();
