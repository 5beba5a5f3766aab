"""Numeric claims in the llm-systems deck, recomputed in float64.

KV-cache and training-memory arithmetic, quantization error examples, roofline
intensities, speculative-decoding probabilities and speed-ups, pipeline bubbles,
ZeRO stages, RoPE frequencies, MLA cache sizes and serving estimates. The bug
items' snippets are executed (numpy only) to confirm the stated wrong outputs and
that the stated fix restores the exact result.
"""

from __future__ import annotations

import math

import numpy as np

from tests.unit.bank.claims import answer_text, assert_states, numbers_in, question

GIB = 2.0**30
MIB = 2.0**20
KIB = 2.0**10

H100_FLOPS = 989e12  # dense bf16
H100_BW = 3.35e12  # HBM3 bytes/s


def kv_bytes_per_token(layers, kv_heads, head_dim, bytes_per_elem=2):
    return 2 * layers * kv_heads * head_dim * bytes_per_elem


def assert_states_in(qid: str, lang: str, value: float, *, rel: float = 5e-3) -> None:
    """Like ``assert_states`` for one language (a figure written as "1.53 million" vs "153 万")."""
    nums = numbers_in(answer_text(qid, lang))
    assert any(abs(n - value) <= rel * abs(value) for n in nums), f"{qid} [{lang}] does not state {value:g}"


def run_snippet(qid: str) -> dict:
    """Execute a bug item's snippet and return its namespace."""
    namespace: dict = {}
    exec(compile(question(qid)["code"], qid, "exec"), namespace)  # noqa: S102 - our own bank text
    return namespace


# ---------------------------------------------------------------- serving basics


def test_ttft_tpot_latency():
    qid = "llm-systems.ttft-tpot"
    ttft, tpot, n_out = 0.2, 0.025, 201
    assert_states(qid, ttft + (n_out - 1) * tpot)  # 5.2 s
    assert_states(qid, 1 / tpot)  # 40 tokens/s
    assert_states(qid, n_out - 1, rel=0)  # 200 decode steps


def test_int8_absmax_example():
    qid = "llm-systems.int8-absmax"
    w = np.array([0.2, -0.73, 0.05, 1.5])
    s = np.abs(w).max() / 127
    q = np.clip(np.round(w / s), -127, 127)
    deq = q * s
    assert_states(qid, s, rel=1e-4)  # 0.011811
    assert list(q) == [17, -62, 4, 127]
    for v in (17, 62, 4, 127):  # -62 is written with a Unicode minus
        assert_states(qid, v, rel=0)
    for v in np.abs(w / s):
        assert_states(qid, round(float(v), 2), rel=1e-3)  # 16.93, 61.81, 4.23
    for v in np.abs(deq[:3]):
        assert_states(qid, round(float(v), 4), rel=1e-3)  # 0.2008, 0.7323, 0.0472
    for e in np.abs(deq - w)[:3]:
        assert_states(qid, round(float(e), 4), rel=0.02)  # 0.0008, 0.0023, 0.0028
    assert np.all(np.abs(deq - w) <= s / 2)
    assert_states(qid, s / 2, rel=2e-3)  # 0.0059
    assert_states(qid, abs(deq[2] - w[2]) / w[2] * 100, rel=0.01)  # 5.5 % relative
    assert_states(qid, 7e9 * 2 / 1e9)  # 14 GB
    assert_states(qid, 7e9 * 1 / 1e9)  # 7 GB
    assert_states(qid, 7e9 * 0.5 / 1e9)  # 3.5 GB
    assert_states(qid, 16 / 128)  # 0.125 bit per weight of scale overhead


def test_training_memory_16_bytes():
    qid = "llm-systems.training-memory-16-bytes"
    per_param = 2 + 2 + 4 + 4 + 4
    assert per_param == 16
    assert_states(qid, per_param, rel=0)
    assert_states(qid, per_param * 7e9 / 1e9)  # 112 GB
    assert per_param * 7e9 > 80e9  # does not fit one 80 GB GPU
    assert_states(qid, 2 * 7e9 / 1e9)  # 14 GB of weights
    eight_bit_adam = 2 + 2 + 4 + 1 + 1
    assert_states(qid, eight_bit_adam, rel=0)  # 10 bytes
    assert_states(qid, eight_bit_adam * 7e9 / 1e9)  # 70 GB


def test_fp16_bf16_ranges():
    qid = "llm-systems.fp16-vs-bf16"
    fp16_max = (2 - 2**-10) * 2**15
    bf16_max = (2 - 2**-7) * 2**127
    assert fp16_max == float(np.finfo(np.float16).max)
    assert_states(qid, fp16_max, rel=0)  # 65504
    assert_states(qid, bf16_max, rel=2e-3)  # 3.39e38
    assert_states(qid, 2.0**-24, rel=5e-3)  # 5.96e-8 smallest fp16 subnormal
    assert 2.0**-24 < 6e-8  # "below about 6e-8 flush to zero"


def test_checkpointing_overhead():
    # forward = 1 unit, backward = 2 units; recomputation adds one forward
    overhead = 1 / 3
    assert_states("llm-systems.activation-checkpointing", round(100 * overhead), rel=0)  # 33 %


def test_mixtral_total_and_active():
    qid = "llm-systems.moe-basics"
    d, layers, ff, vocab, experts, k = 4096, 32, 14_336, 32_000, 8, 2
    expert = 3 * d * ff
    attn = 2 * d * d + 2 * d * 1024
    shared = layers * attn + layers * experts * d + layers * 2 * d + d + 2 * vocab * d
    total = layers * experts * expert + shared
    active = layers * k * expert + shared
    assert_states(qid, total / 1e9, rel=2e-3)  # 46.7B
    assert_states(qid, active / 1e9, rel=2e-3)  # 12.9B
    # an expert is missed by one token with probability C(7,2)/C(8,2) = 6/8 under uniform top-2
    # routing, so by all 16 tokens of a decode batch with probability (6/8)^16 ≈ 1 %
    miss_one = math.comb(experts - 1, k) / math.comb(experts, k)
    assert miss_one == 6 / 8
    assert_states(qid, round(100 * miss_one**16), rel=0)  # ≈ 1 %
    rng = np.random.default_rng(0)
    trials = 20_000
    picks = np.argsort(rng.random((trials, 16, experts)), axis=-1)[..., :k]  # uniform top-2 per token
    missed = ~(picks == 0).any(axis=(1, 2))
    assert abs(missed.mean() - miss_one**16) < 0.003


# ---------------------------------------------------------------- KV cache


def test_kv_cache_long_context():
    qid = "llm-systems.kv-cache-long-context"
    per_token = kv_bytes_per_token(80, 8, 128)
    assert_states(qid, per_token, rel=0)  # 327,680 bytes
    assert_states(qid, per_token / KIB, rel=0)  # 320 KiB
    assert_states(qid, per_token * 8192 / GIB, rel=0)  # 2.5 GiB
    assert_states(qid, per_token * 131_072 / GIB, rel=0)  # 40 GiB
    mha = kv_bytes_per_token(80, 64, 128)
    assert mha == 8 * per_token
    assert_states(qid, mha / MIB, rel=0)  # 2.5 MiB per token
    assert_states(qid, mha * 131_072 / GIB, rel=0)  # 320 GiB
    weights = 70e9 * 2
    free = 8 * 80e9 - weights
    assert_states(qid, weights / 1e9, rel=0)  # 140 GB
    assert_states(qid, free / 1e9, rel=0)  # 500 GB
    assert_states(qid, 8 * 80, rel=0)  # 640 GB on the node
    tokens = free / per_token
    assert_states_in(qid, "en", tokens / 1e6, rel=3e-3)  # 1.53 million
    assert_states_in(qid, "zh", tokens / 1e4, rel=3e-3)  # 153 万
    assert_states(qid, math.floor(free / (per_token * 8192)), rel=0)  # 186 sequences at 8K
    assert_states(qid, math.floor(free / (per_token * 131_072)), rel=0)  # 11 at 128K


def test_kv_cache_bug_snippet():
    qid = "llm-systems.kv-cache-bug"
    ns = run_snippet(qid)
    cfg = ns["Config"](num_layers=80, num_attention_heads=64, num_key_value_heads=8, head_dim=128)
    buggy = ns["kv_bytes_per_sequence"](cfg, 8192)
    right = kv_bytes_per_token(80, 8, 128) * 8192
    assert buggy / right == 8
    assert_states(qid, buggy / right, rel=0)  # 8x
    assert_states(qid, buggy / GIB, rel=0)  # 20 GiB
    assert_states(qid, right / GIB, rel=0)  # 2.5 GiB
    free = 500 * 10**9
    assert ns["max_sequences"](cfg, free, 8192) * 8 <= free // right


def test_paged_attention_block():
    qid = "llm-systems.paged-attention"
    per_token = kv_bytes_per_token(32, 32, 128)
    assert_states(qid, per_token, rel=0)  # 524,288 bytes
    assert_states(qid, per_token / MIB, rel=0)  # 0.5 MiB
    assert_states(qid, 16 * per_token / MIB, rel=0)  # 8 MiB per block
    assert_states(qid, 16 * per_token / 32 / MIB, rel=0)  # 0.25 MiB per layer


def test_mla_cache():
    qid = "llm-systems.mla"
    d_c, d_rope, heads, head_dim, layers = 512, 64, 128, 128, 60
    mla = d_c + d_rope
    mha = 2 * heads * head_dim
    assert_states(qid, mla, rel=0)  # 576
    assert_states(qid, mha, rel=0)  # 32,768
    assert_states(qid, mha / mla, rel=2e-3)  # 56.9x
    assert_states(qid, mla / (2 * head_dim), rel=0)  # 2.25 groups
    assert_states(qid, 2 * head_dim, rel=0)  # 256 per GQA group
    assert_states(qid, mla * layers * 2, rel=0)  # 69,120 bytes
    assert_states(qid, mla * layers * 2 / KIB, rel=0)  # 67.5 KiB
    assert_states(qid, mha * layers * 2 / MIB, rel=0)  # 3.75 MiB


# ---------------------------------------------------------------- roofline and serving


def test_roofline_intensity():
    qid = "llm-systems.roofline-intensity"
    d = 8192

    def intensity(b):
        return 2 * b * d * d / (2 * d * d + 4 * b * d)

    assert math.isclose(intensity(256), 256 * d / (d + 2 * 256))
    assert_states(qid, H100_FLOPS / H100_BW, rel=5e-3)  # 295
    assert_states(qid, 312e12 / 2.04e12, rel=5e-3)  # A100 153
    assert_states(qid, round(intensity(1), 1), rel=0)  # 1.0
    assert_states(qid, intensity(16), rel=5e-3)  # 15.9
    assert_states(qid, intensity(256), rel=1e-3)  # 240.9
    assert_states(qid, d + 2 * 256, rel=0)  # 8704
    assert_states(qid, d + 2, rel=0)  # 8194
    # decode attention over a bf16 KV cache of n tokens: 2·n·H·dh FLOPs each for q·Kᵀ and p·V,
    # reading 2·n·H_kv·dh bytes each for K and V -> intensity H / H_kv (1 for MHA)
    n, heads, kv_heads, dh = 4096, 64, 8, 128
    attn_flops = 2 * (2 * n * heads * dh)
    attn_bytes = 2 * (2 * n * kv_heads * dh)
    assert_states(qid, attn_flops / attn_bytes, rel=0)  # e.g. 8 under GQA
    usable = intensity(1) * H100_BW / H100_FLOPS
    assert_states(qid, round(100 * usable, 1), rel=0.05)  # about 0.3 % of peak


def test_serving_estimate():
    qid = "llm-systems.serving-estimate"
    per_gpu = 70e9 * 2 / 8
    t1 = per_gpu / H100_BW
    assert_states(qid, per_gpu / 1e9)  # 17.5 GB
    assert_states(qid, t1 * 1e3, rel=2e-3)  # 5.22 ms
    assert_states(qid, 1 / t1, rel=3e-3)  # 191 tokens/s
    kv = 32 * 4096 * kv_bytes_per_token(80, 8, 128)
    assert_states(qid, kv / 1e9, rel=2e-3)  # 42.9 GB
    assert_states(qid, kv / GIB, rel=0)  # 40 GiB
    t_kv = kv / (8 * H100_BW)
    assert_states(qid, t_kv * 1e3, rel=3e-3)  # 1.60 ms
    step = t1 + t_kv
    assert_states(qid, step * 1e3, rel=2e-3)  # 6.83 ms
    compute = 2 * 70e9 * 32 / (8 * H100_FLOPS)
    assert compute < step
    assert_states(qid, compute * 1e3, rel=0.01)  # 0.57 ms
    assert_states(qid, 32 / step, rel=2e-3)  # 4,690 tokens/s
    assert_states(qid, 1 / step, rel=5e-3)  # 146 tokens/s per user
    assert_states(qid, (32 / step) / (1 / t1), rel=0.03)  # ~24x throughput
    assert_states(qid, round(100 * (step / t1 - 1), -1), rel=0)  # ~30 % worse TPOT
    prefill = 2 * 70e9 * 2000
    assert_states(qid, prefill)  # 2.8e14
    assert_states(qid, 0.5 * 8 * H100_FLOPS, rel=0.01)  # 3.96e15
    assert_states(qid, prefill / (0.5 * 8 * H100_FLOPS) * 1e3, rel=2e-3)  # 70.8 ms
    assert_states(qid, 2 * 80, rel=0)  # 160 all-reduces per step
    assert_states(qid, 70e9 * 2 / 1e9, rel=0)  # 140 GB of weights
    assert_states(qid, (8 * 80e9 - 70e9 * 2) / 1e9, rel=0)  # ~500 GB left


# ---------------------------------------------------------------- quantization


def test_weight_only_int4_size():
    qid = "llm-systems.weight-only-quant-speed"
    assert_states(qid, 70e9 * 0.5 / 1e9)  # 35 GB
    assert_states(qid, 70e9 * 2 / 1e9)  # 140 GB
    assert_states(qid, 16 / 128)  # 0.125 bit
    assert_states(qid, 4 + 16 / 128, rel=0)  # 4.125 bits per weight
    assert_states(qid, 16 / (4 + 16 / 128), rel=0.01)  # ideal 3.9x over fp16
    assert_states(qid, 16, rel=0)


def test_activation_outlier_example():
    qid = "llm-systems.activation-outliers"
    x = np.array([0.3, -1.1, 0.8, 60.0])
    step = 60 / 127
    q = np.round(x / step)
    assert list(q) == [1, -2, 2, 127]
    assert_states(qid, step, rel=1e-4)  # 0.4724
    assert_states(qid, 0.3 / step, rel=2e-3)  # 0.635
    assert_states(qid, 2 * step, rel=1e-4)  # 0.9449
    assert_states(qid, round(100 * (step - 0.3) / 0.3), rel=0)  # 57 %
    small_step = 1.1 / 127
    assert_states(qid, small_step, rel=2e-3)  # 0.00866
    assert_states(qid, small_step / 2, rel=0.01)  # half a step, 0.0043
    x_small = x[:3]
    errors = np.abs(np.round(x_small / small_step) * small_step - x_small)
    assert_states(qid, errors.max(), rel=0.02)  # 0.0031 at most


def test_fp8_formats():
    qid = "llm-systems.fp8-formats"
    e4m3_max = (1 + 6 / 8) * 2.0 ** (15 - 7)  # top exponent kept; mantissa 111 is NaN
    e5m2_max = (1 + 3 / 4) * 2.0 ** (30 - 15)  # exponent 31 is inf/NaN
    assert_states(qid, e4m3_max, rel=0)  # 448
    assert_states(qid, e5m2_max, rel=0)  # 57344
    assert_states(qid, 2.0**-9, rel=3e-3)  # 0.00195
    assert_states(qid, 2.0**-16, rel=3e-3)  # 1.53e-5
    assert_states(qid, 2.0**-3, rel=0)  # 0.125 spacing near 1
    assert_states(qid, 2.0**-2, rel=0)  # 0.25
    assert_states(qid, 1.75, rel=0)


def test_smoothquant_example():
    qid = "llm-systems.smoothquant"
    x_max, w_max = 100.0, 0.1
    for alpha, s_txt, x_txt, w_txt in ((0.5, 31.62, 3.162, 3.162), (0.75, 56.23, 1.778, 5.623)):
        s = x_max**alpha / w_max ** (1 - alpha)
        assert math.isclose(s, s_txt, rel_tol=1e-3)
        assert math.isclose(x_max / s, x_txt, rel_tol=1e-3)
        assert math.isclose(w_max * s, w_txt, rel_tol=1e-3)
        for v in (s, x_max / s, w_max * s):
            assert_states(qid, v, rel=1e-3)
    assert math.isclose(math.sqrt(x_max * w_max), 3.1623, rel_tol=1e-4)
    assert_states(qid, math.sqrt(w_max), rel=1e-3)  # 0.3162
    assert_states(qid, math.sqrt(x_max), rel=0)  # 10


def test_int4_group_overhead():
    qid = "llm-systems.quantization-what-breaks"
    bits = 4 + 16 / 128
    assert_states(qid, bits, rel=0)  # 4.125
    assert_states(qid, 4 + 32 / 128, rel=0)  # 4.25 with zero-points
    assert_states(qid, 7e9 * bits / 8 / 1e9, rel=2e-3)  # 3.61 GB
    assert_states(qid, 16 / bits, rel=2e-3)  # 3.88x smaller than fp16


# ---------------------------------------------------------------- speculative decoding


P = np.array([0.5, 0.3, 0.2])
Q = np.array([0.7, 0.2, 0.1])


def test_speculative_acceptance_example():
    qid = "llm-systems.speculative-acceptance"
    accept = np.minimum(1.0, P / Q)
    assert_states(qid, accept[0], rel=1e-3)  # 0.714
    alpha = np.minimum(P, Q).sum()
    assert_states(qid, alpha, rel=1e-9)  # 0.8
    assert math.isclose(alpha, 1 - 0.5 * np.abs(P - Q).sum())  # 1 - TV
    residual = np.maximum(P - Q, 0.0)
    residual /= residual.sum()
    assert np.allclose(residual, [0, 0.5, 0.5])
    emitted = np.minimum(P, Q) + (1 - alpha) * residual
    assert np.allclose(emitted, P)
    for v in (0.1, 0.2, 0.3, 0.5, 1.5, 2.0):
        assert_states(qid, v, rel=1e-9)


def expected_tokens(alpha, gamma):
    return (1 - alpha ** (gamma + 1)) / (1 - alpha)


def test_speculative_speedup_numbers():
    qid = "llm-systems.speculative-speedup"
    alpha, c = 0.7, 0.1
    # the closed form equals the mean of 1 + (accepted drafts before the first rejection)
    for gamma in (1, 5, 10):
        direct = sum(alpha**i for i in range(gamma + 1))
        assert math.isclose(direct, expected_tokens(alpha, gamma))
    assert_states(qid, alpha**6, rel=1e-6)  # 0.117649
    speedups = {g: expected_tokens(alpha, g) / (g * c + 1) for g in range(1, 21)}
    best = max(speedups, key=speedups.get)
    assert best == 4
    assert_states(qid, expected_tokens(alpha, 5), rel=1e-4)  # 2.9412
    assert_states(qid, speedups[5], rel=1e-4)  # 1.9608
    assert_states(qid, expected_tokens(alpha, 4), rel=1e-4)  # 2.7731
    assert_states(qid, speedups[4], rel=1e-4)  # 1.9808
    assert_states(qid, expected_tokens(alpha, 10), rel=1e-4)  # 3.2674
    assert_states(qid, speedups[10], rel=1e-4)  # 1.6337
    assert_states(qid, 5 * c + 1, rel=0)  # 1.5
    assert_states(qid, 4 * c + 1, rel=1e-12)  # 1.4


def test_speculative_bug_snippet_is_biased_and_fix_is_exact():
    qid = "llm-systems.speculative-bug"
    alpha = np.minimum(P, Q).sum()
    biased = np.minimum(P, Q) + (1 - alpha) * P
    assert np.allclose(biased, [0.6, 0.26, 0.14])
    for v in biased:
        assert_states(qid, v, rel=1e-9)
    assert_states(qid, alpha, rel=1e-9)  # 0.8
    for v in (1 - alpha) * P:
        assert_states(qid, v, rel=1e-9)  # 0.1, 0.06, 0.04

    ns = run_snippet(qid)
    assert np.allclose(emitted_distribution(ns["verify"]), biased)

    fixed_src = question(qid)["code"].replace(
        "out.append(int(rng.choice(p_probs.shape[1], p=p_probs[i])))",
        "residual = np.maximum(p_probs[i] - q_probs[i], 0.0)\n"
        "            residual /= residual.sum()\n"
        "            out.append(int(rng.choice(residual.shape[0], p=residual)))",
    )
    assert fixed_src != question(qid)["code"]
    fixed: dict = {}
    exec(compile(fixed_src, qid + "-fixed", "exec"), fixed)  # noqa: S102
    assert np.allclose(emitted_distribution(fixed["verify"]), P)


class _BranchRng:
    """A stand-in generator: ``random()`` returns a chosen uniform; ``choice`` records the
    distribution it was asked to sample from, so a verifier's output law can be read exactly."""

    def __init__(self, u: float):
        self.u = u
        self.sampled_from: np.ndarray | None = None

    def random(self) -> float:
        return self.u

    def choice(self, n, p):
        self.sampled_from = np.asarray(p, dtype=float)
        return -1


def emitted_distribution(verify) -> np.ndarray:
    """Exact law of the first emitted token for one drafted token x ~ Q against target P."""
    out = np.zeros(3)
    for x in range(3):
        accept = min(1.0, P[x] / Q[x])
        if accept > 0:
            taken = verify([x], Q[None, :], np.stack([P, P]), _BranchRng(0.0))
            assert taken[0] == x
            out[x] += Q[x] * accept
        if accept < 1:
            rng = _BranchRng(1.0 - 1e-12)
            verify([x], Q[None, :], np.stack([P, P]), rng)
            out += Q[x] * (1 - accept) * rng.sampled_from
    return out


# ---------------------------------------------------------------- training parallelism and memory


def test_zero_stages():
    qid = "llm-systems.zero-stages"
    psi, n = 7.5e9, 64
    assert_states(qid, 16 * psi / 1e9, rel=0)  # 120 GB
    assert_states(qid, (4 * psi + 12 * psi / n) / 1e9, rel=2e-3)  # 31.4 GB
    assert_states(qid, (2 * psi + 14 * psi / n) / 1e9, rel=3e-3)  # 16.6 GB
    assert_states(qid, 16 * psi / n / 1e9, rel=0)  # 1.875 GB
    assert_states(qid, 3 / 2, rel=0)  # 1.5x communication


def test_tensor_parallel_allreduce_size():
    b, s, h = 1, 4096, 8192
    assert_states("llm-systems.tensor-parallel", b * s * h * 2 / MIB, rel=0)  # 64 MiB


def test_pipeline_bubble():
    qid = "llm-systems.pipeline-bubble"
    p, m, v = 8, 32, 4
    assert_states(qid, 100 * (p - 1) / (m + p - 1), rel=3e-3)  # 17.9 %
    assert_states(qid, 100 * (p - 1) / m, rel=3e-3)  # 21.9 %
    assert_states(qid, 100 * (p - 1) / (2 * p - 1), rel=3e-3)  # 46.7 % with m = p
    assert_states(qid, 100 * (p - 1) / (v * m), rel=0.01)  # 5.5 %
    assert_states(qid, m + p - 1, rel=0)  # 39
    assert_states(qid, v * m, rel=0)  # 128


def test_moe_load_balancing():
    qid = "llm-systems.moe-load-balancing"
    n = 8

    def switch_aux(f, p):
        return n * float(np.dot(f, p))

    uniform = np.full(n, 1 / n)
    collapsed = np.eye(n)[0]
    assert_states(qid, switch_aux(uniform, uniform), rel=1e-12)  # 1
    assert_states(qid, switch_aux(collapsed, collapsed), rel=0)  # 8
    assert_states(qid, 1.25 * 4096 / 64, rel=0)  # 80 tokens per expert


def test_activation_memory():
    qid = "llm-systems.activation-memory"
    s, b, h, a, layers = 2048, 1, 4096, 32, 32
    assert 11 + 19 + 4 == 34
    lin = 34 * s * b * h
    quad = 5 * a * s * s * b
    assert_states(qid, lin, rel=0)  # 285,212,672
    assert_states(qid, lin / MIB, rel=0)  # 272 MiB
    assert_states(qid, quad, rel=0)  # 671,088,640
    assert_states(qid, quad / MIB, rel=0)  # 640 MiB
    assert_states(qid, (lin + quad) / 1e6, rel=1e-3)  # 956 MB
    assert_states(qid, (lin + quad) / GIB, rel=2e-3)  # 0.89 GiB
    assert_states(qid, layers * (lin + quad) / GIB, rel=0)  # 28.5 GiB
    assert_states(qid, 5 * a * s / h, rel=0)  # 80 > 34
    assert_states(qid, layers * lin / GIB, rel=0)  # 8.5 GiB
    assert_states(qid, 2 * s * b * h / MIB, rel=0)  # 16 MiB
    assert_states(qid, layers * 2 * s * b * h / MIB, rel=0)  # 512 MiB


def test_training_memory_70b():
    qid = "llm-systems.training-memory-70b"
    n_params = 70e9
    states = 16 * n_params
    assert_states(qid, states / 1e9, rel=0)  # 1,120 GB
    assert_states(qid, math.ceil(states / 80e9), rel=0)  # 14 GPUs
    assert_states(qid, states / 64 / 1e9, rel=0)  # 17.5 GB
    assert_states(qid, n_params / 80 / 1e9, rel=0)  # 0.875B per layer
    assert_states(qid, 2 * n_params / 80 / 1e9, rel=0)  # 1.75 GB
    s, h, layers = 4096, 8192, 80
    assert_states(qid, 2 * s * h / MIB, rel=0)  # 64 MiB
    assert_states(qid, layers * 2 * s * h / GIB, rel=0)  # 5 GiB
    flops = 6 * n_params * 2e12
    assert_states(qid, flops)  # 8.4e23
    rate = 2048 * H100_FLOPS * 0.4
    assert_states(qid, rate, rel=0.01)  # 8.1e17
    assert_states(qid, flops / rate, rel=0.01)  # 1.04e6 s
    assert_states(qid, round(flops / rate / 86400), rel=0)  # 12 days
    assert_states(qid, 40 * 8 / 6, rel=2e-3)  # 53.3 % HFU needed for 40 % MFU under full checkpointing


def test_parallelism_3d():
    qid = "llm-systems.parallelism-3d"
    psi, t, p, d = 175e9, 8, 16, 8
    assert t * p * d == 1024
    assert 96 // p == 6
    assert_states(qid, 96 // p, rel=0)  # 6 layers per stage
    assert_states(qid, 16 * psi / (t * p) / 1e9, rel=0)  # 21.875 GB
    assert_states(qid, 4 * psi / (t * p) / 1e9, rel=2e-3)  # 5.47 GB
    assert_states(qid, 12 * psi / (t * p * d) / 1e9, rel=3e-3)  # 2.05 GB
    assert_states(qid, (4 * psi / (t * p) + 12 * psi / (t * p * d)) / 1e9, rel=2e-3)  # 7.52 GB
    m = 1536 // d
    assert_states(qid, m, rel=0)  # 192
    assert_states(qid, 100 * (p - 1) / m, rel=3e-3)  # 7.8 %


# ---------------------------------------------------------------- long context and attention kernels


def test_rope_frequencies():
    qid = "llm-systems.rope-frequencies"
    d, base = 128, 10_000.0
    i = np.arange(d // 2)
    theta = base ** (-2 * i / d)
    wavelength = 2 * np.pi / theta
    assert_states(qid, wavelength[0], rel=1e-3)  # 6.28
    assert_states(qid, theta[-1], rel=1e-4)  # 1.1548e-4
    assert_states(qid, wavelength[-1], rel=1e-4)  # 54,410
    assert_states_in(qid, "en", 2 * np.pi * 500_000 ** (126 / 128) / 1e6, rel=3e-3)  # 2.56 million
    assert_states_in(qid, "zh", 2 * np.pi * 500_000 ** (126 / 128) / 1e4, rel=3e-3)  # 256 万
    unseen = np.nonzero(wavelength > 4096)[0]
    assert_states(qid, unseen[0], rel=0)  # i >= 46
    assert_states(qid, len(unseen), rel=0)  # 18 pairs
    # rotation makes the score depend on the offset only
    rng = np.random.default_rng(1)
    q, k = rng.standard_normal(2), rng.standard_normal(2)

    def rot(angle):
        return np.array([[np.cos(angle), -np.sin(angle)], [np.sin(angle), np.cos(angle)]])

    assert math.isclose((rot(7 * 0.3) @ q) @ (rot(11 * 0.3) @ k), q @ (rot(4 * 0.3) @ k))


def test_rope_extension():
    qid = "llm-systems.rope-extension"
    d, base, s = 128, 10_000.0, 4.0
    new_base = base * s ** (d / (d - 2))
    assert_states(qid, new_base, rel=1e-4)  # 40,890
    i = np.arange(d // 2)
    ratio = (new_base ** (-2 * i / d)) / (base ** (-2 * i / d))
    assert math.isclose(ratio[0], 1.0)
    assert math.isclose(ratio[-1], 1 / s)
    temp = 0.1 * math.log(s) + 1
    assert_states(qid, temp, rel=1e-3)  # 1.139
    assert_states(qid, temp**2, rel=1e-3)  # 1.296


def test_ring_attention_block_size():
    qid = "llm-systems.ring-attention"
    # compute 4 c^2 d / F >= transfer 4 c d / B  <=>  c >= F / B
    c = H100_FLOPS / 450e9
    d = 8192
    assert 4 * c * c * d / H100_FLOPS >= 4 * c * d / 450e9 * (1 - 1e-12)
    assert_states(qid, c, rel=2e-3)  # 2,198
    assert_states(qid, H100_FLOPS / 50e9, rel=1e-4)  # 19,780


def test_online_softmax_bug_snippet():
    qid = "llm-systems.online-softmax-bug"
    ns = run_snippet(qid)
    q = np.array([1.0])
    K = np.array([[0.0], [1.0], [2.0], [3.0]])
    V = np.array([[1.0], [2.0], [3.0], [4.0]])
    scores = K @ q
    w = np.exp(scores - scores.max())
    exact = float((w / w.sum()) @ V[:, 0])
    buggy = float(ns["attention_row_blockwise"](q, K, V, block=2)[0])
    assert_states(qid, exact, rel=1e-4)  # 3.4927
    assert_states(qid, buggy, rel=1e-3)  # 4.811
    assert buggy > V.max()
    # with the max in the first block the bug is invisible
    hidden = float(ns["attention_row_blockwise"](q, K[::-1], V[::-1], block=2)[0])
    assert math.isclose(hidden, exact)
    # intermediate values quoted in the answer
    l1, o1 = math.exp(-1) + 1, math.exp(-1) * 1 + 2
    l2 = l1 * math.exp(-2) + math.exp(-1) + 1
    o2 = o1 + math.exp(-1) * 3 + 4
    for v in (l1, o1, l2, o2):
        assert_states(qid, v, rel=1e-4)
    assert math.isclose(o2 / l2, buggy)
    # the stated fix restores the exact result
    src = question(qid)["code"]
    fixed_src = src.replace("o = o + p @", "o = o * np.exp(m - m_new) + p @")
    assert fixed_src != src
    fixed: dict = {}
    exec(compile(fixed_src, qid + "-fixed", "exec"), fixed)  # noqa: S102
    rng = np.random.default_rng(2)
    Kr, Vr, qr = rng.standard_normal((37, 8)), rng.standard_normal((37, 3)), rng.standard_normal(8)
    sr = Kr @ qr
    wr = np.exp(sr - sr.max())
    assert np.allclose(fixed["attention_row_blockwise"](qr, Kr, Vr, block=5), (wr / wr.sum()) @ Vr)
    assert math.isclose(float(fixed["attention_row_blockwise"](q, K, V, block=2)[0]), exact)


def test_loss_scaling_numbers():
    qid = "llm-systems.loss-scaling-bug"
    scale = 2.0**16
    assert_states(qid, scale, rel=0)  # 65,536
    assert_states(qid, 1 / scale, rel=0.02)  # 1.5e-5
    # Adam: per-element gradient after the bug is (1/S)/sqrt(N); for N = 1e9 parameters that is
    # ~5e-10, far below eps = 1e-8, so m/(sqrt(v)+eps) ≈ g/eps shrinks the step ~20x or more
    g = (1 / scale) / math.sqrt(1e9)
    assert g < 1e-8 / 10
    assert_states(qid, 1e-8, rel=0)  # Adam's eps


def test_mfu_example():
    qid = "llm-systems.mfu"
    n_params, tok_s, peak = 7e9, 3000, 312e12
    layers, hidden, seq = 32, 4096, 4096
    assert_states(qid, 6 * n_params * tok_s)  # 1.26e14
    assert_states(qid, 100 * 6 * n_params * tok_s / peak, rel=2e-3)  # 40.4 %
    attn = 12 * layers * hidden * seq
    assert_states(qid, attn, rel=2e-3)  # 6.44e9
    assert_states(qid, 6 * n_params, rel=0)  # 4.2e10
    assert_states(qid, round(100 * attn / (6 * n_params)), rel=0)  # +15 %
    assert_states(qid, 100 * (6 * n_params + attn) * tok_s / peak, rel=2e-3)  # 46.6 %
    assert_states(qid, 100 * 8 * n_params * tok_s / peak, rel=2e-3)  # 53.8 % HFU


def test_sliding_window_cache():
    qid = "llm-systems.sliding-window-sinks"
    per_token = kv_bytes_per_token(32, 8, 128)
    assert_states(qid, per_token, rel=0)  # 131,072 bytes
    assert_states(qid, per_token / KIB, rel=0)  # 128 KiB
    assert_states(qid, per_token * 4096 / MIB, rel=0)  # 512 MiB
    assert_states(qid, 32 * 4096, rel=0)  # 131,072-token receptive field


def test_grad_accum_example():
    qid = "llm-systems.grad-accum-bug"
    counts, means = np.array([10, 30]), np.array([2.0, 1.0])
    accumulated = means.mean()
    full = (counts * means).sum() / counts.sum()
    assert_states(qid, accumulated, rel=0)  # 1.5
    assert_states(qid, full, rel=0)  # 1.25
    assert_states(qid, (counts * means).sum(), rel=0)  # 50
    w = 1 / (len(counts) * counts)
    assert_states(qid, w[0], rel=0)  # 0.05
    assert_states(qid, w[1], rel=2e-3)  # 0.0167
    assert_states(qid, w[0] / w[1], rel=0)  # 3x
    assert_states(qid, 1 / counts.sum(), rel=0)  # 0.025
    # the stated fix (sum / total tokens) reproduces the full-batch mean for any split
    rng = np.random.default_rng(3)
    token_losses = rng.exponential(size=40)
    split = [token_losses[:10], token_losses[10:]]
    assert math.isclose(sum(t.sum() for t in split) / 40, token_losses.mean())
    assert not math.isclose(np.mean([t.mean() for t in split]), token_losses.mean())
    # under DDP the all-reduce averages gradients over W ranks. Per-token loss a_i·θ has
    # gradient a_i, so the full-batch mean loss has gradient mean(a). Each rank divides its
    # loss sum by the global token count; averaging those gradients is off by 1/W unless
    # the loss is also multiplied by W, as the answer says.
    a = rng.normal(size=72)
    shards = [a[:10], a[10:40], a[40:65], a[65:]]  # uneven token counts on W = 4 ranks
    world, n_global = len(shards), sum(len(s) for s in shards)
    ddp = lambda scale: np.mean([scale * s.sum() / n_global for s in shards])  # noqa: E731
    assert not math.isclose(ddp(1), a.mean())
    assert math.isclose(ddp(world), a.mean())
    assert "world size" in answer_text(qid, "en") and "world size" in answer_text(qid, "zh")


def test_continuous_batching_reported_gain():
    # Orca (Yu et al., OSDI 2022): 36.9x FasterTransformer's throughput at the same latency
    assert_states("llm-systems.continuous-batching", 36.9, rel=0)


def test_serving_memory_budget_13b():
    qid = "llm-systems.serving-memory-budget"
    weights = 13e9 * 2
    per_token = kv_bytes_per_token(40, 40, 128)
    tokens = 8 * 4096
    kv = per_token * tokens
    assert_states(qid, weights / 1e9, rel=0)  # 26 GB
    assert_states(qid, per_token, rel=0)  # 819,200 bytes
    assert_states(qid, per_token / KIB, rel=0)  # 800 KiB
    assert_states(qid, tokens, rel=0)  # 32,768
    assert_states(qid, kv, rel=0)  # 26,843,545,600 bytes
    assert_states(qid, kv / GIB, rel=0)  # 25 GiB
    assert_states(qid, kv / 1e9, rel=2e-3)  # 26.8 GB
    total = (weights + kv) / 1e9
    assert_states(qid, total, rel=2e-3)  # 52.8 GB
    assert 48 < total < 80
    assert_states(qid, 13e9 / 1e9, rel=0)  # 13 GB of int8 weights
    assert_states(qid, kv / 2 / 1e9, rel=3e-3)  # 13.4 GB of 8-bit KV
    assert_states(qid, (13e9 + kv / 2) / 1e9, rel=2e-3)  # 26.4 GB
    assert_states(qid, 40 / 8, rel=0)  # 5x less cache with 8 KV heads


def test_qlora_double_quantization():
    qid = "llm-systems.qlora"
    before = 32 / 64
    after = 8 / 64 + 32 / (64 * 256)
    assert_states(qid, before, rel=0)  # 0.5 bit
    assert_states(qid, after, rel=3e-3)  # 0.127 bit
    assert_states(qid, before - after, rel=2e-3)  # 0.373 bit
    assert_states(qid, (before - after) * 65e9 / 8 / 1e9, rel=0.02)  # about 3 GB
    bits = 4 + after
    assert_states(qid, bits, rel=1e-3)  # 4.127
    assert_states(qid, 65e9 * bits / 8 / 1e9, rel=2e-3)  # 33.5 GB
    assert 65e9 * bits / 8 / 1e9 < 48
