"""The command line, run as the administrator runs it: ``python main.py …`` in a subprocess."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def warelink(*argv: str, env: dict | None = None, data_dir: Path) -> subprocess.CompletedProcess:
    environ = {k: v for k, v in os.environ.items() if not k.startswith("WARELINK_")}
    environ.update(env or {})
    return subprocess.run([sys.executable, str(ROOT / "main.py"), "--data-dir", str(data_dir),
                           *argv], env=environ, cwd=ROOT, stdin=subprocess.DEVNULL,
                          capture_output=True, text=True, timeout=120)


@pytest.fixture
def run(tmp_path):
    """``run(*argv)`` against a fresh SQLite file of this test."""
    url = f"sqlite:///{tmp_path / 'cli.db'}"
    return lambda *argv, **kw: warelink("--db", url, *argv, data_dir=tmp_path, **kw)


def command_help(help_text: str) -> dict[str, str]:
    """The commands in ``--help`` and their help (argparse puts a long name's help below it)."""
    commands, name = {}, None
    for line in help_text.split("commands:", 1)[1].splitlines():
        if line.startswith("    ") and not line.startswith("     "):
            name, _, text = line.strip().partition(" ")
            commands[name] = text.strip()
        elif name and line.startswith("     ") and not commands[name]:
            commands[name] = line.strip()
    return commands


def test_help_lists_every_command_with_a_line_on_what_it_does(tmp_path):
    done = warelink("--help", data_dir=tmp_path)
    assert done.returncode == 0
    commands = command_help(done.stdout)
    assert all(commands.values()), commands
    for command, words in (("migrate", "schema"), ("demo", "demo data"), ("user", "accounts"),
                           ("parse-barcode", "barcode")):
        assert words in commands[command], commands


def test_migrate_prints_the_database_and_its_revision(run, tmp_path):
    done = run("migrate")
    assert done.returncode == 0, done.stderr
    assert f"sqlite:///{tmp_path / 'cli.db'}: schema at revision " in done.stdout
    assert "revision None" not in done.stdout


def test_an_added_account_is_listed_and_no_password_is_ever_printed(run):
    first = run("user", "add", "chen", "--role", "admin", "--password", "first-secret",
                "--full-name", "陈静 Chen Jing")
    second = run("user", "add", "li", "--role", "clerk", env={"WARELINK_PASSWORD": "env-secret"})
    listing = run("user", "list")
    assert [first.returncode, second.returncode, listing.returncode] == [0, 0, 0], listing.stderr
    assert "Created admin chen" in first.stdout and "Created clerk li" in second.stdout
    rows = {line.split()[0]: line.split()[1] for line in listing.stdout.splitlines()[1:-1]}
    assert rows == {"chen": "admin", "li": "clerk"}
    assert "陈静 Chen Jing" in listing.stdout
    everything = "".join(p.stdout + p.stderr for p in (first, second, listing))
    assert "first-secret" not in everything and "env-secret" not in everything


def test_the_first_account_must_be_an_administrator(run):
    done = run("user", "add", "li", "--role", "clerk", "--password", "secret1")
    assert done.returncode == 2
    assert done.stderr.strip() == ("warelink: error: the first account must be an "
                                   "administrator: use --role admin")


def test_without_a_terminal_or_a_password_the_command_says_how_to_give_one(run):
    done = run("user", "add", "chen", "--role", "admin")
    assert done.returncode == 2
    assert "WARELINK_PASSWORD" in done.stderr and "Traceback" not in done.stderr


def test_a_refused_account_is_one_line_on_stderr(run):
    run("user", "add", "chen", "--role", "admin", "--password", "first-secret")
    done = run("user", "add", "chen", "--role", "clerk", "--password", "other-secret")
    assert done.returncode == 2
    assert done.stderr == "warelink: error: User 'chen' already exists\n"


@pytest.mark.parametrize("url, says", [
    ("not a url", "bad database URL"),
    ("nosuchdb://host/db", "bad database URL"),
    ("postgresql+psycopg://app:s3cret-pw@127.0.0.1:1/warelink", "database error: connection"),
])
def test_a_bad_database_gives_one_clear_line_and_exit_status_2(tmp_path, url, says):
    done = warelink("--db", url, "migrate", data_dir=tmp_path)
    assert done.returncode == 2
    assert done.stderr.startswith(f"warelink: error: {says}")
    assert done.stderr.count("\n") == 1 and "Traceback" not in done.stderr
    assert "s3cret-pw" not in done.stderr + done.stdout


def test_verbose_adds_the_traceback_to_the_same_error(tmp_path):
    done = warelink("-v", "--db", "not a url", "migrate", data_dir=tmp_path)
    assert done.returncode == 2
    assert "Traceback" in done.stderr and "warelink: error: bad database URL" in done.stderr


def test_the_default_database_lives_in_the_data_directory(tmp_path):
    done = warelink("migrate", data_dir=tmp_path)
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "warelink.db").exists()


def test_an_unknown_demo_size_is_refused_by_the_parser(run):
    done = run("demo", "--size", "huge")
    assert done.returncode == 2 and "invalid size 'huge'" in done.stderr


def test_demo_if_empty_succeeds_without_reloading_a_filled_database(tmp_path):
    import subprocess
    import sys
    url = f"sqlite:///{tmp_path}/d.db"
    cmd = [sys.executable, "main.py", "--db", url, "demo", "--size", "medium", "--if-empty"]
    root = __import__("pathlib").Path(__file__).resolve().parents[2]
    first = subprocess.run(cmd, cwd=root, capture_output=True, text=True, timeout=300)
    assert first.returncode == 0, first.stderr
    again = subprocess.run(cmd, cwd=root, capture_output=True, text=True, timeout=300)
    assert again.returncode == 0 and "not loaded again" in again.stdout
    plain = subprocess.run(cmd[:-1], cwd=root, capture_output=True, text=True, timeout=300)
    assert plain.returncode == 2
