from casys.jobs.models.job import Job, JobState

__all__ = ["Job", "JobState"]
