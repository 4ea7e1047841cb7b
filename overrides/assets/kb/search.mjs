// @ts-check
// The header search (overrides/partials/search.html) over the site's Pagefind index.
//
// The build indexes the site with Pagefind (generator/search.py) into <site>/pagefind/,
// an index split into small files: a search fetches Pagefind's script and WebAssembly
// once, then only the index chunks of the words typed and the fragments of the results
// shown (ten at a time, more as the reader scrolls). Nothing loads before the reader
// opens search; nothing is fetched from another site.
//
// It keeps Material's look (its markup and classes) and its keyboard use: "f", "s" or "/"
// open search; typing searches; Enter opens the best result; the arrow keys move between
// the query and the results; Escape closes. A filter by service narrows the results (a
// code page carries its service as a Pagefind filter). A `?q=` in the address opens
// search with that query, as Material's did (the no-JavaScript lookup lands there too).
//
// No inline scripts (CSP: script-src 'self', plus 'wasm-unsafe-eval' for Pagefind's
// WebAssembly); every URL derives from this module's own URL, so the site works under
// any base path.

import { loadMessages, pageLang, t } from "./i18n.mjs";

const ASSETS = new URL("./", import.meta.url);
const SITE = new URL("../../", ASSETS);
const BATCH = 10; // results whose fragments are fetched at a time (Material renders 10)
const DEBOUNCE_MS = 100;
const SUB_RESULTS = 3; // sections shown under a page, like Material's

// Pagefind

let engine = null; // Promise of the Pagefind module, initialised for `engineLang`
let engineLang = null;

/** Pagefind, loaded the first time it is needed (and again for another page language). */
function pagefind() {
  const lang = pageLang();
  if (engine && engineLang !== lang) {
    const old = engine;
    engine = old.then(async (pf) => {
      await pf.destroy(); // its index is the old language's
      return start(pf);
    });
  }
  engineLang = lang;
  engine ??= import(new URL("pagefind/pagefind.js", SITE).href).then(start);
  engine = engine.catch((error) => {
    engine = null; // try again on the next search
    throw error;
  });
  return engine;
}

async function start(pf) {
  await pf.options({ baseUrl: SITE.pathname, excerptLength: 24 });
  await pf.init();
  return pf;
}

// Material's words for the result count, as its search used them (the page's language).

function materialWords() {
  try {
    return JSON.parse(document.getElementById("__config")?.textContent ?? "{}").translations ?? {};
  } catch {
    return {};
  }
}

function countText(count, typed) {
  const words = materialWords();
  if (count === 0) {
    return (typed ? words["search.result.none"] : words["search.result.placeholder"]) ?? "";
  }
  if (count === 1) return words["search.result.one"] ?? "1 matching document";
  return (words["search.result.other"] ?? "# matching documents").replace("#", count.toLocaleString());
}

// Rendering (Material's result markup, so its stylesheet applies)

function el(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, value);
  node.append(...children);
  return node;
}

/**
 * Pagefind's excerpt as nodes: its text has entities encoded and <mark> around matches.
 * Built from text nodes and <mark> elements only, so nothing in it can become markup.
 */
export function excerptNodes(excerpt) {
  const decode = (text) =>
    new DOMParser().parseFromString(`<!doctype html><body>${text}`, "text/html").body.textContent;
  const nodes = [];
  let marked = false;
  for (const part of String(excerpt).split(/(<\/?mark>)/)) {
    if (part === "<mark>") marked = true;
    else if (part === "</mark>") marked = false;
    else if (part) nodes.push(marked ? el("mark", {}, decode(part)) : decode(part));
  }
  return nodes;
}

function resultLink(url, heading, excerpt, score, parent) {
  const article = el("article", {
    class: "md-search-result__article md-typeset",
    "data-md-score": Number(score ?? 0).toFixed(2),
  });
  if (parent) article.append(el("div", { class: "md-search-result__icon md-icon" }));
  article.append(el(parent ? "h1" : "h2", {}, heading));
  if (excerpt) article.append(el("p", {}, ...excerptNodes(excerpt)));
  return el("a", { href: url, class: "md-search-result__link", tabindex: "-1" }, article);
}

function resultItem(data, score) {
  const title = data.meta?.title ?? data.url;
  const sections = (data.sub_results ?? [])
    .filter((sub) => sub.url !== data.url && sub.url.includes("#") && sub.title !== title)
    .slice(0, SUB_RESULTS);
  return el(
    "li",
    { class: "md-search-result__item" },
    resultLink(data.url, title, sections.length ? "" : data.excerpt, score, true),
    ...sections.map((sub) => resultLink(sub.url, sub.title, sub.excerpt, score, false)),
  );
}

// The search box

class SearchBox {
  /**
   * @param {HTMLElement} root the search dialog (overrides/partials/search.html)
   * @param {HTMLInputElement} toggle Material's search toggle (#__search)
   */
  constructor(root, toggle) {
    const part = (/** @type {string} */ name) => {
      const found = root.querySelector(`[data-kb-search-${name}]`);
      if (!(found instanceof HTMLElement)) throw new Error(`search box without ${name}`);
      return found;
    };
    this.root = root;
    this.toggle = toggle;
    this.query = /** @type {HTMLInputElement} */ (part("query"));
    this.list = part("list");
    this.meta = part("meta");
    this.filterBox = part("filter");
    this.service = /** @type {HTMLSelectElement} */ (part("service"));
    this.generation = 0; // each search's number: a later one makes earlier ones stale
    this.results = [];
    this.shown = 0;
    this.pending = Promise.resolve();
    this.searched = null; // the query and service the results shown are for
    this.loadingFor = null; // the search whose next batch is being fetched
    this.timer = null;
    this.filtersLoaded = false;
    this.closings = 0; // how many times search was closed (see the focus listener)
  }

  bind() {
    const { query, toggle } = this;
    // After the event: a click on a label of the toggle flips it once focus has moved.
    // Unless search was closed meanwhile (an Escape: input goes before timers).
    query.addEventListener("focus", () => {
      const closings = this.closings;
      setTimeout(() => {
        if (this.closings === closings) this.open();
      });
    });
    query.addEventListener("input", () => this.schedule());
    query.form.addEventListener("submit", (event) => event.preventDefault());
    query.form.addEventListener("reset", () => {
      setTimeout(() => {
        this.search();
        query.focus();
      });
    });
    this.service.addEventListener("change", () => this.search());
    toggle.addEventListener("change", () => (toggle.checked ? this.opened() : this.closed()));
    // Focus in the click itself: phones show their keyboard only for a focus a tap made.
    for (const label of document.querySelectorAll("header .md-header__button[for='__search']")) {
      label.addEventListener("click", () => query.focus());
    }
    this.root.addEventListener("click", (event) => {
      if (event.target instanceof Element && event.target.closest("a[href]")) this.close();
    });
    this.root.addEventListener("focusout", (event) => {
      // Tab out of the dialog closes it, as Material's Tab did.
      if (event.relatedTarget instanceof Node && !this.root.contains(event.relatedTarget)) {
        this.close();
      }
    });
    document.addEventListener("keydown", (event) => this.key(event));
    this.observer = new IntersectionObserver((entries) => {
      if (entries.some((entry) => entry.isIntersecting)) this.more(this.generation);
    }, { root: this.root.querySelector(".md-search__scrollwrap") });
    const params = new URLSearchParams(location.search);
    if (params.has("q")) {
      query.value = params.get("q");
      this.open();
      query.focus();
      this.search();
    }
  }

  open() {
    if (!this.toggle.checked) {
      this.toggle.checked = true;
      this.toggle.dispatchEvent(new Event("change"));
    }
  }

  close() {
    this.closings += 1;
    if (this.toggle.checked) {
      this.toggle.checked = false;
      this.toggle.dispatchEvent(new Event("change"));
    }
  }

  opened() {
    if (document.activeElement !== this.query) this.query.focus();
    this.loadFilters();
  }

  closed() {
    this.query.blur();
    const url = new URL(location.href);
    if (url.searchParams.has("q")) {
      url.searchParams.delete("q");
      history.replaceState(history.state, "", url);
    }
  }

  /** Offer each service the index knows, once search is opened. */
  async loadFilters() {
    if (this.filtersLoaded) return;
    this.filtersLoaded = true;
    try {
      const [pf, words] = await Promise.all([pagefind(), loadMessages()]);
      const services = Object.entries((await pf.filters()).service ?? {})
        .sort(([a], [b]) => a.localeCompare(b));
      this.root.querySelector("[data-kb-search-filter-label]").textContent = t(words, "Service");
      this.root.querySelector("[data-kb-search-all]").textContent = t(words, "All services");
      for (const [name, count] of services) {
        this.service.append(el("option", { value: name }, `${name} (${count.toLocaleString()})`));
      }
      this.filterBox.hidden = services.length === 0;
    } catch {
      this.filtersLoaded = false; // try again when search opens next
    }
  }

  schedule() {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.search(), DEBOUNCE_MS);
  }

  /** What the results are for: the query as typed and the service chosen. */
  wanted() {
    return JSON.stringify([this.query.value.trim(), this.service.value]);
  }

  /** Run the query as it stands; resolves when the first results are shown. */
  search() {
    clearTimeout(this.timer);
    this.searched = this.wanted();
    const generation = ++this.generation;
    this.pending = this.run(generation).catch(() => {
      if (generation === this.generation) {
        this.meta.textContent = materialWords()["search.result.none"] ?? "";
      }
    });
    return this.pending;
  }

  async run(generation) {
    const text = this.query.value.trim();
    const service = this.service.value;
    if (!text && !service) {
      this.show(generation, []);
      return;
    }
    const pf = await pagefind();
    const found = await pf.search(text || null, service ? { filters: { service } } : {});
    this.show(generation, found?.results ?? [], text);
    await this.more(generation);
  }

  show(generation, results, text = "") {
    if (generation !== this.generation) return;
    this.results = results;
    this.shown = 0;
    this.observer.disconnect();
    this.list.replaceChildren();
    this.list.dataset.kbSearchFor = text; // what the results are for (tests wait on it)
    this.meta.textContent = countText(results.length, text || this.service.value);
  }

  /** Fetch and show the next results' fragments. */
  async more(generation) {
    if (generation !== this.generation || this.loadingFor === generation) return;
    const batch = this.results.slice(this.shown, this.shown + BATCH);
    if (batch.length === 0) return;
    this.loadingFor = generation;
    try {
      const data = await Promise.all(batch.map((result) => result.data()));
      if (generation !== this.generation) return;
      this.shown += batch.length;
      data.forEach((item, i) => this.list.append(resultItem(item, batch[i].score)));
      this.observer.disconnect();
      if (this.shown < this.results.length) this.observer.observe(this.list.lastElementChild);
    } finally {
      if (this.loadingFor === generation) this.loadingFor = null;
    }
  }

  /** The results' links, in order, where the arrow keys stop. */
  links() {
    const selector = ":not(details) > [href], summary, details[open] [href]";
    return [...this.list.querySelectorAll(selector)].filter(
      /** @returns {e is HTMLElement} */ (e) => e instanceof HTMLElement,
    );
  }

  key(event) {
    if (event.metaKey || event.ctrlKey || event.altKey || event.defaultPrevented) return;
    const active = document.activeElement;
    if (!this.toggle.checked) {
      if (["f", "s", "/"].includes(event.key) && !typing(active)) {
        event.preventDefault();
        this.open();
        this.query.focus();
        this.query.select();
      }
      return;
    }
    switch (event.key) {
      case "Escape":
        this.close();
        break;
      case "Enter":
        if (active === this.query) {
          event.preventDefault();
          // The best result of what is typed now, whether or not its search has run yet.
          const ready = this.searched === this.wanted() ? this.pending : this.search();
          ready.then(() => this.links()[0]?.click());
        }
        break;
      case "ArrowUp":
      case "ArrowDown": {
        if (active === this.service) return; // the select's own arrows
        const stops = [this.query, ...this.links()];
        const at = Math.max(0, stops.findIndex((stop) => stop === active));
        const next = (at + stops.length + (event.key === "ArrowUp" ? -1 : 1)) % stops.length;
        stops[next].focus();
        event.preventDefault();
        break;
      }
      default:
        if (event.key.length === 1 && active !== this.query && active !== this.service) {
          this.query.focus(); // typing on a result goes on in the query
        }
    }
  }
}

const NOT_TYPED = new Set(["checkbox", "radio", "button", "submit", "reset", "range", "color",
  "file", "image"]);

/** Whether keys typed now go into a field (so "s" is a letter, not the shortcut). */
function typing(element) {
  if (!(element instanceof HTMLElement)) return false;
  if (element instanceof HTMLInputElement) return !NOT_TYPED.has(element.type);
  return element.isContentEditable || ["TEXTAREA", "SELECT"].includes(element.tagName);
}

function bind() {
  const root = document.querySelector("[data-kb-search]:not([data-kb-bound])");
  const toggle = document.getElementById("__search");
  if (!(root instanceof HTMLElement) || !(toggle instanceof HTMLInputElement)) return;
  root.setAttribute("data-kb-bound", "");
  new SearchBox(root, toggle).bind();
}

// The header is not replaced by Material's instant navigation: binding once is enough.
if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", bind);
else bind();
