"""ddlint.versions.release_range: the facts' tracer ranges read without packaging.specifiers,
held to SpecifierSet on every release of the snapshot and on the awkward versions around each
bound (pre-, dev- and post-releases, local labels, epochs, trailing zeros)."""

from __future__ import annotations

import pytest
from packaging.specifiers import SpecifierSet
from packaging.version import Version

from ddlint import facts
from ddlint.versions import ReleaseRange, bounds, release_range


def _data_ranges() -> list[str]:
    texts = {row["tracer"] for row in facts.load("lifecycle")["release_line"]}
    texts |= {row["tracer"] for row in facts.load("runtime")["runtime"]}
    texts |= {row["tracer"] for row in facts.load("integrations")["integration"]
              if "tracer" in row}
    return sorted(texts)


RANGES = [*_data_ranges(), "", ">=4", "<5", ">=0.50,<1", ">= 4 , < 5", "<5.0.0", ">=1.0.0,<2.0",
          ">=3.9,<3.15", ">=3.8.1,<4.0.0", "<3.9.99"]


def _versions() -> list[Version]:
    found = {release["version"] for release in facts.load(
        "releases", omit=("wheels", "wheels_known"))["release"]}
    for major in range(7):
        for base in (f"{major}", f"{major}.0", f"{major}.0.0", f"{major}.1", f"{major - 1}.99"):
            if base.startswith("-"):
                continue
            for tail in ("", "rc1", "a1", "b2", ".dev0", "rc1.dev2", ".post1", ".post1.dev1",
                         "+local", "rc1+local", ".post2+x.y"):
                found.add(base + tail)
    found |= {"1!0.1", "1!4.0rc1", "0!4.0", "4.0.0.0.0", "4.99999.0", "5.0.0.0a0"}
    return [Version(text) for text in sorted(found)]


VERSIONS = _versions()


def test_the_data_has_ranges_to_compare() -> None:
    assert len(_data_ranges()) >= 4


@pytest.mark.parametrize("text", RANGES)
def test_a_release_range_is_the_specifier_set(text: str) -> None:
    ours = release_range(text)
    assert isinstance(ours, ReleaseRange), text  # every range of the data has the plain form
    theirs = SpecifierSet(text)
    assert str(ours) == str(theirs)
    assert bounds(ours) == bounds(theirs)
    for version in VERSIONS:
        assert ours.contains(version, prereleases=True) == theirs.contains(
            version, prereleases=True), (text, str(version))
        if not (version.is_prerelease or version.is_postrelease or version.local
                or version.epoch):
            assert ours.contains_final(version.release) == theirs.contains(
                version, prereleases=True), (text, str(version))


@pytest.mark.parametrize("text", ["~=4.0", "==4.*", ">4", "<=5", "!=4.1", ">=4a1", ">=4,<5.*",
                                  "===4.0", "<", ">=.4", ">=4..1"])
def test_any_other_clause_is_read_by_packaging(text: str) -> None:
    try:
        expected = SpecifierSet(text)
    except ValueError:  # InvalidSpecifier: packaging's own error, as before
        with pytest.raises(ValueError):
            release_range(text)
        return
    ours = release_range(text)
    assert isinstance(ours, SpecifierSet) and ours == expected


def test_release_ranges_compare_by_their_text() -> None:
    assert release_range(">=4,<5") == release_range("<5, >=4")
    assert release_range(">=4,<5") != release_range(">=4")
    assert len({release_range(">=4,<5"), release_range("<5,>=4")}) == 1
