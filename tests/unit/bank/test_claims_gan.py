"""Numeric claims of the gan deck, recomputed with NumPy (float64) and checked against the text."""

from __future__ import annotations

import ast

import numpy as np
import pytest

from .claims import answer_text, assert_states, assert_writes, question

LN2 = np.log(2.0)


def _sigmoid(x):
    return 1.0 / (1.0 + np.exp(-np.asarray(x, dtype=np.float64)))


def _bce(target, p):
    return -(target * np.log(p) + (1.0 - target) * np.log(1.0 - p))


def _kl(p, q):
    p, q = np.asarray(p, float), np.asarray(q, float)
    m = p > 0
    return float(np.sum(p[m] * np.log(p[m] / q[m])))


def _js(p, q):
    m = 0.5 * (np.asarray(p, float) + np.asarray(q, float))
    return 0.5 * _kl(p, m) + 0.5 * _kl(q, m)


# ------------------------------------------------------------ objective


def test_equilibrium_losses():
    d = 0.5  # D* = p_d / (p_d + p_g) with p_g = p_d
    value = np.log(d) + np.log(1.0 - d)  # V(D*, G*) = -log 4
    d_loss = _bce(1.0, d) + _bce(0.0, d)  # mean BCE(real, 1) + mean BCE(fake, 0)
    g_loss = _bce(1.0, d)  # non-saturating
    assert np.isclose(value, -np.log(4.0))
    assert_states("gan.equilibrium-values", -value)  # 1.386 (written with a Unicode minus)
    assert_states("gan.equilibrium-values", d_loss)  # 2 ln 2
    assert_states("gan.equilibrium-values", g_loss)  # ln 2
    assert_states("gan.optimal-discriminator", np.log(4.0))


def test_optimal_discriminator_numerically():
    """Pointwise argmax of a log y + b log(1 - y) is a / (a + b); C(G) = 2 JSD - log 4."""
    rng = np.random.default_rng(0)
    p_d = rng.dirichlet(np.ones(8))
    p_g = rng.dirichlet(np.ones(8))
    y = np.linspace(1e-6, 1 - 1e-6, 200001)
    for a, b in zip(p_d, p_g):
        best = y[np.argmax(a * np.log(y) + b * np.log(1 - y))]
        assert abs(best - a / (a + b)) < 1e-4
    d_star = p_d / (p_d + p_g)
    c = float(np.sum(p_d * np.log(d_star) + p_g * np.log(1 - d_star)))
    assert np.isclose(c, 2 * _js(p_d, p_g) - np.log(4.0))
    assert_writes("gan.optimal-discriminator", "y = a/(a + b)", "= 2·JSD(p_d‖p_g) − log 4")


def test_ns_loss_divergence_identity():
    """KL(p_g||p_d) - 2 JSD = -E_pg[log D*] - E_pd[log D*] - log 4 (discrete check)."""
    rng = np.random.default_rng(1)
    p_d = rng.dirichlet(np.ones(10))
    p_g = rng.dirichlet(np.ones(10))
    d_star = p_d / (p_d + p_g)
    lhs = _kl(p_g, p_d) - 2 * _js(p_d, p_g)
    rhs = -np.sum(p_g * np.log(d_star)) - np.sum(p_d * np.log(d_star)) - np.log(4.0)
    assert np.isclose(lhs, rhs)
    assert_writes("gan.ns-loss-divergence", "KL(p_g‖p_d) − 2·JSD(p_d‖p_g) = −E_{p_g}[log D*] − E_{p_d}[log D*] − log 4")


def test_non_saturating_gradients():
    d = 0.01
    logit = np.log(d / (1 - d))
    eps = 1e-6
    sat = lambda l: np.log(1 - _sigmoid(l))  # noqa: E731
    ns = lambda l: -np.log(_sigmoid(l))  # noqa: E731
    g_sat = (sat(logit + eps) - sat(logit - eps)) / (2 * eps)
    g_ns = (ns(logit + eps) - ns(logit - eps)) / (2 * eps)
    assert np.isclose(g_sat, -d, rtol=1e-5)
    assert np.isclose(g_ns, -(1 - d), rtol=1e-5)
    assert_states("gan.non-saturating-loss", abs(logit))  # -4.595
    assert_states("gan.non-saturating-loss", abs(g_sat))  # 0.01
    assert_states("gan.non-saturating-loss", abs(g_ns))  # 0.99
    assert_states("gan.non-saturating-loss", g_ns / g_sat)  # 99


def test_swapped_labels_initial_loss():
    assert_states("gan.bug-swapped-labels", _bce(1.0, _sigmoid(0.0)))  # ln 2 per term at logit 0


# ------------------------------------------------------------ label smoothing


def test_one_sided_label_smoothing():
    alpha = 0.9
    y = np.linspace(1e-6, 1 - 1e-6, 200001)
    # D* with real target alpha: maximise p_d[a log D + (1-a) log(1-D)] + p_g log(1-D), p_d = p_g = 1
    obj = alpha * np.log(y) + (1 - alpha) * np.log(1 - y) + np.log(1 - y)
    d_eq = y[np.argmax(obj)]
    assert abs(d_eq - alpha / 2) < 1e-4
    assert_states("gan.one-sided-label-smoothing", d_eq)  # 0.45
    floor = float(np.min(_bce(alpha, y)))  # real-term minimum = H(0.9)
    assert np.isclose(floor, -(alpha * np.log(alpha) + (1 - alpha) * np.log(1 - alpha)), rtol=1e-6)
    assert_states("gan.one-sided-label-smoothing", floor)  # 0.325
    assert_states("gan.one-sided-label-smoothing", np.log(alpha / (1 - alpha)))  # ln 9 = 2.197


# ------------------------------------------------------------ bugs


def test_double_sigmoid_bounds():
    p = np.linspace(1e-9, 1 - 1e-9, 100001)  # what the sigmoid layer can output
    q = _sigmoid(p)  # what the loss then treats as the probability
    real_floor = float(np.min(-np.log(q)))
    fake_floor = float(np.min(-np.log(1 - q)))
    assert np.isclose(q.max(), _sigmoid(1.0), rtol=1e-6)
    assert np.isclose(real_floor, -np.log(_sigmoid(1.0)), rtol=1e-6)
    assert np.isclose(fake_floor, LN2, rtol=1e-6)
    qid = "gan.bug-sigmoid-from-logits"
    assert_states(qid, float(q.max()))  # 0.731
    assert_states(qid, real_floor)  # 0.313
    assert_states(qid, fake_floor)  # 0.693
    assert_states(qid, (real_floor + fake_floor) / 2)  # 0.503 concatenated mean


def test_sigmoid_from_logits_gradient_bound():
    """BCE(y, sigmoid(p)) with p = sigmoid(l): dL/dl = (sigmoid(p) - y) * p(1 - p), the outer
    sigmoid's slope cancels; its magnitude never exceeds 0.157 (up to 1 from logits)."""
    def loss(l, y):
        q = _sigmoid(_sigmoid(l))
        return -(y * np.log(q) + (1 - y) * np.log(1 - q))

    l = np.linspace(-30.0, 30.0, 600001)
    p = _sigmoid(l)
    h = 1e-5
    worst = 0.0
    for y in (0.0, 1.0):
        analytic = (_sigmoid(p) - y) * p * (1 - p)
        numeric = (loss(l[::1000] + h, y) - loss(l[::1000] - h, y)) / (2 * h)
        assert np.allclose(numeric, analytic[::1000], atol=1e-8)
        worst = max(worst, float(np.max(np.abs(analytic))))
    assert np.isclose(worst, 0.157, atol=5e-4)
    assert float(np.max(p * (1 - p))) <= 0.25
    # from logits the same gradient is sigmoid(l) - y, which approaches 1 in magnitude
    assert float(np.max(np.abs(_sigmoid(l) - 1.0))) > 0.99
    assert_states("gan.bug-sigmoid-from-logits", worst, rel=3e-3)  # 0.157
    assert_states("gan.bug-sigmoid-from-logits", 0.25)


def test_wgan_gp_batch_norm_instead_of_per_sample():
    rng = np.random.default_rng(2)
    batch = 64
    grads = rng.normal(size=(batch, 8, 8, 3))
    grads /= np.sqrt(np.sum(grads**2, axis=(1, 2, 3), keepdims=True))  # every sample has norm 1
    batch_norm = np.sqrt(np.sum(grads**2))
    assert np.isclose(batch_norm, np.sqrt(batch))
    assert_states("gan.bug-wgan-gp-norm", batch_norm)  # 8
    assert_states("gan.bug-wgan-gp-norm", 1 / np.sqrt(batch))  # 0.125


def test_bug_snippets_parse():
    for qid in ("gan.bug-swapped-labels", "gan.bug-sigmoid-from-logits",
                "gan.bug-g-updated-in-d-step", "gan.bug-wgan-gp-norm"):
        ast.parse(question(qid)["code"])


# ------------------------------------------------------------ divergences and dynamics


def test_js_on_disjoint_supports():
    p = np.array([0.5, 0.5, 0.0, 0.0])
    q = np.array([0.0, 0.0, 0.3, 0.7])
    js = _js(p, q)
    assert np.isclose(js, LN2)
    assert_states("gan.disjoint-supports", js)
    assert_states("gan.wgan-parallel-lines", js)
    assert np.isclose(2 * js - np.log(4.0), 0.0)  # C(G) = 0 on disjoint supports


def test_parallel_lines_w1_is_theta():
    """Brute-force optimal transport between n points on two vertical segments: cost = |theta|."""
    from itertools import permutations

    theta = 0.3
    z = np.linspace(0, 1, 6)
    a = np.stack([np.zeros_like(z), z], 1)
    b = np.stack([np.full_like(z, theta), z[::-1]], 1)
    cost = min(
        np.mean(np.linalg.norm(a - b[list(perm)], axis=1)) for perm in permutations(range(len(z)))
    )
    assert np.isclose(cost, theta)
    assert_writes("gan.wgan-parallel-lines", "W1(P₀, P_θ) = |θ|")


def test_bilinear_game_dynamics():
    eta, steps = 0.1, 1000
    sim = np.array([[1.0, -eta], [eta, 1.0]])
    alt = np.array([[1.0, -eta], [eta, 1.0 - eta**2]])
    v = np.array([1.0, 0.0])
    w = v.copy()
    for _ in range(steps):
        v = sim @ v
        w = alt @ w
    growth = np.linalg.norm(v)
    assert np.isclose(growth, (1 + eta**2) ** (steps / 2))
    assert_states("gan.gda-dynamics", growth)  # 144.8
    assert_states("gan.gda-dynamics", np.sqrt(1 + eta**2))  # 1.005 per step
    assert np.isclose(np.linalg.det(alt), 1.0)
    assert np.all(np.abs(np.linalg.eigvals(alt)) < 1 + 1e-12)
    assert 0.5 < np.linalg.norm(w) < 2.0  # bounded cycle, no convergence


# ------------------------------------------------------------ architectures


def test_spectral_norm_example():
    w = np.array([[3.0, 0.0], [4.0, 5.0]])
    sigma = np.linalg.svd(w, compute_uv=False)[0]
    frob = np.linalg.norm(w)
    assert np.allclose(sorted(np.linalg.eigvalsh(w.T @ w)), [5.0, 45.0])
    assert_states("gan.spectral-norm", sigma)  # 6.708
    assert_states("gan.spectral-norm", frob)  # 7.071
    # one power-iteration step per call converges to the same value
    u = np.array([1.0, 0.0])
    for _ in range(50):
        v = w.T @ u
        v /= np.linalg.norm(v)
        u = w @ v
        u /= np.linalg.norm(u)
    assert np.isclose(u @ w @ v, sigma)


def _overlap_counts(kernel, stride, n_in=16):
    out = np.zeros(stride * (n_in - 1) + kernel)
    for i in range(n_in):
        out[stride * i: stride * i + kernel] += 1
    return out[kernel: -kernel]  # interior only


def test_checkerboard_overlap():
    c3 = _overlap_counts(3, 2)
    assert set(c3.tolist()) == {1.0, 2.0}
    assert set(np.outer(c3, c3).ravel().tolist()) == {1.0, 2.0, 4.0}
    c4 = _overlap_counts(4, 2)
    assert set(c4.tolist()) == {2.0}
    assert set(np.outer(c4, c4).ravel().tolist()) == {4.0}
    for value in (1, 2, 4):
        assert_states("gan.checkerboard-artifacts", value)


def test_patchgan_receptive_field_and_output():
    layers = [(4, 2), (4, 2), (4, 2), (4, 1), (4, 1)]  # (kernel, stride), padding 1
    rf = 1
    for k, s in reversed(layers):
        rf = (rf - 1) * s + k
    size = 256
    for k, s in layers:
        size = (size + 2 - k) // s + 1
    assert (rf, size) == (70, 30)
    assert_states("gan.pix2pix", rf)
    assert_states("gan.pix2pix", size)


def test_stylegan_style_inputs_and_pggan_stages():
    resolutions = [2**k for k in range(2, 11)]  # 4 .. 1024
    assert len(resolutions) == 9
    assert_states("gan.stylegan", 2 * len(resolutions))  # 18 style inputs
    assert_states("gan.gan-inversion", 2 * len(resolutions))  # W+ is 18 x 512
    assert_states("gan.progressive-growing", len(resolutions))  # 9 stages


@pytest.mark.slow(tensorflow=False)  # half a second or more of CPU
def test_latent_norms():
    d = 512
    rng = np.random.default_rng(3)
    z1, z2 = rng.normal(size=(2, 20000, d))
    norms = np.linalg.norm(z1, axis=1)
    mid = np.linalg.norm((z1 + z2) / 2, axis=1)
    assert abs(norms.mean() - np.sqrt(d)) < 0.05
    assert abs(norms.std() - np.sqrt(0.5)) < 0.02
    assert abs(mid.mean() - np.sqrt(d / 2)) < 0.05
    qid = "gan.latent-interpolation"
    assert_states(qid, np.sqrt(d))  # 22.63
    assert_states(qid, np.sqrt(d / 2))  # 16.0
    assert_states(qid, np.sqrt(0.5))  # 0.707 and std 0.71
    # slerp keeps the norm of equal-norm endpoints
    a, b = z1[0], z2[0] * np.linalg.norm(z1[0]) / np.linalg.norm(z2[0])
    omega = np.arccos(a @ b / (np.linalg.norm(a) * np.linalg.norm(b)))
    for t in np.linspace(0, 1, 11):
        s = (np.sin((1 - t) * omega) * a + np.sin(t * omega) * b) / np.sin(omega)
        assert np.isclose(np.linalg.norm(s), np.linalg.norm(a))


def test_no_latex_in_gan_deck():
    for qid in ("gan.optimal-discriminator", "gan.ns-loss-divergence", "gan.wgan"):
        for lang in ("en", "zh"):
            text = answer_text(qid, lang)
            assert "$" not in text and "\\frac" not in text
