"""Errors speak the reader's language: the same status and code as in English, the message translated, over
HTTP and over the socket (whose handshake carried the browser's Accept-Language); no header, English."""
from helpers import api, csrf_token, login

CHINESE = {"Accept-Language": "zh-CN,zh;q=0.9"}


def test_an_http_error_is_in_the_readers_language(app, event):
    client = app.test_client()
    english = api(client, "POST", "/api/events/NOPE2345/join", {})
    chinese = api(client, "POST", "/api/events/NOPE2345/join", {}, headers=CHINESE)
    assert english.status_code == chinese.status_code == 404
    assert english.get_json()["error"]["code"] == chinese.get_json()["error"]["code"]
    assert english.get_json()["error"]["message"] == "No event with this code."
    assert chinese.get_json()["error"]["message"] == "没有此会议码的会议。"


def test_a_rule_refused_over_http_is_explained_in_chinese(app, event, join):
    phone, _attendee_id = join(event)
    asked = api(phone, "POST", f"/api/events/{event}/questions", {"text": "Benches?"}).get_json()["question"]
    refused = api(phone, "POST", f"/api/events/{event}/questions/{asked['id']}/vote", headers=CHINESE)
    assert refused.status_code == 403
    assert refused.get_json()["error"]["code"] == "own_question"
    assert refused.get_json()["error"]["message"] == "不能赞同自己的问题。"


def test_a_socket_ack_is_in_the_language_of_its_handshake(app, event, join, connect):
    phone, _attendee_id = join(event)
    chinese = connect(phone, event, headers=CHINESE)
    ack = chinese.emit("question:ask", {"text": "Benches?"})
    refused = chinese.emit("question:vote", {"question_id": ack["data"]["id"]})
    assert refused["error"] == {"code": "own_question", "message": "不能赞同自己的问题。"}
    english = connect(phone, event)
    assert english.emit("question:vote", {"question_id": ack["data"]["id"]})["error"]["message"] == \
        "You cannot vote for your own question."


def test_a_command_of_the_wrong_shape_is_refused_in_chinese_with_the_field_named(app, event, join):
    phone, _attendee_id = join(event)
    english = api(phone, "POST", f"/api/events/{event}/questions", {"text": "Benches?", "anonymous": "yes"})
    chinese = api(phone, "POST", f"/api/events/{event}/questions", {"text": "Benches?", "anonymous": "yes"},
                  headers=CHINESE)
    assert english.status_code == chinese.status_code == 400
    assert english.get_json()["error"] == {"code": "invalid_input", "field": "anonymous",
                                           "message": "anonymous must be true or false."}
    assert chinese.get_json()["error"]["message"] == "anonymous 必须是 true 或 false。"
    unknown = api(phone, "POST", f"/api/events/{event}/questions", {"text": "Benches?", "colour": 1}, headers=CHINESE)
    assert unknown.get_json()["error"]["message"] == "未知字段：colour。"
    assert api(phone, "GET", f"/api/events/{event}/snapshot").get_json()["questions"] == []


def test_an_address_that_does_not_exist_is_explained_in_the_readers_language(client):
    english = client.get("/api/no/such/thing")
    chinese = client.get("/api/no/such/thing", headers=CHINESE)
    assert english.status_code == chinese.status_code == 404
    assert english.get_json()["error"] == {"code": "not_found", "message": "There is nothing at this address. "
                                                                          "Check the link, or the code you typed."}
    assert chinese.get_json()["error"]["message"] == "此地址没有内容。请检查链接或您输入的会议码。"
    assert "此地址没有内容" in client.get("/no/such/page", headers=CHINESE).get_data(as_text=True)


def test_an_error_with_a_value_in_it_is_translated_around_the_value(app, event, moderator, monkeypatch):
    from townhall.services import agenda

    monkeypatch.setattr(agenda, "MAX_ITEMS", 1)
    assert api(moderator, "POST", f"/api/events/{event}/agenda/items", {"title": "Welcome"}).status_code == 201
    english = api(moderator, "POST", f"/api/events/{event}/agenda/items", {"title": "Budget"})
    chinese = api(moderator, "POST", f"/api/events/{event}/agenda/items", {"title": "Budget"}, headers=CHINESE)
    assert english.status_code == chinese.status_code == 409
    assert english.get_json()["error"] == {"code": "agenda_full", "message": "An agenda holds at most 1 items."}
    assert chinese.get_json()["error"] == {"code": "agenda_full", "message": "一个议程最多包含 1 个议程项。"}


def test_the_log_in_page_says_a_wrong_password_in_the_readers_language(app, organizer):
    client = app.test_client()
    english = login(client, organizer.email, "wrong password!!")
    assert english.status_code == 401 and "Wrong e-mail or password." in english.get_data(as_text=True)
    chinese = client.post("/login", headers=CHINESE, data={"email": organizer.email, "password": "wrong password!!",
                                                           "csrf_token": csrf_token(client)})
    assert chinese.status_code == 401
    page = chinese.get_data(as_text=True)
    assert "电子邮件或密码错误。" in page and "Wrong e-mail or password." not in page
    assert "密码" in page  # the form's own labels too
