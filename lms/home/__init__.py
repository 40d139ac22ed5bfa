"""What each role's home page puts under "Needs your action": one counting query per item."""
