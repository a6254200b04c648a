"""Pages of the proficiency app: the provider's schemes and rounds, the participant's portal, reports."""
