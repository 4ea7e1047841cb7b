// @ts-check
// The checker's page side, loaded once per visit (MkDocs extra_javascript, type: module).
//
// It binds every "Check this browser" block, also after Material's instant navigation
// (document$), and on the first click starts one module worker (worker.mjs) that loads
// Pyodide and the checker wheel; later runs, on this page or after instant navigation,
// reuse it. Nothing of Pyodide is fetched before a click (pointing at or focusing the
// button only fetches this site's build.json, manifest and bridge). While the probe runs in
// the worker, this module answers its requests for window-only operations (bridge.mjs),
// then renders the report, marks the sections of this page that findings point to and
// offers to copy the report. `window.kbChecker.run()` returns the same report object.
//
// No inline scripts (CSP: script-src 'self' 'wasm-unsafe-eval'); every URL is derived from
// this module's own URL, so the site works under any base path and never leaves its origin.

import { loadMessages, msg, N_, pageLang, t, tMessage } from "./i18n.mjs";

const ASSETS = new URL("./", import.meta.url); // <site>/assets/kb/

// English; shown through t() in the page's language. Status values stay as they are.
const STATUS_LABEL = {
  fail: N_("Problem"),
  warn: N_("Warning"),
  unknown: N_("Unknown"),
  ok: N_("OK"),
};
const STATUS_ORDER = ["fail", "warn", "unknown", "ok"];
const BADGE_TEXT = {
  fail: N_("Checker: problem found here"),
  warn: N_("Checker: worth a look"),
  unknown: N_("Checker: could not tell"),
};
const MAX_LINKS = 4; // a check shared by many codes would otherwise list them all
// The page's own limits, above the worker's (180 s to start, 45 s to check): a worker
// stuck in synchronous code cannot time itself out, so the page ends it.
const START_LIMIT_MS = 200_000;
const CHECK_LIMIT_MS = 60_000;

// What the first check downloads, in bytes: Pyodide and the checker (`python`), and all
// of the first run (`firstCheck`: also the worker and the modules it imports, the bridge,
// build.json, the manifest and the speed test; `firstChecks`: the same on a page in each
// other language, whose manifest and words differ). The build measures the files it
// writes and puts the numbers here (generator/assets.py).
/** @type {{ python: number, firstCheck: number, firstChecks: Record<string, number> }} */
const DOWNLOAD = { python: 0, firstCheck: 0, firstChecks: {} };
const megabytes = (bytes) => String(Math.max(1, Math.round(bytes / 1e6)));

/** The bytes of a first check on a page in `lang`. */
function firstCheckBytes(lang = pageLang()) {
  return Object.hasOwn(DOWNLOAD.firstChecks, lang) ? DOWNLOAD.firstChecks[lang] : DOWNLOAD.firstCheck;
}

// Read by the end-to-end tests and benchmarks; `last`: {bootMs, checkMs} of the last run.
const stats = { workers: 0, runs: 0, last: null };
let worker = null;
let bootSent = false; // the current worker has been told to start Pyodide
let buildPromise = null;
const manifestPromises = new Map(); // page language -> Promise of its manifest's text
let bridgePromise = null;
let inFlight = null;
let runSeq = 0;
const runs = new Map(); // runId -> {resolve, reject, onProgress, timer, words}

// Capabilities

function moduleWorkersSupported() {
  // The options dictionary is read before the (deliberately invalid) URL is parsed, and
  // only browsers that support module workers look at `type`: no request, no CSP report.
  let supported = false;
  try {
    new Worker("http://[", {
      get type() {
        supported = true;
        return /** @type {WorkerType} */ ("module");
      },
    });
  } catch {
    // expected: the URL does not parse
  }
  return supported;
}

function missingCapability(words) {
  if (typeof WebAssembly !== "object" || typeof WebAssembly.instantiate !== "function") {
    return t(
      words,
      "This browser cannot run the check: it has no WebAssembly. Everything on this page works without it.",
    );
  }
  if (typeof Worker !== "function" || !moduleWorkersSupported()) {
    return t(
      words,
      "This browser cannot run the check: it is too old for module workers. Everything on this page works without it.",
    );
  }
  return null;
}

// Loading

async function fetchOK(url) {
  // no-cache: revalidate, so a new build's lockfile name and manifest are seen at once.
  const response = await fetch(url, { cache: "no-cache" });
  if (!response.ok) {
    const words = await loadMessages();
    throw new Error(
      t(words, "Could not load {file} (HTTP {status}).", {
        file: url.pathname,
        status: response.status,
      }),
    );
  }
  return response;
}

/** build.json: where Pyodide, the lockfile and the manifest are (the worker needs it first). */
function loadBuild() {
  buildPromise ??= (async () => {
    const build = await (await fetchOK(new URL("build.json", ASSETS))).json();
    const index = new URL(build.pyodide.index, ASSETS);
    // Each language's manifest links its own pages (and names them in it); instant
    // navigation may move between languages, so the page's language picks one per run.
    const manifests = Object.fromEntries(
      Object.entries(build.manifests ?? {}).map(([lang, path]) => [lang, new URL(path, ASSETS)]),
    );
    return {
      manifestURL: new URL(build.manifest, ASSETS),
      manifests,
      worker: {
        indexURL: index.href,
        lockFileURL: new URL(build.pyodide.lock, index).href,
        packageName: build.package,
        assetsURL: ASSETS.href,
      },
    };
  })().catch((error) => {
    buildPromise = null;
    throw error;
  });
  return buildPromise;
}

/** The manifest of the page's language (English's when the build has none for it). */
function loadManifest(lang = pageLang()) {
  if (!manifestPromises.has(lang)) {
    const loaded = (async () => {
      const { manifestURL, manifests } = await loadBuild();
      // Passed to Python as it came: the links in the report carry their own labels.
      return await (await fetchOK(manifests[lang] ?? manifestURL)).text();
    })().catch((error) => {
      manifestPromises.delete(lang);
      throw error;
    });
    manifestPromises.set(lang, loaded);
  }
  return manifestPromises.get(lang);
}

function loadBridge() {
  bridgePromise ??= import(new URL("bridge.mjs", ASSETS).href).catch((error) => {
    bridgePromise = null;
    throw error;
  });
  return bridgePromise;
}

/** Fail every run with `said` (a message, i18n.mjs msg), each in its page's words. */
function failRuns(said) {
  for (const { reject, timer, words } of runs.values()) {
    clearTimeout(timer);
    reject(new Error(tMessage(words, said)));
  }
  runs.clear();
}

/** (Re)arm a run's deadline; when it passes, the worker is ended and the run fails. */
function arm(runId, ms, said) {
  const run = runs.get(runId);
  if (!run) return;
  clearTimeout(run.timer);
  run.timer = setTimeout(() => {
    failRuns(said);
    dropWorker();
  }, ms);
}

function settle(runId) {
  const run = runs.get(runId);
  clearTimeout(run?.timer);
  runs.delete(runId);
  return run;
}

/** Fetch this site's small files of the checker (nothing of Pyodide): on intent and click. */
function prefetch() {
  for (const load of [loadBuild, loadManifest, loadBridge]) {
    load().catch(() => {}); // a failure is retried, and reported, by the run
  }
}

function dropWorker() {
  worker?.terminate();
  worker = null;
  bootSent = false;
}

/** Answer a worker's request for a window-only operation (bridge.mjs). */
async function perform(op, args) {
  let bridge;
  try {
    bridge = await loadBridge();
  } catch (error) {
    return { ok: false, name: "NetworkError", message: String(error?.message ?? error) };
  }
  return bridge.perform(op, args);
}

function getWorker() {
  if (worker !== null) return worker;
  const created = new Worker(new URL("worker.mjs", ASSETS), { type: "module", name: "kb-checker" });
  worker = created;
  bootSent = false;
  stats.workers += 1;
  created.addEventListener("message", async ({ data }) => {
    if (data.type === "call") {
      created.postMessage({ type: "reply", id: data.id, reply: await perform(data.op, data.args) });
    } else if (data.type === "progress") {
      runs.get(data.runId)?.onProgress(data.text, data.running ?? []);
    } else if (data.type === "checking") {
      arm(data.runId, CHECK_LIMIT_MS, msg(N_("the check stopped responding.")));
    } else if (data.type === "done") {
      stats.last = data.timings;
      settle(data.runId)?.resolve(JSON.parse(data.result));
    } else if (data.type === "error") {
      // `text` and `params`: the worker's sentence to translate; `message`: its English.
      const run = settle(data.runId);
      run?.reject(new Error(data.text ? tMessage(run.words, data) : data.message));
      if (data.fatal && worker === created) dropWorker(); // boot failed: start afresh next time
    }
  });
  created.addEventListener("error", (event) => {
    // The worker script itself failed (missing file, syntax error, CSP).
    event.preventDefault();
    const why = event.message || msg(N_("its worker failed to load"));
    failRuns(msg(N_("The checker could not start ({why})."), { why }));
    if (worker === created) dropWorker();
  });
  return created;
}

/**
 * Run the checker once; resolves to {report, text} (text: the copyable plain version).
 *
 * On the first run everything starts at once: the worker (whose script loads while
 * build.json is fetched), then Pyodide as soon as build.json says where it is, while the
 * manifest and the bridge arrive; the run itself is posted when those are in.
 */
function check(page, onProgress, words = {}) {
  inFlight ??= (async () => {
    if (!bootSent && navigator.onLine === false) {
      // Nothing of Python is here yet, and nothing can come: say so instead of "Failed to
      // fetch", and start nothing.
      const sentence = t(words, "You are offline: the first check needs to download about {mb} MB.", {
        mb: megabytes(firstCheckBytes()),
      });
      throw Object.assign(new Error(sentence), { whole: true }); // shown as it is
    }
    onProgress(t(words, "Preparing the check …"));
    const target = getWorker();
    prefetch();
    const runId = ++runSeq;
    const result = new Promise((resolve, reject) => {
      runs.set(runId, { resolve, reject, onProgress, timer: 0, words });
    });
    arm(runId, START_LIMIT_MS, msg(N_("Python did not start in time.")));
    result.catch(() => {}); // awaited below; a failure before that must not go unhandled
    let manifest;
    let bridge = null;
    try {
      const build = await loadBuild();
      if (!bootSent && worker === target) {
        target.postMessage({ type: "boot", runId, config: build.worker });
        bootSent = true;
      }
      [bridge, manifest] = await Promise.all([loadBridge(), loadManifest()]);
      // The probe's ad-block bait goes into the page now: its wait passes while Python starts.
      bridge.plantBait();
      stats.runs += 1;
      target.postMessage({
        type: "run",
        runId,
        config: build.worker,
        manifest,
        code: page.code ?? "",
        service: page.service ?? "",
        baseURL: location.origin,
        messages: JSON.stringify(words),
      });
    } catch (error) {
      settle(runId);
      bridge?.dropBait();
      if (!bootSent && worker === target) dropWorker(); // nothing started in it: not kept
      throw error;
    }
    try {
      const outcome = await result;
      window.kbChecker.lastReport = outcome.report;
      return outcome;
    } finally {
      bridge.dropBait(); // if the run failed before the probe looked at it
    }
  })().finally(() => {
    inFlight = null;
  });
  return inFlight;
}

// Rendering

function el(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, value);
  node.append(...children);
  return node;
}

/**
 * Whether a report link is a section of the reader's page: same code, and same service
 * when both say (two services may show the same code).
 */
function isHere(link, page) {
  const sameCode = Boolean(page.code) && link.code.toLowerCase() === page.code.toLowerCase();
  return sameCode && (!page.service || !link.service || link.service === page.service);
}

function linkLabel(link, page, words) {
  const cause = link.title ?? link.cause;
  const here = isHere(link, page);
  return here ? t(words, "{cause} (on this page)", { cause }) : `${link.code}: ${cause}`;
}

function findingItem(finding, page, words) {
  const item = el(
    "li",
    {
      class: "kb-finding",
      id: `kb-finding-${finding.check}`,
      "data-check": finding.check,
      "data-status": finding.status,
    },
    el(
      "span",
      { class: "kb-finding__status" },
      STATUS_LABEL[finding.status] ? t(words, STATUS_LABEL[finding.status]) : finding.status,
    ),
    " ",
    el("strong", { class: "kb-finding__title" }, finding.title),
    el("span", { class: "kb-finding__detail" }, finding.detail),
  );
  if (finding.links.length > 0) {
    const links = el("span", { class: "kb-finding__links" }, t(words, "Read more: "));
    finding.links.slice(0, MAX_LINKS).forEach((link, i) => {
      if (i > 0) links.append(", ");
      links.append(el("a", { href: link.url }, linkLabel(link, page, words)));
    });
    const rest = finding.links.length - MAX_LINKS;
    const causeURL = finding.links[MAX_LINKS]?.cause_url;
    if (rest > 0 && causeURL) {
      links.append(", ", el("a", { href: causeURL }, t(words, "{count} more", { count: rest })));
    }
    item.append(links);
  }
  return item;
}

function summarise(findings, words) {
  const count = (status) => findings.filter((f) => f.status === status).length;
  const plural = (n, one, many) => t(words, n === 1 ? one : many, { n });
  return [
    plural(count("fail"), N_("{n} problem"), N_("{n} problems")),
    plural(count("warn"), N_("{n} warning"), N_("{n} warnings")),
    plural(count("unknown"), N_("{n} unknown"), N_("{n} unknown")),
    t(words, "{n} fine", { n: count("ok") }),
  ].join(", ");
}

async function copyText(text) {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    // Older browsers, or no clipboard permission: the selection-based fallback.
    const area = el("textarea", { class: "kb-checker-offscreen", readonly: "" });
    area.value = text;
    document.body.append(area);
    area.select();
    const copied = document.execCommand("copy");
    area.remove();
    return copied;
  }
}

/** The code and service of the page a checker block is on ("" off a code page). */
function pageOf(block) {
  return { code: block.dataset.code ?? "", service: block.dataset.service ?? "" };
}

function render(block, report, text, words) {
  const page = pageOf(block);
  const target = block.querySelector("[data-kb-checker-report]");
  if (!target) return;
  const ordered = [...report.findings].sort(
    (a, b) => STATUS_ORDER.indexOf(a.status) - STATUS_ORDER.indexOf(b.status),
  );
  const attention = ordered.filter((f) => f.status !== "ok");
  const fine = ordered.filter((f) => f.status === "ok");
  const parts = [verdictBlock(report, page, words)]; // the answer first
  const list = (findings) =>
    el(
      "ul",
      { class: "kb-report__list" },
      ...findings.map((f) => findingItem(f, page, words)),
    );
  if (attention.length > 0) parts.push(list(attention));
  if (fine.length > 0) {
    parts.push(
      el(
        "details",
        { class: "kb-report__fine success" }, // "success": Material's green admonition
        el("summary", {}, t(words, "What works ({count})", { count: fine.length })),
        list(fine),
      ),
    );
  }
  // What "Copy report" copies (short, for a support chat), also visible, for when the
  // clipboard is not available; the full JSON has a button of its own.
  parts.push(
    el(
      "details",
      { class: "kb-report__text note" },
      el("summary", {}, t(words, "Report as text (for a support request)")),
      el("pre", {}, el("code", {}, text)),
    ),
  );
  const json = `${JSON.stringify(report, null, 2)}\n`;
  parts.push(
    el(
      "p",
      { class: "kb-report__actions" },
      copyButton(t(words, "Copy report"), text, "kb-report__copy", words),
      " ",
      copyButton(t(words, "Copy full report (JSON)"), json, "kb-report__copy-json", words),
    ),
  );
  target.replaceChildren(...parts);
  target.dataset.kbReportReady = "";
  markSections(report, words);
}

/** A button that copies `text` and says whether it could. */
function copyButton(label, text, className, words) {
  const button = el("button", { type: "button", class: `md-button ${className}` }, label);
  button.addEventListener("click", async () => {
    const done = await copyText(text);
    button.textContent = done
      ? t(words, "Copied")
      : t(words, "Copy failed: open “Report as text” and copy it");
    setTimeout(() => (button.textContent = label), 2500);
  });
  return button;
}

/** The verdict, in one sentence with one action: the section of this page it names. */
function verdictBlock(report, page, words) {
  const verdict = report.verdict;
  const block = el(
    "p",
    { class: "kb-verdict", "data-status": verdict.status, role: "status" },
    el("strong", { class: "kb-verdict__title" }, verdict.title),
    " ",
    el("span", { class: "kb-verdict__detail" }, verdict.detail),
  );
  const cause = verdict.causes[0];
  const link = report.findings
    .flatMap((finding) => finding.links)
    .find((l) => l.cause === cause && isHere(l, page));
  if (link && document.getElementById(cause)) {
    block.append(" ", el("a", { href: `#${cause}`, class: "kb-verdict__action" },
      t(words, "Read “{cause}”", { cause: link.title })));
  }
  return block;
}

/** Flag the headings of this page's sections that findings link to (worst status wins). */
function markSections(report, words) {
  for (const badge of document.querySelectorAll(".kb-badge")) badge.remove();
  const flagged = /** @type {NodeListOf<HTMLElement>} */ (
    document.querySelectorAll(".kb-flagged")
  );
  for (const heading of flagged) {
    heading.classList.remove("kb-flagged");
    delete heading.dataset.kbStatus;
  }
  const worst = new Map(); // anchor id -> {status, checks}
  for (const finding of report.findings) {
    for (const link of finding.links) {
      const url = new URL(link.url, location.href);
      if (url.pathname !== location.pathname || !url.hash) continue;
      const id = decodeURIComponent(url.hash.slice(1));
      const seen = worst.get(id) ?? { status: "ok", checks: [] };
      if (STATUS_ORDER.indexOf(finding.status) < STATUS_ORDER.indexOf(seen.status)) {
        seen.status = finding.status;
      }
      seen.checks.push(finding.check);
      worst.set(id, seen);
    }
  }
  for (const [id, { status, checks }] of worst) {
    const section = document.getElementById(id);
    if (!section || !BADGE_TEXT[status]) continue;
    const heading = /^H[1-6]$/.test(section.tagName)
      ? section
      : /** @type {HTMLElement} */ (section.querySelector("h1, h2, h3, h4, h5, h6") ?? section);
    heading.classList.add("kb-flagged");
    heading.dataset.kbStatus = status;
    const badge = el(
      "a",
      { class: "kb-badge", "data-status": status, href: `#kb-finding-${checks[0]}` },
      t(words, BADGE_TEXT[status]),
    );
    heading.insertBefore(badge, heading.querySelector(".headerlink"));
  }
}

// Binding

async function runIn(block) {
  const button = block.querySelector("[data-kb-checker-run]");
  const status = block.querySelector("[data-kb-checker-status]");
  // Progress comes in bursts (parallel probes start and end within milliseconds): show
  // the latest text at most every 300 ms, so that screen readers are not flooded.
  let shownAt = 0;
  let timer = 0;
  const show = (text, state) => {
    clearTimeout(timer);
    shownAt = performance.now();
    if (status) {
      status.textContent = text;
      status.dataset.state = state;
    }
  };
  const say = (text, state = "busy") => {
    const wait = shownAt + 300 - performance.now();
    if (state !== "busy" || wait <= 0) show(text, state);
    else {
      clearTimeout(timer);
      timer = setTimeout(() => show(text, state), wait);
    }
  };
  if (button) button.disabled = true;
  block.setAttribute("aria-busy", "true");
  const started = performance.now();
  const words = await loadMessages(pageLang());
  // Progress arrives in English (worker.mjs, checker/probe.py): shown in the page's language.
  const progress = (english, running = []) =>
    say(
      running.length > 0
        ? t(words, "Checking {what} …", { what: running.map((r) => t(words, r)).join(", ") })
        : t(words, english, { mb: megabytes(DOWNLOAD.python) }),
    );
  let ran = false;
  try {
    const { report, text } = await check(pageOf(block), progress, words);
    render(block, report, text, words);
    ran = true;
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    const summary = summarise(report.findings, words);
    say(t(words, "Done in {seconds} s. {summary}.", { seconds, summary }), "done");
    return report;
  } catch (error) {
    // A sentence that is whole (offline) is shown as it is; others get the plain prefix.
    const whole = "whole" in error && error.whole === true;
    say(whole ? error.message
      : t(words, "The check could not run: {error}", { error: error.message }), "error");
    throw error;
  } finally {
    if (button) {
      button.disabled = false;
      if (ran) button.textContent = t(words, "Check again"); // none ran: nothing to repeat
    }
    block.removeAttribute("aria-busy");
  }
}

function bind(root) {
  const blocks = root.querySelectorAll("[data-kb-checker]:not([data-kb-bound])");
  if (blocks.length === 0) return;
  const missing = missingCapability({});
  for (const block of blocks) {
    block.setAttribute("data-kb-bound", "");
    const button = block.querySelector("[data-kb-checker-run]");
    const status = block.querySelector("[data-kb-checker-status]");
    if (missing) {
      loadMessages().then((words) => {
        if (status) status.textContent = missingCapability(words);
      });
      continue;
    }
    if (!button) continue;
    button.hidden = false;
    // Intent (pointer over the button, focus, touch): fetch build.json, the manifest and
    // the bridge, small files of this site. Nothing of Pyodide loads before the click.
    for (const intent of ["pointerenter", "focus", "touchstart"]) {
      button.addEventListener(intent, prefetch, { once: true, passive: true });
    }
    button.addEventListener("click", () => runIn(block).catch(() => {})); // shown in status
  }
}

window.kbChecker = {
  /** Run the check (rendering it into this page's block, if any); resolves to the report. */
  async run() {
    const block = document.querySelector("[data-kb-checker]");
    if (block) return runIn(block);
    return (await check({ code: "", service: "" }, () => {}, await loadMessages(pageLang()))).report;
  },
  /** The report of the last run that finished (null before), for the console and tests. */
  lastReport: null,
  stats,
  /** What a first check on this page downloads, in bytes (the offline message rounds it). */
  firstCheckBytes: () => firstCheckBytes(),
};

bind(document);
if (typeof document$ !== "undefined") {
  // Material's instant navigation swaps the page without reloading this module.
  document$.subscribe(() => bind(document));
} else if (document.readyState === "loading") {
  document.addEventListener("DOMContentLoaded", () => bind(document));
}
