"""The coordinator's dashboard: the scheme's mentors by state and the mentees waiting."""
