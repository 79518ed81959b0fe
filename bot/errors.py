"""The one exception hierarchy of the application runtime.

    RightslineError
    ├── ContentError        a file campaign teams edit (rules/, locales/, data/) is invalid;
    │                       the message names the file, the line and the fix
    └── RasaUnavailable     Rasa did not answer (down, slow, or an error status)

Actions and handlers catch these, answer the person with a safe translated message and log
the cause (never the message text).
"""

from __future__ import annotations

from pathlib import Path


class RightslineError(Exception):
    """Base of every error raised on purpose by Rightsline."""


class ContentError(RightslineError):
    """A campaign-team file is invalid."""

    def __init__(self, path: Path | str, line: int | None, problem: str) -> None:
        self.path = Path(path)
        self.line = line
        self.problem = problem
        where = f"{self.path}:{line}" if line else f"{self.path}"
        super().__init__(f"{where}: {problem}")


class RasaUnavailable(RightslineError):
    """Rasa could not be reached or did not answer in time."""
