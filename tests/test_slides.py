"""descent.course.slides: vendored libraries (from a local fake registry) and offline decks."""

import hashlib
import io
import tarfile

import nbformat
import pytest

from descent.course import slides
from descent.data.download import ChecksumError


def fake_tarball(path, files):
    with tarfile.open(path, "w:gz") as archive:
        for name, text in files.items():
            data = text.encode()
            info = tarfile.TarInfo(f"package/{name}")
            info.size = len(data)
            archive.addfile(info, io.BytesIO(data))
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def registry(tmp_path, monkeypatch):
    """A file:// registry holding one tiny 'reveal.js' package."""
    folder = tmp_path / "registry" / "reveal.js" / "-"
    folder.mkdir(parents=True)
    digest = fake_tarball(folder / "reveal.js-9.9.9.tgz",
                          {"dist/reveal.js": "// reveal", "plugin/notes/notes.js": "// notes",
                           "test/big.html": "not wanted", "README.md": "not wanted"})
    monkeypatch.setattr(slides, "REGISTRY", (tmp_path / "registry").as_uri())
    monkeypatch.setattr(slides, "VENDOR", {"reveal.js": ("9.9.9", digest, ("dist", "plugin"))})
    return tmp_path


def test_vendor_unpacks_only_what_decks_use_and_caches(registry):
    dest, cache = registry / "vendor", registry / "cache"
    slides.vendor(dest, cache)
    assert (dest / "reveal.js" / "dist" / "reveal.js").read_text() == "// reveal"
    assert (dest / "reveal.js" / "plugin" / "notes" / "notes.js").exists()
    assert not (dest / "reveal.js" / "test").exists()
    assert not (dest / "reveal.js" / "README.md").exists()
    assert (cache / "reveal.js-9.9.9.tgz").exists()
    (dest / "reveal.js" / "dist" / "reveal.js").write_text("kept")
    slides.vendor(dest, cache)  # same version already unpacked: nothing redone
    assert (dest / "reveal.js" / "dist" / "reveal.js").read_text() == "kept"


def test_vendor_refuses_a_tampered_tarball(registry, monkeypatch):
    monkeypatch.setattr(slides, "VENDOR", {"reveal.js": ("9.9.9", "0" * 64, ("dist",))})
    with pytest.raises(ChecksumError):
        slides.vendor(registry / "vendor", registry / "cache")
    assert not (registry / "vendor" / "reveal.js").exists()


def test_every_pinned_library_has_a_full_sha256():
    for name, (version, sha256, keep) in slides.VENDOR.items():
        assert len(sha256) == 64 and int(sha256, 16) >= 0 and keep
        assert slides.tarball_url(name).endswith(f"/{name}-{version}.tgz")


def test_external_urls_finds_loads_not_links():
    html = """<script src="https://cdn.example/a.js"></script>
    <link rel="stylesheet" href="//fonts.example/b.css">
    <style>@import url(https://fonts.example/c.css);</style>
    <script type="module">import m from 'https://cdn.example/d.mjs';</script>
    <a href="https://grouplens.org/datasets/">a link</a> <script src="vendor/x.js"></script>"""
    assert slides.external_urls(html) == ["https://cdn.example/a.js", "//fonts.example/b.css",
                                          "https://fonts.example/c.css", "https://cdn.example/d.mjs"]


def test_export_writes_a_deck_that_loads_nothing_from_outside(tmp_path):
    nb = nbformat.v4.new_notebook(cells=[
        nbformat.v4.new_markdown_cell("# Title\n\n$x^2$"), nbformat.v4.new_code_cell("1 + 1")])
    nb.cells[0].metadata["slideshow"] = {"slide_type": "slide"}
    path = tmp_path / "99_test.ipynb"
    nbformat.write(nb, path)
    deck = slides.export(path, tmp_path / "out")
    html = deck.read_text()
    assert deck.name == "99_test.slides.html"
    assert slides.external_urls(html) == []
    assert 'src="vendor/requirejs/require.js"' in html and "vendor/reveal.js/dist/reveal.js" in html
    assert "mermaid" not in html and "<section" in html
