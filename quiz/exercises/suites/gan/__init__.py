"""The GAN checks (exercises ``gan`` and ``gan-debug``), cheap to expensive.

contract → generator_output → discriminator_output → discriminator_loss →
generator_loss → train_step_updates → isolation → fresh_noise → d_learns →
g_learns → end_to_end. Each planted bug of the
exercise-checks guide is caught by the check meant for it (see tests/exercises/test_mutants.py).
"""

from quiz.exercises.suites.gan.training import baseline  # importing it registers the training checks
from quiz.exercises.suites.gan.units import DATA_SIZE, prepare_data, suite

__all__ = ["DATA_SIZE", "baseline", "prepare_data", "suite"]
