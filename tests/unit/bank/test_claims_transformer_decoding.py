"""Numeric claims in the transformer and decoding decks, recomputed in float64.

Negative scores are written with a Unicode minus in the answers, which the
number reader does not treat as a sign, so those are checked by magnitude.
"""

from __future__ import annotations

import math

import numpy as np
import pytest

from tests.unit.bank.claims import assert_states

GIB = 2.0**30
MIB = 2.0**20


def kv_cache_bytes(layers, kv_heads, head_dim, seq_len, bytes_per_elem=2):
    return 2 * layers * kv_heads * head_dim * seq_len * bytes_per_elem


def softmax(z):
    z = np.asarray(z, dtype=np.float64)
    e = np.exp(z - z.max())
    return e / e.sum()


# ----------------------------------------------------------------- transformer


def test_kv_cache_llama2_7b():
    qid = "transformer.kv-cache-size"
    per_token = kv_cache_bytes(32, 32, 128, 1)
    full = kv_cache_bytes(32, 32, 128, 4096)
    gqa = kv_cache_bytes(32, 8, 128, 4096)
    mqa = kv_cache_bytes(32, 1, 128, 4096)
    assert_states(qid, per_token, rel=0)  # 524,288 bytes
    assert_states(qid, per_token / 1024, rel=0)  # 512 KiB
    assert_states(qid, full, rel=0)  # 2,147,483,648 bytes
    assert_states(qid, full / GIB, rel=0)  # 2 GiB
    assert_states(qid, gqa, rel=0)  # 536,870,912 bytes
    assert_states(qid, gqa / GIB, rel=0)  # 0.5 GiB
    assert_states(qid, mqa, rel=0)  # 67,108,864 bytes
    assert_states(qid, mqa / MIB, rel=0)  # 64 MiB
    assert_states(qid, 16 * full / GIB, rel=0)  # 32 GiB for a batch of 16
    assert_states(qid, full / 1e9, rel=1e-3)  # 2.147 GB
    # the classic slip: no factor 2 and no layers -> 64x too small
    assert (2 * 32) == 64
    assert_states(qid, 64)


def test_kv_cache_llama2_70b_and_weights():
    qid = "transformer.kv-cache-size"
    per_token = kv_cache_bytes(80, 8, 128, 1)
    assert_states(qid, per_token, rel=0)  # 327,680 bytes
    assert_states(qid, per_token / 1024, rel=0)  # 320 KiB
    assert_states(qid, kv_cache_bytes(80, 8, 128, 4096) / GIB, rel=0)  # 1.25 GiB
    weights = 6_738_415_616 * 2
    assert_states(qid, weights / GIB)  # 12.55 GiB


def test_kv_cache_per_token_in_basics():
    assert_states("transformer.what-is-kv-cache", kv_cache_bytes(32, 32, 128, 1) / MIB, rel=0)  # 0.5 MiB


@pytest.mark.slow(tensorflow=False)  # half a second or more of CPU
def test_attention_scaling_numbers():
    qid = "transformer.scaled-dot-product"
    rng = np.random.default_rng(0)
    d_k = 64
    q = rng.standard_normal((200_000, d_k))
    k = rng.standard_normal((200_000, d_k))
    dots = np.einsum("nd,nd->n", q, k)
    assert abs(dots.var() / d_k - 1) < 0.02  # Var(q.k) = d_k
    assert_states(qid, math.sqrt(d_k))  # std 8
    assert_states(qid, math.exp(2 * math.sqrt(d_k)), rel=1e-6)  # e^16 = 8,886,110
    assert_states(qid, 1 / math.sqrt(d_k))  # std 0.125 when dividing by d_k
    assert abs((dots / d_k).std() - 1 / math.sqrt(d_k)) < 0.005


def test_multi_head_parameter_count():
    d, h = 512, 8
    per_head = 3 * d * (d // h)
    total = h * per_head + d * d
    assert total == 4 * d * d
    assert_states("transformer.multi-head", total, rel=0)  # 1,048,576


def test_gpt3_parameter_count():
    qid = "transformer.param-count"
    layers, d, vocab, ctx = 96, 12288, 50257, 2048
    blocks = 12 * layers * d**2
    assert_states(qid, blocks, rel=0)  # 173,946,175,488
    assert_states(qid, vocab * d, rel=0)  # 617,558,016
    assert_states(qid, ctx * d, rel=0)  # 25,165,824
    total = blocks + vocab * d + ctx * d
    assert_states(qid, total / 1e9, rel=1e-3)  # 174.6B
    assert_states(qid, 13 * d * layers / 1e6, rel=0.03)  # about 15M of biases and norms


def test_llama2_7b_parameter_count():
    qid = "transformer.param-count"
    d, layers, ff, vocab = 4096, 32, 11008, 32000
    attn = 4 * d * d
    mlp = 3 * d * ff
    per_layer = attn + mlp + 2 * d
    total = layers * per_layer + 2 * vocab * d + d
    assert_states(qid, attn, rel=0)
    assert_states(qid, mlp, rel=0)
    assert_states(qid, per_layer, rel=0)  # 202,383,360
    assert_states(qid, layers * per_layer, rel=0)  # 6,476,267,520
    assert_states(qid, 2 * vocab * d, rel=0)  # 262,144,000
    assert_states(qid, total, rel=0)  # 6,738,415,616
    assert_states(qid, total / 1e9, rel=1e-3)  # 6.74B
    assert_states(qid, 2 * total / 1e9, rel=2e-3)  # 13.5 GB of fp16 weights


def test_swiglu_hidden_size():
    qid = "transformer.ffn-swiglu"
    d = 4096
    exact = 8 * d / 3
    rounded = 256 * math.ceil(exact / 256)
    assert rounded == 11008
    assert_states(qid, exact, rel=1e-6)  # 10,922.67
    assert_states(qid, rounded, rel=0)
    assert_states(qid, rounded / 256, rel=0)  # 43
    assert_states(qid, 3 * d * rounded, rel=0)  # 135,266,304
    assert_states(qid, 8 * d * d, rel=0)  # 134,217,728
    assert (3 * d * rounded) / (8 * d * d) - 1 < 0.01  # "within 1%"


def test_training_flops_llama2_7b():
    qid = "transformer.flops-per-token"
    n_params, tokens = 7e9, 2e12
    assert_states(qid, 2 * n_params)  # 1.4e10 per token
    assert_states(qid, 2 * n_params / 1e9)  # 14 GFLOPs
    compute = 6 * n_params * tokens
    assert_states(qid, compute)  # 8.4e22
    gpu_seconds = compute / (0.4 * 312e12)
    assert_states(qid, gpu_seconds, rel=0.01)  # 6.7e8
    assert_states(qid, gpu_seconds / 3600, rel=0.01)  # about 187,000 GPU-hours
    implied = compute / (184_320 * 3600) / 312e12
    assert_states(qid, round(100 * implied), rel=0)  # about 41% utilisation
    assert_states(qid, 20 * n_params / 1e9, rel=0)  # 140B Chinchilla tokens


def test_attention_vs_mlp_crossover():
    qid = "transformer.attention-vs-mlp-flops"
    d = 4096

    def share(n):
        return 4 * n * n * d / (24 * n * d * d + 4 * n * n * d)

    assert_states(qid, 6 * d, rel=0)  # 24,576
    assert_states(qid, 12 * d, rel=0)  # 49,152 with causal block skipping
    assert_states(qid, 6 * 768, rel=0)  # 4,608
    assert math.isclose(share(6 * d), 0.5)
    for n in (4096, 32768, 131072):
        assert_states(qid, 100 * share(n), rel=2e-3)  # 14.3%, 57.1%, 84.2%


def test_vit_token_counts():
    qid = "transformer.vit-patches"
    assert_states(qid, (224 // 16) ** 2, rel=0)  # 196
    assert_states(qid, (224 // 16) ** 2 + 1, rel=0)  # 197
    assert_states(qid, 16 * 16 * 3, rel=0)  # 768
    assert_states(qid, (224 // 8) ** 2, rel=0)  # 784
    assert_states(qid, ((224 // 8) ** 2 / (224 // 16) ** 2) ** 2, rel=0)  # 16x attention
    assert_states(qid, 224 * 224, rel=0)  # 50,176


def test_rope_wavelengths():
    qid = "transformer.rope"
    head_dim, base = 128, 10000.0
    theta = base ** (-np.arange(0, head_dim, 2) / head_dim)
    wavelengths = 2 * np.pi / theta
    assert_states(qid, wavelengths[0], rel=1e-3)  # 6.28
    assert_states(qid, wavelengths[-1], rel=1e-4)  # 54,410


def test_decode_roofline():
    qid = "transformer.decode-memory-bound"
    weight_bytes = 6_738_415_616 * 2
    assert_states(qid, weight_bytes / 1e9, rel=1e-3)  # 13.48 GB
    assert_states(qid, 312e12 / 2e12, rel=0)  # 156 FLOP/byte
    assert_states(qid, 2e12 / weight_bytes, rel=5e-3)  # about 148 tokens/s
    assert_states(qid, 1e3 * weight_bytes / 2e12, rel=1e-2)  # 6.7 ms per token


def test_mixtral_parameter_count():
    qid = "transformer.moe"
    d, layers, ff, experts, top_k, vocab = 4096, 32, 14336, 8, 2, 32000
    expert = 3 * d * ff
    attn = 2 * d * d + 2 * d * (8 * 128)
    router = d * experts
    norms = layers * 2 * d + d
    embed = 2 * vocab * d
    total = layers * (experts * expert + attn + router) + norms + embed
    active = layers * (top_k * expert + attn + router) + norms + embed
    assert_states(qid, expert, rel=0)  # 176,160,768
    assert_states(qid, layers * experts * expert, rel=0)  # 45,097,156,608
    assert_states(qid, attn, rel=0)  # 41,943,040
    assert_states(qid, layers * attn, rel=0)  # 1,342,177,280
    assert_states(qid, layers * router, rel=0)  # 1,048,576
    assert_states(qid, norms, rel=0)  # 266,240
    assert_states(qid, embed, rel=0)  # 262,144,000
    assert_states(qid, total, rel=0)  # 46,702,792,704
    assert_states(qid, active, rel=0)  # 12,879,925,248
    assert_states(qid, total / 1e9, rel=1e-3)  # 46.7B
    assert_states(qid, active / 1e9, rel=2e-3)  # 12.9B


# -------------------------------------------------------------------- decoding


def test_temperature_worked_example():
    qid = "decoding.temperature"
    z = np.array([2.0, 1.0, 0.0])
    for t in (1.0, 0.5, 2.0):
        for p in softmax(z / t):
            assert_states(qid, round(p, 3), rel=0, abs_tol=1e-9)
            assert abs(round(p, 3) - p) <= 5e-4
    assert_states(qid, math.exp(2), rel=1e-4)  # 7.389
    assert_states(qid, math.e, rel=1e-3)  # 2.718
    # limits
    assert softmax(z / 1e-3)[0] > 1 - 1e-12
    assert np.allclose(softmax(z / 1e6), 1 / 3, atol=1e-5)


def test_top_k_top_p_worked_example():
    qid = "decoding.top-k-top-p"
    p = np.array([0.5, 0.2, 0.15, 0.1, 0.05])
    k2 = p[:2] / p[:2].sum()
    cum = np.cumsum(p)
    nucleus = (cum - p) < 0.8
    assert nucleus.sum() == 3
    top_p = p[nucleus] / p[nucleus].sum()
    for v in (*k2, *top_p, 0.85, 0.7):
        assert_states(qid, round(float(v), 3), rel=0, abs_tol=1e-9)
    flat = np.full(10, 0.1)
    assert ((np.cumsum(flat) - flat) < 0.9 - 1e-12).sum() == 9


def test_min_p_examples():
    qid = "decoding.min-p"
    assert_states(qid, 0.1 * 0.6, rel=1e-9)  # threshold 0.06
    p = np.array([0.5, 0.3, 0.12, 0.06, 0.02])
    assert math.isclose(p.sum(), 1.0)
    assert (p >= 0.1 * p.max()).sum() == 4
    assert ((np.cumsum(p) - p) < 0.9).sum() == 3
    assert_states(qid, np.cumsum(p)[2], rel=1e-9)  # 0.92


def test_beam_length_normalisation():
    qid = "decoding.beam-length-normalisation"
    a_len, a_lp, b_len, b_lp = 3, -3.0, 6, -4.8
    assert a_lp / a_len < b_lp / b_len  # B wins per token
    assert_states(qid, abs(a_lp / a_len))  # 1.0
    assert_states(qid, abs(b_lp / b_len))  # 0.8

    def gnmt(length, alpha=0.6):
        return ((5 + length) / 6) ** alpha

    assert_states(qid, gnmt(a_len), rel=1e-3)  # 1.188
    assert_states(qid, gnmt(b_len), rel=1e-3)  # 1.439
    assert_states(qid, abs(a_lp / gnmt(a_len)), rel=1e-3)  # 2.524
    assert_states(qid, abs(b_lp / gnmt(b_len)), rel=1e-3)  # 3.337
    assert a_lp / gnmt(a_len) > b_lp / gnmt(b_len)  # A wins under GNMT alpha 0.6


def test_perplexity_worked_example():
    qid = "decoding.perplexity"
    p = np.array([0.5, 0.25, 0.125, 0.5])
    nll = -np.log(p)
    for v in nll:
        assert_states(qid, v, rel=1e-3)  # 0.693, 1.386, 2.079
    assert_states(qid, nll.mean(), rel=1e-3)  # 1.213 nats
    assert_states(qid, -np.log2(p).mean(), rel=0)  # 1.75 bits
    assert_states(qid, math.exp(nll.mean()), rel=2e-4)  # 3.364
    assert math.isclose(math.exp(nll.mean()), 128**0.25)
    assert_states(qid, np.mean(1 / p), rel=0)  # 4.0, the wrong average
    assert_states(qid, math.exp(2.0), rel=1e-4)  # 7.389
    assert_states(qid, math.log(32000), rel=1e-3)  # 10.37


def test_speculative_decoding_numbers():
    qid = "decoding.speculative"
    alpha, gamma, c = 0.8, 4, 0.05
    tokens = (1 - alpha ** (gamma + 1)) / (1 - alpha)
    assert_states(qid, tokens, rel=1e-9)  # 3.3616
    assert_states(qid, tokens / (gamma * c + 1), rel=5e-4)  # 2.801
    # the tiny exactness check
    p = np.array([0.6, 0.3, 0.1])
    q = np.array([0.3, 0.6, 0.1])
    accept = np.minimum(1, p / q)
    residual = np.maximum(0, p - q) / np.maximum(0, p - q).sum()
    emitted = q * accept + (1 - np.minimum(p, q).sum()) * residual
    assert np.allclose(emitted, p)
    assert_states(qid, np.minimum(p, q).sum(), rel=1e-9)  # acceptance 0.7
    # Monte Carlo: the expected number of tokens per target pass
    rng = np.random.default_rng(0)
    accepted = (rng.random((200_000, gamma)) < alpha).cumprod(axis=1).sum(axis=1)
    assert abs((accepted + 1).mean() - tokens) < 0.02


def test_constrained_decoding_counterexample():
    qid = "decoding.constrained-decoding"
    p_ay, p_bz = 0.9 * 0.01, 0.1 * 1.0
    assert_states(qid, p_ay, rel=1e-9)  # 0.009
    assert_states(qid, p_ay / (p_ay + p_bz), rel=1e-3)  # 0.0826
    assert_states(qid, p_bz / (p_ay + p_bz), rel=1e-3)  # 0.917


def _beam_scores(temperature: float) -> dict[tuple[str, str], float]:
    """Summed tempered log-probabilities of every two-token sequence in the beam counterexample."""

    def log_softmax(z):
        z = np.asarray(z, dtype=np.float64) / temperature
        return z - np.log(np.exp(z).sum())

    first = log_softmax([1.0, 0.0])
    after = {"a": log_softmax([0.1, 0.0]), "b": log_softmax([5.0, 0.0])}
    tokens = ("a", "b")
    return {(x, y): first[i] + after[x][j] for i, x in enumerate(tokens) for j, y in enumerate(tokens)}


def test_temperature_changes_beam_search_but_not_greedy():
    """Issue 16: tempering reorders whole sequences (beam search) though not tokens within a step."""
    qid = "decoding.temperature"
    s1, s3 = _beam_scores(1.0), _beam_scores(3.0)
    assert max(s1, key=s1.get) == ("a", "a")
    assert max(s3, key=s3.get) == ("b", "a")
    for value in (s1[("a", "a")], s1[("b", "a")], s3[("b", "a")], s3[("a", "a")]):
        assert_states(qid, round(abs(value), 3), rel=0, abs_tol=1e-9)  # written with a Unicode minus
        assert abs(round(abs(value), 3) - abs(value)) <= 5e-4
    # greedy takes the step-wise argmax, a then a, at both temperatures
    for t in (1.0, 3.0):
        assert np.argmax(np.array([1.0, 0.0]) / t) == 0 and np.argmax(np.array([0.1, 0.0]) / t) == 0
