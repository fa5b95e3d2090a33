"""Loading what instructors write: notes (Markdown) and question banks (YAML)."""
