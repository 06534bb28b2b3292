"""Every registered DATELINE_ setting is documented in docs/settings.md."""

import importlib
import pkgutil
from pathlib import Path

import dateline
from dateline.conf import REGISTRY

DOCS = Path(__file__).resolve().parents[2] / "docs" / "settings.md"
SKIP = (".migrations", ".management", ".wsgi", ".cli", "__main__")


def _import_everything() -> None:
    for module in pkgutil.walk_packages(dateline.__path__, "dateline."):
        if not any(part in module.name for part in SKIP):
            importlib.import_module(module.name)


def test_every_setting_is_documented():
    _import_everything()
    text = DOCS.read_text(encoding="utf-8")
    missing = [name for name in REGISTRY if f"`{name}`" not in text]
    assert not missing, f"document these in docs/settings.md: {missing}"
