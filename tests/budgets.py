"""The two sizes the query-budget tests render a page at. A page must run the same number of queries
at both, so its queries cannot grow with the records."""

RECORD_COUNTS = [5, 500]
