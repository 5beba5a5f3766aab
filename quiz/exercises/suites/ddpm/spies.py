"""Spy models for the DDPM checks: plain callables standing in for the denoiser.

A spy records the ``[x_t, t]`` it is called with (as float64 / int64 NumPy) and answers
with the exact noise recovered from ``x_t`` for known data (so the right loss is 0 and
the right sampler ends at the data), with zeros, or with a fixed function of x and t.
Spies need eager execution: their answers are computed in NumPy.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
import tensorflow as tf

from quiz.exercises.checklib.registry import CheckFailed
from quiz.exercises.messages import M


@dataclass
class Seen:
    """One call of a spy: what it received and what it returned."""

    x_t: np.ndarray
    t: np.ndarray
    out: np.ndarray


def split_inputs(inputs: Any, num_steps: int) -> tuple[np.ndarray, np.ndarray]:
    """``[x_t, t]`` as (float64 (batch, D), int64 (batch,)); a clear failure for anything else."""
    if not isinstance(inputs, (list, tuple)) or len(inputs) != 2:
        raise CheckFailed(
            M("ddpm.split_inputs.model_was_called", "the model was called with {name}", name=type(inputs).__name__)
            + (M("ddpm.split_inputs.items", " of {len_inputs} items", len_inputs=len(inputs)) if isinstance(inputs, (list, tuple)) else "")
            + M("ddpm.split_inputs.expected_one_list", ", expected one list [x_t, t]"),
            expected="model([x_t, t])",
            actual=type(inputs).__name__,
            hint=M("ddpm.split_inputs.call_denoiser_model", "Call the denoiser as model([x_t, t]) with t a (batch,) int32 tensor."),
        )
    x_t, t = inputs
    if not tf.executing_eagerly() or isinstance(x_t, tf.Tensor) and not hasattr(x_t, "numpy"):
        raise CheckFailed(
            M("ddpm.split_inputs.model_was_called_2", (
                "the model was called inside tf.function: these checks hand your function a spy model "
                "that records its inputs, which needs eager execution"
              )),
            hint=M("ddpm.split_inputs.leave_diffusion__p_sample", "Leave diffusion_loss, p_sample and sample undecorated (the checker traces train_step itself)."),
        )
    x = np.asarray(getattr(x_t, "numpy", lambda: x_t)(), dtype=np.float64)
    t_arr = np.asarray(getattr(t, "numpy", lambda: t)())
    if x.ndim != 2:
        raise CheckFailed(M("ddpm.split_inputs.model_got_x_t", "the model got x_t of shape {shape}, expected (batch, D)", shape=x.shape), actual=str(x.shape))
    if t_arr.shape != (len(x),):
        raise CheckFailed(
            M("ddpm.split_inputs.model_got_t", (
                "the model got t of shape {shape} with x_t of shape {shape_2}: t must be one time step "
                "per example, shape ({len_x},)"
              ), shape=t_arr.shape, shape_2=x.shape, len_x=len(x)),
            expected=M("ddpm.split_inputs.t_shape", "t of shape ({len_x},)", len_x=len(x)),
            actual=M("ddpm.split_inputs.shape", "shape {shape}", shape=t_arr.shape),
            hint=M("ddpm.split_inputs.pass_t_batch", "Pass t as a (batch,) int32 tensor, e.g. ops.full((batch,), t, dtype='int32')."),
        )
    if not np.all(np.isfinite(t_arr.astype(np.float64))) or np.any(t_arr.astype(np.float64) != np.round(t_arr.astype(np.float64))):
        raise CheckFailed(M("ddpm.split_inputs.model_got_non", "the model got non-integer time steps t"), actual=str(t_arr[:4]), hint=M("ddpm.split_inputs.t_int32_index", "t is an int32 index."))
    t_int = t_arr.astype(np.int64)
    if t_int.min() < 0 or t_int.max() >= num_steps:
        bad = int(t_int.max() if t_int.max() >= num_steps else t_int.min())
        why = (M("ddpm.split_inputs.t_t_past", "t = {num_steps} = T, past the end of the schedule: 1-based time steps (1..T) instead of 0..T-1", num_steps=num_steps)
               if bad == num_steps else M("ddpm.split_inputs.t_outside_t", "t = {bad} is outside 0..T-1", bad=bad))
        raise CheckFailed(
            M("ddpm.split_inputs.model_got", "the model got {why}", why=why),
            expected=f"0 ≤ t ≤ {num_steps - 1}",
            actual=f"t = {bad}",
            hint=M("ddpm.split_inputs.indices_based_t", (
                     "Indices are 0-based: t ~ U{{0, ..., T-1}}, e.g. keras.random.randint((batch,), 0, T) "
                     "(upper bound excluded)."
                   )),
            symptom=M("ddpm.split_inputs.t_outside_schedule", "the model got t = {bad}, outside 0..T-1 = 0..{last}", bad=bad, last=num_steps - 1),
        )
    return x, t_int


@dataclass
class Spy:
    """A stand-in denoiser.

    ``mode``: ``"exact"`` returns (x_t - sqrt(ᾱ_t) x0) / sqrt(1 - ᾱ_t) for the rows of
    ``x0`` (the true noise when x_t was made from x0; x0 may be one point broadcast),
    ``"zeros"`` returns 0, ``"fixed"`` returns tanh(0.7 x_t + 0.05 (t + 1)).
    """

    alphas_cumprod: np.ndarray
    mode: str
    x0: np.ndarray | None = None
    calls: list[Seen] = field(default_factory=list)

    def recover(self, x_t: np.ndarray, t: np.ndarray, x0: np.ndarray | None = None) -> np.ndarray:
        """The noise that makes x_t from x0 at t (float64)."""
        x0 = self.x0 if x0 is None else x0
        a = np.asarray(self.alphas_cumprod, dtype=np.float64)[t][:, None]
        return (x_t - np.sqrt(a) * x0) / np.sqrt(1.0 - a)

    def __call__(self, inputs: Any, *args: Any, **kwargs: Any) -> tf.Tensor:
        x_t, t = split_inputs(inputs, len(self.alphas_cumprod))
        if self.mode == "exact":
            if self.x0 is not None and len(self.x0) not in (1, len(x_t)):
                raise CheckFailed(
                    M("ddpm.call.model_got_x_t", "the model got x_t with {len_x_t} rows for a batch of {len_self_x0} examples", len_x_t=len(x_t), len_self_x0=len(self.x0)),
                    expected=M("ddpm.call.rows", "{len_self_x0} rows", len_self_x0=len(self.x0)), actual=M("ddpm.call.rows_2", "{len_x_t} rows", len_x_t=len(x_t)),
                )
            out = self.recover(x_t, t)
        elif self.mode == "zeros":
            out = np.zeros_like(x_t)
        else:
            out = np.tanh(0.7 * x_t + 0.05 * (t[:, None] + 1.0))
        self.calls.append(Seen(x_t, t, out))
        return tf.constant(out.astype(np.float32))


class ModelProxy:
    """Stands for a real Keras model: every attribute read or set reaches the model itself.

    Subclasses keep their own state with :meth:`_own` and override ``__call__``."""

    def __init__(self, model: Any):
        self._own("_model", model)

    def _own(self, name: str, value: Any) -> None:
        object.__setattr__(self, name, value)

    def __call__(self, inputs: Any, *args: Any, **kwargs: Any) -> Any:
        return self._model(inputs, *args, **kwargs)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._model, name)

    def __setattr__(self, name: str, value: Any) -> None:
        setattr(self._model, name, value)


class RecordingModel(ModelProxy):
    """Wraps a real Keras model handed to ``train_step``: forwards attributes, records eager calls."""

    def __init__(self, model: Any, num_steps: int):
        super().__init__(model)
        self._own("_steps", num_steps)
        self._own("calls", [])

    def __call__(self, inputs: Any, *args: Any, **kwargs: Any) -> Any:
        out = self._model(inputs, *args, **kwargs)
        x_t, t = split_inputs(inputs, self._steps)
        self.calls.append(Seen(x_t, t, np.asarray(out, dtype=np.float64)))
        return out


class TracedModel(ModelProxy):
    """Wraps a trained Keras denoiser handed to the user's ``sample``: the same model, called through one ``tf.function``.

    A sampler calls the model T times; an eager Keras call of a small MLP costs ~20 ms here
    against ~4 ms for a traced one, which is most of the samples check. Calls of the contract's
    form — ``model([x_t, t])`` or ``model([x_t, t], training=…)`` with x_t of rank 2 and t an
    integer vector — go through the traced function; any other call, and every other attribute
    (``predict``, ``trainable_variables``, …), reaches the model itself, so the user's code sees
    a model that behaves as theirs does.
    """

    def __init__(self, model: Any):
        super().__init__(model)
        self._own("_traced", tf.function(lambda x_t, t, training: model([x_t, t], training=training), reduce_retracing=True))

    def __call__(self, inputs: Any, *args: Any, **kwargs: Any) -> Any:
        fast = self._contract_inputs(inputs) if not args and set(kwargs) <= {"training"} else None
        if fast is None:
            return self._model(inputs, *args, **kwargs)
        return self._traced(*fast, bool(kwargs.get("training", False)))

    @staticmethod
    def _contract_inputs(inputs: Any) -> tuple[tf.Tensor, tf.Tensor] | None:
        if not isinstance(inputs, (list, tuple)) or len(inputs) != 2:
            return None
        try:
            x_t, t = (tf.convert_to_tensor(v) for v in inputs)
        except (TypeError, ValueError):
            return None
        if x_t.shape.rank != 2 or t.shape.rank != 1 or not t.dtype.is_integer or not x_t.dtype.is_floating:
            return None
        return tf.cast(x_t, tf.float32), tf.cast(t, tf.int32)
