"""Where errors go: Django's ``LOGGING`` for Dateline, built from the environment by settings.

Django's own configuration prints request errors only with DEBUG on and mails them otherwise,
so a production 500 left no trace at all. Here every unhandled request error, failed task,
failed CDN purge and failed webhook delivery goes to stderr (gunicorn's and the worker's log)
with its traceback, and also to a file when ``DATELINE_LOG_FILE`` names one.

This module is imported by ``dateline/settings.py``: it imports nothing of Django's.
"""

from __future__ import annotations

import logging.handlers
from pathlib import Path

FORMAT = "%(asctime)s %(levelname)s %(name)s [pid %(process)d]: %(message)s"

# Loggers of other packages whose errors must be seen; each at the level that keeps the noise
# out (django.request logs every 404 as a warning; django_tasks logs every task at INFO).
THIRD_PARTY_LEVELS = {
    "django": "ERROR",
    "django_tasks": "WARNING",
    "django_tasks_db": "WARNING",
    "axes": "WARNING",
}


class LogFileHandler(logging.handlers.WatchedFileHandler):
    """A log file that may be rotated away (logrotate) and whose folder is made when needed."""

    def _open(self):
        Path(self.baseFilename).parent.mkdir(parents=True, exist_ok=True)
        return super()._open()


def log_file_path(value: str, data_dir: Path) -> Path | None:
    """Return the log file ``value`` names (relative: under ``data_dir``), or None if empty."""
    value = value.strip()
    if not value:
        return None
    path = Path(value).expanduser()
    return path if path.is_absolute() else data_dir / path


def logging_config(level: str, log_file: str, data_dir: Path) -> dict:
    """Return the ``LOGGING`` dict: Dateline at ``level``, errors of Django and the task queue,
    all to stderr and, when ``log_file`` is set, to that file (relative to ``data_dir``)."""
    handlers: dict[str, dict] = {
        "stderr": {
            "class": "logging.StreamHandler",
            "stream": "ext://sys.stderr",
            "formatter": "plain",
        }
    }
    path = log_file_path(log_file, data_dir)
    if path is not None:
        handlers["file"] = {
            "class": "dateline.logconfig.LogFileHandler",
            "filename": str(path),
            "formatter": "plain",
            "encoding": "utf-8",
            "delay": True,
        }
    names = list(handlers)
    loggers = {"dateline": {"handlers": names, "level": level.upper() or "INFO"}}
    for name, threshold in THIRD_PARTY_LEVELS.items():
        loggers[name] = {"handlers": names, "level": threshold}
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": {"plain": {"format": FORMAT}},
        "handlers": handlers,
        "loggers": loggers,
    }
