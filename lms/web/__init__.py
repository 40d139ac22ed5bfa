"""The shared web kit every blueprint uses: loading with authorisation, forms, errors, pages."""
