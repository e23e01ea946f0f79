"""Files out: the Word briefing, chart PNGs, the offline HTML page, CSV and workbooks;
formats.py is the one entry point naming the formats."""
