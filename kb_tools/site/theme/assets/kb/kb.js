/* Kunskapsbanken: decide "overdue" and "stale" on the day the page is read.
 * The site is static: the build marks what was overdue on the build day, and
 * this script updates banners and contact cards when the page is read later.
 * Without JavaScript the build-time state stands. */
(function () {
  "use strict";

  /* This file is assets/kb/kb.js at the site's root: the root and the search
   * index are found from its own address, which holds under a sub-path and
   * with or without directory URLs. */
  var self = document.currentScript;
  var root = self ? new URL("../../", self.src) : null;

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

  /* Keyboard users reach what mouse users reach. Material shows a glossary
   * term's explanation when the term is hovered or focused, but a term is
   * not focusable: the first use of each term on the page becomes so (every
   * use would fill the tab order), unless it sits in a link, which is
   * focusable already. A wide table scrolls sideways in its own region on a
   * phone: a region that scrolls becomes focusable, so arrow keys scroll it,
   * and is named after its table. */
  function reachable(root) {
    var seen = {};
    root.querySelectorAll(".md-content abbr[title]").forEach(function (term) {
      var text = term.textContent;
      if (seen[text] || term.closest("a, button, label, summary")) { return; }
      seen[text] = true;
      term.setAttribute("tabindex", "0");
    });
    root.querySelectorAll(".md-typeset__scrollwrap").forEach(function (wrap) {
      var scrolls = wrap.scrollWidth > wrap.clientWidth + 1;
      if (scrolls && !wrap.hasAttribute("tabindex")) {
        var caption = wrap.querySelector("caption");
        wrap.setAttribute("tabindex", "0");
        wrap.setAttribute("role", "region");
        wrap.setAttribute("aria-label", caption ? caption.textContent : "Tabell");
      } else if (!scrolls && wrap.getAttribute("role") === "region") {
        ["tabindex", "role", "aria-label"].forEach(function (name) {
          wrap.removeAttribute(name);
        });
      }
    });
  }

  /* On a narrow screen the navigation drawer lies off the screen until the
   * header's menu button opens it: closed, it is inert, so keyboard focus
   * never goes where nobody sees it. */
  function drawer() {
    var toggle = document.getElementById("__drawer");
    var sidebar = document.querySelector(".md-sidebar--primary");
    if (!toggle || !sidebar || sidebar.hasAttribute("data-kb-drawer")) { return; }
    sidebar.setAttribute("data-kb-drawer", "");
    var narrow = window.matchMedia("(max-width: 76.234375em)");
    function sync() { sidebar.inert = narrow.matches && !toggle.checked; }
    toggle.addEventListener("change", sync);
    narrow.addEventListener("change", sync);
    sync();
  }

  /* The search page: Pagefind's interface, started with the header's query. */
  function startSearch() {
    var element = document.getElementById("kb-search");
    if (!element) { return; }
    var base = root ? new URL("pagefind/", root).href
      : element.getAttribute("data-pagefind-base") || "../pagefind/";
    var style = document.createElement("link");
    style.rel = "stylesheet";
    style.href = base + "pagefind-ui.css";
    document.head.appendChild(style);
    var script = document.createElement("script");
    script.src = base + "pagefind-ui.js";
    script.onload = function () {
      var ui = new window.PagefindUI({
        element: "#kb-search", showSubResults: true, showImages: false, resetStyles: false,
        bundlePath: base, baseUrl: root ? root.pathname : "/"
      });
      var query = new URLSearchParams(window.location.search).get("q");
      if (query) { ui.triggerSearch(query); }
    };
    document.head.appendChild(script);
  }

  function start() {
    update(document);
    reachable(document);
    drawer();
    startSearch();
  }

  var resizing = null;
  window.addEventListener("resize", function () {
    window.clearTimeout(resizing);
    resizing = window.setTimeout(function () { reachable(document); }, 200);
  });

  /* Material's instant navigation swaps pages without a reload. */
  if (typeof window.document$ !== "undefined" && window.document$.subscribe) {
    window.document$.subscribe(start);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
