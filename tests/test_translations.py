"""Languages: the catalogues are complete, a page speaks the reader's language (or the event's, for what
the room sees), the switch is kept, and the browser scripts get their strings from the same catalogues."""
import importlib.util
import re
from pathlib import Path

import pytest

from townhall import i18n

ROOT = Path(__file__).resolve().parent.parent
spec = importlib.util.spec_from_file_location("translations_script", ROOT / "scripts" / "translations.py")
translations = importlib.util.module_from_spec(spec)
spec.loader.exec_module(translations)

CHINESE = {"Accept-Language": "zh-CN,zh;q=0.9,en;q=0.5"}


def html_lang(response) -> str:
    return re.search(r'<html lang="([^"]+)"', response.get_data(as_text=True)).group(1)


def test_every_string_of_the_sources_is_translated_in_every_catalogue():
    """Fails naming each string a catalogue misses (a new _() or t() without its translation), and a
    messages.mo not compiled from its messages.po. Fix: python scripts/translations.py update, then
    translate what it added."""
    assert translations.problems() == []


def test_the_sources_have_strings_from_python_templates_and_scripts():
    paths = {path.split("/")[0] for message in translations.extract() for path, _line in message.locations}
    assert {"townhall", "templates", "static"} <= paths


def test_a_catalogue_missing_a_string_is_reported(tmp_path, monkeypatch):
    folder = tmp_path / "zh_Hans" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    folder.joinpath("messages.po").write_text(
        'msgid ""\nmsgstr ""\n"Language: zh_Hans\\n"\n"Plural-Forms: nplurals=1; plural=0;\\n"\n\n'
        'msgid "Skip to content"\nmsgstr "跳到正文"\n', encoding="utf-8")
    monkeypatch.setattr(translations, "TRANSLATIONS", tmp_path)
    listed = translations.problems()
    assert any("not translated: 'Language'" in line for line in listed)
    assert not any("'Skip to content'" in line for line in listed)
    assert any("messages.mo is not compiled" in line for line in listed)


@pytest.mark.parametrize(("tag", "code"), [
    ("zh-CN", "zh_Hans"), ("zh", "zh_Hans"), ("zh-Hans-CN", "zh_Hans"), ("zh_TW", "zh_Hans"), ("en-GB", "en"),
    ("EN", "en"), ("fr", None), ("", None), (None, None), ("zh_Hans", "zh_Hans"),
])
def test_language_codes(tag, code):
    assert i18n.language_code(tag) == code


def test_a_page_follows_the_browser_language(client, event):
    assert html_lang(client.get(f"/e/{event}", headers=CHINESE)) == "zh-Hans"
    assert html_lang(client.get(f"/e/{event}", headers={"Accept-Language": "fr-FR,fr;q=0.9"})) == "en"
    page = client.get(f"/e/{event}", headers=CHINESE).get_data(as_text=True)
    assert "跳到正文" in page and "Skip to content" not in page


def test_the_switch_is_kept_for_the_phone(client, event):
    switched = client.get(f"/e/{event}?lang=en", headers=CHINESE)
    assert html_lang(switched) == "en"
    assert "lang=en" in switched.headers["Set-Cookie"]
    # later visits, without ?lang=, keep the choice over the browser's language
    assert html_lang(client.get(f"/e/{event}", headers=CHINESE)) == "en"
    assert html_lang(client.get(f"/e/{event}?lang=zh_Hans")) == "zh-Hans"
    assert html_lang(client.get(f"/e/{event}")) == "zh-Hans"


def test_an_unknown_language_is_ignored(client, event):
    response = client.get(f"/e/{event}?lang=xx", headers=CHINESE)
    assert html_lang(response) == "zh-Hans"
    assert "Set-Cookie" not in response.headers or "lang=" not in response.headers["Set-Cookie"]


def test_the_switcher_names_each_language_in_itself(client, event):
    page = client.get(f"/e/{event}").get_data(as_text=True)
    assert 'lang="zh-Hans" hreflang="zh-Hans"' in page and "简体中文" in page
    assert re.search(r'aria-current="true">English<', page)


def test_a_chinese_page_preloads_its_scripts_catalogue_and_an_english_one_none(client, event):
    chinese = client.get(f"/e/{event}", headers=CHINESE).get_data(as_text=True)
    english = client.get(f"/e/{event}").get_data(as_text=True)
    link = re.search(r'<link rel="preload" as="fetch" crossorigin href="([^"]+)" data-i18n-catalogue>', chinese)
    assert link, "no catalogue preloaded"
    assert link.group(1).startswith("/i18n/zh_Hans/js/attendee.js.json?v=")
    assert "data-i18n-catalogue" not in english

    response = client.get(link.group(1).replace("&amp;", "&"))
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "public, max-age=31536000, immutable"
    body = response.get_json()
    assert body["locale"] == "zh-Hans"
    # only strings of the scripts the page loads: none used by the dashboard's scripts alone
    places = {(m.id[0] if isinstance(m.id, tuple) else m.id): {path for path, _line in m.locations}
              for m in translations.extract()}
    assert body["messages"]
    for msgid in body["messages"]:
        scripts = {path for path in places[msgid] if path.startswith("static/js/")}
        assert scripts and not all(path.startswith("static/js/dashboard") for path in scripts), msgid
    assert client.get(link.group(1).split("?")[0], headers={"If-None-Match": f'"{link.group(1).split("v=")[1]}"'}) \
        .status_code == 304


def test_the_strings_of_a_module_the_phone_loads_later_come_with_it_not_with_the_page(client, event):
    """The preloaded catalogue has the strings of the modules the page needs to run; those of the modules it
    loads later (the list of speakers' forms, attendee/speak.js, with the Speak tab) are behind its `later`
    URL, fetched before them (static/js/i18n.js moreStrings): not in the phone's first load."""
    chinese = client.get(f"/e/{event}", headers=CHINESE).get_data(as_text=True)
    link = re.search(r'href="([^"]+)" data-i18n-catalogue>', chinese).group(1).replace("&amp;", "&")
    first = client.get(link).get_json()
    assert first["messages"]["Yours"] == "我的"  # a question card's badge (attendee.js)
    assert "Nobody waiting" not in first["messages"]  # attendee/speak.js only
    assert first["later"].startswith("/i18n/zh_Hans/js/attendee.js.later.json?v=")

    response = client.get(first["later"])
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "public, max-age=31536000, immutable"
    later = response.get_json()
    assert later["locale"] == "zh-Hans" and later["messages"]["Nobody waiting"] == "无人等待"
    assert "%(n)s waiting" in later["messages"]  # plurals too
    assert not set(later["messages"]) & set(first["messages"])  # each string comes once
    # its address changes with its content: the page's catalogue names the new one
    assert client.get(first["later"].split("?")[0] + "?v=old").headers["Cache-Control"] == "no-cache"


@pytest.mark.parametrize("url", ["/i18n/xx/js/attendee.js.json", "/i18n/zh_Hans/js/nothing.js.json",
                                 "/i18n/en/js/attendee.js.json", "/i18n/en/js/attendee.js.later.json",
                                 "/i18n/zh_Hans/js/nothing.js.later.json"])
def test_an_unknown_catalogue_is_a_json_404(client, url):
    response = client.get(url)
    assert response.status_code == 404
    assert response.get_json()["error"]["code"] == "not_found"


def test_plural_forms_map_to_the_browsers_plural_categories():
    from babel import Locale

    assert i18n._plural_categories(Locale.parse("en"), "(n != 1)", 2) == ["one", "other"]
    assert i18n._plural_categories(Locale.parse("zh_Hans"), "0", 1) == ["other"]
    polish = "(n==1 ? 0 : n%10>=2 && n%10<=4 && (n%100<10 || n%100>=20) ? 1 : 2)"
    assert i18n._plural_categories(Locale.parse("pl"), polish, 3) == ["one", "few", "many"]


def test_a_translation_that_drops_a_placeholder_is_reported(tmp_path, monkeypatch):
    folder = tmp_path / "zh_Hans" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    folder.joinpath("messages.po").write_text(
        'msgid ""\nmsgstr ""\n"Language: zh_Hans\\n"\n"Plural-Forms: nplurals=1; plural=0;\\n"\n\n'
        'msgid "Unknown field: %(path)s."\nmsgstr "未知字段。"\n\n'
        '#, python-brace-format\nmsgid "{name} must be text."\nmsgstr "{名称} 必须是文本。"\n\n'
        '#, python-brace-format\nmsgid "{name} must be true or false."\nmsgstr "{name} 必须是 true 或 false。"\n',
        encoding="utf-8")
    monkeypatch.setattr(translations, "TRANSLATIONS", tmp_path)
    listed = [line for line in translations.problems() if "placeholders differ" in line]
    assert len(listed) == 2
    assert any("'Unknown field: %(path)s.'" in line for line in listed)
    assert any("'{name} must be text.'" in line for line in listed)
