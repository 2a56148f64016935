"""The domain: plain Python rules about org units, awards, dossiers and who may act.

Nothing in this package imports Flask, SQLAlchemy or SpiffWorkflow.
"""
