"""Pages of the certification app: thin views over ``casys.certification.services``."""
