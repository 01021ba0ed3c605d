"""The build's one step beyond pyproject.toml: GraphiQL's browser files go into the wheel.

``build_py`` runs ``gateway/graphiql/fetch.py``: ``npm ci`` from the pinned
lockfile (every package checked against its integrity hash), then the files
the page loads are copied into the built package, so a machine that installs
the wheel needs no node. An editable install skips it: a checkout gets them
from ``./dev``.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

from setuptools import setup
from setuptools.command.build_py import build_py

GRAPHIQL = Path(__file__).resolve().parent / "gateway" / "graphiql"


def graphiql_fetch() -> ModuleType:
    """``gateway.graphiql.fetch`` by its path: importing ``gateway`` would need its dependencies."""
    spec = importlib.util.spec_from_file_location("graphiql_fetch", GRAPHIQL / "fetch.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while the class is built
    spec.loader.exec_module(module)
    return module


class BuildWithGraphiQL(build_py):
    """``build_py``, then GraphiQL's files fetched into the built ``gateway/graphiql/vendor``."""

    def run(self) -> None:
        super().run()
        if self.editable_mode:
            return
        fetch = graphiql_fetch()
        target = Path(self.build_lib) / "gateway" / "graphiql" / fetch.VENDOR_DIR.name
        fetch.fetch(target, web=GRAPHIQL / "web")


setup(cmdclass={"build_py": BuildWithGraphiQL})
