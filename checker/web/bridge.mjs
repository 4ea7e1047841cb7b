// @ts-check
// The main-thread half of the checker's host calls: primitive browser operations that
// exist only on the window (EME, cookies, localStorage, matchMedia, screen, layout for the
// ad-block bait). The worker forwards them here; checker/probe.py decides which to call
// with which arguments and what the answers mean. Nothing here judges anything. The one
// thing done ahead of the probe is placing the ad-block bait at the click (plantBait), so
// that the bait's wait passes while Pyodide starts instead of after it: the bait (classes
// and wait) belongs here, the probe only asks whether it was hidden.
//
// Every op takes plain JSON-able arguments and returns plain JSON-able data (or throws);
// `perform` wraps the outcome in the {ok, value} / {ok: false, name, message} envelope.

/** MediaKeySystemAccess and MediaKeys objects cannot travel to the worker: keep them here. */
const handles = new Map();
let nextHandle = 1;

function keep(object) {
  const handle = nextHandle++;
  handles.set(handle, object);
  return handle;
}

function take(handle) {
  const object = handles.get(handle);
  if (object === undefined) {
    throw new DOMException(`No object with handle ${handle}`, "InvalidStateError");
  }
  return object;
}

/** Resolve "navigator.connection.rtt" against the window; undefined when a link is missing. */
function lookup(path) {
  let value = globalThis;
  for (const part of path.split(".")) {
    if (value === undefined || value === null) return undefined;
    value = value[part];
  }
  return value;
}

/** A JSON copy of `value` (null for functions, undefined and anything not serialisable). */
function plain(value) {
  if (value === undefined || typeof value === "function") return null;
  try {
    return JSON.parse(JSON.stringify(value)) ?? null;
  } catch {
    return null;
  }
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** Class names that common ad-block filter lists hide (nsi88/adblockdetect). */
const BAIT_CLASSES =
  "adsbox pub_300x250 pub_300x250m pub_728x90 text-ad textAd text_ad text_ads text-ads";
/** How long cosmetic filters get to hide the bait, counted from when it was placed. */
const BAIT_WAIT_MS = 150;

/** The ad-block bait placed at the click: {element, at} (see plantBait). */
let planted = null;

function placeBait() {
  const bait = document.createElement("div");
  bait.className = `${BAIT_CLASSES} kb-checker-bait`; // kb-checker-bait: off-screen, 1x1 (CSS)
  bait.setAttribute("aria-hidden", "true");
  bait.textContent = "\u00a0";
  document.body.append(bait);
  return bait;
}

/**
 * Place the ad-block bait now, when the reader presses the button. When the probe asks
 * for the "bait" op, the filters have had the whole start of Pyodide to hide it, and the
 * op only waits for what is left of BAIT_WAIT_MS.
 */
export function plantBait() {
  dropBait();
  planted = { element: placeBait(), at: performance.now() };
}

/** Remove a bait that no probe looked at (the run failed before it asked). */
export function dropBait() {
  planted?.element.remove();
  planted = null;
}

const ops = {
  /** typeof and JSON value of each dotted path; a throwing getter gives type "error". */
  read({ paths }) {
    const out = {};
    for (const path of paths) {
      try {
        const value = lookup(path);
        out[path] = { type: typeof value, value: plain(value) };
      } catch {
        out[path] = { type: "error", value: null };
      }
    }
    return out;
  },

  intl() {
    const { timeZone, locale } = Intl.DateTimeFormat().resolvedOptions();
    return { timeZone, locale };
  },

  matchMedia({ queries }) {
    return Object.fromEntries(queries.map((query) => [query, matchMedia(query).matches]));
  },

  "mse.isTypeSupported"({ types }) {
    const mse = globalThis.MediaSource ?? globalThis.ManagedMediaSource;
    return Object.fromEntries(types.map((type) => [type, mse ? mse.isTypeSupported(type) : null]));
  },

  async "mediaCapabilities.decodingInfo"({ config }) {
    const info = await navigator.mediaCapabilities.decodingInfo(config);
    return { supported: info.supported, smooth: info.smooth, powerEfficient: info.powerEfficient };
  },

  async "eme.access"({ keySystem, configs }) {
    const access = await navigator.requestMediaKeySystemAccess(keySystem, configs);
    return { handle: keep(access), configuration: plain(access.getConfiguration()) };
  },

  async "eme.createMediaKeys"({ handle }) {
    return { handle: keep(await take(handle).createMediaKeys()) };
  },

  async "eme.policy"({ handle, minHdcpVersion }) {
    return await take(handle).getStatusForPolicy({ minHdcpVersion });
  },

  "eme.release"() {
    handles.clear();
    return null;
  },

  "cookie.roundtrip"({ name, value }) {
    document.cookie = `${name}=${value}; path=/; max-age=60; SameSite=Strict`;
    const ok = document.cookie.split(/;\s*/).includes(`${name}=${value}`);
    document.cookie = `${name}=; path=/; max-age=0; SameSite=Strict`;
    return { ok };
  },

  "localStorage.roundtrip"({ key, value }) {
    try {
      localStorage.setItem(key, value);
      const ok = localStorage.getItem(key) === value;
      localStorage.removeItem(key);
      return { ok };
    } catch (error) {
      // Blocked storage throws SecurityError on access, a full one QuotaExceededError.
      return { ok: false, error: `${error.name}: ${error.message}` };
    }
  },

  /**
   * Insert an element that ad-block lists hide, give cosmetic filters BAIT_WAIT_MS from
   * its insertion, look at it. The bait planted at the click is used if it is still in
   * the page (one that is gone may have left with an instant navigation, so it proves
   * nothing: a fresh one is placed and given the whole wait).
   */
  async bait() {
    let bait;
    let placedAt;
    if (planted?.element.isConnected) {
      ({ element: bait, at: placedAt } = planted);
      planted = null;
    } else {
      dropBait();
      bait = placeBait();
      placedAt = performance.now();
    }
    await sleep(Math.max(0, BAIT_WAIT_MS - (performance.now() - placedAt)));
    const style = getComputedStyle(bait);
    const blocked =
      !bait.isConnected ||
      bait.offsetParent === null ||
      bait.offsetHeight === 0 ||
      bait.clientHeight === 0 ||
      style.display === "none" ||
      style.visibility === "hidden" ||
      document.body.hasAttribute("abp");
    bait.remove();
    return { blocked };
  },
};

/** Run one op and return its reply envelope; never throws. */
export async function perform(op, args) {
  const fn = Object.hasOwn(ops, op) ? ops[op] : null;
  if (fn === null) {
    return { ok: false, name: "NotSupportedError", message: `Unknown operation ${op}` };
  }
  try {
    return { ok: true, value: (await fn(args ?? {})) ?? null };
  } catch (error) {
    return { ok: false, name: error?.name ?? "Error", message: String(error?.message ?? error) };
  }
}
