// Test-only: served by the end-to-end test server at /__test__/watch.js and put first in
// every page's <head>, so that each engine's run records what went wrong in the page the
// same way, whatever the driver can observe: uncaught errors, rejected promises that
// nobody handled, Content-Security-Policy violations and console.error calls.
"use strict";
(() => {
  const seen = [];
  const note = (kind, text) => seen.push(`${kind}: ${String(text).slice(0, 500)}`);
  window.__kbWatch = seen;
  addEventListener("error", (event) => note("error", event.message || event.error));
  addEventListener("unhandledrejection", (event) =>
    note("unhandled rejection", event.reason?.message ?? event.reason),
  );
  document.addEventListener("securitypolicyviolation", (event) =>
    note("csp", `${event.violatedDirective} blocked ${event.blockedURI || "inline"}`),
  );
  const error = console.error.bind(console);
  console.error = (...args) => {
    note("console.error", args.join(" "));
    error(...args);
  };
})();
