"""IPTC ninjs 1.x, 2.x and 3.x: one JSON item per file (or a JSON list of items).

Each item is validated against the IPTC schema of its version before anything is read from it:
the version it declares (``standard.version``, ``$standard.version``), else ``--ninjs-version``,
else the newest of the generation its property names belong to (camelCase: 3.x; ``headlines``
and ``bodies``: 2.x; otherwise 1.x), accepted too if the newest of another generation passes.
A refused item names the schema's reason and its place.
Renditions are links to files elsewhere and are never fetched.
"""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Iterator
from pathlib import Path

from dateline.importers.readers.base import FileByFileReader, read_text
from dateline.importers.records import Author, Failed, Item, Record, author, legacy_key
from dateline.importers.text import aware, body_html, plain, plain_body_html, summary_of, term

SCHEMA_DIR = Path(__file__).resolve().parent.parent / "schemas" / "ninjs"
VERSIONS = ("1.0", "1.1", "1.2", "1.3", "1.4", "1.5", "1.6", "2.0", "2.1", "2.2", "3.0", "3.1")
NEWEST = {"1": "1.6", "2": "2.2", "3": "3.1"}
GEOJSON_URI = "https://geojson.org/schema/GeoJSON.json"
TYPES = {"video": 22, "picture": 23, "graphic": 28, "audio": 29}
STATUSES = {"usable": "published", "withheld": "unpublished", "canceled": "killed"}
V2_KEYS = {"headlines", "bodies", "by", "subjects", "descriptions", "genres", "people", "places"}


@functools.cache
def validator(version: str):
    """Return a validator for ninjs ``version``, resolving GeoJSON offline."""
    # Imported here: jsonschema's format checkers take seconds to load, and only ninjs needs it.
    from jsonschema import validators
    from referencing import Registry, Resource

    schema = json.loads((SCHEMA_DIR / f"ninjs-schema_{version}.json").read_text())
    geojson = json.loads((SCHEMA_DIR / "GeoJSON-schema.json").read_text())
    registry = Registry().with_resource(GEOJSON_URI, Resource.from_contents(geojson))
    cls = validators.validator_for(schema)
    return cls(schema, registry=registry)


def _declared(item: dict) -> str | None:
    standard = item.get("standard") or item.get("$standard")
    declared = standard.get("version") if isinstance(standard, dict) else None
    return declared if isinstance(declared, str) and declared in VERSIONS else None


def pick_version(item: dict, requested: str | None) -> str:
    """Return the schema version to validate ``item`` against."""
    declared = _declared(item)
    if declared:
        return declared
    if requested:
        return requested
    if any(k != k.lower() for k in item if k[:1] != "$"):
        return NEWEST["3"]
    if V2_KEYS & set(item):
        return NEWEST["2"]
    return NEWEST["1"]


def schema_problem(item: object, version: str) -> str | None:
    """Return the schema's reason for refusing ``item``, or None if it is valid."""
    from jsonschema.exceptions import best_match

    error = best_match(validator(version).iter_errors(item))
    if error is None:
        return None
    where = "/" + "/".join(str(p) for p in error.absolute_path)
    return f"fails the ninjs {version} schema at {where}: {error.message[:500]}"


class NinjsReader(FileByFileReader):
    format = "ninjs"
    suffixes = (".json",)

    def prepare(self) -> None:
        for version in {*NEWEST.values(), self.options.get("ninjs_version") or NEWEST["3"]}:
            validator(version)

    def file_items(self, path: Path) -> Iterator[Item]:
        text, failed = read_text(path)
        if failed:
            yield failed
            return
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            problem = f"broken JSON: {exc.msg} (column {exc.colno})"
            yield Failed(f"{path}, line {exc.lineno}", path.name, problem)
            return
        if isinstance(data, list):
            for index, item in enumerate(data, 1):
                yield self._item(item, f"{path}, item {index}")
        else:
            yield self._item(data, str(path))

    def _item(self, item: object, place: str) -> Item:
        requested = self.options.get("ninjs_version")
        if not isinstance(item, dict):
            return Failed(place, "", "a ninjs item must be a JSON object")
        version = pick_version(item, requested)
        record_id = item.get("uri") if isinstance(item.get("uri"), str) else ""
        problem = schema_problem(item, version)
        if problem and version == pick_version(item, None) and not _declared(item):
            # Only a guess: the item may be of another generation whose names it shares.
            others = [v for v in NEWEST.values() if v != version]
            if any(schema_problem(item, other) is None for other in others):
                problem = None
        if problem:
            return Failed(place, record_id, problem)
        return _record({k.lower(): v for k, v in item.items()}, record_id, place)


def _first(items: object, *, role: str = "main") -> dict:
    if not isinstance(items, list) or not items:
        return {}
    dicts = [i for i in items if isinstance(i, dict)]
    return next((i for i in dicts if i.get("role") == role), dicts[0] if dicts else {})


def _body(item: dict) -> str:
    for key in ("body_xhtml", "body_html"):
        if isinstance(item.get(key), str):
            return body_html(item[key])
    bodies = [b for b in item.get("bodies") or [] if isinstance(b, dict)]
    rich = [b for b in bodies if "html" in str(b.get("contenttype", b.get("contentType", "")))]
    chosen = (rich or bodies or [{}])[0]
    if rich:
        return body_html(str(chosen.get("value", "")))
    text = chosen.get("value") or item.get("body_text") or item.get("body_main") or ""
    return plain_body_html(str(text))


def _topics(item: dict) -> list:
    subjects = item.get("subjects") or item.get("subject") or []
    found = []
    for subject in subjects if isinstance(subjects, list) else []:
        if isinstance(subject, dict):
            name = subject.get("name") or subject.get("code") or subject.get("uri") or ""
            topic = term(str(name))
            if topic and topic not in found:
                found.append(topic)
    return found


# What a person's ``rel`` says of their part in the item, when it is a creator's one (a
# person ``about`` whom the item is is no author). The last segment of a URI or qcode counts.
CREATOR_RELS = {
    "author": "reporter",
    "creator": "reporter",
    "reporter": "reporter",
    "writer": "reporter",
    "by": "reporter",
    "byline": "reporter",
    "correspondent": "reporter",
    "photographer": "photographer",
    "camera": "video",
    "videographer": "video",
    "editor": "editor",
    "contributor": "additional",
}
# "By A, B and C": the names of a natural-language byline.
_BY_PREFIX = re.compile(r"^\s*(by|par|von|بقلم)[:\s]+", re.IGNORECASE)
_BY_SEPARATORS = re.compile(r"\s*(?:,|;|&|\band\b|\bwith\b|\s+و\s+)\s*")


def _rel_role(rel: object) -> str | None:
    last = re.split(r"[/:#]", str(rel).strip().lower())[-1] if rel else ""
    return CREATOR_RELS.get(last)


def _by_names(text: str) -> list[str]:
    """Return the names of a byline ("By A and B" gives A and B); none for a byline that does
    not read as names of people: digits, a long phrase, or a single word ("Staff", "AFP")."""
    text = _BY_PREFIX.sub("", plain(text))
    names = [n for n in _BY_SEPARATORS.split(text) if n and n.strip()]
    if not names or any(
        len(n) > 60 or not 2 <= len(n.split()) <= 5 or re.search(r"\d", n) for n in names
    ):
        return []
    return names


def _authors(item: dict) -> list[Author]:
    """Return the item's creators: its ``people`` with a creator's ``rel``, else the names of
    its ``by`` (or 1.x ``byline``)."""
    found: list[Author] = []
    people = item.get("people")
    for person in people if isinstance(people, list) else []:
        if not isinstance(person, dict):
            continue
        role = _rel_role(person.get("rel"))
        login = person.get("uri") or person.get("literal") or ""
        credited = author(str(login), str(person.get("name") or ""), role=role or "reporter")
        if role and credited and credited not in found:
            found.append(credited)
    if found:
        return found
    by = item.get("by") or item.get("byline")
    names = _by_names(by) if isinstance(by, str) else []
    return [a for a in (author("", name) for name in names) if a is not None]


def _record(item: dict, uri: str, place: str) -> Record:
    headline = (
        item.get("headline")
        or _first(item.get("headlines")).get("value")
        or item.get("headline_main")
        or item.get("title")
        or item.get("slugline")
        or uri
    )
    body = _body(item)
    description = (
        item.get("description_text")
        or _first(item.get("descriptions"), role="summary").get("value")
        or ""
    )
    created = aware(str(item.get("firstcreated") or item.get("contentcreated") or ""))
    versioned = aware(str(item.get("versioncreated") or ""))
    embargo = item.get("embargoeduntil") or item.get("embargoed")
    language = str(item.get("language") or "en").split("-")[0].lower()[:8]
    return Record(
        key=legacy_key("ninjs", uri),
        record_id=uri,
        place=place,
        headline=plain(str(headline))[:500],
        summary=plain(str(description)) or summary_of(body),
        body=body,
        language=language or "en",
        published_at=created or versioned,
        modified_at=versioned,
        status=STATUSES.get(str(item.get("pubstatus", "usable")), "published"),
        article_type_id=TYPES.get(str(item.get("type", "text")), 21),
        byline=plain(str(item.get("byline") or item.get("by") or ""))[:300],
        authors=_authors(item),
        topics=_topics(item),
        embargo_until=aware(embargo) if isinstance(embargo, str) else None,
    )
