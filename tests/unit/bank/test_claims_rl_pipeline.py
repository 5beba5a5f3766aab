"""Numeric claims in the rl and pipeline decks, recomputed in float64."""

from __future__ import annotations

import math

import numpy as np
import pytest

from tests.unit.bank.claims import answer_text, assert_states


def _sigmoid(x: float) -> float:
    return float(1.0 / (1.0 + np.exp(-np.float64(x))))


def _softplus(x: float) -> float:
    return float(np.log1p(np.exp(np.float64(x))))


# --------------------------------------------------------------------------- rl


def test_reward_model_bradley_terry_losses():
    qid = "rl.reward-model-loss"
    for margin in (0.0, 2.0, -1.0):
        loss = -math.log(_sigmoid(margin))
        assert math.isclose(loss, _softplus(-margin), rel_tol=1e-12)
        assert_states(qid, loss)                      # 0.693, 0.127, 1.313
    assert_states(qid, _sigmoid(2.0))                 # 0.881
    assert_states(qid, _sigmoid(-1.0))                # 0.269
    # |dL/dΔ| = σ(−Δ)
    assert_states(qid, _sigmoid(-2.0))                # 0.119
    assert_states(qid, _sigmoid(1.0))                 # 0.731


def test_dpo_loss_values():
    qid = "rl.dpo-derivation"
    beta = 0.1
    assert_states(qid, -math.log(_sigmoid(0.0)))      # ln 2 at π_θ = π_ref
    margin = beta * (2.0 - (-3.0))
    assert_states(qid, margin)                        # 0.5
    assert_states(qid, -math.log(_sigmoid(margin)))   # 0.474


def test_ppo_clip_cases():
    qid = "rl.ppo-clip"
    eps = 0.2

    def term(ratio: float, adv: float) -> float:
        return float(min(ratio * adv, np.clip(ratio, 1 - eps, 1 + eps) * adv))

    a = term(1.5, 1.0)
    b = term(0.5, -1.0)
    c = term(1.5, -1.0)
    assert (a, b, c) == (1.2, -0.8, -1.5) or np.allclose([a, b, c], [1.2, -0.8, -1.5])
    # The text writes negatives with a Unicode minus, so check magnitudes.
    for value in (a, b, c):
        assert_states(qid, abs(value))


def test_gae_worked_example():
    qid = "rl.gae"
    rewards = np.array([0.0, 0.0, 1.0])
    values = np.array([0.5, 0.6, 0.7, 0.0])          # V(terminal) = 0
    gamma, lam = 1.0, 0.9
    deltas = rewards + gamma * values[1:] - values[:-1]
    adv = np.zeros(3)
    running = 0.0
    for t in reversed(range(3)):
        running = deltas[t] + gamma * lam * running
        adv[t] = running
    targets = adv + values[:-1]
    assert np.allclose(deltas, [0.1, 0.1, 0.3])
    for x in adv:
        assert_states(qid, x)                         # 0.433, 0.37, 0.3
    for x in targets:
        assert_states(qid, x)                         # 0.933, 0.97, 1.0
    # λ = 1: Monte Carlo return minus V
    mc = np.array([1.0, 1.0, 1.0]) - values[:-1]
    for x in mc:
        assert_states(qid, x)                         # 0.5, 0.4, 0.3


def test_grpo_group_advantages():
    qid = "rl.grpo"
    r = np.array([1.0, 0.0, 0.0, 0.0])
    assert_states(qid, r.mean())                      # 0.25
    assert_states(qid, r.var(ddof=0))                 # 0.1875
    std0 = r.std(ddof=0)
    assert_states(qid, std0)                          # 0.433
    adv0 = (r - r.mean()) / std0
    assert math.isclose(adv0.sum(), 0.0, abs_tol=1e-12)
    assert_states(qid, adv0[0])                       # 1.732
    assert_states(qid, abs(adv0[1]))                  # 0.577
    std1 = r.std(ddof=1)
    assert_states(qid, std1)                          # 0.5
    adv1 = (r - r.mean()) / std1
    assert_states(qid, adv1[0])                       # 1.5
    assert_states(qid, abs(adv1[1]))                  # 0.5


def test_grpo_centring_is_rloo_times_g_minus_1_over_g():
    """rl.baseline-variance: subtracting the group mean *including* the sample equals the
    leave-one-out (RLOO) advantage times (G - 1)/G."""
    rng = np.random.default_rng(0)
    for group in (2, 4, 8, 16):
        r = rng.normal(size=group)
        grpo_centred = r - r.mean()
        loo_mean = (r.sum() - r) / (group - 1)
        assert np.allclose(grpo_centred, (group - 1) / group * (r - loo_mean))
    for lang in ("en", "zh"):
        assert "(G − 1)/G" in answer_text("rl.baseline-variance", lang)


def test_kl_estimator_examples():
    qid = "rl.kl-estimators"
    for p_theta, p_ref in ((0.5, 0.25), (0.25, 0.5)):
        r = p_ref / p_theta
        k1 = -math.log(r)
        k3 = (r - 1.0) - math.log(r)
        assert k3 >= 0.0
        assert_states(qid, abs(k1))                   # 0.693 (and −0.693)
        assert_states(qid, k3)                        # 0.193, 0.307
    # Both estimators are unbiased: check on a small categorical pair.
    q = np.array([0.5, 0.3, 0.2])
    p = np.array([0.25, 0.25, 0.5])
    ratio = p / q
    kl = float(np.sum(q * np.log(q / p)))
    assert math.isclose(float(np.sum(q * -np.log(ratio))), kl, rel_tol=1e-12)
    assert math.isclose(float(np.sum(q * ((ratio - 1) - np.log(ratio)))), kl, rel_tol=1e-12)


def test_seqgan_rollout_cost():
    qid = "rl.seqgan"
    T, N = 20, 16
    per_prefix = [N * (T - t) for t in range(1, T)]
    assert_states(qid, sum(T - t for t in range(1, T)))   # 190
    assert_states(qid, sum(per_prefix))                    # 3,040


# --------------------------------------------------------------------- pipeline


def test_ema_horizon_and_half_life():
    qid = "pipeline.ema-weights"
    beta = np.float64(0.9999)
    assert_states(qid, 1.0 / (1.0 - beta))            # 10,000
    half_life = -math.log(2.0) / math.log(beta)
    assert math.isclose(half_life, math.log(2.0) / (1.0 - beta), rel_tol=1e-3)
    assert_states(qid, half_life)                     # 6,931
    assert_states(qid, float(beta**1000))             # 0.905


def test_effective_batch():
    assert_states("pipeline.training-practice", 4 * 8 * 4)   # 128


def test_accumulation_matches_large_batch_only_when_scaled():
    """Summing micro-batch gradients of mean losses gives n_acc times the large-batch mean
    gradient; dividing each micro-batch loss by n_acc gives exactly the large-batch gradient."""
    rng = np.random.default_rng(0)
    x, y, w = rng.normal(size=(128, 5)), rng.normal(size=128), rng.normal(size=5)

    def grad_mean_sq_loss(xb, yb):  # d/dw mean((xb @ w - yb)^2)
        return 2.0 * xb.T @ (xb @ w - yb) / len(yb)

    full = grad_mean_sq_loss(x, y)
    n_acc = 4
    micro = [grad_mean_sq_loss(xb, yb) for xb, yb in zip(np.split(x, n_acc), np.split(y, n_acc))]
    assert np.allclose(sum(micro), n_acc * full)
    assert np.allclose(sum(g / n_acc for g in micro), full)
    assert "divided by the number of accumulation steps" in answer_text("pipeline.training-practice", "en")
    assert "除以累积步数" in answer_text("pipeline.training-practice", "zh")


def test_img2img_steps():
    steps, strength = 50, 0.75
    assert_states("pipeline.inference-params", int(steps * strength))   # 37 (diffusers truncates)


def test_lora_parameter_counts():
    qid = "pipeline.lora-param-count"
    d_in, d_out, r = 768, 1280, 8
    full = d_in * d_out
    lora = r * (d_in + d_out)
    assert lora == r * d_in + d_out * r
    assert_states(qid, full)                          # 983,040
    assert_states(qid, full * 2)                      # 1,966,080 bytes
    assert_states(qid, r * d_in)                      # 6,144
    assert_states(qid, d_out * r)                     # 10,240
    assert_states(qid, lora)                          # 16,384
    assert_states(qid, 100.0 * lora / full)           # 1.67 %
    assert_states(qid, lora * 2)                      # 32,768 bytes
    d = 1280
    assert_states(qid, d * d)                         # 1,638,400
    assert_states(qid, r * 2 * d)                     # 20,480
    assert_states(qid, (d * d) / (r * 2 * d))         # 80


def test_lora_dreambooth_example():
    qid = "pipeline.lora-dreambooth"
    d, r = 1280, 16
    assert_states(qid, r * 2 * d)                     # 40,960
    assert_states(qid, d * d)                         # 1,638,400
    assert_states(qid, 100.0 * (r * 2 * d) / (d * d)) # 2.5 %


def test_float_format_limits():
    qid = "pipeline.mixed-precision"
    f16 = np.finfo(np.float16)
    assert_states(qid, float(f16.max))                # 65504
    assert_states(qid, float(f16.smallest_subnormal), rel=1e-3)   # 5.96e-8
    assert_states(qid, float(f16.smallest_normal), rel=2e-3)      # 6.10e-5
    assert_states(qid, float(f16.eps), rel=1e-3)      # 0.000977
    bf16_max = (2.0 - 2.0**-7) * 2.0**127
    assert_states(qid, bf16_max, rel=2e-3)            # 3.39e38
    assert_states(qid, 2.0**-7, rel=2e-3)             # 0.0078
    assert_states(qid, float(np.finfo(np.float32).max), rel=2e-3)  # 3.40e38
    # The update-rounding claim: 1e-4 added to 1.0 vanishes in fp16.
    assert np.float16(1.0) + np.float16(1e-4) == np.float16(1.0)
    assert_states("pipeline.fp16-vae-nan", float(f16.max))         # 65504
    assert_states("pipeline.fp16-vae-nan", bf16_max, rel=2e-3)     # 3.39e38


def test_memory_budget():
    qid = "pipeline.memory-budget"
    n = 2.6e9
    assert_states(qid, n * 2 / 1e9)                   # 5.2 GB fp16
    assert_states(qid, n * 2 / 2**30, rel=2e-3)       # 4.84 GiB
    assert_states(qid, n * 4 / 1e9)                   # 10.4 GB fp32
    assert_states(qid, n * 1 / 1e9)                   # 2.6 GB int8
    adam_mixed = 2 + 2 + 4 + 4 + 4
    assert adam_mixed == 16
    assert_states(qid, n * adam_mixed / 1e9)          # 41.6 GB
    assert_states(qid, n * (2 + 2 + 4 + 1 + 1) / 1e9) # 26 GB with 8-bit Adam
    assert_states(qid, n * adam_mixed / 1e9 / 8)      # 5.2 GB per GPU on 8


def test_base_model_weight_memory():
    qid = "pipeline.choose-base-model"
    for params in (0.86e9, 2.6e9, 12e9, 32e9, 4.7e9):
        assert_states(qid, params * 2 / 1e9)          # 1.72, 5.2, 24, 64, 9.4 GB


def test_tile_counts():
    qid = "pipeline.tiled-upscaling"
    size, tile, overlap = 4096, 1024, 128
    assert_states(qid, (size // tile) ** 2)           # 16
    stride = tile - overlap
    assert_states(qid, stride)                        # 896
    per_axis = math.ceil((size - tile) / stride) + 1
    assert_states(qid, per_axis)                      # 5
    assert_states(qid, per_axis**2)                   # 25


def test_serving_cost():
    qid = "pipeline.deployment"
    assert_states(qid, 30 * 2)                        # 60 UNet evaluations
    per_hour = 3600 / 3
    assert_states(qid, per_hour)                      # 1,200
    assert_states(qid, 2.0 / per_hour, rel=3e-3)      # 0.00167 per image
    assert_states(qid, 2.0 / per_hour * 1000, rel=3e-3)   # 1.67 per 1,000
    batched = 4 * 3600 / 6
    assert_states(qid, batched)                       # 2,400
    assert_states(qid, 2.0 / batched * 1000, rel=5e-3)    # 0.83 per 1,000
    assert_states(qid, 30 / 4)                        # 7.5x fewer evaluations


def test_policy_gradient_theorem_group_baselines():
    """rl.policy-gradient-theorem: GRPO's centring is RLOO's leave-one-out advantage times (k − 1)/k."""
    rng = np.random.default_rng(1)
    for k in (2, 4, 8):
        r = rng.normal(size=k)
        rloo = r - (r.sum() - r) / (k - 1)
        assert np.allclose(r - r.mean(), (k - 1) / k * rloo)
    for lang in ("en", "zh"):
        text = answer_text("rl.policy-gradient-theorem", lang)
        assert "(k − 1)/k" in text and "RLOO" in text and "GRPO" in text


# ------------------------------------------------------------ rl, wave 2 (issue 16)


def _run_snippet(qid: str, replace: tuple[str, str] | None = None) -> tuple[dict, str]:
    """Execute a bug item's NumPy snippet (optionally with the fix applied); return its
    namespace and what it printed."""
    import contextlib
    import io

    from tests.unit.bank.claims import question

    code = question(qid)["code"]
    if replace is not None:
        old, new = replace
        assert code.count(old) == 1, f"{qid}: the fix must replace exactly one spot"
        code = code.replace(old, new)
    namespace: dict = {}
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        exec(compile(code, qid, "exec"), namespace)  # noqa: S102 - the bank's own snippet
    return namespace, out.getvalue()


def test_reward_model_ranking_pairs():
    for k in (4, 9):
        assert_states("rl.reward-model-practice", k * (k - 1) // 2)   # 6, 36


def test_ppo_rlhf_token_rewards_example():
    qid = "rl.ppo-rlhf-token-rewards"
    log_ratio = np.array([0.2, -0.1, 0.3])
    beta, rm = 0.1, 1.0
    rewards = -beta * log_ratio
    rewards[-1] += rm
    assert np.allclose(rewards, [-0.02, 0.01, 0.97])
    for r in rewards:
        assert_states(qid, abs(r))                     # 0.02, 0.01, 0.97
    assert_states(qid, beta * log_ratio.sum())         # 0.04 total penalty
    returns = np.cumsum(rewards[::-1])[::-1]           # γ = 1
    for g in returns:
        assert_states(qid, g)                          # 0.96, 0.98, 0.97
    values = np.array([0.5, 0.7, 0.9])
    # GAE with λ = 1 (and V = 0 after the last token) telescopes to G − V
    deltas = rewards + np.append(values[1:], 0.0) - values
    adv = np.array([deltas[t:].sum() for t in range(3)])
    assert np.allclose(adv, returns - values)
    for a in adv:
        assert_states(qid, a)                          # 0.46, 0.28, 0.07


def test_dpo_failure_mode_example():
    qid = "rl.dpo-failure-modes"
    beta = 0.1
    assert_states(qid, math.log(2.0))                  # 0.693
    margin = beta * ((-1.0) - (-3.0))
    assert_states(qid, margin)                         # 0.2
    assert_states(qid, -math.log(_sigmoid(margin)))    # 0.598
    assert_states(qid, math.exp(-1.0), rel=0.01)       # 0.37


def test_dpo_reference_sign_bug_runs_as_stated():
    qid = "rl.dpo-reference-sign-bug"
    ns, printed = _run_snippet(qid)
    assert printed.strip() == "0.513"
    assert_states(qid, float(printed))
    ns_fixed, printed_fixed = _run_snippet(
        qid, ("logits = beta * (pi_logratio + ref_logratio)", "logits = beta * (pi_logratio - ref_logratio)"))
    assert printed_fixed.strip() == "0.693"
    # the fixed loss is ln 2 for any data when π_θ = π_ref
    rng = np.random.default_rng(0)
    w, l = rng.normal(-20, 5, 16), rng.normal(-20, 5, 16)
    assert math.isclose(ns_fixed["dpo_loss"](w, l, w, l), math.log(2.0), rel_tol=1e-12)
    # gradient weights σ(−logit) for the two kinds of pair at initialisation
    assert_states(qid, _sigmoid(-0.4))                 # 0.401 (reference already right by 2 nats)
    assert_states(qid, _sigmoid(0.4))                  # 0.599 (reference wrong by 2 nats)
    wrong = ns["dpo_loss"](np.array([-12.0]), np.array([-10.0]), np.array([-12.0]), np.array([-10.0]))
    assert math.isclose(wrong, _softplus(0.4), rel_tol=1e-12)
    assert_states(qid, wrong)                          # 0.913


def test_simpo_example():
    qid = "rl.simpo"
    beta, gamma = 2.0, 1.0
    avg_w, avg_l = -5.0 / 10, -16.0 / 20
    assert_states(qid, abs(avg_w))                     # 0.5
    assert_states(qid, abs(avg_l))                     # 0.8
    assert_states(qid, beta * (avg_w - avg_l))         # reward gap 0.6 (< γ = 1)
    logit = beta * avg_w - beta * avg_l - gamma
    assert math.isclose(logit, -0.4, abs_tol=1e-12)
    assert_states(qid, abs(logit))                     # 0.4
    assert_states(qid, -math.log(_sigmoid(logit)))     # 0.913


def test_grpo_batch_normalisation_bug_runs_as_stated():
    qid = "rl.grpo-batch-normalisation-bug"
    _, printed = _run_snippet(qid)
    r = np.array([1, 1, 1, 1, 0, 0, 0, 1], dtype=float)
    expected = np.round((r - r.mean()) / (r.std() + 1e-6), 3)
    assert printed.strip() == str(expected)
    comment = question_code_comment(qid)
    assert comment == str(expected)
    assert_states(qid, r.mean())                       # 0.625
    assert_states(qid, r.std())                        # 0.484
    assert_states(qid, expected[0])                    # 0.775
    assert_states(qid, abs(expected[4]))               # 1.291
    fixed_body = (
        "r = np.asarray(rewards, dtype=np.float64).reshape(-1, group_size)\n"
        "    adv = (r - r.mean(axis=1, keepdims=True)) / (r.std(axis=1, keepdims=True) + eps)\n"
        "    return adv.reshape(-1)"
    )
    old = "r = np.asarray(rewards, dtype=np.float64)\n    return (r - r.mean()) / (r.std() + eps)"
    for lang in ("en", "zh"):
        assert fixed_body.replace("\n    ", "\n") in answer_text(qid, lang)
    ns, _ = _run_snippet(qid, (old, fixed_body))
    adv = ns["grpo_advantages"](r, 4)
    assert np.allclose(adv[:4], 0.0)
    assert_states(qid, adv[7])                         # 1.732
    assert_states(qid, abs(adv[4]))                    # 0.577


def question_code_comment(qid: str) -> str:
    """The output a snippet's last line claims in its trailing comment."""
    from tests.unit.bank.claims import question

    last = question(qid)["code"].strip().splitlines()[-1]
    return last.split("#", 1)[1].strip()


def test_rloo_advantages_example():
    qid = "rl.rloo-advantages"
    r = np.array([1.0, 1.0, 0.0, 0.0])
    k = len(r)
    rloo = r - (r.sum() - r) / (k - 1)
    assert_states(qid, rloo[0])                        # 0.667
    assert_states(qid, abs(rloo[2]))                   # 0.667
    grpo = (r - r.mean()) / r.std()
    assert np.allclose(grpo, [1, 1, -1, -1])
    assert_states(qid, r.std())                        # 0.5
    assert np.allclose(rloo, k / (k - 1) * (r - r.mean()))
    for lang in ("en", "zh"):
        assert "k/(k − 1) = 4/3" in answer_text(qid, lang) or "(4/3)" in answer_text(qid, lang)
    ones = np.ones(4)
    assert np.allclose(ones - (ones.sum() - ones) / 3, 0.0)


def test_best_of_n_kl_and_coverage():
    qid = "rl.best-of-n"
    for n in (4, 16, 64):
        bound = math.log(n) - (n - 1) / n
        assert_states(qid, bound)                      # 0.636, 1.835, 3.175
        # exact KL of best-of-n over M equally likely outcomes with distinct rewards:
        # π_BoN(i) = (i/M)^n − ((i−1)/M)^n; it approaches the formula from below as M grows
        for m in (10, 1000, 100_000):
            i = np.arange(1, m + 1)
            p_bon = (i / m) ** n - ((i - 1) / m) ** n
            kl = float(np.sum(p_bon[p_bon > 0] * np.log(p_bon[p_bon > 0] * m)))
            assert kl <= bound + 1e-12
        assert abs(kl - bound) < 1e-3
    p = 0.2
    for n in (4, 16):
        assert_states(qid, 1 - (1 - p) ** n)           # 0.590, 0.972


def test_self_consistency_vote_probabilities():
    qid = "rl.self-consistency"

    def majority(p: float, n: int) -> float:
        return sum(math.comb(n, j) * p**j * (1 - p) ** (n - j) for j in range(n // 2 + 1, n + 1))

    assert_states(qid, majority(0.6, 3))               # 0.648
    assert_states(qid, majority(0.6, 5))               # 0.683
    assert_states(qid, majority(0.4, 3))               # 0.352
    for term in (0.6**3, 3 * 0.6**2 * 0.4, 0.4**3, 3 * 0.4**2 * 0.6):
        assert_states(qid, term)                       # 0.216, 0.432, 0.064, 0.288


def test_diffusion_dpo_example():
    qid = "rl.diffusion-dpo-derivation"
    kappa, d_w, d_l = 1000.0, -0.001, 0.0005
    arg = -kappa * (d_w - d_l)
    assert math.isclose(arg, 1.5)
    assert_states(qid, arg)                            # 1.5
    assert_states(qid, _softplus(-arg))                # 0.201
    assert_states(qid, math.log(2.0))                  # ln 2 at θ = ref
    # β "in the thousands": the authors' launch scripts (SalesforceAIResearch/DiffusionDPO) pass --beta_dpo 5000
    assert "β = 5000" in answer_text(qid, "en") and "β = 5000" in answer_text(qid, "zh")


@pytest.mark.slow  # 1000 SDE steps over 200,000 samples: seconds of CPU
def test_flow_grpo_score_from_velocity_and_sde_marginals():
    """rl.flow-grpo: for x_t = (1 − t)x0 + tε the score is −(x + (1 − t)v)/t, and the
    stated SDE, integrated from t = 1 to 0, keeps the ODE's marginals (1-D Gaussian data)."""
    a = 0.5                                            # x0 ~ N(0, a²)

    def var(t):
        return (1 - t) ** 2 * a**2 + t**2

    def velocity(x, t):                                # E[ε − x0 | x_t] for Gaussian data
        return (-(1 - t) * a**2 + t) / var(t) * x

    for t in (0.1, 0.5, 0.9):
        x = np.linspace(-2, 2, 5)
        score = -x / var(t)
        assert np.allclose(score, -(x + (1 - t) * velocity(x, t)) / t)
    rng = np.random.default_rng(0)
    x = rng.standard_normal(200_000)                   # t = 1: pure noise
    steps = 1000
    ts = np.linspace(1.0, 1e-3, steps + 1)
    for t, t_next in zip(ts[:-1], ts[1:]):
        dt = t_next - t                                # negative
        sigma = min(0.7 * math.sqrt(t / max(1 - t, 1e-9)), 2.0)   # noise level; any σ_t works
        v = velocity(x, t)
        drift = v + sigma**2 / (2 * t) * (x + (1 - t) * v)
        x = x + drift * dt + sigma * math.sqrt(-dt) * rng.standard_normal(x.shape)
    assert abs(x.var() - var(ts[-1])) < 0.02 * var(ts[-1])   # the wrong sign gives ≈ 2.95
    for lang in ("en", "zh"):
        assert "−(x + (1 − t)·v_θ(x, t))/t" in answer_text("rl.flow-grpo", lang)
