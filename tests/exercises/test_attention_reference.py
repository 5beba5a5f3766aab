"""The attention suite's own float64 references (quiz/exercises/suites/attention/reference.py):
the values every submission is compared with, and the mistakes they name, must be right
and distinct. Pure NumPy."""

from __future__ import annotations

import numpy as np

from quiz.exercises.suites.attention import reference as ref


def test_attention_is_the_textbook_formula_and_masks_give_exact_zeros() -> None:
    rng = np.random.default_rng(0)
    q, k, v = rng.normal(size=(2, 3, 4)), rng.normal(size=(2, 5, 4)), rng.normal(size=(2, 5, 6))
    out, w = ref.attention(q, k, v)
    scores = np.einsum("bqd,bkd->bqk", q, k) / 2.0
    expected = np.exp(scores) / np.exp(scores).sum(-1, keepdims=True)
    assert np.allclose(w, expected) and np.allclose(out, expected @ v)
    mask = np.array([[True, False, True, False, False]] * 3)
    _, w = ref.attention(q, k, v, mask)
    assert np.all(w[..., ~mask[0]] == 0.0) and np.allclose(w.sum(-1), 1.0)
    _, after = ref.attention(q, k, v, mask, mask_after=True)
    assert np.all(after.sum(-1) < 1.0), "zeroing after the softmax leaves rows short of 1"
    _, by_query = ref.attention(q, k, v, axis=-2)
    assert np.allclose(by_query.sum(-2), 1.0) and not np.allclose(by_query.sum(-1), 1.0)


def test_causal_masks_and_their_off_by_one_variants_differ() -> None:
    assert ref.causal(3).astype(int).tolist() == [[1, 0, 0], [1, 1, 0], [1, 1, 1]]
    assert ref.causal(3, 1).astype(int).tolist() == [[1, 1, 0], [1, 1, 1], [1, 1, 1]]
    assert ref.causal(3, -1).astype(int).tolist() == [[0, 0, 0], [1, 0, 0], [1, 1, 0]]


def test_split_and_merge_are_inverse_permutations_and_the_bare_reshape_is_not() -> None:
    x = np.arange(2 * 5 * 12, dtype=float).reshape(2, 5, 12)
    heads = ref.split(x, 3)
    assert heads.shape == (2, 3, 5, 4)
    assert np.array_equal(heads[1, 2, 4], x[1, 4, 8:12]), "head h holds features h*d_head … (h+1)*d_head - 1"
    assert np.array_equal(ref.merge(heads), x)
    assert not np.array_equal(ref.split(x, 3, "bare"), heads)
    assert not np.array_equal(ref.split(x, 3, "interleaved"), heads)
    assert np.array_equal(ref.merge(ref.split(x, 3, "bare"), "bare"), x)


def test_the_layer_with_one_head_is_plain_attention_and_the_named_mistakes_differ() -> None:
    rng = np.random.default_rng(1)
    d = 8
    weights = {n: (rng.normal(size=(d, d)), rng.normal(size=d)) for n in ("wq", "wk", "wv", "wo")}
    x = rng.normal(size=(2, 5, d))
    proj = {n: x @ w + b for n, (w, b) in weights.items() if n != "wo"}
    out, _ = ref.attention(proj["wq"], proj["wk"], proj["wv"])
    assert np.allclose(ref.layer(x, weights, 1), out @ weights["wo"][0] + weights["wo"][1])
    right = ref.layer(x, weights, 4)
    for options in (dict(scale="model"), dict(scale="none"), dict(axis=-2), dict(split_how="bare"),
                    dict(merge_how="bare"), dict(project_out=False)):
        assert np.abs(ref.layer(x, weights, 4, **options) - right).max() > 1e-2, options
