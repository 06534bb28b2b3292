"""``dateline worker``: scheduled publishing and background tasks in one long-running process.

Each round runs the jobs the apps registered (``dateline.site.rounds``, in its declared order:
freed claims, interrupted events, scheduled items, passed embargoes, front layouts), then the
task queue. The worker imports none of the apps whose work it runs."""

from __future__ import annotations

import logging
import signal
import time

from django.core.management.base import BaseCommand
from django.db import DatabaseError, close_old_connections
from django_tasks.base import TaskResultStatus
from django_tasks_db.management.commands.db_worker import Worker as TaskWorker
from django_tasks_db.models import DBTaskResult

from dateline.desk.scheduler import overdue
from dateline.site import rounds
from dateline.site.processes import new_worker_id, owner_is_gone

logger = logging.getLogger("dateline.worker")


class Command(BaseCommand):
    help = (
        "Publish scheduled items when due and run queued background tasks. Run one or more "
        "permanently; several workers may share one database."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--interval", type=float, default=1.0, help="Seconds between checks (default 1)."
        )
        parser.add_argument(
            "--once", action="store_true", help="Do one round of work, then exit (for cron)."
        )
        parser.add_argument(
            "--queue-name", default="*", help="Task queues to run, comma-separated (default *)."
        )

    def handle(self, *, interval: float, once: bool, queue_name: str, **options) -> None:
        if interval <= 0:
            interval = 1.0
        self.running = True
        if not once:
            signal.signal(signal.SIGTERM, self._stop)
            signal.signal(signal.SIGINT, self._stop)
        # host:pid:random, so that another worker can tell when this one is gone.
        worker_id = new_worker_id()
        self._report_overdue()
        logger.info("worker %s started", worker_id)
        while self.running:
            close_old_connections()
            try:
                self._round(worker_id, queue_name)
            except DatabaseError:
                # A database that restarts or fails over must not end the worker: retry.
                logger.exception("worker %s: database error; retrying", worker_id)
            if once:
                break
            time.sleep(interval)
        logger.info("worker %s stopped", worker_id)

    def _round(self, worker_id: str, queue_name: str) -> None:
        for name in rounds.jobs():
            for done in rounds.run(name):
                logger.info("worker %s: %s: %s", worker_id, name, done)
        self._requeue_orphaned_tasks()
        self._run_tasks(worker_id, queue_name)

    def _stop(self, signum, frame) -> None:
        self.running = False

    def _report_overdue(self) -> None:
        missed = overdue().count()
        if missed:
            logger.warning("%d scheduled item(s) missed their time; publishing them now", missed)

    def _requeue_orphaned_tasks(self) -> None:
        # A task whose worker was killed stays RUNNING for ever in django-tasks' database
        # backend: queue it again. Rebuilds and refreshes are idempotent; a webhook may go
        # out twice, under one delivery id that the partner can recognise.
        for result in DBTaskResult.objects.filter(status=TaskResultStatus.RUNNING):
            if not (result.worker_ids and owner_is_gone(result.worker_ids[-1])):
                continue
            requeued = DBTaskResult.objects.filter(
                pk=result.pk, status=TaskResultStatus.RUNNING
            ).update(status=TaskResultStatus.READY, started_at=None)
            if requeued:
                logger.warning(
                    "task %s (%s) was cut off by a stopped worker; queued again",
                    result.pk,
                    result.task_path,
                )
                # The stopped worker may hold claims on the pages the task bakes.
                rounds.run("claims")

    def _run_tasks(self, worker_id: str, queue_name: str) -> None:
        # Batch mode drains what is ready and returns, so scheduling is checked between tasks.
        TaskWorker(
            queue_names=queue_name.split(","),
            interval=0,
            batch=True,
            backend_name="default",
            startup_delay=False,
            max_tasks=None,
            worker_id=worker_id,
            excluded_queue_names=[],
        ).run()
