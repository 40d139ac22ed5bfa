"""Rows of the authorisation matrix, one module per feature (see test_authorisation_matrix)."""

ANON, TRAINEE, TRAINER, COORD, ADMIN = "anonymous", "trainee", "trainer", "coordinator", "admin"
EVERYONE = (ANON, TRAINEE, TRAINER, COORD, ADMIN)
SIGNED_IN = (TRAINEE, TRAINER, COORD, ADMIN)
STAFF = (TRAINER, COORD, ADMIN)
# Routes that take a scheme API key instead of a session: every session role, signed in or not,
# gets 401 without a key (tests/functional/test_scheme_api.py tests them with keys).
API_KEY = ("api-key",)
