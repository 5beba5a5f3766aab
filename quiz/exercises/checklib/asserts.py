"""Assertions on what a submission's model returns, shared by the suites."""

from __future__ import annotations

from typing import Any

import numpy as np

from quiz.exercises.checklib import numeric as nm
from quiz.exercises.checklib.registry import CheckFailed
from quiz.exercises.messages import M


def require_callable(model: Any, what: str) -> None:
    """``what`` (e.g. 'build_generator(64)') must have returned something callable (a model)."""
    if not callable(model):
        raise CheckFailed(M("lib.asserts.require_callable.returned_expected_keras", "{what} returned {name}, expected a keras.Model", what=what, name=type(model).__name__), actual=repr(model)[:80])


def require_tensor(out: Any, shape: tuple, what: str, hint: str) -> None:
    """One float32 tensor of exactly ``shape``."""
    if isinstance(out, (list, tuple, dict)):
        raise CheckFailed(
            M("lib.asserts.require_tensor.returned_items_expected", "{what} returned a {name} of {len_out} items, expected one tensor of shape {shape}", what=what, name=type(out).__name__, len_out=len(out), shape=shape),
            expected=str(shape),
            actual=M("lib.asserts.require_tensor.name_len_out", "{name} of {len_out}", name=type(out).__name__, len_out=len(out)),
        )
    got = tuple(getattr(out, "shape", np.shape(out)))
    if got != shape:
        raise CheckFailed(M("lib.asserts.require_tensor.has_shape_expected", "{what} has shape {got}, expected {shape}", what=what, got=got, shape=shape), expected=str(shape), actual=str(got), hint=hint)
    dtype = nm.dtype_name(out)
    if dtype != "float32":
        raise CheckFailed(
            M("lib.asserts.require_tensor.has_dtype_expected", "{what} has dtype {dtype}, expected float32", what=what, dtype=dtype),
            expected="float32",
            actual=dtype,
            hint=M("lib.asserts.require_tensor.keep_keras_s", "Keep Keras's default float32 (no mixed precision, no casts to int or float64)."),
        )
