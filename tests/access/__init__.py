"""Rows of the authorisation matrix, one module per feature (see test_authorisation_matrix)."""

ANON, TRAINEE, TRAINER, COORD, ADMIN = "anonymous", "trainee", "trainer", "coordinator", "admin"
EVERYONE = (ANON, TRAINEE, TRAINER, COORD, ADMIN)
SIGNED_IN = (TRAINEE, TRAINER, COORD, ADMIN)
STAFF = (TRAINER, COORD, ADMIN)
