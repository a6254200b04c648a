"""Background jobs: long work (imports, batch PDFs, the daily run) with an owner body, a state and progress.

Jobs run on django-tasks (the API Django 6 ships as ``django.tasks``) with its database backend
(django-tasks-db): the queue is a table, so SQLite and PostgreSQL both work and nothing else is
installed. A :class:`~casys.jobs.models.Job` row is casys's own record of a run (owner body,
kind, progress, result or error naming the row/field, who started it); the library's task
result only carries the job id.
"""
