"""Expenses and pay: a mentor claims out-of-pocket costs (and sessional hours) against their
contacts; the scheme's coordinator approves or queries each claim; approved claims export as CSV."""
