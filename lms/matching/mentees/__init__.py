"""Mentee records: registering, editing, listing and anonymising the people a scheme supports."""
