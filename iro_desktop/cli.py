"""Placeholder replaced below."""
def main(argv, gui=None):
    return 0
