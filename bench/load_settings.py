"""Settings for bench/load.py: the product's settings, with the API limit raised for loopback.

Every reader of the load bench comes from 127.0.0.1, so the per-client API limit (120 calls a
minute) would answer most of them 429; a real audience comes from many addresses.
"""

from dateline.settings import *  # noqa: F403

DEBUG = False
DATELINE_API_RATE_ANON = "1000000/m"
