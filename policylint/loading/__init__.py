"""The work behind ``policylint.loader``, imported on a policy-cache miss only.

``resolution`` reads the files in ``extends`` order (``extends`` says where an entry leads,
``containment`` keeps local files inside the checkout), ``overrides`` applies each file over
the ones it extends, ``effective_checks`` checks the result, ``records`` turns it into a
``Policy``; ``problems`` collects every problem on the way, each with its position.
"""
