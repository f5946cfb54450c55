/**
 * The phone's sections (Questions, Ask, Polls, Speak), one at a time, from the tab bar at the foot of the
 * screen: the WAI-ARIA tabs pattern (arrow keys, Home, End; automatic activation), the choice kept per event
 * in localStorage, a badge per tab (news for a section not in sight: attendee/news.js). Test ids:
 * docs/testids-phone.md.
 */
export const TABS = ["questions", "ask", "polls", "speak"];

/** onShow(name): a tab was chosen (render again: badges of what is now seen change). */
export function createTabs({ root, code, onShow }) {
  const $ = (role) => root.querySelector(`[data-role="${role}"]`);
  const key = `townhall:tab:${code}`;
  const tabs = new Map([...root.querySelectorAll('[role="tab"]')].map((tab) => [tab.dataset.tab, tab]));
  const panels = new Map([...root.querySelectorAll('[role="tabpanel"]')].map((panel) => [panel.dataset.panel, panel]));
  let current = "questions";

  function read() {
    try {
      return localStorage.getItem(key);
    } catch {
      return null;
    }
  }

  function keep(name) {
    try {
      localStorage.setItem(key, name);
    } catch {
      /* private mode: the choice lasts until the page is left */
    }
  }

  /**
   * Show one section; {focus: true} moves the focus to its tab (keyboard), {remember: false} leaves the kept
   * choice as it is, {quiet: true} does not call onShow.
   */
  function show(name, { focus = false, remember = true, quiet = false } = {}) {
    if (!tabs.has(name)) name = "questions";
    const changed = name !== current;
    current = name;
    for (const [tabName, tab] of tabs) {
      const selected = tabName === name;
      tab.setAttribute("aria-selected", String(selected));
      tab.tabIndex = selected ? 0 : -1;
      panels.get(tabName).hidden = !selected;
    }
    root.dataset.tab = name;
    if (remember) keep(name);
    if (focus) tabs.get(name).focus();
    if (changed) {
      // Coming from far down a long list: start the new section at its top, under the sticky bar.
      const panel = panels.get(name);
      const top = panel.getBoundingClientRect().top;
      if (top < 0) window.scrollBy({ top: top - stickyHeight() });
    }
    if (!quiet) onShow(name);
  }

  function stickyHeight() {
    const bar = root.querySelector(".phone-top");
    return bar ? bar.getBoundingClientRect().height + 8 : 0;
  }

  for (const [name, tab] of tabs) {
    tab.addEventListener("click", () => show(name));
    tab.addEventListener("keydown", (e) => {
      const names = TABS;
      const at = names.indexOf(name);
      const next = { ArrowRight: names[(at + 1) % names.length], ArrowLeft: names[(at - 1 + names.length) % names.length],
        Home: names[0], End: names[names.length - 1] }[e.key];
      if (!next) return;
      e.preventDefault();
      show(next, { focus: true });
    });
  }

  /** badge(name, {text, label, accent}): text on the tab ("" hides it), label for screen readers. */
  function badge(name, { text = "", label = "", accent = false } = {}) {
    const el = $(`badge-${name}`);
    el.hidden = !text;
    el.textContent = text;
    el.classList.toggle("is-accent", Boolean(text) && accent);
    const tab = tabs.get(name);
    // The name keeps the visible label first (what voice control users say), then what the badge means.
    if (text && label) tab.setAttribute("aria-label", `${tab.querySelector(".tab-label").textContent}, ${label}`);
    else tab.removeAttribute("aria-label");
  }

  const saved = read();
  show(TABS.includes(saved) ? saved : "questions", { remember: false, quiet: true });

  return {
    show,
    current: () => current,
    badge,
  };
}
