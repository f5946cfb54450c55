/**
 * The questions on the dashboard: three tabs (incoming, live, hidden / rejected / archived / merged), the search
 * (words of the text, the asker's name or "#id"; Enter goes to the first card found, Escape clears it), the status
 * and agenda-item filters, the sort order, and the highlight of the question being answered. The moderators'
 * snapshot holds every question of the event, so searching and filtering happen here. Selecting cards and acting
 * on the selection: question_selection.js; the keyboard: question_keys.js; a card's menu: question_menu.js.
 *
 * data-testid: answering-highlight (data-question-id), answering-done, answering-reopen, question-search,
 *   question-status-filter (all | pending | open | answering | answered | hidden | rejected | archived | merged:
 *   picking one shows the tab that holds it),
 *   tab-incoming, tab-live, tab-other (aria-selected), count-incoming, count-live, count-other,
 *   question-item-filter (values: all | current | <item id> | general, as on the phone), sort-votes, sort-time,
 *   sort-fair (aria-pressed; the choice kept in localStorage under SORT_KEY), list-incoming, list-live, list-other
 *   (the cards in them: question_card.js)
 *
 * Sorts of the live list: votes, newest, or the fair queue (fair_queue.js: by votes, but no asker twice before
 * every asker waiting has had one, agenda items taking turns); the question on the floor stays on top and the
 * answered ones at the end in every sort. The order holds still while the pointer is on the live list
 * (data-held="true" on it): a card never slides from under a click.
 */
import { t, tn } from "../i18n.js";
import { authorLabel, h, reconcile, sortQuestions } from "../live.js";
import { $, agendaItems, can, itemById, itemLabel, live, render, root, state } from "./context.js";
import { act } from "./question_actions.js";
import { fairQueue, isWaiting } from "./fair_queue.js";
import { createCard, updateCard } from "./question_card.js";
import { OTHER_STATUSES, STATUS_FILTERS, matchesSearch, searchWords, statusKey } from "./question_rules.js";
import { renderSelection } from "./question_selection.js";
import "./question_keys.js";
import { linkSimilar } from "./similar.js";

let tab = "live";
const SORT_KEY = "townhall.dashboard.sort";
const SORTS = ["votes", "time", "fair"];
let order = readSort();

function readSort() {
  try {
    const saved = window.localStorage.getItem(SORT_KEY);
    return SORTS.includes(saved) ? saved : "votes";
  } catch {
    return "votes"; // storage blocked: the default
  }
}

function saveSort(value) {
  try {
    window.localStorage.setItem(SORT_KEY, value);
  } catch {
    // storage blocked: the choice lasts this page
  }
}

/** The open live questions in the chosen order (the fair queue from all of them, then the filter). */
function openInOrder(published) {
  const open = published.filter((q) => q.progress === "open");
  if (order !== "fair") return sortQuestions(open.filter(inFilter), order);
  const queued = fairQueue(published);
  const rest = sortQuestions(open.filter((q) => !isWaiting(q)), "votes"); // e.g. referred: after the queue
  return [...queued, ...rest].filter(inFilter);
}
let filter = "all"; // all | current | general | "<item id>"
let status = "all"; // all | one of STATUS_FILTERS
let words = []; // the search, in lower case

// While the chair's pointer is on the live list its order holds still, so a tally arriving between aiming and
// clicking cannot slide another question under the pointer (the counts on the cards still change). The list
// sorts again as soon as the pointer leaves it; questions new meanwhile go at the end.
let held = null; // the ids of the live list, in the order shown when the pointer came onto it

function holdOrder(list) {
  if (!held) return list;
  const at = new Map(held.map((id, index) => [id, index]));
  const rank = (q) => (at.has(q.id) ? at.get(q.id) : held.length);
  return [...list].sort((a, b) => rank(a) - rank(b)); // stable: the new ones keep their own order
}

const liveListEl = root.querySelector('[data-list="live"]');
liveListEl.addEventListener("pointerenter", () => {
  held = [...liveListEl.children].map((el) => Number(el.dataset.key));
  liveListEl.dataset.held = "true";
});
liveListEl.addEventListener("pointerleave", () => {
  held = null;
  delete liveListEl.dataset.held;
  live.changed();
});

function inFilter(q) {
  if (status !== "all" && statusKey(q) !== status) return false;
  if (!matchesSearch(q, words)) return false;
  if (filter === "all") return true;
  if (filter === "general") return q.agenda_item_id === null || q.agenda_item_id === undefined;
  if (filter === "current") {
    const current = state.agenda && state.agenda.current_item_id;
    return current === null || current === undefined ? true : q.agenda_item_id === current;
  }
  return q.agenda_item_id === Number(filter);
}

function renderFilter() {
  const items = agendaItems();
  const select = $("filter");
  if (!["all", "current", "general"].includes(filter) && !itemById(Number(filter))) filter = "all";
  $("filter-wrap").hidden = items.length === 0;
  if (!items.length) filter = "all";
  const current = state.agenda ? itemById(state.agenda.current_item_id) : null;
  const options = [
    ["all", t("All items")],
    ["current", current ? t("Current item: %(title)s", { title: current.title }) : t("Current item")],
    ...items.map((i) => [String(i.id), itemLabel(i)]),
    ["general", t("General (no agenda item)")],
  ];
  const signature = JSON.stringify(options);
  if (select.dataset.signature !== signature) {
    select.replaceChildren(...options.map(([value, label]) => h("option", { value }, label)));
    select.dataset.signature = signature;
  }
  select.value = filter;
}

/** What the filter shows, for the empty lists: {general: true}, {title} of an item, or null when every question shows. */
function filterScope() {
  if (filter === "general") return { general: true };
  const item = filter === "current" ? (state.agenda ? itemById(state.agenda.current_item_id) : null) : itemById(Number(filter));
  return item ? { title: item.title } : null;
}

export function renderQuestions() {
  renderFilter();
  const event = state.event;
  const all = Object.values(state.questions);
  const shown = all.filter(inFilter);
  const incoming = shown.filter((q) => q.status === "pending")
    .sort((a, b) => Date.parse(a.created_at) - Date.parse(b.created_at) || a.id - b.id);
  const published = all.filter((q) => q.status === "published");
  const answering = published.find((q) => q.progress === "answering");
  const publishedShown = published.filter(inFilter);
  const liveList = holdOrder([
    ...(answering && inFilter(answering) ? [answering] : []),
    ...openInOrder(published),
    ...sortQuestions(publishedShown.filter((q) => q.progress === "answered"), order === "fair" ? "votes" : order),
  ]);
  const other = sortQuestions(shown.filter((q) => OTHER_STATUSES.includes(q.status)), "time");

  renderAnswering(answering);
  linkSimilar(all);
  const lists = { incoming, live: liveList, other };
  for (const [name, items] of Object.entries(lists)) {
    const count = root.querySelector(`[data-count="${name}"]`);
    count.textContent = items.length;
    count.classList.toggle("has-items", name === "incoming" && items.length > 0);
    root.querySelector(`[data-empty="${name}"]`).hidden = items.length > 0;
    reconcile(root.querySelector(`[data-list="${name}"]`), items, (q) => q.id, createCard, updateCard);
  }
  renderSelection(lists[tab]);
  const scope = filterScope();
  const searching = words.length > 0 || status !== "all";
  const empty = (name, text) => {
    const el = root.querySelector(`[data-empty="${name}"]`);
    if (el.textContent !== text) el.textContent = text;
  };
  if (searching) {
    for (const name of Object.keys(lists)) empty(name, t("No question here matches the search and filters."));
  } else if (scope && scope.general) {
    empty("incoming", t("No questions waiting among the general questions."));
    empty("live", t("No live questions among the general questions."));
    empty("other", t("Nothing hidden, rejected, archived or merged among the general questions."));
  } else if (scope) {
    empty("incoming", t("No questions waiting for “%(title)s”.", scope));
    empty("live", t("No live questions for “%(title)s”.", scope));
    empty("other", t("Nothing hidden, rejected, archived or merged for “%(title)s”.", scope));
  } else {
    empty("incoming", event.premoderation
      ? t("No questions waiting for approval.")
      : t("No questions waiting. Pre-moderation is off: new questions go live directly (turn it on in Settings)."));
    empty("live", t("No live questions yet. Share the join code: %(code)s", { code: event.code }));
    empty("other", t("Nothing hidden, rejected, archived or merged."));
  }

  for (const button of root.querySelectorAll("[data-tab]")) {
    const selected = button.dataset.tab === tab;
    button.setAttribute("aria-selected", String(selected));
    button.tabIndex = selected ? 0 : -1;
  }
  for (const panel of root.querySelectorAll("[data-panel]")) panel.hidden = panel.dataset.panel !== tab;
  $("sort").hidden = tab !== "live";
  for (const button of root.querySelectorAll("[data-sort]")) {
    button.setAttribute("aria-pressed", String(button.dataset.sort === order));
  }
}

function renderAnswering(question) {
  const box = $("answering");
  box.hidden = !question;
  $("answering-actions").hidden = !can("questions");
  if (!question) {
    delete box.dataset.questionId;
    return;
  }
  box.dataset.questionId = question.id;
  $("answering-text").textContent = question.text;
  $("answering-author").textContent = `— ${authorLabel(question)} · ${tn("%(n)s vote", "%(n)s votes", question.votes)}`;
}

$("answering-done").addEventListener("click", (e) => {
  const id = Number($("answering").dataset.questionId);
  if (id) act(id, "answered", e.currentTarget);
});
$("answering-reopen").addEventListener("click", (e) => {
  const id = Number($("answering").dataset.questionId);
  if (id) act(id, "reopen", e.currentTarget);
});

// Tabs: click, or arrow keys between them (WAI-ARIA tabs pattern).
const tabButtons = [...root.querySelectorAll("[data-tab]")];
for (const button of tabButtons) {
  button.addEventListener("click", () => {
    tab = button.dataset.tab;
    render();
  });
  button.addEventListener("keydown", (e) => {
    const index = tabButtons.indexOf(button);
    let next = null;
    if (e.key === "ArrowRight") next = tabButtons[(index + 1) % tabButtons.length];
    if (e.key === "ArrowLeft") next = tabButtons[(index - 1 + tabButtons.length) % tabButtons.length];
    if (e.key === "Home") next = tabButtons[0];
    if (e.key === "End") next = tabButtons[tabButtons.length - 1];
    if (next) {
      e.preventDefault();
      tab = next.dataset.tab;
      render();
      next.focus();
    }
  });
}
for (const button of root.querySelectorAll("[data-sort]")) {
  button.addEventListener("click", () => {
    order = button.dataset.sort;
    saveSort(order);
    render();
  });
}
// The tab that holds each status: picking a status shows its tab.
const TAB_OF = { pending: "incoming", open: "live", answering: "live", answered: "live" };
$("status-filter").addEventListener("change", (e) => {
  status = STATUS_FILTERS.includes(e.currentTarget.value) ? e.currentTarget.value : "all";
  if (status !== "all") tab = TAB_OF[status] || "other";
  render();
});
$("search").addEventListener("input", (e) => {
  words = searchWords(e.currentTarget.value);
  render();
});
$("search").addEventListener("keydown", (e) => {
  if (e.key === "Enter") {
    e.preventDefault(); // on to the first card found, where the shortcuts work (question_keys.js)
    const first = root.querySelector(`[data-list="${tab}"] > .mod-card`);
    if (first) first.focus();
  }
  if (e.key === "Escape" && e.currentTarget.value) {
    e.currentTarget.value = "";
    words = [];
    render();
  }
});
$("filter").addEventListener("change", (e) => {
  filter = e.currentTarget.value;
  render();
});
