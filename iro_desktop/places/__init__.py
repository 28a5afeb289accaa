"""Where a postcode district is: its centre, its local authority, distances between districts
(from the ONS postcode directory, as a small table made at build time; see
``build/make_district_table.py``)."""
