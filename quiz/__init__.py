"""quiz: a terminal trainer for generative-AI interviews.

Importing this package is cheap on purpose: it pulls in neither Textual nor
TensorFlow. The TUI lives in :mod:`quiz.tui`, the exercise checker's child
process in :mod:`quiz.exercises.child` (the only place TensorFlow is imported).
"""

__version__ = "0.1.0"
