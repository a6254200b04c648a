"""The jobs app tells other areas (notifications, webhooks) when a job has finished.

``job_finished`` is sent with ``sender=Job`` and ``job=<the Job>`` after the final state is
committed, for a job that is done and for one that failed.
"""

from django.dispatch import Signal

job_finished = Signal()
