"""casys.core is pure: it imports without Django (DESIGN.md, Layers)."""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

BLOCK_DJANGO_AND_IMPORT_CORE = r"""
import importlib, pkgutil, sys

class BlockDjango:
    def find_spec(self, name, path=None, target=None):
        if name == "django" or name.startswith("django."):
            raise ImportError("django is not importable in this process")
        return None

sys.meta_path.insert(0, BlockDjango())
import casys.core
names = [m.name for m in pkgutil.walk_packages(casys.core.__path__, "casys.core.")]
for name in names:
    importlib.import_module(name)
assert not any(m == "django" or m.startswith("django.") for m in sys.modules), "django was imported"
print(len(names) + 1)
"""


def test_it_imports_every_core_module_where_django_cannot_be_imported() -> None:
    result = subprocess.run(
        [sys.executable, "-c", BLOCK_DJANGO_AND_IMPORT_CORE],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert int(result.stdout.strip()) >= 1


def test_the_blocker_really_blocks_django() -> None:
    # The check above would prove nothing if the blocker let Django through.
    code = BLOCK_DJANGO_AND_IMPORT_CORE.split("import casys.core")[0] + "import django.conf\n"
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=60
    )
    assert result.returncode != 0
    assert "django is not importable" in result.stderr
