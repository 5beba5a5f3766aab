"""Exit statuses of the ``quiz`` command (documented in ``quiz --help``).

What each command returns besides OK:

- ``quiz export anki|csv``: FAILED the file cannot be written (the old one, if any, is kept);
  USAGE a deck that does not exist, a folder given as the file.
- ``quiz import``: FAILED problems in the table (each listed as ``file:line: message``; nothing
  written); USAGE no such file, a bad deck id, a deck that exists (without ``--replace``) or
  whose id another deck uses.
- ``quiz db backup|restore``: FAILED no database to back up, a file that is not a quiz
  database or has a newer schema, a place that cannot be written (nothing changed); USAGE no FILE.
- ``quiz serve``: FAILED the port is in use or cannot be used, the host is unknown.
- ``quiz plan``: USAGE a date in the past or not YYYY-MM-DD, an unknown deck, a cap outside
  1-1000; FAILED the progress database cannot be used. A plan that cannot fit every question
  is still saved (OK) and says so.
- any command whose reader closes the pipe early (``quiz stats | head``): OK, without a traceback.
"""

from enum import IntEnum


class ExitStatus(IntEnum):
    OK = 0
    FAILED = 1  # validation errors, a failed check, a store that cannot be opened
    USAGE = 2   # bad command-line usage
    UNAVAILABLE = 3  # the exercise needs a package this environment lacks (TensorFlow); the message says why
