"""Compact storage of the rows read from a workbook.

A table held as one ``dict`` per row costs about 400 bytes a row before its
values; a budget table of 50,000 subkegiatan read three times over (2.2.2,
3.19, 3.20) then outweighs everything else the audit holds. :class:`RowStore`
keeps a table by column instead: whole numbers (rupiah, counts) as machine
integers in an :class:`array.array`, decimals as a machine-integer coefficient
and an exponent (so ``24`` and ``24.00`` stay apart), other values in one list
per column. It hands out :class:`StoredRow` views that read and write
through, so every consumer keeps using the ``Mapping`` interface of a row.

A cell that holds no value is absent from its row, as in a ``dict``; ``None``
is never stored. A number column may still hold a value that does not fit it
(text kept from a cell that did not fit the column, an integer or decimal too
large): such a value is kept aside, by (row, key).
"""

from __future__ import annotations

from array import array
from collections.abc import Iterable, Iterator, Mapping, MutableMapping, Sequence
from decimal import Decimal
from typing import Any, overload

from lakip_xl.model.spec import Value

MISSING = -(1 << 63)  # the cell holds no value
ASIDE = MISSING + 1  # the value is kept in ``RowStore._aside``
_MACHINE = range(ASIDE + 1, 1 << 63)


class RowStore(Sequence["StoredRow"]):
    """The rows of one table, stored by column.

    Args:
        keys: Every key a row may hold, in the order rows list them.
        integer_keys: The keys whose values are whole numbers.
        decimal_keys: The keys whose values are decimals.
    """

    __hash__ = None  # type: ignore[assignment]

    def __init__(self, keys: Iterable[str], integer_keys: Iterable[str] = (), decimal_keys: Iterable[str] = ()) -> None:
        self.keys = tuple(keys)
        self._keyset = frozenset(self.keys)
        whole, decimal = set(integer_keys), set(decimal_keys) - set(integer_keys)
        self._ints: dict[str, array[int]] = {k: array("q") for k in self.keys if k in whole}
        self._decs: dict[str, tuple[array[int], array[int]]] = {
            k: (array("q"), array("b")) for k in self.keys if k in decimal
        }
        self._objs: dict[str, list[Value]] = {k: [] for k in self.keys if k not in whole and k not in decimal}
        self._aside: dict[tuple[int, str], Value] = {}
        self._n = 0

    def append(self, row: Mapping[str, Value]) -> None:
        """Add a row at the end.

        Raises:
            KeyError: The row holds a key the store was not made for.
        """
        i = self._n
        if not row.keys() <= self._keyset:
            raise KeyError(sorted(set(row) - self._keyset))
        for key, ints in self._ints.items():
            value = row.get(key)
            if value is None:
                ints.append(MISSING)
            elif value.__class__ is int and value in _MACHINE:
                ints.append(value)
            else:
                ints.append(ASIDE)
                self._aside[(i, key)] = value
        for key, (coefs, exps) in self._decs.items():
            coef, exp = _split(row.get(key))
            coefs.append(coef)
            exps.append(exp)
            if coef == ASIDE:
                self._aside[(i, key)] = row.get(key)
        for key, objs in self._objs.items():
            objs.append(row.get(key))
        self._n += 1

    def __len__(self) -> int:
        return self._n

    @overload
    def __getitem__(self, index: int) -> StoredRow: ...

    @overload
    def __getitem__(self, index: slice) -> list[StoredRow]: ...

    def __getitem__(self, index: int | slice) -> StoredRow | list[StoredRow]:
        if index.__class__ is int and 0 <= index < self._n:
            return StoredRow(self, index)
        if isinstance(index, slice):
            return [StoredRow(self, i) for i in range(*index.indices(self._n))]
        if index < 0:
            index += self._n
        if not 0 <= index < self._n:
            raise IndexError("row index out of range")
        return StoredRow(self, index)

    def __iter__(self) -> Iterator[StoredRow]:
        return (StoredRow(self, i) for i in range(self._n))

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Sequence) or isinstance(other, str | bytes):
            return NotImplemented
        return len(self) == len(other) and all(dict(a) == dict(b) for a, b in zip(self, other, strict=True))

    def __repr__(self) -> str:
        return f"RowStore({[dict(r) for r in self]!r})"

    def value(self, i: int, key: str) -> Value:
        """The value of ``key`` on row ``i``, None when absent or not a key of the store."""
        ints = self._ints.get(key)
        if ints is not None:
            v = ints[i]
            if v == MISSING:
                return None
            return self._aside[(i, key)] if v == ASIDE else v
        dec = self._decs.get(key)
        if dec is not None:
            v = dec[0][i]
            if v == MISSING:
                return None
            return self._aside[(i, key)] if v == ASIDE else Decimal(v).scaleb(dec[1][i])
        objs = self._objs.get(key)
        return None if objs is None else objs[i]

    def set_value(self, i: int, key: str, value: Value) -> None:
        """Store ``value`` (None: no value) as ``key`` of row ``i``.

        Raises:
            KeyError: ``key`` is not a key of the store.
        """
        self._aside.pop((i, key), None)
        ints = self._ints.get(key)
        if ints is not None:
            if value is None:
                ints[i] = MISSING
            elif value.__class__ is int and value in _MACHINE:
                ints[i] = value
            else:
                ints[i] = ASIDE
                self._aside[(i, key)] = value
            return
        dec = self._decs.get(key)
        if dec is not None:
            dec[0][i], dec[1][i] = _split(value)
            if dec[0][i] == ASIDE:
                self._aside[(i, key)] = value
            return
        self._objs[key][i] = value

    def machine_column(self, key: str) -> array[int] | None:
        """The array of a whole-number column whose values all fit it (``MISSING`` where absent), else None."""
        ints = self._ints.get(key)
        if ints is None or any(k == key for _, k in self._aside):
            return None
        return ints

    def column(self, key: str) -> list[Value]:
        """Every row's value of ``key`` (None where absent), read column-wise (no call per cell)."""
        ints = self._ints.get(key)
        dec = self._decs.get(key)
        if ints is not None:
            out: list[Value] = [None if v == MISSING else v for v in ints]
        elif dec is not None:
            out = [None if c == MISSING else Decimal(c).scaleb(e) for c, e in zip(dec[0], dec[1], strict=True)]
        else:
            objs = self._objs.get(key)
            return [None] * self._n if objs is None else list(objs)
        for (i, k), value in self._aside.items():  # values kept aside stand as ASIDE in the arrays
            if k == key:
                out[i] = value
        return out


def _split(value: Value) -> tuple[int, int]:
    """(coefficient, exponent) of a decimal that fits machine integers; (ASIDE, 0) else, (MISSING, 0) for None."""
    if value is None:
        return MISSING, 0
    if isinstance(value, Decimal) and value.__class__ is Decimal and value.is_finite():
        exp = value.as_tuple().exponent
        if isinstance(exp, int) and -128 <= exp <= 127 and not (value.is_zero() and value.is_signed()):
            coef = int(value.scaleb(-exp))
            if coef in _MACHINE:
                return coef, exp
    return ASIDE, 0


class StoredRow(MutableMapping[str, Value]):
    """One row of a :class:`RowStore`, read and written through.

    Args:
        store: The table's store.
        index: The row's index in it.
    """

    __slots__ = ("_i", "_s")

    def __init__(self, store: RowStore, index: int) -> None:
        self._s = store
        self._i = index

    def get(self, key: str, default: Any = None) -> Any:
        """The value of ``key``, or ``default`` when absent."""
        value = self._s.value(self._i, key)
        return default if value is None else value

    def __getitem__(self, key: str) -> Value:
        value = self._s.value(self._i, key)
        if value is None:
            raise KeyError(key)
        return value

    def __contains__(self, key: object) -> bool:
        return isinstance(key, str) and self._s.value(self._i, key) is not None

    def __setitem__(self, key: str, value: Value) -> None:
        self._s.set_value(self._i, key, value)

    def __delitem__(self, key: str) -> None:
        if key not in self:
            raise KeyError(key)
        self._s.set_value(self._i, key, None)

    def __iter__(self) -> Iterator[str]:
        return (k for k in self._s.keys if self._s.value(self._i, k) is not None)

    def __len__(self) -> int:
        return sum(1 for _ in self)

    def __repr__(self) -> str:
        return repr(dict(self))


class CellSet:
    """A set of (row, col) cells, one byte per sheet row for each column holding any."""

    def __init__(self) -> None:
        self._cols: dict[int, bytearray] = {}

    def add(self, row: int, col: int) -> None:
        """Add a cell."""
        marks = self._cols.setdefault(col, bytearray())
        if row >= len(marks):
            marks.extend(bytes(max(row + 1 - len(marks), len(marks))))
        marks[row] = 1

    def __contains__(self, cell: object) -> bool:
        if not isinstance(cell, tuple):
            return False
        row, col = cell
        marks = self._cols.get(col)
        return marks is not None and 0 <= row < len(marks) and marks[row] == 1

    def __len__(self) -> int:
        return sum(marks.count(1) for marks in self._cols.values())

    def column(self, col: int) -> bytes:
        """The marks of one column, one byte per sheet row (1: the cell is in the set), up to the last row marked."""
        return bytes(self._cols.get(col, b""))
