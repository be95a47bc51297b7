"""Hypothesis strategies for every kind of input evallint takes, with the adversarial values of
issue 16 in their alphabet (:mod:`.values`).

One module per kind of input: ``reports`` (formgen forms with adversarial cells, as dicts,
text, bytes or files), ``raw`` (mutated JSON/YAML/JSON Lines bytes and bombs), ``expressions``
(the rule language, from its grammar and mutated), ``rulefiles``, ``office`` (.xlsx/.docx),
``batches`` (folders of inputs, through the command line or the API). ``writing`` writes data
as text with adversarial tokens kept; ``files`` makes FIFOs, sockets and links on disk.
"""
