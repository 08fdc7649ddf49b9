"""kegong (科工): a platform for a county Science, Technology and Industry Bureau."""

__version__ = "0.1.0"
