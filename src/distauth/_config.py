"""Project configuration for the command line: ``[tool.distauth]`` or a ``distauth.toml``.

This module owns finding the configuration file that applies to a run, reading it strictly and
turning it into a :class:`~distauth.Config`. Keys are kebab-case, as in ruff's configuration
(``select``, ``ignore``, ``extend-select``, ``per-area-ignores``, ``max-areas-per-person``,
``handover-horizon-days``, ``spof-threshold``, ``strict``, ``adr-areas``, and ``sources``, the
files that form one org, read by :func:`read_sources`). An unknown key, a value of the wrong
type or an unknown rule code is a :class:`ConfigError` that names the file and the key,
because a typo in a CI gate's configuration must never silently switch a check off.

A stand-alone file is ``.distauth.toml`` or ``distauth.toml``. The second name is also one of
the org-file names ``distauth validate`` looks for; the content tells them apart without
guessing: every org file has a top-level ``version`` (it is required), and no configuration
has one. Only the standard library is imported here, so the command line starts quickly.
"""

from __future__ import annotations

import os
import tomllib
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import attrs

from distauth._errors import ConfigError, UnknownRuleError
from distauth._model import is_slug
from distauth.rules import RULES, Config
from distauth.rules._core import parse_codes

__all__ = [
    "CONFIG_FILE",
    "CONFIG_KEYS",
    "SHARED_NAME",
    "SOURCE_KEYS",
    "ConfigError",
    "Source",
    "check_codes",
    "config_from_mapping",
    "find_config",
    "is_config_file",
    "read_config",
    "read_sources",
]

#: Configuration files larger than this are refused before they are read (a pyproject.toml
#: is a few kilobytes; this bounds what a FIFO, a device or a runaway file can cost).
MAX_CONFIG_BYTES = 4 * 1024 * 1024

#: The stand-alone configuration files, searched in every directory before pyproject.toml.
CONFIG_FILE = ".distauth.toml"
SHARED_NAME = "distauth.toml"

#: Every key a configuration may hold, with the :class:`~distauth.Config` field it sets.
CONFIG_KEYS: Mapping[str, str] = {
    "select": "select",
    "ignore": "ignore",
    "extend-select": "extend_select",
    "per-area-ignores": "per_area_ignores",
    "max-areas-per-person": "max_areas_per_person",
    "handover-horizon-days": "handover_horizon_days",
    "spof-threshold": "spof_threshold",
    "strict": "strict",
    "adr-areas": "adr_areas",
}


#: Keys that describe where the org comes from rather than how it is checked: read by
#: :func:`read_sources`, accepted (and checked) beside the rule settings.
SOURCE_KEYS = frozenset({"sources"})
#: The kinds of source an entry of ``sources`` may name.
SOURCE_KINDS = ("org", "codeowners", "owners", "backstage")


@attrs.frozen
class Source:
    """One entry of ``sources``: what to read, and where (relative to the configuration).

    Attributes:
        kind: ``"org"`` (an org file, or a directory searched for them), ``"codeowners"``,
            ``"owners"`` (the root of an OWNERS tree) or ``"backstage"`` (catalog files or a
            directory of them).
        path: the path as written in the configuration.
        base: the directory of the configuration file, which *path* is relative to.
        namespace: the scope namespace for imported paths (default: the importer's).
        dialect: CODEOWNERS' dialect, ``"github"`` or ``"gitlab"``.
    """

    kind: str
    path: str
    base: str = "."
    namespace: str | None = None
    dialect: str = "github"

    @property
    def location(self) -> Path:
        """Where the source is, from the current directory (as it is shown in messages)."""
        joined = os.path.join(self.base, self.path)
        return Path(os.path.relpath(joined) if os.path.isabs(joined) else os.path.normpath(joined))


def read_sources(path: str | os.PathLike[str]) -> tuple[Source, ...]:
    r"""The ``sources`` that form the one org of a configuration (empty when it lists none).

    Each entry is a path (an org file, or a directory of them) or a table naming its kind::

        [tool.distauth]
        sources = [
            "org/",                                   # org files
            { codeowners = ".github/CODEOWNERS" },
            { owners = ".", namespace = "repo" },     # an OWNERS tree
            { backstage = "catalog/" },
        ]

    Paths are relative to the configuration file's directory.

    Raises:
        ConfigError: the file cannot be read, or an entry is malformed (the message names it).

    >>> import pathlib, tempfile
    >>> root = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (root / "pyproject.toml").write_text(
    ...     '[tool.distauth]\nsources = ["org", {codeowners = "CODEOWNERS"}]\n')
    >>> [(s.kind, s.path) for s in read_sources(root / "pyproject.toml")]
    [('org', 'org'), ('codeowners', 'CODEOWNERS')]
    """
    file = Path(path)
    table, where = _table(file)
    value = table.get("sources")
    if value is None:
        return ()
    return _check_sources(value, f"{where}: sources", str(file.absolute().parent))


def _check_sources(value: object, where: str, base: str) -> tuple[Source, ...]:
    if not isinstance(value, list):
        raise ConfigError(f"{where} must be a list of paths or tables (got {value!r})")
    out: list[Source] = []
    for position, entry in enumerate(value, 1):
        at = f"{where}[{position}]"
        if isinstance(entry, str) and entry:
            out.append(Source("org", entry, base))
            continue
        if not isinstance(entry, dict):
            raise ConfigError(f'{at} must be a path or a table like {{codeowners = "PATH"}}')
        kinds = [k for k in SOURCE_KINDS if k in entry]
        unknown = sorted(set(entry) - {*SOURCE_KINDS, "namespace", "dialect"})
        if unknown:
            raise ConfigError(
                f"{at}: unknown key {unknown[0]!r} (a source names one of "
                f"{', '.join(SOURCE_KINDS)}, and may give namespace and dialect)"
            )
        if len(kinds) != 1 or not isinstance(entry[kinds[0]], str) or not entry[kinds[0]]:
            raise ConfigError(
                f"{at} must name exactly one of {', '.join(SOURCE_KINDS)} with a path "
                f"(got {entry!r})"
            )
        namespace = entry.get("namespace")
        if namespace is not None and not (isinstance(namespace, str) and is_slug(namespace)):
            raise ConfigError(f"{at}: namespace must be a slug (got {namespace!r})")
        dialect = entry.get("dialect", "github")
        if dialect not in ("github", "gitlab") or (kinds[0] != "codeowners" and "dialect" in entry):
            raise ConfigError(
                f"{at}: dialect is 'github' or 'gitlab', for codeowners only (got {dialect!r})"
            )
        out.append(Source(kinds[0], entry[kinds[0]], base, namespace, dialect))
    return tuple(out)


def find_config(start: str | os.PathLike[str] | None = None) -> Path | None:
    r"""The configuration file for *start* (default: the current directory), or ``None``.

    Each directory from *start* upward is asked in turn, and the first answer wins: its
    ``.distauth.toml`` if it has one, else its ``distauth.toml`` if that is a configuration
    (not an org file, see :func:`is_config_file`), else its ``pyproject.toml`` if that has a
    ``[tool.distauth]`` table. A ``pyproject.toml`` without that table does not stop the search
    (as in ruff), since most projects have one for other tools.

    >>> import pathlib, tempfile
    >>> root = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (root / "pyproject.toml").write_text("[tool.distauth]\nstrict = true\n")
    >>> (root / "sub").mkdir()
    >>> find_config(root / "sub") == root / "pyproject.toml"
    True
    """
    here = Path(start if start is not None else os.getcwd()).absolute()
    for directory in (here, *here.parents):
        candidate = directory / CONFIG_FILE
        if candidate.is_file():
            return candidate
        candidate = directory / SHARED_NAME
        if candidate.is_file() and is_config_file(candidate):
            return candidate
        candidate = directory / "pyproject.toml"
        if candidate.is_file() and _has_tool_table(candidate):
            return candidate
    return None


def is_config_file(path: str | os.PathLike[str]) -> bool:
    r"""Tell a ``distauth.toml`` that holds configuration from one that holds an org.

    An org file always has a top-level ``version``; a configuration never does. A file that
    cannot be read or parsed is not configuration: loading it as an org reports why.

    >>> import pathlib, tempfile
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "distauth.toml"
    >>> _ = path.write_text('select = ["DA1"]\n')
    >>> is_config_file(path)
    True
    >>> _ = path.write_text('version = 1\nname = "Acme"\n')
    >>> is_config_file(path)
    False
    """
    try:
        data = tomllib.loads(_read(path))
    except (ConfigError, OSError, ValueError):  # unreadable, too large, not UTF-8, not TOML
        return False
    return "version" not in data


def _has_tool_table(pyproject: Path) -> bool:
    # A cheap text test first: parsing every pyproject.toml up to / would cost more than
    # the rest of a small run. A file that mentions the table is then parsed for real.
    try:
        text = _read(pyproject)
    except (ConfigError, OSError, UnicodeDecodeError):
        return False
    if "distauth" not in text:
        return False
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{pyproject}: not valid TOML: {exc}") from exc
    tool = data.get("tool")
    return isinstance(tool, dict) and "distauth" in tool


def _read(path: str | os.PathLike[str]) -> str:
    """The text of a regular file within :data:`MAX_CONFIG_BYTES`; never blocks on a FIFO."""
    from distauth.files._load import RefusedFileError, read_regular_file  # noqa: PLC0415

    try:
        data = read_regular_file(os.fspath(path), MAX_CONFIG_BYTES)
    except RefusedFileError as exc:
        raise ConfigError(f"{path}: {exc}") from None
    except ValueError as exc:  # a NUL in the path
        raise ConfigError(f"{os.fspath(path)!r}: not a usable path: {exc}") from None
    if len(data) > MAX_CONFIG_BYTES:
        raise ConfigError(f"{path}: larger than the limit of {MAX_CONFIG_BYTES} bytes")
    return data.decode("utf-8")


def read_config(path: str | os.PathLike[str]) -> Config:
    r"""Read a configuration file: ``[tool.distauth]`` of a ``pyproject.toml``, else top-level keys.

    Raises:
        ConfigError: the file cannot be read or parsed, or a key or value is wrong.

    >>> import pathlib, tempfile
    >>> path = pathlib.Path(tempfile.mkdtemp()) / ".distauth.toml"
    >>> _ = path.write_text('select = ["DA1"]\nmax-areas-per-person = 5\n')
    >>> config = read_config(path)
    >>> config.select, config.max_areas_per_person
    (('DA1',), 5)
    """
    table, where = _table(Path(path))
    return config_from_mapping(table, where)


def _table(file: Path) -> tuple[dict[str, Any], str]:
    """The configuration table of *file* and how messages name it."""
    try:
        data = tomllib.loads(_read(file))
    except OSError as exc:
        raise ConfigError(f"{file}: cannot read the configuration: {exc.strerror or exc}") from exc
    except UnicodeDecodeError as exc:
        raise ConfigError(f"{file}: the configuration is not UTF-8: {exc}") from exc
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{file}: not valid TOML: {exc}") from exc
    if file.name == "pyproject.toml":
        tool = data.get("tool", {})
        table = tool.get("distauth", {}) if isinstance(tool, dict) else {}
        if not isinstance(table, dict):
            raise ConfigError(f"{file}: [tool.distauth] must be a table")
        return table, f"{file}: [tool.distauth]"
    return data, str(file)


def config_from_mapping(data: Mapping[str, Any], source: str = "configuration") -> Config:
    """Turn the keys of a configuration table into a :class:`~distauth.Config`, strictly.

    *source* names the table in error messages.

    Raises:
        ConfigError: an unknown key, a value of the wrong type, or an unknown rule code.

    >>> config_from_mapping({"ignore": ["DA5"], "per-area-ignores": {"ops": ["DA101"]}}).ignore
    ('DA5',)
    >>> config_from_mapping({"max_areas_per_person": 3}, "pyproject.toml")
    Traceback (most recent call last):
    ...
    distauth._errors.ConfigError: pyproject.toml: unknown key 'max_areas_per_person' (did you ...)
    """
    values: dict[str, Any] = {}
    for key, value in data.items():
        if key in SOURCE_KEYS:
            _check_sources(value, f"{source}: {key}", ".")
            continue
        field = CONFIG_KEYS.get(key)
        if field is None:
            raise ConfigError(f"{source}: unknown key {key!r}{_suggest(key)}")
        values[field] = _check_value(key, value, source)
    config = Config(**values)
    check_codes(config, source)
    return config


def check_codes(config: Config, source: str = "configuration") -> None:
    """Raise :class:`ConfigError` when a rule code or prefix in *config* names no rule.

    >>> check_codes(Config(select=["DA9"]), "--select")
    Traceback (most recent call last):
    ...
    distauth._errors.ConfigError: --select: select: 'DA9' is not a rule code or prefix ...
    """
    groups: list[tuple[str, tuple[str, ...]]] = [
        ("select", config.select or ()),
        ("ignore", config.ignore),
        ("extend-select", config.extend_select),
    ]
    groups += [
        (f"per-area-ignores.{a}", tuple(sorted(c))) for a, c in config.per_area_ignores.items()
    ]
    for what, codes in groups:
        try:
            RULES.expand(codes, what)
        except UnknownRuleError as exc:
            raise ConfigError(f"{source}: {exc.args[0]}") from exc


def _suggest(key: str) -> str:
    # Only on the error path: difflib is not worth importing for every run.
    import difflib  # noqa: PLC0415

    spelled = key.replace("_", "-").lower()
    known = [*CONFIG_KEYS, *sorted(SOURCE_KEYS)]
    if spelled in known:
        return f" (did you mean {spelled!r}?)"
    close = difflib.get_close_matches(key, known, n=1)
    if close:
        return f" (did you mean {close[0]!r}?)"
    return f" (known keys: {', '.join(known)})"


def _check_value(key: str, value: object, source: str) -> object:
    where = f"{source}: {key}"
    if key in ("select", "ignore", "extend-select"):
        return _code_list(value, where)
    if key == "per-area-ignores":
        if not isinstance(value, dict):
            raise ConfigError(f"{where} must be a table of area id = [codes] (got {value!r})")
        return {str(area): _code_list(codes, f"{where}.{area}") for area, codes in value.items()}
    if key == "adr-areas":
        if not isinstance(value, dict) or not all(
            isinstance(area, str) and is_slug(area) for area in value.values()
        ):
            raise ConfigError(f"{where} must be a table of directory = area id (got {value!r})")
        return {str(directory): area for directory, area in value.items()}
    if key == "strict":
        if not isinstance(value, bool):
            raise ConfigError(f"{where} must be true or false (got {value!r})")
        return value
    # max-areas-per-person, handover-horizon-days, spof-threshold: TOML has real integers, and
    # a bool is not one.
    if not isinstance(value, int) or isinstance(value, bool) or value < 0:
        raise ConfigError(f"{where} must be a whole number >= 0 (got {value!r})")
    return value


def _code_list(value: object, where: str) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ConfigError(
            f'{where} must be a list of rule codes, like ["DA1", "DA502"] (got {value!r})'
        )
    return parse_codes(value)
