/**
 * Live timers shared by every page (agenda items, the speaking timer). A timer from the
 * server has {elapsed_base_seconds, elapsed_seconds, running, running_since}; while it
 * runs, elapsed = elapsed_base_seconds + (server now - running_since), where server now =
 * this device's clock + clockOffset (from the snapshot's server_now).
 */
import { t } from "./i18n.js";

/** Seconds the timer has run, now. */
export function elapsedNow(timer, clockOffset = 0) {
  if (!timer.running || !timer.running_since) return timer.elapsed_seconds;
  const stretch = Math.max(0, Math.floor((Date.now() + clockOffset - Date.parse(timer.running_since)) / 1000));
  return timer.elapsed_base_seconds + stretch;
}

/** 75 -> "1:15", 3725 -> "1:02:05". */
export function clock(seconds) {
  const s = Math.max(0, Math.round(Math.abs(seconds)));
  const hours = Math.floor(s / 3600);
  const minutes = Math.floor((s % 3600) / 60);
  const rest = String(s % 60).padStart(2, "0");
  return hours ? `${hours}:${String(minutes).padStart(2, "0")}:${rest}` : `${minutes}:${rest}`;
}

/** "2:30 left" or "Over by 0:45". */
export function remainingText(limitSeconds, elapsed) {
  const left = limitSeconds - elapsed;
  return left >= 0 ? t("%(time)s left", { time: clock(left) }) : t("Over by %(time)s", { time: clock(-left) });
}
