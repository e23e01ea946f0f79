"""中卫市政协履职看板: the CPPCC's yearly record as data, snapshots, queries and charts."""

__version__ = "0.1.0"

import os

# python-docx brings lxml, and openpyxl parses with lxml when it is installed instead of
# through defusedxml, which is what refuses entity declarations in uploaded workbooks.
# Set before anything imports openpyxl; zwzx_dash.ingest.workbook checks it took effect.
os.environ["OPENPYXL_LXML"] = "False"
