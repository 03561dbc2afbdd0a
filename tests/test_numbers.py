from decimal import Decimal

import pytest

from lakip_xl.model.numbers import NOT_MEASURED, mean_values, parse_id_number, ratio100, round_half_up


@pytest.mark.parametrize(
    ("value", "places", "expected"),
    [("53.545", 2, "53.55"), ("79.025", 2, "79.03"), ("2.5", 0, "3"), ("-2.5", 0, "-3"), ("23.596", 0, "24")],
)
def test_round_half_up_like_excel(value: str, places: int, expected: str) -> None:
    assert round_half_up(Decimal(value), places) == Decimal(expected)


def test_round_half_up_of_huge_values() -> None:
    """A typed 10^30 % or a ratio of absurd inputs is rounded, not refused by the 28-digit context."""
    assert round_half_up(Decimal("1E30")) == Decimal("1000000000000000000000000000000.00")
    assert str(round_half_up(Decimal("123456789012345678901234567890.125"))) == "123456789012345678901234567890.13"
    huge = ratio100(10**40, 3)  # 28 significant digits, none of them after the point
    assert huge is not None and round_half_up(huge) == huge
    assert round_half_up(Decimal("Infinity")).is_infinite()


def test_percent_is_exact_then_half_up() -> None:
    assert ratio100(42_836_000, 80_000_000) == Decimal("53.545")
    assert round_half_up(ratio100(42_836_000, 80_000_000)) == Decimal("53.55")  # type: ignore[arg-type]
    assert round_half_up(ratio100(34, 42)) == Decimal("80.95")  # type: ignore[arg-type]
    assert ratio100(1, 0) is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("9.974.700.000", Decimal("9974700000")),
        ("74,85", Decimal("74.85")),
        ("105,42 %", Decimal("105.42")),
        ("105,42%", Decimal("105.42")),
        ("Rp 1.500.000", Decimal("1500000")),
        ("Rp. 25.753.983.903,-", Decimal("25753983903")),
        ("-", Decimal("0")),
        ("1\u00a0500\u00a0000", Decimal("1500000")),
        ("74.85", Decimal("74.85")),
        ("-125.000.000", Decimal("-125000000")),
        ("abc", None),
        ("", None),
    ],
)
def test_parse_id_number(text: str, expected: Decimal | None) -> None:
    assert parse_id_number(text) == expected


def test_mean_values_leaves_out_text_and_empty_cells() -> None:
    """n/a is not 0 and an empty cell is not 0: (1 + 2,5) / 2, not / 4."""
    assert mean_values([1, None, NOT_MEASURED, Decimal("2.5")]) == Decimal("1.75")
    assert mean_values([None, NOT_MEASURED]) is None
    assert mean_values([]) is None
    assert round_half_up(mean_values([Decimal("93.33"), Decimal(50)]) or Decimal(0)) == Decimal("71.67")  # 71,665
