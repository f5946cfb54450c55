/**
 * The phone's list of speakers (the Speak tab): who has the floor, who is next, this phone's place, and the
 * form to request the floor or withdraw. Loaded with the Speak tab (attendee.js keeps this phone's requests
 * and its place, for the tab's badge and "You have the floor" wherever the phone is). Test ids:
 * docs/testids-phone.md.
 */
import { t, tn } from "../i18n.js";
import { api, clearError, h, placeRequest, showError, speakerLabel } from "../live.js";
import { clock, remainingText } from "../timers.js";

/** myRequests: this phone's request ids (kept by attendee.js); myTurn() -> {state, entry, position}. */
export function createSpeakView({ $, base, live, myRequests, myTurn }) {
  const state = live.state;

  function render() {
    const card = $("speak");
    const speakers = state.speakers;
    card.hidden = !speakers || Boolean(state.me && state.me.banned); // the server refuses a banned phone anyway
    if (card.hidden) return;
    const event = state.event;
    const joined = Boolean(state.me);
    const open = event.is_open;
    const turn = myTurn();
    card.dataset.state = turn.state;

    const waiting = speakers.queue.length;
    $("speak-count").textContent = waiting ? tn("%(n)s waiting", "%(n)s waiting", waiting) : t("Nobody waiting");

    const current = speakers.current;
    const someoneElse = current && turn.state !== "speaking";
    $("floor").hidden = !someoneElse;
    if (someoneElse) {
      $("floor-name").textContent = speakerLabel(current);
      $("floor-topic").textContent = current.topic;
      $("floor-topic").hidden = !current.topic;
    }
    $("floor-empty").hidden = Boolean(current);
    const next = speakers.next;
    const nextEl = $("floor-next");
    nextEl.hidden = !next;
    if (next) {
      nextEl.replaceChildren(...[h("span", { class: "floor-next-label" }, t("Next:") + " "),
        h("strong", {}, myRequests.has(next.id) ? t("you") : speakerLabel(next)),
        next.topic ? h("span", { class: "floor-next-topic" }, ` — ${next.topic}`) : null].filter(Boolean));
    }

    const status = $("speak-status");
    status.hidden = turn.state === "idle";
    status.dataset.state = turn.state;
    status.dataset.position = turn.position ? String(turn.position) : "";
    const sub = $("speak-status-sub");
    if (turn.state === "waiting") {
      $("speak-status-text").textContent = t("You are number %(position)s in the queue", { position: turn.position });
      sub.textContent = [turn.position === 1 ? t("You are next.") : "", turn.entry.topic ? t("Topic: %(topic)s", { topic: turn.entry.topic }) : ""]
        .filter(Boolean).join(" ");
    } else if (turn.state === "speaking") {
      $("speak-status-text").textContent = t("You have the floor");
      const timer = turn.entry.timer;
      sub.textContent = timer && !timer.running && !timer.elapsed_seconds ? t("Please go to the microphone.") : "";
    }
    sub.hidden = !sub.textContent;
    $("speak-timer").hidden = turn.state !== "speaking";
    $("speak-withdraw").hidden = turn.state !== "waiting";

    const form = $("speak-form");
    form.hidden = turn.state !== "idle";
    const disabled = !joined || !open;
    form.querySelector("#speak-topic").disabled = disabled;
    form.querySelector('[type="submit"]').disabled = disabled || form.dataset.busy === "1";
    const note = $("speak-note");
    if (turn.state !== "idle") note.textContent = "";
    else if (!open) note.textContent = t("This meeting is closed: no new requests to speak.");
    else if (!joined) note.textContent = t("Join the meeting above to request to speak.");
    else if (event.anonymous_speakers || !state.me.name) {
      note.textContent = t("The room sees you as “Speaker” and a number, not your name.");
    } else {
      note.textContent = t("The room sees your name: %(name)s.", { name: state.me.name });
    }
    note.hidden = !note.textContent;
    note.classList.toggle("is-blocked", disabled && turn.state === "idle");
  }

  /** The speaking timer's text, twice a second (attendee.js works out the elapsed time). */
  function tick(speaking, elapsed) {
    const timer = speaking.timer;
    const over = elapsed > timer.limit_seconds;
    const text = `${clock(elapsed)} · ${remainingText(timer.limit_seconds, elapsed)}`;
    for (const el of [$("floor-timer"), $("speak-timer"), $("speak-status")]) {
      if (el !== $("speak-status")) el.textContent = text;
      el.dataset.overrun = String(over);
      el.dataset.running = String(timer.running);
    }
  }

  $("speak-form").addEventListener("submit", async (e) => {
    e.preventDefault();
    const form = e.currentTarget;
    const errorEl = $("speak-error");
    const input = form.elements.topic;
    clearError(errorEl);
    input.removeAttribute("aria-invalid");
    form.dataset.busy = "1";
    form.querySelector('[type="submit"]').disabled = true;
    try {
      const topic = input.value.trim();
      const { request } = await api(`${base}/speakers`, { method: "POST", body: topic ? { topic } : {} });
      myRequests.add(request.id);
      // The room's speakers:changed may still be on its way: show our place meanwhile.
      state.speakers = placeRequest(state.speakers, request);
      input.value = "";
    } catch (error) {
      showError(errorEl, error);
      if (error.field === "topic") input.setAttribute("aria-invalid", "true");
      if (error.code === "already_waiting") live.refresh(); // the snapshot says where we are
    } finally {
      delete form.dataset.busy;
      live.changed();
    }
  });

  $("speak-withdraw").addEventListener("click", async (e) => {
    const button = e.currentTarget;
    const errorEl = $("speak-error");
    clearError(errorEl);
    button.disabled = true;
    try {
      const { request } = await api(`${base}/speakers/mine`, { method: "DELETE" });
      myRequests.delete(request.id);
    } catch (error) {
      if (error.code === "not_waiting") live.refresh();
      else showError(errorEl, error);
    } finally {
      button.disabled = false;
      live.changed();
    }
  });

  return { render, tick };
}
