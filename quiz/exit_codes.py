"""Exit statuses of the ``quiz`` command (documented in ``quiz --help``)."""

from enum import IntEnum


class ExitStatus(IntEnum):
    OK = 0
    FAILED = 1  # validation errors, a failed check, a store that cannot be opened
    USAGE = 2   # bad command-line usage
    UNAVAILABLE = 3  # the exercise needs a package this environment lacks (TensorFlow); the message says why
