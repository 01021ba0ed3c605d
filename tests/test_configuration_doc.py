"""docs/configuration.md documents every configuration key and its environment twin.

Other branches add keys; this test names each one the reference lacks.
"""

from __future__ import annotations

from pathlib import Path

from gateway.config_keys import CLIENT_KEYS, GATEWAY_KEYS, SECTION_KEYS, UPSTREAM_KEYS, env_name

DOC = Path(__file__).resolve().parent.parent / "docs" / "configuration.md"


def documented_names() -> list[tuple[str, str]]:
    """``(key as written in the doc, its environment variable)`` for every key in code."""
    names = [(f"gateway.{name}", env_name(None, name)) for name in GATEWAY_KEYS]
    names += [(f"upstreams.*.{n}", f"GATEWAY_<UPSTREAM>_{n.upper()}") for n in CLIENT_KEYS]
    names += [
        (f"upstreams.{upstream}.{name}", env_name(upstream, name))
        for upstream, keys in UPSTREAM_KEYS.items()
        for name in keys
    ]
    names += [
        (f"{section}.{name}", env_name(section, name))
        for section, keys in SECTION_KEYS.items()
        for name in keys
    ]
    return names


def test_every_key_and_its_environment_twin_is_in_the_reference() -> None:
    rows = [line for line in DOC.read_text().splitlines() if line.startswith("| `")]
    by_key = {line.split("`")[1]: line for line in rows}
    missing = [key for key, _ in documented_names() if key not in by_key]
    assert not missing, f"docs/configuration.md lacks a row for: {', '.join(missing)}"
    wrong_env = [key for key, env in documented_names() if f"`{env}`" not in by_key[key]]
    assert not wrong_env, f"docs/configuration.md names the wrong variable for: {wrong_env}"


def test_the_reference_has_no_key_the_code_does_not_know() -> None:
    rows = [line for line in DOC.read_text().splitlines() if line.startswith("| `")]
    known = {key for key, _ in documented_names()}
    stale = [line.split("`")[1] for line in rows if line.split("`")[1] not in known]
    assert not stale, f"docs/configuration.md documents unknown keys: {', '.join(stale)}"
