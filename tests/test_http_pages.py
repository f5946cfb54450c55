"""Public pages, QR code, health check, the OpenAPI document, and escaping of user text."""
import re

import pytest
import qrcode
from helpers import api, assert_error, login

from townhall import create_app
from townhall.config import TestConfig

SCRIPT = "<script>alert(1)</script>"


def html(response) -> str:
    assert response.status_code == 200, response.status_code
    assert response.mimetype == "text/html"
    return response.get_data(as_text=True)


@pytest.mark.parametrize("path", ["/e/{code}", "/e/{code}/projector", "/e/{code}/poster"])
def test_public_pages_show_the_join_code(client, event, path):
    page = html(client.get(path.format(code=event)))
    assert event in page
    assert "Town hall on the river park" in page


def test_projector_and_poster_show_the_join_url(client, event):
    for path in (f"/e/{event}/projector", f"/e/{event}/poster"):
        page = html(client.get(path))
        assert f"townhall.test/e/{event}" in page
        assert f"/e/{event}/qr.svg" in page


def test_join_by_typed_code_and_lowercase_links(client, event):
    typed = f"{event[:4].lower()} {event[4:].lower()}"
    response = client.get("/join", query_string={"code": typed})
    assert response.status_code == 302 and response.headers["Location"] == f"/e/{event}"
    lowercase = client.get(f"/e/{event.lower()}")
    assert lowercase.status_code == 302 and lowercase.headers["Location"] == f"/e/{event}"


def test_unknown_event_pages_are_404(client):
    for path in ("/e/NOPE2345", "/e/NOPE2345/projector", "/e/NOPE2345/poster", "/e/NOPE2345/qr.svg"):
        assert client.get(path).status_code == 404


def test_the_pages_csrf_token_is_accepted_by_the_api(client, event):
    page = html(client.get(f"/e/{event}"))
    token = re.search(r'<meta name="csrf-token" content="([^"]+)"', page).group(1)
    response = client.post(f"/api/events/{event}/join", json={}, headers={"X-CSRFToken": token})
    assert response.status_code == 201


# --- QR code ---------------------------------------------------------------------

def dark_modules(svg: str) -> set:
    return {(int(x), int(y)) for x, y in re.findall(r"M(\d+),(\d+)H", svg)}


def expected_modules(data: str, border: int = 2) -> set:
    code = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, border=0)
    code.add_data(data)
    code.make(fit=True)
    return {(x + border, y + border) for y, row in enumerate(code.get_matrix())
            for x, dark in enumerate(row) if dark}


def test_qr_code_is_an_svg_of_the_public_join_url(client, event):
    response = client.get(f"/e/{event}/qr.svg")
    assert response.status_code == 200 and response.mimetype == "image/svg+xml"
    svg = response.get_data(as_text=True)
    assert svg.lstrip().startswith(("<svg", "<?xml")) and "<svg" in svg
    modules = dark_modules(svg)
    assert modules == expected_modules(f"http://townhall.test/e/{event}")
    assert modules != expected_modules(f"http://localhost/e/{event}")


# --- health and API description -------------------------------------------------------

def test_healthz(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.get_json() == {"app": "ok", "database": "ok", "queue": "none", "status": "ok"}


def test_healthz_reports_a_broken_database(tmp_path):
    broken = create_app(TestConfig, SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp_path}/missing/dir/db.sqlite")
    response = broken.test_client().get("/healthz")
    assert response.status_code == 503
    assert response.get_json()["status"] == "degraded"
    assert response.get_json()["database"].startswith("error")


def _openapi_paths(rule: str) -> list[str]:
    """Flask rule -> OpenAPI path(s); <any(a,b):x> becomes one path per choice."""
    choice = re.search(r"<any\(([^)]*)\):\w+>", rule)
    rules = [rule.replace(choice.group(0), c.strip().strip("'\"")) for c in choice.group(1).split(",")] \
        if choice else [rule]
    return [re.sub(r"<(?:\w+(?:\([^)]*\))?:)?(\w+)>", r"{\1}", r) for r in rules]


def test_openapi_document_is_valid_and_matches_the_routes(app, client):
    from openapi_spec_validator import validate

    spec = client.get("/api/openapi.json").get_json()
    validate(spec)
    documented = {(path, method.upper()) for path, item in spec["paths"].items()
                  for method in item if method != "parameters"}
    served = {(path, method) for rule in app.url_map.iter_rules() if rule.rule.startswith("/api/")
              for path in _openapi_paths(rule.rule) for method in rule.methods - {"HEAD", "OPTIONS"}}
    assert served - documented == set(), "routes missing from the OpenAPI document"
    assert documented - served == set(), "documented operations that no route serves"


# --- escaping of user text in pages ---------------------------------------------------------

def test_script_in_titles_and_questions_is_escaped_in_every_page(app, organizer, make_event, make_question,
                                                                   login_client):
    code = make_event(organizer.id, title=f"Budget {SCRIPT}", description=SCRIPT, place=SCRIPT)
    make_question(code, SCRIPT)
    anonymous, moderator = app.test_client(), login_client(organizer.email)
    pages = [(anonymous, f"/e/{code}"), (anonymous, f"/e/{code}/projector"), (anonymous, f"/e/{code}/poster"),
             (moderator, "/dashboard/"), (moderator, f"/dashboard/e/{code}"),
             (moderator, f"/dashboard/e/{code}/settings")]
    for client, path in pages:
        page = html(client.get(path))
        assert SCRIPT not in page, path
    assert "Budget &lt;script&gt;alert(1)&lt;/script&gt;" in html(anonymous.get(f"/e/{code}"))
    assert api(anonymous, "POST", f"/api/events/{code}/join").status_code == 201


def test_error_pages_escape_the_path(client):
    response = client.get(f"/e/{SCRIPT}")
    assert response.status_code == 404
    assert SCRIPT not in response.get_data(as_text=True)


def test_organizer_pages(client, organizer, event):
    login(client, organizer.email)
    assert event in html(client.get("/dashboard/"))
    assert event in html(client.get(f"/dashboard/e/{event}"))
    assert html(client.get("/dashboard/tokens"))
    assert client.get("/dashboard/e/NOPE2345").status_code == 404


def test_other_organizers_dashboard_is_403(app, event, make_organizer, login_client):
    make_organizer(email="piet@example.com")
    assert login_client("piet@example.com").get(f"/dashboard/e/{event}").status_code == 403


def test_api_errors_are_json_even_for_browsers(client):
    assert_error(client.get("/api/events", headers={"Accept": "text/html"}), 401, "not_authenticated")


def test_a_mistyped_code_gets_a_page_that_keeps_it_for_a_second_try(client, event):
    """One wrong character (a B for an 8): the phone is told no meeting has that code, sees the code as typed
    in a field to correct, and trying again with the right one opens the meeting."""
    typo = ("B" if event[0] != "B" else "C") + event[1:]
    page = client.get(f"/e/{typo.lower()}")
    assert page.status_code == 404
    text = page.get_data(as_text=True)
    assert 'data-testid="no-event-page"' in text
    assert re.search(rf'<strong class="code-typed" data-testid="no-event-code">{typo}</strong>', text)
    assert re.search(rf'<input[^>]*value="{typo}"[^>]*data-testid="join-code-input"', text)
    again = client.get(f"/join?code={event.lower()}")
    assert again.status_code == 302 and again.headers["Location"] == f"/e/{event}"
    chinese = client.get(f"/e/{typo}", headers={"Accept-Language": "zh-CN"}).get_data(as_text=True)
    assert "没有使用此会议码的会议" in chinese and typo in chinese
    injected = client.get('/e/"><script>alert(1)</script>')  # only letters and digits are kept
    assert injected.status_code == 404 and "<script>alert" not in injected.get_data(as_text=True)


def test_new_join_codes_have_no_look_alikes():
    from townhall.services.secrets import join_code

    codes = {join_code() for _ in range(300)}
    assert len(codes) == 300 and all(len(code) == 8 for code in codes)
    assert not set("".join(codes)) & set("0O1IL8B2Z5S")
