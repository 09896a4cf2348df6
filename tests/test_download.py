"""descent.download against a local HTTP server and file:// URLs, never the network."""

import hashlib
import http.server
import threading
from functools import partial

import pytest

from descent.download import ChecksumError, fetch, sha256sum

PAYLOAD = bytes(range(256)) * 1000
GOOD = hashlib.sha256(PAYLOAD).hexdigest()


@pytest.fixture
def server(tmp_path):
    """Serve tmp_path/site on a free loopback port; yield the base URL."""
    site = tmp_path / "site"
    site.mkdir()
    (site / "good.bin").write_bytes(PAYLOAD)
    (site / "corrupt.bin").write_bytes(PAYLOAD[:-1] + b"\x00")
    handler = partial(http.server.SimpleHTTPRequestHandler, directory=str(site))
    handler.log_message = lambda *args: None
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def leftovers(folder):
    return sorted(p.name for p in folder.iterdir())


def test_download_from_local_server(server, tmp_path):
    dest = tmp_path / "out" / "data.bin"
    path = fetch(f"{server}/good.bin", dest, GOOD, progress=False)
    assert path == dest
    assert dest.read_bytes() == PAYLOAD
    assert leftovers(dest.parent) == ["data.bin"]


def test_corrupt_download_raises_and_leaves_nothing(server, tmp_path):
    dest = tmp_path / "out" / "data.bin"
    with pytest.raises(ChecksumError) as info:
        fetch(f"{server}/corrupt.bin", dest, GOOD, progress=False)
    message = str(info.value)
    assert "data.bin" in message
    assert GOOD in message
    assert hashlib.sha256(PAYLOAD[:-1] + b"\x00").hexdigest() in message
    assert leftovers(dest.parent) == []


def test_existing_verified_file_is_not_fetched_again(tmp_path):
    dest = tmp_path / "data.bin"
    dest.write_bytes(PAYLOAD)
    # the URL cannot be fetched: success proves no download was tried
    assert fetch("http://127.0.0.1:9/none", dest, GOOD, retries=0, progress=False) == dest


def test_corrupt_cached_file_is_replaced(server, tmp_path):
    dest = tmp_path / "data.bin"
    dest.write_bytes(b"half a file")
    fetch(f"{server}/good.bin", dest, GOOD, progress=False)
    assert sha256sum(dest) == GOOD


def test_file_url(tmp_path):
    source = tmp_path / "source.bin"
    source.write_bytes(PAYLOAD)
    dest = tmp_path / "copy.bin"
    fetch(source.as_uri(), dest, GOOD, progress=False)
    assert dest.read_bytes() == PAYLOAD


def test_network_errors_are_retried_then_reported(tmp_path, monkeypatch):
    sleeps = []
    monkeypatch.setattr("descent.download.time.sleep", sleeps.append)
    dest = tmp_path / "data.bin"
    # port 9 (discard) has no server here: every try is refused
    with pytest.raises(ConnectionError, match="after 3 tries"):
        fetch("http://127.0.0.1:9/data.bin", dest, GOOD, retries=2, backoff=0.5, progress=False)
    assert sleeps == [0.5, 1.0]
    assert leftovers(tmp_path) == []


def test_missing_file_is_not_retried(server, tmp_path, monkeypatch):
    sleeps = []
    monkeypatch.setattr("descent.download.time.sleep", sleeps.append)
    with pytest.raises(ConnectionError, match="404"):
        fetch(f"{server}/absent.bin", tmp_path / "x.bin", GOOD, progress=False)
    assert sleeps == []


def test_offline_switch_refuses_remote_urls(tmp_path, monkeypatch):
    monkeypatch.setenv("DESCENT_OFFLINE", "1")
    with pytest.raises(RuntimeError, match="DESCENT_OFFLINE"):
        fetch("https://example.org/data.bin", tmp_path / "x.bin", GOOD, progress=False)


def test_negative_retries_rejected(tmp_path):
    with pytest.raises(ValueError, match="retries"):
        fetch("file:///nowhere", tmp_path / "x.bin", GOOD, retries=-1)


def test_md5_digest_for_publishers_that_give_only_md5(tmp_path):
    source = tmp_path / "source.bin"
    source.write_bytes(b"ratings" * 100)
    md5 = hashlib.md5(source.read_bytes()).hexdigest()
    dest = fetch(source.as_uri(), tmp_path / "copy.bin", md5=md5, progress=False)
    assert dest.read_bytes() == source.read_bytes()
    with pytest.raises(ChecksumError, match="expected md5 0{32}"):
        fetch(source.as_uri(), tmp_path / "bad.bin", md5="0" * 32, progress=False)
    assert not (tmp_path / "bad.bin").exists()


def test_exactly_one_digest_is_required(tmp_path):
    with pytest.raises(ValueError, match="exactly one"):
        fetch("file:///nowhere", tmp_path / "x", progress=False)
    with pytest.raises(ValueError, match="exactly one"):
        fetch("file:///nowhere", tmp_path / "x", "a" * 64, md5="b" * 32, progress=False)
