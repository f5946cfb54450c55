/**
 * The minutes page's preview: the print HTML (GET .../minutes/export.html) of the draft or of a final version,
 * shown in a sandboxed frame, keeping the frame's scroll position; a refresh started later wins.
 */
import { t } from "../i18n.js";
const root = document.getElementById("minutes-page");
const base = `${root.dataset.api}/minutes`;
const $ = (role) => root.querySelector(`[data-role="${role}"]`);

let previewToken = 0;

/** version: a final version's number, or null for the draft (built now). */
export function previewUrl(version, { inline = false } = {}) {
  const params = new URLSearchParams();
  if (version !== null) params.set("version", version);
  if (inline) params.set("inline", "1");
  const query = params.toString();
  return `${base}/export.html${query ? `?${query}` : ""}`;
}

export async function refreshPreview(previewVersion) {
  const token = ++previewToken;
  const frame = $("preview-frame");
  const label = previewVersion === null ? t("(the draft, built now)") : t("(version %(version)s, final)", { version: previewVersion });
  $("preview-label").textContent = label;
  $("preview-draft").hidden = previewVersion === null;
  $("preview-open").href = previewUrl(previewVersion, { inline: true });
  $("preview-state").textContent = t("Updating…");
  let scroll = 0;
  try {
    scroll = frame.contentWindow ? frame.contentWindow.scrollY : 0;
  } catch {
    scroll = 0;
  }
  let html;
  try {
    const response = await fetch(previewUrl(previewVersion), { credentials: "same-origin" });
    if (!response.ok) {
      let message = t("The preview could not be built (%(status)s).", { status: String(response.status) });
      try {
        message = (await response.json()).error.message || message;
      } catch {
        /* not JSON */
      }
      throw new Error(message);
    }
    html = await response.text();
  } catch (error) {
    if (token === previewToken) $("preview-state").textContent = error.message || t("The preview could not be loaded.");
    return;
  }
  if (token !== previewToken) return; // a newer refresh started meanwhile
  frame.addEventListener("load", () => {
    try {
      frame.contentWindow.scrollTo(0, scroll);
    } catch {
      /* sandboxed: fine */
    }
  }, { once: true });
  frame.srcdoc = html;
  frame.dataset.version = previewVersion === null ? "draft" : String(previewVersion);
  $("preview-state").textContent = "";
}
