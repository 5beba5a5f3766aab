"""Numeric claims of the multimodal deck, recomputed in float64 and checked against the text.

Where an answer makes a claim about a bug snippet (what the buggy code returns, what the
fix returns), the snippet is taken from the bank and run, so the text, the code and the
arithmetic cannot drift apart.
"""

from __future__ import annotations

import math

import numpy as np

from tests.unit.bank.claims import assert_states, question


def _run_snippet(qid: str) -> dict:
    """Execute the bug snippet of ``qid`` and return its namespace."""
    namespace: dict = {}
    exec(compile(question(qid)["code"], qid, "exec"), namespace)  # noqa: S102 - the bank's own code
    return namespace


def _log_softmax(x: np.ndarray, axis: int) -> np.ndarray:
    x = x - x.max(axis=axis, keepdims=True)
    return x - np.log(np.exp(x).sum(axis=axis, keepdims=True))


def _clip_loss(logits: np.ndarray) -> float:
    """Symmetric InfoNCE on an [N, N] logit matrix with the positives on the diagonal."""
    idx = np.arange(len(logits))
    rows = -_log_softmax(logits, axis=1)[idx, idx].mean()
    cols = -_log_softmax(logits, axis=0)[idx, idx].mean()
    return float((rows + cols) / 2)


# ------------------------------------------------------------------ CLIP / SigLIP


def test_clip_temperature_values():
    qid = "multimodal.clip-temperature"
    assert_states(qid, 1 / 0.07)             # 14.29
    assert_states(qid, math.log(1 / 0.07))   # 2.659
    assert_states(qid, math.log(100))        # 4.605
    assert_states(qid, 100)


def test_contrastive_chance_loss_is_ln_n_and_logit_matrix_size():
    for n in (256, 32_768):
        # equal logits: the positive gets 1/N in every row and column
        if n <= 256:
            assert math.isclose(_clip_loss(np.zeros((n, n))), math.log(n), rel_tol=1e-12)
    qid = "multimodal.contrastive-batch-size"
    assert_states(qid, math.log(32_768))     # 10.397
    assert_states(qid, math.log(256))        # 5.545
    entries = 32_768**2
    assert_states(qid, entries)              # 1,073,741,824
    assert_states(qid, entries * 4 / 1e9)    # 4.29 GB in fp32
    # the InfoNCE bound ln N − L never exceeds ln N because L ≥ 0
    rng = np.random.default_rng(0)
    loss = _clip_loss(rng.standard_normal((64, 64)) * 5)
    assert loss >= 0 and math.log(64) - loss <= math.log(64)


def test_missing_temperature_loss_floor():
    n = 256
    qid = "multimodal.bug-clip-missing-temperature"
    loose = math.log(1 + (n - 1) * math.exp(-2.0))
    # best achievable arrangement: u_i = v_i forming a regular simplex (cosine −1/(N−1))
    simplex = np.eye(n) - 1.0 / n
    simplex /= np.linalg.norm(simplex, axis=1, keepdims=True)
    cos = simplex @ simplex.T
    assert math.isclose(cos[0, 1], -1 / (n - 1), rel_tol=1e-9)
    best = _clip_loss(cos)
    assert math.isclose(best, math.log(1 + (n - 1) * math.exp(-1 - 1 / (n - 1))), rel_tol=1e-9)
    # random unit embeddings do worse than the simplex, and nothing beats the loose bound
    rng = np.random.default_rng(1)
    u = rng.standard_normal((n, 64))
    u /= np.linalg.norm(u, axis=1, keepdims=True)
    assert _clip_loss(u @ u.T) > best > loose
    assert_states(qid, loose)                # 3.570
    assert_states(qid, best)                 # 4.548
    assert_states(qid, math.log(n))          # 5.545
    assert_states(qid, n - 1)                # negatives at cosine −1/255
    assert_states(qid, math.log(1 / 0.07), rel=1e-4)   # 2.6593 in the fix
    assert_states(qid, math.log(100), rel=1e-4)        # 4.6052 in the fix


def test_normalise_axis_bug_reduces_a_single_image_to_signs():
    ns = _run_snippet("multimodal.bug-clip-normalise-axis")
    rng = np.random.default_rng(2)
    x = rng.standard_normal((8, 16))
    one = ns["embed"](x[:1])
    assert np.allclose(np.abs(one), 1.0)                 # every feature becomes ±1
    assert not np.allclose(one, ns["embed"](x)[:1])      # the embedding depends on the batch
    fixed = x / np.linalg.norm(x, axis=-1, keepdims=True)
    assert np.allclose(np.linalg.norm(fixed, axis=1), 1.0)


def test_siglip_initial_losses():
    qid = "multimodal.siglip-loss"
    softplus = lambda v: math.log1p(math.exp(v))  # noqa: E731 - −log σ(−v)
    assert_states(qid, math.log(2))              # 0.693 per pair at b = 0
    assert_states(qid, 32_767 * math.log(2))     # ≈ 22,712 nats of negatives in one row
    assert_states(qid, softplus(-10.0), rel=1e-3)   # 4.54e-5 per negative at b = −10
    assert_states(qid, softplus(10.0), rel=1e-6)    # 10.00005 per positive
    assert_states(qid, math.log(32_767))         # prior log-odds magnitude 10.397
    # batch-size findings of Zhai et al. (SigLIP §4.1-4.2), stated in both SigLIP items
    for item in (qid, "multimodal.siglip-vs-clip"):
        for figure in (32, 98, 307):             # sigmoid peak 32k, softmax peak 98k, 307k hurts both
            assert_states(item, figure)


# ------------------------------------------------------------------ connectors


def test_visual_token_counts():
    assert_states("multimodal.llava-architecture", (336 // 14) ** 2)   # 576
    assert_states("multimodal.llava-architecture", (224 // 14) ** 2)   # 256
    assert_states("multimodal.connector-types", (336 // 14) ** 2)
    qid = "multimodal.visual-token-budget"
    assert_states(qid, 5 * (336 // 14) ** 2)      # 2,880 features (2×2 tiles + global view)
    # LLaVA-NeXT's released code appends one newline token per row of the stitched grid
    grid_side = 2 * (336 // 14)                   # 48 rows of 48 patches for 672×672
    assert_states(qid, grid_side)                 # 48 newline tokens
    assert_states(qid, grid_side**2)              # 2,304 tile tokens
    assert_states(qid, grid_side**2 + grid_side + (336 // 14) ** 2)   # 2,928 tokens
    assert_states(qid, 16_384)                    # Qwen2-VL's per-video token cap
    assert_states(qid, (448 // 14) ** 2)          # 1,024 per InternVL tile
    assert_states(qid, (448 // 14) ** 2 // 4)     # 256 after pixel shuffle
    assert_states(qid, 14 * 2)                    # 28 px per Qwen2-VL token
    assert_states(qid, (448 // 28) ** 2)          # 256
    assert_states(qid, 32 * 576)                  # 18,432 for 32 frames
    assert_states("multimodal.fusion-strategies", (512 // 16) ** 2)   # 1,024 Chameleon tokens


# ------------------------------------------------------------------ tokenizers


def test_image_tokenizer_counts_and_bits():
    qid = "multimodal.image-tokenizer-basics"
    raw_values = 256 * 256 * 3
    bits = 256 * math.log2(16_384)
    assert_states(qid, raw_values)               # 196,608
    assert_states(qid, (256 // 16) ** 2)         # 256
    assert_states(qid, (256 // 8) ** 2)          # 1,024
    assert_states(qid, math.log2(16_384))        # 14 bits
    assert_states(qid, bits)                     # 3,584 bits
    assert_states(qid, bits / 8)                 # 448 bytes
    assert_states(qid, raw_values * 8)           # 1,572,864 bits
    assert_states(qid, raw_values * 8 / bits)    # ≈ 439×


def _fsq_bound(z: np.ndarray, levels: int) -> np.ndarray:
    """FSQ's bounding function (Mentzer et al. reference code) followed by rounding."""
    eps = 1e-3
    half_l = (levels - 1) * (1 - eps) / 2
    offset = 0.0 if levels % 2 == 1 else 0.5
    shift = math.tan(offset / half_l)
    return np.round(np.tanh(z + shift) * half_l - offset)


def test_fsq_codebook_sizes_and_levels():
    qid = "multimodal.fsq"
    assert_states(qid, math.prod([8, 5, 5, 5]))             # 1,000
    assert_states(qid, math.prod([8, 8, 8, 5, 5, 5]))       # 64,000
    assert_states(qid, math.log2(1000))                     # 9.966 bits
    assert_states(qid, math.log2(64_000))                   # 15.966 bits
    z = np.linspace(-20, 20, 200_001)
    assert sorted(set(_fsq_bound(z, 5))) == [-2, -1, 0, 1, 2]
    assert sorted(set(_fsq_bound(z, 8))) == list(range(-4, 4))   # {−4, …, 3}
    assert np.array_equal(_fsq_bound(z, 5), np.round(2 * (1 - 1e-3) * np.tanh(z)))


def test_vqgan_token_count():
    assert_states("multimodal.vqgan-losses", (256 // 16) ** 2)   # f = 16 → 256 tokens


def test_lfq_vocabulary():
    qid = "multimodal.lfq-magvit2"
    assert_states(qid, 2**18)                    # 262,144
    assert_states(qid, 18)
    assert_states(qid, math.log2(16_384))        # 14
    bits = np.array([1, 0, 1])                   # the index is the binary number of the signs
    assert int(sum(2**i * b for i, b in enumerate(bits))) == 5


def test_dc_ae_token_and_value_counts():
    qid = "multimodal.dc-ae"
    pixels = 1024 * 1024 * 3
    f8c4 = (1024 // 8) ** 2 * 4
    f32c32 = (1024 // 32) ** 2 * 32
    tokens_f8 = (1024 // 8 // 2) ** 2
    tokens_f32 = (1024 // 32) ** 2
    assert_states(qid, pixels)                   # 3,145,728
    assert_states(qid, f8c4)                     # 65,536
    assert_states(qid, f32c32)                   # 32,768
    assert_states(qid, pixels / f8c4)            # 48
    assert_states(qid, pixels / f32c32)          # 96
    assert_states(qid, tokens_f8)                # 4,096
    assert_states(qid, tokens_f32)               # 1,024
    assert_states(qid, (tokens_f8 / tokens_f32) ** 2)   # 16× cheaper attention


def test_vq_dot_product_bug_counterexample():
    qid = "multimodal.bug-vq-dot-product"
    ns = _run_snippet(qid)
    z = np.array([[1.0, 0.0]])
    codebook = np.array([[1.0, 0.0], [3.0, 3.0]])
    idx, _ = ns["quantize"](z, codebook)
    assert idx[0] == 1                           # the buggy quantiser picks e₂
    dist = np.linalg.norm(codebook - z, axis=1)
    assert dist[0] == 0 and int(np.argmin(dist)) == 0
    assert_states(qid, dist[1])                  # √13 ≈ 3.606
    # the fix from the answer picks the nearest code
    d = (z**2).sum(1, keepdims=True) - 2 * z @ codebook.T + (codebook**2).sum(1)
    assert int(np.argmin(d, axis=1)[0]) == 0
    # the perplexity monitor is correct: uniform use gives K, total collapse gives 1
    assert math.isclose(ns["codebook_perplexity"](np.arange(1024), 1024), 1024, rel_tol=1e-9)
    assert math.isclose(ns["codebook_perplexity"](np.zeros(50, dtype=int), 1024), 1.0)


# ------------------------------------------------------------------ hybrids, MaskGIT, VAR


def test_chameleon_tokens():
    qid = "multimodal.chameleon"
    assert_states(qid, (512 // 16) ** 2)         # 1,024
    assert_states(qid, 8192)
    assert_states(qid, math.log2(8192))          # 13 bits
    assert_states(qid, 65_536)


def test_maskgit_cosine_schedule_counts():
    n, steps = 256, 8
    masked = [math.floor(n * math.cos(math.pi / 2 * t / steps)) for t in range(1, steps + 1)]
    assert masked == [251, 236, 212, 181, 142, 97, 49, 0]
    revealed = np.diff([n, *masked]) * -1
    qid = "multimodal.maskgit"
    for count in masked[:-1]:
        assert_states(qid, count)
    assert_states(qid, revealed[0])              # 5 first
    assert_states(qid, revealed[1])              # then 15
    assert_states(qid, revealed[-1])             # 49 last
    assert_states(qid, n / steps)                # 32× fewer passes


def test_var_token_count():
    sides = (1, 2, 3, 4, 5, 6, 8, 10, 13, 16)
    total = sum(s * s for s in sides)
    qid = "multimodal.var"
    assert total == 680
    assert_states(qid, total)
    assert_states(qid, len(sides))               # 10 steps
    assert_states(qid, total / 256)              # 2.66× longer
    assert_states(qid, 256 / len(sides))         # 25.6× fewer steps


# ------------------------------------------------------------------ video


def test_video_frame_count():
    assert_states("multimodal.video-why-hard", 5 * 24)   # 120 frames


def test_video_vae_shapes():
    frames, h, w = 49, 480, 720
    latent_frames = 1 + (frames - 1) // 4
    pixels = frames * h * w * 3
    latents = latent_frames * (h // 8) * (w // 8) * 16
    tokens = latent_frames * (h // 16) * (w // 16)
    qid = "multimodal.video-vae"
    assert latent_frames == 13
    assert_states(qid, latent_frames)
    assert_states(qid, h // 8)                   # 60
    assert_states(qid, w // 8)                   # 90
    assert_states(qid, pixels)                   # 50,803,200
    assert_states(qid, latents)                  # 1,123,200
    assert_states(qid, pixels / latents)         # ≈ 45.2
    assert_states(qid, tokens)                   # 17,550


def test_video_attention_counts():
    t, s = 13, 30 * 45
    full = (t * s) ** 2
    spatial, temporal = t * s**2, s * t**2
    qid = "multimodal.video-dit-attention"
    assert_states(qid, s)                        # 1,350
    assert_states(qid, t * s)                    # 17,550
    assert_states(qid, full)                     # 308,002,500
    assert_states(qid, spatial)                  # 23,692,500
    assert_states(qid, temporal)                 # 228,150
    assert_states(qid, spatial + temporal)       # 23,920,650
    assert_states(qid, full / (spatial + temporal))   # ≈ 12.9


# ------------------------------------------------------------------ audio


def test_rvq_bitrates():
    frame_rate = 24_000 / 320
    bits = math.log2(1024)
    qid = "multimodal.rvq-codec"
    assert_states(qid, frame_rate)               # 75
    assert_states(qid, bits)                     # 10
    assert_states(qid, frame_rate * 8 * bits)    # 6,000 bits/s
    for n_q in (2, 4, 8, 16, 32):
        assert_states(qid, n_q)
        assert_states(qid, frame_rate * n_q * bits / 1000)   # 1.5 … 24 kbps
    assert_states(qid, 6000 / frame_rate)        # 80 bits per frame
    assert_states(qid, 8 * 1024)                 # 8,192 stored vectors


def test_rvq_residual_bug_example():
    qid = "multimodal.bug-rvq-residual"
    ns = _run_snippet(qid)
    x = np.array([0.8])
    books = [np.array([[-1.0], [0.0], [1.0]]), np.array([[-0.5], [0.0], [0.5]]),
             np.array([[-0.25], [0.0], [0.25]])]

    def correct(stages):
        residual, total = x.copy(), np.zeros_like(x)
        for cb in books[:stages]:
            k = ns["nearest"](residual, cb)
            total, residual = total + cb[k], residual - cb[k]
        return float(total[0])

    _, buggy3 = ns["rvq_encode"](x, books)
    _, buggy2 = ns["rvq_encode"](x, books[:2])
    assert math.isclose(correct(2), 1.0) and math.isclose(float(buggy2[0]), 1.0)   # stage 2 agrees
    assert math.isclose(correct(3), 0.75) and math.isclose(float(buggy3[0]), 1.25)
    assert_states(qid, correct(3))                       # 0.75
    assert_states(qid, abs(0.8 - correct(3)))            # error 0.05
    assert_states(qid, float(buggy3[0]))                 # 1.25
    assert_states(qid, abs(0.8 - float(buggy3[0])))      # error 0.45
    assert_states(qid, abs(0.8 - correct(2)))            # 2 stages: error 0.2


def test_valle_token_counts():
    qid = "multimodal.valle"
    assert_states(qid, 3 * 75)                   # 225 frames
    assert_states(qid, 3 * 75 * 8)               # 1,800 tokens
    assert_states(qid, 10 * 75)                  # 750 AR steps
    assert_states(qid, 8 * 10 * 75)              # 6,000 tokens
    assert_states(qid, 8 - 1)                    # 7 NAR passes


def test_codebook_interleaving_steps():
    k, t = 4, 10 * 50
    qid = "multimodal.codebook-interleaving"
    assert_states(qid, k * t)                    # 2,000 flattened
    assert_states(qid, t)                        # 500 parallel
    assert_states(qid, t + k - 1)                # 503 delay pattern / AR + NAR
    # the delay pattern: at step s codebook j (0-based) emits frame s − j, so every frame's
    # codebook j comes one step after its codebook j − 1
    emitted = {}
    for s in range(t + k - 1):
        for j in range(k):
            if 0 <= s - j < t:
                emitted[(s - j, j)] = s
    assert len(emitted) == k * t
    assert all(emitted[(f, j)] == emitted[(f, j - 1)] + 1 for f in range(t) for j in range(1, k))


# ------------------------------------------------------------------ 3D


def test_gaussian_parameter_count():
    sh_per_channel = (3 + 1) ** 2
    per_gaussian = 3 + 3 + 4 + 1 + 3 * sh_per_channel
    qid = "multimodal.gaussian-splatting-target"
    assert per_gaussian == 59
    assert_states(qid, sh_per_channel)           # 16
    assert_states(qid, 3 * sh_per_channel)       # 48
    assert_states(qid, per_gaussian)             # 59
    assert_states(qid, 1e6 * per_gaussian * 4 / 1e6)   # ≈ 236 MB for a million Gaussians


# ------------------------------------------------------------------ evaluation


def _binary_metrics(tp: int, fp: int, fn: int, tn: int) -> dict[str, float]:
    precision = tp / (tp + fp)
    recall = tp / (tp + fn)
    return {
        "accuracy": (tp + tn) / (tp + fp + fn + tn),
        "precision": precision,
        "recall": recall,
        "f1": 2 * precision * recall / (precision + recall),
        "yes_ratio": (tp + fp) / (tp + fp + fn + tn),
    }


def test_pope_metrics():
    qid = "multimodal.pope"
    always_yes = _binary_metrics(tp=1500, fp=1500, fn=0, tn=0)
    assert always_yes["accuracy"] == 0.5 and always_yes["recall"] == 1.0
    assert_states(qid, 100 * always_yes["f1"])          # 66.7%
    model = _binary_metrics(tp=1350, fp=750, fn=150, tn=750)
    assert_states(qid, 100 * model["accuracy"])         # 70%
    assert_states(qid, 100 * model["precision"])        # 64.3%
    assert_states(qid, 100 * model["recall"])           # 90%
    assert_states(qid, 100 * model["f1"])               # 75%
    assert_states(qid, 100 * model["yes_ratio"])        # 70%
    assert_states(qid, 1350 + 750)                      # 2,100 "yes" answers


def test_chair_example():
    captions = [  # (mentioned objects, hallucinated objects)
        ({"person", "dog", "frisbee"}, {"frisbee"}),
        ({"car", "truck"}, set()),
        ({"cup", "fork", "knife", "dining table"}, {"fork", "knife"}),
    ]
    mentioned = sum(len(m) for m, _ in captions)
    hallucinated = sum(len(h) for _, h in captions)
    chair_i = hallucinated / mentioned
    chair_s = sum(bool(h) for _, h in captions) / len(captions)
    qid = "multimodal.chair"
    assert (hallucinated, mentioned) == (3, 9)
    assert_states(qid, 100 * chair_i)            # 33.3%
    assert_states(qid, 100 * chair_s)            # 66.7%


def test_circular_eval_guessing():
    qid = "multimodal.mllm-benchmarks"
    assert_states(qid, 100 * 0.25)               # 25% single pass
    assert_states(qid, 100 * 0.25**4, rel=0.01)  # ≈ 0.39% over four rotations
