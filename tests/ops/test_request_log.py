"""One structured log line per request, with the request id."""

import json
import logging
import logging.config

import pytest
from django.conf import settings

from tests.factories import make_article

pytestmark = pytest.mark.django_db


def _request_records(caplog):
    return [r for r in caplog.records if r.name == "newsroom.request"]


def test_each_request_is_logged_once_with_its_id(client, caplog):
    caplog.set_level(logging.INFO, logger="newsroom.request")
    make_article()
    response = client.get("/")
    [record] = _request_records(caplog)
    assert (record.method, record.path, record.status) == ("GET", "/", 200)
    assert record.duration_ms >= 0 and record.user_id is None
    assert record.request_id == response["X-Request-ID"]
    assert len(response["X-Request-ID"]) == 32


def test_the_proxys_request_id_is_kept_and_a_bad_one_replaced(client, caplog):
    caplog.set_level(logging.INFO, logger="newsroom.request")
    assert client.get("/", HTTP_X_REQUEST_ID="lb-1234-abcd")["X-Request-ID"] == "lb-1234-abcd"
    for bad in ("short", "x" * 200, "id\r\nSet-Cookie: a=b", "<script>"):
        answered = client.get("/", HTTP_X_REQUEST_ID=bad)["X-Request-ID"]
        assert answered != bad and len(answered) == 32


def test_a_logged_in_request_names_the_user(client, caplog, editor):
    caplog.set_level(logging.INFO, logger="newsroom.request")
    client.force_login(editor)
    client.get("/admin/")
    [record] = _request_records(caplog)
    assert record.user_id == editor.pk and record.status == 200


def test_a_logged_in_user_is_named_when_nothing_loaded_the_user(client, caplog, editor):
    """A feed never looks at request.user: the user id comes from the
    session. Readers (no session cookie) stay anonymous, also on a 304."""
    caplog.set_level(logging.INFO, logger="newsroom.request")
    make_article()
    client.force_login(editor)
    response = client.get("/feed/")
    assert response.status_code == 200 and response["X-Page-Cache"] == "bypass"
    client.logout()
    etag = client.get("/feed/")["ETag"]
    assert client.get("/feed/", HTTP_IF_NONE_MATCH=etag).status_code == 304
    records = _request_records(caplog)
    assert [(r.path, r.status, r.user_id) for r in records] == [
        ("/feed/", 200, editor.pk),
        ("/feed/", 200, None),
        ("/feed/", 304, None),
    ]


def test_the_user_id_from_a_loaded_session_costs_no_query(rf, editor, django_assert_num_queries):
    from django.contrib.auth import SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore

    from newsroom.observability import RequestLogMiddleware

    stored = SessionStore()
    stored[SESSION_KEY] = str(editor.pk)
    stored.create()
    request = rf.get("/feed/", HTTP_COOKIE=f"{settings.SESSION_COOKIE_NAME}={stored.session_key}")
    request.session = SessionStore(stored.session_key)
    with django_assert_num_queries(1):  # the session was not loaded yet
        assert RequestLogMiddleware._user_id(request) == editor.pk
    with django_assert_num_queries(0):  # now it is
        assert RequestLogMiddleware._user_id(request) == editor.pk
    # Readers have no session cookie: no query, no user.
    reader = rf.get("/feed/")
    reader.session = SessionStore()
    with django_assert_num_queries(0):
        assert RequestLogMiddleware._user_id(reader) is None


def test_other_log_lines_in_a_request_carry_its_id(client, caplog):
    caplog.set_level(logging.INFO)
    response = client.get("/gibt-es-nicht/")  # django.request logs the 404
    ids = {getattr(r, "request_id", None) for r in caplog.records if r.name == "django.request"}
    assert ids == {response["X-Request-ID"]}


def test_json_lines_for_a_log_collector(capsys):
    config = {
        **settings.LOGGING,
        "handlers": {
            "console": {
                **settings.LOGGING["handlers"]["console"],
                "formatter": "json",
                "stream": "ext://sys.stdout",
            }
        },
        "root": {"handlers": [], "level": "INFO"},
        "loggers": {"newsroom.test": {"handlers": ["console"], "level": "INFO"}},
    }
    logging.config.dictConfig(config)
    try:
        logging.getLogger("newsroom.test").info(
            "GET / 200", extra={"status": 200, "duration_ms": 1.5, "user_id": None}
        )
        line = capsys.readouterr().out.strip()
    finally:
        logging.config.dictConfig(settings.LOGGING)
    entry = json.loads(line)
    assert entry["level"] == "INFO" and entry["logger"] == "newsroom.test"
    assert entry["message"] == "GET / 200" and entry["status"] == 200
    assert entry["request_id"] == "-" and "timestamp" in entry
