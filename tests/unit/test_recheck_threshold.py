"""earliest_current_start: the one comparison the matching gate's SQL makes for a DBS recheck."""

from datetime import date, timedelta

import pytest

from lms.ukdates import add_months
from lms.vetting.dates import earliest_current_start


@pytest.mark.parametrize("months", [1, 3, 12, 36, 59])
def test_earliest_current_start_is_the_exact_threshold_of_the_month_arithmetic(months):
    """For every start day around it, the interval reaches today exactly when the start is not
    before ``earliest_current_start`` (month ends, leap days and 31sts included)."""
    for today in (
        date(2026, 3, 31),
        date(2026, 2, 28),
        date(2028, 2, 29),
        date(2026, 12, 1),
        date(2027, 1, 31),
        date(2026, 4, 30),
    ):
        threshold = earliest_current_start(today, months)
        for offset in range(-40, 41):
            start = threshold + timedelta(days=offset)
            assert (add_months(start, months) < today) == (start < threshold), (today, start)
