"""policylint's tests: sub-packages mirror ``policylint/``; shared helpers live in ``helpers``."""
