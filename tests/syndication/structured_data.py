"""Structured data checked as a search engine reads it: the schema.org vocabulary (types,
properties, domains, value types) and Google's documented required and recommended properties.

The vocabulary is schema.org release 30.0 (tests/specs/structured-data, see SOURCE.md there).
Google's rules are written down below as data, each with the page it comes from.
"""

from __future__ import annotations

import functools
import json
import re
from dataclasses import dataclass, field
from datetime import date, datetime

from tests.syndication.validators import SPECS

VOCABULARY = SPECS / "structured-data" / "schemaorg-30.0" / "schemaorg-current-https.jsonld"

# schema.org's data types, and the check a JSON string or number must pass for each.
_ISO_DURATION = re.compile(
    r"^P(?!$)(\d+Y)?(\d+M)?(\d+W)?(\d+D)?(T(?=\d)(\d+H)?(\d+M)?(\d+(\.\d+)?S)?)?$"
)
_URL = re.compile(r"^https?://[^\s]+$")


def _is_date(text: str) -> bool:
    try:
        date.fromisoformat(text)
    except ValueError:
        return False
    return True


def _is_datetime(text: str) -> bool:
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        return False
    # Google asks for a time zone on every date-time; a naive one is ambiguous.
    return "T" in text and moment.tzinfo is not None


_STRING_TYPES = {
    "Text": lambda s: True,
    "URL": lambda s: bool(_URL.match(s)),
    "Date": _is_date,
    "DateTime": _is_datetime,
    "Time": lambda s: bool(re.match(r"^\d\d:\d\d(:\d\d)?", s)),
    # Duration is a class, written in JSON-LD as ISO 8601 text (schema.org/Duration).
    "Duration": lambda s: bool(_ISO_DURATION.match(s)),
}
_NUMBER_TYPES = {"Number", "Integer", "Float", "QuantitativeValue", "Distance"}


@functools.cache
def vocabulary() -> tuple[dict[str, frozenset[str]], dict[str, set[str]], dict[str, set[str]]]:
    """Return (type -> its ancestors and itself, property -> domain, property -> range)."""
    graph = json.loads(VOCABULARY.read_text(encoding="utf-8"))["@graph"]

    def ids(value) -> list[str]:
        values = value if isinstance(value, list) else [value]
        return [v["@id"].removeprefix("schema:") for v in values if isinstance(v, dict)]

    parents: dict[str, list[str]] = {}
    domains: dict[str, set[str]] = {}
    ranges: dict[str, set[str]] = {}
    for node in graph:
        name = node["@id"].removeprefix("schema:")
        kinds = node["@type"] if isinstance(node["@type"], list) else [node["@type"]]
        if "rdfs:Class" in kinds:
            parents[name] = ids(node.get("rdfs:subClassOf", []))
        if "rdf:Property" in kinds:
            domains[name] = set(ids(node.get("schema:domainIncludes", [])))
            ranges[name] = set(ids(node.get("schema:rangeIncludes", [])))

    @functools.cache
    def ancestors(name: str) -> frozenset[str]:
        found = {name}
        for parent in parents.get(name, []):
            found |= ancestors(parent)
        return frozenset(found)

    return {name: ancestors(name) for name in parents}, domains, ranges


def _value_errors(key: str, value: object, where: str) -> list[str]:
    """Check one property value against the property's range."""
    types, _, ranges = vocabulary()
    expected = ranges.get(key, set())
    if not expected or isinstance(value, list):
        return []
    if isinstance(value, dict):
        kind = value.get("@type")
        if kind is None:
            # A reference by @id stands for a thing of any class in the range.
            return (
                []
                if "@id" in value and expected - set(_STRING_TYPES)
                else [f"{where}: an untyped object where {sorted(expected)} is expected"]
            )
        if kind in types and not (types[kind] & expected):
            return [f"{where}: a {kind} where {sorted(expected)} is expected"]
        return []
    if isinstance(value, bool):
        return [] if "Boolean" in expected else [f"{where}: a boolean, not {sorted(expected)}"]
    if isinstance(value, int | float):
        if expected & _NUMBER_TYPES:
            return []
        return [f"{where}: the number {value!r} where {sorted(expected)} is expected"]
    if isinstance(value, str):
        # Any class may be named by its URL (schema.org's "URL" convention for things).
        checks = [_STRING_TYPES[t] for t in expected if t in _STRING_TYPES]
        if expected - set(_STRING_TYPES) - _NUMBER_TYPES - {"Boolean"} and _URL.match(value):
            return []
        if any(check(value) for check in checks):
            return []
        return [f"{where}: {value[:60]!r} is not one of {sorted(expected)}"]
    return [f"{where}: unexpected JSON value {value!r}"]


def vocabulary_errors(node: object, where: str = "$") -> list[str]:
    """Check every ``@type``, property, domain and value type of a JSON-LD tree."""
    types, domains, _ = vocabulary()
    errors: list[str] = []
    if isinstance(node, list):
        for i, child in enumerate(node):
            errors += vocabulary_errors(child, f"{where}[{i}]")
        return errors
    if not isinstance(node, dict):
        return errors
    kind = node.get("@type")
    lineage: frozenset[str] = frozenset()
    if kind is not None:
        if kind not in types:
            return [f"{where}: unknown type {kind!r}"]
        lineage = types[kind]
    for key, value in node.items():
        if key.startswith("@"):
            continue
        # schema.org Actions annotate a property's input as "<property>-input".
        name = re.sub(r"-(input|output)$", "", key)
        if name not in domains:
            errors.append(f"{where}.{key}: unknown property")
            continue
        if lineage and not (domains[name] & lineage):
            errors.append(f"{where}.{key}: not a property of {kind}")
        if name == key:
            for i, item in enumerate(value if isinstance(value, list) else [value]):
                errors += _value_errors(key, item, f"{where}.{key}[{i}]")
        errors += vocabulary_errors(value, f"{where}.{key}")
    return errors


@dataclass(frozen=True)
class Rule:
    """Google's properties for a rich result type, as documented on ``source``."""

    source: str
    required: tuple[str, ...] = ()
    recommended: tuple[str, ...] = ()
    # Recommended properties this site leaves out on purpose, and why.
    waived: dict[str, str] = field(default_factory=dict)


_ARTICLE = Rule(
    "https://developers.google.com/search/docs/appearance/structured-data/article",
    recommended=("author", "dateModified", "datePublished", "headline", "image"),
    waived={
        "author": "written only for a byline that is a person's name; desk codes never "
        "(the people app adds authors as Persons)",
        "image": "an item with no lead picture, poster or gallery has no picture of its own "
        "(the logo is not a picture of the news)",
    },
)
GOOGLE: dict[str, Rule] = {
    "Article": _ARTICLE,
    "NewsArticle": _ARTICLE,
    # A LiveBlogPosting is an Article to Google; its live coverage needs the start time
    # (Google's live blog guidelines, now folded into the Article page).
    "LiveBlogPosting": Rule(
        _ARTICLE.source,
        required=("coverageStartTime",),
        recommended=_ARTICLE.recommended,
        waived=_ARTICLE.waived,
    ),
    "VideoObject": Rule(
        "https://developers.google.com/search/docs/appearance/structured-data/video",
        required=("name", "thumbnailUrl", "uploadDate"),
        recommended=("contentUrl", "description", "duration", "embedUrl"),
    ),
    "BreadcrumbList": Rule(
        "https://developers.google.com/search/docs/appearance/structured-data/breadcrumb",
        required=("itemListElement",),
    ),
    "ListItem (breadcrumb)": Rule(
        "https://developers.google.com/search/docs/appearance/structured-data/breadcrumb",
        required=("item", "name", "position"),
    ),
    "Organization": Rule(
        "https://developers.google.com/search/docs/appearance/structured-data/organization",
        recommended=("logo", "name", "sameAs", "url"),
    ),
}
# Google's logo guidelines (same Organization page): at least 112x112 pixels, a format
# Google Images reads.
LOGO_MIN = 112
LOGO_FORMATS = {"PNG", "JPEG", "GIF", "WEBP"}
# Article images: at least 50,000 pixels (width x height), Article page.
ARTICLE_IMAGE_MIN_PIXELS = 50_000


def _rule_for(kind: str) -> Rule | None:
    types, _, _ = vocabulary()
    if kind in GOOGLE:
        return GOOGLE[kind]
    if "Organization" in types.get(kind, ()):
        return GOOGLE["Organization"]
    return None


def google_errors(node: object, where: str = "$", strict: bool = True) -> list[str]:
    """Return Google's missing required properties (and, when ``strict``, missing recommended
    ones not waived) for every node of a JSON-LD tree."""
    errors: list[str] = []
    if isinstance(node, list):
        for i, child in enumerate(node):
            errors += google_errors(child, f"{where}[{i}]", strict)
        return errors
    if not isinstance(node, dict):
        return errors
    kind = node.get("@type", "")
    rule = _rule_for(kind)
    if rule is not None:
        for key in rule.required:
            if node.get(key) in (None, "", []):
                errors.append(f"{where}: {kind} lacks required {key} ({rule.source})")
        if strict:
            for key in rule.recommended:
                if node.get(key) in (None, "", []) and key not in rule.waived:
                    errors.append(f"{where}: {kind} lacks recommended {key} ({rule.source})")
    if kind == "BreadcrumbList":
        errors += _breadcrumb_errors(node, where)
    for key, value in node.items():
        if not key.startswith("@") and kind != "BreadcrumbList":
            errors += google_errors(value, f"{where}.{key}", strict)
    return errors


def _breadcrumb_errors(node: dict, where: str) -> list[str]:
    rule = GOOGLE["ListItem (breadcrumb)"]
    items = node.get("itemListElement") or []
    # The breadcrumb page: "at least two ListItems"; every one but the last needs its item.
    errors = [] if len(items) >= 2 else [f"{where}: fewer than two breadcrumbs ({rule.source})"]
    for i, item in enumerate(items):
        for key in rule.required:
            if key == "item" and i == len(items) - 1:
                continue
            if item.get(key) in (None, ""):
                errors.append(f"{where}.itemListElement[{i}] lacks {key} ({rule.source})")
        if item.get("position") != i + 1:
            errors.append(f"{where}.itemListElement[{i}]: position {item.get('position')}")
    return errors


def nodes_of_type(node: object, kind: str) -> list[dict]:
    """Return every object of ``@type`` ``kind`` (or a subtype) anywhere in a JSON-LD tree."""
    types, _, _ = vocabulary()
    found: list[dict] = []
    if isinstance(node, list):
        for child in node:
            found += nodes_of_type(child, kind)
    elif isinstance(node, dict):
        if kind in types.get(node.get("@type", ""), ()):
            found.append(node)
        for value in node.values():
            found += nodes_of_type(value, kind)
    return found
