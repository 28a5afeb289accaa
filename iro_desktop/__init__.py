"""IRO Desktop core: plain Python, no Qt. The Qt client lives in the top-level ``ui`` package."""

__version__ = "0.1.0"
