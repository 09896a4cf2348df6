"""Checksummed, atomic downloads for the data sets too big (or not ours) to ship.

A download here does four things a learner's half-finished ``urlretrieve`` does not:

1. it writes to a temporary file beside the target and renames it only when complete,
   so an interrupted download never leaves a file that looks finished;
2. it hashes the bytes as they arrive and compares the SHA-256 with the expected one,
   raising :class:`ChecksumError` (naming the file and both digests) on a mismatch (where a
   publisher gives only an MD5, as GroupLens does for MovieLens, that is checked instead);
3. it retries network errors a few times, waiting a little longer each time;
4. it shows a progress bar, which stays silent when ``progress=False``.

Under ``make test`` the variable ``DESCENT_OFFLINE=1`` is set, and :func:`fetch` then
refuses any URL that is not a local file or a server on this machine, so no test can
reach the network by accident.
"""

from __future__ import annotations

import hashlib
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


class ChecksumError(RuntimeError):
    """The bytes downloaded are not the bytes expected."""


def sha256sum(path: str | os.PathLike, algorithm: str = "sha256") -> str:
    """Return the hex SHA-256 (or another ``hashlib`` algorithm's) digest of a file, read in
    chunks (no size limit)."""
    digest = hashlib.new(algorithm)
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(CHUNK), b""):
            digest.update(chunk)
    return digest.hexdigest()


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


def _stream(url: str, part: Path, progress: bool, timeout: float, algorithm: str) -> str:
    """Copy ``url`` into the file ``part``; return the digest of what arrived."""
    digest = hashlib.new(algorithm)
    with urllib.request.urlopen(url, timeout=timeout) as response, open(part, "wb") as out:
        total = response.headers.get("Content-Length")
        with tqdm(
            total=int(total) if total else None,
            unit="B",
            unit_scale=True,
            desc=Path(urllib.parse.urlparse(url).path).name,
            disable=not progress,
        ) as bar:
            for chunk in iter(lambda: response.read(CHUNK), b""):
                out.write(chunk)
                digest.update(chunk)
                bar.update(len(chunk))
    return digest.hexdigest()


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
    """Download ``url`` to ``dest`` unless a file with the right SHA-256 is already there.

    Network errors are retried ``retries`` times, sleeping ``backoff * 2**k`` seconds
    before try ``k + 1``. A checksum mismatch is not retried (the server would send the
    same bytes again): it raises :class:`ChecksumError` at once. Either way no partial
    or corrupt file is left at ``dest`` or beside it.

    Give ``sha256``, or ``md5`` where the publisher lists only that. Returns the path of
    the verified file.
    """
    if retries < 0:
        raise ValueError(f"retries must be >= 0, got {retries}")
    if (sha256 is None) == (md5 is None):
        raise ValueError("give exactly one expected digest: sha256 or md5")
    algorithm, expected = ("sha256", sha256) if sha256 is not None else ("md5", md5)
    dest = Path(dest)
    if dest.exists() and sha256sum(dest, algorithm) == expected:
        return dest
    _check_allowed(url)
    dest.parent.mkdir(parents=True, exist_ok=True)

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
            os.replace(part, dest)  # atomic on one file system
            return dest
        except (urllib.error.URLError, ConnectionError, TimeoutError) as err:
            client_error = isinstance(err, urllib.error.HTTPError) and err.code < 500
            if attempt == retries or client_error:  # a 404 will not mend itself
                raise ConnectionError(
                    f"could not download {dest.name} from {url} after {retries + 1} tries: {err}"
                ) from err
            time.sleep(backoff * 2**attempt)
        finally:
            part.unlink(missing_ok=True)
    raise AssertionError("unreachable")  # pragma: no cover
