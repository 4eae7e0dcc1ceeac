"""Every importer, fed random and hostile input, returns `Imported` or raises `OrgFileError`.

Never a traceback of another kind, never a hang: each case here runs in well under a second
except the size limits, which are bounded by the work budget.
"""

from __future__ import annotations

import time

import pytest
from hypothesis import given
from hypothesis import strategies as st

from distauth import OrgFileError
from distauth.interop import Imported, read_backstage, read_codeowners, read_owners

_SPECIAL = "*?[]!#\\/ \t:@.-_^$(){}|+\x00\x7f\u00e9\u200b\n"
_LINES = st.lists(
    st.text(alphabet=st.sampled_from(list(_SPECIAL) + list("ab@/")), max_size=30), max_size=30
).map("\n".join)
_ANY = st.one_of(
    st.text(max_size=400), _LINES, st.binary(max_size=400).map(lambda b: b.decode("latin-1"))
)


def _safely(call: object) -> None:
    assert callable(call)
    try:
        result = call()
    except OrgFileError:
        return
    assert isinstance(result, Imported)
    for problem in result.problems:
        assert problem.code[:2] in ("CO", "OW", "BS")
        assert problem.location.file


@given(_ANY, st.sampled_from(["github", "gitlab"]))
def test_codeowners_never_fails_on_random_text(text: str, dialect: str) -> None:
    _safely(lambda: read_codeowners(text, dialect=dialect))


@given(
    st.dictionaries(st.sampled_from(["OWNERS", "a/OWNERS", "a/b/OWNERS", "c d/OWNERS"]), _ANY),
    st.none() | _ANY,
)
def test_owners_never_fails_on_random_text(files: dict[str, str], aliases: str | None) -> None:
    _safely(lambda: read_owners(files, aliases=aliases))


_YAMLISH = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(alphabet=_SPECIAL + "abc", max_size=8),
    lambda inner: (
        st.lists(inner, max_size=4)
        | st.dictionaries(
            st.sampled_from(
                [
                    "kind",
                    "metadata",
                    "spec",
                    "name",
                    "owner",
                    "parent",
                    "children",
                    "memberOf",
                    "members",
                    "namespace",
                ]
            ),
            inner,
            max_size=4,
        )
    ),
    max_leaves=20,
)


@given(st.lists(_YAMLISH, max_size=5))
def test_backstage_never_fails_on_random_documents(documents: list[object]) -> None:
    import yaml

    text = yaml.safe_dump_all(documents)
    _safely(lambda: read_backstage({"a.yaml": text, "b.yaml": text}))


@given(st.lists(_YAMLISH, max_size=3))
def test_owners_never_fails_on_random_yaml(documents: list[object]) -> None:
    import yaml

    text = yaml.safe_dump(documents[0] if documents else {})
    _safely(lambda: read_owners({"OWNERS": text, "x/OWNERS": text}, aliases=text))


@pytest.mark.parametrize(
    "text",
    [
        "[" * 100_000 + "]" * 100_000,
        "a:\n" + "".join(" " * i + "b:\n" for i in range(1, 3000)),
        "x: &a [1, 2]\n" + "".join(f"y{i}: &a{i} [*a, *a, *a]\n" for i in range(30)),
        "\x00\x01\x02" * 10_000,
        "approvers:\n" + "".join(f"- x{i}\n" for i in range(3_000)),
    ],
    ids=["deep-flow", "deep-block", "aliases", "binary", "huge-list"],
)
def test_hostile_yaml_is_reported_quickly(text: str) -> None:
    start = time.perf_counter()
    _safely(lambda: read_owners({"OWNERS": text}, aliases=text))
    _safely(lambda: read_backstage({"c.yaml": text}))
    assert time.perf_counter() - start < 60


@pytest.mark.parametrize(
    "text",
    [
        "".join(f"/{c}x{c}/ @a\n" for c in "*?[]!#\\ :^$(){}|+"),
        "* @a\n" * 200_000,
        "".join(f"/d{i}/ @u{i}\n" for i in range(2_000)),
        "\\" * 100_000 + " @a\n",
        "*" * 100_000 + " @a\n",
        "".join(f"x{i} @a\n" for i in range(2000)),
    ],
    ids=["special", "same-rule", "many-rules", "backslashes", "stars", "all-meet"],
)
def test_hostile_codeowners_is_handled_quickly(text: str) -> None:
    start = time.perf_counter()
    _safely(lambda: read_codeowners(text))
    assert time.perf_counter() - start < 60
