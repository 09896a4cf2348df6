"""descent.data.download against a local HTTP server and file:// URLs, never the network."""

import hashlib
import http.server
import os
import threading
from functools import partial

import pytest

from descent.data import download
from descent.data.download import ChecksumError, cached_digest, check_file, fetch, file_digest

PAYLOAD = bytes(range(256)) * 1000
GOOD = hashlib.sha256(PAYLOAD).hexdigest()


class Handler(http.server.SimpleHTTPRequestHandler):
    """Serves a folder; ``/flaky.bin`` announces the whole payload but sends half of it, the
    first ``cut`` times it is asked for (a dropped connection), then all of it."""

    cut = 1

    def log_message(self, *args):
        pass

    def do_GET(self):
        if self.path != "/flaky.bin":
            return super().do_GET()
        self.send_response(200)
        self.send_header("Content-Length", str(len(PAYLOAD)))
        self.end_headers()
        if Handler.cut > 0:
            Handler.cut -= 1
            self.wfile.write(PAYLOAD[: len(PAYLOAD) // 2])
            self.close_connection = True
        else:
            self.wfile.write(PAYLOAD)


@pytest.fixture
def server(tmp_path):
    """Serve tmp_path/site on a free loopback port; yield the base URL."""
    site = tmp_path / "site"
    site.mkdir()
    (site / "good.bin").write_bytes(PAYLOAD)
    (site / "corrupt.bin").write_bytes(PAYLOAD[:-1] + b"\x00")
    Handler.cut = 1
    handler = partial(Handler, directory=str(site))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.05},
                              daemon=True)
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
    assert file_digest(dest) == GOOD


def test_file_url(tmp_path):
    source = tmp_path / "source.bin"
    source.write_bytes(PAYLOAD)
    dest = tmp_path / "copy.bin"
    fetch(source.as_uri(), dest, GOOD, progress=False)
    assert dest.read_bytes() == PAYLOAD


def test_network_errors_are_retried_then_reported(tmp_path, monkeypatch):
    sleeps = []
    monkeypatch.setattr("descent.data.download.time.sleep", sleeps.append)
    dest = tmp_path / "data.bin"
    # port 9 (discard) has no server here: every try is refused
    with pytest.raises(ConnectionError, match="after 3 tries"):
        fetch("http://127.0.0.1:9/data.bin", dest, GOOD, retries=2, backoff=0.5, progress=False)
    assert sleeps == [0.5, 1.0]
    assert leftovers(tmp_path) == []


def test_missing_file_is_not_retried(server, tmp_path, monkeypatch):
    sleeps = []
    monkeypatch.setattr("descent.data.download.time.sleep", sleeps.append)
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


def test_a_transfer_cut_short_is_retried_not_called_corrupt(server, tmp_path, monkeypatch):
    sleeps = []
    monkeypatch.setattr("descent.data.download.time.sleep", sleeps.append)
    dest = tmp_path / "out" / "data.bin"
    fetch(f"{server}/flaky.bin", dest, GOOD, progress=False)
    assert dest.read_bytes() == PAYLOAD and len(sleeps) == 1
    assert leftovers(dest.parent) == ["data.bin"]


def test_a_transfer_always_cut_short_says_so(server, tmp_path, monkeypatch):
    monkeypatch.setattr("descent.data.download.time.sleep", lambda s: None)
    Handler.cut = 10
    with pytest.raises(ConnectionError, match=r"after 2 tries.*closed after 128,000 of"):
        fetch(f"{server}/flaky.bin", tmp_path / "x.bin", GOOD, retries=1, progress=False)
    assert leftovers(tmp_path) == ["site"]


def test_digests_in_either_case_and_of_the_right_length(tmp_path):
    source = tmp_path / "source.bin"
    source.write_bytes(PAYLOAD)
    assert fetch(source.as_uri(), tmp_path / "a.bin", GOOD.upper(), progress=False).exists()
    md5 = hashlib.md5(PAYLOAD).hexdigest()
    assert fetch(source.as_uri(), tmp_path / "b.bin", md5=f" {md5.upper()} ", progress=False)
    for bad, kwargs in [(GOOD[:-1], {}), (md5, {}), ("z" * 64, {})]:  # short, an MD5, not hex
        with pytest.raises(ValueError, match="sha256 digest is 64 hex characters"):
            fetch(source.as_uri(), tmp_path / "c.bin", bad, progress=False, **kwargs)
    with pytest.raises(ValueError, match="md5 digest is 32 hex characters"):
        fetch(source.as_uri(), tmp_path / "c.bin", md5=GOOD, progress=False)
    assert not (tmp_path / "c.bin").exists()


def test_a_download_gets_the_permissions_of_any_new_file(tmp_path):
    source = tmp_path / "source.bin"
    source.write_bytes(PAYLOAD)
    old = os.umask(0o022)
    try:
        dest = fetch(source.as_uri(), tmp_path / "copy.bin", GOOD, progress=False)
    finally:
        os.umask(old)
    assert dest.stat().st_mode & 0o777 == 0o644


def test_leftovers_of_cut_off_downloads_are_removed(tmp_path):
    source = tmp_path / "source.bin"
    source.write_bytes(PAYLOAD)
    (tmp_path / ".copy.bin.abc123.part").write_bytes(b"half")
    (tmp_path / ".other.bin.abc123.part").write_bytes(b"not ours")
    fetch(source.as_uri(), tmp_path / "copy.bin", GOOD, progress=False)
    assert not (tmp_path / ".copy.bin.abc123.part").exists()
    assert (tmp_path / ".other.bin.abc123.part").exists()


def test_cached_digest_reads_the_file_once_per_version(tmp_path, monkeypatch):
    path = tmp_path / "data.bin"
    path.write_bytes(PAYLOAD)
    calls = []

    def counting(p, algorithm="sha256"):
        calls.append(p)
        return file_digest(p, algorithm)

    monkeypatch.setattr(download, "file_digest", counting)
    assert cached_digest(path) == GOOD and cached_digest(path) == GOOD
    assert len(calls) == 1  # the second answer came from the record
    assert (tmp_path / ".data.bin.sha256").exists()
    path.write_bytes(PAYLOAD[:-1] + b"\x00")  # same size, new contents, new mtime
    os.utime(path, ns=(0, path.stat().st_mtime_ns + 1_000_000))
    assert cached_digest(path) != GOOD and len(calls) == 2
    assert cached_digest(path, "md5") == hashlib.md5(path.read_bytes()).hexdigest()


def test_cached_digest_works_where_it_cannot_write(tmp_path, monkeypatch):
    (tmp_path / "data.bin").write_bytes(PAYLOAD)

    def read_only(*args, **kwargs):
        raise PermissionError("read-only file system")

    monkeypatch.setattr(download.tempfile, "mkstemp", read_only)
    assert cached_digest(tmp_path / "data.bin") == GOOD
    assert not (tmp_path / ".data.bin.sha256").exists()


def test_check_file_names_the_file_both_digests_and_the_remedy(tmp_path):
    path = tmp_path / "data.bin"
    path.write_bytes(PAYLOAD)
    assert check_file(path, GOOD) == path
    path.write_bytes(b"half")
    with pytest.raises(ChecksumError) as info:
        check_file(path, GOOD, remedy="Run make data.")
    message = str(info.value)
    assert "data.bin is damaged or incomplete" in message and GOOD in message
    assert hashlib.sha256(b"half").hexdigest() in message and message.endswith("Run make data.")
