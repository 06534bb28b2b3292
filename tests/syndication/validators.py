"""The independent validators of tests/specs (copied from ../shared/specs), wrapped for the tests.

Each returns a list of problems (empty when the document is valid), so a test can assert both
that our outputs pass and that a broken sample fails. JSON-LD is checked against the schema.org
vocabulary and Google's rules in ``structured_data.py``.
"""

from __future__ import annotations

import functools
import json
import os
from pathlib import Path

import feedparser
import jsonschema
from referencing import Registry, Resource

SPECS = Path(os.environ.get("DATELINE_SPECS_DIR", Path(__file__).resolve().parents[1] / "specs"))
# libxml2 reads the catalog when it first resolves a schema URL, so this must precede any use.
os.environ.setdefault("XML_CATALOG_FILES", str(SPECS / "sitemaps" / "catalog.xml"))

from lxml import etree  # noqa: E402


@functools.cache
def _xml_schema(name: str) -> etree.XMLSchema:
    parser = etree.XMLParser(no_network=True)
    return etree.XMLSchema(etree.parse(str(SPECS / "sitemaps" / name), parser))


def _xml_errors(validator, document: bytes) -> list[str]:
    try:
        tree = etree.fromstring(document, etree.XMLParser(no_network=True))
    except etree.XMLSyntaxError as exc:
        return [f"not well-formed: {exc}"]
    if validator.validate(tree):
        return []
    return [str(e) for e in validator.error_log]


def sitemap_errors(document: bytes) -> list[str]:
    """Validate a ``urlset`` (with news, image, video extensions) or a ``sitemapindex``."""
    is_index = b"<sitemapindex" in document[:400]
    return _xml_errors(_xml_schema("siteindex.xsd" if is_index else "sitemap-all.xsd"), document)


@functools.cache
def _atom_schema() -> etree.RelaxNG:
    return etree.RelaxNG(etree.parse(str(SPECS / "feeds" / "atom" / "atom.rng")))


def atom_errors(document: bytes) -> list[str]:
    """Validate an Atom feed against RFC 4287's RELAX NG schema."""
    return _xml_errors(_atom_schema(), document)


def feedparser_errors(document: bytes) -> list[str]:
    """Parse with feedparser; a ``bozo`` flag is a problem."""
    parsed = feedparser.parse(document)
    return [repr(parsed.get("bozo_exception"))] if parsed.bozo else []


def _json(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def _schema_errors(schema: dict, document: object, registry: Registry | None = None) -> list[str]:
    cls = jsonschema.validators.validator_for(schema)
    kwargs = {"registry": registry} if registry is not None else {}
    validator = cls(schema, format_checker=cls.FORMAT_CHECKER, **kwargs)
    return [
        f"{'/'.join(map(str, e.absolute_path))}: {e.message}"
        for e in validator.iter_errors(document)
    ]


def jsonfeed_errors(document: dict) -> list[str]:
    """Validate a JSON Feed against both the official validator's and sonicdoe's schema."""
    folder = SPECS / "feeds" / "jsonfeed"
    errors = _schema_errors(_json(folder / "jsonfeed-validator-schema.json"), document)
    errors += _schema_errors(_json(folder / "sonicdoe-schema-v1.1.json"), document)
    if document.get("version") != "https://jsonfeed.org/version/1.1":
        errors.append(f"version is {document.get('version')!r}")
    return errors


@functools.cache
def _ninjs(version: str) -> tuple[dict, Registry]:
    folder = SPECS / "ninjs" / "schemas"
    schema = _json(folder / f"ninjs-schema_{version}.json")
    geojson = Resource.from_contents(_json(folder / "GeoJSON-schema.json"))
    registry = Registry().with_resource("https://geojson.org/schema/GeoJSON.json", geojson)
    return schema, registry


def ninjs_errors(document: object, version: str = "2.2") -> list[str]:
    """Validate one ninjs item against IPTC's schema of ``version``, with format checks on."""
    schema, registry = _ninjs(version)
    return _schema_errors(schema, document, registry)


@functools.cache
def _w3c_feedvalidator():
    """Import the W3C Feed Validation Service's own code from the specs folder."""
    import sys

    source = str(SPECS / "feeds" / "w3c-feedvalidator" / "src")
    if source not in sys.path:
        sys.path.insert(0, source)
    import feedvalidator  # needs html5lib, a test dependency
    from feedvalidator import compatibility
    from feedvalidator.formatter.text_plain import Formatter

    return feedvalidator, compatibility, Formatter


def w3c_feed_errors(document: bytes, base: str = "") -> list[str]:
    """Validate an RSS or Atom feed as validator.w3.org/feed does, at the level its pages show
    ("AA": errors and warnings); each problem is the validator's own line of text."""
    feedvalidator, compatibility, formatter = _w3c_feedvalidator()
    try:
        events = feedvalidator.validateString(document, firstOccurrenceOnly=1, base=base)
    except feedvalidator.logging.ValidationFailure as failure:
        return [f"validation failed: {failure.event}"]
    return list(formatter(compatibility.AA(events["loggedEvents"])))
