"""The DDPM checks (exercises ``ddpm`` and ``ddpm-debug``), cheap to expensive.

contract → beta_schedule → q_sample → denoiser → loss_target → loss_timesteps →
loss_noise → p_sample → sample → train_step_update → fresh_draws → loss_decrease →
samples_near_data.

The loss and sampler checks hand the submission's functions spy models
(:mod:`.spies`) that record what they receive and answer with the exact noise, so a
correct ``diffusion_loss`` is exactly 0 and a correct sampler ends at the data point.
Each planted bug is caught by the check meant for it (tests/exercises/test_ddpm_suite.py).
"""

from quiz.exercises.suites.ddpm.training import baseline  # importing it registers the training checks
from quiz.exercises.suites.ddpm.units import DATA_SIZE, prepare_data, suite

__all__ = ["DATA_SIZE", "baseline", "prepare_data", "suite"]
