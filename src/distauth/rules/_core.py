"""Rules, findings and reports, the rule registry and :func:`validate`.

A rule is a plain function ``check(org, ctx) -> Iterable[Finding]`` registered under a stable
code with :func:`rule`. :func:`validate` runs the selected rules over one shared
:class:`~distauth.rules._facts.Facts` (two passes over the graph, along links the org keeps),
applies per-area suppressions, fills in file locations and returns a :class:`Report` whose
findings are in a deterministic order.
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Callable, Iterable, Iterator, Mapping
from typing import TYPE_CHECKING, Any, TypeVar

import attrs

from distauth._bulk import collector_paused
from distauth._errors import InvalidTypeError, InvalidValueError, UnknownRuleError
from distauth._model import Displayable, Location
from distauth._model import day_or_today as _day
from distauth.rules._facts import Facts
from distauth.rules._settings import Config, parse_codes

if TYPE_CHECKING:
    from distauth._org import Org

__all__ = [
    "RULES",
    "CheckContext",
    "Config",
    "Finding",
    "Report",
    "Rule",
    "Severity",
    "parse_codes",
    "rule",
    "validate",
]


class Severity(enum.StrEnum):
    """How bad a finding is. Compares by rank: ``ERROR > WARNING > INFO``.

    The order is the rank, not the alphabet (a ``str`` compares alphabetically, and "error" <
    "info" < "warning" would drop errors from ``severity >= WARNING``). A plain string naming a
    severity compares the same way; ordering against any other string raises ``TypeError``.

    >>> Severity.ERROR > Severity.WARNING > Severity.INFO
    True
    >>> max([Severity.WARNING, Severity.ERROR, Severity.INFO])
    <Severity.ERROR: 'error'>
    >>> [s.value for s in sorted(Severity)]
    ['info', 'warning', 'error']
    """

    ERROR = "error"
    WARNING = "warning"
    INFO = "info"

    def __lt__(self, other: object) -> bool:
        rank = _other_rank(other)
        return NotImplemented if rank is None else self.rank < rank

    def __le__(self, other: object) -> bool:
        rank = _other_rank(other)
        return NotImplemented if rank is None else self.rank <= rank

    def __gt__(self, other: object) -> bool:
        rank = _other_rank(other)
        return NotImplemented if rank is None else self.rank > rank

    def __ge__(self, other: object) -> bool:
        rank = _other_rank(other)
        return NotImplemented if rank is None else self.rank >= rank

    @property
    def rank(self) -> int:
        """2 for errors, 1 for warnings, 0 for infos.

        >>> Severity.ERROR.rank > Severity("warning").rank > Severity.INFO.rank
        True
        """
        return _RANKS[self.value]


_RANKS = {"error": 2, "warning": 1, "info": 0}


def _other_rank(other: object) -> int | None:
    # A Severity is a str, so comparing with a plain "warning" must use the rank too. An
    # unrelated string has no rank: refuse rather than fall back to the alphabet.
    if not isinstance(other, str):
        return None
    if other not in _RANKS:
        raise InvalidTypeError(f"cannot order a Severity and {other!r}", other)
    return _RANKS[other]


def _to_subjects(value: Iterable[str]) -> tuple[str, ...]:
    return tuple(value)


@attrs.frozen
class Finding:
    """One problem a rule found.

    Attributes:
        code: the stable rule code, e.g. ``"DA101"``.
        rule: the rule's name, e.g. ``"unowned-area"``.
        severity: a :class:`Severity`.
        message: a sentence naming the subjects.
        subjects: the ids concerned, the main one first.
        hint: how to fix it, when the rule knows.
        location: where in the org file, when the org came from one.
        since: when validating a window of days (``until``), the first day it holds.
    """

    code: str
    rule: str
    severity: Severity = attrs.field(converter=Severity)
    message: str
    subjects: tuple[str, ...] = attrs.field(converter=_to_subjects)
    hint: str | None = None
    location: Location | None = None
    since: dt.date | None = None

    def sort_key(self) -> tuple[Any, ...]:
        """Order: file, line, column, then code, subjects and message.

        >>> Finding("DA101", "unowned-area", "error", "m", ("ops",)).sort_key()
        ('', 0, 0, 'DA101', ('ops',), 'm')
        """
        loc = self.location
        where = (loc.file or "", loc.line, loc.column) if loc else ("", 0, 0)
        return (*where, self.code, self.subjects, self.message)

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict.

        >>> Finding("DA101", "unowned-area", "error", "no DRI", ("ops",)).to_dict()["subjects"]
        ['ops']
        """
        loc = self.location
        out: dict[str, Any] = {
            "code": self.code,
            "rule": self.rule,
            "severity": self.severity.value,
            "message": self.message,
            "subjects": list(self.subjects),
            "hint": self.hint,
            "location": None
            if loc is None
            else {"file": loc.file, "line": loc.line, "column": loc.column},
        }
        if self.since is not None:
            out["since"] = self.since.isoformat()
        return out


def _sorted_findings(findings: Iterable[Finding]) -> tuple[Finding, ...]:
    return tuple(sorted(findings, key=Finding.sort_key))


@attrs.frozen
class Report(Displayable):
    """The result of :func:`validate`: findings in a deterministic order.

    >>> import distauth as da
    >>> org = da.Org()
    >>> org.add(da.Area("ops", purpose="Run things"))
    >>> report = da.validate(org, select=["DA1"])
    >>> report.ok, [f.code for f in report.findings]
    (False, ['DA101'])
    """

    findings: tuple[Finding, ...] = attrs.field(converter=_sorted_findings)

    @property
    def ok(self) -> bool:
        """True when no finding is an error.

        >>> Report([Finding("DA502", "no-advisors", "info", "m", ("ops",))]).ok
        True
        """
        return not any(f.severity is Severity.ERROR for f in self.findings)

    def __iter__(self) -> Iterator[Finding]:
        return iter(self.findings)

    def __len__(self) -> int:
        return len(self.findings)

    def __bool__(self) -> bool:
        # A report is a value, not a verdict: use ``report.ok`` for that.
        return True

    @property
    def errors(self) -> tuple[Finding, ...]:
        """Findings of severity error.

        >>> report = Report([Finding("DA101", "unowned-area", "error", "m", ("ops",))])
        >>> [f.code for f in report.errors], report.warnings, report.infos
        (['DA101'], (), ())
        """
        return tuple(f for f in self.findings if f.severity is Severity.ERROR)

    @property
    def warnings(self) -> tuple[Finding, ...]:
        """Findings of severity warning.

        >>> report = Report([Finding("DA501", "overloaded-person", "warning", "m", ("ana",))])
        >>> report.warnings[0].code
        'DA501'
        """
        return tuple(f for f in self.findings if f.severity is Severity.WARNING)

    @property
    def infos(self) -> tuple[Finding, ...]:
        """Findings of severity info.

        >>> Report([Finding("DA502", "no-advisors", "info", "m", ("ops",))]).infos[0].code
        'DA502'
        """
        return tuple(f for f in self.findings if f.severity is Severity.INFO)

    def by_code(self) -> dict[str, tuple[Finding, ...]]:
        """Findings grouped by rule code, codes sorted.

        >>> report = Report([Finding("DA503", "missing-purpose", "info", "m", ("ops",)),
        ...                  Finding("DA101", "unowned-area", "error", "m", ("ops",))])
        >>> list(report.by_code())
        ['DA101', 'DA503']
        """
        out: dict[str, list[Finding]] = {}
        for f in self.findings:
            out.setdefault(f.code, []).append(f)
        return {code: tuple(out[code]) for code in sorted(out)}

    def by_subject(self) -> dict[str, tuple[Finding, ...]]:
        """Findings grouped by each subject id they name, ids sorted.

        >>> report = Report([Finding("DA102", "multiple-dris", "error", "m", ("ops", "ana", "bo"))])
        >>> list(report.by_subject())
        ['ana', 'bo', 'ops']
        """
        out: dict[str, list[Finding]] = {}
        for f in self.findings:
            for s in dict.fromkeys(f.subjects):
                out.setdefault(s, []).append(f)
        return {s: tuple(out[s]) for s in sorted(out)}

    def counts(self) -> dict[str, int]:
        """Number of findings per severity, every severity present.

        >>> Report(()).counts()
        {'error': 0, 'warning': 0, 'info': 0}
        """
        out = {s.value: 0 for s in Severity}
        for f in self.findings:
            out[f.severity.value] += 1
        return out

    @property
    def failed(self) -> bool:
        """True when some finding is an error: always ``not report.ok``.

        A property like :attr:`ok`, so that ``if report.failed:`` reads and works as it looks.

        >>> report = Report([Finding("DA501", "overloaded-person", "warning", "m", ("ana",))])
        >>> report.failed, report.ok
        (False, True)
        """
        return not self.ok

    @property
    def strict_ok(self) -> bool:
        """True when no finding is an error or a warning (what ``--strict`` asks for).

        >>> report = Report([Finding("DA501", "overloaded-person", "warning", "m", ("ana",))])
        >>> report.ok, report.strict_ok
        (True, False)
        """
        return not any(f.severity >= Severity.WARNING for f in self.findings)

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict: ``ok``, ``counts`` and ``findings``.

        >>> Report(()).to_dict()
        {'ok': True, 'counts': {'error': 0, 'warning': 0, 'info': 0}, 'findings': []}
        """
        return {
            "ok": self.ok,
            "counts": self.counts(),
            "findings": [f.to_dict() for f in self.findings],
        }

    def to_pandas(self) -> Any:
        """The findings as a ``pandas.DataFrame`` (needs the ``pandas`` extra).

        Columns are documented in :doc:`/display`.

        >>> frame = Report([Finding("DA101", "unowned-area", "error", "m", ("ops",))]).to_pandas()
        >>> list(frame["code"])
        ['DA101']
        """
        from distauth import display  # noqa: PLC0415 - optional extra

        return display.report_to_pandas(self)

    def __str__(self) -> str:
        lines = []
        for f in self.findings:
            where = f"{f.location}: " if f.location else ""
            lines.append(f"{where}{f.code} [{f.severity}] {f.message}")
            if f.hint:
                lines.append(f"    hint: {f.hint}")
        c = self.counts()
        lines.append(
            f"{_plural(c['error'], 'error')}, {_plural(c['warning'], 'warning')}, "
            f"{_plural(c['info'], 'info')}"
        )
        return "\n".join(lines)


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


Check = Callable[["Org", "CheckContext"], Iterable[Finding]]
_T = TypeVar("_T")


@attrs.frozen
class Rule:
    """A registered rule: its stable code, name, severity, one-line summary and check.

    ``doc``, ``bad`` and ``good`` hold the longer explanation and two example org snippets.
    """

    code: str
    name: str
    severity: Severity = attrs.field(converter=Severity)
    summary: str
    check: Check = attrs.field(repr=False, eq=False)
    doc: str = attrs.field(default="", repr=False)
    bad: str = attrs.field(default="", repr=False)
    good: str = attrs.field(default="", repr=False)


class _Registry(Mapping[str, Rule]):
    """The rule registry: code -> Rule, plugins from the ``distauth.rules`` entry points.

    Plugins load on first read, so that ``import distauth`` never scans installed packages.
    """

    def __init__(self) -> None:
        self._rules: dict[str, Rule] = {}
        self._plugins_loaded = False

    def _load_plugins(self) -> None:
        if self._plugins_loaded:
            return
        self._plugins_loaded = True
        # Lazy: scanning installed distributions costs more than all of `import distauth`.
        from importlib.metadata import entry_points  # noqa: PLC0415

        for ep in entry_points(group="distauth.rules"):
            loaded = ep.load()  # importing the module registers its rules through @rule
            if isinstance(loaded, Rule):
                self.register(loaded)

    def register(self, new: Rule) -> Rule:
        if not new.code or not new.code.isalnum() or not new.code.isupper():
            raise InvalidValueError(f"rule code must be like 'XY123' (got {new.code!r})")
        old = self._rules.get(new.code)
        if old is not None and old.check is not new.check:
            raise InvalidValueError(f"rule code {new.code!r} is already taken by {old.name!r}")
        self._rules[new.code] = new
        return new

    def unregister(self, code: str) -> Rule:
        """Remove the rule *code* (for tests and notebooks that register throw-away rules)."""
        return self._rules.pop(code)

    def __getitem__(self, code: str) -> Rule:
        self._load_plugins()
        return self._rules[code]

    def __iter__(self) -> Iterator[str]:
        self._load_plugins()
        return iter(sorted(self._rules))

    def __len__(self) -> int:
        self._load_plugins()
        return len(self._rules)

    def __repr__(self) -> str:
        return f"<rules: {', '.join(self)}>"

    def expand(self, patterns: Iterable[str], what: str) -> set[str]:
        """Codes matched by each code or prefix; an unknown one is an error."""
        out: set[str] = set()
        codes = list(self)
        names = {self._rules[c].name: c for c in codes}
        for pattern in patterns:
            if not isinstance(pattern, str):
                raise InvalidTypeError(f"{what}: rule codes must be str (got {pattern!r})", pattern)
            if pattern.lower() in names:  # a rule's name stands for its code
                out.add(names[pattern.lower()])
                continue
            hit = {c for c in codes if c.startswith(pattern.upper())} if pattern else set()
            if not hit:
                raise UnknownRuleError(
                    f"{what}: {pattern!r} is not a rule code or prefix"
                    f"{_suggest_code(pattern, [*codes, *names])} (known: {', '.join(codes)})",
                    pattern,
                )
            out |= hit
        return out


def _suggest_code(pattern: str, known: list[str]) -> str:
    import difflib  # noqa: PLC0415 - only on the error path

    close = difflib.get_close_matches(pattern, known, n=1) or difflib.get_close_matches(
        pattern.upper(), known, n=1
    )
    return f" (did you mean {close[0]!r}?)" if close else ""


RULES = _Registry()


def rule(
    code: str,
    name: str,
    severity: Severity | str,
    summary: str,
    *,
    doc: str = "",
    bad: str = "",
    good: str = "",
) -> Callable[[Check], Check]:
    """Register *check* as a rule under *code* (decorator).

    The check is called as ``check(org, ctx)`` and yields findings, best made with
    :meth:`CheckContext.finding`.

    >>> import distauth as da
    >>> @da.rule("XX900", "no-name", "info", "an area has no display name")
    ... def check_no_name(org, ctx):
    ...     for area in org.areas.values():
    ...         if not area.name:
    ...             yield ctx.finding("XX900", f"area {area.id!r} has no name", [area.id])
    >>> org = da.Org()
    >>> org.add(da.Area("ops"))
    >>> [f.message for f in da.validate(org, select=["XX9"])]
    ["area 'ops' has no name"]
    >>> _ = da.RULES.unregister("XX900")
    """

    def decorate(check: Check) -> Check:
        RULES.register(Rule(code, name, Severity(severity), summary, check, doc, bad, good))
        return check

    return decorate


class CheckContext:
    """What a rule's check receives besides the org: the day, the config and shared facts."""

    def __init__(
        self, org: Org, config: Config, on: dt.date, selected: Iterable[str] | None = None
    ) -> None:
        self.org = org
        self.config = config
        self.on = on
        #: The codes this validation runs (default: every rule). A rule leaves out a finding
        #: that only follows from another rule's finding when that rule runs too (DA402 for
        #: an unknown parent is said by DA201).
        self.selected: frozenset[str] = frozenset(RULES if selected is None else selected)
        self._memo: dict[str, Any] = {}
        self._facts: Facts | None = None

    def memo(self, key: str, build: Callable[[CheckContext], _T]) -> _T:
        """``build(ctx)``, computed once per validation and shared by the rules that ask.

        Rules of one family use it to walk the org once between them.

        >>> import datetime as dt, distauth as da
        >>> ctx = CheckContext(da.Org(), Config(), dt.date(2027, 1, 1))
        >>> ctx.memo("areas", lambda c: len(c.org.areas)), ctx.memo("areas", lambda c: 99)
        (0, 0)
        """
        if key not in self._memo:
            self._memo[key] = build(self)
        value: _T = self._memo[key]
        return value

    @property
    def facts(self) -> Facts:
        """What the built-in rules share: found in two passes over the graph, once per validation.

        >>> import datetime as dt, distauth as da
        >>> org = da.Org()
        >>> org.add(da.Area("ops"), da.Area("hr"), da.DRI("ops", "ana"))
        >>> ctx = CheckContext(org, Config(), dt.date(2027, 1, 1))
        >>> ctx.facts.unowned, [d.holder for d in ctx.facts.unknown_holders]
        (['hr'], ['ana'])
        """
        # Not functools.cached_property: on Python 3.11 it holds one lock for every instance
        # while it computes, so validations of different orgs would wait on each other.
        if self._facts is None:
            self._facts = Facts(self.org, self.on)
        return self._facts

    def finding(
        self,
        code: str,
        message: str,
        subjects: Iterable[str],
        hint: str | None = None,
        location: Location | None = None,
    ) -> Finding:
        """Make a finding for the registered rule *code*, with its name and severity.

        >>> import datetime as dt, distauth as da
        >>> ctx = CheckContext(da.Org(), Config(), dt.date(2027, 1, 1))
        >>> ctx.finding("DA101", "area 'ops' has no DRI", ["ops"]).rule
        'unowned-area'
        """
        r = RULES[code]
        return Finding(code, r.name, r.severity, message, tuple(subjects), hint, location)


def _suppressed(finding: Finding, ignores: Mapping[str, set[str]]) -> bool:
    # The ignores hold full codes (prefixes, lower case and rule names expanded), so a
    # spelling the registry accepts can never be accepted and then silently not apply.
    return any(finding.code in ignores.get(subject, ()) for subject in finding.subjects)


def validate(
    org: Org,
    *,
    select: Iterable[str] | None = None,
    ignore: Iterable[str] | None = None,
    on: dt.date | None = None,
    config: Config | None = None,
    until: dt.date | None = None,
) -> Report:
    """Check *org* against the rules and return a :class:`Report`; never raises on a flawed org.

    Args:
        org: the org to check.
        select: rule codes or prefixes to run (``"DA1"`` means DA1xx); default all, or the
            config's ``select``.
        ignore: codes or prefixes to skip, added to the config's ``ignore``.
        on: the day to check (default: today); dated DRIs are judged on this day.
        config: thresholds, per-area ignores and default selections.
        until: look ahead: report every finding that holds on some day of ``[on, until)``,
            each with ``since``, its first day (see :doc:`/change`).

    Raises:
        UnknownRuleError: a code or prefix in *select*, *ignore* or an ignores list
            matches no rule.

    >>> import distauth as da
    >>> org = da.Org()
    >>> org.add(da.Person("ana"), da.Area("ops", purpose="Run", advisors=["ana"]),
    ...         da.DRI("ops", "ana"))
    >>> da.validate(org).ok
    True
    """
    config = config or Config()
    day = _day(on)
    chosen, ignores = selection(org, config, select, ignore)

    if until is not None:
        from distauth.rules._lookahead import look_ahead  # noqa: PLC0415 - only for windows

        with collector_paused():
            found = look_ahead(
                org,
                config=config,
                on=day,
                until=_day(until),
                chosen=chosen,
                ignores=ignores,
                run=_run,
            )
            return Report(found)
    ctx = CheckContext(org, config, day, chosen)
    # Many short-lived dicts and lists over a large, long-lived graph (3x the time at 1M areas
    # with the collector running).
    with collector_paused():
        return Report(_run(org, ctx, chosen, ignores))


def selection(
    org: Org,
    config: Config,
    select: Iterable[str] | None = None,
    ignore: Iterable[str] | None = None,
) -> tuple[set[str], dict[str, set[str]]]:
    """The rule codes :func:`validate` runs on *org*, and its per-area ignores, fully expanded.

    >>> import distauth as da
    >>> chosen, ignores = selection(da.Org(), Config(select=["DA10"], ignore=["DA102"]))
    >>> sorted(chosen)[:2], ignores
    (['DA101', 'DA103'], {})
    """
    select_codes = parse_codes(select) if select is not None else config.select
    chosen = RULES.expand(select_codes, "select") if select_codes is not None else set(RULES)
    chosen |= RULES.expand(config.extend_select, "extend-select")
    chosen -= RULES.expand(config.ignore, "ignore")
    if ignore is not None:
        chosen -= RULES.expand(parse_codes(ignore), "ignore")
    ignores: dict[str, set[str]] = {}
    for source in (config.per_area_ignores, org.ignores):
        for area, codes in source.items():
            expanded = RULES.expand(sorted(codes), f"ignores for {area!r}")
            ignores[area] = ignores.get(area, set()) | expanded
    return chosen, ignores


def _run(
    org: Org, ctx: CheckContext, chosen: set[str], ignores: Mapping[str, set[str]]
) -> list[Finding]:
    findings: list[Finding] = []
    for code in sorted(chosen):
        for f in RULES[code].check(org, ctx):
            if ignores and _suppressed(f, ignores):
                continue
            if f.location is None:
                located = (org.location(s) for s in f.subjects)
                loc = next((where for where in located if where is not None), None)
                if loc is not None:
                    f = attrs.evolve(f, location=loc)  # noqa: PLW2901 - the same finding, located
            findings.append(f)
    return findings


#: The rule runner :func:`validate` uses (the chosen codes on one context, suppressed and
#: located), for the look-ahead's and the re-check's small orgs.
run_rules = _run
