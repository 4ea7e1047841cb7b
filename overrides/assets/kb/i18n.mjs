// @ts-check
// The page's words in the page's language, shared by site.mjs and the checker's view.
//
// English text is the key (as in the Python rules, checker/i18n.py): `t("Copy report")`.
// The build writes each other language's catalogue (content/i18n/<lang>.yaml, messages)
// to assets/kb/i18n/<lang>.json; `loadMessages()` fetches the one of the current page
// (nothing for English). A text the catalogue lacks, or whose translation names a
// placeholder the English does not, is shown in English.
//
// The page's language is in <meta name="kb-lang">, which Material's instant navigation
// keeps up to date in <head> (it does not touch <html lang>; `syncLang` does).

const ASSETS = new URL("./", import.meta.url); // <site>/assets/kb/
const cache = new Map(); // lang -> Promise of its messages

/** The current page's language code ("en" when the page does not say). */
export function pageLang() {
  const meta = document.querySelector('meta[name="kb-lang"]');
  return meta?.getAttribute("content") || document.documentElement.lang || "en";
}

/** The site-relative prefix of the page's language ("" for English, "es/" for Spanish). */
export function langPrefix() {
  const meta = /** @type {HTMLMetaElement | null} */ (
    document.querySelector('meta[name="kb-lang"]')
  );
  return meta?.dataset.prefix ?? "";
}

/** Keep <html lang> right after instant navigation between languages. */
export function syncLang() {
  const lang = pageLang();
  if (document.documentElement.lang !== lang) document.documentElement.lang = lang;
}

/** Resolve to the catalogue of `lang` ({} for English, or when it cannot be fetched). */
export function loadMessages(lang = pageLang()) {
  if (lang === "en") return Promise.resolve({});
  if (!cache.has(lang)) {
    const url = new URL(`i18n/${encodeURIComponent(lang)}.json`, ASSETS);
    cache.set(
      lang,
      fetch(url)
        .then((response) => (response.ok ? response.json() : {}))
        .then((data) => (data && typeof data === "object" ? data : {}))
        .catch(() => {
          cache.delete(lang); // try again next time; English meanwhile
          return {};
        }),
    );
  }
  return cache.get(lang);
}

function fill(template, params) {
  let complete = true;
  const text = template.replace(/\{(\w+)\}/g, (whole, name) => {
    if (Object.hasOwn(params, name)) return String(params[name]);
    complete = false;
    return whole;
  });
  return complete ? text : null;
}

/** `source` (English) in the catalogue's language, with its {placeholders} filled. */
export function t(messages, source, params = {}) {
  const translated = messages && Object.hasOwn(messages, source) ? messages[source] : null;
  if (typeof translated === "string") {
    const text = fill(translated, params);
    if (text !== null) return text;
  }
  return fill(source, params) ?? source;
}

/** Mark a text translated later, where it is shown (for the list of texts to translate). */
export const N_ = (source) => source;

/**
 * A sentence for the reader, made where the page's words are not at hand (the checker's
 * worker): English `text` (marked with N_) and its values, each a string, a number or
 * another such message. `tMessage` shows it in the page's language.
 * @typedef {{ text: string, params?: Record<string, any> }} Message
 */
export const msg = (/** @type {string} */ text, params = {}) => ({ text, params });

/** `message` in the catalogue's language, its nested messages too (English where missing). */
export function tMessage(messages, /** @type {Message} */ message) {
  /** @type {Record<string, unknown>} */
  const params = {};
  for (const [name, value] of Object.entries(message.params ?? {})) {
    params[name] = value && typeof value === "object" ? tMessage(messages, value) : value;
  }
  return t(messages, message.text, params);
}
