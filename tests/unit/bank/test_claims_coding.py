"""Numeric claims in the coding deck, recomputed with NumPy (float64 unless a test is about float32/float16)."""

from __future__ import annotations

import numpy as np

from .claims import answer_text, assert_states


def softplus(x):
    return np.logaddexp(0.0, np.asarray(x, dtype=np.float64))


def sigmoid(x):
    return 1.0 / (1.0 + np.exp(-np.asarray(x, dtype=np.float64)))


def bce_from_logits(labels, logits):
    """Mean binary cross-entropy from logits: mean(softplus(l) - y*l)."""
    labels, logits = np.asarray(labels, float), np.asarray(logits, float)
    return float(np.mean(softplus(logits) - labels * logits))


def kl_to_std_normal(mu, log_var):
    mu, log_var = np.asarray(mu, float), np.asarray(log_var, float)
    return float(-0.5 * np.sum(1.0 + log_var - mu**2 - np.exp(log_var)))


def test_gan_losses_at_chance():
    zeros = np.zeros(16)
    d_loss = bce_from_logits(np.ones(16), zeros) + bce_from_logits(np.zeros(16), zeros)
    g_loss = bce_from_logits(np.ones(16), zeros)
    assert np.isclose(d_loss, 2 * np.log(2)) and np.isclose(g_loss, np.log(2))
    for qid in ("coding.implement-simple-gan", "coding.loss-stuck-at-chance", "coding.bug-averaged-d-loss"):
        assert_states(qid, d_loss)  # 1.386
        assert_states(qid, g_loss)  # 0.693
    # averaging the two terms halves the value: exactly ln 2 at chance
    assert_states("coding.bug-averaged-d-loss", d_loss / 2)
    assert_states("coding.bug-averaged-d-loss", 0.5)


def test_constant_logit_d_settles_exactly_at_chance():
    """The answer's other case: a D whose output ignores its input can only learn a
    constant logit c, and softplus(−c) + softplus(c) is smallest at c = 0 (2 ln 2)."""
    c = np.linspace(-5, 5, 100001)
    d_loss = np.logaddexp(0, -c) + np.logaddexp(0, c)
    assert abs(c[np.argmin(d_loss)]) < 1e-9
    assert np.isclose(d_loss.min(), 2 * np.log(2.0))
    for lang in ("en", "zh"):
        assert "softplus(−c) + softplus(c)" in answer_text("coding.loss-stuck-at-chance", lang)


def test_probability_path_clip_and_logits_path():
    # Keras clips probabilities to [1e-7, 1 - 1e-7]: worst-case BCE is -ln(1e-7)
    cap = -np.log(1e-7)
    assert_states("coding.from-logits-stability", cap)  # 16.118
    # from logits, a real example at logit -30 costs softplus(30) = 30.0
    assert_states("coding.from-logits-stability", float(softplus(30.0)), rel=1e-6)






def test_saturating_generator_gradient():
    # d/dl log(1 - sigma(l)) = -sigma(l);  d/dl -log sigma(l) = -(1 - sigma(l))
    d_of_fake = 0.01
    l = np.log(d_of_fake / (1 - d_of_fake))
    h = 1e-6
    sat = (np.log(1 - sigmoid(l + h)) - np.log(1 - sigmoid(l - h))) / (2 * h)
    nonsat = (-np.log(sigmoid(l + h)) + np.log(sigmoid(l - h))) / (2 * h)
    qid = "coding.bug-saturating-g-loss"
    assert_states(qid, abs(sat), rel=1e-4)  # 0.01
    assert_states(qid, abs(nonsat), rel=1e-4)  # 0.99
    assert_states(qid, abs(nonsat / sat), rel=1e-4)  # 99
    # float32: 1 - sigmoid(l) rounds to 0 from a logit of about 17, so the log is -inf
    one = np.float32(1.0)
    assert one - one / (one + np.exp(np.float32(-17.0))) == 0.0
    assert one - one / (one + np.exp(np.float32(-15.0))) > 0.0
    assert_states(qid, 17)


def test_mha_parameter_count():
    d_model, heads, key_dim = 512, 8, 64
    proj = d_model * heads * key_dim + heads * key_dim  # one of Q, K, V
    out = heads * key_dim * d_model + d_model
    total = 3 * proj + out
    assert total == 4 * d_model**2 + 4 * d_model == 1_050_624
    qid = "coding.mha-param-count"
    assert_states(qid, total, rel=0)
    assert_states(qid, proj, rel=0)  # 262,656
    assert_states(qid, 3 * proj, rel=0)  # 787,968 (no output projection)
    assert_states(qid, 4 * d_model**2, rel=0)  # 1,048,576 (no biases)
    assert_states(qid, 4 * d_model, rel=0)  # 2,048 biases
    wide = 3 * (d_model * heads * d_model + heads * d_model) + (heads * d_model * d_model + d_model)
    assert_states(qid, wide, rel=0)  # 8,401,408 (key_dim = 512)


def test_kl_closed_form_values():
    mu, log_var = np.array([1.0, 0.0]), np.array([0.0, np.log(0.25)])
    kl = kl_to_std_normal(mu, log_var)
    qid = "coding.kl-numeric"
    assert_states(qid, kl)  # 0.818
    assert_states(qid, kl_to_std_normal(mu[1:], log_var[1:]))  # 0.318
    assert_states(qid, 2 * kl)  # 1.636, factor 1/2 dropped
    sigma_for_var = float(-0.5 * np.sum(1 + log_var - mu**2 - np.exp(0.5 * log_var)))
    assert_states(qid, sigma_for_var)  # 0.943
    assert_states(qid, float(-0.5 * (1 + np.log(0.25) - np.exp(0.5 * np.log(0.25)))))  # 0.443
    assert_states(qid, 0.5 * float(np.sum(mu**2)))  # 0.5
    assert_states(qid, -np.log(0.25))  # ln 0.25 = -1.386 (sign not parsed)
    fifteen = kl_to_std_normal(np.ones(15), np.zeros(15))
    assert fifteen == 7.5 and kl_to_std_normal(np.zeros(15), np.zeros(15)) == 0.0
    for qid in ("coding.implement-vae", "coding.bug-vae-missing-kl", "coding.bug-kl-sign"):
        assert_states(qid, fifteen)


def test_ddpm_schedule_numbers():
    betas = np.linspace(1e-4, 0.02, 1000)
    alpha_bar = np.cumprod(1.0 - betas)
    for qid in ("coding.alpha-bar-schedule", "coding.ddpm-train-step"):
        assert_states(qid, alpha_bar[-1])  # 4.04e-5
        assert_states(qid, np.sqrt(alpha_bar[-1]))  # 0.00635
        assert_states(qid, betas.sum())  # 10.05
        assert_states(qid, abs(1.0 - betas.sum()))  # 1 - sum = -9.05 (minus sign not parsed)
    assert_states("coding.alpha-bar-schedule", alpha_bar[499])  # t = 500: 0.0786


def test_q_sample_without_roots_loses_variance():
    ab = 0.5
    var_bug = ab**2 + (1 - ab) ** 2
    var_ok = (np.sqrt(ab)) ** 2 + (np.sqrt(1 - ab)) ** 2
    assert np.isclose(var_ok, 1.0)
    assert_states("coding.bug-q-sample-missing-sqrt", var_bug)  # 0.5


def test_reparameterisation_statistics():
    sigma = np.exp(0.5 * np.log(0.25))
    wrong = np.exp(np.log(0.25))
    assert_states("coding.bug-reparam-variance", sigma)  # 0.5
    assert_states("coding.bug-reparam-variance", wrong)  # 0.25
    assert_states("coding.reparam-implementations", wrong)
    # uniform [0, 1) noise: mean 1/2, std 1/sqrt(12)
    assert_states("coding.reparam-implementations", 2.0 + sigma * 0.5)  # 2.25
    assert_states("coding.reparam-implementations", 1.0 / np.sqrt(12.0), rel=2e-3)  # 0.289


def test_attention_score_scale():
    rng = np.random.default_rng(0)
    d_k = 64
    q, k = rng.standard_normal((200_000, d_k)), rng.standard_normal((200_000, d_k))
    dots = np.sum(q * k, axis=1)
    assert abs(dots.var() / d_k - 1.0) < 0.02  # Var(q.k) = d_k
    for qid in ("coding.implement-attention", "coding.bug-attention-no-scaling"):
        assert_states(qid, np.sqrt(d_k))  # 8
    assert_states("coding.bug-attention-no-scaling", np.sqrt(8.0), rel=0.02)  # about 2.8


def test_pixel_count_and_float16_mask_constant():
    assert_states("coding.bug-bce-mean-over-pixels", 28 * 28)
    assert_states("coding.bce-reduction-images", 28 * 28)
    assert_states("coding.implement-vae", 28 * 28)
    # mean-over-pixels x 784 equals the per-image sum
    rng = np.random.default_rng(1)
    x = (rng.random((4, 28, 28, 1)) > 0.5).astype(float)
    p = np.clip(rng.random((4, 28, 28, 1)), 1e-3, 1 - 1e-3)
    per_pixel = -(x * np.log(p) + (1 - x) * np.log(1 - p))
    assert np.isclose(784 * per_pixel.mean(), per_pixel.sum(axis=(1, 2, 3)).mean())
    # float16 cannot hold -1e9 (it overflows to -inf); -3e4 fits
    fmax = float(np.finfo(np.float16).max)
    assert_states("coding.mask-construction", fmax, rel=0)  # 65504
    with np.errstate(over="ignore"):
        assert np.isinf(np.float16(-1e9)) and np.isfinite(np.float16(-3e4))
