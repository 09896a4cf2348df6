"""The library reads as the syllabus: every module, class and function says what it is.

STYLE.md asks for a docstring with the math and the shapes on every public function and
class, and for modules a learner can read in a sitting (under about 300 lines). These tests
keep both true as the library grows.
"""

import importlib
import inspect
import pkgutil
from pathlib import Path

import pytest

import descent

MODULES = sorted(name for _, name, _ in pkgutil.walk_packages(descent.__path__, "descent.")
                 if not name.endswith("__main__"))
LIMIT = 300


def public_objects(module):
    """(qualified name, object) for every public function, class and method defined here."""
    for name, obj in vars(module).items():
        if name.startswith("_") or getattr(obj, "__module__", None) != module.__name__:
            continue
        if inspect.isfunction(obj):
            yield name, obj
        elif inspect.isclass(obj):
            yield name, obj
            for attr, member in vars(obj).items():
                if attr.startswith("_"):
                    continue
                if isinstance(member, property):
                    member = member.fget
                if inspect.isfunction(member):
                    yield f"{name}.{attr}", member


@pytest.mark.parametrize("name", MODULES)
def test_every_public_piece_has_a_docstring(name):
    module = importlib.import_module(name)
    assert inspect.getdoc(module), f"{name} has no module docstring"
    missing = [qualified for qualified, obj in public_objects(module)
               if not (obj.__doc__ or "").strip()]
    assert not missing, f"{name}: no docstring on {', '.join(missing)}"


@pytest.mark.parametrize("name", MODULES)
def test_modules_stay_readable_in_a_sitting(name):
    path = Path(importlib.import_module(name).__file__)
    lines = len(path.read_text().splitlines())
    assert lines <= LIMIT, f"{path.name} has {lines} lines; split it by idea (limit {LIMIT})"


def test_the_package_map_names_every_top_level_module():
    doc = descent.__doc__
    top = {name.split(".")[1] for name in MODULES}
    unnamed = sorted(m for m in top if f"``{m}``" not in doc and f":mod:`descent.{m}`" not in doc)
    assert not unnamed, f"descent/__init__.py's map does not mention {unnamed}"
