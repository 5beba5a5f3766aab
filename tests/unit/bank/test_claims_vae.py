"""Numeric claims in the VAE deck, recomputed in float64."""

from __future__ import annotations

import math

import numpy as np
import pytest

from tests.unit.bank.claims import assert_states


def _kl_diag_gauss(mu: np.ndarray, log_var: np.ndarray) -> np.ndarray:
    """Per-dimension KL(N(mu, exp(log_var)) || N(0, 1)) in nats."""
    return 0.5 * (mu**2 + np.exp(log_var) - 1.0 - log_var)


def _kl_by_quadrature(mu: float, sigma: float) -> float:
    """KL(N(mu, sigma^2) || N(0, 1)) by Gauss-Hermite quadrature (independent of the closed form)."""
    nodes, weights = np.polynomial.hermite_e.hermegauss(80)  # weight exp(-x^2/2)
    z = mu + sigma * nodes
    log_q = -0.5 * np.log(2 * np.pi * sigma**2) - (z - mu) ** 2 / (2 * sigma**2)
    log_p = -0.5 * np.log(2 * np.pi) - z**2 / 2
    return float(np.sum(weights * (log_q - log_p)) / np.sqrt(2 * np.pi))


def _std_normal_moment(k: int) -> float:
    nodes, weights = np.polynomial.hermite_e.hermegauss(40)
    return float(np.sum(weights * nodes**k) / np.sqrt(2 * np.pi))


def test_kl_calculation_example():
    mu = np.array([1.0, 0.0], dtype=np.float64)
    log_var = np.array([0.0, np.log(0.25)], dtype=np.float64)
    per_dim = _kl_diag_gauss(mu, log_var)
    total = float(per_dim.sum())
    # The closed form agrees with numerical integration.
    assert math.isclose(per_dim[0], _kl_by_quadrature(1.0, 1.0), rel_tol=1e-9)
    assert math.isclose(per_dim[1], _kl_by_quadrature(0.0, 0.5), rel_tol=1e-9)
    qid = "vae.kl-calculation"
    assert_states(qid, per_dim[0])             # 0.5
    assert_states(qid, per_dim[1])             # 0.318
    assert_states(qid, total)                  # 0.818 nats
    assert_states(qid, total / np.log(2.0))    # 1.180 bits
    assert_states(qid, -np.log(0.25))          # ln 0.25 ≈ -1.386
    assert_states(qid, total / 2)              # the "averaged" slip, 0.409
    wrong = 0.5 * (0.25 - 1.0 - np.log(0.5))   # log σ used instead of log σ²
    assert wrong < 0
    assert_states(qid, abs(wrong), rel=0.02)   # stated as −0.028


def test_gaussian_kl_example():
    kl = float(_kl_diag_gauss(np.array([2.0]), np.array([0.0])).sum())
    assert math.isclose(kl, _kl_by_quadrature(2.0, 1.0), rel_tol=1e-9)
    assert_states("vae.gaussian-kl", kl)       # 2 nats


def test_sampling_exp_bug_kl_mismatch():
    charged = float(_kl_diag_gauss(np.array([0.0]), np.array([np.log(0.1)])).sum())   # believes σ² = 0.1
    true = float(_kl_diag_gauss(np.array([0.0]), np.array([np.log(0.01)])).sum())     # actual std 0.1
    assert charged < true
    qid = "vae.sampling-exp-bug"
    assert_states(qid, charged)                # 0.701
    assert_states(qid, true)                   # 1.808
    assert_states(qid, -np.log(0.1))           # log σ² ≈ −2.303


def test_why_log_var_small_variance():
    assert_states("vae.why-log-var", -np.log(1e-4))   # ≈ −9.21


def test_score_function_vs_reparameterised_variance():
    # f(z) = z², q = N(μ, 1) at μ = 0: score-function sample z³, reparameterised sample 2ε.
    var_score = _std_normal_moment(6) - _std_normal_moment(3) ** 2
    var_reparam = 4 * _std_normal_moment(2) - (2 * _std_normal_moment(1)) ** 2
    assert math.isclose(var_score, 15.0, rel_tol=1e-9)
    assert math.isclose(var_reparam, 4.0, rel_tol=1e-9)
    assert_states("vae.reparameterisation", var_score)
    assert_states("vae.reparameterisation", var_reparam)


@pytest.mark.slow(tensorflow=False)  # half a second or more of CPU
def test_latent_interpolation_norms():
    d = 512
    rng = np.random.default_rng(0)
    za, zb = rng.standard_normal((2, 20000, d))
    mid = np.linalg.norm((za + zb) / 2, axis=1).mean() / np.linalg.norm(za, axis=1).mean()
    assert math.isclose(mid, 1 / np.sqrt(2), rel_tol=1e-3)
    qid = "vae.latent-interpolation"
    assert_states(qid, np.sqrt(d))             # 22.6
    assert_states(qid, np.sqrt(d / 2))         # 16.0
    assert_states(qid, 1 / np.sqrt(2))         # 0.707


def test_sd_vae_compression():
    pixels = 512 * 512 * 3
    latents = (512 // 8) * (512 // 8) * 4
    qid = "vae.sd-vae"
    assert_states(qid, pixels)                 # 786,432
    assert_states(qid, latents)                # 16,384
    assert_states(qid, pixels / latents)       # 48
    assert_states(qid, 512**2 / 64**2)         # 64 times fewer positions
    assert_states(qid, 0.18215)


def test_sd_scaling_factor():
    std = 1 / 0.18215
    qid = "vae.sd-scaling-factor"
    assert_states(qid, std)                    # 5.49
    assert_states(qid, std**2, rel=0.01)       # SNR about 30 times too high
    assert_states(qid, 0.13025)
    # SD's scaled-linear schedule: terminal SNR as designed and with unscaled latents
    betas = np.linspace(np.sqrt(0.00085), np.sqrt(0.012), 1000) ** 2
    ab_T = np.prod(1.0 - betas)
    snr_T = ab_T / (1.0 - ab_T)
    assert_states(qid, ab_T, rel=0.01)         # 0.0047
    assert_states(qid, snr_T, rel=0.01)        # 0.0047 designed
    assert_states(qid, snr_T * std**2, rel=0.01)   # 0.14 with std 5.49
    assert snr_T * std**2 < 1.0                # noise still dominates at T, but far from pure noise


def test_vq_vae_constant_kl():
    qid = "vae.vq-vae"
    assert_states(qid, np.log(512))            # 6.238 nats
    assert_states(qid, np.log2(512))           # 9 bits
    assert_states(qid, 0.25)                   # commitment β


def test_mean_over_pixels_reweights_kl():
    pixels = 28 * 28
    qid = "vae.decoder-likelihood"
    assert_states(qid, pixels)                 # KL weighted 784 times more
    assert_states(qid, pixels / 2)             # equivalent σ² = 392 (1/(2σ²) = 1/784)


def test_dc_ae_compression_and_tokens():
    """DC-AE f32c32 at 1024²: values and DiT token counts against f = 8 with 2×2 patches."""
    qid = "vae.sd-vae"
    pixels = 1024 * 1024 * 3
    latent = (1024 // 32) ** 2 * 32
    assert_states(qid, pixels, rel=0)                  # 3,145,728
    assert_states(qid, latent, rel=0)                  # 32,768
    assert_states(qid, pixels / latent, rel=0)         # 96
    assert_states(qid, (1024 // 32) ** 2, rel=0)       # 1,024 tokens with patch size 1
    assert_states(qid, (1024 // 8 // 2) ** 2, rel=0)   # 4,096 tokens for f = 8 and 2×2 patches
