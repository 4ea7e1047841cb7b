// @ts-check
// The code lookup's data, fetched by the shard (generator/codeindex.py writes it).
//
// codes.json is the root: the services and the list of shards, each named by the prefix
// its keys share; codes/<prefix>.json holds those keys (normalised spellings -> page ids)
// and their pages' code and title. `loadIndexFor(typed)` fetches the root once, then only
// the shards the keys of what was typed fall in (the key itself; after a service's name,
// the rest; a sibling in a service's letter family), and returns them merged in the shape
// site.mjs's resolve() and nearMatches() read: { services, keys, codes }.
//
// Each other language has the same files under i18n/<lang>/, with its pages' titles (the
// keys are the same: a reader types the same codes); a page reads its language's.

import { pageLang } from "./i18n.mjs";

const ASSETS = new URL("./", import.meta.url);

/**
 * @typedef {{ name: string, names: string[], families?: string }} Service
 * @typedef {{ version: number, base: string, services: Record<string, Service>,
 *             shards: string[] }} Root
 * @typedef {{ keys: Record<string, string[]>, codes: Record<string, [string, string]> }} Shard
 * @typedef {{ code: string, title: string, url: string }} Entry
 * @typedef {{ services: Record<string, Service>, keys: Record<string, string[]>,
 *             codes: Record<string, Entry> }} Index
 */

/** @type {Map<string, Promise<Root>>} by language */
const roots = new Map();
/** @type {Map<string, Promise<Shard>>} by language and prefix */
const shards = new Map();
const MAX_CHILDREN = 4; // shards fetched for a key shorter than their prefixes

/** Normalise like generator.graph.lookup_key: 'm7702 1003' -> 'M77021003'. */
export function lookupKey(/** @type {string} */ text) {
  return text.toUpperCase().replace(/[^A-Z0-9]/g, "");
}

/** @returns {Promise<any>} */
async function fetchJSON(/** @type {URL} */ url) {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`${url.pathname}: HTTP ${response.status}`);
  return response.json();
}

/** The folder of a language's lookup data: assets/kb/ for English, else i18n/<lang>/. */
function folder(/** @type {string} */ lang) {
  return lang === "en" ? ASSETS : new URL(`i18n/${encodeURIComponent(lang)}/`, ASSETS);
}

/** The root (services, shard list) of the page's language, fetched once. */
export function loadRoot(lang = pageLang()) {
  let root = roots.get(lang);
  if (!root) {
    root = fetchJSON(new URL("codes.json", folder(lang))).catch((error) => {
      roots.delete(lang); // try again on the next lookup
      throw error;
    });
    roots.set(lang, root);
  }
  return root;
}

function loadShard(/** @type {string} */ lang, /** @type {string} */ prefix) {
  const id = `${lang}:${prefix}`;
  let shard = shards.get(id);
  if (!shard) {
    shard = fetchJSON(new URL(`codes/${prefix || "_"}.json`, folder(lang))).catch((error) => {
      shards.delete(id);
      throw error;
    });
    shards.set(id, shard);
  }
  return shard;
}

/**
 * The keys what the reader typed can name (resolve() in site.mjs reads no others): the
 * whole of it; the rest after a service's name ("netflix m7702"); and each of those with
 * its first letter swapped for another of a service's letter family.
 */
export function wantedKeys(/** @type {Root} */ root, /** @type {string} */ typed) {
  const words = typed.toLowerCase().replace(/[^a-z0-9]/g, "");
  const keys = new Set([lookupKey(typed)]);
  for (const service of Object.values(root.services)) {
    for (const name of service.names) {
      if (words.startsWith(name) && words.length > name.length) {
        keys.add(lookupKey(words.slice(name.length)));
      }
    }
  }
  for (const key of [...keys]) {
    for (const service of Object.values(root.services)) {
      const family = service.families ?? "";
      if (key && family.includes(key[0])) {
        for (const letter of family) keys.add(letter + key.slice(1));
      }
    }
  }
  return [...keys].filter(Boolean);
}

/**
 * The shards a key's spellings are in: the one whose prefix the key starts with (the
 * longest); for a key shorter than the shards' prefixes, those it starts (a few at most,
 * for near matches).
 */
export function shardsFor(/** @type {string[]} */ prefixes, /** @type {string} */ key) {
  const holding = prefixes.filter((prefix) => key.startsWith(prefix));
  if (holding.length > 0) {
    return [holding.reduce((a, b) => (b.length > a.length ? b : a))];
  }
  const under = prefixes.filter((prefix) => prefix.startsWith(key));
  return under.length <= MAX_CHILDREN ? under : [];
}

/**
 * The part of the index that what the reader typed needs: the root and its shards.
 * @returns {Promise<Index>}
 */
export async function loadIndexFor(/** @type {string} */ typed) {
  const lang = pageLang();
  const root = await loadRoot(lang);
  const wanted = new Set(wantedKeys(root, typed).flatMap((key) => shardsFor(root.shards, key)));
  const loaded = await Promise.all([...wanted].map((prefix) => loadShard(lang, prefix)));
  /** @type {Index} */
  const index = { services: root.services, keys: {}, codes: {} };
  for (const shard of loaded) {
    for (const [key, pages] of Object.entries(shard.keys)) {
      const merged = (index.keys[key] ??= []);
      for (const page of pages) if (!merged.includes(page)) merged.push(page);
    }
    for (const [page, [code, title]] of Object.entries(shard.codes)) {
      index.codes[page] = { code, title, url: `${root.base}${page}/` };
    }
  }
  return index;
}
