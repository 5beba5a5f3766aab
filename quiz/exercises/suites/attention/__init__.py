"""The attention checks (exercises ``attention`` and ``attention-debug``), cheap to expensive.

contract → attention_scale → softmax_axis → attention_values → masking → causal_mask →
split_merge → layer_values → causality → padding → permutation → gradients → learning.

The function checks compare with float64 NumPy (:mod:`.reference`) and name the
classic mistakes (√d_model instead of √d_head, softmax over the queries, a bare
reshape for the heads, a mask that sees the future or comes after the softmax);
the layer checks recompute the layer from its own weights; the learning check trains
a tiny model around the layer on a copy-back task against the reference's curve.
"""

from quiz.exercises.suites.attention import layer  # noqa: F401  (registers the layer checks)
from quiz.exercises.suites.attention.learning import baseline
from quiz.exercises.suites.attention.units import DATA_SIZE, prepare_data, suite

__all__ = ["DATA_SIZE", "baseline", "prepare_data", "suite"]
