// @ts-check
// The checker's module worker: runs Pyodide and the Python checker off the main thread
// (there, starting Pyodide blocks the page for 1.6-3.5 s in a single task). One worker per
// visit: checker.mjs creates it on the first click and reuses it across instant navigation.
//
// Messages from the page:   {type: "boot", runId, config}       (start Pyodide now)
//                           {type: "run", runId, config, manifest, code, baseURL, messages}
//                           {type: "reply", id, reply}          (answer to a "call")
// Messages to the page:     {type: "progress", runId, text, running}  (English; the page translates)
//                           {type: "checking", runId}           (Python is up, probing now)
//                           {type: "call", id, op, args}        (an op for bridge.mjs)
//                           {type: "done", runId, result, timings}  (result: JSON {report, text})
//                           {type: "error", runId, message, text, params, fatal}
//                             (message: English; text and params: the same to translate)
//
// Python reaches the browser only through `hostCall(op, argsJson)`: ops that need the
// window go to the page, the rest run here (see LOCAL). JSON both ways (checker/probe.py).

import { msg, N_, tMessage } from "./i18n.mjs";

let ready = null; // Promise of {runCheck}: Pyodide booted and the checker installed
let config = null;
const pending = new Map(); // call id -> resolve, for ops forwarded to the page
let nextCall = 1;

// `text` is English; the page shows it in its language ("running": the groups under way).
// So are failures: each is a message (i18n.mjs msg) the page translates.
const progress = (runId, text, running = []) =>
  postMessage({ type: "progress", runId, text, running });

const BOOT_TIMEOUT_MS = 180_000; // 13.5 MB at 1 Mbit/s, with room to spare
const CHECK_TIMEOUT_MS = 45_000; // every probe has its own 5 s limit; judging takes ms
const EMPTY_WASM = new Uint8Array([0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00]);

/**
 * A failure the reader is shown as it is: one plain sentence, no stack, no traceback.
 * `said`: the sentence as a message the page translates; `message` is its English.
 * `fatal`: this worker is no use any more (a start that failed, a check that hung).
 */
class CheckerError extends Error {
  constructor(/** @type {import("./i18n.mjs").Message} */ said, { fatal = false } = {}) {
    super(tMessage({}, said));
    this.said = said;
    this.fatal = fatal;
  }
}

/** Fail fast where a Content-Security-Policy forbids WebAssembly. */
async function assertWasmAllowed() {
  // Emscripten only logs "wasm instantiation failed!" then and loadPyodide() never settles,
  // so ask first. Instantiate, not only compile: WebKit compiles a module under a policy
  // without 'wasm-unsafe-eval' and refuses only its instantiation.
  try {
    await WebAssembly.instantiate(EMPTY_WASM);
  } catch (error) {
    throw new CheckerError(
      msg(
        N_(
          "this site's security policy blocks WebAssembly, which the check needs (it must allow 'wasm-unsafe-eval'; the browser said: {error})",
        ),
        { error: short(error) },
      ),
    );
  }
}

/** An error's message on one line, cut to a length a status line can hold. */
function short(error) {
  const text = String(error?.message ?? error).split("\n")[0].trim();
  return text.length > 160 ? `${text.slice(0, 159)}…` : text;
}

function withTimeout(promise, ms, message) {
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new CheckerError(message, { fatal: true })), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/**
 * The files Pyodide fetches while it starts, named for the reader, with the first bytes
 * every good copy starts with. A static host answers a missing file with a 404 page (or,
 * misconfigured, with its home page and 200), which Pyodide would only report minutes
 * later or as "Unexpected token '<'": the guard looks at each response as it arrives.
 */
const STARTUP_FILES = [
  { path: /\/pyodide\.asm\.wasm$/, name: N_("Python's WebAssembly runtime (pyodide.asm.wasm)"),
    magic: [0x00, 0x61, 0x73, 0x6d] },
  { path: /\/python_stdlib\.zip$/, name: N_("Python's standard library (python_stdlib.zip)"),
    magic: [0x50, 0x4b] },
  { path: /\/kb-lock-[^/]*\.json$/, name: N_("the checker's package list (its lockfile)"),
    magic: null },
  { path: /\.whl$/, name: N_("the checker's package"), magic: [0x50, 0x4b], installing: true },
];

/**
 * The sentence for a start-up file that arrived broken, or null when it looks right.
 * `headersOnly`: a HEAD request, which has status and type to judge but no bytes.
 */
async function brokenFile(file, response, headersOnly) {
  // The wheel is the checker itself: its sentence says that the checker is not installed.
  const said = (text, params = {}) => {
    const sentence = msg(text, { file: msg(file.name), ...params });
    return file.installing
      ? msg(N_("the checker could not be installed: {why}"), { why: sentence })
      : sentence;
  };
  if (!response.ok) {
    return said(N_("{file} could not be loaded from this site (HTTP {status})."), {
      status: response.status,
    });
  }
  if ((response.headers.get("Content-Type") ?? "").startsWith("text/html")) {
    return said(
      N_("{file} could not be loaded from this site (the server sent a web page instead)."),
    );
  }
  if (file.magic === null || headersOnly) return null;
  // Read the first bytes of a copy; the other copy goes to Pyodide untouched.
  const reader = response.clone().body?.getReader();
  if (!reader) return null;
  const bytes = [];
  while (bytes.length < file.magic.length) {
    const { done, value } = await reader.read();
    if (done) break;
    bytes.push(...value.subarray(0, file.magic.length - bytes.length));
  }
  reader.cancel().catch(() => {});
  if (bytes.length === 0) return null; // nothing to judge (an empty body says nothing)
  const good = file.magic.every((byte, i) => bytes[i] === byte);
  return good ? null : said(N_("{file} on this site is damaged (it is not the file Pyodide needs)."));
}

/**
 * Watch Pyodide's start for failures it only logs, and turn each into a rejection that
 * names the broken file: a response that is missing or not what it should be (fetch),
 * and the two messages Pyodide prints and then waits forever or dies on (console).
 * Returns a promise that rejects on the first such failure and never resolves.
 */
function guardStartup() {
  let fail;
  const failed = new Promise((_, reject) => {
    fail = (message) => reject(new CheckerError(message));
  });
  const realFetch = self.fetch.bind(self);
  self.fetch = async (input, init) => {
    const response = await realFetch(input, init);
    const url = new URL(input instanceof Request ? input.url : String(input), location.href);
    const file = STARTUP_FILES.find((f) => f.path.test(url.pathname));
    if (file) {
      const method = init?.method ?? (input instanceof Request ? input.method : "GET");
      const headersOnly = method.toUpperCase() === "HEAD";
      brokenFile(file, response, headersOnly).then((why) => why && fail(why), () => {});
    }
    return response;
  };
  const watch = (method, patterns) => {
    const real = console[method].bind(console);
    console[method] = (...args) => {
      real(...args);
      const text = args.map((arg) => String(arg?.message ?? arg)).join(" ");
      for (const [pattern, sentence] of patterns) {
        if (pattern.test(text)) {
          // Pyodide logs the error itself in the next call: give it a moment to arrive.
          let detail = "";
          const next = console[method];
          console[method] = (...more) => {
            detail ||= short(more[0]);
            next(...more);
          };
          // "{sentence} ({detail})" is the same in every language: not marked.
          queueMicrotask(() =>
            fail(detail ? msg("{sentence} ({detail})", { sentence: msg(sentence), detail })
              : msg(sentence)),
          );
        }
      }
    };
  };
  watch("warn", [[/wasm instantiation failed/, N_("Python's WebAssembly runtime (pyodide.asm.wasm) could not be started")]]);
  watch("error", [[/installing the standard library/, N_("Python's standard library (python_stdlib.zip) could not be loaded from this site")]]);
  return failed;
}

/** Ask for the headers of the checker's wheel the lockfile names (the guard judges them). */
async function checkWheel(lockText) {
  const file = JSON.parse(await lockText)?.packages?.[config.packageName]?.file_name;
  if (typeof file === "string") await fetch(new URL(file, config.lockFileURL), { method: "HEAD" });
}

async function boot(runId) {
  await assertWasmAllowed();
  // {mb}: the page fills in the size the build measured.
  progress(runId, N_("Loading Python (about {mb} MB, first time only) …"));
  const failed = guardStartup();
  failed.catch(() => {}); // raced below; a failure after the start is nobody's business
  // The lockfile is fetched once, here, through the guard; Pyodide gets its text. Pyodide
  // fetches the checker's wheel only once Python runs (20 s in a slow engine): ask for its
  // headers now, so that a missing one is said at once.
  const lockText = fetch(config.lockFileURL).then((response) => response.text());
  lockText.catch(() => {}); // Pyodide awaits it too, and says what went wrong
  checkWheel(lockText).catch(() => {}); // a failure to look is no failure: Pyodide will say
  // loadPyodide imports pyodide.asm.mjs (1.2 MB) only once pyodide.mjs has arrived and
  // run: ask for both now. One module map, so it is still fetched and run only once.
  const runtime = import(`${config.indexURL}pyodide.asm.mjs`).catch((error) => {
    throw new CheckerError(
      msg(N_("Python's runtime (pyodide.asm.mjs) could not be loaded from this site ({error})."), {
        error: short(error),
      }),
    );
  });
  const start = async () => {
    let loadPyodide;
    try {
      ({ loadPyodide } = await import(`${config.indexURL}pyodide.mjs`));
    } catch (error) {
      throw new CheckerError(
        msg(N_("Python's loader (pyodide.mjs) could not be loaded from this site ({error})."), {
          error: short(error),
        }),
      );
    }
    // packageBaseUrl must be absolute (the lockfile's folder): with a relative one, or none,
    // loading the package only logs the failure.
    // `packages`: Pyodide's own loader (lockfile entry, sha256 checked as for loadPackage)
    // fetches the checker wheel while Python starts, and installs it before resolving.
    try {
      return await loadPyodide({
        indexURL: config.indexURL,
        lockFileContents: lockText,
        packageBaseUrl: new URL(".", config.lockFileURL).href,
        packages: [config.packageName],
      });
    } catch (error) {
      throw new CheckerError(msg(N_("Python could not start ({error})."), { error: short(error) }));
    }
  };
  const pyodide = await Promise.race([start(), runtime.then(() => failed), failed]);
  progress(runId, N_("Installing the checker …"));
  if (!Object.hasOwn(pyodide.loadedPackages, config.packageName)) {
    // loadPyodide only logs a package that failed (404, sha256 mismatch): ask the loader
    // once more, to learn why, and check what it installed.
    const errors = [];
    const loaded = await pyodide.loadPackage(config.packageName, {
      messageCallback: () => {},
      errorCallback: (message) => errors.push(message),
      checkIntegrity: true,
    });
    if (!loaded.some((pkg) => pkg.name === config.packageName)) {
      const why = errors.length > 0 ? errors.map(short).join("; ")
        : msg(N_("{package} is not in the lockfile"), { package: config.packageName });
      throw new CheckerError(msg(N_("the checker could not be installed ({why})."), { why }));
    }
  }
  let probe;
  try {
    probe = pyodide.pyimport("checker.main");
  } catch (error) {
    console.error(error); // the traceback, for whoever opens the console
    throw new CheckerError(msg(N_("the checker could not be installed (its code does not load).")));
  }
  return { runCheck: probe.run_check };
}

/** Start Pyodide once per worker; a failed start is reported at once (fatal). */
function ensureBoot(runId, runConfig) {
  if (ready === null) {
    config = runConfig;
    ready = withTimeout(boot(runId), BOOT_TIMEOUT_MS, msg(N_("Python did not start within 3 minutes.")));
    ready.catch((error) => failed(runId, error, true));
  }
  return ready;
}

/** What the reader is told about `error`: its own sentence, or a plain one (no traceback). */
function readerMessage(error) {
  if (error instanceof CheckerError) return error.said;
  console.error(error); // a Python traceback or a stack belongs in the console
  return msg(
    N_("the checker met an error it could not handle (the browser's console has the details)."),
  );
}

/** Tell the page that a run failed: in English, and as a message it translates. */
function failed(runId, error, fatal) {
  const said = readerMessage(error);
  postMessage({ type: "error", runId, message: tMessage({}, said), ...said, fatal });
}

/** Ops that the worker can do itself (same origin, same storage as the page). */
const LOCAL = {
  progress({ text, running }, runId) {
    progress(runId, text, Array.isArray(running) ? running : []);
    return null;
  },

  /** Timed same-origin download: stop at maxMs and report what arrived, with the Date. */
  async download({ path, maxMs }) {
    const url = new URL(path, config.assetsURL);
    url.searchParams.set("nocache", `${Date.now()}-${Math.random().toString(36).slice(2)}`);
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), maxMs);
    const started = performance.now();
    try {
      let response;
      try {
        response = await fetch(url, { cache: "no-store", signal: controller.signal });
      } catch (error) {
        if (controller.signal.aborted) return { status: null, bytes: 0, aborted: true };
        throw error;
      }
      const receivedAt = Date.now();
      const firstByte = performance.now();
      let bytes = 0;
      let aborted = false;
      try {
        const reader = response.body.getReader();
        for (;;) {
          const { done, value } = await reader.read();
          if (done) break;
          bytes += value.byteLength;
        }
      } catch (error) {
        if (!controller.signal.aborted) throw error;
        aborted = true; // slow line: measure the part that arrived in time
      }
      return {
        status: response.status,
        bytes,
        ms: performance.now() - firstByte,
        ttfbMs: firstByte - started,
        date: response.headers.get("Date"),
        receivedAt,
        aborted,
      };
    } finally {
      clearTimeout(timer);
    }
  },

  "indexedDB.open"({ name }) {
    return new Promise((resolve) => {
      let request;
      try {
        request = indexedDB.open(name);
      } catch (error) {
        resolve({ ok: false, error: `${error.name}: ${error.message}` });
        return;
      }
      request.onsuccess = () => {
        request.result.close();
        indexedDB.deleteDatabase(name);
        resolve({ ok: true });
      };
      request.onerror = () => resolve({ ok: false, error: String(request.error) });
    });
  },

  async "storage.estimate"() {
    // WebKitGTK has no navigator.storage: that is "not reported", not an error.
    if (typeof navigator.storage?.estimate !== "function") return { quota: null, usage: null };
    const { quota, usage } = await navigator.storage.estimate();
    return { quota, usage };
  },
};

function forward(op, args) {
  return new Promise((resolve) => {
    const id = nextCall++;
    pending.set(id, resolve);
    postMessage({ type: "call", id, op, args });
  });
}

async function hostCall(runId, op, argsJson) {
  const args = JSON.parse(argsJson);
  let reply;
  if (Object.hasOwn(LOCAL, op)) {
    try {
      reply = { ok: true, value: (await LOCAL[op](args, runId)) ?? null };
    } catch (error) {
      reply = { ok: false, name: error?.name ?? "Error", message: String(error?.message ?? error) };
    }
  } else {
    reply = await forward(op, args);
  }
  return JSON.stringify(reply);
}

async function run({ runId, config: runConfig, manifest, code, service, baseURL, messages }) {
  let booted = false;
  try {
    const started = performance.now();
    const { runCheck } = await ensureBoot(runId, runConfig);
    booted = true;
    const checking = performance.now();
    postMessage({ type: "checking", runId });
    progress(runId, N_("Checking the browser …"));
    const result = await withTimeout(
      runCheck(
        (op, args) => hostCall(runId, op, args),
        manifest,
        code,
        baseURL,
        messages ?? "",
        service ?? "",
      ),
      CHECK_TIMEOUT_MS,
      msg(N_("the check did not finish within 45 seconds.")),
    );
    // How long this run waited for Pyodide and the checker, and how long the probe took.
    const timings = { bootMs: checking - started, checkMs: performance.now() - checking };
    postMessage({ type: "done", runId, result: String(result), timings });
  } catch (error) {
    // A failed boot is fatal: the page drops this worker and starts a fresh one next time.
    failed(runId, error, !booted || error?.fatal === true);
  } finally {
    pending.clear(); // ops that never settled (and timed out in Python) are forgotten
  }
}

self.addEventListener("message", ({ data }) => {
  if (data?.type === "reply") {
    const resolve = pending.get(data.id);
    pending.delete(data.id);
    resolve?.(data.reply);
  } else if (data?.type === "boot") {
    ensureBoot(data.runId, data.config);
  } else if (data?.type === "run") {
    run(data);
  }
});
