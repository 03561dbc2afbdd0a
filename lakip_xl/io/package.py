"""The one place that picks a workbook's reader by its content, never by its name.

An OpenDocument spreadsheet is a zip whose ``mimetype`` member says
``application/vnd.oasis.opendocument.spreadsheet`` (:class:`lakip_xl.io.ods.OdsPackage`);
any other zip is read as .xlsx (:class:`lakip_xl.io.xlsx.Package`), whose own
checks name what it is not. ``kec.xlsx`` holding an .ods is read as the .ods it
is, and the other way round.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

from lakip_xl.io.ods import ODS, OdsPackage, odf_mimetype
from lakip_xl.io.xlsx import Package, open_zip

WorkbookPackage = Package | OdsPackage
ODS_MEDIA = ODS.decode()  # its media type, as served


def is_ods(path: Path) -> bool:
    """True for a zip whose ``mimetype`` member names an ODF spreadsheet (by content); False for anything else."""
    try:
        with zipfile.ZipFile(path) as zf:
            return odf_mimetype(zf) == ODS
    except Exception:  # not a zip, unreadable: not an .ods
        return False


def open_package(path: Path) -> WorkbookPackage:
    """The checked package of a workbook file, .xlsx or .ods by its content; close it (or use ``with``).

    Raises:
        LakipError: The file is missing, of another kind, or breaks a limit or guard (one Indonesian line).
    """
    zf = open_zip(path)
    try:
        if odf_mimetype(zf) is not None:
            return OdsPackage(path, zf)
        return Package(path, zf)
    except BaseException:
        zf.close()
        raise
