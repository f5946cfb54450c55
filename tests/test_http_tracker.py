"""The public tracker over HTTP: the pages and the API, filters, 404s, and what the public never sees."""
import re

import pytest
from tracker_helpers import make_riverton

from townhall.contracts import replies as r


@pytest.fixture
def riverton(app, organizer, event):
    return make_riverton(app, organizer.id, event)


def page(client, url, status=200):
    response = client.get(url)
    assert response.status_code == status, response.get_data(as_text=True)[:500]
    return response.get_data(as_text=True)


def squash(html):
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_the_event_page_shows_the_figures_the_list_and_the_chart(client, riverton):
    html = page(client, f"/e/{riverton['code']}/followup")
    text = squash(html)
    assert "All offices 4 15 days 15 days 33% (1 of 3) 50% (1 of 2) Yes 100% · Partly 0% · No 0% (1)" in text
    assert "Roads 2 more than 10 days more than 10 days" in text  # nothing answered yet: not known
    assert "Who fixes the potholes on Elm Street?" in text and "Overdue by 3 days" in text
    assert "In March." in text and "Waiting 10 days" in text and "Answered after 15 days" in text
    assert "Out of scope for this meeting" in text
    assert "Something rude" not in text and "Never followed up" not in text
    assert html.count('data-testid="followup-row"') == 6
    assert '<svg class="fu-chart-svg"' in html and "<title id=\"fu-svg-title\">" in html
    assert "2 open and 2 answered in writing" in squash(html.split('<desc id="fu-svg-desc">')[1].split("</desc>")[0])
    assert 'data-testid="tracker-chart-table"' in html
    assert 'href="/followup/how-we-count"' in html
    assert "<script>" not in html and " onclick=" not in html


def test_the_public_never_sees_staff_names_an_anonymous_askers_name_or_receipt_keys(app, client, organizer, riverton,
                                                                                   make_organizer):
    from tracker_helpers import days_ago, step

    clerk = make_organizer(email="clerk@example.com", name="Carla Clerk")
    step(app, riverton["q"]["waiting"], "extend", at=days_ago(0), due_on=riverton["today"], office_id=riverton["roads"],
         note="Waiting for a quote", user_id=clerk)
    for url in (f"/e/{riverton['code']}/followup", "/o/riverton/followup", f"/api/events/{riverton['code']}/followups",
                "/api/organizations/riverton/followups"):
        body = page(client, url)
        assert "Carla Clerk" not in body and "Olga Organizer" not in body
        assert "Secret Sam" not in body and "Why are the toilets locked at night?" in body
        assert "receipt" not in body.lower() and "author_tag" not in body and "t" * 64 not in body
        assert "Waiting for a quote" in body
    assert "Pia Park" in page(client, f"/e/{riverton['code']}/followup")  # a named asker stays named


@pytest.mark.parametrize("query, shown", [
    ("status=overdue", ["Who fixes the potholes on Elm Street?"]),
    ("status=closed", ["Will the mayor sing?"]),
    ("office=Parks&status=answered", ["Why are the toilets locked at night?", "When do the park lights come on?"]),
])
def test_filters_work_from_the_query_string(client, riverton, query, shown):
    html = page(client, f"/e/{riverton['code']}/followup?{query}")
    texts = re.findall(r'data-testid="followup-text">([^<]+)<', html)
    assert texts == shown
    assert f"{len(shown)} question" in squash(html)


def test_a_bad_filter_is_a_400(client, riverton):
    response = client.get(f"/api/events/{riverton['code']}/followups?status=lost")
    assert response.status_code == 400
    assert response.get_json()["error"] == {"code": "invalid_filter", "field": "status",
                                            "message": "Unknown status 'lost': one of open, overdue, answered, closed."}
    response = client.get("/api/organizations/riverton/followups?office=Libraries")
    assert response.status_code == 400 and response.get_json()["error"]["field"] == "office"
    assert client.get(f"/e/{riverton['code']}/followup?status=lost").status_code == 400


def test_unknown_codes_and_slugs_are_404(client, riverton):
    for url in ("/e/NOSUCHCODE1/followup", "/o/atlantis/followup"):
        response = client.get(url)
        assert response.status_code == 404 and "<html" in response.get_data(as_text=True)
    assert client.get("/api/events/NOSUCHCODE1/followups").get_json()["error"]["code"] == "event_not_found"
    missing = client.get("/api/organizations/atlantis/followups")
    assert missing.status_code == 404 and missing.get_json()["error"]["code"] == "organization_not_found"


def test_the_api_answers_fit_the_reply_models(client, riverton):
    event = r.Tracker.model_validate(client.get(f"/api/events/{riverton['code']}/followups").get_json())
    assert event.event is not None and event.events is None and len(event.followups) == 6
    assert event.figures.overall.median.days == 15.0
    organization = r.Tracker.model_validate(client.get("/api/organizations/riverton/followups?status=open").get_json())
    assert organization.events and organization.event is None
    assert [row.status for row in organization.followups] == ["open"] * 3


def test_the_organization_page_lists_each_rows_event_without_its_join_code(client, riverton):
    html = page(client, "/o/RIVERTON/followup")
    assert "Follow-up: City of Riverton" in squash(html) and "Town hall on the river park" in squash(html)
    assert riverton["code"] not in html
    assert riverton["code"] not in client.get("/api/organizations/riverton/followups").get_data(as_text=True)


def test_the_event_page_is_at_its_code_in_capitals(client, riverton):
    response = client.get(f"/e/{riverton['code'].lower()}/followup?status=open")
    assert response.status_code == 302
    assert response.headers["Location"] == f"/e/{riverton['code']}/followup?status=open"


def test_the_how_we_count_page_explains_the_figures_in_the_readers_language(client):
    english = client.get("/followup/how-we-count")
    assert english.status_code == 200 and english.mimetype == "text/html"
    text = english.get_data(as_text=True)
    assert "A question still waiting counts, but not as zero." in text and "Kaplan–Meier" in text
    assert 'href="/followup/how-we-count.md"' in text
    chinese = client.get("/followup/how-we-count", headers={"Accept-Language": "zh-CN"}).get_data(as_text=True)
    assert 'lang="zh-Hans"' in chinese and "仍在等待的问题也计入" in chinese
    assert "still waiting" not in chinese and "Median" not in chinese


def test_the_complete_rules_are_the_doc(client):
    response = client.get("/followup/how-we-count.md")
    assert response.status_code == 200 and response.mimetype == "text/plain"
    assert "censored" in response.get_data(as_text=True)


def test_the_api_document_describes_the_tracker(client):
    spec = client.get("/api/openapi.json").get_json()
    for path in ("/api/events/{code}/followups", "/api/organizations/{slug}/followups"):
        get = spec["paths"][path]["get"]
        assert get["responses"]["200"]["content"]["application/json"]["schema"] == {
            "$ref": "#/components/schemas/Tracker"}
        assert {"400", "404"} <= set(get["responses"]) and "security" not in get
        assert {p["name"] for p in spec["paths"][path]["parameters"]} >= {"office", "status"}
    assert "TrackerRow" in spec["components"]["schemas"]


def test_the_attendee_page_and_the_organizers_event_page_link_the_tracker(client, moderator, event):
    link = f'href="/e/{event}/followup"'
    assert link in client.get(f"/e/{event}").get_data(as_text=True)
    assert link in moderator.get(f"/dashboard/e/{event}").get_data(as_text=True)


def test_the_published_minutes_link_the_tracker(client, moderator, event):
    from helpers import api

    base = f"/api/events/{event}/minutes"
    saved = api(moderator, "PUT", f"{base}/draft", {"base_revision": 0, "summary": "Short meeting."})
    assert saved.status_code == 200, saved.get_data(as_text=True)
    revision = saved.get_json()["draft"]["revision"]
    assert api(moderator, "POST", f"{base}/finalize", {"base_revision": revision}).status_code == 200
    assert api(moderator, "POST", f"{base}/publish", {"version": 1}).status_code == 200
    html = client.get(f"/e/{event}/minutes").get_data(as_text=True)
    assert f'href="/e/{event}/followup"' in html and "Follow-up: how each question was answered" in html
