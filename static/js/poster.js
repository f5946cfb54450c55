/**
 * Printable A4 poster (/e/<code>/poster).
 *
 * data-testid: poster, poster-title, event-when, poster-qr, poster-url, poster-code, poster-print (hidden in print)
 */
import { localizeTimes } from "./live.js";

localizeTimes();
document.querySelector('[data-role="print"]').addEventListener("click", () => window.print());
