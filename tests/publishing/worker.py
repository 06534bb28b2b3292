"""Run ``dateline worker``'s work in the test's own process and transaction."""

from __future__ import annotations

from django.test import TestCase
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult

from dateline.desk import embargo, scheduler


def drain_worker(rounds: int = 200) -> None:
    """Release due items, lift passed embargoes, then run queued tasks until none is left;
    fail if one of them failed."""
    worker = Worker(
        queue_names=["*"],
        interval=0,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id="test-worker",
        excluded_queue_names=[],
    )
    with TestCase.captureOnCommitCallbacks(execute=True):
        scheduler.publish_due()
        embargo.lift_passed()
    for _round in range(rounds):
        result = DBTaskResult.objects.ready().first()
        if result is None:
            break
        result.claim(worker.worker_id)
        with TestCase.captureOnCommitCallbacks(execute=True):
            worker.run_task(result)
    failed = DBTaskResult.objects.exclude(exception_class_path="").values_list(
        "task_path", "traceback"
    )
    assert not failed, f"background tasks failed: {list(failed)}"
