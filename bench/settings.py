"""Settings for the benchmark: the site's own settings plus the bench app
(the data generator) and ``bench.urls`` (the site plus the ceiling view).
Everything else comes from the environment, as in production."""

import os

from newsroom.settings import *  # noqa: F403
from newsroom.settings import CACHES, INSTALLED_APPS

INSTALLED_APPS = [*INSTALLED_APPS, "bench"]
ROOT_URLCONF = "bench.urls"

# Each benchmark server gets keys of its own in a shared Redis, so that a run
# never reads pages cached by an earlier run (set by bench/run.py).
if os.environ.get("BENCH_CACHE_PREFIX"):
    CACHES["default"]["KEY_PREFIX"] = os.environ["BENCH_CACHE_PREFIX"]

# The storm through Varnish (bench/run.py): the app purges the bench's own
# varnishd after each commit (newsroom.edge).
if os.environ.get("BENCH_EDGE_PURGE_URL"):
    EDGE_PURGER = "varnish"
    EDGE_PURGE_URLS = [os.environ["BENCH_EDGE_PURGE_URL"]]
