"""Fault tests: the service killed with SIGKILL, its PostgreSQL stopped, its S3 server killed.

Each ends with ``consistency.assert_consistent``. They run in the normal suite (about half a
minute); ``-m faults`` runs only them, ``-m "not faults"`` everything else.
"""
