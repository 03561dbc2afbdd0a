"""RowStore: rows kept by column behave exactly like the dicts they replace."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from lakip_xl.model.rowstore import MISSING, CellSet, RowStore

KEYS = ("level", "uraian", "pagu", "tw1", "persen", "nilai")
WHOLE = ("pagu", "tw1")
DECIMAL = ("persen", "nilai")

values = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.sampled_from([MISSING, MISSING + 1, 0, -1, 2**63 - 1]),  # the sentinels themselves are values too
    st.decimals(allow_nan=False, places=2),
    st.decimals(allow_nan=False),  # any exponent, huge coefficients, infinities
    st.sampled_from([Decimal("-0.00"), Decimal("24"), Decimal("24.00"), Decimal("5E+2"), Decimal(2**63)]),
    st.text(max_size=5),
)
rows = st.dictionaries(st.sampled_from(KEYS), values)


def _clean(row: dict[str, object]) -> dict[str, object]:
    return {k: v for k, v in row.items() if v is not None}


@given(st.lists(rows, max_size=6), st.lists(st.tuples(st.integers(0, 5), st.sampled_from(KEYS), values), max_size=12))
def test_store_matches_dicts(given_rows: list[dict[str, object]], edits: list[tuple[int, str, object]]) -> None:
    store = RowStore(KEYS, WHOLE, DECIMAL)
    model = []
    for row in given_rows:
        store.append(row)  # type: ignore[arg-type]
        model.append(_clean(row))
    for n, key, value in edits:
        if not model:
            break
        i = n % len(model)
        if value is None:
            assert store[i].pop(key, "absent") == model[i].pop(key, "absent")
        else:
            store[i][key] = value  # type: ignore[assignment]
            model[i][key] = value
    assert len(store) == len(model)
    assert store == model
    for i, want in enumerate(model):
        got = store[i]
        assert dict(got) == want
        assert len(got) == len(want)
        for key in KEYS:
            assert (key in got) == (key in want)
            assert got.get(key) == want.get(key)
            assert type(got.get(key)) is type(want.get(key))
            assert str(got.get(key)) == str(want.get(key))  # typed precision and sign kept
    assert [dict(r) for r in store[::-1]] == model[::-1]
    for key in KEYS:  # a whole column read at once is what the rows hold, type and typed precision kept
        column = store.column(key)
        assert [(type(v), str(v)) for v in column] == [(type(m.get(key)), str(m.get(key))) for m in model]
    assert store.column("nope") == [None] * len(model)


def test_store_refuses_unknown_key_and_bad_index() -> None:
    store = RowStore(KEYS, WHOLE, DECIMAL)
    with pytest.raises(KeyError):
        store.append({"nope": 1})
    store.append({"pagu": 5, "persen": Decimal("1.5")})
    assert store[-1]["pagu"] == 5
    with pytest.raises(IndexError):
        store[1]
    with pytest.raises(KeyError):
        store[0]["uraian"]
    with pytest.raises(KeyError):
        del store[0]["uraian"]
    with pytest.raises(KeyError):
        store[0]["nope"] = 1
    assert store.column("pagu") == [5]
    assert store != [{"pagu": 6}]
    assert "RowStore" in repr(store) and "'pagu': 5" in repr(store[0])


def test_cell_set() -> None:
    cells = CellSet()
    for cell in [(0, 3), (5000, 3), (7, 1)]:
        cells.add(*cell)
    assert (5000, 3) in cells and (0, 3) in cells and (7, 1) in cells
    assert (1, 3) not in cells and (7, 2) not in cells and (9999, 3) not in cells and "x" not in cells
    assert len(cells) == 3
    marks = cells.column(3)
    assert [r for r in range(len(marks)) if marks[r]] == [0, 5000]
    assert cells.column(2) == b""
