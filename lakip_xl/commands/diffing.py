"""The body of ``lakip-xl diff``: check the outputs, compare the two submissions, write what was asked.

Every destination is refused before any work when it is a folder, cannot be
written, is one of the two inputs, or is the other output (exit 3); the inputs
are only read.
"""

from __future__ import annotations

import sys
from pathlib import Path

from lakip_xl.commands.output import say
from lakip_xl.diff import diff
from lakip_xl.io.atomic import atomic_output, check_distinct, check_output, refuse_inputs
from lakip_xl.report.diff_text import print_diff, write_json


def run_diff(old: Path, new: Path, output: Path | None = None, json_out: str | None = None) -> int:
    """Compare ``old`` with ``new``; print the diff (or its JSON with ``json_out`` '-'), write the outputs.

    Args:
        old: The earlier submission.
        new: The revision.
        output: The diff workbook to write, if any.
        json_out: The JSON file to write, '-' for stdout (then nothing else is printed there), or None.

    Returns:
        0 when nothing differs, 1 when something does.

    Raises:
        OutputError: An output cannot be written (checked before the comparison).
        LakipError: An input cannot be used.
    """
    from lakip_xl.report.diff_book import write_diff_workbook

    to_file = Path(json_out) if json_out not in (None, "-") else None
    outputs = (("-o", output), ("--json", to_file))
    refuse_inputs(outputs, (old, new))
    check_distinct(*outputs)
    for _, path in outputs:
        if path is not None:
            check_output(path)
    result = diff(old, new)
    if output is not None:
        write_diff_workbook(result, output)
    if json_out == "-":
        write_json(result, sys.stdout)
        return result.exit_code
    print_diff(result)
    if to_file is not None:
        with atomic_output(to_file) as tmp, tmp.open("w", encoding="utf-8") as fh:
            write_json(result, fh)
    for what, path in (("Selisih .xlsx", output), ("JSON", to_file)):
        if path is not None:
            say(f"{what} ditulis: {path}")
    return result.exit_code
