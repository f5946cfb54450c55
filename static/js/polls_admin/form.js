/**
 * The polls page's form: a new poll, or a draft being edited. It adapts to the poll's kind (options with their
 * order, most choices, a rating scale with its end labels, a text poll's hint), checks what it can before
 * sending (the server's words otherwise), and shows each error next to its field.
 */
import { t, tn } from "../i18n.js";
import { api, clearFormErrors, h, showError, showFormError } from "../live.js";
import { ratingEnds } from "../polls.js";
import {
  $, agendaItems, announce, applyAnswer, base, cardOf, durationSelect, pollById, render, ui,
} from "./context.js";

const form = $("form");
const optionRows = $("option-rows");
const OPTION_LIMITS = { single: [2, 20], multiple: [2, 20], ranking: [2, 10] };
const SCALE = { min: 0, max: 10 };

const field = (name) => form.elements.namedItem(name);

function kindOf() {
  return field("kind").value;
}

function adaptToKind() {
  const kind = kindOf();
  form.dataset.kind = kind;
  for (const el of form.querySelectorAll("[data-kinds]")) el.hidden = !el.dataset.kinds.split(" ").includes(kind);
  const [min, max] = OPTION_LIMITS[kind] || [2, 20];
  $("options-range").textContent = t("(%(min)s to %(max)s)", { min, max });
  while (optionRows.children.length < min && OPTION_LIMITS[kind]) addOptionRow("", false);
  updateOptionRows();
}

function addOptionRow(text = "", focus = true) {
  const li = h("li", { class: "option-row", "data-testid": "poll-option-row" },
    h("span", { class: "option-number", "aria-hidden": "true" }),
    h("input", {
      class: "input", type: "text", maxlength: "200", autocomplete: "off", "data-testid": "poll-option-input",
      onkeydown: (e) => {
        if (e.key === "Enter") {
          e.preventDefault(); // Enter in an option adds the next one instead of submitting
          const rows = [...optionRows.children];
          if (rows.indexOf(li) === rows.length - 1) addOptionRow();
          else rows[rows.indexOf(li) + 1].querySelector("input").focus();
        }
      },
    }),
    h("button", { type: "button", class: "btn btn-ghost btn-icon", "data-testid": "poll-option-up", onclick: () => moveOption(li, -1) }, "↑"),
    h("button", { type: "button", class: "btn btn-ghost btn-icon", "data-testid": "poll-option-down", onclick: () => moveOption(li, 1) }, "↓"),
    h("button", { type: "button", class: "btn btn-ghost btn-icon option-remove", "data-testid": "poll-option-remove", onclick: () => removeOption(li) }, "✕"));
  li.querySelector("input").value = text;
  optionRows.append(li);
  updateOptionRows();
  if (focus) li.querySelector("input").focus();
  return li;
}

function moveOption(li, step) {
  const rows = [...optionRows.children];
  const at = rows.indexOf(li) + step;
  if (at < 0 || at >= rows.length) return;
  if (step < 0) optionRows.insertBefore(li, rows[at]);
  else optionRows.insertBefore(li, rows[at].nextSibling);
  updateOptionRows();
  const button = li.querySelector(`[data-testid="poll-option-${step < 0 ? "up" : "down"}"]`);
  (button.disabled ? li.querySelector("input") : button).focus();
}

function removeOption(li) {
  const rows = [...optionRows.children];
  const at = rows.indexOf(li);
  li.remove();
  updateOptionRows();
  const next = optionRows.children[Math.min(at, optionRows.children.length - 1)];
  if (next) next.querySelector("input").focus();
}

function updateOptionRows() {
  const [min, max] = OPTION_LIMITS[kindOf()] || [2, 20];
  const rows = [...optionRows.children];
  rows.forEach((li, i) => {
    li.dataset.index = String(i);
    li.querySelector(".option-number").textContent = `${i + 1}.`;
    const input = li.querySelector("input");
    const number = { number: i + 1 };
    input.setAttribute("aria-label", t("Option %(number)s", number));
    input.placeholder = t("Option %(number)s", number);
    li.querySelector('[data-testid="poll-option-up"]').disabled = i === 0;
    li.querySelector('[data-testid="poll-option-up"]').setAttribute("aria-label", t("Move option %(number)s up", number));
    li.querySelector('[data-testid="poll-option-down"]').disabled = i === rows.length - 1;
    li.querySelector('[data-testid="poll-option-down"]').setAttribute("aria-label", t("Move option %(number)s down", number));
    li.querySelector('[data-testid="poll-option-remove"]').disabled = rows.length <= min;
    li.querySelector('[data-testid="poll-option-remove"]').setAttribute("aria-label", t("Remove option %(number)s", number));
  });
  $("option-add").disabled = rows.length >= max;
  field("max_choices").max = String(Math.max(1, rows.length));
}

function setOptions(texts) {
  optionRows.replaceChildren();
  for (const text of texts) addOptionRow(text, false);
  const [min] = OPTION_LIMITS[kindOf()] || [2];
  while (optionRows.children.length < min) addOptionRow("", false);
  updateOptionRows();
}

export function renderItemPicker() {
  const select = field("agenda_item_id");
  const wanted = [["", t("None")], ...agendaItems().map((i) => [String(i.id), `${i.position + 1}. ${i.title}`])];
  const current = select.value;
  const now = [...select.options].map((o) => `${o.value}=${o.textContent}`).join("\n");
  if (now !== wanted.map(([v, t]) => `${v}=${t}`).join("\n")) {
    select.replaceChildren(...wanted.map(([value, text]) => h("option", { value }, text)));
    select.value = wanted.some(([v]) => v === current) ? current : "";
  }
}

function resetForm() {
  const kind = kindOf();
  form.reset();
  field("kind").value = kind;
  setOptions([]);
  durationSelect(field("duration_seconds"), 0);
  renderItemPicker();
  $("k-field").hidden = true;
  adaptToKind();
}

function fillForm(poll) {
  field("kind").value = poll.kind;
  field("question").value = poll.question;
  setOptions(OPTION_LIMITS[poll.kind] ? poll.options || [] : []);
  field("max_choices").value = String(poll.max_choices || 2);
  field("scale_min").value = String(poll.scale_min ?? 1);
  field("scale_max").value = String(poll.scale_max ?? 5);
  const [low, high] = ratingEnds(poll);
  field("label_low").value = low;
  field("label_high").value = high;
  field("visibility").value = poll.visibility;
  field("voters").value = poll.voters || "everyone";
  field("confidential").checked = Boolean(poll.confidential);
  field("k_threshold").value = String(poll.k_threshold || 5);
  $("k-field").hidden = !poll.confidential;
  renderItemPicker();
  field("agenda_item_id").value = poll.agenda_item_id != null ? String(poll.agenda_item_id) : "";
  durationSelect(field("duration_seconds"), poll.duration_seconds || 0);
  adaptToKind();
}

export function startEditing(id) {
  const poll = pollById(id);
  if (!poll || poll.status !== "draft") return;
  ui.editingId = id;
  clearFormErrors(form, $("form-error"));
  fillForm(poll);
  form.dataset.mode = "edit";
  $("form-title").textContent = t("Edit poll");
  $("form-submit").textContent = t("Save changes");
  $("form-cancel").hidden = false;
  render();
  form.closest(".card").scrollIntoView({ block: "nearest" });
  field("question").focus();
}

export function stopEditing() {
  const id = ui.editingId;
  ui.editingId = null;
  form.dataset.mode = "create";
  $("form-title").textContent = t("New poll");
  $("form-submit").textContent = t("Save as draft");
  $("form-cancel").hidden = true;
  clearFormErrors(form, $("form-error"));
  resetForm();
  return id;
}

function whole(name) {
  const text = String(field(name).value ?? "").trim();
  return /^-?\d+$/.test(text) ? Number(text) : NaN;
}

/** The request body, or {error} (shown next to its field) when the form cannot be right. */
function formBody() {
  const kind = kindOf();
  const body = {
    kind,
    question: field("question").value.trim(),
    visibility: field("visibility").value || "live",
    voters: field("voters").value || "everyone",
    confidential: field("confidential").checked,
    agenda_item_id: field("agenda_item_id").value ? Number(field("agenda_item_id").value) : null,
    duration_seconds: Number(field("duration_seconds").value) || null,
  };
  if (!body.question) return { error: { field: "question", message: t("The poll needs a question.") } };
  if (body.confidential) {
    const k = whole("k_threshold");
    if (!Number.isInteger(k) || k < 1) {
      return { error: { field: "k_threshold", message: t("The threshold is a whole number of ballots, 1 or more.") } };
    }
    body.k_threshold = k;
  }
  if (OPTION_LIMITS[kind]) {
    const [min, max] = OPTION_LIMITS[kind];
    const options = [...optionRows.querySelectorAll("input")].map((i) => i.value.trim()).filter(Boolean);
    if (options.length < min || options.length > max) {
      return { error: { field: "options", message: t("Give %(min)s to %(max)s options (empty rows are left out).", { min, max }) } };
    }
    body.options = options;
    if (kind === "multiple") {
      const most = whole("max_choices");
      if (!Number.isInteger(most) || most < 1 || most > options.length) {
        return { error: { field: "max_choices", message: tn("People can pick from 1 to %(n)s option.", "People can pick from 1 to %(n)s options.", options.length) } };
      }
      body.max_choices = most;
    }
  }
  if (kind === "rating") {
    const low = whole("scale_min");
    const high = whole("scale_max");
    if (!Number.isInteger(low) || !Number.isInteger(high) || low < SCALE.min || high > SCALE.max || low >= high) {
      return { error: { field: "scale_min", message: t("The scale goes from a lower to a higher whole number, within %(min)s to %(max)s.", SCALE) } };
    }
    body.scale_min = low;
    body.scale_max = high;
    const labels = [field("label_low").value.trim(), field("label_high").value.trim()];
    body.labels = labels.some(Boolean) ? labels : null;
  }
  return { body };
}

/** Errors about options ("options", "options.2", "options[2]") go next to the options editor. */
function fieldOf(error) {
  if (!error || !error.field) return error;
  const name = String(error.field);
  if (/^options\b/.test(name)) return { ...error, field: "options", message: error.message };
  if (/^labels\b/.test(name)) return { ...error, field: "labels", message: error.message };
  return error;
}

function showFieldError(error) {
  const target = form.querySelector(`[data-error-for="${CSS.escape(error.field || "")}"]`);
  if (!target) {
    showError($("form-error"), error);
    return;
  }
  showFormError(form, error, $("form-error"));
  if (error.field === "options") {
    const empty = [...optionRows.querySelectorAll("input")].find((i) => !i.value.trim());
    (empty || optionRows.querySelector("input"))?.focus();
  } else if (error.field === "labels") {
    field("label_low").focus();
  }
}

form.addEventListener("submit", async (e) => {
  e.preventDefault();
  clearFormErrors(form, $("form-error"));
  const { body, error } = formBody();
  if (error) {
    showFieldError(error);
    return;
  }
  const editing = ui.editingId;
  const button = $("form-submit");
  button.disabled = true;
  try {
    const answer = editing === null
      ? await api(`${base}/polls`, { method: "POST", body })
      : await api(`${base}/polls/${editing}`, { method: "PATCH", body });
    applyAnswer(answer);
    if (editing === null) {
      resetForm();
      announce(t("Poll saved as a draft."));
    } else {
      stopEditing();
      announce(t("Changes saved."));
      render();
      cardOf(editing)?.querySelector('[data-testid="poll-edit"]')?.focus({ preventScroll: true });
    }
    if (editing === null) field("question").focus();
  } catch (err) {
    showFieldError(fieldOf(err));
  } finally {
    button.disabled = false;
  }
});

field("kind").addEventListener("change", () => {
  clearFormErrors(form, $("form-error"));
  adaptToKind();
});
field("confidential").addEventListener("change", () => {
  $("k-field").hidden = !field("confidential").checked;
});
$("option-add").addEventListener("click", () => addOptionRow());
$("form-cancel").addEventListener("click", () => {
  const id = stopEditing();
  render();
  cardOf(id)?.querySelector('[data-testid="poll-edit"]')?.focus({ preventScroll: true });
});
form.addEventListener("keydown", (e) => {
  if (e.key === "Escape" && ui.editingId !== null) $("form-cancel").click();
});

durationSelect(field("duration_seconds"), 0);
adaptToKind();
