"""Atomic writes: readers see the old file or the whole new one; devices are never replaced."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from policylint.atomicfile import write_atomically


def test_a_file_is_written_whole_and_keeps_its_mode(tmp_path: Path) -> None:
    target = tmp_path / "report.json"
    target.write_bytes(b"old")
    target.chmod(0o640)
    write_atomically(target, b"new")
    assert target.read_bytes() == b"new"
    assert target.stat().st_mode & 0o777 == 0o640
    assert [p.name for p in tmp_path.iterdir()] == ["report.json"]  # no temporary left


def test_a_device_is_written_in_place_never_replaced(tmp_path: Path) -> None:
    """`--output /dev/null` once put a regular file where the device was (as root)."""
    link = tmp_path / "out"
    link.symlink_to(os.devnull)  # through a link: a regression replaces the link, not the device
    write_atomically(link, b"discarded")
    assert link.is_symlink()
    assert os.readlink(link) == os.devnull


def test_a_fifo_receives_the_data(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    reader = os.open(fifo, os.O_RDONLY | os.O_NONBLOCK)
    try:
        write_atomically(fifo, b"through the pipe")
        assert os.read(reader, 100) == b"through the pipe"
    finally:
        os.close(reader)
    assert fifo.is_fifo()


def test_a_directory_is_an_error_naming_it(tmp_path: Path) -> None:
    with pytest.raises(IsADirectoryError) as caught:
        write_atomically(tmp_path, b"x")
    assert caught.value.filename == str(tmp_path)
