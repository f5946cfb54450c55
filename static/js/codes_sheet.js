/**
 * Printable sheet of unused attendee codes (/dashboard/e/<code>/codes/sheet).
 *
 * data-testid: codes-sheet, code-slip, slip-code, slip-url, sheet-print (hidden in print)
 */
document.querySelector('[data-role="print"]').addEventListener("click", () => window.print());
