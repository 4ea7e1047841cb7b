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

const ASSETS = new URL("./", import.meta.url); // <site>/assets/kb/

const STATUS_LABEL = { fail: "Problem", warn: "Warning", unknown: "Unknown", ok: "OK" };
const STATUS_ORDER = ["fail", "warn", "unknown", "ok"];
const BADGE_TEXT = {
  fail: "Checker: problem found here",
  warn: "Checker: worth a look",
  unknown: "Checker: could not tell",
};
const MAX_LINKS = 4; // a check shared by many codes would otherwise list them all

// Read by the end-to-end tests and benchmarks; `last`: {bootMs, checkMs} of the last run.
const stats = { workers: 0, runs: 0, last: null };
let worker = null;
let bootSent = false; // the current worker has been told to start Pyodide
let buildPromise = null;
let manifestPromise = null;
let bridgePromise = null;
let inFlight = null;
let runSeq = 0;
const runs = new Map(); // runId -> {resolve, reject, onProgress}

// Capabilities

function moduleWorkersSupported() {
  // The options dictionary is read before the (deliberately invalid) URL is parsed, and
  // only browsers that support module workers look at `type`: no request, no CSP report.
  let supported = false;
  try {
    new Worker("http://[", {
      get type() {
        supported = true;
        return "module";
      },
    });
  } catch {
    // expected: the URL does not parse
  }
  return supported;
}

function missingCapability() {
  const why = "This browser cannot run the check";
  const fine = "Everything on this page works without it.";
  if (typeof WebAssembly !== "object" || typeof WebAssembly.instantiate !== "function") {
    return `${why}: it has no WebAssembly. ${fine}`;
  }
  if (typeof Worker !== "function" || !moduleWorkersSupported()) {
    return `${why}: it is too old for module workers. ${fine}`;
  }
  return null;
}

// Loading

async function fetchOK(url) {
  // no-cache: revalidate, so a new build's lockfile name and manifest are seen at once.
  const response = await fetch(url, { cache: "no-cache" });
  if (!response.ok) throw new Error(`Could not load ${url.pathname} (HTTP ${response.status}).`);
  return response;
}

/** build.json: where Pyodide, the lockfile and the manifest are (the worker needs it first). */
function loadBuild() {
  buildPromise ??= (async () => {
    const build = await (await fetchOK(new URL("build.json", ASSETS))).json();
    const index = new URL(build.pyodide.index, ASSETS);
    return {
      manifestURL: new URL(build.manifest, ASSETS),
      bait: build.bait ?? null,
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

function loadManifest() {
  manifestPromise ??= (async () => {
    const { manifestURL } = await loadBuild();
    const manifestText = await (await fetchOK(manifestURL)).text();
    return { manifest: JSON.parse(manifestText), manifestText };
  })().catch((error) => {
    manifestPromise = null;
    throw error;
  });
  return manifestPromise;
}

function loadBridge() {
  bridgePromise ??= import(new URL("bridge.mjs", ASSETS).href).catch((error) => {
    bridgePromise = null;
    throw error;
  });
  return bridgePromise;
}

function failRuns(message) {
  for (const { reject } of runs.values()) reject(new Error(message));
  runs.clear();
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
      runs.get(data.runId)?.onProgress(data.text);
    } else if (data.type === "done") {
      stats.last = data.timings;
      runs.get(data.runId)?.resolve(JSON.parse(data.result));
      runs.delete(data.runId);
    } else if (data.type === "error") {
      runs.get(data.runId)?.reject(new Error(data.message));
      runs.delete(data.runId);
      if (data.fatal && worker === created) dropWorker(); // boot failed: start afresh next time
    }
  });
  created.addEventListener("error", (event) => {
    // The worker script itself failed (missing file, syntax error, CSP).
    event.preventDefault();
    failRuns(`The checker could not start (${event.message || "its worker failed to load"}).`);
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
function check(code, onProgress) {
  inFlight ??= (async () => {
    onProgress("Preparing the check …");
    const target = getWorker();
    prefetch();
    const runId = ++runSeq;
    const result = new Promise((resolve, reject) => {
      runs.set(runId, { resolve, reject, onProgress });
    });
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
      if (build.bait?.classes) bridge.plantBait(build.bait.classes);
      stats.runs += 1;
      target.postMessage({
        type: "run",
        runId,
        config: build.worker,
        manifest: manifest.manifestText,
        code: code ?? "",
        baseURL: location.origin,
      });
    } catch (error) {
      runs.delete(runId);
      bridge?.dropBait();
      if (!bootSent && worker === target) dropWorker(); // nothing started in it: not kept
      throw error;
    }
    try {
      const outcome = await result;
      window.kbChecker.lastReport = outcome.report;
      return { ...outcome, manifest: manifest.manifest };
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

function linkLabel(link, manifest, code) {
  const cause = manifest.causes?.[link.cause]?.title ?? link.cause;
  const here = code && link.code.toLowerCase() === code.toLowerCase();
  return here ? `${cause} (on this page)` : `${link.code}: ${cause}`;
}

function findingItem(finding, manifest, code) {
  const item = el(
    "li",
    {
      class: "kb-finding",
      id: `kb-finding-${finding.check}`,
      "data-check": finding.check,
      "data-status": finding.status,
    },
    el("span", { class: "kb-finding__status" }, STATUS_LABEL[finding.status] ?? finding.status),
    " ",
    el("strong", { class: "kb-finding__title" }, finding.title),
    el("span", { class: "kb-finding__detail" }, finding.detail),
  );
  if (finding.links.length > 0) {
    const links = el("span", { class: "kb-finding__links" }, "Read more: ");
    finding.links.slice(0, MAX_LINKS).forEach((link, i) => {
      if (i > 0) links.append(", ");
      links.append(el("a", { href: link.url }, linkLabel(link, manifest, code)));
    });
    const rest = finding.links.length - MAX_LINKS;
    const causeURL = manifest.causes?.[finding.links[MAX_LINKS]?.cause]?.url;
    if (rest > 0 && causeURL) links.append(", ", el("a", { href: causeURL }, `${rest} more`));
    item.append(links);
  }
  return item;
}

function summarise(findings) {
  const count = (status) => findings.filter((f) => f.status === status).length;
  const plural = (n, one, many) => `${n} ${n === 1 ? one : many}`;
  return [
    plural(count("fail"), "problem", "problems"),
    plural(count("warn"), "warning", "warnings"),
    plural(count("unknown"), "unknown", "unknown"),
    `${count("ok")} fine`,
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

function render(block, report, text, manifest) {
  const code = block.dataset.code ?? "";
  const target = block.querySelector("[data-kb-checker-report]");
  if (!target) return;
  const ordered = [...report.findings].sort(
    (a, b) => STATUS_ORDER.indexOf(a.status) - STATUS_ORDER.indexOf(b.status),
  );
  const attention = ordered.filter((f) => f.status !== "ok");
  const fine = ordered.filter((f) => f.status === "ok");
  const parts = []; // the summary is in the status line, which screen readers announce
  const list = (findings) =>
    el("ul", { class: "kb-report__list" }, ...findings.map((f) => findingItem(f, manifest, code)));
  if (attention.length > 0) parts.push(list(attention));
  if (fine.length > 0) {
    parts.push(
      el(
        "details",
        { class: "kb-report__fine success" }, // "success": Material's green admonition
        el("summary", {}, `What works (${fine.length})`),
        list(fine),
      ),
    );
  }
  // What "Copy report" copies, also visible, for when the clipboard is not available.
  const full = `${text}\n${JSON.stringify(report, null, 2)}\n`;
  parts.push(
    el(
      "details",
      { class: "kb-report__text note" },
      el("summary", {}, "Report as text (for a support request)"),
      el("pre", {}, el("code", {}, full)),
    ),
  );
  const copy = el("button", { type: "button", class: "md-button kb-report__copy" }, "Copy report");
  copy.addEventListener("click", async () => {
    const done = await copyText(full);
    copy.textContent = done ? "Copied" : "Copy failed: open “Report as text” and copy it";
    setTimeout(() => (copy.textContent = "Copy report"), 2500);
  });
  parts.push(el("p", { class: "kb-report__actions" }, copy));
  target.replaceChildren(...parts);
  target.dataset.kbReportReady = "";
  markSections(report);
}

/** Flag the headings of this page's sections that findings link to (worst status wins). */
function markSections(report) {
  for (const badge of document.querySelectorAll(".kb-badge")) badge.remove();
  for (const heading of document.querySelectorAll(".kb-flagged")) {
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
      : (section.querySelector("h1, h2, h3, h4, h5, h6") ?? section);
    heading.classList.add("kb-flagged");
    heading.dataset.kbStatus = status;
    const badge = el(
      "a",
      { class: "kb-badge", "data-status": status, href: `#kb-finding-${checks[0]}` },
      BADGE_TEXT[status],
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
  try {
    const { report, text, manifest } = await check(block.dataset.code, say);
    render(block, report, text, manifest);
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    say(`Done in ${seconds} s. ${summarise(report.findings)}.`, "done");
    return report;
  } catch (error) {
    say(`The check could not run: ${error.message}`, "error");
    throw error;
  } finally {
    if (button) {
      button.disabled = false;
      button.textContent = "Check again";
    }
    block.removeAttribute("aria-busy");
  }
}

function bind(root) {
  const blocks = root.querySelectorAll("[data-kb-checker]:not([data-kb-bound])");
  if (blocks.length === 0) return;
  const missing = missingCapability();
  for (const block of blocks) {
    block.setAttribute("data-kb-bound", "");
    const button = block.querySelector("[data-kb-checker-run]");
    const status = block.querySelector("[data-kb-checker-status]");
    if (missing) {
      if (status) status.textContent = missing;
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
    return (await check("", () => {})).report;
  },
  /** The report of the last run that finished (null before), for the console and tests. */
  lastReport: null,
  stats,
};

bind(document);
if (typeof document$ !== "undefined") {
  // Material's instant navigation swaps the page without reloading this module.
  document$.subscribe(() => bind(document));
} else if (document.readyState === "loading") {
  document.addEventListener("DOMContentLoaded", () => bind(document));
}
