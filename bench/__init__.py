"""The gateway's benchmark: ``./dev bench`` (``python -m bench.run``) writes bench/results.*."""
