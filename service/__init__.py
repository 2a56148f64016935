"""The commendation service (thi đua – khen thưởng).

The package imports nothing itself, so that ``service.domain`` and ``service.usecases`` load
without Flask, SQLAlchemy or any adapter (their tests run on in-memory fakes). The application is
built by ``service.app.create_app``.
"""
