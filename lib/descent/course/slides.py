"""Static lecture decks: each notebook as reveal.js slides that open from disk, offline.

``make slides`` writes ``slides/NN_name.slides.html`` for every notebook, with its stored
outputs (figures included), cut into slides by the cells' slide types
(:func:`descent.course.notebook.slide_type`). nbconvert's decks normally load reveal.js, MathJax,
RequireJS and jQuery from CDNs, so they break without a network. Here those libraries
come from the npm registry once (exact versions, SHA-256 checked, cached in
``.cache/slides/``), are unpacked into ``slides/vendor/``, and every deck points there.

For live slides, with running code and widgets, use RISE inside JupyterLab (``Alt R``).
"""

from __future__ import annotations

import re
import shutil
import sys
import tarfile
from pathlib import Path

from descent.data.download import fetch

REGISTRY = "https://registry.npmjs.org"
# name: (version, sha256 of the registry tarball, folders or files to keep)
VENDOR = {
    "reveal.js": ("4.6.1", "4f4121ef2b8e7e9398bdecd7b3b6ce5e0ee3a2f5af221708eb6c4ce03bcae6be",
                  ("dist", "plugin")),
    "mathjax": ("2.7.9", "7131e739848edc14aa661a5516995866b81a477fab8b039d7cc324930e71f786",
                ("MathJax.js", "config", "extensions", "jax", "fonts/HTML-CSS/TeX/woff")),
    "requirejs": ("2.3.7", "31f3330c978fb28684622fe71165dc946432cf0210b2ea8a1ca0233e70f2737d",
                  ("require.js",)),
    "jquery": ("3.7.1", "68a9f787516da47c680e09c187bcbac4536b6f85d90eb882844e12919e583f53",
               ("dist/jquery.min.js",)),
}
# What makes a browser fetch: src=, <link href=, JS imports, CSS url() and @import.
EXTERNAL = re.compile(
    r"""(?:\bsrc\s*=\s*|<link\b[^>]*\bhref\s*=\s*|\bfrom\s+|\burl\(\s*|@import\s+)"""
    r"""["']?((?:https?:)?//[^"')\s>]+)""",
    re.IGNORECASE,
)
# nbconvert always adds a loader for mermaid diagrams (from a CDN); the course has none.
MERMAID = re.compile(r"<script type=\"module\">\s*import mermaid from[^<]*</script>", re.DOTALL)

# Larger type for a projector; code and outputs stay readable from the back of a room.
DECK_CSS = """
.reveal { font-size: 30px; }
.reveal .jp-InputArea-editor pre, .reveal .jp-OutputArea-output pre {
  font-size: 18px; white-space: pre-wrap; word-break: normal; overflow-wrap: anywhere; }
.reveal .jp-OutputArea-output img { max-height: 60vh; }
"""


def tarball_url(name: str) -> str:
    """The npm registry's address of the pinned tarball of library ``name``."""
    version = VENDOR[name][0]
    return f"{REGISTRY}/{name}/-/{name}-{version}.tgz"


def vendor(dest: Path, cache: Path) -> Path:
    """Unpack the pinned libraries into ``dest`` (``dest/reveal.js/dist/...``), downloading
    each tarball into ``cache`` only if it is not there with the right SHA-256."""
    for name, (version, sha256, keep) in VENDOR.items():
        target = dest / name
        stamp = target / ".version"
        if stamp.exists() and stamp.read_text() == version:
            continue
        tarball = fetch(tarball_url(name), cache / f"{name}-{version}.tgz", sha256,
                        progress=False)
        shutil.rmtree(target, ignore_errors=True)
        with tarfile.open(tarball) as archive:
            members = [m for m in archive.getmembers()
                       if any(m.name == f"package/{k}" or m.name.startswith(f"package/{k}/")
                              for k in keep)]
            for member in members:
                member.name = member.name.removeprefix("package/")
            archive.extractall(target, members=members, filter="data")
        stamp.write_text(version)
    return dest


def external_urls(html: str) -> list[str]:
    """Every resource ``html`` would load from off this machine (scripts, stylesheets,
    imports, CSS ``url()``); plain links a reader may click are not loads."""
    return EXTERNAL.findall(html)


def export(notebook: Path, out_dir: Path, vendor_dir: str = "vendor") -> Path:
    """Write ``notebook`` as ``out_dir/<name>.slides.html`` using the vendored libraries
    (``vendor_dir`` is relative to ``out_dir``). Raise if the deck still links off-line
    resources."""
    import nbformat
    from nbconvert import SlidesExporter

    exporter = SlidesExporter(
        reveal_url_prefix=f"{vendor_dir}/reveal.js",
        reveal_theme="white",  # its fonts ship with reveal.js (others fetch Google Fonts)
        reveal_scroll=True,
        mathjax_url=f"{vendor_dir}/mathjax/MathJax.js?config=TeX-AMS_CHTML-full,Safe",
        require_js_url=f"{vendor_dir}/requirejs/require.js",
        jquery_url=f"{vendor_dir}/jquery/dist/jquery.min.js",
    )
    nb = nbformat.read(notebook, as_version=4)
    html, _ = exporter.from_notebook_node(nb, resources={"metadata": {"name": notebook.stem}})
    html = MERMAID.sub("", html)
    html = html.replace("</head>", f"<style>{DECK_CSS}</style>\n</head>", 1)
    outside = external_urls(html)
    if outside:
        raise RuntimeError(f"{notebook.name}: the deck would load {outside}")
    out_dir.mkdir(parents=True, exist_ok=True)
    path = out_dir / f"{notebook.stem}.slides.html"
    path.write_text(html, encoding="utf-8")
    return path


def main(argv: list[str]) -> int:
    """``make slides``: fetch the libraries once, then export the notebooks named in
    ``argv`` (all of them if none) into ``slides/``. ``--vendor-only`` stops after the
    libraries. Returns the exit status.
    """
    root = Path.cwd()
    out = root / "slides"
    vendor(out / "vendor", root / ".cache" / "slides")
    if argv == ["--vendor-only"]:
        print(f"slide libraries ready in {out / 'vendor'}")
        return 0
    notebooks = [Path(a) for a in argv] or sorted((root / "notebooks").glob("*.ipynb"))
    for notebook in notebooks:
        print(f"wrote {export(notebook, out).relative_to(root)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
