"""What a page shows (briefing content) and its plotly figures: pure functions over
query results, shared by the pages and every export."""
