"""The prepaid Web API's answers read into models: the envelope, its records, their values.

Every answer is checked against its action's Relax NG schema (``schemas.py``)
before any of it is read.
"""
