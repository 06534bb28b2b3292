"""Settings for bench/render.py: the product's settings plus the baseline view's URL."""

from dateline.settings import *  # noqa: F403

ROOT_URLCONF = "bench.render_urls"
DEBUG = False
