"""Every DATELINE_ setting is registered in dateline/conf.py and documented in docs/settings.md:
the Django settings read through ``setting()`` and the variables read from the environment."""

import importlib
import pkgutil
import re
from pathlib import Path

import dateline
from dateline.conf import ENVIRONMENT, REGISTRY

ROOT = Path(__file__).resolve().parents[2]
DOCS = ROOT / "docs" / "settings.md"
SKIP = (".migrations", ".management", ".wsgi", ".cli", "__main__")
# A DATELINE_ name read from (or written to) the environment, also across a line break.
ENV_READ = re.compile(
    r"""(?:environ\.get|environ\.setdefault|environ\[|getenv|_env_flag)\(?\s*["'](DATELINE_\w+)"""
)


def _import_everything() -> None:
    for module in pkgutil.walk_packages(dateline.__path__, "dateline."):
        if not any(part in module.name for part in SKIP):
            importlib.import_module(module.name)


def environment_names(root: Path) -> dict[str, str]:
    """Return each DATELINE_ name the code under ``root`` reads from the environment, with the
    first file that reads it."""
    found: dict[str, str] = {}
    for source in sorted(root.rglob("*.py")):
        for name in ENV_READ.findall(source.read_text(encoding="utf-8")):
            found.setdefault(name, str(source.relative_to(root.parent)))
    return found


def test_every_setting_is_documented():
    _import_everything()
    text = DOCS.read_text(encoding="utf-8")
    missing = [name for name in [*REGISTRY, *ENVIRONMENT] if f"`{name}`" not in text]
    assert not missing, f"document these in docs/settings.md: {missing}"


def test_every_environment_variable_is_registered_and_documented():
    text = DOCS.read_text(encoding="utf-8")
    names = environment_names(ROOT / "dateline")
    assert "DATELINE_LOGIN_FAILURE_LIMIT" in names  # the scan finds what settings.py reads
    unregistered = {n: f for n, f in names.items() if n not in REGISTRY and n not in ENVIRONMENT}
    assert not unregistered, f"register these in dateline/conf.py (ENVIRONMENT): {unregistered}"
    undocumented = {n: f for n, f in names.items() if f"`{n}`" not in text}
    assert not undocumented, f"document these in docs/settings.md: {undocumented}"


def test_the_scan_catches_a_new_undocumented_variable(tmp_path):
    package = tmp_path / "dateline"
    package.mkdir()
    (package / "settings.py").write_text(
        'import os\nLIMIT = os.environ.get(\n    "DATELINE_NEW_LIMIT", "3"\n)\n'
        'FLAG = _env_flag("DATELINE_OTHER_FLAG")\n',
        encoding="utf-8",
    )
    found = environment_names(package)
    new = ("DATELINE_NEW_LIMIT", "DATELINE_OTHER_FLAG")
    assert found == dict.fromkeys(new, "dateline/settings.py")
    assert not set(found) & {*REGISTRY, *ENVIRONMENT}
