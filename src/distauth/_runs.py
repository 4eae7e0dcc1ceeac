"""What a ``distauth validate`` run found: files checked, findings, load problems, baselines.

:class:`Run` holds the files checked, their findings and load problems, and the exit code;
findings get stable fingerprints, and a baseline (:func:`read_baseline`,
:func:`write_baseline`) records the known ones so that only new findings fail a run. How a run
is written down is :mod:`distauth._formats`' business. Nothing here reads the clock.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections import Counter
from collections.abc import Iterable, Sequence
from pathlib import Path, PurePath
from typing import TYPE_CHECKING, Any

import attrs

from distauth._errors import BaselineError
from distauth.rules import Finding, Severity

if TYPE_CHECKING:
    pass


__all__ = [
    "BASELINE_VERSION",
    "BaselineEntry",
    "BaselineError",
    "CheckedFile",
    "LoadProblem",
    "Result",
    "Run",
    "fingerprint",
    "plural",
    "posix",
    "read_baseline",
    "write_baseline",
]


#: The version of the baseline file format written by :func:`write_baseline`.
BASELINE_VERSION = 1


@attrs.frozen
class LoadProblem:
    """One reason a file could not be checked: where, and what is wrong.

    >>> str(LoadProblem("org.yaml", 3, 7, "areas.ops.parent: expected a string, got a list"))
    'org.yaml:3:7: areas.ops.parent: expected a string, got a list'
    >>> str(LoadProblem("gone.yaml", None, None, "cannot read the file: No such file"))
    'gone.yaml: cannot read the file: No such file'
    """

    file: str
    line: int | None
    column: int | None
    message: str

    def __str__(self) -> str:
        where = self.file
        if self.line:
            where += f":{self.line}"
            if self.column:
                where += f":{self.column}"
        return f"{where}: {self.message}"


@attrs.frozen
class CheckedFile:
    """One input of a run: its name as shown, its size, its findings or why it was not loaded.

    >>> CheckedFile("org.yaml", areas=3, people=2).loaded
    True
    """

    path: str
    areas: int = 0
    people: int = 0
    findings: tuple[Finding, ...] = ()
    problems: tuple[LoadProblem, ...] = ()

    @property
    def loaded(self) -> bool:
        """True when the file was read and checked (no load problem)."""
        return not self.problems


@attrs.frozen
class Result:
    """A finding in its file, with its fingerprint and, under a baseline, its state.

    ``state`` is ``None`` without a baseline, else ``"new"`` or ``"unchanged"`` (already in
    the baseline), the words SARIF uses for ``baselineState``.
    """

    file: str
    finding: Finding
    fingerprint: str
    state: str | None = None

    @property
    def line(self) -> int:
        """The 1-based line, 0 when unknown."""
        loc = self.finding.location
        return loc.line if loc is not None and loc.line > 0 else 0

    @property
    def column(self) -> int:
        """The 1-based column, 0 when unknown (or when the line is)."""
        loc = self.finding.location
        return loc.column if self.line and loc is not None and loc.column > 0 else 0

    def sort_key(self) -> tuple[Any, ...]:
        """File, line, column, code, subjects, message."""
        f = self.finding
        return (self.file, self.line, self.column, f.code, f.subjects, f.message)

    def where(self) -> str:
        """``file:line:col``, as far as it is known.

        >>> from distauth import Finding, Location
        >>> where = Location(file="x", line=3, column=5)
        >>> f = Finding("DA101", "unowned-area", "error", "m", ["ops"], location=where)
        >>> Result("org.yaml", f, "fp").where()
        'org.yaml:3:5'
        """
        out = self.file
        if self.line:
            out += f":{self.line}"
            if self.column:
                out += f":{self.column}"
        return out


def _to_tuple(value: Iterable[str]) -> tuple[str, ...]:
    return tuple(value)


@attrs.frozen
class BaselineEntry:
    """One accepted finding in a baseline: its fingerprint and what it was, for review."""

    fingerprint: str
    code: str
    file: str
    subjects: tuple[str, ...] = attrs.field(converter=_to_tuple)

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict."""
        return {
            "fingerprint": self.fingerprint,
            "code": self.code,
            "file": self.file,
            "subjects": list(self.subjects),
        }


def fingerprint(code: str, subjects: Iterable[str], file: str) -> str:
    """A stable fingerprint of a finding: a hash of its code, subjects and file.

    Line numbers are left out on purpose, so that edits elsewhere in the file keep the
    fingerprint: a baseline or a code-scanning alert follows the problem, not its position.

    >>> fingerprint("DA101", ["ops"], "org.yaml") == fingerprint("DA101", ("ops",), "org.yaml")
    True
    >>> len(fingerprint("DA101", ["ops"], "org.yaml"))
    32
    """
    # NUL separates the parts, since no code, id or path can contain it.
    text = "\0".join(["distauth-v1", code, file, *subjects])
    # surrogatepass: a file name that is not UTF-8 reaches here as lone surrogates.
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:32]


def posix(path: str) -> str:
    return PurePath(path).as_posix() if os.sep != "/" else path


def _relative_to(path: str, directory: str) -> str:
    if path.startswith("<"):  # <stdin>: no place on disk
        return path
    return posix(os.path.relpath(os.path.abspath(path), directory))


class Run:
    """The result of one ``distauth validate`` run: files, findings, baseline and exit code.

    Args:
        files: every input, in the order given.
        strict: warnings fail too.
        baseline: accepted findings (from :func:`read_baseline`), or ``None``.
        baseline_dir: the directory the baseline's file names are relative to.

    >>> from distauth import Finding
    >>> finding = Finding("DA101", "unowned-area", "error", "area 'ops' has no DRI", ["ops"])
    >>> run = Run([CheckedFile("org.yaml", areas=1, findings=(finding,))])
    >>> run.exit_code, run.counts()
    (1, {'error': 1, 'warning': 0, 'info': 0})
    """

    def __init__(
        self,
        files: Sequence[CheckedFile],
        *,
        strict: bool = False,
        baseline: Sequence[BaselineEntry] | None = None,
        baseline_dir: str = ".",
    ) -> None:
        self.files = tuple(files)
        self.strict = strict
        self.baseline_dir = os.path.abspath(baseline_dir)
        self.has_baseline = baseline is not None
        results: list[Result] = []
        for checked in self.files:
            for f in checked.findings:
                fp = fingerprint(f.code, f.subjects, posix(checked.path))
                results.append(Result(checked.path, f, fp))
        results.sort(key=Result.sort_key)
        self.fixed: tuple[BaselineEntry, ...] = ()
        if baseline is not None:
            results = self._apply(results, baseline)
        self.results = tuple(results)

    def baseline_key(self, result: Result) -> str:
        """The fingerprint a baseline stores: the file named relative to the baseline's folder."""
        f = result.finding
        return fingerprint(f.code, f.subjects, _relative_to(result.file, self.baseline_dir))

    def _apply(self, results: list[Result], baseline: Sequence[BaselineEntry]) -> list[Result]:
        # A multiset: a second finding with the fingerprint of one accepted finding is new.
        accepted = Counter(entry.fingerprint for entry in baseline)
        out = []
        for r in results:
            key = self.baseline_key(r)
            if accepted[key] > 0:
                accepted[key] -= 1
                out.append(attrs.evolve(r, state="unchanged"))
            else:
                out.append(attrs.evolve(r, state="new"))
        # Only files checked in this run can show that an accepted finding is gone: a run over
        # the two files pre-commit passed must not call everything else "fixed".
        checked = {_relative_to(c.path, self.baseline_dir) for c in self.files if c.loaded}
        fixed = []
        for entry in sorted(baseline, key=_entry_key):
            if entry.file in checked and accepted[entry.fingerprint] > 0:
                accepted[entry.fingerprint] -= 1
                fixed.append(entry)
        self.fixed = tuple(fixed)
        return out

    @property
    def problems(self) -> tuple[LoadProblem, ...]:
        """Every load problem of every file, in file order."""
        return tuple(p for c in self.files for p in c.problems)

    @property
    def reported(self) -> tuple[Result, ...]:
        """The results that count: all of them, or under a baseline only the new ones."""
        return tuple(r for r in self.results if r.state != "unchanged")

    @property
    def unchanged(self) -> tuple[Result, ...]:
        """Results accepted by the baseline."""
        return tuple(r for r in self.results if r.state == "unchanged")

    def counts(self) -> dict[str, int]:
        """How many reported results of each severity."""
        out = {s.value: 0 for s in Severity}
        for r in self.reported:
            out[r.finding.severity.value] += 1
        return out

    def failing(self) -> tuple[Result, ...]:
        """Reported results at a failing severity: errors, and with ``strict`` warnings."""
        worst = Severity.WARNING.rank if self.strict else Severity.ERROR.rank
        return tuple(r for r in self.reported if r.finding.severity.rank >= worst)

    @property
    def exit_code(self) -> int:
        """2 when a file could not be loaded, else 1 when a result fails, else 0."""
        if self.problems:
            return 2
        return 1 if self.failing() else 0

    def summary(self) -> str:
        """One line: what was checked and what was found.

        >>> Run([CheckedFile("a.yaml", areas=1, people=1)]).summary()
        '1 file, 1 area, 1 person checked: 0 errors, 0 warnings'
        """
        loaded = [c for c in self.files if c.loaded]
        c = self.counts()
        line = (
            f"{plural(len(loaded), 'file')}, "
            f"{plural(sum(x.areas for x in loaded), 'area')}, "
            f"{plural(sum(x.people for x in loaded), 'person', 'people')} checked: "
            f"{plural(c['error'], 'error')}, {plural(c['warning'], 'warning')}"
        )
        if c["info"]:
            line += f", {plural(c['info'], 'info')}"
        if self.has_baseline:
            line += f"; {len(self.unchanged)} in the baseline, {len(self.fixed)} fixed"
        broken = len(self.files) - len(loaded)
        if broken:
            line += f"; {plural(broken, 'file')} could not be loaded"
        return line


def plural(n: int, one: str, many: str | None = None) -> str:
    return f"{n} {one if n == 1 else (many or one + 's')}"


def _entry_key(entry: BaselineEntry) -> tuple[str, str, tuple[str, ...], str]:
    return (entry.file, entry.code, entry.subjects, entry.fingerprint)


# --- baselines ------------------------------------------------------------------------------------


def read_baseline(path: str | os.PathLike[str]) -> tuple[BaselineEntry, ...]:
    """Read a baseline written by :func:`write_baseline`.

    Raises:
        BaselineError: the file is missing, not JSON, or not a distauth baseline.

    >>> import pathlib, tempfile
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "baseline.json"
    >>> run = Run([CheckedFile("org.yaml")], baseline=[], baseline_dir=str(path.parent))
    >>> write_baseline(path, run)
    0
    >>> read_baseline(path)
    ()
    """
    from distauth.files._json import too_deep  # noqa: PLC0415 - only when baselines are used
    from distauth.files._load import RefusedFileError, read_regular_file  # noqa: PLC0415
    from distauth.files._text import DEFAULT_MAX_BYTES  # noqa: PLC0415

    where = os.fspath(path)
    try:
        raw = read_regular_file(where, DEFAULT_MAX_BYTES)
        if len(raw) > DEFAULT_MAX_BYTES:
            raise RefusedFileError(f"larger than the limit of {DEFAULT_MAX_BYTES} bytes")
        text = raw.decode("utf-8")
        # A baseline nests four levels; refuse deep input before json recurses on it.
        if too_deep(text, 16):
            raise RefusedFileError("nested deeper than a baseline can be")
        data = json.loads(text)
    except FileNotFoundError as exc:
        raise BaselineError(
            f"{where}: no such baseline file (create it with --write-baseline)"
        ) from exc
    except (OSError, ValueError, RecursionError) as exc:  # RefusedFileError is a ValueError
        raise BaselineError(f"{where}: cannot read the baseline: {exc}") from exc
    entries = data.get("findings") if isinstance(data, dict) else None
    version = data.get("distauth-baseline") if isinstance(data, dict) else None
    if (
        not isinstance(data, dict)
        or type(version) is not int
        or version != BASELINE_VERSION
        or not isinstance(entries, list)
    ):
        raise BaselineError(
            f"{os.fspath(path)}: not a distauth baseline "
            f'(expected {{"distauth-baseline": {BASELINE_VERSION}, "findings": [...]}})'
        )
    out = []
    for i, item in enumerate(entries):
        subjects = item.get("subjects", []) if isinstance(item, dict) else None
        if (
            not isinstance(item, dict)
            or not all(isinstance(item.get(k), str) for k in ("fingerprint", "code", "file"))
            or not isinstance(subjects, list)
            or not all(isinstance(x, str) for x in subjects)
        ):
            raise BaselineError(
                f"{where}: findings[{i}] is malformed: expected an object with the strings "
                "fingerprint, code and file, and a list of string subjects"
            )
        entry = BaselineEntry(item["fingerprint"], item["code"], item["file"], subjects)
        out.append(entry)
    return tuple(out)


def write_baseline(
    path: str | os.PathLike[str],
    run: Run,
    keep: Iterable[BaselineEntry] = (),
) -> int:
    """Write every finding of *run* to a baseline at *path*; return how many it accepts.

    Entries of *keep* whose file was not checked in *run* are kept, so that refreshing the
    baseline from a run over some files leaves the other files' accepted findings alone.

    >>> import json, pathlib, tempfile
    >>> from distauth import Finding
    >>> folder = tempfile.mkdtemp()
    >>> f = Finding("DA101", "unowned-area", "error", "no DRI", ["ops"])
    >>> run = Run([CheckedFile(f"{folder}/org.yaml", findings=(f,))], baseline_dir=folder)
    >>> write_baseline(f"{folder}/base.json", run)
    1
    >>> entry = json.loads(pathlib.Path(folder, "base.json").read_text())["findings"][0]
    >>> entry["code"], entry["file"], entry["subjects"]
    ('DA101', 'org.yaml', ['ops'])
    """
    checked = {_relative_to(c.path, run.baseline_dir) for c in run.files}
    entries = [e for e in keep if e.file not in checked]
    for r in run.results:
        f = r.finding
        rel = _relative_to(r.file, run.baseline_dir)
        entries.append(BaselineEntry(run.baseline_key(r), f.code, rel, f.subjects))
    entries.sort(key=_entry_key)
    document = {
        "distauth-baseline": BASELINE_VERSION,
        "findings": [e.to_dict() for e in entries],
    }
    text = json.dumps(document, indent=2, ensure_ascii=False) + "\n"
    Path(path).write_text(text, encoding="utf-8")
    return len(run.results)
