/**
 * The fairness panel on the dashboard (the team: the "view" capability): how often a higher-voted question
 * was passed over (with the reasons), the answered share of named / anonymous and first-time / repeat askers,
 * and answers per agenda item, from GET /api/events/<code>/fairness (services/fairness.py).
 *
 * Refreshed when the questions change in a way the figures depend on (a status, progress, ledger state,
 * agenda item or anonymity: not a vote), at most once per REFRESH_MS, and after the moderator puts a question
 * on the floor (refreshFairness); never on a timer.
 *
 * data-testid: fairness-panel, fairness-skips (data-skips, data-on-floor), fairness-skip-list, fairness-skip,
 *   fairness-askers (rows: fairness-asker-<named|anonymous|first_time|repeat>), fairness-items, fairness-error
 */
import { t, tn, withNodes } from "../i18n.js";
import { api, clearError, h, showError } from "../live.js";
import { $, base, can, state } from "./context.js";

const REFRESH_MS = 800;
const SHOWN_SKIPS = 3;
const ASKERS = [["named", t("Named")], ["anonymous", t("Anonymous")], ["first_time", t("First-time")], ["repeat", t("Repeat")]];

let signature = null;
let timer = null;
let inFlight = false;
let again = false;

/** Called by every render: schedules a refetch when what the figures depend on changed. */
export function renderFairness() {
  const panel = $("fairness");
  panel.hidden = !can("view");
  if (panel.hidden) return;
  const next = Object.values(state.questions)
    .map((q) => `${q.id}:${q.status}:${q.progress}:${q.state}:${q.agenda_item_id}:${q.anonymous}`).join("|")
    + `#${(state.agenda && JSON.stringify((state.agenda.items || []).map((i) => [i.id, i.title])))}`;
  if (next === signature) return;
  const first = signature === null;
  signature = next;
  if (first) load(); // the page's first figures at once; later changes debounced
  else refreshFairness();
}

/** Refetch soon (debounced): a burst of changes is one request. */
export function refreshFairness() {
  clearTimeout(timer);
  timer = setTimeout(load, REFRESH_MS);
}

async function load() {
  if (inFlight) {
    again = true;
    return;
  }
  inFlight = true;
  clearError($("fairness-error"));
  try {
    const { fairness } = await api(`${base}/fairness`);
    draw(fairness);
  } catch (error) {
    showError($("fairness-error"), error);
  } finally {
    inFlight = false;
    if (again) {
      again = false;
      refreshFairness();
    }
  }
}

const shortText = (text) => (text && text.length > 48 ? `${text.slice(0, 47)}…` : text || t("(deleted)"));
const votes = (n) => tn("%(n)s vote", "%(n)s votes", n);

function shareText(group) {
  if (!group.questions) return "—";
  return t("%(answered)s of %(questions)s · %(percent)s%%", {
    answered: group.answered, questions: group.questions, percent: Math.round((100 * group.answered) / group.questions),
  });
}

/** " before “…” (3 votes)", " … and 2 more" when more were passed over. */
function passedOverText(s) {
  const params = { text: shortText(s.passed_over && s.passed_over.text), votes: votes(s.passed_over_votes) };
  if (s.passed_over_count > 1) {
    return " " + tn("before “%(text)s” (%(votes)s) and %(n)s more", "before “%(text)s” (%(votes)s) and %(n)s more",
      s.passed_over_count - 1, params);
  }
  return " " + t("before “%(text)s” (%(votes)s)", params);
}

function draw(f) {
  const skips = f.skips;
  const line = $("fairness-skips");
  line.dataset.skips = skips.count;
  line.dataset.onFloor = skips.on_floor;
  line.replaceChildren(
    ...withNodes(tn("%(n)s skip of %(floor)s put on the floor", "%(n)s skips of %(floor)s put on the floor", skips.count,
      { n: "%(n)s", floor: skips.on_floor }), { n: h("strong", { text: String(skips.count) }) }),
    h("span", { class: "hint", text: t(" (a higher-voted question was waiting)") }));

  const recent = skips.items.slice(-SHOWN_SKIPS).reverse();
  $("fairness-skip-list").replaceChildren(...recent.map((s) => h("li", { "data-testid": "fairness-skip" },
    h("span", { class: "fair-chosen",
      text: t("“%(text)s” (%(votes)s)", { text: shortText(s.chosen && s.chosen.text), votes: votes(s.chosen_votes) }) }),
    h("span", { class: "fair-over", text: passedOverText(s) }),
    h("span", { class: s.reason ? "fair-reason" : "fair-reason fair-no-reason", "data-testid": "fairness-reason",
      text: s.reason || t("no reason given") }))));

  $("fairness-askers").replaceChildren(...ASKERS.map(([key, label]) => h("tr",
    { "data-testid": `fairness-asker-${key}` },
    h("th", { scope: "row", text: label }), h("td", { text: shareText(f.askers[key]) }))));

  $("fairness-items").replaceChildren(...f.items.filter((i) => i.questions || i.item_id !== null).map((i) =>
    h("tr", {}, h("th", { scope: "row", text: i.title }),
      h("td", { text: t("%(answered)s of %(questions)s", { answered: i.answered_in_room, questions: i.questions }) }))));
}
