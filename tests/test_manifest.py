"""The attendee page can be installed on a phone: its manifest opens the event's page full screen, with
icons of the sizes phones ask for."""
import io

from PIL import Image


def test_the_attendee_page_links_an_installable_manifest(client, event):
    page = client.get(f"/e/{event}").get_data(as_text=True)
    assert f'<link rel="manifest" href="/e/{event}/manifest.webmanifest">' in page
    response = client.get(f"/e/{event}/manifest.webmanifest")
    assert response.status_code == 200
    assert response.mimetype == "application/manifest+json"
    body = response.get_json(force=True)
    assert body["name"] == "Town hall on the river park"
    assert body["start_url"] == f"/e/{event}" and body["display"] == "standalone"
    sizes = {}
    for icon in body["icons"]:
        response = client.get(icon["src"])
        with Image.open(io.BytesIO(response.data)) as image:
            sizes[icon["sizes"]] = image.size
        response.close()
    assert sizes == {"192x192": (192, 192), "512x512": (512, 512)}


def test_a_chinese_phone_gets_a_chinese_manifest_and_an_unknown_event_none(client, event):
    assert client.get(f"/e/{event}/manifest.webmanifest", headers={"Accept-Language": "zh-CN"}) \
        .get_json(force=True)["lang"] == "zh-Hans"
    assert client.get("/e/NOPE1234/manifest.webmanifest").status_code == 404
