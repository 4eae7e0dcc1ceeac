"""The file layer's hypothesis strategies (in ``tests/helpers.py``) checked themselves.

``distauth.strategies`` aims at believable orgs; ``file_orgs`` aims at the file layer: ids that
YAML 1.1 reads as booleans or numbers, names full of the texts files get wrong, dated and
acting DRIs, dangling references and cycles (which files must carry, not judge).
"""

from __future__ import annotations

from hypothesis import given, settings

import distauth as da
from tests.helpers import TRAP_IDS, file_orgs


@settings(max_examples=50)
@given(file_orgs())
def test_file_orgs_draws_valid_orgs(org: da.Org) -> None:
    assert org == org.copy()


def test_trap_ids_are_slugs() -> None:
    from distauth._model import is_slug

    assert all(is_slug(i) for i in TRAP_IDS)
