/**
 * News for a section of the phone not in sight ("New poll: …", "You have the floor…"): a toast just above the
 * tab bar with a button that shows that section and brings the news into view, focused. Loaded with the first
 * news, not in the phone's first load (60 KB budget, tests/test_http_compression.py). Test ids:
 * docs/testids-phone.md.
 */
import { t } from "../i18n.js";
import { h } from "../live.js";

/** Its stylesheet (css/attendee_news.css), before the first toast shows. */
function loadStylesheet(href) {
  if (!href) return Promise.resolve();
  return new Promise((resolve) => {
    const link = h("link", { rel: "stylesheet", href });
    link.onload = link.onerror = () => resolve();
    document.head.append(link);
  });
}

/** tabs: attendee/tabs.js (current(), show(name)). Resolves once its stylesheet is in. */
export async function createNews({ root, tabs }) {
  await loadStylesheet(root.dataset.newsCss);
  let action = null;
  const text = h("p", { class: "phone-toast-text", "data-testid": "phone-toast-text" });
  const go = h("button", { type: "button", class: "btn phone-toast-go", "data-testid": "phone-toast-go", onclick: () => {
    const then = action;
    hide();
    if (then) then();
  } });
  const el = h("div", { class: "phone-toast", "data-testid": "phone-toast", hidden: true }, text, go,
    h("button", { type: "button", class: "phone-toast-close", "data-testid": "phone-toast-close",
      "aria-label": t("Dismiss"), onclick: () => hide(), text: "×" }));
  root.append(el);

  function hide() {
    el.hidden = true;
    el.dataset.kind = "";
    el.dataset.tab = "";
    action = null;
  }

  return {
    /**
     * kind ("poll", "floor"), words, the button's words, the tab it is about, target(): the element to bring
     * into view once there (or a promise of it). Not shown when that tab is the one shown.
     */
    notify({ kind, words, button, tab, target }) {
      if (tabs.current() === tab) return;
      text.textContent = words;
      go.textContent = button;
      el.dataset.kind = kind;
      el.dataset.tab = tab;
      action = async () => {
        tabs.show(tab);
        const found = await target();
        if (!found) return;
        if (!found.hasAttribute("tabindex")) found.tabIndex = -1;
        found.scrollIntoView({ block: "center" });
        found.focus({ preventScroll: true });
      };
      el.hidden = false;
    },
    /** That news is over (the poll closed, the floor given back). */
    withdraw(kind) {
      if (el.dataset.kind === kind) hide();
    },
    /** A tab was shown: news about it is served. */
    shown(tab) {
      if (el.dataset.tab === tab) hide();
    },
  };
}
