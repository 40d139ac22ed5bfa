"""Security tests: headers, cross-scheme isolation, fuzzed input, sessions and throttling."""
