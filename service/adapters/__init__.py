"""Adapters: the database, the workflow engine and other things the use cases are given."""
