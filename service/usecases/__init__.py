"""Use cases: one function per thing a user does. Each owns exactly one transaction.

A use case takes primitive arguments and its collaborators (unit of work, workflow engine, actor),
applies the domain rules, appends the audit event in the same transaction, and commits.
"""
