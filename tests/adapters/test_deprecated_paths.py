"""Old import paths keep working for one release, with a DeprecationWarning naming the new one."""

from __future__ import annotations

import importlib
import sys

import pytest

OLD_TO_NEW = [
    ("lapvo_cchc.adapters.http", "lapvo_cchc.web"),
    ("lapvo_cchc.adapters.ical", "lapvo_cchc.adapters.exports.ical"),
    ("lapvo_cchc.adapters.dimension", "lapvo_cchc.adapters.exports.dimension"),
    ("lapvo_cchc.adapters.events", "lapvo_cchc.adapters.ledger.events"),
]


@pytest.mark.parametrize(("old", "new"), OLD_TO_NEW)
def test_old_path_warns_and_reexports(old: str, new: str) -> None:
    sys.modules.pop(old, None)
    with pytest.warns(DeprecationWarning, match=f"import {new} instead"):
        shim = importlib.import_module(old)
    target = importlib.import_module(new)
    assert list(target.__all__) == list(shim.__all__)
    for name in target.__all__:
        assert getattr(target, name) is getattr(shim, name)
