"""The rules distauth checks, one module per family, and the registry they live in.

``ownership`` (DA1xx), ``structure`` (DA2xx), ``authority`` (DA301-DA303), ``inventory``
(DA304), ``escalation`` (DA4xx), ``health`` and ``availability`` (DA5xx) and ``decisions``
(DA6xx) each register their rules on import. Third-party rules register with
:func:`distauth.rule`, or through the ``distauth.rules`` entry-point group.
"""

from distauth.rules import (
    authority,
    availability,
    decisions,
    escalation,
    health,
    inventory,
    ownership,
    structure,
)
from distauth.rules._core import (
    RULES,
    CheckContext,
    Config,
    Finding,
    Report,
    Rule,
    Severity,
    rule,
    validate,
)

__all__ = [
    "RULES",
    "CheckContext",
    "Config",
    "Finding",
    "Report",
    "Rule",
    "Severity",
    "authority",
    "availability",
    "decisions",
    "escalation",
    "health",
    "inventory",
    "ownership",
    "rule",
    "structure",
    "validate",
]
