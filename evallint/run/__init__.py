"""Running: inputs into results, one report at a time.

``inputs`` turns command-line arguments into inputs (every one accounted
for); ``batch`` makes them units of work, in one process or several;
``check.check_report`` is the one path that checks a report (schema, rules,
waivers), which the API, batches and the rule-test kit all take; ``engine``
runs the rules on one report and ``suppressions`` applies its waivers;
``places`` finds where an item is and which cell a pointer came from;
``baseline`` filters out findings recorded earlier.
"""
