"""The contributor's commands work from any shell: `make new`, `make new-cause`, and a
`python -m generator` run by the wrong Python that answers with one sentence, not a
traceback. The guides show only commands that work in a fresh terminal."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import REPO

WRONG_PYTHON = re.compile(r"^`python -m generator` runs in the project's virtual environment, "
                          r"and this Python is not it \(.+\); from any shell, type `make check` "
                          r"to validate the content or `make new CODE=M1234-5678` for a new "
                          r"code .*\.\n$")


def _make(*args: str) -> subprocess.CompletedProcess[str]:
    env = {key: value for key, value in os.environ.items() if not key.startswith("MAKE")}
    return subprocess.run(["make", "--no-print-directory", "-s", *args], cwd=REPO, env=env,
                          capture_output=True, text=True, check=False)


@pytest.fixture
def content(content: Path) -> Path:
    """The fixture content plus the real schemas, as `new` finds them in a repository."""
    shutil.copytree(REPO / "content" / "schema", content / "schema")
    return content


def test_make_new_writes_a_code_skeleton(content: Path) -> None:
    done = _make("new", "CODE=Z1234-5678", "SERVICE=netflix", f"CONTENT={content}")
    assert done.returncode == 0, done.stderr
    written = content / "codes" / "netflix" / "z1234-5678.yaml"
    assert written.is_file()
    assert "code: Z1234-5678" in written.read_text("utf-8")
    assert done.stdout.strip().endswith("Fill in every field, then run `make check`.")


def test_make_new_passes_the_service_on(content: Path) -> None:
    (service,) = [path.stem for path in (content / "services").glob("*.yaml")]
    done = _make("new", "CODE=Z1234-5679", f"SERVICE={service}", f"CONTENT={content}")
    assert done.returncode == 0, done.stderr
    (written,) = (content / "codes").rglob("z1234-5679.yaml")
    assert f"service: {service}" in written.read_text("utf-8")


def test_make_new_cause_writes_a_cause_skeleton(content: Path) -> None:
    done = _make("new-cause", "CAUSE=slow-wifi", f"CONTENT={content}")
    assert done.returncode == 0, done.stderr
    assert (content / "causes" / "slow-wifi.yaml").is_file()


@pytest.mark.parametrize(("target", "says"), [
    ("new", "Say which code: make new CODE=M1234-5678"),
    ("new-cause", "Say which cause: make new-cause CAUSE=slow-wifi"),
])
def test_make_new_without_a_name_says_how(target: str, says: str) -> None:
    done = _make(target)
    assert done.returncode != 0
    assert says in done.stdout


def test_make_new_does_not_run_what_is_typed(content: Path, tmp_path: Path) -> None:
    marker = tmp_path / "ran"
    done = _make("new", f"CODE=X1`touch {marker}`", f"CONTENT={content}")
    assert not marker.exists()
    assert done.returncode != 0  # not a code: the generator refuses it


def _wrong_python(python: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([python, "-m", "generator", "check"], cwd=REPO,
                          capture_output=True, text=True, check=False)


def test_generator_outside_its_environment_names_the_make_commands() -> None:
    # -S: no site-packages, so none of the project's packages, as in a fresh shell's python3.
    done = subprocess.run([sys.executable, "-S", "-m", "generator", "check"], cwd=REPO,
                          capture_output=True, text=True, check=False)
    assert done.returncode == 2
    assert WRONG_PYTHON.match(done.stderr), done.stderr
    assert "missing yaml, jinja2" in done.stderr
    assert done.stdout == ""


@pytest.mark.parametrize("python", ["/usr/bin/python3", "/usr/bin/python3.11"])
def test_system_python_gets_one_sentence_not_a_traceback(python: str) -> None:
    if not Path(python).exists():
        pytest.skip(f"{python} is not on this machine")
    done = _wrong_python(python)
    if done.returncode == 0:
        pytest.skip(f"{python} has every package the generator needs")
    assert done.returncode == 2
    assert "Traceback" not in done.stderr
    assert WRONG_PYTHON.match(done.stderr), done.stderr


def _sh_blocks(text: str) -> list[str]:
    return [line for block in re.findall(r"```sh\n(.*?)```", text, re.DOTALL)
            for line in block.splitlines() if line.strip()]


@pytest.mark.parametrize("guide", ["README.md", "CONTRIBUTING.md"])
def test_guides_show_only_commands_that_work_in_a_fresh_shell(guide: str) -> None:
    text = (REPO / guide).read_text("utf-8")
    for line in _sh_blocks(text):
        assert line.startswith("make "), line
    for command in ("make check", "make new CODE=M1234-5678", "make serve", "make test"):
        assert f"{command}" in text, command
