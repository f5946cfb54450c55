"""The dashboard's dialogs with the keyboard alone: opened from a card's button with Enter, focus starts inside,
Tab and Shift+Tab never reach the page behind (inert while it is open: past the last control focus goes to the
browser's own controls, as with every modal dialog, and comes back to the first), Escape closes it and focus
returns to the button that opened it, so a chair never loses their place in a long list of questions."""
import pytest
from playwright.sync_api import expect

from .helpers import card_menu, mod_card, open_dashboard

pytestmark = pytest.mark.browser

INSIDE = "() => Boolean(document.activeElement && document.activeElement.closest('dialog[open]'))"
# Where focus is: "dialog", "browser" (its own controls: the page's body is the active element) or "page".
WHERE = """() => {
  const el = document.activeElement;
  if (el && el.closest('dialog[open]')) return 'dialog';
  return !el || el === document.body ? 'browser' : 'page: ' + (el.dataset.testid || el.tagName);
}"""


def test_the_follow_up_dialog_keeps_the_keyboard_inside_and_gives_focus_back(people, seed):
    organizer = seed.organizer()
    code = seed.event(organizer.id, title="Keyboard only")
    question = seed.question(code, "When will the footbridge over the river be repaired?")
    dashboard = open_dashboard(people.laptop("chair"), organizer, code)
    trigger = card_menu(mod_card(dashboard, question), "action-followup")
    trigger.focus()
    dashboard.keyboard.press("Enter")
    dialog = dashboard.get_by_test_id("followup-dialog")
    expect(dialog).to_be_visible()
    assert dashboard.evaluate(INSIDE), "focus starts inside the dialog"
    seen, places = set(), []
    for key in ["Tab"] * 12 + ["Shift+Tab"] * 12:
        dashboard.keyboard.press(key)
        places.append(dashboard.evaluate(WHERE))
        if places[-1] == "dialog":
            seen.add(dashboard.evaluate("() => document.activeElement.dataset.testid || document.activeElement.id"))
    assert set(places) <= {"dialog", "browser"}, places  # never the page behind
    assert "browser" in places and all(after == "dialog" for before, after in zip(places, places[1:])
                                       if before == "browser"), places  # from the browser's controls, back in
    assert {"followup-mode-refer", "followup-note", "followup-submit", "followup-cancel"} <= seen, seen
    dashboard.keyboard.press("Escape")
    expect(dialog).to_be_hidden()
    assert dashboard.evaluate("() => document.activeElement.dataset.testid") == "action-followup"
    assert trigger.evaluate("b => b === document.activeElement")
