"""An event's branding: an accent colour checked for contrast on save and a logo checked and re-encoded
on upload, shown on the phone page, the projector, the poster and the minutes in every format, and
recorded in the operation log. A wrong colour or image is refused and nothing stored changes."""
import base64
import copy
import io
import re
import zipfile

import pytest
from helpers import api, assert_error
from minutes_sample import sample_document
from PIL import Image

from townhall.colors import DARK_BACKGROUNDS, contrast, palette
from townhall.colors import style as palette_style
from townhall.errors import InvalidInput
from townhall.extensions import db
from townhall.models import Event, EventLogo, Operation
from townhall.security_headers import digest
from townhall.services import minutes_content

DARK_BLUE, YELLOW = "#0b5d3b", "#ffd400"


def with_location() -> bytes:
    exif = Image.Exif()
    exif[0x010F] = "Camera maker"
    exif[0x8825] = {1: "N", 2: (52.0, 31.0, 12.0)}  # GPS: where the photo was taken
    return exif.tobytes()


def image(kind="PNG", size=(800, 400), color=(200, 30, 30), **save) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, color).save(out, kind, **save)
    return out.getvalue()


def upload(client, code, data: bytes, filename="logo.png"):
    if len(data) > 400_000:  # as the raw body: the test client would spool a big multipart body to a file
        return api(client, "PUT", f"/api/events/{code}/logo", None, data=data, content_type="image/png")
    return api(client, "PUT", f"/api/events/{code}/logo", None,
               data={"logo": (io.BytesIO(data), filename)}, content_type="multipart/form-data")


def stored(app, code):
    with app.app_context():
        event = db.session.query(Event).filter_by(code=code).one()
        logo = db.session.get(EventLogo, event.id)
        return event.accent_color, event.logo_digest, logo.data if logo else None


def log_details(app, code) -> list[str]:
    with app.app_context():
        event = db.session.query(Event).filter_by(code=code).one()
        return [row.detail for row in db.session.query(Operation).filter_by(event_id=event.id, action="branding")]


# --- the colour ---------------------------------------------------------------------------------------

def test_contrast_is_wcags_ratio():
    assert contrast("#000000", "#ffffff") == pytest.approx(21)
    assert contrast("#ffffff", "#ffffff") == pytest.approx(1)
    assert contrast("#767676", "#ffffff") == pytest.approx(4.54, abs=0.01)  # the classic just-passing grey


@pytest.mark.parametrize("accent", ["#1b5bc7", DARK_BLUE, "#000000", "#7a0019", "#5b2a86", "#595959"])
def test_every_shade_of_a_checked_accent_reads_where_it_is_used(accent):
    shades = palette(accent)
    assert contrast(shades["hover"], "#ffffff") >= 4.5
    assert contrast(shades["hover"], shades["soft"]) >= 4.5  # badges: hover text on a soft background
    assert all(contrast(shades["light"], bg) >= 4.5 for bg in DARK_BACKGROUNDS)  # projector, dark phone


def test_an_accent_colour_dresses_the_rooms_pages_and_is_logged(app, client, moderator, event):
    response = api(moderator, "PATCH", f"/api/events/{event}", {"accent_color": "#0B5D3B"})
    assert response.status_code == 200, response.get_data(as_text=True)
    assert response.get_json()["event"]["accent_color"] == DARK_BLUE
    assert stored(app, event)[0] == DARK_BLUE
    assert log_details(app, event) == [f"accent {DARK_BLUE}"]
    for path in (f"/e/{event}", f"/e/{event}/projector", f"/e/{event}/poster"):
        page = client.get(path)
        style = re.search(r"<style data-brand=\"#0b5d3b\">(:root\{--primary:#0b5d3b;.*?)</style>",
                          page.get_data(as_text=True))
        assert style, path
        # allowed by its hash, never by 'unsafe-inline'
        policy = page.headers["Content-Security-Policy"]
        assert digest(style.group(1)) in policy and "unsafe-inline" not in policy
    assert 'name="theme-color" content="#0b5d3b"' in client.get(f"/e/{event}").get_data(as_text=True)


def test_without_an_accent_the_pages_keep_the_apps_colours(client, event):
    assert "--primary:" not in client.get(f"/e/{event}").get_data(as_text=True)


@pytest.mark.parametrize(("value", "code"), [
    (YELLOW, "low_contrast"), ("#ffffff", "low_contrast"), ("#8fbcff", "low_contrast"),
    ("red", "invalid_color"), ("#12345", "invalid_color"), ("#12345g", "invalid_color"), (123, "invalid_color"),
])
def test_a_colour_white_text_cannot_be_read_on_is_refused_and_nothing_changes(app, moderator, event, value, code):
    api(moderator, "PATCH", f"/api/events/{event}", {"accent_color": DARK_BLUE})
    response = api(moderator, "PATCH", f"/api/events/{event}", {"accent_color": value, "title": "Renamed"})
    error = assert_error(response, 400, code)
    assert error["field"] == "accent_color"
    if code == "low_contrast":
        assert "4.5:1" in error["message"]
    assert stored(app, event)[0] == DARK_BLUE
    assert api(moderator, "GET", f"/api/events/{event}").get_json()["event"]["title"] != "Renamed"


def test_the_apps_own_colour_comes_back_with_null(app, moderator, event):
    api(moderator, "PATCH", f"/api/events/{event}", {"accent_color": DARK_BLUE})
    assert api(moderator, "PATCH", f"/api/events/{event}", {"accent_color": None}).status_code == 200
    assert stored(app, event)[0] is None
    assert log_details(app, event) == [f"accent {DARK_BLUE}", "accent default"]


# --- the logo -----------------------------------------------------------------------------------------

def test_a_logo_is_reencoded_small_and_served_for_good(app, client, moderator, event):
    photo = image("JPEG", size=(1600, 800), exif=with_location())
    assert Image.open(io.BytesIO(photo)).getexif()
    response = upload(moderator, event, photo, "logo.jpg")
    assert response.status_code == 200, response.get_data(as_text=True)
    url = response.get_json()["logo_url"]
    served = client.get(url)
    assert served.status_code == 200 and served.mimetype == "image/png"
    assert "immutable" in served.headers["Cache-Control"]
    with Image.open(io.BytesIO(served.data)) as logo:
        assert logo.format == "PNG" and logo.size == (400, 200)  # at most 400 px, its shape kept
        assert "exif" not in logo.info
    assert stored(app, event)[2] == served.data
    assert log_details(app, event) == ["logo"]
    for path, css in ((f"/e/{event}", "brand-logo"), (f"/e/{event}/projector", "projector-logo"),
                      (f"/e/{event}/poster", "poster-logo")):
        assert f'<img class="{css}" src="{url}" alt=""' in client.get(path).get_data(as_text=True), path


def test_a_new_logo_gets_a_new_address_and_the_old_one_is_gone(client, moderator, event):
    first = upload(moderator, event, image()).get_json()["logo_url"]
    second = upload(moderator, event, image(color=(10, 10, 120))).get_json()["logo_url"]
    assert first != second
    assert client.get(second).status_code == 200
    assert_error(client.get(first), 404, "logo_not_found")
    assert_error(client.get(f"/e/{event}/logo/0000000000000000.png"), 404, "logo_not_found")
    assert_error(client.get("/e/NOSUCH/logo/0000000000000000.png"), 404, "event_not_found")


@pytest.mark.parametrize(("data", "status", "code"), [
    (b"not an image at all", 400, "invalid_image"),
    (b"", 400, "invalid_image"),
    (image("GIF"), 400, "invalid_image"),
    (image()[:200], 400, "invalid_image"),  # a truncated PNG
    (image("BMP", size=(60, 40)), 400, "invalid_image"),
    (b"\x89PNG\r\n\x1a\n" + b"\0" * (600 * 1024), 413, "too_large"),
])
def test_a_wrong_or_huge_file_is_refused_and_the_logo_stays(app, moderator, event, data, status, code):
    upload(moderator, event, image())
    before = stored(app, event)
    assert_error(upload(moderator, event, data), status, code)
    assert stored(app, event) == before
    assert log_details(app, event) == ["logo"]


def test_the_raw_body_works_too(moderator, event):
    response = api(moderator, "PUT", f"/api/events/{event}/logo", None, data=image("WEBP"),
                   content_type="image/webp")
    assert response.status_code == 200, response.get_data(as_text=True)


def test_removing_the_logo(app, client, moderator, event):
    url = upload(moderator, event, image()).get_json()["logo_url"]
    assert api(moderator, "DELETE", f"/api/events/{event}/logo").status_code == 204
    assert stored(app, event)[1:] == (None, None)
    assert_error(client.get(url), 404, "logo_not_found")
    page = client.get(f"/e/{event}").get_data(as_text=True)
    assert url not in page and '<img class="brand-logo" alt="" data-role="brand-logo" hidden>' in page  # for a new one
    assert_error(api(moderator, "DELETE", f"/api/events/{event}/logo"), 404, "logo_not_found")
    assert log_details(app, event) == ["logo", "logo removed"]


def test_only_the_team_with_settings_may_brand(client, event):
    assert_error(upload(client, event, image()), 401)
    assert_error(api(client, "PATCH", f"/api/events/{event}", {"accent_color": DARK_BLUE}), 401)


# --- the minutes --------------------------------------------------------------------------------------

def test_the_minutes_carry_the_logo_and_colour_in_every_format(app, moderator, event):
    api(moderator, "PATCH", f"/api/events/{event}", {"accent_color": DARK_BLUE})
    upload(moderator, event, image(size=(300, 100)))
    base = f"/api/events/{event}/minutes/export"
    pdf = moderator.get(f"{base}.pdf")
    assert pdf.status_code == 200 and b"/Subtype /Image" in pdf.data
    with zipfile.ZipFile(io.BytesIO(moderator.get(f"{base}.docx").data)) as docx:
        assert any(name.startswith("word/media/") for name in docx.namelist())
        assert "0B5D3B" in docx.read("word/styles.xml").decode()
    markdown = moderator.get(f"{base}.md").get_data(as_text=True)
    assert markdown.startswith("![Logo][logo]") and "[logo]: data:image/png;base64," in markdown
    html = moderator.get(f"{base}.html")
    text = html.get_data(as_text=True)
    assert 'class="minutes-logo" src="data:image/png;base64,' in text
    brand = re.search(r"<style>(:root\{--primary:#0b5d3b;.*?)</style>", text).group(1)
    assert digest(brand) in html.headers["Content-Security-Policy"]


def test_minutes_without_branding_are_as_before(moderator, event):
    markdown = moderator.get(f"/api/events/{event}/minutes/export.md").get_data(as_text=True)
    assert "[logo]" not in markdown
    pdf = moderator.get(f"/api/events/{event}/minutes/export.pdf").data
    assert b"/Subtype /Image" not in pdf


def test_an_imported_minutes_document_is_checked_for_its_branding():
    doc = sample_document(status="final", finalized_at="2026-11-20T20:00:00Z")
    good = base64.b64encode(image(size=(40, 20))).decode()
    doc["event"].update(accent_color=DARK_BLUE, logo={"type": "image/png", "data": good})
    assert minutes_content.check(doc, "content", version=doc["version"]) is doc
    for field, value in (("logo", {"type": "image/png", "data": base64.b64encode(b"<svg/>").decode()}),
                         ("logo", {"type": "image/png", "data": "not base64!"}),
                         ("logo", {"type": "image/gif", "data": good}),
                         ("accent_color", "red")):
        bad = copy.deepcopy(doc)
        bad["event"][field] = value
        with pytest.raises(InvalidInput) as error:
            minutes_content.check(bad, "content", version=doc["version"])
        assert error.value.field.startswith(f"content.event.{field}")


def test_an_accent_stylesheet_is_served_only_for_a_colour_the_organizer_could_choose(client):
    """An open page takes up a new accent from /brand/<rrggbb>.css (static/js/live/brand.js): the same palette
    the page would have had inline, cached for good; a colour refused on save has none."""
    served = client.get("/brand/0b5d3b.css")
    assert served.status_code == 200 and served.mimetype == "text/css"
    assert served.get_data(as_text=True) == palette_style("#0b5d3b")
    assert "immutable" in served.headers["Cache-Control"]
    for wrong in ("ffd400", "0B5D3B", "zzzzzz", "0b5d3"):  # too light, upper case, not a colour, too short
        refused = client.get(f"/brand/{wrong}.css")
        assert refused.status_code == 404 and refused.get_json()["error"]["code"] == "accent_not_found"
