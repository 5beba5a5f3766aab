"""Numeric claims in the aigc and evaluation decks, recomputed with NumPy (float64)."""

from __future__ import annotations

import re
import sys
import types

import numpy as np
import pytest

from .claims import answer_text, assert_states, assert_writes, question

LN2 = np.log(2.0)


def _kl(p, q):
    p, q = np.asarray(p, float), np.asarray(q, float)
    return float(np.sum(p * np.log(p / q)))


def _sqrtm(a):
    """Principal square root of a diagonalisable matrix with non-negative eigenvalues."""
    w, v = np.linalg.eig(a)
    return v @ np.diag(np.sqrt(w.astype(complex))) @ np.linalg.inv(v)


def _fid(mu1, s1, mu2, s2):
    diff = mu1 - mu2
    covmean = _sqrtm(s1 @ s2).real
    return float(diff @ diff + np.trace(s1) + np.trace(s2) - 2.0 * np.trace(covmean))


# ---------------------------------------------------------------- aigc deck


def test_kl_asymmetry_bernoulli():
    p, q = [0.5, 0.5], [0.9, 0.1]
    assert_states("aigc.kl-properties", _kl(p, q))  # 0.511
    assert_states("aigc.kl-properties", _kl(q, p))  # 0.368
    assert abs(_kl(p, q) - _kl(q, p)) > 0.1


@pytest.mark.slow(tensorflow=False)  # half a second or more of CPU
def test_forward_kl_moment_matching_and_reverse_kl_mode_seeking():
    x = np.linspace(-15.0, 15.0, 6001)
    dx = x[1] - x[0]

    def normal(m, s):
        return np.exp(-0.5 * ((x - m) / s) ** 2) / (s * np.sqrt(2 * np.pi))

    p = 0.5 * normal(-3, 1) + 0.5 * normal(3, 1)
    mean = np.sum(x * p) * dx
    var = np.sum((x - mean) ** 2 * p) * dx
    assert abs(mean) < 1e-9 and abs(var - 10.0) < 1e-6
    assert_states("aigc.forward-vs-reverse-kl", np.sqrt(var))  # sigma ~ 3.16
    assert_states("aigc.forward-vs-reverse-kl", var)  # sigma^2 = 10

    # forward KL over a grid of Gaussians is minimised by moment matching
    best_fwd = min(
        ((-np.sum(p * np.log(normal(m, s) + 1e-300)) * dx, m, s)
         for m in np.linspace(-1, 1, 21) for s in np.linspace(2.5, 4.0, 31)),
    )
    assert abs(best_fwd[1]) < 1e-9 and abs(best_fwd[2] - np.sqrt(10)) < 0.05

    # reverse KL locks onto one mode, mu ~ +-3, sigma ~ 1
    logp = np.log(p + 1e-300)
    best_rev = min(
        (np.sum(normal(m, s) * (np.log(normal(m, s) + 1e-300) - logp)) * dx, m, s)
        for m in np.linspace(-4, 4, 81) for s in np.linspace(0.5, 4.0, 36)
    )
    assert abs(abs(best_rev[1]) - 3.0) < 0.11 and abs(best_rev[2] - 1.0) < 0.11


def _golden_min(f, lo, hi, tol=1e-6):
    """Minimiser of a unimodal f on [lo, hi] by golden-section search."""
    g = (np.sqrt(5.0) - 1) / 2
    while hi - lo > tol:
        a, b = hi - g * (hi - lo), lo + g * (hi - lo)
        if f(a) < f(b):
            hi = b
        else:
            lo = a
    return (lo + hi) / 2


def test_reverse_kl_global_optima_and_local_minimum_between_the_modes():
    """Reverse KL(q||p) for q = N(mu, sigma^2), p = 1/2 N(-3, 1) + 1/2 N(3, 1):
    global optima mu ~ +-2.98, sigma ~ 1.02 (KL ~ 0.689); a worse local minimum at
    mu = 0, sigma ~ 2.74 (KL ~ 0.841)."""
    x = np.linspace(-20.0, 20.0, 8001)
    dx = x[1] - x[0]

    def normal(m, s):
        return np.exp(-0.5 * ((x - m) / s) ** 2) / (s * np.sqrt(2 * np.pi))

    logp = np.log(0.5 * normal(-3, 1) + 0.5 * normal(3, 1) + 1e-300)

    def rkl(m, s):
        q = normal(m, s)
        return float(np.sum(q * (np.log(q + 1e-300) - logp)) * dx)

    # global optimum (by symmetry the mirror image at -mu is the other one): coordinate descent
    mu, sigma = 3.0, 1.0
    for _ in range(8):
        mu = _golden_min(lambda m: rkl(m, sigma), 2.0, 4.0)
        sigma = _golden_min(lambda s: rkl(mu, s), 0.5, 2.0)
    kl_global = rkl(mu, sigma)
    assert np.isclose(rkl(-mu, sigma), kl_global)
    # the local minimum between the modes: best sigma at mu = 0, and a positive-definite Hessian there
    sigma0 = _golden_min(lambda s: rkl(0.0, s), 1.5, 4.0)
    kl_local = rkl(0.0, sigma0)
    h = 1e-3
    f_mm = (rkl(h, sigma0) - 2 * kl_local + rkl(-h, sigma0)) / h**2
    f_ss = (rkl(0.0, sigma0 + h) - 2 * kl_local + rkl(0.0, sigma0 - h)) / h**2
    f_ms = (rkl(h, sigma0 + h) - rkl(h, sigma0 - h) - rkl(-h, sigma0 + h) + rkl(-h, sigma0 - h)) / (4 * h * h)
    assert f_mm > 0.05 and f_ss > 0.05 and f_mm * f_ss - f_ms**2 > 0, "mu = 0 is not a local minimum"
    assert kl_local > kl_global + 0.1  # worse than the mode-seeking optima
    qid = "aigc.forward-vs-reverse-kl"
    assert_states(qid, mu)           # 2.98
    assert_states(qid, sigma)        # 1.02
    assert_states(qid, kl_global)    # 0.689
    assert_states(qid, sigma0)       # 2.74
    assert_states(qid, kl_local)     # 0.841


def test_gan_optimum_value_log4():
    value = 2 * np.log(0.5)
    assert abs(value + np.log(4)) < 1e-12
    assert_states("aigc.spot-error-gan-wgan", np.log(4))  # -log 4 = -1.386


def test_js_bounded_by_log2_and_saturates_on_disjoint_supports():
    p = np.array([0.5, 0.5, 0.0, 0.0])
    q = np.array([0.0, 0.0, 0.3, 0.7])
    m = (p + q) / 2
    js = 0.5 * np.sum(p[p > 0] * np.log(p[p > 0] / m[p > 0])) + 0.5 * np.sum(
        q[q > 0] * np.log(q[q > 0] / m[q > 0]))
    assert abs(js - LN2) < 1e-12
    rng = np.random.default_rng(0)
    for _ in range(200):
        a, b = rng.dirichlet(np.ones(5)), rng.dirichlet(np.ones(5))
        mm = (a + b) / 2
        assert 0.5 * _kl(a, mm) + 0.5 * _kl(b, mm) <= LN2 + 1e-12
    for qid in ("aigc.kl-js-wasserstein", "aigc.spot-error-kl-direction"):
        assert_states(qid, LN2)  # 0.693


def test_scaling_law_compute():
    qid = "aigc.scaling-laws"
    assert_states(qid, 6 * 70e9 * 1.4e12)  # 5.88e23
    assert_states(qid, 6 * 175e9 * 300e9)  # 3.15e23
    assert_states(qid, 1.4e12 / 70e9)  # 20 tokens per parameter
    assert_states(qid, 15e12 / 8e9)  # 1,875


def test_tokenizer_compression_figures():
    qid = "aigc.tokenizing-modalities"
    assert_states(qid, 256 * 256 * 3)  # 196,608
    assert_states(qid, 512 * 512 * 3)  # 786,432
    assert_states(qid, 64 * 64 * 4)  # 16,384
    assert_states(qid, (512 * 512 * 3) / (64 * 64 * 4))  # 48
    assert_states(qid, 32 * 32)  # 1,024 DALL-E tokens
    # SD3 / FLUX: 16 latent channels at the same 8x downsampling
    assert_states(qid, 64 * 64 * 16)  # 65,536
    assert_states(qid, (512 * 512 * 3) / (64 * 64 * 16))  # 12


def test_noise_mixture_likelihood_penalty():
    qid = "aigc.likelihood-vs-quality"
    penalty = np.log(100.0)
    assert_states(qid, penalty)  # 4.61 nats
    assert_states(qid, penalty / (3072 * LN2), rel=5e-3)  # 0.00216 bits/dim
    # the bound: log(0.01 p + 0.99 n) >= log p - log 100 for any densities
    rng = np.random.default_rng(1)
    pv, nv = rng.random(1000), rng.random(1000)
    assert np.all(np.log(0.01 * pv + 0.99 * nv) >= np.log(pv) - penalty - 1e-12)


def test_flow_determinant_cost():
    d = 256 * 256 * 3
    assert_states("aigc.flow-change-of-variables", d)
    assert_states("aigc.flow-change-of-variables", float(d) ** 3, rel=1e-2)  # 7.6e15


def test_affine_coupling_logdet_is_sum_of_s():
    rng = np.random.default_rng(2)
    w_s, w_t = rng.normal(size=(3, 3)), rng.normal(size=(3, 3))

    def coupling(x):
        xa, xb = x[:3], x[3:]
        s, t = np.tanh(w_s @ xa), w_t @ xa
        return np.concatenate([xa, xb * np.exp(s) + t]), np.sum(s)

    x = rng.normal(size=6)
    y, logdet = coupling(x)
    eps = 1e-6
    jac = np.stack([(coupling(x + eps * e)[0] - coupling(x - eps * e)[0]) / (2 * eps)
                    for e in np.eye(6)], axis=1)
    assert abs(np.log(abs(np.linalg.det(jac))) - logdet) < 1e-6
    assert "Σ_j s_j(x_a)" in answer_text("aigc.flow-change-of-variables", "en")


# ---------------------------------------------------------- evaluation deck


def _inception_score(pyx):
    py = pyx.mean(axis=0, keepdims=True)
    with np.errstate(divide="ignore", invalid="ignore"):
        kl = np.where(pyx > 0, pyx * (np.log(pyx) - np.log(py)), 0.0).sum(axis=1)
    return float(np.exp(kl.mean()))


def test_inception_score_range_and_example():
    assert abs(_inception_score(np.eye(1000)) - 1000) < 1e-9
    assert abs(_inception_score(np.full((50, 10), 0.1)) - 1.0) < 1e-12
    two_classes = np.zeros((100, 10))
    two_classes[:50, 3] = 1.0
    two_classes[50:, 7] = 1.0
    is_two = _inception_score(two_classes)
    assert abs(is_two - 2.0) < 1e-12
    assert_states("evaluation.inception-score", 1000)
    assert_states("evaluation.inception-score", is_two)
    assert_states("evaluation.inception-score", 50_000 / 10)  # 5,000 per split
    assert_states("evaluation.is-blind-spots", _inception_score(np.eye(1000)))


def test_is_equals_mutual_information():
    rng = np.random.default_rng(3)
    pyx = rng.dirichlet(np.ones(10) * 0.3, size=200)
    py = pyx.mean(axis=0)
    h_y = -np.sum(py * np.log(py))
    h_y_x = -np.mean(np.sum(pyx * np.log(pyx), axis=1))
    assert abs(np.log(_inception_score(pyx)) - (h_y - h_y_x)) < 1e-10
    assert_writes("evaluation.inception-score", "H(y) − E_x[H(y|x)]", en=("mutual information",), zh=("互信息",))


def test_fid_worked_example():
    fid = _fid(np.zeros(2), np.eye(2), np.ones(2), 4 * np.eye(2))
    assert abs(fid - 4.0) < 1e-12
    assert_states("evaluation.fid", fid)
    # diagonal case: trace term = sum (sigma_r - sigma_g)^2
    s1, s2 = np.diag([1.0, 2.0, 0.5]), np.diag([3.0, 0.5, 0.5])
    tr = _fid(np.zeros(3), s1, np.zeros(3), s2)
    assert abs(tr - np.sum((np.sqrt(np.diag(s1)) - np.sqrt(np.diag(s2))) ** 2)) < 1e-12


def _fake_scipy():
    scipy = types.ModuleType("scipy")
    linalg = types.ModuleType("scipy.linalg")
    linalg.sqrtm = _sqrtm
    scipy.linalg = linalg
    return scipy, linalg


@pytest.mark.slow  # eigen-decompositions of 2048 x 2048 matrices: seconds of CPU
def test_fid_bug_snippet_gives_stated_negative_value(monkeypatch):
    scipy, linalg = _fake_scipy()
    monkeypatch.setitem(sys.modules, "scipy", scipy)
    monkeypatch.setitem(sys.modules, "scipy.linalg", linalg)
    ns: dict = {}
    exec(question("evaluation.fid-bug")["code"], ns)

    # features whose sample covariance is exactly 4 I and whose means are equal
    n, d = 2100, 2048
    rng = np.random.default_rng(4)
    basis, _ = np.linalg.qr(np.column_stack([np.ones(n), rng.normal(size=(n, d))]))
    feats = 2.0 * np.sqrt(n - 1) * basis[:, 1:]
    cov = np.cov(feats, rowvar=False)
    assert np.allclose(cov, 4 * np.eye(d), atol=1e-9)

    buggy = ns["fid_from_features"](feats, feats.copy())
    assert abs(buggy - (8 - 32) * d) < 1e-6 * d
    assert_states("evaluation.fid-bug", abs(buggy))  # -49,152

    # the fix shown in the answer yields FID = 0 on identical statistics
    fix = re.search(r"```python\n(.*?)```", question("evaluation.fid-bug")["answer"]["en"], re.S)
    fix_ns = {"np": np, "linalg": linalg, "sigma1": 4 * np.eye(8), "sigma2": 4 * np.eye(8)}
    exec(fix.group(1), fix_ns)
    fixed_tr = np.trace(fix_ns["sigma1"] + fix_ns["sigma2"] - 2 * fix_ns["covmean"])
    assert abs(fixed_tr) < 1e-9


def test_fid_mean_term_bias():
    d, n = 2048, 50_000
    assert_states("evaluation.fid-bias", d * (1 / n + 1 / n))  # 0.08192
    # Monte Carlo check of E|mu1 - mu2|^2 = Tr(Sigma)(1/N1 + 1/N2) on a small case
    rng = np.random.default_rng(5)
    a = rng.normal(size=(4, 4))
    sigma = a @ a.T + np.eye(4)
    n1, n2, reps = 20, 30, 20000
    chol = np.linalg.cholesky(sigma)
    x1 = rng.normal(size=(reps, n1, 4)) @ chol.T
    x2 = rng.normal(size=(reps, n2, 4)) @ chol.T
    sq = np.sum((x1.mean(axis=1) - x2.mean(axis=1)) ** 2, axis=1)
    expected = np.trace(sigma) * (1 / n1 + 1 / n2)
    assert abs(sq.mean() - expected) < 0.03 * expected


def test_covariance_rank_needs_more_than_d_samples():
    rng = np.random.default_rng(6)
    d = 64
    assert np.linalg.matrix_rank(np.cov(rng.normal(size=(d, d)), rowvar=False)) == d - 1
    assert np.linalg.matrix_rank(np.cov(rng.normal(size=(d + 1, d)), rowvar=False)) == d
    assert_states("evaluation.fid-pitfalls", 2048 + 1)  # 2,049


def test_kid_estimator_is_unbiased():
    rng = np.random.default_rng(7)
    d, m = 8, 40

    def kernel(a, b):
        return (a @ b.T / d + 1) ** 3

    def kid(x, y):
        kxx, kyy, kxy = kernel(x, x), kernel(y, y), kernel(x, y)
        return ((kxx.sum() - np.trace(kxx)) / (m * (m - 1))
                + (kyy.sum() - np.trace(kyy)) / (m * (m - 1)) - 2 * kxy.mean())

    vals = np.array([kid(rng.normal(size=(m, d)), rng.normal(size=(m, d))) for _ in range(2000)])
    assert abs(vals.mean()) < 3 * vals.std() / np.sqrt(len(vals))
    assert (vals < 0).any()  # "can come out slightly negative"
    assert_states("evaluation.kid", 2048)


def test_bits_per_dim_and_perplexity():
    qid = "evaluation.bits-per-dim"
    d = 32 * 32 * 3
    bpd = 6000 / (d * LN2)
    assert_states(qid, d)
    assert_states(qid, d * LN2)  # 2,129.3
    assert_states(qid, bpd)  # 2.818
    assert_states(qid, bpd / 8)  # 0.352
    assert_states(qid, np.log2(256))  # 8 bits
    assert_states(qid, np.exp(2.0))  # 7.389
    assert_states(qid, 2.0 ** 3)  # PPL 8 for 3 bits/token


def test_bleu_brevity_penalty():
    c, r = 9, 12
    bp = min(1.0, np.exp(1 - r / c))
    assert_states("evaluation.text-metrics", bp, rel=1e-3)  # 0.717


def test_distinct_2_example_and_stacked_mnist_modes():
    tokens = "a b a b a b".split()
    bigrams = list(zip(tokens, tokens[1:]))
    distinct2 = len(set(bigrams)) / len(bigrams)
    assert len(bigrams) == 5 and len(set(bigrams)) == 2
    assert_states("evaluation.diversity-metrics", distinct2)  # 0.4
    assert_states("evaluation.diversity-metrics", 10 ** 3)  # 1000 modes


def test_vendi_score_bounds():
    def vendi(k):
        lam = np.linalg.eigvalsh(k / k.shape[0])
        lam = lam[lam > 1e-12]
        return float(np.exp(-np.sum(lam * np.log(lam))))

    assert abs(vendi(np.eye(4)) - 4) < 1e-9
    assert abs(vendi(np.ones((4, 4))) - 1) < 1e-9
    assert_writes("evaluation.diversity-metrics", "K/n", en=("from 1 (all identical) to n",), zh=("从 1（全部相同）到 n",))


def test_knn_precision_recall_toy_example():
    real = np.array([0.0, 1.0, 2.0, 3.0])
    fake = np.array([0.5, 10.0])
    k = 1

    def radii(s):
        dist = np.abs(s[:, None] - s[None, :])
        return np.sort(dist, axis=1)[:, k]  # column 0 is the point itself

    def inside(points, ref):
        return (np.abs(points[:, None] - ref[None, :]) <= radii(ref)[None, :]).any(axis=1)

    precision = inside(fake, real).mean()
    recall = inside(real, fake).mean()
    coverage = (np.abs(real[:, None] - fake[None, :]) <= radii(real)[:, None]).any(axis=1).mean()
    assert (precision, recall, coverage) == (0.5, 1.0, 0.5)
    assert np.allclose(radii(fake), [9.5, 9.5])
    qid = "evaluation.precision-recall"
    for value in (precision, recall, coverage, 9.5, 7.0):
        assert_states(qid, value)


@pytest.mark.parametrize("qid", [
    "aigc.what-is-aigc", "aigc.generative-vs-discriminative", "aigc.mle-is-kl",
    "aigc.kl-js-wasserstein", "aigc.model-families",
    "evaluation.fid", "evaluation.inception-score", "evaluation.clip-score",
])
def test_anchor_ids_exist(qid):
    assert question(qid)["id"] == qid


# ---------------------------------------------------------------- wave 2 (issue 16): evaluation


def test_clip_score_scales():
    qid = "evaluation.clip-score-pitfalls"
    for cos in (0.312, 0.318):
        assert_states(qid, round(100 * cos, 1), rel=0, abs_tol=1e-9)  # 31.2, 31.8
        assert_states(qid, round(2.5 * max(cos, 0.0), 3), rel=0, abs_tol=1e-9)  # 0.78, 0.795
    assert_states(qid, round(100 * (0.318 - 0.312), 1), rel=0, abs_tol=1e-9)  # the 0.6-point gap


@pytest.mark.slow  # the rank of a 1024 x 1024 covariance: seconds of CPU
def test_fd_dinov2_full_rank_needs_d_plus_one_samples():
    d = 1024
    rng = np.random.default_rng(5)
    assert np.linalg.matrix_rank(np.cov(rng.normal(size=(d, d)), rowvar=False)) == d - 1
    assert_states("evaluation.fd-dinov2", d + 1, rel=0)  # 1,025
    assert_states("evaluation.fd-dinov2", d, rel=0)


def _mmd2_unbiased(x, y, sigma=1.0):
    x, y = np.asarray(x, float)[:, None], np.asarray(y, float)[:, None]

    def k(a, b):
        return np.exp(-((a - b.T) ** 2) / (2 * sigma**2))

    m, n = len(x), len(y)
    kxx, kyy = k(x, x), k(y, y)
    return ((kxx.sum() - np.trace(kxx)) / (m * (m - 1)) + (kyy.sum() - np.trace(kyy)) / (n * (n - 1))
            - 2 * k(x, y).mean())


def _mmd2_biased(x, y, sigma=1.0):
    """Mean over all pairs, i = i' included: what google-research's cmmd/distance.py computes."""
    x, y = np.asarray(x, float)[:, None], np.asarray(y, float)[:, None]

    def k(a, b):
        return np.exp(-((a - b.T) ** 2) / (2 * sigma**2))

    return k(x, x).mean() + k(y, y).mean() - 2 * k(x, y).mean()


def test_cmmd_hand_examples():
    qid = "evaluation.cmmd"
    assert_states(qid, round(_mmd2_unbiased([0, 1], [3, 4]), 3), rel=0, abs_tol=1e-9)  # 1.134
    neg = _mmd2_unbiased([0, 1], [0, 2])
    assert neg < 0
    assert_states(qid, round(abs(neg), 3), rel=0, abs_tol=1e-9)  # 0.432 (Unicode minus)
    assert_states(qid, round(np.exp(-0.5), 4), rel=0, abs_tol=1e-9)  # 0.6065
    assert_states(qid, round(np.exp(-2), 4), rel=0, abs_tol=1e-9)  # 0.1353
    cross = np.exp(-4.5) * 2 + np.exp(-8) + np.exp(-2)
    assert_states(qid, round(cross, 4), rel=0, abs_tol=1e-9)  # 0.1579
    assert_states(qid, round(cross / 4, 4), rel=0, abs_tol=1e-9)  # 0.0395
    assert_states(qid, round((1 + np.exp(-2) + 2 * np.exp(-0.5)) / 4, 4), rel=0, abs_tol=1e-9)  # 0.5871
    # the reference implementation's biased (V-statistic) estimator, diagonal included
    assert_states(qid, round(_mmd2_biased([0, 1], [3, 4]), 3), rel=0, abs_tol=1e-9)  # 1.528
    assert_states(qid, round(_mmd2_biased([0, 1], [0, 2]), 3), rel=0, abs_tol=1e-9)  # 0.197
    assert_states(qid, round((2 + 2 * np.exp(-2)) / 4, 4), rel=0, abs_tol=1e-9)  # 0.5677
    # close sets: the unbiased estimate often goes negative, the biased one never does
    draws = np.random.default_rng(7).normal(size=(200, 2, 5))
    assert min(_mmd2_biased(x, y) for x, y in draws) >= 0
    assert min(_mmd2_unbiased(x, y) for x, y in draws) < 0
    # unbiased: the expectation over many draws from one distribution is ~0
    rng = np.random.default_rng(6)
    vals = [_mmd2_unbiased(rng.normal(size=20), rng.normal(size=20)) for _ in range(3000)]
    assert abs(np.mean(vals)) < 0.003


def test_hpd_v2_choices_per_pair():
    assert_states("evaluation.preference-reward-models", round(798_090 / 433_760, 2), rel=0, abs_tol=1e-9)


def test_geneval_prompt_counts():
    qid = "evaluation.geneval"
    tasks = [80, 99, 80, 94, 100, 100]
    assert sum(tasks) == 553
    assert_states(qid, sum(tasks), rel=0)
    assert_states(qid, 4 * sum(tasks), rel=0)  # 2,212 images


def _judges():
    return {
        "always_first": lambda p, first, second: "first",
        "always_A": lambda p, first, second: "first" if first == "A-answer" else "second",
        "always_B": lambda p, first, second: "first" if first == "B-answer" else "second",
    }


def test_judge_position_bug_and_fix():
    qid = "evaluation.bug-judge-position-swap"
    ns: dict = {}
    exec(question(qid)["code"], ns)
    args = (["p"] * 10, ["A-answer"] * 10, ["B-answer"] * 10)
    judges = _judges()
    assert ns["pairwise_win_rate"](judges["always_first"], *args) == 1.0
    assert ns["pairwise_win_rate"](judges["always_A"], *args) == 0.5
    assert ns["pairwise_win_rate"](judges["always_B"], *args) == 0.5
    for lang in ("en", "zh"):
        fix = re.search(r"```python\n(.*?)```", question(qid)["answer"][lang], re.S).group(1)
        fixed: dict = {}
        exec(fix, fixed)
        assert fixed["pairwise_win_rate"](judges["always_first"], *args) == 0.5
        assert fixed["pairwise_win_rate"](judges["always_A"], *args) == 1.0
        assert fixed["pairwise_win_rate"](judges["always_B"], *args) == 0.0
    assert_states(qid, (60 + 15 / 2) / 100, rel=0)  # 0.675
    assert_states(qid, 7.5, rel=0)


def test_preference_study_sample_size():
    from statistics import NormalDist

    qid = "evaluation.preference-study-design"
    z = NormalDist().inv_cdf
    p0, p1 = 0.5, 0.55
    n = ((z(0.975) * np.sqrt(p0 * (1 - p0)) + z(0.8) * np.sqrt(p1 * (1 - p1))) / (p1 - p0)) ** 2
    assert_states(qid, round(n, 1), rel=0, abs_tol=1e-9)  # 782.5
    assert_states(qid, int(np.ceil(n)), rel=0)  # 783
    assert_states(qid, round(np.ceil(n) / 0.8), rel=0)  # 979 with 20 % ties
    assert_states(qid, round(z(0.8), 4), rel=0, abs_tol=1e-9)  # 0.8416
    assert_states(qid, round(np.sqrt(p1 * (1 - p1)), 4), rel=0, abs_tol=1e-9)  # 0.4975
    # simulation: a z-test on 783 non-tie judgements detects p = 0.55 about 80 % of the time
    rng = np.random.default_rng(7)
    wins = rng.binomial(783, 0.55, size=20_000)
    zstat = (wins / 783 - 0.5) / np.sqrt(0.25 / 783)
    assert abs((np.abs(zstat) > 1.96).mean() - 0.8) < 0.02


# ---------------------------------------------------------------- wave 2 (issue 16): aigc safety and provenance


def _z(green, t, gamma):
    return (green - gamma * t) / np.sqrt(t * gamma * (1 - gamma))


def test_green_list_z_scores():
    from statistics import NormalDist

    qid = "aigc.text-watermark-greenlist"
    assert_states(qid, round(np.sqrt(37.5), 3), rel=0, abs_tol=1e-9)  # 6.124
    assert_states(qid, round(_z(100, 200, 0.25), 3), rel=0, abs_tol=1e-9)  # 8.165
    assert_states(qid, 1 - NormalDist().cdf(4.0), rel=2e-3)  # 3.17e-5
    # all-green text: z = sqrt(T (1 − γ) / γ) = sqrt(3T) first exceeds 4 at T = 6
    t_min = next(t for t in range(1, 50) if _z(t, t, 0.25) > 4)
    assert t_min == 6
    assert_states(qid, t_min, rel=0)
    assert_states(qid, round(_z(6, 6, 0.25), 3), rel=0, abs_tol=1e-9)  # 4.243 = sqrt(18)
    # simulation of unwatermarked text: false-positive rate of z > 4 is tiny
    rng = np.random.default_rng(8)
    greens = rng.binomial(200, 0.25, size=200_000)
    assert (_z(greens, 200, 0.25) > 4).mean() < 3e-4


def test_watermark_bug_snippet_reports_stated_z():
    qid = "aigc.bug-watermark-zscore"
    ns: dict = {}
    exec(question(qid)["code"], ns)
    vocab, gamma = 64, 0.25
    # build 201 tokens whose 200 transitions contain exactly 100 green tokens
    tokens = [0]
    for i in range(200):
        greens = ns["green_list"](tokens[-1], vocab, gamma)
        pool = sorted(greens) if i % 2 == 0 else sorted(set(range(vocab)) - greens)
        tokens.append(pool[0])
    buggy = ns["watermark_z"](tokens, vocab, gamma)
    assert abs(buggy - 50 / 37.5) < 1e-12
    assert_states(qid, round(buggy, 3), rel=0, abs_tol=1e-9)  # 1.333
    fix = re.search(r"```python\n(.*?)```", question(qid)["answer"]["en"], re.S).group(1)
    fixed_ns = {"green_list": ns["green_list"]}
    exec(fix, fixed_ns)
    fixed = fixed_ns["watermark_z"](tokens, vocab, gamma)
    assert abs(fixed - _z(100, 200, 0.25)) < 1e-12
    assert_states(qid, round(fixed, 3), rel=0, abs_tol=1e-9)  # 8.165


def test_stable_signature_bit_match_false_positive_rate():
    from math import comb

    fpr = sum(comb(48, k) for k in range(41, 49)) / 2**48
    assert_states("aigc.image-watermarking", fpr, rel=0.02)  # 3.1e-7


def test_deepfake_detector_base_rates():
    qid = "aigc.deepfake-detection"

    def precision(prevalence, tpr=0.99, fpr=0.01):
        return tpr * prevalence / (tpr * prevalence + fpr * (1 - prevalence))

    assert abs(precision(0.01) - 0.5) < 1e-12
    assert_states(qid, 100 * precision(0.01), rel=0)  # 50 %
    assert_states(qid, round(100 * precision(0.001)), rel=0)  # about 9 %


def test_diffusion_extraction_generation_count():
    # written as "175 million" / "1.75 亿", so the product is checked against the words
    assert 350_000 * 500 == 175_000_000 == 1.75e8
    for value in (350_000, 500):
        assert_states("aigc.diffusion-memorisation", value, rel=0)
    for lang in ("en", "zh"):
        assert ("175 million" if lang == "en" else "1.75 亿") in answer_text("aigc.diffusion-memorisation", lang)


def test_repeated_injection_attempts():
    qid = "aigc.jailbreak-prompt-injection"
    p = 1 - 0.95**20
    assert_states(qid, round(p, 2), rel=0, abs_tol=1e-9)  # 0.64
    rng = np.random.default_rng(9)
    assert abs((rng.random((100_000, 20)) < 0.05).any(axis=1).mean() - p) < 0.01
