import os

# Read by enlace/settings.py: fast password hashing, plain static storage, DEBUG off.
os.environ.setdefault("ENLACE_TESTING", "1")
