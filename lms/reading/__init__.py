"""Reading settings: larger text, more line spacing, a cream or pale blue background, kept per
person (in a cookie before sign-in) and drawn on every page by base.html."""
