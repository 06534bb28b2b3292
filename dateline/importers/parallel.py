"""Read in a child process while this one stores, so parsing and storing use two cores.

The child only parses (it never touches the database); items come back in source order, a
chunk at a time, through a bounded queue, so memory stays flat however far the reader is
ahead. If the child dies, the import stops with an error instead of waiting forever.
"""

from __future__ import annotations

import multiprocessing
import os
import queue as queues
from collections.abc import Iterator

from dateline.importers.readers.base import Reader
from dateline.importers.records import Item, Record

CHUNK = 200
QUEUED_CHUNKS = 4


def _produce(reader: Reader, channel, parent: int) -> None:
    def send(message: tuple) -> None:
        # A parent killed with SIGKILL never reads again: the queue stays full and this child
        # would wait forever, an orphan. Check every second that the parent is still there.
        while True:
            try:
                channel.put(message, timeout=1)
                return
            except queues.Full:
                if os.getppid() != parent:
                    os._exit(1)  # no cleanup: the queue's feeder thread would block the exit

    try:
        chunk: list[Item] = []
        for item in reader:
            if isinstance(item, Record):
                item.digest()  # hashed here, in parallel, instead of in the storing process
            chunk.append(item)
            if len(chunk) >= CHUNK:
                send(("items", chunk, reader.done))
                chunk = []
        send(("items", chunk, reader.done))
        send(("end", None, reader.done))
    except Exception as exc:  # noqa: BLE001 - handed to the parent process, which raises it
        send(("error", f"{type(exc).__name__}: {exc}", reader.done))


class ReaderProcessError(RuntimeError):
    """The reading process failed or died."""


class ParallelReader:
    """Wrap ``reader`` so that its items are produced by a child process."""

    def __init__(self, reader: Reader) -> None:
        self.reader = reader
        self.format = reader.format
        self.source = reader.source
        self.total = reader.total
        self.done = 0

    def fingerprint(self) -> str:
        return self.reader.fingerprint()

    def __iter__(self) -> Iterator[Item]:
        # Loaded here, the child inherits it: a child that loads it dies with it.
        self.reader.prepare()
        context = multiprocessing.get_context("fork")
        channel = context.Queue(maxsize=QUEUED_CHUNKS)
        process = context.Process(
            target=_produce, args=(self.reader, channel, os.getpid()), daemon=True
        )
        process.start()
        try:
            while True:
                kind, payload, self.done = self._next(channel, process)
                if kind == "end":
                    return
                if kind == "error":
                    raise ReaderProcessError(f"reading {self.source} failed: {payload}")
                yield from payload
        finally:
            if process.is_alive():
                process.terminate()
            process.join()

    def _next(self, channel, process) -> tuple:
        while True:
            try:
                return channel.get(timeout=1)
            except queues.Empty:
                if not process.is_alive():
                    code = process.exitcode
                    raise ReaderProcessError(f"the reading process died (exit {code})") from None
