"""The serving process's garbage-collector tuning, and its configuration key."""

from __future__ import annotations

import gc
from collections.abc import Iterator

import pytest

from gateway.collector import OLDER, tune_collector
from gateway.config import ConfigError, load_config


@pytest.fixture
def restored() -> Iterator[None]:
    """Put the test process's collector back as it was."""
    thresholds = gc.get_threshold()
    yield
    gc.unfreeze()
    gc.set_threshold(*thresholds)


@pytest.mark.usefixtures("restored")
def test_tuning_freezes_startup_objects_and_collects_the_young_generation_less_often() -> None:
    built_at_startup = {"schema": ["a", "b"]}
    tune_collector(12_345)
    assert gc.get_threshold() == (12_345, *OLDER)
    assert gc.get_freeze_count() > 0
    # Frozen objects are out of every generation a collection walks.
    tracked = {id(o) for generation in range(3) for o in gc.get_objects(generation)}
    assert id(built_at_startup) not in tracked


def test_the_threshold_is_configured_and_bounded_below_by_pythons_default() -> None:
    config = load_config(None, {"GATEWAY_SERVER_GC_YOUNG_THRESHOLD": "90000"})
    assert config.section("server")["gc_young_threshold"] == 90_000
    assert load_config(None).section("server")["gc_young_threshold"] == 50_000
    with pytest.raises(ConfigError):
        load_config(None, {"GATEWAY_SERVER_GC_YOUNG_THRESHOLD": "10"})
