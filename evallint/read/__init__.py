"""Reading: files, text and Python data into reports (data with positions), never guessing.

``report`` loads reports (JSON, YAML, ``.jsonl`` batches, office forms);
``jsondoc`` and ``yamldoc`` read text exactly (Decimal numbers, no duplicate
keys, located syntax errors); ``text`` decodes bytes; ``data`` normalises data
built in Python. Office forms are read by :mod:`evallint.office`.
"""
