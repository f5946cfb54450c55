/**
 * The phone's inputs per poll kind (used by pollvote.js), one object per kind. Each kind has:
 *   build(poll) -> nodes                     the inputs inside the poll's form
 *   hints(form, poll, locked)                counters and limits that follow the inputs
 *   read(form, poll) -> {answer} | {error}   the ballot's answer, or why it cannot be sent yet
 *   fill(form, poll, answer)                 put a previous answer back (changing one's answer)
 */
import { t } from "../i18n.js";
import { h, textLength } from "../live.js";
import {
  TEXT_MAX, multipleAnswer, optionTexts, pickLimit, rankingAnswer, ratingAnswer, ratingEnds, singleAnswer, textAnswer,
  yesnoAnswer,
} from "../polls.js";

// --- single, multiple, yesno: options to pick -----------------------------------------------

/** A button of a group of which one is pressed (yes/no/abstain, a rating). */
function pressOne(e) {
  const button = e.currentTarget;
  for (const other of button.parentElement.querySelectorAll("button")) {
    other.setAttribute("aria-pressed", String(other === button));
  }
  button.closest("form").dispatchEvent(new Event("change", { bubbles: true }));
}

/** The pressed button's data-<field> as a number, or null. */
function pressedNumber(form, field) {
  const pressed = form.querySelector('[aria-pressed="true"]');
  return pressed ? Number(pressed.dataset[field]) : null;
}

/** Press the button whose data-<field> is `value`. */
function pressValue(form, field, value) {
  for (const b of form.querySelectorAll('[data-testid="poll-option"]')) {
    b.setAttribute("aria-pressed", String(Number(b.dataset[field]) === value));
  }
}

function choiceList(poll, type) {
  const name = `poll-${poll.id}`;
  return h("div", { class: "poll-choices", role: type === "radio" ? "radiogroup" : "group" },
    optionTexts(poll).map((text, i) => h("label", { class: "poll-choice" },
      h("input", { type, name, value: String(i), "data-testid": "poll-option", dataset: { option: i } }),
      h("span", { class: "poll-choice-text", text }))));
}

function check(form, picked) {
  for (const b of form.querySelectorAll("input")) b.checked = picked.has(Number(b.value));
}

const single = {
  build: (poll) => choiceList(poll, "radio"),
  hints() {},
  read(form) {
    const picked = form.querySelector("input:checked");
    return singleAnswer(picked ? Number(picked.value) : null);
  },
  fill: (form, poll, answer) => check(form, new Set([answer.choice])),
};

const multiple = {
  build(poll) {
    const texts = optionTexts(poll);
    const max = pickLimit(poll, texts.length);
    return [
      h("p", { class: "poll-hint", "data-testid": "poll-hint" },
        h("span", { text: max >= texts.length ? t("Pick as many as you like") : t("Pick up to %(max)s", { max }) }),
        h("span", { class: "poll-pick-count", "data-testid": "poll-pick-count", "aria-live": "polite",
          dataset: { max } })),
      choiceList(poll, "checkbox"),
    ];
  },
  /** The pick limit: boxes past it are off; the counter says how many are picked. */
  hints(form, poll, locked) {
    const boxes = [...form.querySelectorAll('input[type="checkbox"]')];
    const picked = boxes.filter((b) => b.checked).length;
    const max = pickLimit(poll, boxes.length);
    for (const b of boxes) {
      b.dataset.limited = "1";
      b.disabled = locked || (!b.checked && picked >= max);
      b.closest(".poll-choice").classList.toggle("is-off", b.disabled && !b.checked);
    }
    const counter = form.querySelector(".poll-pick-count");
    counter.dataset.count = String(picked);
    counter.textContent = t("%(picked)s of %(max)s picked", { picked, max });
    counter.dataset.full = String(picked >= max);
  },
  read(form, poll) {
    const picked = [...form.querySelectorAll("input:checked")].map((b) => Number(b.value));
    return multipleAnswer(picked, pickLimit(poll, optionTexts(poll).length));
  },
  fill: (form, poll, answer) => check(form, new Set(answer.choices || [])),
};

const ANSWERS = ["yes", "no", "abstain"];

const yesno = {
  build: (poll) => h("div", { class: "poll-yesno", role: "group" },
    optionTexts(poll).map((text, i) => h("button", {
      type: "button", class: `poll-yesno-btn poll-yesno-${ANSWERS[i]}`, "data-testid": "poll-option",
      "aria-pressed": "false", dataset: { option: i, answer: ANSWERS[i] }, onclick: pressOne,
    }, text))),
  hints() {},
  read: (form) => yesnoAnswer(pressedNumber(form, "option")),
  fill: (form, poll, answer) => pressValue(form, "option", answer.choice),
};

// --- rating: a number on a scale ---------------------------------------------------------------

const rating = {
  build(poll) {
    const min = Number.isInteger(poll.scale_min) ? poll.scale_min : 1;
    const max = Number.isInteger(poll.scale_max) ? poll.scale_max : 5;
    const [low, high] = ratingEnds(poll);
    const buttons = [];
    for (let v = min; v <= max; v++) {
      const label = v === min && low ? `${v} (${low})` : v === max && high ? `${v} (${high})` : String(v);
      buttons.push(h("button", { type: "button", class: "poll-scale-btn", "data-testid": "poll-option",
        "aria-pressed": "false", "aria-label": label, dataset: { value: v }, onclick: pressOne }, String(v)));
    }
    const scale = h("div", { class: "poll-scale", role: "group", dataset: { count: max - min + 1 } }, buttons);
    scale.style.setProperty("--n", String(max - min + 1));
    return [scale, (low || high) ? h("p", { class: "poll-scale-ends", "data-testid": "poll-scale-ends" },
      h("span", { text: low ? `${min} = ${low}` : "" }), h("span", { text: high ? `${max} = ${high}` : "" })) : null];
  },
  hints() {},
  read: (form) => ratingAnswer(pressedNumber(form, "value")),
  fill: (form, poll, answer) => pressValue(form, "value", answer.rating),
};

// --- ranking: the options in order ---------------------------------------------------------------

function move(button, step) {
  const item = button.closest(".poll-rank-item");
  const list = item.parentElement;
  const items = [...list.children];
  const index = items.indexOf(item);
  const target = index + step;
  if (target < 0 || target >= items.length) return;
  if (step < 0) list.insertBefore(item, items[target]);
  else list.insertBefore(item, items[target].nextSibling);
  numberRanks(list);
  // Keep the finger's place: focus follows the moved item (or its other arrow at the ends).
  const again = item.querySelector(step < 0 ? '[data-testid="poll-rank-up"]' : '[data-testid="poll-rank-down"]');
  const other = item.querySelector(step < 0 ? '[data-testid="poll-rank-down"]' : '[data-testid="poll-rank-up"]');
  (again.disabled ? other : again).focus();
  const announce = list.parentElement.querySelector(".poll-rank-announce");
  if (announce) {
    announce.textContent = t("%(text)s: position %(position)s of %(count)s",
      { text: item.querySelector(".poll-rank-item-text").textContent, position: target + 1, count: items.length });
  }
}

function numberRanks(list) {
  const items = [...list.children];
  items.forEach((item, i) => {
    item.dataset.position = String(i + 1);
    item.querySelector(".poll-rank-item-pos").textContent = String(i + 1);
    item.querySelector('[data-testid="poll-rank-up"]').disabled = i === 0 || list.dataset.locked === "1";
    item.querySelector('[data-testid="poll-rank-down"]').disabled = i === items.length - 1 || list.dataset.locked === "1";
  });
}

const ranking = {
  build(poll) {
    const list = h("ol", { class: "poll-rank-form", "data-testid": "poll-rank-list" },
      optionTexts(poll).map((text, i) => h("li", { class: "poll-rank-item", "data-testid": "poll-rank-item", dataset: { option: i } },
        h("span", { class: "poll-rank-item-pos", "aria-hidden": "true" }),
        h("span", { class: "poll-rank-item-text", text }),
        h("span", { class: "poll-rank-moves" },
          h("button", { type: "button", class: "poll-rank-move", "data-testid": "poll-rank-up", "aria-label": t("Move “%(text)s” up", { text }),
            onclick: (e) => move(e.currentTarget, -1) }, "▲"),
          h("button", { type: "button", class: "poll-rank-move", "data-testid": "poll-rank-down",
            "aria-label": t("Move “%(text)s” down", { text }), onclick: (e) => move(e.currentTarget, 1) }, "▼")))));
    return [
      h("p", { class: "poll-hint", "data-testid": "poll-hint", text: t("Put them in order, best first.") }),
      list,
      h("p", { class: "visually-hidden poll-rank-announce", "aria-live": "polite" }),
    ];
  },
  /** Rank numbers, and the arrows that can move (none while locked). */
  hints(form, poll, locked) {
    const list = form.querySelector(".poll-rank-form");
    list.dataset.locked = locked ? "1" : "";
    numberRanks(list);
  },
  read: (form) => rankingAnswer([...form.querySelectorAll(".poll-rank-item")].map((li) => Number(li.dataset.option))),
  fill(form, poll, answer) {
    const list = form.querySelector(".poll-rank-form");
    const items = new Map([...list.children].map((li) => [Number(li.dataset.option), li]));
    for (const i of answer.order || []) if (items.has(i)) list.append(items.get(i));
  },
};

// --- text: a few words ---------------------------------------------------------------------------

const text = {
  build(poll) {
    const id = `poll-text-${poll.id}`;
    return [
      h("label", { class: "visually-hidden", for: id, text: t("Your answer") }),
      h("input", { class: "input poll-text-input", id, name: "text", type: "text", autocomplete: "off",
        enterkeyhint: "send", placeholder: t("Your answer…"), "data-testid": "poll-text-input",
        "aria-describedby": `${id}-counter` }),
      h("p", { class: "poll-hint poll-text-row" },
        h("span", { text: t("A few words are best.") }),
        h("span", { class: "counter poll-text-counter", id: `${id}-counter`, "data-testid": "poll-text-counter",
          "aria-live": "polite" }, `0 / ${TEXT_MAX}`)),
    ];
  },
  hints(form) {
    const length = textLength(form.querySelector(".poll-text-input").value);
    const counter = form.querySelector(".poll-text-counter");
    counter.textContent = `${length} / ${TEXT_MAX}`;
    counter.dataset.over = String(length > TEXT_MAX);
  },
  read: (form) => textAnswer(form.querySelector(".poll-text-input").value),
  fill(form, poll, answer) {
    form.querySelector(".poll-text-input").value = answer.text || "";
  },
};

const KINDS = { single, multiple, yesno, rating, ranking, text };

/** The inputs for the poll's kind (an unknown kind gets the open-text input). */
export function kindOf(poll) {
  return KINDS[poll.kind] || text;
}
