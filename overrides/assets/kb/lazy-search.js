/*
 * Hold Material's search index until the reader shows they want to search.
 *
 * Material requests search/search_index.json as soon as any page opens: every reader pays
 * for the whole index on their first page, and it grows with every code and cause. This
 * classic script runs in <head>, before Material's bundle, and defers that one request
 * until the reader opens search (focus, click or tap on it, or Material's "s", "f", "/"
 * shortcuts). The index is same-origin and small per page, so results are still there by
 * the time a query is typed. Every other request is left alone.
 */
(function () {
  "use strict";
  var INDEX = /\/search\/search_index\.json(?:[?#]|$)/;
  var wanted = false;
  var release;
  var intent = new Promise(function (resolve) { release = resolve; });

  function want() {
    if (!wanted) {
      wanted = true;
      release();
    }
  }

  function inSearch(event) {
    var target = event.target;
    return target instanceof Element &&
      target.closest('.md-search, label[for="__search"], [data-md-toggle="search"]') !== null;
  }

  document.addEventListener("focusin", function (e) { if (inSearch(e)) want(); }, true);
  document.addEventListener("pointerdown", function (e) { if (inSearch(e)) want(); }, true);
  document.addEventListener("keydown", function (e) {
    if (e.key === "s" || e.key === "S" || e.key === "f" || e.key === "F" || e.key === "/") {
      want();
    }
  }, true);

  // Material reads the index through XMLHttpRequest (see its bundle's request helper).
  var open = XMLHttpRequest.prototype.open;
  var send = XMLHttpRequest.prototype.send;
  XMLHttpRequest.prototype.open = function (method, url) {
    this.kbDeferred = !wanted && INDEX.test(String(url));
    return open.apply(this, arguments);
  };
  XMLHttpRequest.prototype.send = function () {
    var xhr = this;
    var args = arguments;
    if (xhr.kbDeferred) {
      intent.then(function () { send.apply(xhr, args); });
      return undefined;
    }
    return send.apply(xhr, args);
  };
})();
