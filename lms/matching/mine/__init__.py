"""The certified mentor's own area: their matches, accepting or declining, the contact log."""
