"""Helpers shared by the tests. Test modules import from here (``from tests.helpers.repos import
git``), never from one another."""
