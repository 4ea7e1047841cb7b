// @ts-check
// The code lookup's data, fetched by the shard (generator/codeindex.py writes it).
//
// codes.json is the root: the services and the list of shards, each named by the prefix
// its keys share; codes/<prefix>.json holds those keys (normalised spellings -> page ids)
// and their pages' code and title. `loadIndexFor(typed)` fetches the root once, then only
// the shards the keys of what was typed fall in (the key itself; after a service's name,
// the rest; a sibling in a service's letter family), and returns them merged in the shape
// site.mjs's resolve() and nearMatches() read: { services, keys, codes }.

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

/** @type {Promise<Root> | null} */
let rootPromise = null;
/** @type {Map<string, Promise<Shard>>} */
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

/** The root (services, shard list), fetched once. */
export function loadRoot() {
  rootPromise ??= fetchJSON(new URL("codes.json", ASSETS)).catch((error) => {
    rootPromise = null; // try again on the next lookup
    throw error;
  });
  return rootPromise;
}

function loadShard(/** @type {string} */ prefix) {
  let shard = shards.get(prefix);
  if (!shard) {
    shard = fetchJSON(new URL(`codes/${prefix || "_"}.json`, ASSETS)).catch((error) => {
      shards.delete(prefix);
      throw error;
    });
    shards.set(prefix, shard);
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
  const root = await loadRoot();
  const wanted = new Set(wantedKeys(root, typed).flatMap((key) => shardsFor(root.shards, key)));
  const loaded = await Promise.all([...wanted].map(loadShard));
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
