"""Rules: the model, where packs are, loading rule files, configuration, rules as people read them.

``loader.load_rules`` turns rule files, folders and built-in pack names into a
``model.RuleSet`` (``packs`` finds the files, ``locate`` places every problem
at ``file:line:col``, ``templates`` splits messages into text and
expressions, ``cache`` keeps compiled built-in packs between runs);
``config`` decides which rules run, at what severity, with which parameters;
``docs`` lists and explains rules and writes the generated pages.
"""
