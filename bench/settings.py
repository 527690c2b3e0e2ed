"""The portal's own settings, with static files collected into the run's temporary folder, so a
benchmark or scale-out check never writes into the checkout. Nothing else differs."""

import os

from attachment_portal.settings import *  # noqa: F403

STATIC_ROOT = os.environ["BENCH_STATIC_ROOT"]
