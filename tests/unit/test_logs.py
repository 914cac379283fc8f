"""Logs go to the user's log folder, rotated; a crash leaves its traceback there and says where."""

from __future__ import annotations

import logging
import logging.handlers
import subprocess
import sys
import textwrap
import threading
from pathlib import Path

import pytest

from briefing import logs


@pytest.fixture(autouse=True)
def restore_logging_and_hooks():
    """setup_logging and install_crash_handler change process-wide state: put it back."""
    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    excepthook, thread_hook = sys.excepthook, threading.excepthook
    yield
    for handler in root.handlers:
        if handler not in handlers:
            root.removeHandler(handler)
            handler.close()
    root.setLevel(level)
    sys.excepthook, threading.excepthook = excepthook, thread_hook


def _ours() -> list[logging.Handler]:
    return [h for h in logging.getLogger().handlers if getattr(h, "_briefing_handler", False)]


def test_log_file_is_in_the_log_folder_of_briefing_home(briefing_home: Path):
    path = logs.setup_logging()
    assert path == briefing_home / "logs" / "briefing.log"
    logging.getLogger("briefing.test").warning("a line to find")
    for handler in _ours():
        handler.flush()
    text = path.read_text(encoding="utf-8")
    assert "a line to find" in text
    assert "WARNING" in text and "briefing.test" in text


def test_setup_twice_keeps_one_handler(briefing_home: Path):
    logs.setup_logging()
    logs.setup_logging()
    assert len(_ours()) == 1
    logging.getLogger("briefing.test").warning("once")
    _ours()[0].flush()
    assert logs.log_path().read_text(encoding="utf-8").count("once") == 1


def test_file_handler_rotates(briefing_home: Path):
    logs.setup_logging()
    handler = _ours()[0]
    assert isinstance(handler, logging.handlers.RotatingFileHandler)
    assert handler.maxBytes == logs.MAX_BYTES and handler.backupCount == logs.BACKUP_COUNT
    # Shrink the limit so rotation happens after a few lines rather than a megabyte.
    handler.maxBytes = 2_000
    for i in range(200):
        logging.getLogger("briefing.test").warning("line %03d %s", i, "x" * 40)
    rotated = sorted(p.name for p in logs.log_path().parent.iterdir())
    assert rotated == [
        "briefing.log",
        *(f"briefing.log.{n}" for n in range(1, logs.BACKUP_COUNT + 1)),
    ]
    assert all(p.stat().st_size <= 2_000 for p in logs.log_path().parent.iterdir())


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("DEBUG", logging.DEBUG),
        ("warning", logging.WARNING),
        ("40", 40),
        ("", logging.INFO),
        ("loud", logging.INFO),
    ],
)
def test_level_from_environment(monkeypatch: pytest.MonkeyPatch, value: str, expected: int):
    monkeypatch.setenv("BRIEFING_LOG_LEVEL", value)
    logs.setup_logging()
    assert logging.getLogger().level == expected


def test_debug_lines_are_dropped_at_the_default_level(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.delenv("BRIEFING_LOG_LEVEL", raising=False)
    logs.setup_logging()
    logging.getLogger("briefing.test").debug("quiet detail")
    logging.getLogger("briefing.test").info("loud detail")
    _ours()[0].flush()
    text = logs.log_path().read_text(encoding="utf-8")
    assert "loud detail" in text and "quiet detail" not in text


def test_unwritable_log_folder_falls_back_to_stderr(briefing_home: Path, capsys):
    briefing_home.mkdir(parents=True)
    (briefing_home / "logs").write_text("a file where the folder should be")
    assert logs.setup_logging() is None
    assert "cannot write the log" in capsys.readouterr().err
    assert len(_ours()) == 1


def _raise(exc: BaseException):
    try:
        raise exc
    except BaseException as caught:
        return type(caught), caught, caught.__traceback__


def test_crash_in_main_thread_is_logged_and_shown(briefing_home: Path):
    shown: list[str] = []
    logs.install_crash_handler(shown.append)
    sys.excepthook(*_raise(ValueError("the widget fell over")))
    assert len(shown) == 1
    message = shown[0]
    assert str(logs.log_path()) in message
    assert "ValueError: the widget fell over" in message
    assert "\n" not in message
    text = logs.log_path().read_text(encoding="utf-8")
    assert "Traceback (most recent call last)" in text
    assert "ValueError: the widget fell over" in text
    assert "_raise" in text  # the frame that raised


def test_crash_in_another_thread_is_logged_and_shown(briefing_home: Path):
    shown: list[str] = []
    logs.install_crash_handler(shown.append)

    def work():
        raise RuntimeError("worker lost")

    thread = threading.Thread(target=work, name="export-worker")
    thread.start()
    thread.join()
    assert len(shown) == 1 and "RuntimeError: worker lost" in shown[0]
    text = logs.log_path().read_text(encoding="utf-8")
    assert "in thread export-worker" in text and "in work" in text


def test_a_failing_show_falls_back_to_stderr(briefing_home: Path, capsys):
    def broken_dialog(message: str) -> None:
        raise RuntimeError("no display")

    logs.install_crash_handler(broken_dialog)
    sys.excepthook(*_raise(KeyError("lost")))
    err = capsys.readouterr().err
    assert err.startswith("briefing: Briefing hit an unexpected error (KeyError: 'lost')")
    assert str(logs.log_path()) in err


def test_long_reasons_are_cut_short():
    message = logs.crash_message(ValueError("word " * 500), Path("/x/briefing.log"))
    assert len(message) < 300 and message.endswith("The details are in /x/briefing.log")


def test_logs_module_does_not_load_qt():
    code = "import sys, briefing.logs; print(any(m.startswith('PySide6') for m in sys.modules))"
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "False"


@pytest.mark.e2e
def test_uncaught_exception_in_a_process_prints_one_line(briefing_home: Path, tmp_path: Path):
    script = tmp_path / "crash.py"
    script.write_text(
        textwrap.dedent(
            """
            from briefing.logs import install_crash_handler
            install_crash_handler()
            def deep():
                raise ZeroDivisionError("division by zero in a test")
            deep()
            """
        )
    )
    result = subprocess.run([sys.executable, str(script)], capture_output=True, text=True)
    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    log_file = briefing_home / "logs" / "briefing.log"
    assert str(log_file) in lines[0]
    text = log_file.read_text(encoding="utf-8")
    assert "ZeroDivisionError: division by zero in a test" in text and "in deep" in text
