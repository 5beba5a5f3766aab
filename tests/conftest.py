"""Shared fixtures: every test runs with its own data, cache and config directories."""

from __future__ import annotations

import gc
import os
import re
from pathlib import Path

import pytest

DATA = Path(__file__).parent / "data"
TEST_BANK = DATA / "bank"


@pytest.fixture(scope="session")
def shared_bank_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One parsed-bank cache for the whole run, shared by the xdist workers (they share a parent).

    Its entries are keyed by a deck file's bytes and the validator's source, and written
    atomically, so sharing it never hands a test another file's verdict; it spares each
    test that loads the built-in bank (the CLI does, with ``--bank`` or without) from
    parsing its YAML again (~0.7 s)."""
    return shared_run_dir(tmp_path_factory, "bank-cache")


def shared_run_dir(tmp_path_factory: pytest.TempPathFactory, name: str) -> Path:
    """A directory ``name`` shared by the whole run: xdist workers each get their own base
    temp directory, all inside one parent, and the shared directory sits in that parent."""
    root = tmp_path_factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):
        root = root.parent
    path = root / name
    path.mkdir(exist_ok=True)
    return path


@pytest.fixture(autouse=True)
def isolated_dirs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, shared_bank_cache: Path) -> Path:
    """Point every user directory at ``tmp_path`` so tests never touch real progress; the
    cache directory is the test's own too, beside ``tmp_path`` (which a test may list),
    with the run's shared parsed-bank cache in it.

    The cache is ``tmp_path``'s name plus ``-cache`` (unique as that name is: a test's
    directory name has only word characters) rather than a numbered ``mktemp``, which
    lists the whole base directory to number each one: quadratic in the tests run."""
    monkeypatch.setenv("QUIZ_DATA_DIR", str(tmp_path / "data"))
    cache = tmp_path.with_name(f"{tmp_path.name}-cache")
    cache.mkdir()
    (cache / "bank").symlink_to(shared_bank_cache, target_is_directory=True)
    monkeypatch.setenv("QUIZ_CACHE_DIR", str(cache))
    monkeypatch.setenv("QUIZ_CONFIG", str(tmp_path / "config.toml"))
    monkeypatch.delenv("QUIZ_DB", raising=False)
    monkeypatch.setenv("QUIZ_LANG", "en")
    monkeypatch.setenv("TF_CPP_MIN_LOG_LEVEL", "3")
    return tmp_path


@pytest.fixture(autouse=True)
def process_wide_patches_restored(monkeypatch: pytest.MonkeyPatch) -> None:
    """Whatever a test installs of the app's process-wide start-up (``cjk_wrap.install``:
    Rich's word pattern and the compositor's line cutting) is put back after it, so no
    test sees what an earlier one in the same worker installed (a ``build_app`` test
    left Textual's compositor replaced, and the test of its defect then failed or
    passed by the order xdist dealt the tests in)."""
    from rich import _wrap
    from textual._compositor import Compositor

    monkeypatch.setattr(_wrap, "re_word", _wrap.re_word)
    monkeypatch.setattr(Compositor, "_render_chops", Compositor._render_chops)


@pytest.fixture(autouse=True, scope="session")
def pilot_on_a_finer_clock():
    """Textual's Pilot waits, after every key it presses and in every ``pause()``, until a
    whole 20 ms slice passes with under 1 ms of CPU, i.e. at least 20 ms of a worker doing
    nothing per key (the fast suite spent a third of its Pilot time asleep). The tests run
    that clock four times finer (5 ms slices) and the screen's refresh four times more
    often (240 instead of 60 frames a second), so a pending refresh still falls inside one
    quiet slice, as it does at Textual's defaults: every key is handled and drawn, with
    what it scheduled for after the refresh, before the next one is pressed.

    Textual keeps these in module constants (``textual._wait``, ``textual.screen``); if a
    release renames them, setting them fails here rather than silently slowing the tests."""
    from textual import _wait, screen

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(_wait, "SLEEP_GRANULARITY", _wait.SLEEP_GRANULARITY / 4)
        patch.setattr(_wait, "SLEEP_IDLE", _wait.SLEEP_IDLE / 4)
        patch.setattr(screen, "UPDATE_PERIOD", screen.UPDATE_PERIOD / 4)
        yield


@pytest.fixture(autouse=True)
def collected_heap(monkeypatch: pytest.MonkeyPatch):
    """After each test, collect its garbage, then freeze what is left (the imports, the
    caches) out of the collector's way, as the app's start-up does for its bank.

    Without this, every collection of the oldest generation rescans everything every
    earlier test left alive (the heap grows by ~15,000 objects per exercise-screen
    test), and the collector took ~30 % of the Pilot tests' CPU. A test that froze its
    own objects (the app's start-up freezes what it built) is thawed first, so its
    garbage is collected too: ``gc.freeze`` is watched rather than
    ``gc.get_freeze_count()`` compared, because that count walks every frozen object
    (20-40 ms a call once a worker has run the Pilot tests, a third of a unit test's time)."""
    freeze = gc.freeze
    froze: list[bool] = []
    monkeypatch.setattr(gc, "freeze", lambda: (froze.append(True), freeze())[1])
    yield
    if froze:
        gc.unfreeze()
    gc.collect()
    freeze()


@pytest.fixture
def test_bank_dir() -> Path:
    return TEST_BANK


#: A module marked slow as a whole: ``pytestmark = pytest.mark.slow…`` or a list holding it.
_SLOW_MODULE = re.compile(r"^pytestmark\s*=\s*(\[[^\]]*?)?pytest\.mark\.slow\b", re.MULTILINE)


def pytest_ignore_collect(collection_path: Path, config: pytest.Config) -> bool | None:
    """The fast suite (``-m "not slow"``, exactly) does not import the modules marked slow
    as a whole (the snapshots, the TensorFlow suites): every xdist worker would import
    them and rewrite their asserts only to deselect all their tests (~0.9 s of CPU per
    worker). Any other run, and any other marker expression, collects them as usual."""
    if " ".join(config.option.markexpr.split()) != "not slow":
        return None
    if collection_path.suffix != ".py" or not collection_path.name.startswith("test_"):
        return None
    return bool(_SLOW_MODULE.search(collection_path.read_text(encoding="utf-8"))) or None


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """On a Python TensorFlow has no build for (its dependency markers leave it out), the
    tests that run it (marked slow) are skipped with the reason; a test marked
    ``slow(tensorflow=False)`` is slow for another reason and still runs. Where the markers
    say it belongs but it is missing, they run and fail: a broken set-up must not pass quietly."""
    from quiz.exercises import availability

    if availability.tensorflow_available():
        return
    reason = availability.explain("tensorflow")
    if reason.key == "avail.not_installed":
        return
    skip = pytest.mark.skip(reason=f"needs TensorFlow: {reason.text('en')}")
    for item in items:
        slow = item.get_closest_marker("slow")
        if slow is not None and slow.kwargs.get("tensorflow", True):
            item.add_marker(skip)
