"""中卫市政协履职看板: the CPPCC's yearly record as data, snapshots, queries and charts."""

__version__ = "0.1.0"
