# Worker processes the tests start (python -m tests.support.<worker>) open vaults made with the
# tests' fast key settings, which only a test process accepts (tests/conftest.py allows them).
import tests.conftest  # noqa: F401
