"""The outbox: every outgoing email is saved with the change that causes it, then delivered."""
