/**
 * The page's language in scripts: t("Text %(name)s", {name}) and tn("%(n)s vote", "%(n)s votes", n).
 * Strings are English in the source and extracted into the gettext catalogues with the server's own
 * (scripts/translations.py); the page preloads its script's part of the catalogue
 * (<link data-i18n-catalogue>, townhall/i18n.py), read here once before any importer runs. English pages
 * have none. Plurals use the language's rules (Intl.PluralRules); numbers in params are formatted for it.
 * That catalogue has the strings of the modules the page needs to run; those of the modules it loads later
 * come with them: moreStrings() first, then the module's import().
 */

const link = typeof document === "undefined" ? null : document.querySelector("link[data-i18n-catalogue]");

async function load() {
  if (!link || !link.href) return {};
  try {
    const response = await fetch(link.href, { credentials: "same-origin" });
    return response.ok ? await response.json() : {};
  } catch {
    return {}; // untranslated beats broken: the page still works in English
  }
}

const catalogue = await load();
const messages = catalogue.messages || {};
let more = null;

/**
 * Resolves once the strings of the modules the page loads later (with import()) are in: call it before
 * importing one. Rejects when the connection is down (tried again at the next call), like the import would.
 */
export function moreStrings() {
  if (!catalogue.later) return Promise.resolve();
  more = more || fetch(catalogue.later, { credentials: "same-origin" })
    .then(async (response) => {
      if (response.ok) Object.assign(messages, (await response.json()).messages);
    })
    .catch((error) => {
      more = null;
      throw error;
    });
  return more;
}

/** The page's language tag ("en", "zh-Hans"), for Intl formatting. */
export const lang = (typeof document !== "undefined" && document.documentElement?.lang) || "en";

const plurals = new Intl.PluralRules(lang);
const numbers = new Intl.NumberFormat(lang);

function fill(text, params) {
  if (!params) return text;
  return text.replace(/%\((\w+)\)[sd]|%%/g, (whole, name) => {
    if (whole === "%%") return "%";
    if (!(name in params)) return whole;
    const value = params[name];
    return typeof value === "number" ? numbers.format(value) : String(value);
  });
}

/** The translation of `text` (its English source), with %(name)s filled from params. */
export function t(text, params) {
  const found = messages[text];
  return fill(typeof found === "string" ? found : text, params);
}

/** The form of `singular` / `plural` for the number n, with %(n)s (and other params) filled. */
export function tn(singular, plural, n, params) {
  const forms = messages[singular];
  const all = { n, ...params };
  if (forms && typeof forms === "object") {
    return fill(forms[plurals.select(n)] ?? forms.other ?? singular, all);
  }
  return fill(new Intl.PluralRules("en").select(n) === "one" ? singular : plural, all);
}

/** A number in the page's language (grouping, digits). */
export function number(n) {
  return numbers.format(n);
}

/**
 * A translated sentence with elements in it: the parts of `text` around its %(name)s placeholders, with
 * nodes[name] in their place, for h() or append(). Translate with those placeholders left as they are:
 * withNodes(t("Notes go on the %(link)s."), { link }); for tn() pass { n: "%(n)s" } to keep %(n)s.
 */
export function withNodes(text, nodes) {
  const parts = [];
  let last = 0;
  for (const match of text.matchAll(/%\((\w+)\)s/g)) {
    if (!(match[1] in nodes)) continue;
    parts.push(text.slice(last, match.index), nodes[match[1]]);
    last = match.index + match[0].length;
  }
  parts.push(text.slice(last));
  return parts.filter((part) => part !== "");
}
