"""Scaffolding a checkout: ``policylint init`` writes a ``.policylint.yaml`` that fits what the
checkout already does (``init``), and ``policylint fix`` creates the community files it lacks
from templates (``fix``). Both only read the checkout to decide (``detect``, ``community``)
and never overwrite a file without being told to."""
