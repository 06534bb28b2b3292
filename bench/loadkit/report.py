"""The figures of a load run, printed as Markdown ready for docs/benchmarks.md."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from bench.loadkit.faults import Fault
from bench.loadkit.newsroom import Newsroom, Sighting
from bench.loadkit.readers import WEIGHTS, Outcome

STALE_AFTER = 2.0
HANG_AFTER = 5.0


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))] if ordered else 0.0


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:.0f}" if seconds >= 0.01 else f"{seconds * 1000:.1f}"


def _errors(outcomes: Iterable[Outcome]) -> str:
    counts = Counter(o.status for o in outcomes if not o.ok)
    return ", ".join(f"{status} ×{n}" for status, n in counts.most_common()) or "none"


def reads_table(outcomes: list[Outcome], seconds: float) -> list[str]:
    """One row per kind of read (and all together): rate, errors, latency, ratio to baseline."""
    by_kind = {k: [o for o in outcomes if o.kind == k] for k in WEIGHTS}
    base = percentile([o.seconds for o in by_kind["baseline"]], 0.5) or 1e-9
    lines = [
        "| kind | requests | req/s | errors | p50 ms | p99 ms | max ms | p50 / baseline |",
        "|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for kind, rows in [*by_kind.items(), ("all", outcomes)]:
        if not rows:
            continue
        times = [o.seconds for o in rows]
        p50 = percentile(times, 0.5)
        lines.append(
            f"| {kind} | {len(rows)} | {len(rows) / seconds:.1f} | "
            f"{sum(not o.ok for o in rows)} | {_ms(p50)} | {_ms(percentile(times, 0.99))} | "
            f"{_ms(max(times))} | ×{p50 / base:.1f} |"
        )
    return lines


def staleness_table(sightings: list[Sighting]) -> list[str]:
    """One row per output watched after a commit: how long until it showed the change."""
    lines = [
        "| output | commits watched | p50 s | p99 s | max s | older than 2 s | never seen (30 s) "
        "| slowest showing response s | slowest first poll s |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for output in ("article", "front", "feed", "edited article"):
        rows = [s for s in sightings if s.output == output]
        seen = [s.staleness for s in rows if s.staleness is not None]
        if not rows:
            continue
        lines.append(
            f"| {output} | {len(rows)} | {percentile(seen, 0.5):.2f} | "
            f"{percentile(seen, 0.99):.2f} | {max(seen, default=0):.2f} | "
            f"{sum(s > STALE_AFTER for s in seen)} | {len(rows) - len(seen)} | "
            f"{max(s.answer_seconds for s in rows):.2f} | {max(s.first_poll for s in rows):.2f} |"
        )
    return lines


def newsroom_lines(newsroom: Newsroom, problems: dict[str, list[str]]) -> list[str]:
    """The editor's side: steps done and failed, their time, and what ``verify`` found."""
    lines = []
    for kind in ("publish", "edit"):
        steps = [s for s in newsroom.steps if s.kind == kind]
        done = [s.seconds for s in steps if not s.error]
        failed = [s for s in steps if s.error]
        lines.append(
            f"- {kind}: {len(done)} done, {len(failed)} failed attempts (retried); "
            f"step time p50 {_ms(percentile(done, 0.5))} ms, p99 {_ms(percentile(done, 0.99))} ms"
        )
        for step in failed[:3]:
            lines.append(f"  - {kind} {step.number}: {step.error}")
    for kind, found in problems.items():
        lines.append(f"- {kind}: {len(found)}" + (f" ({'; '.join(found[:5])})" if found else ""))
    return lines


def fault_lines(fault: Fault, outcomes: list[Outcome], newsroom: Newsroom) -> list[str]:
    """Errors and latency before, during and after the fault window; when reads recovered."""
    if fault.begin is None or fault.end is None:
        return []
    begin, end = fault.begin, fault.end
    # A read in flight when the fault began counts as during it.
    phases = {
        "before": [o for o in outcomes if o.started + o.seconds < begin],
        "during": [o for o in outcomes if o.started <= end and o.started + o.seconds >= begin],
        "after": [o for o in outcomes if o.started > end],
    }
    lines = [f"- fault {fault.name}: window {end - begin:.1f} s (injected until back)"]
    for phase, rows in phases.items():
        times = [o.seconds for o in rows]
        lines.append(
            f"- reads {phase}: {len(rows)} requests, {sum(not o.ok for o in rows)} errors "
            f"({_errors(rows)}), latency p50 {_ms(percentile(times, 0.5))} ms, "
            f"max {max(times, default=0):.2f} s"
        )
    failures = [o for o in outcomes if not o.ok and o.started + o.seconds >= begin]
    if failures:
        last = max(o.started + o.seconds for o in failures)
        lines.append(
            f"- last failed read ended {last - begin:.1f} s after the fault began, "
            f"{last - end:+.1f} s from the service being back"
        )
    hung = [o for o in outcomes if o.seconds > HANG_AFTER]
    lines.append(f"- reads slower than {HANG_AFTER:.0f} s: {len(hung)}")
    failed_steps = [s for s in newsroom.steps if s.error and s.started >= begin]
    resumed = [s for s in newsroom.steps if not s.error and s.started > end and s.kind == "publish"]
    lines.append(
        f"- newsroom steps failed from the fault on: {len(failed_steps)}; first publish after "
        + (f"the window: {resumed[0].started - end:+.1f} s" if resumed else "the window: none")
    )
    return lines


def render(
    header: list[str],
    outcomes: list[Outcome],
    seconds: float,
    newsroom: Newsroom,
    sightings: list[Sighting],
    problems: dict[str, list[str]],
    fault: Fault,
) -> str:
    """Return the whole report."""
    failed = [o for o in outcomes if not o.ok]
    return "\n".join(
        [
            *header,
            "",
            *reads_table(outcomes, seconds),
            "",
            f"Read errors: {len(failed)} ({_errors(failed)})",
            "",
            *staleness_table(sightings),
            "",
            *newsroom_lines(newsroom, problems),
            *fault_lines(fault, outcomes, newsroom),
        ]
    )
