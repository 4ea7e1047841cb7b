/*
 * One sitemap for Material's language selector.
 *
 * Material reads "sitemap.xml" beside every <link rel="alternate"> of a page, taking each
 * for the root of a language's own site. This site's alternates are the page's twins in
 * each language (generator/plugin.py), so each of those requests would be a 404, or, where
 * the built site_url names another host, a request to it. This classic script runs in
 * <head>, before Material's bundle, and points those requests (Material makes them with
 * XMLHttpRequest) at the site's one sitemap, which lists every language. Every other
 * request is left alone.
 */
(function () {
  "use strict";
  var SITEMAP = /\/sitemap\.xml(?:[?#]|$)/;
  // The site's root, from this script's own address (<site>/assets/kb/alternates.js).
  var ROOT_SITEMAP = new URL("../../sitemap.xml", document.currentScript.src).href;
  var open = XMLHttpRequest.prototype.open;
  XMLHttpRequest.prototype.open = function (method, url) {
    var args = Array.prototype.slice.call(arguments);
    if (SITEMAP.test(String(url))) args[1] = ROOT_SITEMAP;
    return open.apply(this, args);
  };
})();
