/**
 * The event's branding on a live page (phone, projector), kept up with the organizer: a new accent colour
 * swaps the page's palette for the stylesheet of that colour (/brand/<rrggbb>.css, the same custom properties
 * the server wrote inline at load) and the phone's theme colour; a new or removed logo shows or hides the
 * <img data-role="brand-logo"> the page has for it. Nothing is done while the branding is unchanged.
 */
const DEFAULT_THEME = "#1b5bc7";
let shown = null; // "accent|logo" shown now

/** What the server wrote into the page: the accent on its <style data-brand="#rrggbb">, the logo's address. */
function written() {
  const style = document.querySelector("style[data-brand]");
  const img = document.querySelector('img[data-role="brand-logo"]');
  return `${style ? style.dataset.brand : ""}|${(img && img.getAttribute("src")) || ""}`;
}

export function showBranding(event) {
  if (!event || typeof document === "undefined") return;
  const accent = event.accent_color || "";
  const logo = event.logo_url || "";
  const key = `${accent}|${logo}`;
  if (shown === null) shown = written();
  if (key === shown) return;
  const [before] = shown.split("|");
  shown = key;
  if (accent !== before) showAccent(accent);
  for (const img of document.querySelectorAll('img[data-role="brand-logo"]')) {
    if (logo) img.src = logo;
    else img.removeAttribute("src");
    img.hidden = !logo;
  }
}

function showAccent(accent) {
  for (const el of document.querySelectorAll("style[data-brand], link[data-brand]")) el.remove();
  if (accent) {
    const link = document.createElement("link");
    link.rel = "stylesheet";
    link.href = `/brand/${accent.slice(1).toLowerCase()}.css`;
    link.dataset.brand = "";
    document.head.append(link);
  }
  const theme = document.querySelector('meta[name="theme-color"]');
  if (theme) theme.content = accent || DEFAULT_THEME;
}
