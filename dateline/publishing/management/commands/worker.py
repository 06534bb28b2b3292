"""``dateline worker``: scheduled publishing and background tasks in one long-running process.

It lives in ``publishing`` because it drives every floor below: the desk's schedule and
embargoes, the fronts' scheduled layouts, the event records and the task queue."""

from __future__ import annotations

import logging
import signal
import time

from django.core.management.base import BaseCommand
from django.db import DatabaseError, close_old_connections
from django_tasks.base import TaskResultStatus
from django_tasks_db.management.commands.db_worker import Worker as TaskWorker
from django_tasks_db.models import DBTaskResult

from dateline.desk import embargo
from dateline.desk.announcements import finish_interrupted
from dateline.desk.scheduler import overdue, publish_due
from dateline.fronts.layouts import run_due as fronts_due
from dateline.publishing.baker import release_dead_claims
from dateline.site.processes import new_worker_id, owner_is_gone

logger = logging.getLogger("dateline.desk.worker")


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
        # A stopped process may hold claims on the pages an interrupted event bakes.
        for article_id in finish_interrupted(before_replay=release_dead_claims):
            logger.info("sent again the interrupted event of article %s", article_id)
        for article in publish_due():
            logger.info("published scheduled article %s", article.pk)
        for article_id in embargo.lift_passed():
            logger.info("lifted the passed embargo of article %s", article_id)
        for change in fronts_due():
            logger.info("front change %s (%s) sent", change.pk, change.kind)
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
                release_dead_claims()

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
