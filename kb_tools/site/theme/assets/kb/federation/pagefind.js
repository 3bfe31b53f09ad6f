/* Kunskapsbanken: Pagefind's search API for a search page that merges other
 * banks' indexes. Pagefind's interface writes filter names and values into
 * the page as HTML; once other sites' indexes are merged, those are text from
 * other sites, so this module escapes them on the way out and reads them back
 * on the way in. Everything else is Pagefind's own API, unchanged.
 *
 * kb.js points the interface here (its bundlePath) only when other banks are
 * merged; the site's own index stays in ../../../pagefind/. */
import * as pagefind from "../../../pagefind/pagefind.js";
export * from "../../../pagefind/pagefind.js";

const ESCAPES = { "&": "&amp;", "<": "&lt;", ">": "&gt;", "\"": "&quot;", "'": "&#39;" };
const UNESCAPES = Object.fromEntries(Object.entries(ESCAPES).map(([c, e]) => [e, c]));

function escape(text) {
  return String(text).replace(/[&<>"']/g, (c) => ESCAPES[c]);
}

function unescape(text) {
  return String(text).replace(/&(?:amp|lt|gt|quot|#39);/g, (e) => UNESCAPES[e]);
}

/* {name: {value: count}} as the interface shows it. */
function shown(counts) {
  const out = {};
  for (const [name, values] of Object.entries(counts || {})) {
    const escaped = {};
    for (const [value, count] of Object.entries(values || {})) {
      escaped[escape(value)] = count;
    }
    out[escape(name)] = escaped;
  }
  return out;
}

/* The interface's chosen filters, as the index knows them. */
function asIndexed(options) {
  if (!options || !options.filters) {
    return options;
  }
  const filters = {};
  for (const [name, values] of Object.entries(options.filters)) {
    filters[unescape(name)] = Array.isArray(values) ? values.map(unescape)
      : typeof values === "string" ? unescape(values) : values;
  }
  return { ...options, filters };
}

function withShownFilters(response) {
  if (response) {
    response.filters = shown(response.filters);
    response.totalFilters = shown(response.totalFilters);
  }
  return response;
}

export async function filters() {
  return shown(await pagefind.filters());
}

export async function preload(term, options) {
  return pagefind.preload(term, asIndexed(options));
}

export async function search(term, options) {
  return withShownFilters(await pagefind.search(term, asIndexed(options)));
}

export async function debouncedSearch(term, options, timeout) {
  return withShownFilters(await pagefind.debouncedSearch(term, asIndexed(options), timeout));
}
