"""YAML: a strict, event-driven reader on libyaml's C parser, and an exact writer.

Reading never builds PyYAML nodes or objects. The parser's events are turned into a light
tree of :class:`~distauth.files._nodes.MapNode`, :class:`~distauth.files._nodes.SeqNode` and
scalars, iteratively (no recursion), refusing as they come what the org format forbids:
aliases (so an alias bomb is never expanded), anchors, explicit tags, merge keys (``<<``),
complex keys, duplicate keys at any depth, a second document, and nesting deeper than the
limit (the parse stops there). Scalars keep whether they were quoted: an unquoted one becomes a
:class:`~distauth.files._nodes.Plain` whose type the reading field decides (YAML 1.2 typing by
field, so ``NO`` and ``017`` stay strings), except the null forms, which mean "absent". The
writer quotes every string that a YAML 1.1 or 1.2 reader could take for anything else, and
escapes every character that is not printable or that libyaml would read as a line break.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Mapping, Sequence
from typing import Any

import yaml
from yaml import events

from distauth.files._nodes import Doc, MapNode, Plain, Refused, SeqNode
from distauth.files._problems import Problems

__all__ = ["YamlDoc", "read_yaml", "write_yaml"]

#: The YAML 1.2 core schema's null forms (plus the empty value): they mean "absent".
NULLS = frozenset({"", "~", "null", "Null", "NULL"})

# Line breaks to libyaml (YAML 1.1) but ordinary characters to YAML 1.2.
_LIBYAML_BREAKS = re.compile("[\x85\u2028\u2029]")
_COLUMN_BITS = 32
_COLUMN_MASK = (1 << _COLUMN_BITS) - 1


class YamlDoc(Doc):
    """A YAML file's tree; marks pack libyaml's 0-based line and column in one int."""

    def point(self, mark: int) -> tuple[int | None, int | None]:
        """Unpack a mark into a 1-based line and column."""
        return (mark >> _COLUMN_BITS) + 1, (mark & _COLUMN_MASK) + 1


class _Skip:
    """The pending key of a mapping whose value must be dropped (already reported)."""

    def __repr__(self) -> str:
        return "<skip>"


_SKIP = _Skip()


def _pack(mark: Any) -> int:
    packed: int = (mark.line << _COLUMN_BITS) | mark.column
    return packed


def read_yaml(text: str, problems: Problems, max_depth: int) -> YamlDoc | None:
    r"""Parse *text* into a :class:`YamlDoc`, recording problems; ``None`` when nothing usable.

    >>> p = Problems("org.yaml")
    >>> doc = read_yaml("version: 1\nname: 1.10\n", p, 64)
    >>> doc.root["name"], type(doc.root["name"]).__name__, len(p)
    ('1.10', 'Plain', 0)
    >>> read_yaml("a: &x 1\nb: *x\n", p, 64).root["b"]
    <refused alias>
    >>> print(p.error())
    org.yaml:1:4: anchors are not allowed (&x)
    org.yaml:2:4: aliases are not allowed (*x)
    """
    if _LIBYAML_BREAKS.search(text):
        _report_breaks(text, problems)
        return None
    parser: Any
    try:
        from yaml._yaml import CParser  # noqa: PLC0415 - optional: PyYAML may lack libyaml

        parser = CParser(text)
    except ImportError:  # pragma: no cover - PyYAML without libyaml: same events, slower
        parser = yaml.SafeLoader(text)

    def add(message: str, mark: Any) -> None:
        problems.add(message, line=mark.line + 1, column=mark.column + 1)

    scalar_event = events.ScalarEvent
    mapping_start = events.MappingStartEvent
    sequence_start = events.SequenceStartEvent
    mapping_end = events.MappingEndEvent
    sequence_end = events.SequenceEndEvent
    get_event: Callable[[], Any] = parser.get_event
    nulls = NULLS
    skip = _SKIP
    # The container being built lives in local variables (this loop runs once per event, a
    # million times for a big org); enclosing ones wait on the stack.
    node: Any = None  # the MapNode or SeqNode being built, None at the document level
    in_map = False
    key: Any = None  # in a mapping: None when a key comes next, the pending key, or _SKIP
    refused: str | None = None  # set when the container itself was refused (a tag)
    stack: list[tuple[Any, bool, Any, str | None]] = []
    root: object = None
    root_seen = False
    documents = 0
    while True:
        try:
            event = get_event()
        except yaml.MarkedYAMLError as exc:
            _syntax_problem(exc, problems, text, max_depth)
            break
        except yaml.YAMLError as exc:  # libyaml's reader: unacceptable characters
            _reader_problem(exc, problems, text)
            break
        cls = event.__class__
        value: Any
        if cls is scalar_event:
            mark = event.start_mark
            raw: str = event.value
            style = event.style
            if event.anchor is not None or event.tag is not None:
                value = _refuse_props(event, add)
                if in_map and key is None:
                    key = skip
                    continue
            elif in_map and key is None:
                if raw in node.marks:
                    first = (node.marks[raw] >> _COLUMN_BITS) + 1
                    add(f"duplicate key {raw!r} (first defined on line {first})", mark)
                    key = skip
                elif raw == "<<" and not style:
                    add("merge keys (<<) are not allowed: write every key out", mark)
                    key = skip
                else:
                    node.marks[raw] = (mark.line << _COLUMN_BITS) | mark.column
                    key = raw
                continue
            elif style:
                value = raw
            elif raw in nulls:
                value = None
            else:
                value = Plain(raw)
            packed = (mark.line << _COLUMN_BITS) | mark.column
        elif cls is mapping_start or cls is sequence_start:
            mark = event.start_mark
            if len(stack) >= max_depth:
                add(f"nesting deeper than {max_depth} levels is not allowed", mark)
                root_seen = False
                break
            stack.append((node, in_map, key, refused))
            refused = None
            if event.anchor is not None or event.tag is not None:
                refused = _refuse_props(event, add).what
            packed = (mark.line << _COLUMN_BITS) | mark.column
            in_map = cls is mapping_start
            node = MapNode(packed) if in_map else SeqNode(packed)
            key = None
            continue
        elif cls is mapping_end or cls is sequence_end:
            value = node if refused is None else Refused(refused)
            packed = node.mark
            mark = event.start_mark
            node, in_map, key, refused = stack.pop()
        elif cls is events.AliasEvent:
            mark = event.start_mark
            add(f"aliases are not allowed (*{event.anchor})", mark)
            value = Refused("alias")
            packed = _pack(mark)
        elif cls is events.DocumentStartEvent:
            documents += 1
            if documents > 1:
                add("a second YAML document is not allowed (one file, one org)", event.start_mark)
                break
            continue
        elif cls is events.StreamEndEvent:
            break
        else:  # stream start, document end
            continue
        # Attach the finished value to the container being built.
        if in_map:
            if key is None:
                # A mapping, a list or a refused value in the place of a key.
                if not isinstance(value, Refused):
                    add("keys must be plain strings, not mappings or lists", mark)
                key = skip
            elif key is skip:
                key = None
            else:
                node[key] = value
                key = None
        elif node is not None:
            node.append(value)
            node.marks.append(packed)
        else:
            root, root_seen = value, True
    if problems and not root_seen:
        return None
    return YamlDoc(problems.source, root)


def _report_breaks(text: str, problems: Problems) -> None:
    """Refuse raw NEL, LS and PS: YAML 1.1 (libyaml) breaks lines there, YAML 1.2 does not."""
    for count, match in enumerate(_LIBYAML_BREAKS.finditer(text)):
        if count == 10:
            problems.add("... and more such characters")
            break
        offset = match.start()
        line = text.count("\n", 0, offset) + 1
        column = offset - (text.rfind("\n", 0, offset) + 1) + 1
        problems.add(
            f"raw character U+{ord(match.group()):04X} is not allowed: YAML versions disagree on "
            "whether it breaks the line; write it as an escape in double quotes "
            f'("\\u{ord(match.group()):04x}")',
            line=line,
            column=column,
        )


def _refuse_props(event: Any, add: Callable[[str, Any], None]) -> Refused:
    """Report an anchor or a tag on a node, which is then refused (later stages stay silent)."""
    if event.tag is not None:
        add(f"tags are not allowed ({event.tag}): the field decides the type", event.start_mark)
        if event.anchor is not None:
            add(f"anchors are not allowed (&{event.anchor})", event.start_mark)
        return Refused("tag")
    add(f"anchors are not allowed (&{event.anchor})", event.start_mark)
    return Refused("anchor")


def _syntax_problem(exc: Any, problems: Problems, text: str, max_depth: int) -> None:
    mark = exc.problem_mark or exc.context_mark
    message = exc.problem or "invalid YAML"
    context_mark = exc.context_mark
    if exc.context and context_mark is not None:
        if "quoted scalar" in exc.context and "end of stream" in message:
            # The end of the file is not where the mistake is: the opening quote is.
            mark = context_mark
            message = "unterminated quoted string"
        elif (context_mark.line, context_mark.column) != (mark.line, mark.column):
            message = f"{message} ({exc.context} at line {context_mark.line + 1})"
    if message == "exceeded maximum nesting depth":
        # libyaml's own limit (1000 flow levels), reached while scanning ahead of our count.
        message = f"nesting deeper than {max_depth} levels is not allowed"
    if mark is not None and message.startswith("found character that cannot start any token"):
        lines = text.splitlines()
        if mark.line < len(lines) and lines[mark.line][mark.column : mark.column + 1] == "\t":
            message = "a tab cannot start a token: indent YAML with spaces"
    if mark is None:  # pragma: no cover - libyaml always marks its errors
        problems.add(message)
        return
    line, column = mark.line, mark.column
    explained = _explain(exc, text.splitlines(), line, column)
    if explained is not None:
        message, line, column = explained
    problems.add(message, line=line + 1, column=column + 1)


def _indent(row: str) -> int:
    return len(row) - len(row.lstrip(" "))


def _content(row: str) -> bool:
    stripped = row.strip()
    return bool(stripped) and not stripped.startswith("#")


def _explain(exc: Any, lines: list[str], line: int, column: int) -> tuple[str, int, int] | None:
    """What to do about the YAML traps people fall into, and the line to fix (0-based).

    libyaml says what its grammar expected, where it noticed: "while scanning an alias" for
    a scope written ``*/deploy``, "did not find expected key" a line after a key indented
    too far. Each trap recognised here is said in the user's terms; None leaves libyaml's
    words. O(lines above the problem).
    """
    problem = exc.problem or ""
    context = exc.context or ""
    row = lines[line] if 0 <= line < len(lines) else ""
    if "while scanning an alias" in context or "while scanning an anchor" in context:
        start = exc.context_mark
        at_line, at_col = (start.line, start.column) if start is not None else (line, column)
        sign = "*" if "alias" in context else "&"
        word = _word(lines[at_line] if at_line < len(lines) else "", at_col)
        return (
            f"a value starting with {sign!r} is read as a YAML "
            f"{'alias' if sign == '*' else 'anchor'}: quote it, as {_quoted(word)}",
            at_line,
            at_col,
        )
    if problem.startswith("found character that cannot start any token"):
        char = row[column : column + 1]
        if char in ("@", "`", "%", "|", ">", "!", "&", "*"):
            word = _word(row, column)
            return (
                f"a value starting with {char!r} must be quoted: write {_quoted(word)}",
                line,
                column,
            )
    if problem == "did not find expected key" and "block mapping" in context:
        return _misaligned_key(lines, line, column)
    if problem == "mapping values are not allowed in this context":
        if ": " in row[:column] or row[:column].rstrip().endswith(":"):
            # The row's own key comes before: the ': ' is inside its unquoted value.
            return (
                "a ': ' inside an unquoted value starts another key: quote the value",
                line,
                column,
            )
        above = next((i for i in range(line - 1, -1, -1) if _content(lines[i])), None)
        if above is not None and _indent(row) > _indent(lines[above]):
            key, _colon, value = lines[above].strip().partition(":")
            if value.strip():
                return (
                    f"this line is indented under {key!r} (line {above + 1}), which already "
                    f"has a value: line its key up with {key!r}, or quote the text if it is "
                    "part of the value",
                    line,
                    _indent(row),
                )
    return None


def _word(row: str, column: int) -> str:
    rest = row[column:]
    for stop in (",", "]", "}", " #"):
        cut = rest.find(stop)
        if cut > 0:
            rest = rest[:cut]
    return rest.strip() or rest


def _quoted(word: str) -> str:
    return "'" + word.replace("'", "''") + "'"


def _misaligned_key(lines: list[str], line: int, column: int) -> tuple[str, int, int]:
    """A key that lines up with no mapping: say which line is indented wrongly.

    When the lines just above it, from where their mapping starts, are indented further
    than this one, and this one lines up one step in from that mapping's key, those lines
    are the ones indented too far (libyaml notices only here, a line later).
    """
    row = lines[line] if line < len(lines) else ""
    here = _indent(row)
    above = [i for i in range(line - 1, -1, -1) if _content(lines[i])]
    owner = next((i for i in above if _indent(lines[i]) < here), None)
    between = [i for i in above if owner is None or i > owner]
    step = _step(lines, above, owner)
    if (
        owner is not None
        and between
        and here - _indent(lines[owner]) == step
        and all(_indent(lines[i]) > here for i in between)
    ):
        first = min(between)
        key = lines[first].strip().split(":", 1)[0]
        return (
            f"{key!r} is indented further than the line(s) after it (line {line + 1}): the keys "
            f"of one mapping must line up, so indent it by {here} spaces, like line {line + 1}",
            first,
            _indent(lines[first]),
        )
    sibling = above[0] if above else None
    if sibling is not None:
        return (
            f"this line is indented by {here} spaces, and the line above (line {sibling + 1}) "
            f"by {_indent(lines[sibling])}: the keys of one mapping must line up",
            line,
            column,
        )
    return ("this key lines up with no mapping: the keys of one mapping must line up", line, column)


def _step(lines: list[str], above: list[int], owner: int | None) -> int:
    """The file's indentation step as the owner's own mapping shows it (default 2)."""
    if owner is None:
        return 2
    indent = _indent(lines[owner])
    parent = next((i for i in above if i < owner and _indent(lines[i]) < indent), None)
    return indent - _indent(lines[parent]) if parent is not None else (indent or 2)


def _reader_problem(exc: Any, problems: Problems, text: str) -> None:
    position = getattr(exc, "position", None)
    reason = getattr(exc, "reason", None) or str(exc)
    character = getattr(exc, "character", None)
    what = f"character {character!r}: " if isinstance(character, str) else ""
    if isinstance(character, int):
        what = f"character U+{character:04X}: "
    if isinstance(position, int):
        # libyaml counts characters of its UTF-8 input; with a str input that is our text.
        position = min(position, len(text))
        line = text.count("\n", 0, position) + 1
        column = position - (text.rfind("\n", 0, position) + 1) + 1
        problems.add(f"{what}{reason}", line=line, column=column)
    else:  # pragma: no cover
        problems.add(f"{what}{reason}")


# --- writing -----------------------------------------------------------------------------------

# Characters written as escapes in double quotes: everything YAML does not count as printable,
# what libyaml reads as a line break (NEL, LS, PS), the BOM, and bidirectional controls (so
# that a reviewer sees them: "Trojan source").
_ESCAPED = re.compile(
    "[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069"
    '\ufeff\ufffe\uffff"\\\\]'
)
_SHORT_ESCAPES = {"\n": "\\n", "\t": "\\t", "\r": "\\r", '"': '\\"', "\\": "\\\\", "\x00": "\\0"}

# What a YAML 1.1 or 1.2 reader would resolve to something other than a string, or read as
# syntax: such a string is always quoted, so the files stay safe for other tools too.
_SPECIAL = re.compile(
    r"""(?x)
    ~ | null | Null | NULL
    | [yYnN] | yes | Yes | YES | no | No | NO | true | True | TRUE | false | False | FALSE
    | on | On | ON | off | Off | OFF
    | [-+]? (?: 0b[0-1_]+ | 0o?[0-7_]+ | 0x[0-9a-fA-F_]+ | [0-9][0-9_]* (?::[0-5]?[0-9])* )
    | [-+]? (?: [0-9][0-9_]* )? \.? [0-9_]* (?:[eE][-+]?[0-9]+)?
    | [-+]? \. (?: inf | Inf | INF ) | \. (?: nan | NaN | NAN )
    | [0-9][0-9][0-9][0-9]-[0-9][0-9]?-[0-9][0-9]? (?: (?:[Tt]|[ \t]+) .* )?
    | = | <<
    """
)
# A plain scalar: it does not start with an indicator or a space, holds no character that
# needs an escape, no tab, no ": " or " #", and does not end with a space or a colon (all
# checked by one regex, in C: a big org has a million scalars). In flow lists the flow
# indicators, ":", "#" and "?" are refused too (PyYAML's YAML 1.1 reader ends plain
# scalars there).
_NOT_FIRST = "-?:,\\[\\]{}#&*!|>'\"%@` \t." + _ESCAPED.pattern[1:-1]
_PLAIN_BLOCK = re.compile(
    f"(?!.*: )(?!.* #)[^{_NOT_FIRST}][^{_ESCAPED.pattern[1:-1]}\t]*", re.DOTALL
)
_PLAIN_FLOW = re.compile(f"[^{_NOT_FIRST}][^{_ESCAPED.pattern[1:-1]}\t,\\[\\]{{}}:#?]*", re.DOTALL)


def _plain_ok(text: str, flow: bool) -> bool:
    if (_PLAIN_FLOW if flow else _PLAIN_BLOCK).fullmatch(text) is None or text[-1] in " :":
        return False
    return _SPECIAL.fullmatch(text) is None


def _escape(match: re.Match[str]) -> str:
    char = match.group()
    short = _SHORT_ESCAPES.get(char)
    if short is not None:
        return short
    code = ord(char)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def quote(text: str, *, flow: bool = False) -> str:
    r"""Write a string scalar: plain when nothing could misread it, else double-quoted.

    >>> quote("Ana Ruiz"), quote("NO"), quote("1.10"), quote(" x"), quote("a\u2028b")
    ('Ana Ruiz', '"NO"', '"1.10"', '" x"', '"a\\u2028b"')
    """
    if _plain_ok(text, flow):
        return text
    return '"' + _ESCAPED.sub(_escape, text) + '"'


def _scalar(value: object, flow: bool) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    assert isinstance(value, str)
    return quote(value, flow=flow)


# The file's own keys, never quoted: spares a million quote() calls in a big org.
_KEYS = {key: key for key in ("version", "name", "people", "areas", "roles", "dris",
         "resources", "ignore", "email", "active", "tags", "parent", "purpose", "scopes",
         "advisors", "informed", "escalates_to", "dri", "area", "accountabilities", "holders",
         "holder", "start", "end", "acting", "handles", "kind", "deputy", "nobody",
         "collective", "absences", "decisions", "person", "title", "date", "resources",
         "decided_by", "consulted", "informed", "dissent", "status", "rationale")}  # fmt: skip


#: YAML reads a key written as ``key: value`` only when the key is at most 1,024 characters
#: long; a longer one is written as an explicit key, ``? key`` then ``: value``.
_MAX_SIMPLE_KEY = 1000


def _write_mapping(out: list[str], mapping: Mapping[str, Any], indent: str) -> None:
    for key, value in mapping.items():
        written = _KEYS.get(key) or quote(key)
        if len(written) > _MAX_SIMPLE_KEY:
            out.append(f"{indent}? {written}")
            head = f"{indent}:"
        else:
            head = f"{indent}{written}:"
        if isinstance(value, dict):
            if value:
                out.append(head)
                _write_mapping(out, value, indent + "  ")
            else:
                out.append(f"{head} {{}}")
        elif isinstance(value, list | tuple):
            _write_sequence(out, head, value, indent)
        else:
            out.append(f"{head} {_scalar(value, False)}")


def _write_sequence(out: list[str], head: str, items: Sequence[Any], indent: str) -> None:
    if not items:
        out.append(f"{head} []")
    elif all(not isinstance(item, dict) for item in items):
        out.append(f"{head} [{', '.join(_scalar(item, True) for item in items)}]")
    else:
        out.append(head)
        for item in items:
            lines: list[str] = []
            _write_mapping(lines, item, indent + "    ")
            if lines:
                out.append(f"{indent}  - {lines[0].lstrip()}")
                out.extend(lines[1:])
            else:
                out.append(f"{indent}  - {{}}")


def write_yaml(tree: Mapping[str, Any]) -> str:
    """Write a tree of mappings, lists and scalars as block YAML (flow lists of scalars).

    Keys longer than YAML allows for ``key: value`` are written as explicit keys.

    >>> print(write_yaml({"version": 1, "people": {"on": {"name": "No"}, "bo": {}}}), end="")
    version: 1
    people:
      "on":
        name: "No"
      bo: {}
    >>> print(write_yaml({"people": {"a" * 1001: {}}})[:20])
    people:
      ? aaaaaaaa
    """
    out: list[str] = []
    _write_mapping(out, tree, "")
    return "\n".join(out) + "\n"
