"""The summary of an import: counts, and each refused, skipped or warned record with its place."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from pathlib import Path

OUTCOMES = ("created", "updated", "unchanged", "skipped", "failed")
# What an imported item may carry besides its outcome: ``hidden`` (stored but not public, for
# an editor to review), ``flagged`` (stored with something made up, such as a headline, or
# with something for an editor to do, such as pin a sticky post) and
# ``degraded`` (stored with something lost, such as an unknown shortcode's markup).
NOTE_KINDS = ("hidden", "flagged", "degraded")
# Lists beyond this many entries keep only their count: a broken 2 GB file must not fill memory.
MAX_LISTED = 10_000


@dataclass(frozen=True)
class Problem:
    place: str
    record_id: str
    reason: str

    def __str__(self) -> str:
        record = f" [{self.record_id}]" if self.record_id else ""
        return f"{self.place}{record}: {self.reason}"


@dataclass
class ImportReport:
    source: str
    format: str
    dry_run: bool = False
    resumed_after: int = 0
    counts: dict[str, int] = field(default_factory=lambda: dict.fromkeys(OUTCOMES, 0))
    failures: list[Problem] = field(default_factory=list)
    skips: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    warning_count: int = 0
    hidden: list[Problem] = field(default_factory=list)
    flagged: list[Problem] = field(default_factory=list)
    degraded: list[Problem] = field(default_factory=list)
    noted: dict[str, int] = field(default_factory=lambda: dict.fromkeys(NOTE_KINDS, 0))
    seconds: float = 0.0

    def add(self, outcome: str, problem: Problem | None = None) -> None:
        """Count one record's outcome, listing its problem if it has one."""
        self.counts[outcome] += 1
        listed = {"failed": self.failures, "skipped": self.skips}.get(outcome)
        if problem is not None and listed is not None and len(listed) < MAX_LISTED:
            listed.append(problem)

    def warn(self, problem: Problem) -> None:
        """Note a problem that did not stop its record (a missing media file)."""
        self.warning_count += 1
        if len(self.warnings) < MAX_LISTED:
            self.warnings.append(problem)

    def note(self, kind: str, problem: Problem) -> None:
        """List a stored item that is hidden, flagged or degraded (``NOTE_KINDS``)."""
        self.noted[kind] += 1
        listed = getattr(self, kind)
        if len(listed) < MAX_LISTED:
            listed.append(problem)

    @property
    def records(self) -> int:
        return sum(self.counts.values())

    @property
    def rate(self) -> float:
        stored = self.counts["created"] + self.counts["updated"] + self.counts["unchanged"]
        return stored / self.seconds if self.seconds else 0.0

    def as_dict(self) -> dict:
        data = asdict(self)
        data["records"] = self.records
        data["articles_per_second"] = round(self.rate, 1)
        return data

    def write_json(self, path: Path) -> None:
        path.write_text(json.dumps(self.as_dict(), indent=2, ensure_ascii=False) + "\n")
