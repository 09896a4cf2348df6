"""Checksummed, atomic downloads for the data sets too big (or not ours) to ship, and the
check that a data file is still the file that was downloaded.

A download here does four things a learner's half-finished ``urlretrieve`` does not:

1. it writes to a temporary file beside the target and renames it only when complete,
   so an interrupted download never leaves a file that looks finished;
2. it hashes the bytes as they arrive and compares the SHA-256 with the expected one,
   raising :class:`ChecksumError` (naming the file and both digests) on a mismatch (where a
   publisher gives only an MD5, as GroupLens does for MovieLens, that is checked instead);
3. it retries network errors a few times, waiting a little longer each time;
4. it shows a progress bar, which stays silent when ``progress=False``.

A file can also be damaged after it arrived (a half-finished copy, a full disk). Loaders
call :func:`check_file` before reading one: it compares the digest again, but remembers the
answer beside the file (keyed by its size and modification time), so only the first load
after a change pays for reading the whole file.

Under ``make test`` the variable ``DESCENT_OFFLINE=1`` is set, and :func:`fetch` then
refuses any URL that is not a local file or a server on this machine, so no test can
reach the network by accident.
"""

from __future__ import annotations

import hashlib
import http.client
import json
import os
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

from tqdm import tqdm

CHUNK = 1 << 16
LOCAL_HOSTS = {"localhost", "127.0.0.1", "::1"}


class ChecksumError(ValueError):
    """A file's bytes are not the bytes expected (a corrupt download or a damaged file)."""


def file_digest(path: str | os.PathLike, algorithm: str = "sha256") -> str:
    """The hex digest of a file under ``algorithm`` (any ``hashlib`` name: ``"sha256"``,
    ``"md5"``), read in chunks, so any size fits in memory."""
    digest = hashlib.new(algorithm)
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(CHUNK), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _record_path(path: Path, algorithm: str) -> Path:
    return path.with_name(f".{path.name}.{algorithm}")


def cached_digest(path: str | os.PathLike, algorithm: str = "sha256") -> str:
    """:func:`file_digest`, remembered beside the file in ``.<name>.<algorithm>``.

    The record holds the file's size and modification time with its digest; while both are
    unchanged the digest is read from it, so checking an 11 MB file costs nothing the second
    time. Any change to the file (a new copy, an edit, a truncation) changes its modification
    time, and the digest is computed afresh. If the record cannot be written (a read-only
    folder), the digest is simply computed every time.
    """
    path = Path(path)
    status = path.stat()
    key = {"size": status.st_size, "mtime_ns": status.st_mtime_ns, "algorithm": algorithm}
    record = _record_path(path, algorithm)
    try:
        saved = json.loads(record.read_text())
        if {k: saved.get(k) for k in key} == key:
            return saved["digest"]
    except (OSError, ValueError, KeyError, AttributeError):
        pass  # no record yet, or an unreadable one: compute
    digest = file_digest(path, algorithm)
    try:  # written whole or not at all: several test processes may check one file at once
        fd, name = tempfile.mkstemp(dir=path.parent, prefix=record.name, suffix=".tmp")
        with os.fdopen(fd, "w") as out:
            out.write(json.dumps({**key, "digest": digest}))
        os.replace(name, record)
    except OSError:
        pass
    return digest


def check_file(path: str | os.PathLike, expected: str, *, algorithm: str = "sha256",
               remedy: str = "") -> Path:
    """Raise :class:`ChecksumError` unless the file at ``path`` has the digest ``expected``.

    The message says what was found, what was expected and, in ``remedy``, what to do about
    it. Uses :func:`cached_digest`. Returns the path.
    """
    path = Path(path)
    expected = _normalized(expected, algorithm)
    actual = cached_digest(path, algorithm)
    if actual != expected:
        raise ChecksumError(
            f"{path} is damaged or incomplete (a half-finished copy, a disk error):\n"
            f"  expected {algorithm} {expected}\n"
            f"  actual   {algorithm} {actual}\n" + (remedy or "Delete it and fetch it again.")
        )
    return path


def _normalized(digest: str, algorithm: str) -> str:
    """``digest`` in lower case, after checking it is hex of the right length for ``algorithm``
    (64 characters for SHA-256, 32 for MD5): a digest pasted short or with spaces would
    otherwise just never match, and blame the file."""
    size = hashlib.new(algorithm).digest_size * 2
    text = digest.strip().lower() if isinstance(digest, str) else digest
    if not isinstance(text, str) or len(text) != size or any(c not in "0123456789abcdef"
                                                                for c in text):
        raise ValueError(f"an expected {algorithm} digest is {size} hex characters, got "
                         f"{digest!r}")
    return text


def _check_allowed(url: str) -> None:
    """Refuse non-local URLs when downloads are switched off (as under ``make test``)."""
    if os.environ.get("DESCENT_OFFLINE") != "1":
        return
    parts = urllib.parse.urlparse(url)
    if parts.scheme == "file" or parts.hostname in LOCAL_HOSTS:
        return
    raise RuntimeError(
        f"downloads are switched off (DESCENT_OFFLINE=1), refusing {url}; "
        "unset DESCENT_OFFLINE to download"
    )


class IncompleteDownload(ConnectionError):
    """The connection closed before the whole file arrived: worth another try."""


def _stream(url: str, part: Path, progress: bool, timeout: float, algorithm: str) -> str:
    """Copy ``url`` into the file ``part``; return the digest of what arrived.

    A transfer that ends short of the announced ``Content-Length`` raises
    :class:`IncompleteDownload`, so it is retried like a dropped connection instead of being
    reported as a corrupt file.
    """
    digest = hashlib.new(algorithm)
    received = 0
    with urllib.request.urlopen(url, timeout=timeout) as response, open(part, "wb") as out:
        length = response.headers.get("Content-Length")
        total = int(length) if length else None
        with tqdm(total=total, unit="B", unit_scale=True,
                  desc=Path(urllib.parse.urlparse(url).path).name, disable=not progress) as bar:
            try:
                for chunk in iter(lambda: response.read(CHUNK), b""):
                    out.write(chunk)
                    digest.update(chunk)
                    received += len(chunk)
                    bar.update(len(chunk))
            except http.client.IncompleteRead as err:
                raise IncompleteDownload(f"the connection closed after {received:,} of "
                                         f"{total or '?'} bytes") from err
    if total is not None and received < total:
        raise IncompleteDownload(f"the connection closed after {received:,} of {total:,} bytes")
    return digest.hexdigest()


def _remove_leftovers(dest: Path) -> None:
    """Delete the temporary files of earlier downloads of ``dest`` that were cut off (the
    process killed before it could clean up). They never count as the data, but take space."""
    for old in dest.parent.glob(f".{dest.name}.*.part"):
        old.unlink(missing_ok=True)


def _readable_by_all(path: Path) -> None:
    """Give a downloaded file the permissions of any new file (``0o666`` less the umask): the
    temporary file it was written to is private to its owner (``0o600``)."""
    umask = os.umask(0)
    os.umask(umask)
    path.chmod(0o666 & ~umask)


def fetch(
    url: str,
    dest: str | os.PathLike,
    sha256: str | None = None,
    *,
    md5: str | None = None,
    retries: int = 3,
    backoff: float = 1.0,
    timeout: float = 60.0,
    progress: bool = True,
) -> Path:
    """Download ``url`` to ``dest`` unless a file with the right digest is already there.

    Network errors, and transfers cut off before the end, are retried ``retries`` times,
    sleeping ``backoff * 2**k`` seconds before try ``k + 1``. A checksum mismatch is not
    retried (the server would send the same bytes again): it raises :class:`ChecksumError`
    at once. Either way no partial or corrupt file is left at ``dest`` or beside it.

    Give ``sha256``, or ``md5`` where the publisher lists only that (hex, either case).
    Returns the path of the verified file, readable like any other new file.
    """
    if retries < 0:
        raise ValueError(f"retries must be >= 0, got {retries}")
    if (sha256 is None) == (md5 is None):
        raise ValueError("give exactly one expected digest: sha256 or md5")
    algorithm = "sha256" if sha256 is not None else "md5"
    expected = _normalized(sha256 if sha256 is not None else md5, algorithm)
    dest = Path(dest)
    if dest.exists() and cached_digest(dest, algorithm) == expected:
        return dest
    _check_allowed(url)
    dest.parent.mkdir(parents=True, exist_ok=True)
    _remove_leftovers(dest)

    for attempt in range(retries + 1):
        fd, name = tempfile.mkstemp(dir=dest.parent, prefix=f".{dest.name}.", suffix=".part")
        os.close(fd)
        part = Path(name)
        try:
            actual = _stream(url, part, progress, timeout, algorithm)
            if actual != expected:
                raise ChecksumError(
                    f"{dest.name}: checksum mismatch for the download from {url}\n"
                    f"  expected {algorithm} {expected}\n"
                    f"  actual   {algorithm} {actual}\n"
                    "The download was discarded. Try again later; if it persists, the "
                    "file on the server has changed."
                )
            _readable_by_all(part)
            os.replace(part, dest)  # atomic on one file system
            return dest
        except (urllib.error.URLError, ConnectionError, TimeoutError) as err:
            client_error = isinstance(err, urllib.error.HTTPError) and err.code < 500
            if attempt == retries or client_error:  # a 404 will not mend itself
                raise ConnectionError(
                    f"could not download {dest.name} from {url} after {attempt + 1} "
                    f"tr{'y' if attempt == 0 else 'ies'}: {err}"
                ) from err
            time.sleep(backoff * 2**attempt)
        finally:
            part.unlink(missing_ok=True)
    raise AssertionError("unreachable")  # pragma: no cover
