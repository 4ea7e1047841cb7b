// @ts-check
// Reader features of every page (MkDocs extra_javascript, type: module):
//
// - the error-code lookup (form[data-kb-lookup], on the home and 404 pages): an exact match
//   (aliases included) that one service has goes straight to the code's page; a code
//   several services share asks which service, unless the reader named it ("disney 83");
//   else near matches, else the pages that mention the words typed (fulltext.mjs), else a
//   link to all codes; without JavaScript the form is a GET to the all-codes page;
// - in each set of per-device tabs, the tab the reader chose before (Material stores
//   choices), else the reader's platform (browser, system), pre-selected; also in sets
//   inside collapsed blocks, which Material's own restore passes by.
//
// Bound again after Material's instant navigation (document$). No inline scripts (CSP:
// script-src 'self'); every URL derives from this module's own URL, which lives at
// <site>/assets/kb/site.mjs, so the site works under any base path and from any depth
// (the 404 page included).

import { loadIndexFor, loadRoot, lookupKey } from "./codeindex.mjs";
import { searchPages } from "./fulltext.mjs";
import { langPrefix, loadMessages, syncLang, t } from "./i18n.mjs";

const ASSETS = new URL("./", import.meta.url);
const SITE = new URL("../../", ASSETS);
const MAX_SUGGESTIONS = 6;

// Lookup (its data: codeindex.mjs fetches the shards of codes.json a query needs)

export { lookupKey };

/** Optimal string alignment distance (Levenshtein plus swapped neighbours). */
function distance(a, b) {
  const rows = Array.from({ length: a.length + 1 }, (_, i) => [i]);
  for (let j = 1; j <= b.length; j++) rows[0][j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      rows[i][j] = Math.min(rows[i - 1][j] + 1, rows[i][j - 1] + 1, rows[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        rows[i][j] = Math.min(rows[i][j], rows[i - 2][j - 2] + 1);
      }
    }
  }
  return rows[a.length][b.length];
}

/** Rank one spelling against what the reader typed; lower is closer, null is no match. */
function closeness(key, spelling) {
  if (spelling.startsWith(key)) return 0;
  if (key.length >= 3 && spelling.includes(key)) return 1;
  if (spelling.length >= 4 && key.includes(spelling)) return 1; // "netflix nses-404"
  const d = distance(key, spelling);
  return d <= (key.length <= 4 ? 1 : 2) ? 1 + d : null;
}

/**
 * Page ids (``<service>/<code>``) that what the reader typed names exactly; mirrors
 * generator.graph.resolve. A service's name in front ("disney 83", "netflix m7702")
 * narrows to that service; without one, every service with the code is a candidate.
 */
export function resolve(index, typed) {
  const words = typed.toLowerCase().replace(/[^a-z0-9]/g, "");
  const names = Object.entries(index.services ?? {})
    .flatMap(([id, service]) => service.names.map((name) => [name, id]))
    .sort(([a], [b]) => b.length - a.length);
  for (const [name, id] of names) {
    const rest = words.slice(name.length);
    if (words.startsWith(name) && rest) {
      const mine = inService(index, lookupKey(rest), id);
      if (mine.length > 0) return mine;
    }
  }
  const key = lookupKey(typed);
  if (Object.hasOwn(index.keys, key)) return index.keys[key];
  return Object.keys(index.services ?? {}).flatMap((id) => inService(index, key, id));
}

/** Page ids of one service for ``key``, or for a sibling in its letter family. */
function inService(index, key, id) {
  const mine = (pages) => (pages ?? []).filter((page) => page.startsWith(`${id}/`));
  const pages = mine(Object.hasOwn(index.keys, key) ? index.keys[key] : []);
  const family = index.services[id]?.families ?? "";
  if (pages.length > 0 || !key || !family.includes(key[0])) return pages;
  for (const letter of family.replace(key[0], "")) {
    for (const page of mine(index.keys[letter + key.slice(1)])) {
      if (!pages.includes(page)) pages.push(page);
    }
  }
  return pages;
}

/** Page ids whose spellings (code or alias) are near ``key``, closest first. */
export function nearMatches(key, index) {
  const best = new Map();
  for (const [spelling, pages] of Object.entries(index.keys)) {
    const rank = closeness(key, spelling);
    if (rank === null) continue;
    for (const page of pages) {
      if (rank < (best.get(page) ?? Infinity)) best.set(page, rank);
    }
  }
  return [...best]
    .sort(([a, x], [b, y]) => x - y || a.localeCompare(b))
    .slice(0, MAX_SUGGESTIONS)
    .map(([page]) => page);
}

function el(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, value);
  node.append(...children);
  return node;
}

/** A site-relative address in the page's language ("codes/" -> "es/codes/" on Spanish pages). */
function localURL(path) {
  const url = new URL(path, SITE);
  if (!url.pathname.startsWith(SITE.pathname)) return url;
  return new URL(langPrefix() + url.pathname.slice(SITE.pathname.length) + url.hash, SITE);
}

function allCodesLink(text) {
  return el("a", { href: localURL("codes/").href }, text);
}

async function lookup(form) {
  const input = form.querySelector("input[name='q']");
  const out = form.querySelector("[data-kb-lookup-result]");
  const typed = input?.value.trim() ?? "";
  const say = (...nodes) => out?.replaceChildren(el("p", {}, ...nodes));
  const key = lookupKey(typed);
  const words = await loadMessages();
  if (!key) {
    say(t(words, "Type the code the service shows, for example M7702-1003."));
    input?.focus();
    return;
  }
  let index;
  try {
    index = await loadIndexFor(typed);
  } catch {
    form.submit(); // the list of all codes, as without JavaScript
    return;
  }
  const item = (page) => {
    const entry = index.codes[page];
    return el("li", {}, el("a", { href: localURL(entry.url).href }, entry.title));
  };
  const exact = resolve(index, typed);
  if (exact.length === 1) {
    const entry = index.codes[exact[0]];
    say(t(words, "Opening {code} …", { code: entry.code }));
    location.assign(localURL(entry.url));
    return;
  }
  if (exact.length > 1) {
    out?.replaceChildren(
      el("p", {}, t(words, "Several services show “{typed}”. Which one showed it to you?",
                    { typed })),
      el("ul", { class: "kb-lookup__matches" }, ...exact.map(item)),
    );
    return;
  }
  const near = nearMatches(key, index);
  if (near.length === 0) {
    await searchInstead(out, typed, words);
    return;
  }
  out?.replaceChildren(
    el("p", {}, t(words, "No page for “{typed}” exactly. Did you mean:", { typed })),
    el("ul", { class: "kb-lookup__matches" }, ...near.map(item)),
    el("p", {}, t(words, "Or "), allCodesLink(t(words, "see all error codes")), "."),
  );
}

/**
 * No code is near what the reader typed ("widevine", "netflix not working"): list the
 * pages that mention it, from the header search's index (fulltext.mjs), in place.
 */
async function searchInstead(out, typed, words) {
  let found = [];
  try {
    found = await searchPages(typed);
  } catch {
    // The index could not be read: say there is no page, with the way to all codes.
  }
  if (found.length === 0) {
    out?.replaceChildren(el(
      "p",
      {},
      t(words, "No page for “{typed}” yet.", { typed }),
      " ",
      allCodesLink(t(words, "See all error codes")),
      ".",
    ));
    return;
  }
  const items = found.map((page) =>
    el(
      "li",
      {},
      el("a", { href: page.url }, page.title),
      ...(page.excerpt ? [el("br"), el("span", { class: "kb-lookup__excerpt" }, page.excerpt)] : []),
    ));
  out?.replaceChildren(
    el("p", {}, t(words, "No code matches “{typed}”. Pages that mention it:", { typed })),
    el("ul", { class: "kb-lookup__matches", "data-kb-lookup-pages": "" }, ...items),
    el("p", {}, t(words, "Or "), allCodesLink(t(words, "see all error codes")), "."),
  );
}

/**
 * The code a missing page's address asks for, if its last part looks like one:
 * "/codes/M7702-1003/" and "/netflix/m7702-1003/index.html" give "M7702-1003" and
 * "m7702-1003"; "/no/such/page/" gives null (a code has a digit).
 */
export function codeInAddress(pathname) {
  const parts = pathname.split("/").filter(Boolean).map((part) => {
    try {
      return decodeURIComponent(part);
    } catch {
      return part;
    }
  });
  let last = (parts.at(-1) ?? "").replace(/\.html?$/i, "");
  if (last.toLowerCase() === "index") last = parts.at(-2) ?? "";
  const codeLike = /^[A-Za-z0-9]+(?:[-.: _][A-Za-z0-9]+)*$/.test(last) && /\d/.test(last);
  return codeLike && lookupKey(last).length >= 3 ? last : null;
}

/**
 * On the 404 page: look up the code the address asks for. A code the site has goes on to
 * its page (addresses are case-sensitive on most hosts: /codes/M7702-1003/ is missing,
 * /codes/m7702-1003/ is not), with a link in case; any other shows the lookup's answer.
 */
async function lookupAddress(form) {
  const typed = codeInAddress(location.pathname);
  const input = form.querySelector("input[name='q']");
  if (!typed || !input || input.value) return;
  input.value = typed;
  let index;
  let service;
  try {
    // "/netflix/M7702-1003/" names its service: look the code up within it.
    const folders = location.pathname.split("/").map((part) => part.toLowerCase());
    service = Object.keys((await loadRoot()).services).find((id) => folders.includes(id));
    index = await loadIndexFor(service ? `${service} ${typed}` : typed);
  } catch {
    return; // the reader can still press Find
  }
  const exact = resolve(index, service ? `${service} ${typed}` : typed);
  if (exact.length !== 1) {
    await lookup(form); // none, or several services: the lookup's own answer
    return;
  }
  const words = await loadMessages();
  const entry = index.codes[exact[0]];
  const target = localURL(entry.url);
  form.querySelector("[data-kb-lookup-result]")?.replaceChildren(el(
    "p",
    {},
    t(words, "This address asks for {code}:", { code: entry.code }),
    " ",
    el("a", { href: target.href }, entry.title),
  ));
  if (target.pathname !== location.pathname) location.replace(target.href + location.hash);
}

function bindLookups(root) {
  for (const form of root.querySelectorAll("form[data-kb-lookup]:not([data-kb-bound])")) {
    form.setAttribute("data-kb-bound", "");
    if (form.hasAttribute("data-kb-lookup-address")) lookupAddress(form);
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      lookup(form);
    });
  }
}

// Platform tabs

/** Tab labels (generator/render.py PLATFORMS) for this browser, most specific first. */
export function platformLabels(nav = navigator) {
  const ua = nav.userAgent ?? "";
  const hints = nav.userAgentData ?? { brands: [], platform: "" };
  const brands = (hints.brands ?? []).map((b) => b.brand);
  const platform = hints.platform ?? "";
  let os = null;
  if (/iPhone|iPad|iPod/.test(ua) || (/Macintosh/.test(ua) && nav.maxTouchPoints > 1)) {
    os = "iPhone and iPad"; // iPadOS asks for desktop pages as a Mac with a touch screen
  } else if (/Android/.test(ua) || platform === "Android") os = "Android";
  else if (/CrOS/.test(ua) || platform === "Chrome OS") os = "ChromeOS";
  else if (/Windows/.test(ua) || platform === "Windows") os = "Windows";
  else if (/Macintosh|Mac OS X/.test(ua) || platform === "macOS") os = "Mac";
  else if (/Linux|X11/.test(ua) || platform === "Linux") os = "Linux";
  let browser = null;
  if (/Edg(e|A|iOS)?\//.test(ua) || brands.includes("Microsoft Edge")) browser = "Edge";
  else if (/OPR\/|Opera|OPT\//.test(ua) || brands.includes("Opera")) browser = "Opera";
  else if (/Firefox\/|FxiOS\//.test(ua)) browser = "Firefox";
  else if (/Chrome\/|CriOS\/|Chromium\//.test(ua) || brands.includes("Google Chrome")) {
    browser = "Chrome";
  } else if (/Safari\//.test(ua)) browser = "Safari";
  // On phones and tablets the device's steps matter more than the browser's.
  const mobile = os === "Android" || os === "iPhone and iPad";
  return (mobile ? [os, browser] : [browser, os]).filter(Boolean);
}

/**
 * A platform's tab label in the page's language (synchronous: from <meta name="kb-lang">).
 * @param {string} english
 * @returns {string}
 */
function platformLabel(english) {
  try {
    const meta = /** @type {HTMLMetaElement | null} */ (
      document.querySelector('meta[name="kb-lang"]')
    );
    const labels = JSON.parse(meta?.dataset.platforms || "{}");
    return typeof labels[english] === "string" ? labels[english] : english;
  } catch {
    return english;
  }
}

/** The tab labels the reader chose before (Material's linked tabs keep them). */
function chosenTabs() {
  try {
    const tabs = typeof __md_get === "function" ? __md_get("__tabs") : null;
    return Array.isArray(tabs) ? tabs : [];
  } catch {
    return [];
  }
}

/** The label text of each tab of a set (textContent: see ``selectTab``). */
function tabLabels(set) {
  return [...set.querySelectorAll(":scope > .tabbed-labels > label")];
}

/** Check the first tab of ``set`` named in ``names``; return whether one was. */
function selectTab(set, names) {
  // textContent, not innerText: a set inside a closed <details> is not rendered, and its
  // innerText is empty, so Material's own restore of the reader's choice (which reads
  // innerText) passes it by.
  const labels = tabLabels(set);
  const texts = labels.map((label) => label.textContent.trim());
  const pick = names.map((name) => labels[texts.indexOf(name)]).find(Boolean);
  const input = /** @type {HTMLInputElement | null} */ (
    pick && document.getElementById(pick.htmlFor)
  );
  if (input) input.checked = true;
  return Boolean(input);
}

/**
 * Check, in every tab set, the tab the reader chose before, else their platform's.
 *
 * Runs synchronously when document$ emits, before Material mounts the tabs (it mounts on
 * a later task), so Material starts from the checked input: the underline is right and
 * nothing is written to the reader's stored choice.
 */
function preselectTabs(root) {
  const wanted = platformLabels().map(platformLabel);
  const chosen = chosenTabs();
  const hash = location.hash.slice(1); // tab inputs have plain ids: __tabbed_1_2
  for (const set of root.querySelectorAll(".tabbed-set:not([data-kb-preselected])")) {
    set.setAttribute("data-kb-preselected", "");
    if (hash && tabLabels(set).some((label) => label.htmlFor === hash)) continue; // a link to a tab
    if (!selectTab(set, chosen)) selectTab(set, wanted);
  }
}

/**
 * When a collapsed block opens, show in its tab sets the tab the reader last chose.
 *
 * Material switches every set to the tab the reader clicks, by its innerText, which is
 * empty in a closed block: those sets kept their old tab. The reader's choices are stored
 * most recent first.
 */
function followChoiceOnOpen(event) {
  const details = event.target;
  if (!(details instanceof HTMLDetailsElement) || !details.open) return;
  const chosen = chosenTabs();
  if (chosen.length === 0) return;
  for (const set of details.querySelectorAll(".tabbed-set")) selectTab(set, chosen);
}

// Links into collapsed blocks

/**
 * Open the blocks around the element the address points to, and bring it into view.
 *
 * A link to a cause in the collapsed "Less likely causes" group must land on that cause.
 * Browsers open a closed <details> on their own when the address's target is inside it,
 * and so does Material, but Material then scrolls to the top of the block, which in a
 * long group hides the cause. This runs after both (a task later) and scrolls to the
 * target itself; it leaves targets outside collapsed blocks to the browser.
 */
function revealTarget() {
  const target = targetOf(location.hash);
  if (openAround(target)) target.scrollIntoView();
}

/** The element a hash ("#firewall") points to on this page, if any. */
function targetOf(hash) {
  let id;
  try {
    id = decodeURIComponent(hash.slice(1));
  } catch {
    return null; // a malformed address: nothing to reveal
  }
  return id ? document.getElementById(id) : null;
}

/** Open the collapsed blocks around `target`; whether it is in one (in the article). */
function openAround(target) {
  if (!target?.closest("article details")) return false;
  for (let block = target.closest("details"); block; block = block.parentElement?.closest("details")) {
    block.open = true;
  }
  return true;
}

/**
 * Open the blocks around an in-page link's target at the click, before anything scrolls.
 *
 * Material's instant navigation takes a click on an in-page link over: it pushes the
 * address, its <details> handling scrolls the top of a closed block into view, and it
 * scrolls to the target a moment later, unless it has saved a scroll position for the
 * new entry meanwhile (100 ms after a scroll), which it then restores. On a busy page the
 * reader landed at the top of the "Less likely causes" group, the address saying so, not
 * on the cause (no hashchange comes: `revealTarget` never ran). With the blocks open
 * first, Material and the browser both just scroll to the target.
 */
function openBeforeFollowing(event) {
  const link = event.target instanceof Element ? event.target.closest("a[href]") : null;
  if (!(link instanceof HTMLAnchorElement) || !link.hash) return;
  if (link.origin !== location.origin || link.pathname !== location.pathname
    || link.search !== location.search) return;
  openAround(targetOf(link.hash));
}

function revealSoon() {
  setTimeout(revealTarget, 0);
}

// Binding

function bind() {
  syncLang();
  bindLookups(document);
  preselectTabs(document);
  revealSoon();
}

// "toggle" does not bubble: listen in the capture phase, once for every page.
document.addEventListener("toggle", followChoiceOnOpen, true);
window.addEventListener("hashchange", revealSoon);
// Capture phase: before Material's listener on <body> and before the browser follows it.
document.addEventListener("click", openBeforeFollowing, true);

if (typeof document$ !== "undefined") {
  // Material's instant navigation swaps the page without reloading this module.
  document$.subscribe(bind);
} else if (document.readyState === "loading") {
  document.addEventListener("DOMContentLoaded", bind);
} else {
  bind();
}
