"""The sampling checks (exercise ``sampling``), cheap to expensive, in NumPy only.

contract → softmax → top_k_filter → top_p_filter → sample_output →
sample_rng → sample_frequencies → sample_order → greedy_decode →
beam_width_1 → beam_plain_sum → beam_length_penalty → beam_pruning.

Importing this package imports NumPy and the check library, never TensorFlow or
Keras (tests/exercises/test_sampling_suite.py runs the real child with both blocked).
"""

from quiz.exercises.suites.sampling import decoding  # noqa: F401  (registers the decoding checks)
from quiz.exercises.suites.sampling.units import DATA_SIZE, baseline, prepare_data, suite

__all__ = ["DATA_SIZE", "baseline", "prepare_data", "suite"]
