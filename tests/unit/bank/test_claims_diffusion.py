"""Numeric claims of the diffusion deck, recomputed in float64 and checked against the text."""

from __future__ import annotations

import numpy as np

from tests.unit.bank.claims import assert_states, assert_writes, question

T = 1000


def _linear_alpha_bar() -> np.ndarray:
    """ᾱ_t for t = 1..T of the DDPM linear schedule (index 0 is t = 1)."""
    betas = np.linspace(1e-4, 0.02, T, dtype=np.float64)
    return np.cumprod(1.0 - betas)


def _cosine_alpha_bar(s: float = 0.008) -> np.ndarray:
    """ᾱ_t for t = 1..T of the Nichol & Dhariwal cosine schedule, with β clipped at 0.999."""
    t = np.arange(T + 1, dtype=np.float64)
    f = np.cos((t / T + s) / (1 + s) * np.pi / 2) ** 2
    ab = f / f[0]
    betas = np.clip(1.0 - ab[1:] / ab[:-1], 0.0, 0.999)
    return np.cumprod(1.0 - betas)


def _sd_alpha_bar() -> np.ndarray:
    """ᾱ_t of Stable Diffusion's scaled-linear schedule."""
    betas = np.linspace(np.sqrt(0.00085), np.sqrt(0.012), T, dtype=np.float64) ** 2
    return np.cumprod(1.0 - betas)


def test_linear_schedule_terminal_alpha_bar():
    ab_T = _linear_alpha_bar()[-1]
    betas = np.linspace(1e-4, 0.02, T)
    assert_states("diffusion.linear-schedule-endpoint", ab_T, rel=2e-3)  # 4.04e-5
    assert_states("diffusion.linear-schedule-endpoint", np.sqrt(ab_T), rel=2e-3)  # 0.00635
    assert_states("diffusion.linear-schedule-endpoint", betas.sum(), rel=1e-3)  # 10.05
    assert_states("diffusion.linear-schedule-endpoint", np.exp(-betas.sum()), rel=2e-3)  # 4.32e-5
    assert np.exp(-betas.sum()) > ab_T  # the log approximation overestimates, as the text says


def test_linear_schedule_snr_endpoints():
    ab = _linear_alpha_bar()
    snr = ab / (1.0 - ab)
    qid = "diffusion.snr-view"
    assert_states(qid, snr[0], rel=1e-4)  # 9999
    assert_states(qid, np.log(snr[0]), rel=2e-3)  # 9.21
    assert_states(qid, snr[-1], rel=2e-3)  # 4.04e-5
    assert_states(qid, np.log(snr[-1]), rel=2e-3)  # -10.12


def test_cosine_versus_linear_schedule():
    lin, cos = _linear_alpha_bar(), _cosine_alpha_bar()
    qid = "diffusion.cosine-schedule"
    assert_states(qid, lin[499], rel=2e-3)  # ᾱ_500 linear 0.0786
    assert_states(qid, cos[499], rel=2e-3)  # ᾱ_500 cosine 0.494
    assert_states(qid, lin[749], rel=2e-3)  # ᾱ_750 linear 0.00335
    assert_states(qid, cos[749], rel=3e-3)  # ᾱ_750 cosine 0.144
    assert cos[-1] < 1e-8  # "cosine ends with ᾱ_T ≈ 0"


def test_stable_diffusion_terminal_snr():
    ab_T = _sd_alpha_bar()[-1]
    qid = "diffusion.zero-terminal-snr"
    assert_states(qid, ab_T, rel=2e-3)  # 0.00466
    assert_states(qid, np.sqrt(ab_T), rel=5e-3)  # 0.068
    assert_states(qid, np.sqrt(1.0 - ab_T), rel=5e-4)  # 0.998
    assert_states(qid, ab_T / (1.0 - ab_T), rel=1e-2)  # SNR 0.0047
    assert_states("diffusion.snr-view", ab_T, rel=1e-2)  # "Stable Diffusion's schedule (≈ 0.0047)"


def test_latent_compression():
    pixels, latent = 512 * 512 * 3, 64 * 64 * 4
    for qid in ("diffusion.latent-compression-ratio", "diffusion.latent-diffusion"):
        assert_states(qid, pixels, rel=0)
        assert_states(qid, latent, rel=0)
        assert_states(qid, pixels / latent, rel=0)  # 48
        assert_states(qid, 64 * 64, rel=0)  # 4,096 attention tokens
        assert_states(qid, 512 * 512, rel=0)  # 262,144 pixels
        assert_states(qid, pixels / (64 * 64 * 16), rel=0)  # 12 for 16-channel latents


def test_lora_parameter_count():
    d_in, d_out, r = 768, 320, 4
    full, lora = d_in * d_out, r * (d_in + d_out)
    qid = "diffusion.personalization-methods"
    assert_states(qid, full, rel=0)  # 245,760
    assert_states(qid, lora, rel=0)  # 4,352
    assert_states(qid, full / lora, rel=1e-2)  # about 56


def test_vlb_weights_linear_schedule():
    betas = np.linspace(1e-4, 0.02, T)
    alphas = 1.0 - betas
    ab = np.cumprod(alphas)
    lam = betas / (2 * alphas * (1.0 - ab))  # λ_t with σ_t² = β_t
    qid = "diffusion.vlb-to-simple-loss"
    assert_states(qid, lam[0], rel=1e-3)  # 0.5
    assert_states(qid, lam.min(), rel=2e-3)  # 0.00497
    assert abs(int(np.argmin(lam)) + 1 - 350) <= 5  # "near t = 350"
    assert_states(qid, lam[-1], rel=2e-3)  # 0.0102
    assert_states(qid, lam[0] / lam.min(), rel=1e-2)  # about 100


def test_bug_q_sample_coefficients():
    ab500 = _linear_alpha_bar()[499]
    assert_states("diffusion.bug-q-sample", ab500, rel=2e-3)  # 0.0786
    assert_states("diffusion.bug-q-sample", np.sqrt(ab500), rel=2e-3)  # 0.280


def test_bug_ancestral_noise_ratio():
    qid = "diffusion.bug-ancestral-step"
    assert_states(qid, np.sqrt(0.02), rel=3e-3)  # 0.141
    assert_states(qid, np.sqrt(0.02) / 0.02, rel=1e-3)  # 7.07
    assert_states(qid, np.sqrt(1e-4) / 1e-4, rel=1e-9)  # 100


def test_last_step_noise_size():
    std = np.sqrt(1e-4)
    assert_states("diffusion.last-step-no-noise", std, rel=1e-9)  # 0.01
    assert_states("diffusion.last-step-no-noise", std * 127.5, rel=3e-2)  # about 1.3 grey levels


def test_cfg_sign_coefficients():
    w = 7.5
    # Buggy line: eps_cond + w * (eps_uncond - eps_cond) = (1 - w) * eps_cond + w * eps_uncond.
    assert_states("diffusion.bug-cfg-sign", 1 - w, rel=0)  # -6.5
    assert_states("diffusion.bug-cfg-sign", w, rel=0)  # 7.5
    # The paper's (1 + w') convention: guidance scale 7.5 is w' = 6.5.
    assert_states("diffusion.classifier-free-guidance", w - 1, rel=0)


def test_compute_tradeoffs():
    qid = "diffusion.compute-quality-tradeoffs"
    assert_states(qid, 50 * 2, rel=0)  # 100 U-Net passes
    tok512, tok1024 = (512 // 8) ** 2, (1024 // 8) ** 2
    assert_states(qid, tok512, rel=0)  # 4,096
    assert_states(qid, tok1024, rel=0)  # 16,384
    assert_states(qid, (tok1024 / tok512) ** 2, rel=0)  # 16× attention
    assert_states(qid, tok512**2, rel=0)  # 16,777,216 entries


def test_video_token_count():
    frames, h, w = 121, 720, 1280
    latent_frames = 1 + (frames - 1) // 4
    tokens_per_frame = (h // 8 // 2) * (w // 8 // 2)
    total = latent_frames * tokens_per_frame
    qid = "diffusion.video-diffusion"
    assert_states(qid, latent_frames, rel=0)  # 31
    assert_states(qid, tokens_per_frame, rel=0)  # 3,600
    assert_states(qid, total, rel=0)  # 111,600
    assert_states(qid, float(total) ** 2, rel=5e-3)  # 1.25e10


def test_dit_token_counts():
    for p in (2, 4, 8):
        assert_states("diffusion.dit", (32 // p) ** 2, rel=0)  # 256, 64, 16


def test_img2img_steps():
    assert_states("diffusion.img2img-strength", int(50 * 0.75), rel=0)  # 37
    # the answer itself (not only the choices) states the rule and the strength used
    for lang in ("en", "zh"):
        answer = question("diffusion.img2img-strength")["answer"][lang]
        assert "int(steps · s)" in answer and "s = 0.75" in answer and "int(50 · 0.75) = 37" in answer


def test_formulas_used_in_answers_are_consistent():
    """Re-derive the identities the deck states (posterior mean, v, DDIM at η = 1)."""
    rng = np.random.default_rng(0)
    betas = np.linspace(1e-4, 0.02, T)
    alphas = 1.0 - betas
    ab = np.cumprod(alphas)
    for t in (1, 10, 500, 999):  # array index; ᾱ_{t−1} is ab[t - 1]
        x0, eps = rng.standard_normal(8), rng.standard_normal(8)
        xt = np.sqrt(ab[t]) * x0 + np.sqrt(1 - ab[t]) * eps
        mu_x0 = (np.sqrt(ab[t - 1]) * betas[t] / (1 - ab[t])) * x0 + (
            np.sqrt(alphas[t]) * (1 - ab[t - 1]) / (1 - ab[t])
        ) * xt
        mu_eps = (xt - betas[t] / np.sqrt(1 - ab[t]) * eps) / np.sqrt(alphas[t])
        np.testing.assert_allclose(mu_x0, mu_eps, rtol=1e-10, atol=1e-12)
        # v-parameterisation round trip
        a, s = np.sqrt(ab[t]), np.sqrt(1 - ab[t])
        v = a * eps - s * x0
        np.testing.assert_allclose(a * xt - s * v, x0, atol=1e-12)
        np.testing.assert_allclose(s * xt + a * v, eps, atol=1e-12)
        # DDIM σ at η = 1 equals the posterior variance β̃_t
        sigma2 = (1 - ab[t - 1]) / (1 - ab[t]) * (1 - ab[t] / ab[t - 1])
        beta_tilde = (1 - ab[t - 1]) / (1 - ab[t]) * betas[t]
        np.testing.assert_allclose(sigma2, beta_tilde, rtol=1e-12)
    assert_writes("diffusion.bug-ancestral-step", "β̃_t = (1 − ᾱ_{t−1}) / (1 − ᾱ_t) · β_t")
    assert_writes("diffusion.ddim", "β̃_t", en=("η = 1 gives σ_t² equal to the DDPM posterior variance",), zh=("η = 1 时（相邻步）σ_t² 等于 DDPM 的后验方差",))
    # Flow matching: x̂₁ = x_t + (1 − t)·v and x̂₀ = x_t − t·v for x_t = (1 − t)·x₀ + t·x₁
    x0, x1, tt = rng.standard_normal(8), rng.standard_normal(8), 0.3
    xt, v = (1 - tt) * x0 + tt * x1, x1 - x0
    np.testing.assert_allclose(xt + (1 - tt) * v, x1, atol=1e-12)
    np.testing.assert_allclose(xt - tt * v, x0, atol=1e-12)
    assert_writes("diffusion.flow-matching", "x̂₁ = x_t + (1 − t)·v̂", "x̂₀ = x_t − t·v̂")


# ------------------------------------------------------------ wave 2 (issue 16)


def _text(qid: str, lang: str) -> str:
    from tests.unit.bank.claims import answer_text

    return answer_text(qid, lang)


def test_euler_direction_step_size():
    qid = "diffusion.bug-euler-direction"
    ts = np.linspace(1.0, 0.0, 29)
    dt = ts[1] - ts[0]
    assert dt < 0
    assert_states(qid, round(abs(dt), 4), rel=0, abs_tol=1e-9)  # 0.0357, written with a Unicode minus
    assert abs(round(abs(dt), 4) - 1 / 28) < 5e-5
    assert_states(qid, 2 * 28, rel=0)  # 56 calls with CFG


def _gaussian_marginal_velocity_gain(t: float, s: float) -> float:
    """u(x, t) / x for x_t = (1 − t)·x₀ + t·x₁, x₀ ~ N(0, 1), x₁ ~ N(0, s²): Cov(Y, x_t) / Var(x_t)."""
    return (t * s**2 - (1 - t)) / ((1 - t) ** 2 + t**2 * s**2)


def test_flow_matching_marginal_velocity_gaussian():
    qid = "diffusion.flow-matching-marginal-velocity"
    assert_states(qid, _gaussian_marginal_velocity_gain(0.5, 2.0), rel=1e-9)  # 1.2
    assert _gaussian_marginal_velocity_gain(0.0, 2.0) == -1.0  # u = −x at t = 0
    assert abs(_gaussian_marginal_velocity_gain(1.0, 2.0) - 1.0) < 1e-12  # u = x at t = 1
    # Monte Carlo check of the regression coefficient E[Y | x_t] / x_t (Gaussian, so linear)
    rng = np.random.default_rng(0)
    x0, x1 = rng.standard_normal(400_000), 2.0 * rng.standard_normal(400_000)
    xt, y = 0.5 * x0 + 0.5 * x1, x1 - x0
    assert abs(np.dot(xt, y) / np.dot(xt, xt) - 1.2) < 0.01
    # integrate dx/dt = u(x, t) from x0 = 1 with fine Euler steps: curved path through 1.118 to 2
    x, n = 1.0, 20_000
    for i in range(n):
        t = i / n
        x += _gaussian_marginal_velocity_gain(t, 2.0) * x / n
        if i + 1 == n // 2:
            mid = x
    assert abs(mid - np.sqrt(1.25)) < 1e-3 and abs(x - 2.0) < 1e-3
    assert_states(qid, np.sqrt(1.25), rel=1e-3)  # 1.118
    assert_states(qid, 1.5, rel=0)  # the straight-line midpoint
    # one Euler step from t = 0 sends every sample to x0 + u(x0, 0) = 0
    assert 1.0 + _gaussian_marginal_velocity_gain(0.0, 2.0) * 1.0 == 0.0


def test_flow_timestep_shift_and_logit_normal_density():
    qid = "diffusion.flow-timestep-shift"
    t, alpha = 0.5, 3.0
    dens = 1 / np.sqrt(2 * np.pi) / (t * (1 - t)) * np.exp(-np.log(t / (1 - t)) ** 2 / 2)
    assert_states(qid, dens, rel=1e-3)  # 1.596
    t_shift = alpha * t / (1 + (alpha - 1) * t)
    assert_states(qid, t_shift, rel=0)  # 0.75
    snr = lambda u: ((1 - u) / u) ** 2  # noqa: E731
    assert snr(t) == 1.0 and abs(snr(t_shift) - 1 / 9) < 1e-12
    assert abs(snr(t) / snr(t_shift) - alpha**2) < 1e-9
    for lang in ("en", "zh"):
        assert "1/9" in _text(qid, lang)


def test_dpm_solver_first_order_equals_ddim():
    qid = "diffusion.dpm-solver"
    a_s, s_s, a_t, s_t = 0.6, 0.8, 0.8, 0.6
    h = np.log(a_t / s_t) - np.log(a_s / s_s)
    dpm_x, dpm_eps = a_t / a_s, -s_t * np.expm1(h)
    ddim_x, ddim_eps = a_t / a_s, -(a_t * s_s / a_s - s_t)
    assert abs(dpm_x - ddim_x) < 1e-12 and abs(dpm_eps - ddim_eps) < 1e-12
    assert abs(np.exp(h) - 16 / 9) < 1e-12
    assert_states(qid, dpm_x, rel=1e-4)  # 1.3333
    assert_states(qid, round(abs(dpm_eps), 4), rel=0, abs_tol=1e-9)  # 0.4667 (Unicode minus)
    assert_states(qid, round(a_t * s_s / a_s, 4), rel=0, abs_tol=1e-9)  # 1.0667


def test_edm_heun_cost_and_grid():
    qid = "diffusion.euler-heun-ode"
    n, rho, smax, smin = 18, 7.0, 80.0, 0.002
    i = np.arange(n)
    sigma = (smax ** (1 / rho) + i / (n - 1) * (smin ** (1 / rho) - smax ** (1 / rho))) ** rho
    assert_states(qid, round(sigma[1], 1), rel=0, abs_tol=1e-9)  # 57.6
    assert_states(qid, round(sigma[8], 2), rel=0, abs_tol=1e-9)  # 3.26
    assert_states(qid, 2 * n - 1, rel=0)  # 35
    assert_states(qid, 2 * (2 * n - 1), rel=0)  # 70


def test_progressive_distillation_rounds():
    qid = "diffusion.progressive-distillation"
    rounds, n = 0, 1024
    while n > 4:
        n //= 2
        rounds += 1
    assert rounds == int(np.log2(1024 / 4)) == 8
    assert_states(qid, rounds, rel=0)


def test_progressive_distillation_target_lands_on_teacher_point():
    """The x̃ formula in the answer makes one student DDIM step land exactly on z_{t″}."""
    rng = np.random.default_rng(1)
    a_t, s_t, a_tt, s_tt = 0.5, np.sqrt(0.75), 0.8, 0.6
    z_t, z_tt = rng.standard_normal(5), rng.standard_normal(5)
    x_tilde = (z_tt - (s_tt / s_t) * z_t) / (a_tt - (s_tt / s_t) * a_t)
    landed = a_tt * x_tilde + (s_tt / s_t) * (z_t - a_t * x_tilde)
    assert np.allclose(landed, z_tt)
    assert_writes("diffusion.progressive-distillation", "x̃ = (z_{t″} − (σ_{t″}/σ_t)·z_t) / (α_{t″} − (σ_{t″}/σ_t)·α_t)")


def test_consistency_skip_coefficients():
    qid = "diffusion.consistency-parameterisation"
    sd, eps = 0.5, 0.002

    def c_skip(t):
        return sd**2 / ((t - eps) ** 2 + sd**2)

    def c_out(t):
        return sd * (t - eps) / np.sqrt(sd**2 + t**2)

    assert c_skip(eps) == 1.0 and c_out(eps) == 0.0
    assert_states(qid, c_skip(80.0), rel=2e-3)  # 3.91e-5
    assert_states(qid, round(c_out(80.0), 5), rel=0, abs_tol=1e-9)  # 0.49998
    assert_states(qid, 80.0 - eps, rel=0)  # 79.998


def test_video_diffusion_pass_count():
    # "50-step samplers with CFG mean ~100 passes"
    assert_states("diffusion.video-diffusion", 50 * 2, rel=0)


def test_apg_decomposition_example():
    delta, d_cond = np.array([1.0, 1.0]), np.array([2.0, 0.0])
    par = (delta @ d_cond) / (d_cond @ d_cond) * d_cond
    orth = delta - par
    assert np.allclose(par, [1.0, 0.0]) and np.allclose(orth, [0.0, 1.0])
    assert abs(orth @ d_cond) < 1e-12
    for lang in ("en", "zh"):
        text = _text("diffusion.guidance-beyond-cfg", lang)
        assert "(1, 0)" in text and "(0, 1)" in text and "(2, 0)" in text


def test_repa_speedup():
    assert_states("diffusion.repa", 7_000_000 / 400_000, rel=0)  # 17.5


def test_mmdit_joint_attention_cost():
    qid = "diffusion.mmdit-joint-attention"
    n_img, n_txt = 4096, 512
    joint = (n_img + n_txt) ** 2
    separate = n_img**2 + n_img * n_txt
    assert_states(qid, n_img + n_txt, rel=0)  # 4,608
    assert_states(qid, joint, rel=0)  # 21,233,664
    assert_states(qid, separate, rel=0)  # 18,874,368
    assert_states(qid, joint / separate, rel=0)  # 1.125
    assert_states(qid, 100 * (joint / separate - 1), rel=0)  # 12.5 %
    assert joint - separate == n_txt * (n_img + n_txt)  # the extra rows are the text queries


def test_masked_diffusion_lm_figures():
    qid = "diffusion.masked-diffusion-lm"
    t, length = 0.25, 1024
    alpha = 1 - t
    assert_states(qid, length * (1 - alpha), rel=0)  # 256 masked on average
    assert_states(qid, 1 / t, rel=0)  # weight 4 = −α′/(1 − α) with α = 1 − t
    a_t, a_s = 0.4, 0.6
    reveal, stay = (a_s - a_t) / (1 - a_t), (1 - a_s) / (1 - a_t)
    assert abs(reveal - 1 / 3) < 1e-12 and abs(stay - 2 / 3) < 1e-12 and abs(reveal + stay - 1) < 1e-12
    for lang in ("en", "zh"):
        text = _text(qid, lang)
        assert "1/3" in text and "2/3" in text and "1/t" in text
    # Monte Carlo: masking with probability 1 − α_t = t masks t·L tokens on average
    rng = np.random.default_rng(2)
    assert abs((rng.random((2000, length)) < t).sum(axis=1).mean() - 256) < 1.0
