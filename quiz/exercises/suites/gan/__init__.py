"""The GAN checks (exercises ``gan`` and ``gan-debug``), cheap to expensive.

contract → generator_output → discriminator_output → discriminator_loss →
generator_loss → train_step_updates → step_inputs → d_update → g_update →
isolation → side_effects → fresh_noise → d_learns → g_learns → end_to_end.

The middle checks examine the step from inside (:mod:`.probes`): the noise each update
feeds the generator, and whether each update is exactly a step down the contract's
loss, at several batch and noise sizes. Each planted bug is caught by the check meant
for it (see tests/exercises/test_mutants.py).
"""

from quiz.exercises.suites.gan.training import baseline  # importing it registers the training checks
from quiz.exercises.suites.gan.units import DATA_SIZE, prepare_data, suite

__all__ = ["DATA_SIZE", "baseline", "prepare_data", "suite"]
