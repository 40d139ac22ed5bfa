"""Help, privacy and accessibility pages, and the favicon: open to everyone, signed in or not."""
