// @ts-check
// Full-text search for the code lookup (site.mjs): when what the reader typed matches no
// code ("widevine", "error 1003", "netflix not working"), the lookup lists the pages that
// mention it, in place, from the same index as the header search.
//
// The seam: `searchPages(query)` resolves to at most `limit` results, code pages first,
// each `{ url, title, excerpt, code }` (url absolute, excerpt plain text, code true for
// a code page). Two backends sit behind it, chosen by the header search the page has:
//
// - Pagefind (the header search marked [data-kb-search], assets/kb/search.mjs): its
//   index is split into fragments, so a query fetches only what it needs; where fewer
//   code pages than asked have every word typed, code pages with some of them follow;
// - Material's search plugin: its whole index, search/search_index.json, fetched once
//   when the lookup first needs it, and scored here (lunr itself lives in Material's
//   worker, which has no API for other scripts).
//
// Nothing loads until a lookup finds no code.

const ASSETS = new URL("./", import.meta.url);
const SITE = new URL("../../", ASSETS);
const LIMIT = 6;
const RELEVANT = 0.4; // of the best page's score, for a page to be listed

/** Whether the header search is the Pagefind one (overrides/partials/search.html). */
function usesPagefind() {
  return document.querySelector("[data-kb-search]") !== null;
}

/** Resolve to the pages that match ``query``, code pages first, at most ``limit``. */
export async function searchPages(query, limit = LIMIT) {
  const text = query.trim();
  if (!text) return [];
  const all = usesPagefind() ? await pagefindSearch(text, limit * 2) : await lunrSearch(text);
  // Not results: the page the reader is on, and the list of all codes (the lookup links
  // to it under the results anyway).
  const skip = new Set([new URL(location.pathname, location.href).href, new URL("codes/", SITE).href]);
  const found = all.filter((result) => !skip.has(new URL(result.url).href.split("#")[0]));
  // Code pages first (a reader who typed into the code lookup wants a code), each group
  // in the index's own order.
  return [...found.filter((r) => r.code), ...found.filter((r) => !r.code)].slice(0, limit);
}

// Pagefind

let pagefindModule = null;

function pagefind() {
  pagefindModule ??= import(new URL("pagefind/pagefind.js", SITE).href)
    .then(async (pf) => {
      await pf.options({ baseUrl: SITE.pathname });
      return pf;
    })
    .catch((error) => {
      pagefindModule = null; // try again on the next lookup
      throw error;
    });
  return pagefindModule;
}

/**
 * Code pages (each carries its service as a Pagefind filter) that match every word typed,
 * then, when they are fewer than asked, those that match some of the words (the best
 * first); then the other pages that match every word.
 */
async function pagefindSearch(text, limit) {
  const pf = await pagefind();
  const counts = (await pf.filters())?.service ?? {}; // service -> its number of code pages
  const services = Object.keys(counts);
  let codes = [];
  if (services.length) {
    const onlyCodes = { filters: { service: { any: services } } };
    codes = [...((await pf.search(text, onlyCodes))?.results ?? [])];
    // Few code pages with every word: code pages with some of them follow, best first
    // ("netflix not working" is on no code page word for word).
    if (codes.length < limit && new Set(words(text)).size > 1) {
      const total = Object.values(counts).reduce((sum, n) => sum + Number(n), 0);
      const seen = new Set(codes.map((result) => result.id));
      const more = await anyWord(pf, text, onlyCodes, total);
      codes.push(...more.filter((result) => !seen.has(result.id)));
    }
  }
  const isCode = new Set(codes.map((result) => result.id));
  const others = ((await pf.search(text))?.results ?? []).filter((r) => !isCode.has(r.id));
  const picked = [...codes.slice(0, limit), ...others.slice(0, limit)];
  const data = await Promise.all(picked.map((result) => result.data()));
  return data.map((item, i) => ({
    url: new URL(item.url, location.href).href,
    title: item.meta?.title ?? item.url,
    excerpt: plainText(item.excerpt ?? ""),
    code: isCode.has(picked[i].id),
  }));
}

/**
 * Pagefind finds pages with every word: "netflix not working" is on no code page. Here
 * each word is searched alone and a page scores by the words it has, a word on fewer
 * pages weighing more; pages well below the best are left out.
 */
async function anyWord(pf, text, options, pages) {
  const found = new Map(); // result id -> [score, result]
  const terms = [...new Set(words(text))];
  const searches = await Promise.all(terms.map((term) => pf.search(term, options)));
  for (const search of searches) {
    const results = search?.results ?? [];
    const weight = Math.log(1 + pages / (1 + results.length));
    for (const result of results) {
      const [score] = found.get(result.id) ?? [0];
      found.set(result.id, [score + weight, result]);
    }
  }
  const ranked = [...found.values()].sort(([a], [b]) => b - a);
  const best = ranked[0]?.[0] ?? 0;
  return ranked.filter(([score]) => score >= best * RELEVANT).map(([, result]) => result);
}

/** Pagefind's excerpt (HTML with <mark>) as plain text. */
function plainText(html) {
  return new DOMParser().parseFromString(`<!doctype html><body>${html}`, "text/html").body
    .textContent.trim();
}

// Material's search index

let lunrIndex = null;

function loadLunrIndex() {
  lunrIndex ??= fetch(new URL("search/search_index.json", SITE))
    .then((response) => {
      if (!response.ok) throw new Error(`search_index.json: HTTP ${response.status}`);
      return response.json();
    })
    .then((index) => pagesOf(index.docs ?? []))
    .catch((error) => {
      lunrIndex = null;
      throw error;
    });
  return lunrIndex;
}

/** Words of a text, lowercased: "M7702-1003" -> ["m7702", "1003"]. */
export function words(text) {
  return String(text).toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
}

/**
 * Material's index has an entry per page and per section ("causes/x/#fixes"): one entry
 * per page here, its title, tags and text, and every section's text with it.
 */
function pagesOf(docs) {
  const pages = new Map();
  for (const doc of docs) {
    const location = String(doc.location ?? "");
    const path = location.split("#")[0];
    if (!pages.has(path)) pages.set(path, { path, title: "", tags: [], text: [], summary: "" });
    const page = pages.get(path);
    const text = plainText(String(doc.text ?? ""));
    if (location === path) {
      page.title = String(doc.title ?? "");
      page.tags = (doc.tags ?? []).map(String);
      page.summary = text;
    }
    page.text.push(String(doc.title ?? ""), text);
  }
  return [...pages.values()].map((page) => ({
    ...page,
    titleWords: new Set(words(page.title)),
    tagWords: new Set(page.tags.flatMap(words)),
    textWords: new Set(page.text.flatMap(words)),
    code: page.tags.length > 0, // code pages carry their spellings as tags
  }));
}

/** Whether a page's word set has ``term``, or (for terms of 3+ letters) a word it begins. */
function has(set, term) {
  if (set.has(term)) return true;
  if (term.length < 3) return false;
  for (const word of set) if (word.startsWith(term)) return true;
  return false;
}

/**
 * Rank pages by the query's words: a word in the title or tags weighs most, and a word
 * found on fewer pages weighs more ("netflix" is on every page, "widevine" on a few).
 */
async function lunrSearch(text) {
  const pages = await loadLunrIndex();
  const terms = [...new Set(words(text))];
  const scored = [];
  const rarity = new Map(
    terms.map((term) => {
      const on = pages.filter((p) => has(p.textWords, term) || has(p.tagWords, term)).length;
      return [term, Math.log(1 + pages.length / (1 + on))];
    }),
  );
  for (const page of pages) {
    let score = 0;
    for (const term of terms) {
      const weight = has(page.tagWords, term) || has(page.titleWords, term) ? 3
        : has(page.textWords, term) ? 1 : 0;
      score += weight * rarity.get(term);
    }
    if (score > 0) scored.push([score, page]);
  }
  scored.sort(([a, p], [b, q]) => b - a || p.path.localeCompare(q.path));
  // Pages that share only the common words ("error", "netflix") with the best are noise.
  // Code pages are measured against the best code page: a code page that mentions
  // "widevine" is what the lookup is for, even where a cause page is titled with it.
  const best = scored[0]?.[0] ?? 0;
  const bestCode = scored.find(([, page]) => page.code)?.[0] ?? 0;
  const relevant = ([score, page]) => score >= (page.code ? bestCode : best) * RELEVANT;
  return scored.filter(relevant).map(([, page]) => ({
    url: new URL(page.path, SITE).href,
    title: page.title,
    excerpt: shortened(page.summary),
    code: page.code,
  }));
}

/** The first sentence or so of ``text``: an excerpt, not the page. */
function shortened(text, max = 160) {
  if (text.length <= max) return text;
  const cut = text.slice(0, max);
  const end = Math.max(cut.lastIndexOf(". "), cut.lastIndexOf(" "));
  return `${cut.slice(0, end > max / 2 ? end + (cut[end] === "." ? 1 : 0) : max).trim()} …`;
}
