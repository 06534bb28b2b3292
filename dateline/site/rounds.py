"""What ``dateline worker`` does every round, in a declared order, registered by the apps
that own each job (from their ``AppConfig.ready()``), so the worker imports none of them.

A job returns what it did (article ids, changes), which the worker logs.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from django.core.exceptions import ImproperlyConfigured

# The order of a round: finish the events of stopped processes, then what has fallen due
# (scheduled items, passed embargoes of items and of live entries, scheduled front layouts).
ORDER = ("interrupted", "scheduled", "embargoes", "entry-embargoes", "fronts")
# Jobs run only when another job asks: "claims" frees what stopped processes held, before
# their work is done again (a query the worker need not make every second).
ON_DEMAND = ("claims",)

Job = Callable[[], Iterable[object]]
_jobs: dict[str, Job] = {}


def every_round(name: str, job: Job) -> None:
    """Make ``job`` the worker's job called ``name`` (one of ``ORDER`` or ``ON_DEMAND``)."""
    if name not in ORDER + ON_DEMAND:
        raise ImproperlyConfigured(
            f"{name!r} is not a job of dateline.site.rounds {ORDER + ON_DEMAND}"
        )
    _jobs[name] = job


def run(name: str) -> list[object]:
    """Run job ``name`` if an app registered it; return what it did."""
    job = _jobs.get(name)
    return list(job() or ()) if job is not None else []


def jobs() -> list[str]:
    """Return the names of the registered jobs of every round, in their order."""
    return [name for name in ORDER if name in _jobs]
