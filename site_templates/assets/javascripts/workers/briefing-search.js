/* Briefing's search worker. The theme starts it in place of its own (the build names it in
 * the page's configuration) and speaks to it in the theme's messages: SETUP, READY, QUERY,
 * RESULT.
 *
 * It sits beside the theme's worker (assets/javascripts/workers/), so that the theme's worker,
 * loaded from here, finds its lunr language files where it expects them.
 *
 * Over http(s) it answers from the Pagefind index under pagefind/, which a reader fetches in
 * small chunks, only for the words they type. The theme's own index is then an empty list,
 * so nothing large is fetched when a page loads.
 *
 * From file:// a page cannot fetch anything, so the theme runs this script in a frame
 * (iframe-worker) and hands it the full index from search/search_index.js; this script then
 * loads the theme's own worker (named in the configuration as search_theme), which answers
 * as it always has.
 */
"use strict";

const SETUP = 0, READY = 1, QUERY = 2, RESULT = 3;

/* How many pages a query shows; each costs one small fragment request. */
const SHOWN = 30;

/* Sections of a page shown under it before "more on this page". */
const SECTIONS = 2;

function escapeHTML(text) {
  return String(text).replace(/[&<>"']/g, c => ({
    "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;"
  })[c]);
}

function sitePath(url) {
  // Pagefind's URLs start at the site's root ("/issues/x.html"); the theme's are relative
  // to the site ("issues/x.html"), however deep the site is served.
  return url.replace(/^\/+/, "");
}

function terms(query) {
  const found = {};
  for (const word of query.toLowerCase().split(/[\s\-]+/))
    if (word) found[word] = true;
  return found;
}

function item(title, url, text, score, words) {
  return { location: sitePath(url), title: escapeHTML(title), text, score, terms: words };
}

async function answer(pagefind, query) {
  const search = await pagefind.search(query);
  if (!search || !search.results.length)
    return { items: [] };
  // Pagefind ranks: each page's text carries its boost as its weight (see the build's
  // search step), so issue and actor pages come first, as the theme ranks them.
  const ranked = search.results.slice(0, SHOWN);
  const pages = await Promise.all(ranked.map(r => r.data()));
  const words = terms(query);
  return {
    items: pages.map((page, n) => {
      const score = ranked[n].score;
      const title = page.meta.title || page.url;
      // The page's own heading is the page, not a section of it.
      const sections = (page.sub_results || []).filter(s => s.url.includes("#") && s.title !== title);
      const lead = sections.length ? "" : page.excerpt;
      return [
        item(title, page.url, lead, score, words),
        ...sections.map((s, k) =>
          item(s.title, s.url, s.excerpt, k < SECTIONS ? score : score / 2, words))
      ];
    })
  };
}

function hosted() {
  let pagefind = null;
  let loading = null;
  function load() {
    if (!loading)
      loading = import(new URL("../../../pagefind/pagefind.js", self.location.href).href)
        .then(async module => {
          await module.options({ baseUrl: "/" });
          await module.init();
          pagefind = module;
          return module;
        }, err => {
          loading = null;  // try again with the next query
          throw err;
        });
    return loading;
  }
  // One search at a time, and only the latest query's: searches run side by side shared
  // Pagefind's page data, so a result could show an earlier query's highlights.
  let pending = null;
  let running = false;
  async function drain() {
    running = true;
    while (pending !== null) {
      const query = pending;
      pending = null;
      let data = { items: [] };
      if (query) {
        try {
          data = await answer(pagefind || await load(), query);
        } catch (err) {
          data = { items: [] };
        }
      }
      if (pending === null)  // a reader who typed on gets only the answer to the last query
        postMessage({ type: RESULT, data });
    }
    running = false;
  }
  addEventListener("message", ev => {
    const message = ev.data;
    if (message.type === SETUP) {
      postMessage({ type: READY });
    } else if (message.type === QUERY) {
      pending = String(message.data || "").trim();
      if (!running)
        drain();
    }
  });
}

function offline() {
  // In the frame, relative URLs resolve against the page, as the configuration's do.
  const config = JSON.parse(parent.document.getElementById("__config").textContent);
  importScripts(config.search_theme);
}

if (self.location.protocol === "file:" && typeof document !== "undefined")
  offline();
else
  hosted();
