"""A normal (non-editable) install, run from another folder: the defaults find the bundled corpus and
the user's data folder, never the checkout."""

import json
import os
import shutil
import subprocess
import sys
import sysconfig
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def run(command: list[str], **kwargs) -> subprocess.CompletedProcess:
    result = subprocess.run(command, capture_output=True, text=True, timeout=300, **kwargs)
    assert result.returncode == 0, result.stdout + result.stderr
    return result


def test_a_wheel_installed_in_a_fresh_venv_ingests_and_answers_from_another_folder(tmp_path, built_brochure):
    # The package is built as a wheel and installed alone into a new venv; its dependencies are the
    # test environment's, seen through a path file (no download, and the checkout is not on the path).
    source = tmp_path / "source"
    shutil.copytree(ROOT, source, ignore=shutil.ignore_patterns(".venv", ".git", "data", "*.egg-info",
                                                                 "__pycache__", "build", "bench"))
    run([sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--no-build-isolation",
         "-w", str(tmp_path / "wheels"), str(source)])
    [wheel] = (tmp_path / "wheels").glob("cluster_assistant-*.whl")
    venv = tmp_path / "venv"
    run([sys.executable, "-m", "venv", "--without-pip", str(venv)])
    python = venv / "bin" / "python"
    site = Path(run([str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"]).stdout.strip())
    (site / "test-dependencies.pth").write_text(sysconfig.get_paths()["purelib"] + "\n", encoding="utf-8")
    run([sys.executable, "-m", "pip", "--python", str(python), "install", "--quiet", "--no-deps", str(wheel)])

    home, elsewhere = tmp_path / "home", tmp_path / "elsewhere"
    elsewhere.mkdir()
    env = {k: v for k, v in os.environ.items() if not k.startswith("CLUSTER_ASSISTANT_")}
    env.update(HOME=str(home), XDG_DATA_HOME=str(home / ".local" / "share"), PYTHONPATH="")
    data = home / ".local" / "share" / "cluster-assistant"
    # The session's index of the brochure, where the installed command should look for it.
    shutil.copytree(built_brochure / "data", data)
    command = str(venv / "bin" / "cluster-assistant")

    where = run([str(python), "-c", "import assistant; print(assistant.__file__)"], cwd=elsewhere, env=env)
    assert Path(where.stdout.strip()).is_relative_to(site)  # the installed copy, not the checkout
    ingested = json.loads(run([command, "ingest", "--json"], cwd=elsewhere, env=env).stdout)
    assert ingested["unchanged"] == 1 and ingested["failed"] == 0  # the bundled corpus, found and indexed
    reply = json.loads(run([command, "ask", "--json", "How many SMEs are there among cluster firms?"],
                           cwd=elsewhere, env=env).stdout)
    assert not reply["abstained"] and reply["citations"][0]["source"] == "competitiveness-clusters-in-france.pdf"
    assert (data / "logs" / "assistant.log").exists()
    assert not (elsewhere / "data").exists() and list(elsewhere.iterdir()) == []
    assert not (site / "data").exists()
