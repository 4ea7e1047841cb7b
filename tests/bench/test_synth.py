"""The benchmarks' synthetic content passes the real validator and looks like the real one."""

from __future__ import annotations

import statistics
from pathlib import Path

import pytest

from bench.synth import Synthetic, code_name, generate, pool_size
from checker.rules import CHECKS
from generator.graph import build_graph
from generator.render import render_site
from generator.translate import is_translation
from generator.validate import Validation, validate_dir
from tests.conftest import REPO


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory: pytest.TempPathFactory) -> tuple[Synthetic, Validation]:
    """Twenty synthetic codes (and their 15 causes), generated and validated once."""
    folder = tmp_path_factory.mktemp("synth")
    made = generate(folder / "content", 20, known_checks=list(CHECKS))
    return made, validate_dir(made.content_dir, CHECKS, root=folder)


def test_synthetic_content_validates_and_renders(
        synthetic: tuple[Synthetic, Validation]) -> None:
    made, result = synthetic
    assert [code.code for code in result.content.codes] == sorted(made.codes, key=str.lower)
    assert set(result.content.causes) == set(made.causes)
    assert len(made.causes) == pool_size(20) == 15
    graph = build_graph(result.content)
    assert all(graph.uses[cause] for cause in made.causes)  # every cause used
    assert len(graph.aliases) == made.aliases > 0
    assert len(render_site(graph)) == 20 + 15 + 3  # codes, causes, three index pages


def test_every_check_id_is_used(synthetic: tuple[Synthetic, Validation]) -> None:
    _, result = synthetic
    assert result.warnings == ()


def test_a_single_code_validates(tmp_path: Path) -> None:
    made = generate(tmp_path / "content", 1, known_checks=list(CHECKS))
    result = validate_dir(made.content_dir, CHECKS, root=tmp_path)
    assert [code.code for code in result.content.codes] == list(made.codes)
    assert list(result.content.causes) == list(made.causes)


def test_same_input_same_bytes(tmp_path: Path) -> None:
    first = generate(tmp_path / "a", 6, known_checks=list(CHECKS))
    second = generate(tmp_path / "b", 6, known_checks=list(CHECKS))
    for path in sorted(first.content_dir.rglob("*.yaml")):
        twin = second.content_dir / path.relative_to(first.content_dir)
        assert path.read_bytes() == twin.read_bytes()


def test_sizes_are_like_the_real_files(synthetic: tuple[Synthetic, Validation]) -> None:
    made, _ = synthetic
    for kind, files in (("codes", "*/*.yaml"), ("causes", "*.yaml")):
        # English files only: translations hold the prose alone, and are smaller.
        real = statistics.mean(p.stat().st_size for p in (REPO / "content" / kind).glob(files)
                               if not is_translation(p.name))
        synthetic_mean = statistics.mean(
            p.stat().st_size for p in (made.content_dir / kind).glob(files))
        assert 0.6 * real < synthetic_mean < 1.6 * real, (kind, real, synthetic_mean)


def test_codes_are_unique_ignoring_case() -> None:
    names = [code_name(i).lower() for i in range(20_000)]
    assert len(set(names)) == len(names)


def test_the_validation_figures_compare_both_ways(
        synthetic: tuple[Synthetic, Validation]) -> None:
    """bench.validation times the same files both ways; synthetic files need no fallback."""
    from bench import validation

    made, _ = synthetic
    figures = validation.measure(made.content_dir, repeats=1)
    assert figures["files"] == 20 + 15 + 1  # codes, causes, the one service
    assert figures["jsonschema_fallbacks"] == 0
    assert 0 < figures["schema_s"] < figures["schema_jsonschema_s"]
