"""The one exception base for a user's mistake (bad code, file, column, value).

The ``kdkmp`` command prints these as a one-line ``Galat:`` message (exit code
2) instead of a traceback; anything else is a bug and keeps its traceback.
"""

from __future__ import annotations

__all__ = ["KdkmpError"]


class KdkmpError(Exception):
    """Base class of errors caused by input the user can fix."""
