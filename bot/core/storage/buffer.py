"""Records written off the caller's thread, in batches, through a bounded buffer.

Adding a record only appends to the buffer, so the event loop never waits for the database. A writer thread
writes what is buffered in one transaction at a time. While the database is unreachable the records stay in
the buffer (at most ``limit``; beyond that the oldest are dropped and counted), the outage is logged once, and
writing resumes when it comes back, with a log line saying what was written and what was lost.
"""

from __future__ import annotations

import logging
import threading
import time
from collections import deque
from collections.abc import Callable

from bot.core.storage.base import RecordError, Row, Storage, StorageError

log = logging.getLogger(__name__)

BUFFER_LIMIT = 10_000
BATCH = 500


class BufferedWriter:
    """Records queued in memory (bounded) and written in batches by a thread, so a slow database never delays
    an answer; when the database is down they wait, and the overflow is counted and logged."""

    def __init__(
        self,
        storage: Storage,
        *,
        limit: int = BUFFER_LIMIT,
        batch: int = BATCH,
        retry_seconds: float = 1.0,
        max_retry_seconds: float = 30.0,
        every: tuple[float, Callable[[], object]] | None = None,
    ) -> None:
        """``every``: (seconds, function) for periodic upkeep in the writer thread (retention)."""
        self.storage = storage
        self.limit = limit
        self.batch = batch
        self.retry_seconds = retry_seconds
        self.max_retry_seconds = max_retry_seconds
        self.dropped = 0  # records lost to overflow while the database was unreachable
        self.written = 0
        self.failing: StorageError | None = None
        self._queue: deque[tuple[str, Row]] = deque()
        self._inflight = 0
        self._condition = threading.Condition()
        self._closing = False
        self._abandon = False  # set when closing gave up waiting for an unreachable database
        self._every = every
        self._last_upkeep = time.monotonic()
        self._outage_dropped = 0
        self._outage_buffered = 0
        self._thread = threading.Thread(target=self._run, name="faqbot-records", daemon=True)
        self._thread.start()

    def put(self, kind: str, row: Row) -> None:
        """Buffer a record; never blocks on the database."""
        with self._condition:
            if self._closing:
                raise RuntimeError("the records are closed")
            self._queue.append((kind, row))
            self._overflow()
            self._condition.notify_all()

    @property
    def pending(self) -> int:
        """Records not written yet."""
        with self._condition:
            return len(self._queue) + self._inflight

    def flush(self, timeout: float | None = 10.0) -> bool:
        """Wait until everything buffered so far is written; False if that did not happen in time. While the
        database is failing, return False at once rather than wait out the timeout."""
        deadline = None if timeout is None else time.monotonic() + timeout
        with self._condition:
            self._condition.notify_all()
            while self._queue or self._inflight:
                if self.failing is not None or not self._thread.is_alive():
                    return False
                remaining = None if deadline is None else deadline - time.monotonic()
                if remaining is not None and remaining <= 0:
                    return False
                self._condition.wait(remaining)
            return True

    def close(self, timeout: float = 10.0) -> None:
        """Write what is buffered (waiting up to ``timeout`` if the database is failing) and stop the thread."""
        with self._condition:
            self._closing = True
            self._condition.notify_all()
        self._thread.join(timeout)
        with self._condition:
            self._abandon = True
            self._condition.notify_all()
        left = self.pending
        if left:
            log.error("%d records could not be written to %s before closing", left, self.storage.description)

    # --- the writer thread ---

    def _drop(self, batch: list[tuple[str, Row]]) -> None:
        """Give up on records the database refused as such: retrying would fail the same way."""
        log.exception("Dropping %d records that %s refused", len(batch), self.storage.description)
        with self._condition:
            self._inflight = 0
            self.dropped += len(batch)
            self._condition.notify_all()

    def _overflow(self) -> None:
        """Drop the oldest records beyond the limit. A batch being written is not counted (it is at most
        ``batch`` more); if its write fails it goes back in front, so the oldest are dropped first."""
        while len(self._queue) > self.limit:
            self._queue.popleft()
            self.dropped += 1
            self._outage_dropped += 1
            if self._outage_dropped == 1 or self._outage_dropped % 1000 == 0:
                log.warning(
                    "The records buffer is full (%d); dropping the oldest: %d dropped so far",
                    self.limit,
                    self.dropped,
                )

    def _run(self) -> None:
        delay = self.retry_seconds
        while True:
            with self._condition:
                while not self._queue and not self._closing and not self._upkeep_due():
                    self._condition.wait(self._upkeep_wait())
                if (self._closing and not self._queue) or self._abandon:
                    return
                batch = [self._queue.popleft() for _ in range(min(self.batch, len(self._queue)))]
                self._inflight = len(batch)
            if self._upkeep_due():
                self._upkeep()
            if not batch:
                with self._condition:
                    self._inflight = 0
                continue
            try:
                self.storage.append(batch)
            except RecordError:
                self._drop(batch)
                continue
            except StorageError as exc:
                with self._condition:
                    self._queue.extendleft(reversed(batch))
                    self._inflight = 0
                    self._overflow()
                    if self.failing is None:
                        self._outage_buffered = 0
                        log.error("Cannot write records (%s); buffering up to %d until it is back", exc, self.limit)
                    self.failing = exc
                    self._condition.notify_all()
                    deadline = time.monotonic() + delay  # new records do not hasten the retry
                    while not self._abandon and (remaining := deadline - time.monotonic()) > 0:
                        self._condition.wait(remaining)
                delay = min(delay * 2, self.max_retry_seconds)
                continue
            except Exception:
                self._drop(batch)
                continue
            with self._condition:
                self._inflight = 0
                self.written += len(batch)
                if self.failing is not None:
                    self._outage_buffered += len(batch)
                    if not self._queue:
                        log.warning(
                            "%s is back: wrote %d buffered records; %d were dropped while it was unreachable",
                            self.storage.description,
                            self._outage_buffered,
                            self._outage_dropped,
                        )
                        self.failing = None
                        self._outage_dropped = 0
                        delay = self.retry_seconds
                self._condition.notify_all()

    def _upkeep_due(self) -> bool:
        return self._every is not None and time.monotonic() - self._last_upkeep >= self._every[0]

    def _upkeep_wait(self) -> float | None:
        if self._every is None:
            return None
        return max(0.0, self._every[0] - (time.monotonic() - self._last_upkeep))

    def _upkeep(self) -> None:
        assert self._every is not None
        self._last_upkeep = time.monotonic()
        try:
            self._every[1]()
        except StorageError as exc:
            log.warning("Periodic upkeep of %s failed: %s", self.storage.description, exc)
