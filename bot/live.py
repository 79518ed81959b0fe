"""Values rebuilt when the files they come from change: live content without a restart.

A :class:`Live` value checks the modification times of its files at most once a
``interval`` seconds when it is used. When they changed it rebuilds; if the rebuild fails
(a campaign team saved a broken file) the error is logged with the file and line, and the
last good value stays in use until the file is fixed.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Generic, TypeVar

from bot.errors import ContentError

logger = logging.getLogger(__name__)

T = TypeVar("T")
Fingerprint = tuple[tuple[str, int, int], ...]


def fingerprint(paths: Iterable[Path]) -> Fingerprint:
    """Path, modification time and size of every existing file."""
    found = []
    for path in sorted(set(paths)):
        try:
            stat = path.stat()
        except FileNotFoundError:
            continue
        found.append((str(path), stat.st_mtime_ns, stat.st_size))
    return tuple(found)


class Live(Generic[T]):
    """A value built from files, rebuilt when they change, kept when a rebuild fails."""

    def __init__(
        self,
        name: str,
        build: Callable[[], T],
        files: Callable[[], Iterable[Path]],
        *,
        interval: float = 1.0,
    ) -> None:
        self.name, self._build, self._files, self.interval = name, build, files, interval
        self._value: T | None = None
        self._seen: Fingerprint | None = None
        self._checked = 0.0
        self._lock = threading.Lock()
        #: The problem of the last rejected change, if the files are broken right now.
        self.rejected: str | None = None

    def get(self) -> T:
        """The current value; the first build raises if the files are broken."""
        now = time.monotonic()
        if self._value is not None and now - self._checked < self.interval:
            return self._value
        with self._lock:
            self._checked = now
            seen = fingerprint(self._files())
            if self._value is not None and seen == self._seen:
                return self._value
            try:
                value = self._build()
            except ContentError as exc:
                if self._value is None:
                    raise
                if self.rejected != str(exc):
                    logger.error("%s: change rejected, the last good version stays live: %s",
                                 self.name, exc)  # fmt: skip
                self.rejected = str(exc)
                self._seen = seen
                return self._value
            if self._value is not None:
                logger.info("%s: reloaded", self.name)
            self._value, self._seen, self.rejected = value, seen, None
            return value
