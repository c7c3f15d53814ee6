"""newsroom.edge without an edge cache: what it refuses and that it never
raises into a write. Purging through a real Varnish, and keeping the keys of
a failed purge: tests/ops/test_varnish.py."""

import pytest

from newsroom import edge
from tests.ops.processes import free_port


@pytest.fixture(autouse=True)
def _no_pending():
    edge.forget_pending()
    yield
    edge.forget_pending()


def test_without_a_purger_purge_does_nothing(settings):
    settings.EDGE_PURGER = ""
    edge.purge(["article-1", "home"])
    assert edge.pending() == set()
    assert edge.check_edge_settings() == []


def test_settings_are_checked(settings):
    settings.EDGE_PURGER = "varnish"
    settings.EDGE_PURGE_URLS = []
    assert [e.id for e in edge.check_edge_settings()] == ["newsroom.E102"]
    settings.EDGE_PURGE_URLS = ["varnish:6091"]
    assert [e.id for e in edge.check_edge_settings()] == ["newsroom.E103"]
    settings.EDGE_PURGE_URLS = ["http://varnish:6091"]
    assert edge.check_edge_settings() == []
    settings.EDGE_PURGER = "fastly"
    assert [e.id for e in edge.check_edge_settings()] == ["newsroom.E101"]
    settings.EDGE_PURGER = "newsroom.net.anonymise_ip"  # importable, not a Purger
    assert [e.id for e in edge.check_edge_settings()] == ["newsroom.E101"]


def test_a_misconfigured_purger_is_logged_not_raised(settings, caplog):
    settings.EDGE_PURGER = "fastly"
    edge.purge(["article-1"])
    assert "cannot be used" in caplog.text


def test_keys_that_could_break_the_header_are_dropped(settings, caplog):
    settings.EDGE_PURGER = "varnish"
    settings.EDGE_PURGE_URLS = [f"http://127.0.0.1:{free_port()}"]  # nobody there
    settings.EDGE_PURGE_TIMEOUT = 0.5
    edge.purge(["article-1", "home\r\nX-Evil: 1", "a b", "", 7, "x" * 200])
    assert edge.pending() == {"article-1"}  # the one good key, kept for next time
    assert caplog.text.count("invalid surrogate key") == 5


def test_many_keys_go_in_batches_below_varnish_header_limit():
    keys = [f"comments-{n}" for n in range(2000)]
    batches = edge._batches(keys)
    assert [k for batch in batches for k in batch] == keys
    assert all(len(" ".join(batch)) <= edge.BATCH_CHARS for batch in batches)
    assert len(batches) > 1
