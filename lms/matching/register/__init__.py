"""The scheme's accreditation register, as a CSV download."""
