"""The benchmark suite (``make bench``): a data generator, a bare ceiling view
and a load driver. Installed only by ``bench.settings``; the site itself
never loads it. See docs/benchmarks.md."""
