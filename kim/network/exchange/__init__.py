"""The directory as a table file: export, and an import checked as a whole before it writes."""
