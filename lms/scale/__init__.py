"""National-scale synthetic data (``flask --app lms seed-scale``) for benchmarks and load tests."""
