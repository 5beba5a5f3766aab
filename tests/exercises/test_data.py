"""The synthetic digit set and the .npz loader (NumPy only)."""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pytest

from quiz.exercises import data
from quiz.exercises.data import DataError, ascii_art, load_digits, load_npz


def test_shape_dtype_range_and_labels() -> None:
    images, labels = load_digits(500, seed=3)
    assert images.shape == (500, 28, 28, 1) and images.dtype == np.float32
    assert images.min() >= 0.0 and images.max() <= 1.0
    assert labels.shape == (500,) and labels.dtype == np.int64
    assert set(labels.tolist()) == set(range(10))


def test_deterministic_per_seed() -> None:
    a, la = load_digits(64, seed=7)
    b, lb = load_digits(64, seed=7)
    c, _ = load_digits(64, seed=8)
    assert np.array_equal(a, b) and np.array_equal(la, lb)
    assert not np.array_equal(a, c)


def test_edge_sizes() -> None:
    assert load_digits(0, seed=1)[0].shape == (0, 28, 28, 1)
    with pytest.raises(ValueError):
        load_digits(-1)


def test_images_look_like_digits() -> None:
    """Ink in the middle, background at the border, classes distinguishable by their mean image."""
    images, labels = load_digits(2000, seed=0)
    x = images[..., 0]
    assert x[:, 8:20, 8:20].mean() > 3 * x[:, :3, :].mean()
    ink = x.mean(axis=(1, 2))
    assert 0.05 < ink.mean() < 0.35
    means = np.stack([x[labels == d].mean(axis=0) for d in range(10)])
    # A nearest-class-mean classifier on the same data beats chance by far.
    flat = x.reshape(len(x), -1)
    dists = ((flat[:, None, :] - means.reshape(10, -1)[None]) ** 2).sum(-1)
    accuracy = (dists.argmin(1) == labels).mean()
    assert accuracy > 0.6


def test_ascii_art_shows_a_glyph() -> None:
    images, labels = load_digits(1, seed=0)
    art = ascii_art(images[0])
    assert len(art.splitlines()) == 28 and "@" in art


def test_load_keras_mnist_format(tmp_path: Path) -> None:
    rng = np.random.default_rng(0)
    path = tmp_path / "mnist.npz"
    np.savez(path, x_train=rng.integers(0, 256, (5, 28, 28), dtype=np.uint8), y_train=np.arange(5),
             x_test=rng.integers(0, 256, (3, 28, 28), dtype=np.uint8), y_test=np.arange(3))
    images, labels = load_npz(path)
    assert images.shape == (8, 28, 28, 1) and images.dtype == np.float32
    assert 0.0 <= images.min() and images.max() <= 1.0
    assert labels.tolist() == [0, 1, 2, 3, 4, 0, 1, 2]


def test_load_plain_xy_floats(tmp_path: Path) -> None:
    path = tmp_path / "d.npz"
    np.savez(path, x=np.full((2, 28, 28, 1), 0.5, np.float32))
    images, labels = load_npz(path)
    assert images.shape == (2, 28, 28, 1) and labels.tolist() == [-1, -1]


@pytest.mark.parametrize(
    "arrays, message",
    [
        ({"images": np.zeros((2, 28, 28))}, "expected arrays x_train"),
        ({"x": np.zeros((2, 32, 32))}, "must be (n, 28, 28)"),
        ({"x": np.zeros((0, 28, 28))}, "no images"),
        ({"x": np.full((2, 28, 28), np.nan)}, "finite"),
        ({"x": np.zeros((2, 28, 28), np.uint8), "y": np.zeros(3)}, "2 images but 3 labels"),
    ],
)
def test_bad_npz_files_are_named(tmp_path: Path, arrays: dict, message: str) -> None:
    path = tmp_path / "bad.npz"
    np.savez(path, **arrays)
    with pytest.raises(DataError, match=message.replace("(", r"\(").replace(")", r"\)")):
        load_npz(path)


def test_missing_and_non_npz_files(tmp_path: Path) -> None:
    with pytest.raises(DataError, match="no such file"):
        load_npz(tmp_path / "none.npz")
    junk = tmp_path / "junk.npz"
    junk.write_text("hello")
    with pytest.raises(DataError, match="not a readable .npz"):
        load_npz(junk)


def test_front_modules_import_without_tensorflow() -> None:
    """data, runner, cli, catalog, report, workspace, source: what the TUI and CLI import."""
    import subprocess

    out = subprocess.run(
        [sys.executable, "-c", "import sys, quiz.exercises.data, quiz.exercises.runner, quiz.exercises.cli, "
         "quiz.exercises.catalog, quiz.exercises.check_text, quiz.exercises.workspace, quiz.exercises.source; "
         "print(sorted(m for m in sys.modules if m.split('.')[0] in ('tensorflow', 'keras')))"],
        capture_output=True, text=True, timeout=60,
    )
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "[]"


def test_cached_digits_are_the_generated_ones_and_survive_a_corrupt_file(tmp_path):
    first = data.cached_digits(40, 7, tmp_path)
    generated, _ = data.load_digits(40, 7)
    np.testing.assert_array_equal(first, generated)
    (cached,) = tmp_path.iterdir()
    # the second call reads the file (made recognisable here), not the generator
    marked = first.copy()
    marked[0, 0, 0, 0] = 0.5
    np.save(cached, marked)
    assert data.cached_digits(40, 7, tmp_path)[0, 0, 0, 0] == np.float32(0.5)
    # a broken or wrong-shaped file is regenerated and replaced
    cached.write_bytes(b"not an npy file")
    np.testing.assert_array_equal(data.cached_digits(40, 7, tmp_path), generated)
    np.save(cached, generated[:5])
    np.testing.assert_array_equal(data.cached_digits(40, 7, tmp_path), generated)
    # another size or seed is another file
    data.cached_digits(41, 7, tmp_path)
    assert len(list(tmp_path.iterdir())) == 2
