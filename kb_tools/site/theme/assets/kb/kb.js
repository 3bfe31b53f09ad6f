/* Kunskapsbanken: decide "overdue" and "stale" on the day the page is read.
 * The site is static: the build marks what was overdue on the build day, and
 * this script updates banners and contact cards when the page is read later.
 * Without JavaScript the build-time state stands. On the search page it starts
 * Pagefind's interface, merged with other banks' public indexes when the
 * public build lists them (the `federation` setting). */
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

  /* Other banks' public indexes, merged into the public search page
   * (data-kb-federation, written by the build from the `federation` setting). */
  var BANK_FILTER = "kunskapsbank";

  function federation(element) {
    try {
      var data = JSON.parse(element.getAttribute("data-kb-federation") || "null");
      return data && typeof data.name === "string" && Array.isArray(data.banks) ? data : null;
    } catch (error) {
      return null;
    }
  }

  function entry(bundle) {
    var controller = new AbortController();
    var timer = setTimeout(function () { controller.abort(); }, 3000);
    return fetch(bundle + "pagefind-entry.json", { signal: controller.signal, credentials: "omit" })
      .then(function (response) {
        if (!response.ok) { throw new Error("HTTP " + response.status); }
        return response.json();
      })
      .finally(function () { clearTimeout(timer); });
  }

  function release(version) {
    return String(version).split(".").slice(0, 2).join(".");
  }

  /* Pagefind fails every search when one merged index cannot be read, so only
   * the banks whose index answers (up, and readable from here under CORS), in
   * a version this site's Pagefind reads, are merged. Resolves, never rejects. */
  function reachable(base, banks) {
    return entry(base).then(function (own) {
      return Promise.all(banks.map(function (bank) {
        return entry(bank.bundle).then(function (other) {
          if (release(other.version) === release(own.version)) { return bank; }
          console.warn("kb: " + bank.name + " is not searched: its index is Pagefind " +
            other.version + ", this site's is " + own.version + ".");
          return null;
        }, function (error) {
          var reason = error.name === "AbortError" ? "no answer within 3 s" : error.message;
          console.warn("kb: " + bank.name + " is not searched: " + bank.bundle +
            " cannot be read (" + reason + ").");
          return null;
        });
      }));
    }).then(function (found) { return found.filter(Boolean); }, function () { return []; });
  }

  /* Each result names its bank, and its links stay on its bank's site. Of
   * another bank's metadata only the title is kept (the interface shows every
   * other key as a tag). */
  function labelled(ownName, ownPath, banks) {
    var longestFirst = banks.slice().sort(function (a, b) { return b.url.length - a.url.length; });
    function within(url, prefix) { return typeof url === "string" && url.indexOf(prefix) === 0; }
    return function (result) {
      var bank = longestFirst.filter(function (b) { return within(result.url, b.url); })[0];
      var own = !bank && within(result.url, ownPath) && !within(result.url, "//");
      var prefix = bank ? bank.url : own ? ownPath : null;
      var meta = result.meta || {};
      var link = prefix && within(meta.url, prefix) ? meta.url : null;
      if (!own) { meta = { title: String(meta.title || "") }; }
      if (link) { meta.url = link; } else { delete meta.url; }
      if (prefix) { meta[BANK_FILTER] = bank ? bank.name : ownName; } else { result.url = "#"; }
      result.meta = meta;
      (result.sub_results || []).forEach(function (sub) {
        if (!prefix || !within(sub.url, prefix)) { sub.url = link || result.url; }
      });
      return result;
    };
  }

  /* Keyboard users reach what mouse users reach. Material shows a glossary
   * term's explanation when the term is hovered or focused, but a term is
   * not focusable: the first use of each term on the page becomes so (every
   * use would fill the tab order), unless it sits in a link, which is
   * focusable already. A wide table scrolls sideways in its own region on a
   * phone: a region that scrolls becomes focusable, so arrow keys scroll it,
   * and is named after its table. */
  function keyboardReachable(root) {
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
    var merged = root ? federation(element) : null;
    var banks = merged && merged.banks.length ? reachable(base, merged.banks)
      : Promise.resolve([]);
    var style = document.createElement("link");
    style.rel = "stylesheet";
    style.href = base + "pagefind-ui.css";
    document.head.appendChild(style);
    var script = document.createElement("script");
    script.src = base + "pagefind-ui.js";
    script.onload = function () {
      banks.then(function (found) {
        /* noWorker: Pagefind searches in the page itself rather than also
         * downloading its web worker (40 KB) before the first result. */
        var options = {
          element: "#kb-search", showSubResults: true, showImages: false, resetStyles: false,
          bundlePath: base, baseUrl: root ? root.pathname : "/", noWorker: true
        };
        if (found.length) {
          /* Filter names and values come from other sites too, and Pagefind's
           * interface writes them as HTML: this copy of its API escapes them. */
          var federated = new URL("assets/kb/federation/", root).href;
          var sheet = document.createElement("link");
          sheet.rel = "stylesheet";
          sheet.href = federated + "federation.css";
          document.head.appendChild(sheet);
          options.bundlePath = federated;
          options.mergeFilter = {};
          options.mergeFilter[BANK_FILTER] = merged.name;
          options.openFilters = [BANK_FILTER];
          options.mergeIndex = found.map(function (bank) {
            var filter = {};
            filter[BANK_FILTER] = bank.name;
            return { bundlePath: bank.bundle, baseUrl: bank.url, indexWeight: bank.weight,
              mergeFilter: filter };
          });
          options.processResult = labelled(merged.name, root.pathname, found);
        }
        var ui = new window.PagefindUI(options);
        var query = new URLSearchParams(window.location.search).get("q");
        if (query) { ui.triggerSearch(query); }
      });
    };
    document.head.appendChild(script);
  }

  function start() {
    update(document);
    keyboardReachable(document);
    drawer();
    startSearch();
  }

  var resizing = null;
  window.addEventListener("resize", function () {
    window.clearTimeout(resizing);
    resizing = window.setTimeout(function () { keyboardReachable(document); }, 200);
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
