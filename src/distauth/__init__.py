"""distauth: distributed authority as code.

Model an organisation as nested areas of responsibility, each with one DRI, on a networkx
graph; check it with stable rules; ask who decides and where disagreements go.

This module only re-exports; the code lives in private modules.
"""

import _distauth_hypothesis
from distauth._diff import DRIChange, FieldChange, ItemChange, OrgDiff, diff
from distauth._errors import (
    DistauthError,
    DuplicateIdError,
    InvalidTypeError,
    InvalidValueError,
    OrgFileError,
    ScopeError,
    UnknownIdError,
    UnknownRuleError,
)
from distauth._model import DRI, Absence, Area, DecisionRecord, Location, Person, Role
from distauth._org import Org
from distauth._queries import Arbitration, Decision, EscalationPath, Step
from distauth._trust import AreaTrust, PersonTrust, TrustMetrics, trust_metrics
from distauth.files import FileProblem, dump, dumps, json_schema, load, loads
from distauth.rules import (
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

__version__ = "0.1.0.dev0"

# So that st.from_type(Org) works when hypothesis was imported first (see the hook module).
_distauth_hypothesis.register_if_hypothesis_loaded()

__all__ = [
    "DRI",
    "RULES",
    "Absence",
    "Arbitration",
    "Area",
    "AreaTrust",
    "CheckContext",
    "Config",
    "DRIChange",
    "Decision",
    "DecisionRecord",
    "DistauthError",
    "DuplicateIdError",
    "EscalationPath",
    "FieldChange",
    "FileProblem",
    "Finding",
    "InvalidTypeError",
    "InvalidValueError",
    "ItemChange",
    "Location",
    "Org",
    "OrgDiff",
    "OrgFileError",
    "Person",
    "PersonTrust",
    "Report",
    "Role",
    "Rule",
    "ScopeError",
    "Severity",
    "Step",
    "TrustMetrics",
    "UnknownIdError",
    "UnknownRuleError",
    "diff",
    "dump",
    "dumps",
    "json_schema",
    "load",
    "loads",
    "rule",
    "trust_metrics",
    "validate",
]
