"""Settings for bench/bake.py: the product's settings plus the baseline views' URLs."""

from dateline.settings import *  # noqa: F403

ROOT_URLCONF = "bench.bake_urls"
DEBUG = False
