"""The WGAN-GP checks (exercise ``wgan-gp``), cheap to expensive.

contract → generator_output → critic_output → critic_loss → generator_loss →
gp_linear → gp_interpolates → critic_update → generator_update → your_networks →
critic_learns → end_to_end.

The penalty is checked on critics whose input gradient is known in closed form (a
linear critic: the penalty is (‖w‖ − 1)² whatever the interpolates; a quadratic one,
recorded, to see where the penalty looks). The two steps are examined from inside
(:mod:`.probes`) on checker-built networks with plain SGD. Each planted bug is caught
by the check meant for it (see tests/exercises/test_wgan_suite.py).
"""

from quiz.exercises.suites.wgan_gp.training import baseline  # importing it registers the step and training checks
from quiz.exercises.suites.wgan_gp.units import DATA_SIZE, prepare_data, suite

__all__ = ["DATA_SIZE", "baseline", "prepare_data", "suite"]
