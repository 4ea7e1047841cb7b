// The checker's module worker: runs Pyodide and the Python checker off the main thread
// (there, starting Pyodide blocks the page for 1.6-3.5 s in a single task). One worker per
// visit: checker.mjs creates it on the first click and reuses it across instant navigation.
//
// Messages from the page:   {type: "boot", runId, config}       (start Pyodide now)
//                           {type: "run", runId, config, manifest, code, baseURL, messages}
//                           {type: "reply", id, reply}          (answer to a "call")
// Messages to the page:     {type: "progress", runId, text, running}  (English; the page translates)
//                           {type: "call", id, op, args}        (an op for bridge.mjs)
//                           {type: "done", runId, result, timings}  (result: JSON {report, text})
//                           {type: "error", runId, message, fatal}
//
// Python reaches the browser only through `hostCall(op, argsJson)`: ops that need the
// window go to the page, the rest run here (see LOCAL). JSON both ways (checker/probe.py).

let ready = null; // Promise of {runCheck}: Pyodide booted and the checker installed
let config = null;
const pending = new Map(); // call id -> resolve, for ops forwarded to the page
let nextCall = 1;

// `text` is English; the page shows it in its language ("running": the groups under way).
const N_ = (source) => source; // marks English the page translates (i18n.mjs)
const progress = (runId, text, running = []) =>
  postMessage({ type: "progress", runId, text, running });

const BOOT_TIMEOUT_MS = 180_000; // 13.5 MB at 1 Mbit/s, with room to spare
const EMPTY_WASM = new Uint8Array([0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00]);

/** Fail fast where a Content-Security-Policy forbids compiling WebAssembly. */
function assertWasmAllowed() {
  // Emscripten only logs "wasm instantiation failed!" then and loadPyodide() never settles,
  // so ask first: compiling an empty module is instant and hits the same policy check.
  try {
    new WebAssembly.Module(EMPTY_WASM);
  } catch (error) {
    throw new Error(
      "this site's security policy blocks WebAssembly, which the check needs " +
        `(it must allow 'wasm-unsafe-eval'; the browser said: ${error.message})`,
    );
  }
}

function withTimeout(promise, ms, message) {
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(message)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

async function boot(runId) {
  assertWasmAllowed();
  progress(runId, N_("Loading Python (about 6 MB, first time only) …"));
  // loadPyodide imports pyodide.asm.mjs (1.2 MB) only once pyodide.mjs has arrived and
  // run: ask for both now. One module map, so it is still fetched and run only once; if
  // it fails, loadPyodide's own import fails too and says so.
  import(`${config.indexURL}pyodide.asm.mjs`).catch(() => {});
  const { loadPyodide } = await import(`${config.indexURL}pyodide.mjs`);
  // lockFileURL must be absolute: with a relative one, Pyodide derives an invalid package
  // base URL and loading the package only logs the failure.
  // `packages`: Pyodide's own loader (lockfile entry, sha256 checked as for loadPackage)
  // fetches the checker wheel while Python starts, and installs it before resolving.
  const pyodide = await loadPyodide({
    indexURL: config.indexURL,
    lockFileURL: config.lockFileURL,
    packages: [config.packageName],
  });
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
      const why = errors.join("; ") || `${config.packageName} is not in the lockfile`;
      throw new Error(`the checker could not be installed (${why}).`);
    }
  }
  const probe = pyodide.pyimport("checker.probe"); // raises if the wheel is broken
  return { runCheck: probe.run_check };
}

/** Start Pyodide once per worker; a failed start is reported at once (fatal). */
function ensureBoot(runId, runConfig) {
  if (ready === null) {
    config = runConfig;
    ready = withTimeout(boot(runId), BOOT_TIMEOUT_MS, "Python did not start within 3 minutes.");
    ready.catch((error) => {
      postMessage({ type: "error", runId, message: String(error?.message ?? error), fatal: true });
    });
  }
  return ready;
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

async function run({ runId, config: runConfig, manifest, code, baseURL, messages }) {
  let booted = false;
  try {
    const started = performance.now();
    const { runCheck } = await ensureBoot(runId, runConfig);
    booted = true;
    const checking = performance.now();
    progress(runId, N_("Checking the browser …"));
    const result = await runCheck(
      (op, args) => hostCall(runId, op, args),
      manifest,
      code,
      baseURL,
      messages ?? "",
    );
    // How long this run waited for Pyodide and the checker, and how long the probe took.
    const timings = { bootMs: checking - started, checkMs: performance.now() - checking };
    postMessage({ type: "done", runId, result: String(result), timings });
  } catch (error) {
    // A failed boot is fatal: the page drops this worker and starts a fresh one next time.
    postMessage({ type: "error", runId, message: String(error?.message ?? error), fatal: !booted });
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
