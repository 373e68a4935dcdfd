"""Pages of the force, a module per concern (the dashboard and PERSTAT are reports/): `contingents`, `movements`,
`roll` (people, tours, duty statuses, the roll as a file), `roll_import`, `contributions`, `gender_targets` and
`postings` (who is where)."""
