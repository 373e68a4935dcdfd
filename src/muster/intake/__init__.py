"""Intake: statements and published tables become proposed records, reviewed before anything is written.

`reading` turns a statement's text into proposals (pure functions: language, dates, numbers, money, countries,
each proposal with the exact words it comes from); the models keep the statement and its proposals while they are
reviewed, and accepting writes the records through the domain apps' services, with the source and its citations.
"""
